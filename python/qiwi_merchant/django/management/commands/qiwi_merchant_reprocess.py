"""Re-settles stored deliveries whose processing failed (state ``failed``; ``--received`` also
picks up rows that were stored but never processed, e.g. after a crash): each goes through the
services again, so the settlement engine decides against the record as it is now (a delivery
applied meanwhile is a duplicate)."""

from typing import Any

from django.core.management.base import BaseCommand

from ... import cqr_client
from ...models import CqrNotification, GateCallback, ProcessingState
from ...services import CqrResult, GateResult, process_cqr_notification, process_gate_callback


def _process_cqr(row: CqrNotification) -> CqrResult:
    # the confirmation (CQR_CONFIRM_WITH_GET_PAYMENTS) is fetched from PXP as for a delivery
    return process_cqr_notification(row, fetch_get_payments=cqr_client.fetch_get_payments)


def _process_gate(row: GateCallback) -> GateResult:
    return process_gate_callback(row)


class Command(BaseCommand):
    help = "Re-apply stored Gate callbacks and CQR notifications that failed to process."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--received", action="store_true", help="also rows never processed")
        parser.add_argument("--limit", type=int, default=1000)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, received: bool = False, limit: int = 1000, dry_run: bool = False,
               **opts: Any) -> None:
        states = [ProcessingState.FAILED] + ([ProcessingState.RECEIVED] if received else [])
        total = 0
        processors: Any = ((GateCallback, _process_gate), (CqrNotification, _process_cqr))
        for model, process in processors:
            qs = model.objects.filter(state__in=states)
            # status answers and getPayments polls are polled again, not re-parsed
            qs = qs.filter(source="callback") if model is GateCallback else qs.filter(source="notification")
            rows = list(qs.order_by("id")[:limit])
            for row in rows:
                total += 1
                if dry_run:
                    self.stdout.write(f"would reprocess {row}")
                    continue
                res = process(row)
                self.stdout.write(f"{model.__name__} #{row.pk}: {res.row.state if res.row else '?'}")
        self.stdout.write(f"{total} row(s) {'found' if dry_run else 'reprocessed'}")
