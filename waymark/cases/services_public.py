"""Taking in a public report: the per-address rate limit and storing the report for triage."""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Partnership

from .models import PublicReport

# At most this many reports from one address in RATE_LIMIT_WINDOW; the next one is refused.
REPORTS_PER_ADDRESS = 5
RATE_LIMIT_WINDOW = timedelta(hours=1)

# Changing the salt (or SECRET_KEY) only resets the rate limit: the hashes are kept for nothing else.
SENDER_HASH_SALT = "waymark.cases.public-report.sender"


def client_address(request: HttpRequest) -> str:
    """The address the request came from. Behind TRUSTED_PROXIES reverse proxies, REMOTE_ADDR is the
    nearest proxy's, so the client's is the one that many hops from the right of X-Forwarded-For;
    anything further left was written by the client and cannot be trusted."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or ""


def sender_hash(address: str) -> str:
    """A keyed hash of the sender's address, so reports can be counted per sender without keeping
    the address. An IPv6 user usually holds a whole /64 network, so that network is the sender."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        key = address
    else:
        key = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    return salted_hmac(SENDER_HASH_SALT, key, algorithm="sha256").hexdigest()


def too_many_reports(sender: str) -> bool:
    since = timezone.now() - RATE_LIMIT_WINDOW
    return PublicReport.objects.filter(sender_hash=sender, created_at__gte=since).count() >= REPORTS_PER_ADDRESS


@transaction.atomic
def submit_public_report(
    *,
    partnership: Partnership,
    sender: str,
    what_seen: str,
    where: str,
    when: str = "",
    signs_seen: list[str] | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> PublicReport:
    """Put a member of the public's report in the partnership's triage queue, and audit it."""
    report = PublicReport.objects.create(
        partnership=partnership,
        sender_hash=sender,
        what_seen=what_seen,
        where=where,
        when=when,
        signs_seen=signs_seen or [],
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
    )
    audit.record(action=AuditAction.CREATE, obj=report)
    return report


def forget_senders(*, older_than: timedelta = RATE_LIMIT_WINDOW) -> int:
    """Blank the sender hashes that the rate limit no longer needs. Returns how many were blanked."""
    return (
        PublicReport.objects.filter(created_at__lt=timezone.now() - older_than)
        .exclude(sender_hash="")
        .update(sender_hash="")
    )
