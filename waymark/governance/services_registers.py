"""Writes to the risks and issues register and the agreements register, each with its audit event:
adding and editing risks (refused if someone else changed the risk first), marking one reviewed;
adding and editing agreements, their parties and signatures, the signed document; and the daily
review reminders for both registers."""

from __future__ import annotations

import re
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.tasks import send_email
from waymark.core.versioning import StaleRecord, apply_changes, locked_at_version  # noqa: F401 - views catch StaleRecord here
from waymark.partners.models import Organisation, Partnership, Role

from .models import Agreement, AgreementParty, Representative, Risk

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from waymark.accounts.models import User

RISK_FIELDS = (
    "reference",
    "kind",
    "description",
    "category",
    "likelihood",
    "impact",
    "owner_organisation",
    "owner_user",
    "mitigations",
    "status",
    "review_date",
)
OWNER_FIELDS = ("mitigations", "status", "review_date")  # what a risk's owner may change
AGREEMENT_FIELDS = (
    "title",
    "kind",
    "legal_basis",
    "start_date",
    "end_date",
    "review_date",
    "notice_months",
    "notice_expiry_day",
    "notice_expiry_month",
    "notice_text",
)


# Risks and issues


def next_risk_reference(partnership: Partnership) -> str:
    """R01, R02, ...: one more than the highest number used so far in the partnership."""
    numbers = [
        int(match.group(1))
        for reference in Risk.objects.filter(partnership=partnership).values_list("reference", flat=True)
        if (match := re.fullmatch(r"[A-Za-z]*(\d+)", reference))
    ]
    return f"R{max(numbers, default=0) + 1:02d}"


@transaction.atomic
def add_risk(*, partnership: Partnership, by: User, **fields: Any) -> Risk:
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise TypeError(f"Not risk fields: {sorted(unknown)}")
    if not fields.get("reference"):
        fields["reference"] = next_risk_reference(partnership)
    risk = Risk(partnership=partnership, created_by=by, raised_on=timezone.localdate(), **fields)
    risk._history_user = by  # type: ignore[attr-defined]
    risk.save()
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=risk,
        detail={"partnership": partnership.pk, "score": risk.score, "band": str(risk.band)},
    )
    return risk


@transaction.atomic
def update_risk(*, risk: Risk, version: int, by: User, **fields: Any) -> Risk:
    """Coordinators may change any of RISK_FIELDS; the view gives owners only OWNER_FIELDS."""
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise TypeError(f"Not risk fields: {sorted(unknown)}")
    fresh: Risk = locked_at_version(Risk, risk.pk, version)
    before = {"score": fresh.score, "status": fresh.status}
    changed = apply_changes(fresh, fields)
    if "review_date" in changed:
        fresh.review_reminder_sent_on = None  # a new date earns its own reminder
    fresh.version += 1
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save()
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=fresh,
        detail={
            "changed": changed,
            "score": [before["score"], fresh.score],
            "status": [before["status"], fresh.status],
        },
    )
    return fresh


@transaction.atomic
def mark_risk_reviewed(*, risk: Risk, version: int, next_review: date | None, by: User) -> Risk:
    fresh: Risk = locked_at_version(Risk, risk.pk, version)
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.mark_reviewed(next_review=next_review)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=fresh,
        detail={"reviewed": True, "next_review": next_review.isoformat() if next_review else None},
    )
    return fresh


# Agreements


def withdrawal_rule_in_words(agreement: Agreement) -> str:
    """The rule as the agreement states it, or else as its numbers say it."""
    if agreement.notice_text.strip():
        return agreement.notice_text.strip()
    months = agreement.notice_months
    if months == 0 and agreement.notice_expiring_on is None:
        return "A party may withdraw at any time, without notice."
    period = f"{months} months'" if months != 1 else "1 month's"
    notice = f"at least {period} written notice" if months else "written notice"
    if agreement.notice_expiring_on is not None:
        month, day = agreement.notice_expiring_on
        notice += f" expiring on {day} {date(2024, month, 1):%B}"
    return f"A party may withdraw by giving {notice}."


