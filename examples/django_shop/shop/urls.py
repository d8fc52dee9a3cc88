from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("qiwi/", include("qiwi_merchant.django.urls")),
    path("shop/customers/<str:customer_id>/balance/", views.balance, name="balance"),
    path("shop/customers/<str:customer_id>/payouts/", views.request_payout, name="payout"),
    path("shop/customers/<str:customer_id>/cqr-deposits/", views.start_cqr_deposit, name="cqr-deposit"),
    path("shop/stats/", views.stats, name="stats"),
    path("admin/", admin.site.urls),
]
