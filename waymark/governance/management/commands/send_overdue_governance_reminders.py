"""`python manage.py send_overdue_governance_reminders`: the daily governance reminders. E-mails about
overdue actions arising (once a day per action), risks whose review date has come (once per review
date) and agreements due for review (once per review date). Run it daily, beside
send_overdue_task_reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from waymark.governance.services_meetings import send_overdue_action_reminders
from waymark.governance.services_registers import send_agreement_review_reminders, send_risk_review_reminders

# (what one e-mail is about, the function that sends them and returns how many it sent)
REMINDERS: list[tuple[str, Callable[..., int]]] = [
    ("overdue action reminder", send_overdue_action_reminders),
    ("risk review reminder", send_risk_review_reminders),
    ("agreement review reminder", send_agreement_review_reminders),
]


class Command(BaseCommand):
    help = "E-mails about overdue actions arising and risks and agreements due for review, once a day."

    def handle(self, *args: object, **options: object) -> None:
        today: date = timezone.localdate()
        for what, send in REMINDERS:
            sent = send(today=today)
            self.stdout.write(f"Sent {sent} {what}{'s' if sent != 1 else ''}.")
