import json

from django.conf import settings
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from qiwi_merchant.django import cqr_client, payouts
from qiwi_merchant.django.models import CqrPayment, GateCallback, GateDeposit, GatePayout

from .models import Customer, LedgerEntry


@require_GET
def balance(request, customer_id):
    c = Customer.objects.filter(customer_id=customer_id).first()
    if c is None:
        raise Http404("no such customer")
    return JsonResponse({"customer_id": c.customer_id, "balance": c.balance, "currency": c.currency})


@require_GET
def stats(request):
    """Counts the simulator checks after a run (double credits must be 0)."""
    doubles = (
        LedgerEntry.objects.filter(kind__in=["gate_deposit", "cqr_deposit", "gate_payout"])
        .values("kind", "reference").annotate(n=Count("id")).filter(n__gt=1).count()
    )

    def by_status(model):
        return {r["status"]: r["n"] for r in model.objects.values("status").annotate(n=Count("id"))}

    return JsonResponse({
        "gate_deposits": by_status(GateDeposit),
        "gate_payouts": by_status(GatePayout),
        "cqr_payments": by_status(CqrPayment),
        "gate_callbacks": {r["state"]: r["n"] for r in GateCallback.objects.values("state").annotate(n=Count("id"))},
        "ledger_entries": LedgerEntry.objects.count(),
        "double_credits": doubles,
    })


def _demo_body(request):
    if not settings.SHOP_DEMO_API:
        raise Http404("demo API disabled")
    try:
        return json.loads(request.body or b"{}")
    except ValueError:
        return None


@csrf_exempt
@require_POST
def request_payout(request, customer_id):
    """Demo only: pay `amount` out to the customer's QIWI wallet through Gate."""
    data = _demo_body(request)
    c = Customer.objects.filter(customer_id=customer_id).first()
    if c is None or data is None or int(data.get("amount", 0)) <= 0:
        return JsonResponse({"error": "unknown customer or bad amount"}, status=400)
    if int(data["amount"]) > c.balance:
        return JsonResponse({"error": "insufficient balance"}, status=409)
    p = payouts.create_payout(
        customer_id=customer_id, account_number=str(data.get("account_number", "77001234567")),
        amount=int(data["amount"]), first_name="Demo", last_name="Customer",
        email=f"{customer_id}@example.com", ip_address=request.META.get("REMOTE_ADDR") or "127.0.0.1")
    p = payouts.send_payout(p)
    return JsonResponse({"payment_id": p.payment_id, "send_state": p.send_state, "status": p.status})


@csrf_exempt
@require_POST
def start_cqr_deposit(request, customer_id):
    """Demo only: start a QiwiDeposit through CQR and return where to send the browser."""
    data = _demo_body(request)
    c = Customer.objects.filter(customer_id=customer_id).first()
    if c is None or data is None or int(data.get("amount", 0)) <= 0:
        return JsonResponse({"error": "unknown customer or bad amount"}, status=400)
    p = cqr_client.initiate_deposit(
        customer_id=customer_id, amount=int(data["amount"]), currency=c.currency,
        email=f"{customer_id}@example.com", country_code2="KZ",
        return_url=settings.QIWI_MERCHANT["SITE_URL"].rstrip("/") + f"/shop/customers/{customer_id}/balance/",
        user_ip=request.META.get("REMOTE_ADDR") or None, session_id=f"demo-{customer_id}")
    return JsonResponse({"merchant_transaction_id": p.merchant_transaction_id, "status": p.status,
                         "pxp_payment_id": p.pxp_payment_id, "redirect_url": p.redirect_url,
                         "initiate_result": json.loads(p.initiate_result or "null")})
