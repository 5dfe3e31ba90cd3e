"""`python manage.py send_overdue_task_reminders`: e-mail each organisation about its overdue tasks,
and each partnership's coordinators a summary, at most once a day. Run it daily."""

from django.core.management.base import BaseCommand

from waymark.cases.services_tasks import send_overdue_reminders


class Command(BaseCommand):
    help = "E-mails organisations and coordinators about overdue tasks, once a day."

    def handle(self, *args: object, **options: object) -> None:
        sent = send_overdue_reminders()
        self.stdout.write(f"Sent {sent} overdue task reminder{'s' if sent != 1 else ''}.")
