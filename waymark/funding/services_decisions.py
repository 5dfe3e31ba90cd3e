"""Writes for a decision report's sign-off, decision and publication, each with its audit event and
its e-mails: sending for sign-off, the officers' approvals (or a return for changes), the
commissioner's decision, the publication decision with its redactions, and the redaction sign-off.

The order is `decision_flow`'s alone: every write locks the report, asks `decision_flow` what the event
does from the state as it is now, and raises `Refused` (with its sentence for the user) if it may not
happen. Two-factor codes are checked by `check_code` before any of these is called, outside their
transactions, so that a wrong code's throttling is kept even though nothing is signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.tasks import send_email
from waymark.core.versioning import StaleRecord  # noqa: F401 - views catch StaleRecord here
from waymark.partners.models import Role

from . import decision_flow, report_sections
from .decision_flow import OFFICER_LABELS, Officer, Publication, Refused, State
from .models import (
    Appendix,
    AppendixPublication,
    DecisionReport,
    Fund,
    Grant,
    GrantStatus,
    SignOff,
    SignOffKind,
    SignOffOutcome,
    signer_name,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from waymark.accounts.models import User

REDACTION_CAPACITY = OFFICER_LABELS[Officer.MONITORING_OFFICER]
DECISION_CAPACITIES = ("Commissioner", "Deputy commissioner")


def report_url(report: DecisionReport) -> str:
    """The report's own page, where the sign-off panel shows (views_reports)."""
    return reverse("funding:report-detail", args=[report.pk])


# Two-factor


@dataclass(frozen=True)
class CodeCheck:
    checked_at: datetime | None  # when the code was accepted; None if it was not
    backup_codes_left: int | None = None  # when a backup code was used
    throttled: bool = False  # after wrong codes, django-otp refuses every code for a few seconds


def check_code(user: User, code: str, *, report: DecisionReport, request: Any = None) -> CodeCheck:
    """A fresh check of a code from the user's authenticator app (or a backup code), now. A code
    already used (in sign-in or another sign-off) in the same 30 seconds is refused by django-otp."""
    # Asked first: a wrong code throttles the devices itself.
    throttled = any(not device.verify_is_allowed()[0] for device in devices_for_user(user))
    device = match_token(user, code)
    now = timezone.now()
    if device is None:
        audit.record(
            action=AuditAction.SIGN_IN_FAILED,
            user=user,
            request=request,
            obj=report,
            detail={"two_factor": "sign-off code not accepted"},
        )
        return CodeCheck(None, throttled=throttled)
    if isinstance(device, StaticDevice):
        return CodeCheck(now, device.token_set.count())
    return CodeCheck(now)


# Who is told


def _emails(partnership_id: int, roles: list[str]) -> list[str]:
    from waymark.accounts.models import User

    return sorted(
        User.objects.filter(
            is_active=True, role_assignments__partnership_id=partnership_id, role_assignments__role__in=roles
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _creator_email(report: DecisionReport) -> list[str]:
    creator = report.created_by
    return [creator.email] if creator is not None and creator.is_active and creator.email else []


def _notify(to: list[str], subject: str, template: str, report: DecisionReport, **context: Any) -> None:
    """Plain text, names only, a link to the report. Enqueued inside the transaction: with the
    database task backend it is sent only if the change is kept."""
    to = sorted(set(to))
    if not to:
        return
    body = render_to_string(
        f"funding/email/{template}",
        {**context, "report": report, "link": settings.SITE_URL + report_url(report)},
    )
    send_email.enqueue(to=to, subject=f"Waymark: {subject}", body=body)


# The events


def _locked(report: DecisionReport, version: int | None = None) -> DecisionReport:
    """The report as it is now, locked until the transaction ends. With `version`: StaleRecord if
    its text was changed since the signer's page was shown."""
    fresh: DecisionReport = (
        DecisionReport.objects.select_for_update(of=("self",))
        .select_related("partnership", "grant", "grant__fund", "grant__recipient", "created_by")
        .order_by()
        .get(pk=report.pk)
    )
    if version is not None and fresh.version != version:
        raise StaleRecord
    return fresh


def _move(report: DecisionReport, state: State, by: User, **fields: Any) -> None:
    before = report.state
    report.state = state.value
    for name, value in fields.items():
        setattr(report, name, value)
    report.updated_at = timezone.now()
    report._history_user = by  # type: ignore[attr-defined]
    report.save()
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=report,
        detail={"state": [before, state.value], **{k: v for k, v in fields.items() if k == "publish"}},
    )


def _sign(
    report: DecisionReport,
    *,
    kind: str,
    outcome: str,
    by: User,
    capacity: str,
    comments: str,
    two_factor_checked_at: datetime,
) -> SignOff:
    try:
        with transaction.atomic():
            sign_off = SignOff.objects.create(
                report=report,
                kind=kind,
                outcome=outcome,
                user=by,
                name=signer_name(by),
                capacity=capacity,
                signed_at=timezone.now(),
                comments=comments.strip(),
                two_factor_checked_at=two_factor_checked_at,
            )
    except IntegrityError:
        # Two clicks, or two tabs, at once: the constraint kept the first.
        raise Refused(f"The {capacity.lower()} has already approved this report") from None
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=sign_off,
        detail={"report": report.pk, "kind": kind, "outcome": outcome},
    )
    return sign_off