def parties_not_signed(agreement: Agreement) -> list[AgreementParty]:
    return [party for party in agreement.parties.all() if party.signed_on is None]


@transaction.atomic
def add_agreement(*, partnership: Partnership, by: User, **fields: Any) -> Agreement:
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Not agreement fields: {sorted(unknown)}")
    agreement = Agreement(partnership=partnership, created_by=by, **fields)
    agreement._history_user = by  # type: ignore[attr-defined]
    agreement.save()
    audit.record(action=AuditAction.CREATE, user=by, obj=agreement, detail={"partnership": partnership.pk})
    return agreement


@transaction.atomic
def update_agreement(*, agreement: Agreement, version: int, by: User, **fields: Any) -> Agreement:
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Not agreement fields: {sorted(unknown)}")
    fresh: Agreement = locked_at_version(Agreement, agreement.pk, version)
    changed = apply_changes(fresh, fields)
    if "review_date" in changed:
        fresh.review_reminder_sent_on = None
    fresh.version += 1
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"changed": changed})
    return fresh


@transaction.atomic
def add_party(
    *,
    agreement: Agreement,
    organisation: Organisation,
    by: User,
    signed_on: date | None = None,
    signatory_name: str = "",
    signatory_job_title: str = "",
) -> AgreementParty:
    party = AgreementParty(
        agreement=agreement,
        organisation=organisation,
        signed_on=signed_on,
        signatory_name=signatory_name,
        signatory_job_title=signatory_job_title,
    )
    party._history_user = by  # type: ignore[attr-defined]
    party.save()
    # The signatory's name stays on the party, not in the trail, which can never be edited.
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=party,
        detail={"agreement": agreement.pk, "organisation": organisation.name, "signed": signed_on is not None},
    )
    return party


@transaction.atomic
def record_signature(
    *, party: AgreementParty, signed_on: date, signatory_name: str, signatory_job_title: str, by: User
) -> AgreementParty:
    party.signed_on = signed_on
    party.signatory_name = signatory_name
    party.signatory_job_title = signatory_job_title
    party._history_user = by  # type: ignore[attr-defined]
    party.save()
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=party,
        detail={"agreement": party.agreement_id, "signed_on": signed_on.isoformat()},
    )
    return party


@transaction.atomic
def remove_party(*, party: AgreementParty, by: User) -> None:
    audit.record(
        action=AuditAction.DELETE,
        user=by,
        obj=party,
        detail={"agreement": party.agreement_id, "organisation": party.organisation.name},
    )
    party._history_user = by  # type: ignore[attr-defined]
    party.delete()


def attach_document(*, agreement: Agreement, upload: UploadedFile, kind: documents.DocumentKind, by: User) -> Agreement:
    """Store the signed agreement under a random name outside the web root, replacing any earlier
    one. The file is written first and removed again if recording fails; the earlier file is removed
    only once the new one is recorded."""
    field: Any = Agreement._meta.get_field("document")
    storage = field.storage
    stored = storage.save(field.generate_filename(agreement, upload.name or "document"), upload, max_length=200)
    previous = agreement.document.name
    try:
        with transaction.atomic():
            fresh = Agreement.objects.select_for_update().order_by().get(pk=agreement.pk)
            previous = fresh.document.name
            fresh.document.name = stored
            fresh.document_name = documents.download_name(upload.name or "", kind)[:255]
            fresh._history_user = by  # type: ignore[attr-defined]
            fresh.save(update_fields=["document", "document_name"])
            audit.record(
                action=AuditAction.UPDATE,
                user=by,
                obj=fresh,
                detail={"document": kind.content_type, "sha256": documents.sha256(upload), "replaced": bool(previous)},
            )
    except Exception:
        storage.delete(stored)
        raise
    if previous:
        storage.delete(previous)
    return fresh


def open_document(agreement: Agreement) -> IO[bytes]:
    """The stored file, opened for reading. Raises FileNotFoundError if there is none."""
    if not agreement.document.name:
        raise FileNotFoundError("The agreement has no document")
    field: Any = Agreement._meta.get_field("document")
    return field.storage.open(agreement.document.name, "rb")  # type: ignore[no-any-return]


