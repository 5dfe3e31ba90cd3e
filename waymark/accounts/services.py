"""Invitations, accepting them, and two-factor devices (authenticator app and backup codes)."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.tasks import send_email
from waymark.partners import services as partner_services

from .models import Invitation, User, hash_token

if TYPE_CHECKING:
    from waymark.partners.models import Organisation, Partnership

BACKUP_CODE_COUNT = 10


class InvitationError(Exception):
    pass


@transaction.atomic
def invite_user(
    *,
    email: str,
    full_name: str,
    organisation: Organisation,
    partnership: Partnership,
    roles: list[str],
    by: User,
) -> tuple[Invitation, str]:
    """Store an invitation and e-mail its link. Returns the invitation and the link."""
    email = email.strip().lower()
    # A fresh invitation replaces any earlier one still waiting for the same address.
    Invitation.objects.pending().filter(email=email).update(revoked_at=timezone.now())
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name,
        organisation=organisation,
        partnership=partnership,
        roles=sorted(roles),
        token_hash=hash_token(token),
        invited_by=by,
        expires_at=Invitation.default_expiry(),
    )
    link = settings.SITE_URL + reverse("accounts:accept-invitation", args=[token])
    body = render_to_string("accounts/email/invitation.txt", {"invitation": invitation, "link": link, "inviter": by})
    send_email.enqueue(to=[email], subject="You have been invited to Waymark", body=body)
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=invitation,
        detail={"email": email, "organisation": organisation.name, "partnership": partnership.name, "roles": roles},
    )
    return invitation, link


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation, by: User) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(action=AuditAction.UPDATE, user=by, obj=invitation, detail={"withdrawn": True})


def find_invitation(token: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation", "partnership").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def accept_invitation(*, invitation: Invitation, full_name: str, password: str) -> User:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != "Waiting":
        raise InvitationError(f"This invitation cannot be used: {invitation.status.lower()}.")
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError("An account with this e-mail address already exists. Sign in instead.")
    user = User.objects.create_user(
        invitation.email, password, full_name=full_name, organisation=invitation.organisation
    )
    for role in invitation.roles:
        partner_services.assign_role(user=user, partnership=invitation.partnership, role=role, by=invitation.invited_by)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(action=AuditAction.CREATE, user=user, obj=user, detail={"invitation": invitation.pk})
    return user


def new_totp_device(user: User) -> TOTPDevice:
    """An unconfirmed authenticator-app device; confirmed once the user enters a code from it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def confirm_totp_device(*, device: TOTPDevice, user: User) -> list[str]:
    """Make this the user's only authenticator app, and issue fresh backup codes."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(action=AuditAction.UPDATE, user=user, obj=user, detail={"two_factor": "authenticator app set up"})
    return issue_backup_codes(user)


@transaction.atomic
def issue_backup_codes(user: User) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODE_COUNT new single-use ones."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def reset_two_factor(*, user: User, by: User) -> None:
    """For a lost phone: remove the user's app and backup codes; they set up a new app at next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(action=AuditAction.UPDATE, user=by, obj=user, detail={"two_factor": "reset by coordinator"})


def unlock(*, user: User, by: User) -> int:
    """Lift a lockout after too many wrong passwords. Returns how many failed attempts were cleared."""
    from axes.utils import reset

    cleared = reset(username=user.email)
    audit.record(
        action=AuditAction.UPDATE, user=by, obj=user, detail={"lockout": "lifted", "attempts_cleared": cleared}
    )
    return cleared


def is_locked_out(user: User) -> bool:
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(
        username=user.email, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()


def demo_totp_key(email: str) -> str:
    """A fixed TOTP secret for a demo user, derived from the address, so demo codes are reproducible."""
    return hashlib.sha256(f"waymark-demo:{email.lower()}".encode()).hexdigest()[:40]


def set_demo_device(user: User) -> TOTPDevice:
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name="Demo authenticator", defaults={"key": demo_totp_key(user.email), "confirmed": True}
    )
    return device