def may_send(report: DecisionReport) -> None:
    """Raises Refused if the report cannot be sent for sign-off now."""
    decision_flow.submit(report.flow_state, missing_sections=report_sections.missing_sections(report))


@transaction.atomic
def send_for_sign_off(*, report: DecisionReport, by: User) -> DecisionReport:
    fresh = _locked(report)
    state = decision_flow.submit(fresh.flow_state, missing_sections=report_sections.missing_sections(fresh))
    # A returned report's last round (the return and its comments) is now history.
    fresh.sign_offs.filter(superseded=False).update(superseded=True)
    _move(fresh, state, by)
    _notify(
        _emails(fresh.partnership_id, [Role.CHIEF_EXECUTIVE, Role.CHIEF_FINANCE_OFFICER]),
        f"decision report {fresh.reference} is ready for your sign-off",
        "decision_sent.txt",
        fresh,
        by=signer_name(by),
    )
    return fresh


def officers_open_to(user: User, report: DecisionReport, partnership_officers: list[Officer]) -> list[Officer]:
    """The officers the user may still approve as on this report: not yet approved in this round,
    and never a second capacity for someone who has already approved (two officers, two people)."""
    current = list(report.current_sign_offs().filter(outcome=SignOffOutcome.APPROVED))
    if any(sign_off.user_id == user.pk for sign_off in current):
        return []
    approved = {sign_off.kind for sign_off in current}
    return [officer for officer in partnership_officers if officer.value not in approved]


def officer_refusal(report: DecisionReport, *, officer: Officer, approve: bool, comments: str) -> None:
    """Raises Refused if the officer's approval (or return) cannot happen now."""
    if approve:
        decision_flow.approve(report.flow_state, officer=officer, approved_already=report.officers_approved())
    else:
        decision_flow.return_to_draft(report.flow_state, comments=comments)


@transaction.atomic
def officer_sign_off(
    *,
    report: DecisionReport,
    officer: Officer,
    approve: bool,
    comments: str,
    version: int,
    by: User,
    two_factor_checked_at: datetime,
) -> SignOff:
    """An officer approves, or returns the report for changes (back to draft; earlier approvals
    superseded). Refused if the report's text changed since the officer's page was shown."""
    fresh = _locked(report, version)
    if approve:
        already = fresh.officers_approved()
        state = decision_flow.approve(fresh.flow_state, officer=officer, approved_already=already)
        if any(s.user_id == by.pk for s in fresh.current_sign_offs().filter(outcome=SignOffOutcome.APPROVED)):
            raise Refused("You have already approved this report: the other officer must approve it")
        sign_off = _sign(
            fresh,
            kind=officer.value,
            outcome=SignOffOutcome.APPROVED,
            by=by,
            capacity=OFFICER_LABELS[officer],
            comments=comments,
            two_factor_checked_at=two_factor_checked_at,
        )
        _move(fresh, state, by)
        if state == State.AWAITING_DECISION:
            _notify(
                _emails(fresh.partnership_id, [Role.COMMISSIONER]),
                f"decision report {fresh.reference} is ready for your decision",
                "decision_approved.txt",
                fresh,
                approvals=list(fresh.current_sign_offs().filter(outcome=SignOffOutcome.APPROVED)),
            )
        return sign_off
    state = decision_flow.return_to_draft(fresh.flow_state, comments=comments)
    fresh.sign_offs.filter(superseded=False).update(superseded=True)
    sign_off = _sign(
        fresh,
        kind=officer.value,
        outcome=SignOffOutcome.RETURNED,
        by=by,
        capacity=OFFICER_LABELS[officer],
        comments=comments,
        two_factor_checked_at=two_factor_checked_at,
    )
    _move(fresh, state, by)
    _notify(
        _creator_email(fresh),
        f"decision report {fresh.reference} was returned for changes",
        "decision_returned.txt",
        fresh,
        sign_off=sign_off,
    )
    return sign_off


