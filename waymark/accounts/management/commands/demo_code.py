"""`python manage.py demo_code EMAIL`: the current two-factor code of a demo user (demo mode only)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from waymark.accounts.models import User
from waymark.accounts.services import demo_totp_key


class Command(BaseCommand):
    help = "Prints the current authenticator code for a demo user. Refused unless DEMO_MODE is on."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("email")

    def handle(self, *args: object, email: str, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("demo_code works only in demo mode (DEMO_MODE=1).")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email}.")
        device = user.totpdevice_set.filter(name="Demo authenticator", confirmed=True).first()
        if device is None or device.key != demo_totp_key(user.email):
            raise CommandError(f"{email} is not a demo user.")
        generator = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{generator.token():0{device.digits}d}")
