"""``path("qiwi/", include("qiwi_merchant.django.urls"))`` gives the three endpoints:

* ``qiwi/gate/account-check/`` — JetPay `verify` / `check_deposit`
* ``qiwi/gate/callback/`` — JetPay callbacks
* ``qiwi/cqr/notification/`` — PXP notifications (also with ``handlePaymentStateChangedNotification``
  appended, cqr.md §5.2 step 1)
"""

from django.urls import path, re_path

from . import views

app_name = "qiwi_merchant"

urlpatterns = [
    path("gate/account-check/", views.gate_account_check, name="gate-account-check"),
    path("gate/callback/", views.gate_callback, name="gate-callback"),
    path("cqr/notification/", views.cqr_notification, name="cqr-notification"),
    re_path(r"^cqr/notification/handlePaymentStateChangedNotification/?$", views.cqr_notification),
]