def decision_refusal(report: DecisionReport, *, agree: bool, reasons: str) -> None:
    decision_flow.decide(report.flow_state, agree=agree, reasons=reasons)


def commit_refusal(grant: Grant) -> str:
    """Why the fund cannot take the grant on, or '' if it can (or the grant is committed already)."""
    if grant.is_committed:
        return ""
    position = grant.fund.position()
    if position.can_commit(grant.amount):
        return ""
    return (
        f"{grant.fund} cannot commit this grant of {report_sections.pounds(grant.amount)}: "
        f"it has {report_sections.pounds(position.remaining)} remaining"
    )


@transaction.atomic
def decide(
    *,
    report: DecisionReport,
    agree: bool,
    reasons: str,
    capacity: str,
    version: int,
    by: User,
    two_factor_checked_at: datetime,
) -> SignOff:
    """The commissioner agrees (the grant is approved, if the fund can commit it) or disagrees with
    reasons (the grant is not approved)."""
    fresh = _locked(report, version)
    state = decision_flow.decide(fresh.flow_state, agree=agree, reasons=reasons)
    # Lock the fund, so that two decisions at once cannot both spend its last pounds.
    Fund.objects.select_for_update().order_by().get(pk=fresh.grant.fund_id)
    grant = Grant.objects.select_for_update().select_related("fund").order_by().get(pk=fresh.grant_id)
    if agree:
        refusal = commit_refusal(grant)
        if refusal:
            raise Refused(refusal)
    sign_off = _sign(
        fresh,
        kind=SignOffKind.DECISION,
        outcome=SignOffOutcome.AGREED if agree else SignOffOutcome.DISAGREED,
        by=by,
        capacity=capacity,
        comments=reasons,
        two_factor_checked_at=two_factor_checked_at,
    )
    _move(fresh, state, by, decided_at=sign_off.signed_at, decision_reasons=reasons.strip())
    # A grant approved already (by an earlier report) is left as it is either way.
    new_status = GrantStatus.APPROVED if agree else GrantStatus.DECLINED
    if not grant.is_committed and grant.status != new_status:
        before = grant.status
        grant.status = new_status
        grant.version += 1
        grant._history_user = by  # type: ignore[attr-defined]
        grant.save()
        audit.record(
            action=AuditAction.UPDATE,
            user=by,
            obj=grant,
            detail={"status": [before, new_status], "decision_report": fresh.pk},
        )
    _notify(
        _creator_email(fresh) + _emails(fresh.partnership_id, [Role.GRANTS_OFFICER]),
        f"the commissioner has decided decision report {fresh.reference}",
        "decision_decided.txt",
        fresh,
        sign_off=sign_off,
    )
    return sign_off


# Publication


@dataclass
class AppendixChoice:
    appendix: Appendix
    publication: str  # an AppendixPublication value
    reason: str = ""
    redacted_upload: UploadedFile | None = None
    redacted_kind: documents.DocumentKind | None = None


def redaction_needed(redacted_sections: list[str], appendices: list[AppendixChoice]) -> bool:
    return bool(redacted_sections) or any(
        choice.publication == AppendixPublication.PUBLISH_REDACTED for choice in appendices
    )


def publication_refusal(report: DecisionReport, *, publish: bool, reason_not_published: str) -> None:
    decision_flow.decide_publication(
        report.flow_state, Publication(publish=publish, reason_not_published=reason_not_published)
    )


def _store_redacted(appendix: Appendix, upload: UploadedFile) -> str:
    field: Any = Appendix._meta.get_field("redacted_document")
    return str(field.storage.save(field.generate_filename(appendix, upload.name or "redacted"), upload, max_length=200))


