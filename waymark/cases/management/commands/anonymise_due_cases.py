"""`python manage.py anonymise_due_cases [--apply]`: list the closed cases whose retention period
(CASE_RETENTION_YEARS after closing) has ended and, with --apply, anonymise them. Each case is
anonymised in its own transaction with an audit entry and a timeline event; running it again
changes nothing, because anonymised cases are no longer due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from waymark.cases import retention, services_closing


class Command(BaseCommand):
    help = "Lists closed cases due for retention review; with --apply, anonymises them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="Anonymise the cases listed.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        years = retention.retention_years()
        due = list(retention.due_for_review(today).select_related("partnership").order_by("closed_at", "pk"))
        noun = "case" if len(due) == 1 else "cases"
        self.stdout.write(f"{len(due)} {noun} closed {years} years ago or more and due for review.")
        for case in due:
            closed_on = timezone.localdate(case.closed_at)  # type: ignore[arg-type]
            self.stdout.write(f"  {case.reference}  {case.partnership}  closed {closed_on:%Y-%m-%d}")
        if not options["apply"]:
            if due:
                self.stdout.write("Nothing changed. Run again with --apply to anonymise them.")
            return
        done = sum(1 for case in due if services_closing.anonymise_case(case, today=today))
        self.stdout.write(self.style.SUCCESS(f"Anonymised {done} {'case' if done == 1 else 'cases'}."))
