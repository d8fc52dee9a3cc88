"""The shop's own demo endpoints (/shop/...), used by the platform simulator.

They are off (404) unless QIWI_MERCHANT_DEMO_TOKEN is set, and then answer only requests with
`Authorization: Bearer <token>` (compared in constant time; 401 otherwise).
"""

import functools
import hmac
import json

from django.conf import settings
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from qiwi_merchant.django import cqr_client, payouts
from qiwi_merchant.django.models import CqrPayment, GateCallback, GateDeposit, GatePayout

from .models import Customer, LedgerEntry
from .receivers import InsufficientBalance, create_debited_payout


def demo_endpoint(view):
    """404 when no demo token is configured; 401 unless the request carries it as a bearer token."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        token = settings.SHOP_DEMO_TOKEN
        if not token:
            raise Http404("demo API disabled")
        scheme, _, given = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        ok = hmac.compare_digest(given.strip().encode(), str(token).encode())  # constant time
        if scheme.lower() != "bearer" or not ok:
            resp = JsonResponse({"error": "demo token required (Authorization: Bearer ...)"}, status=401)
            resp["WWW-Authenticate"] = 'Bearer realm="qiwi-merchant-demo"'
            return resp
        return view(request, *args, **kwargs)

    return guarded


@demo_endpoint
@require_GET
def balance(request, customer_id):
    c = Customer.objects.filter(customer_id=customer_id).first()
    if c is None:
        raise Http404("no such customer")
    return JsonResponse({"customer_id": c.customer_id, "balance": c.balance, "currency": c.currency})


@demo_endpoint
@require_GET
def stats(request):
    """Counts the simulator checks after a run (double credits must be 0)."""
    doubles = (
        LedgerEntry.objects.filter(kind__in=["gate_deposit", "cqr_deposit", "gate_payout", "gate_payout_refund"])
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
        "negative_balances": Customer.objects.filter(balance__lt=0).count(),
        "double_credits": doubles,
    })


def _demo_amount(request):
    """The positive integer `amount` of a JSON body, or None."""
    try:
        data = json.loads(request.read(64 * 1024) or b"{}")
    except ValueError:
        return None
    amount = data.get("amount") if isinstance(data, dict) else None
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        return None
    return amount, data


@csrf_exempt
@demo_endpoint
@require_POST
def request_payout(request, customer_id):
    """Demo only: pay `amount` out to the customer's QIWI wallet through Gate.

    The balance is debited when the payout is created (receivers.create_debited_payout: one
    transaction under the customer's row lock; 409 when it does not cover the amount); a payout
    that fails later gives the money back (receivers.refund_failed_payout).
    """
    parsed = _demo_amount(request)
    if parsed is None:
        return JsonResponse({"error": "bad amount"}, status=400)
    amount, data = parsed
    try:
        p = create_debited_payout(
            customer_id=customer_id, account_number=str(data.get("account_number", "77001234567")),
            amount=amount, first_name="Demo", last_name="Customer", email=f"{customer_id}@example.com",
            ip_address=request.META.get("REMOTE_ADDR") or "127.0.0.1")
    except Customer.DoesNotExist:
        return JsonResponse({"error": "unknown customer"}, status=400)
    except InsufficientBalance as exc:
        return JsonResponse({"error": "insufficient balance", "balance": exc.balance}, status=409)
    p = payouts.send_payout(p)  # outside the debit's transaction: no lock held across the network call
    return JsonResponse({"payment_id": p.payment_id, "send_state": p.send_state, "status": p.status})


@csrf_exempt
@demo_endpoint
@require_POST
def start_cqr_deposit(request, customer_id):
    """Demo only: start a QiwiDeposit through CQR and return where to send the browser."""
    if not settings.SHOP_CQR_ENABLED:
        return JsonResponse({"error": "CQR is disabled (no QIWI_MERCHANT_CQR_* credentials)"}, status=404)
    parsed = _demo_amount(request)
    c = Customer.objects.filter(customer_id=customer_id).first()
    if c is None or parsed is None:
        return JsonResponse({"error": "unknown customer or bad amount"}, status=400)
    amount, _data = parsed
    p = cqr_client.initiate_deposit(
        customer_id=customer_id, amount=amount, currency=c.currency,
        email=f"{customer_id}@example.com", country_code2="KZ",
        return_url=settings.QIWI_MERCHANT["SITE_URL"].rstrip("/") + f"/shop/customers/{customer_id}/balance/",
        user_ip=request.META.get("REMOTE_ADDR") or None, session_id=f"demo-{customer_id}")
    return JsonResponse({"merchant_transaction_id": p.merchant_transaction_id, "status": p.status,
                         "pxp_payment_id": p.pxp_payment_id, "redirect_url": p.redirect_url,
                         "initiate_result": json.loads(p.initiate_result or "null")})
