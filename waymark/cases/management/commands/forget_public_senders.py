"""`python manage.py forget_public_senders`: blank the sender hashes of public reports older than the
rate-limit window. Run it hourly (see docs/deploy.md)."""

from django.core.management.base import BaseCommand

from waymark.cases.services_public import forget_senders


class Command(BaseCommand):
    help = "Blanks the sender hashes of public reports once the rate limit no longer needs them."

    def handle(self, *args: object, **options: object) -> None:
        count = forget_senders()
        self.stdout.write(f"Forgot the sender of {count} public report{'s' if count != 1 else ''}.")
