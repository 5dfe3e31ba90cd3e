"""`python manage.py verify_audit`: exit 0 if the audit trail is intact, else name the first bad entry."""

from django.core.management.base import BaseCommand, CommandError

from waymark.core.audit import verify_chain
from waymark.core.models import AuditEntry


class Command(BaseCommand):
    help = "Checks the audit trail's hash chain; exits non-zero naming the first altered or missing entry."

    def handle(self, *args: object, **options: object) -> None:
        problem = verify_chain()
        if problem is not None:
            raise CommandError(f"Audit trail broken at {problem}.")
        count = AuditEntry.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {count} entries verified."))