def record_download(agreement: Agreement, request: Any) -> None:
    audit.record(action=AuditAction.EXPORT, request=request, obj=agreement, detail={"document": True})


# Review reminders (the daily job)


def unique_emails(addresses: list[str]) -> list[str]:
    """Without blanks or repeats (an address differing only in case is the same one), in order."""
    seen: set[str] = set()
    kept = []
    for address in addresses:
        address = address.strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            kept.append(address)
    return kept


def coordinator_emails(partnership_id: int) -> list[str]:
    from waymark.accounts.models import User

    return sorted(
        User.objects.filter(
            is_active=True, role_assignments__partnership_id=partnership_id, role_assignments__role=Role.COORDINATOR
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def risk_owner_emails(risk: Risk) -> list[str]:
    """The owner, if one is named; otherwise the owning organisation's current representatives on the
    partnership's groups (the people who speak for it in governance)."""
    if risk.owner_user_id is not None:
        owner = risk.owner_user
        return [owner.email] if owner is not None and owner.is_active and owner.email else []
    if risk.owner_organisation_id is None:
        return []
    representatives = Representative.objects.filter(
        is_active=True,
        member__left_on__isnull=True,
        member__organisation_id=risk.owner_organisation_id,
        member__group__partnership_id=risk.partnership_id,
        member__group__is_active=True,
    ).select_related("user")
    return sorted(
        {r.contact_email for r in representatives if r.contact_email and (r.user is None or r.user.is_active)}
    )


def _send(to: list[str], subject: str, template: str, context: dict[str, Any]) -> int:
    if not to:
        return 0
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    send_email.enqueue(to=to, subject=subject, body=body)
    return 1


def _not_yet_reminded() -> Q:
    # Once per review date: a reminder sent for an earlier date does not count for a later one.
    return Q(review_reminder_sent_on__isnull=True) | Q(review_reminder_sent_on__lt=F("review_date"))


@transaction.atomic
def send_risk_review_reminders(*, today: date | None = None) -> int:
    """E-mail each risk's owner and its partnership's coordinators when the risk's review date has come
    or passed, once per risk per review date (the daily job). Returns how many e-mails were sent."""
    today = today or timezone.localdate()
    due = list(
        Risk.objects.review_due(today)
        .filter(_not_yet_reminded())
        .select_related("partnership", "owner_organisation", "owner_user")
        .select_for_update(of=("self",))
        .order_by("partnership_id", "review_date", "reference")
    )
    sent = 0
    for risk in due:
        sent += _send(
            unique_emails(risk_owner_emails(risk) + coordinator_emails(risk.partnership_id)),
            f"Waymark: {risk.get_kind_display().lower()} {risk.reference} is due for review",
            "governance/risk_email_review.txt",
            {"risk": risk, "today": today, "url": reverse("governance:risk-detail", args=[risk.pk])},
        )
    # A plain UPDATE: a reminder is not an edit, so nobody's open form is made stale by it.
    Risk.objects.filter(pk__in=[r.pk for r in due]).update(review_reminder_sent_on=today)
    return sent


@transaction.atomic
def send_agreement_review_reminders(*, today: date | None = None) -> int:
    """E-mail the partnership's coordinators when an agreement's review date has come or passed, once
    per agreement per review date (the daily job). Returns how many e-mails were sent."""
    today = today or timezone.localdate()
    due = list(
        Agreement.objects.review_due(today)
        .filter(_not_yet_reminded())
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))  # an ended agreement needs no review
        .select_related("partnership")
        .select_for_update(of=("self",))
        .order_by("partnership_id", "review_date", "title")
    )
    sent = 0
    for agreement in due:
        sent += _send(
            coordinator_emails(agreement.partnership_id),
            f"Waymark: the agreement “{agreement.title}” is due for review",
            "governance/agreement_email_review.txt",
            {
                "agreement": agreement,
                "today": today,
                "url": reverse("governance:agreement-detail", args=[agreement.pk]),
                "not_signed": parties_not_signed(agreement),
            },
        )
    Agreement.objects.filter(pk__in=[a.pk for a in due]).update(review_reminder_sent_on=today)
    return sent
