from django.db import migrations, models
import django.db.models.deletion

DEMO_CUSTOMERS = ["demo-1", "demo-2", "demo-3", "demo-4", "demo-5"]


def create_demo_customers(apps, schema_editor):
    Customer = apps.get_model("shop", "Customer")
    for cid in DEMO_CUSTOMERS:
        Customer.objects.get_or_create(customer_id=cid, defaults={"balance": 0, "currency": "KZT"})


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Customer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("customer_id", models.CharField(max_length=64, unique=True)),
                ("balance", models.BigIntegerField(default=0, help_text="minor units")),
                ("currency", models.CharField(default="KZT", max_length=3)),
            ],
        ),
        migrations.CreateModel(
            name="LedgerEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("amount", models.BigIntegerField(help_text="signed, minor units")),
                ("kind", models.CharField(max_length=32)),
                ("reference", models.CharField(db_index=True, max_length=64)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("customer", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="ledger", to="shop.customer", to_field="customer_id")),
            ],
        ),
        migrations.RunPython(create_demo_customers, migrations.RunPython.noop),
    ]
