from django.apps import AppConfig


class QiwiMerchantConfig(AppConfig):
    name = "qiwi_merchant.django"
    label = "qiwi_merchant"
    verbose_name = "QIWI merchant (JetPay Gate qiwi-kz, CQR QiwiDeposit)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