def decide_publication(
    *,
    report: DecisionReport,
    publish: bool,
    reason_not_published: str,
    redacted_sections: list[str],
    redaction_details: str,
    appendices: list[AppendixChoice],
    by: User,
) -> DecisionReport:
    """Whether and how the report is published. The redacted files are written first and removed
    again if recording fails; files they replace are removed once the new ones are recorded."""
    storage: Any = Appendix._meta.get_field("redacted_document").storage
    stored: dict[int, str] = {}
    for choice in appendices if publish else []:
        if choice.publication == AppendixPublication.PUBLISH_REDACTED and choice.redacted_upload is not None:
            stored[choice.appendix.pk] = _store_redacted(choice.appendix, choice.redacted_upload)
    replaced: list[str] = []
    try:
        with transaction.atomic():
            fresh = _locked(report)
            unknown = set(redacted_sections) - set(report_sections.REDACTABLE_KEYS)
            if unknown:
                raise ValueError(f"Not redactable sections: {sorted(unknown)}")
            needed = publish and redaction_needed(redacted_sections, appendices)
            state = decision_flow.decide_publication(
                fresh.flow_state,
                Publication(publish=publish, reason_not_published=reason_not_published, redaction_needed=needed),
            )
            fields: dict[str, Any] = {
                "publish": publish,
                "reason_not_published": "" if publish else reason_not_published.strip(),
                "redacted_sections": sorted(redacted_sections, key=report_sections.REDACTABLE_KEYS.index)
                if publish
                else [],
                "redaction_details": redaction_details.strip() if needed else "",
            }
            if state == State.PUBLISHED:
                fields["published_at"] = timezone.now()
            for choice in appendices if publish else []:
                replaced += _record_appendix(fresh, choice, stored.get(choice.appendix.pk, ""), by)
            _move(fresh, state, by, **fields)
    except Exception:
        for name in stored.values():
            storage.delete(name)
        raise
    for name in replaced:
        storage.delete(name)
    return fresh


def _record_appendix(report: DecisionReport, choice: AppendixChoice, stored: str, by: User) -> list[str]:
    """Record one appendix's publication; the names of stored files it no longer needs."""
    appendix = Appendix.objects.select_for_update().order_by().get(pk=choice.appendix.pk, report=report)
    dropped: list[str] = []
    appendix.publication = choice.publication
    appendix.publication_reason = "" if choice.publication == AppendixPublication.PUBLISH else choice.reason.strip()
    if stored:
        if appendix.redacted_document.name:
            dropped.append(appendix.redacted_document.name)
        appendix.redacted_document.name = stored
        upload = choice.redacted_upload
        assert upload is not None
        appendix.redacted_document_name = documents.download_name(upload.name or "", choice.redacted_kind)[:200]
    elif choice.publication != AppendixPublication.PUBLISH_REDACTED and appendix.redacted_document.name:
        dropped.append(appendix.redacted_document.name)
        appendix.redacted_document.name = ""
        appendix.redacted_document_name = ""
    appendix._history_user = by  # type: ignore[attr-defined]
    appendix.save()
    detail: dict[str, Any] = {"report": report.pk, "publication": choice.publication}
    if stored and choice.redacted_upload is not None:
        detail["redacted_sha256"] = documents.sha256(choice.redacted_upload)
    audit.record(action=AuditAction.UPDATE, user=by, obj=appendix, detail=detail)
    return dropped


def redaction_refusal(report: DecisionReport) -> None:
    decision_flow.sign_off_redaction(report.flow_state)


@transaction.atomic
def sign_off_redaction(*, report: DecisionReport, version: int, by: User, two_factor_checked_at: datetime) -> SignOff:
    """The chief executive and monitoring officer agrees the redactions: the report is published."""
    fresh = _locked(report, version)
    state = decision_flow.sign_off_redaction(fresh.flow_state)
    sign_off = _sign(
        fresh,
        kind=SignOffKind.REDACTION,
        outcome=SignOffOutcome.REDACTION_SIGNED_OFF,
        by=by,
        capacity=REDACTION_CAPACITY,
        comments="",
        two_factor_checked_at=two_factor_checked_at,
    )
    _move(fresh, state, by, published_at=sign_off.signed_at)
    return sign_off


# Documents


def open_redacted(appendix: Appendix) -> IO[bytes]:
    if not appendix.redacted_document.name:
        raise FileNotFoundError("The appendix has no redacted version")
    return appendix.redacted_document.storage.open(appendix.redacted_document.name, "rb")


def open_public_document(appendix: Appendix) -> tuple[IO[bytes], str]:
    """The file the public may download and its name. Raises FileNotFoundError if there is none."""
    which = appendix.public_document
    if not which:
        raise FileNotFoundError("The appendix is not published")
    field = getattr(appendix, which)
    name = appendix.redacted_document_name if which == "redacted_document" else appendix.document_name
    return field.storage.open(field.name, "rb"), name or appendix.title
