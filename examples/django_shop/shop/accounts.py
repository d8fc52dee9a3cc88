"""The account resolver named in QIWI_MERCHANT['ACCOUNT_RESOLVER']."""

from qiwi_merchant.django.conf import Account

from .models import Customer


def resolve(customer_id: str):
    c = Customer.objects.filter(customer_id=customer_id).only("customer_id", "currency").first()
    if c is None:
        return None
    return Account(customer_id=c.customer_id, currency=c.currency)
