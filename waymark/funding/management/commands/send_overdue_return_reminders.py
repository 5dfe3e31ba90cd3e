"""`python manage.py send_overdue_return_reminders`: the daily funding reminders. E-mails each grant's
recipient about its performance returns that have become overdue (once per return) and each
partnership's grants officers a summary. Run it daily, beside send_overdue_governance_reminders."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from waymark.funding.services_returns import send_overdue_return_reminders


class Command(BaseCommand):
    help = "E-mails about performance returns that have become overdue, once per return."

    def handle(self, *args: object, **options: object) -> None:
        sent = send_overdue_return_reminders(today=timezone.localdate())
        self.stdout.write(f"Sent {sent} overdue return reminder{'s' if sent != 1 else ''}.")
