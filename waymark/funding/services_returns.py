"""Performance returns: the schedule of returns for a grant, submission, review, the evidence file,
and the daily reminders about overdue returns. Every write is audited.

The rules, as the commissioner's office states them:
- A grant has one return per reporting period (return_schedule), due a set number of days after the
  period ends (FundingSettings.return_due_days).
- The recipient (or a grants officer on its behalf) submits a return once its period has started: a
  whole number for each measure, a narrative, and optionally evidence. A queried return is corrected
  and submitted again, which starts its review afresh.
- The grant's named scrutineer and the commissioner's office each accept or query it. It is accepted
  once both have accepted since it was last submitted (the office alone, if no scrutineer is named);
  one person cannot give both acceptances. Either may query it, with comments, which sends it back to
  the recipient and tells the person who submitted it.
- A return not in by its due date (never submitted, or queried and not resubmitted) is overdue; the
  daily job e-mails the recipient once about each overdue return, and the grants officers a summary.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.tasks import send_email
from waymark.core.versioning import StaleRecord, locked_at_version  # noqa: F401 - views catch StaleRecord here
from waymark.partners.models import Partnership, Role

from . import access, return_schedule
from .models import (
    FundingSettings,
    Grant,
    GrantMeasure,
    PerformanceReturn,
    ReturnReview,
    ReturnStatus,
    ReturnValue,
    ReviewerRole,
    ReviewOutcome,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from waymark.accounts.models import User

OPEN_FOR_SUBMISSION = (ReturnStatus.NOT_SUBMITTED, ReturnStatus.QUERIED)


class NotAllowed(Exception):
    """The return is not in a state that allows this (the message says why, for the user)."""


# The schedule


@transaction.atomic
def ensure_schedule(grant: Grant) -> int:
    """Create the grant's performance returns for each reporting period, if missing. Returns how
    many were created. Called when a grant's agreement is signed (and again if its period changes):
    a return not yet submitted follows the new periods, and one for a period the grant no longer has
    is removed; a return ever submitted is kept as it is."""
    Grant.objects.select_for_update().filter(pk=grant.pk).first()  # one schedule change at a time
    due_days = FundingSettings.for_partnership(grant.fund.partnership_id).return_due_days
    wanted = return_schedule.schedule(grant.starts_on, grant.ends_on, grant.reporting_frequency, due_days)
    existing = {r.period_start: r for r in PerformanceReturn.objects.filter(grant=grant)}
    created = moved = 0
    for period_start, period_end, due in wanted:
        found = existing.pop(period_start, None)
        if found is None:
            PerformanceReturn.objects.create(grant=grant, period_start=period_start, period_end=period_end, due_on=due)
            created += 1
        elif _never_submitted(found) and (found.period_end, found.due_on) != (period_end, due):
            # A plain UPDATE: the schedule is not an edit, so nobody's open form is made stale by it.
            PerformanceReturn.objects.filter(pk=found.pk).update(period_end=period_end, due_on=due)
            moved += 1
    removed = [r.pk for r in existing.values() if _never_submitted(r)]
    if removed:
        PerformanceReturn.objects.filter(pk__in=removed).delete()
    if created or moved or removed:
        audit.record(
            action=AuditAction.UPDATE,
            obj=grant,
            detail={"returns_scheduled": created, "returns_moved": moved, "returns_removed": len(removed)},
        )
    return created


def _never_submitted(performance_return: PerformanceReturn) -> bool:
    return performance_return.status == ReturnStatus.NOT_SUBMITTED and performance_return.submitted_at is None


# Submission


def submit_refusal(performance_return: PerformanceReturn, today: date | None = None) -> str:
    """Why the return cannot be submitted now, or "" if it can."""
    today = today or timezone.localdate()
    if performance_return.status == ReturnStatus.SUBMITTED:
        return "This return has been submitted and is waiting for review."
    if performance_return.status == ReturnStatus.ACCEPTED:
        return "This return has been accepted: it cannot be changed."
    if performance_return.period_start > today:
        start = performance_return.period_start
        return f"This return can be submitted once its period starts on {start.day} {start:%B %Y}."
    return ""


def _store_evidence(performance_return: PerformanceReturn, upload: UploadedFile | None) -> str:
    """Write the upload under a random name outside the web root; "" if there is none."""
    if upload is None:
        return ""
    field: Any = PerformanceReturn._meta.get_field("evidence")
    name = field.generate_filename(performance_return, upload.name or "evidence")
    return str(field.storage.save(name, upload, max_length=200))


def submit_return(
    *,
    performance_return: PerformanceReturn,
    version: int,
    values: dict[int, int],
    narrative: str,
    evidence: UploadedFile | None,
    evidence_kind: documents.DocumentKind | None,
    by: User,
) -> PerformanceReturn:
    """Record the figures for each measure (`values`: measure id to a whole number), the narrative and
    any evidence, and send the return for review. The evidence is written first and removed again if
    recording fails; evidence it replaces is removed only once the new file is recorded.

    Raises StaleRecord if the return changed since the form was shown, or the grant's measures are not
    those the form asked about; NotAllowed if it is not open for submission."""
    field: Any = PerformanceReturn._meta.get_field("evidence")
    stored = _store_evidence(performance_return, evidence)
    try:
        with transaction.atomic():
            fresh: PerformanceReturn = locked_at_version(PerformanceReturn, performance_return.pk, version)
            refusal = submit_refusal(fresh)
            if refusal:
                raise NotAllowed(refusal)
            measures = {m.pk: m for m in GrantMeasure.objects.filter(grant_id=fresh.grant_id)}
            if set(values) != set(measures):
                raise StaleRecord
            previous_status = fresh.status
            previous_evidence = fresh.evidence.name
            _save_values(fresh, measures, values, by)
            fresh.narrative = narrative
            if stored:
                assert evidence is not None and evidence_kind is not None
                fresh.evidence.name = stored
                fresh.evidence_name = documents.download_name(evidence.name or "", evidence_kind)[:200]
            fresh.status = ReturnStatus.SUBMITTED
            fresh.submitted_by = by
            fresh.submitted_at = timezone.now()
            fresh.scrutineer_accepted_at = None  # the review starts afresh on each submission
            fresh.office_accepted_at = None
            fresh.version += 1
            fresh._history_user = by  # type: ignore[attr-defined]
            fresh.save()
            audit.record(
                action=AuditAction.UPDATE,
                user=by,
                obj=fresh,
                detail={
                    "status": [previous_status, fresh.status],
                    "resubmitted": previous_status == ReturnStatus.QUERIED,
                    "measures": len(values),
                    "evidence": evidence_kind.content_type if stored and evidence_kind else None,
                    **({"sha256": documents.sha256(evidence)} if stored and evidence is not None else {}),
                },
            )
    except Exception:
        if stored:
            field.storage.delete(stored)
        raise
    if stored and previous_evidence:
        field.storage.delete(previous_evidence)
    return fresh


def _save_values(
    performance_return: PerformanceReturn, measures: dict[int, GrantMeasure], values: dict[int, int], by: User
) -> None:
    existing = {v.measure_id: v for v in performance_return.values.all()}
    for measure_id, number in values.items():
        value = existing.get(measure_id) or ReturnValue(
            performance_return=performance_return, measure=measures[measure_id]
        )
        if value.pk is not None and value.value == number:
            continue
        value.value = number
        value._history_user = by  # type: ignore[attr-defined]
        value.save()


# Review


def required_reviewers(performance_return: PerformanceReturn) -> list[ReviewerRole]:
    """Whose acceptance the return needs: the named scrutineer, if any, and the commissioner's office."""
    roles = [ReviewerRole.SCRUTINEER] if performance_return.grant.scrutineer_id else []
    return [*roles, ReviewerRole.OFFICE]


def accepted_at(performance_return: PerformanceReturn, role: str) -> Any:
    if role == ReviewerRole.SCRUTINEER:
        return performance_return.scrutineer_accepted_at
    return performance_return.office_accepted_at


def awaiting(performance_return: PerformanceReturn) -> list[ReviewerRole]:
    """The reviewers who have not yet accepted the return since it was last submitted."""
    return [role for role in required_reviewers(performance_return) if accepted_at(performance_return, role) is None]


def roles_held(user: User, performance_return: PerformanceReturn) -> list[ReviewerRole]:
    """The reviewers the user speaks for on this return (access.SCRUTINISE and access.MANAGE)."""
    grant = performance_return.grant
    roles = []
    if access.is_scrutineer(user, grant):
        roles.append(ReviewerRole.SCRUTINEER)
    if access.can_manage(user, grant.fund.partnership_id):
        roles.append(ReviewerRole.OFFICE)
    return roles


def _accepted_by_since_submission(performance_return: PerformanceReturn, user: User) -> bool:
    return ReturnReview.objects.filter(
        performance_return=performance_return,
        by=user,
        outcome=ReviewOutcome.ACCEPTED,
        at__gte=performance_return.submitted_at,
    ).exists()


def review_roles(user: User, performance_return: PerformanceReturn) -> list[ReviewerRole]:
    """The roles in which the user may review the return now: it is submitted, the role has not yet
    accepted it, and the user has not already accepted it in another role (two people must agree)."""
    if performance_return.status != ReturnStatus.SUBMITTED:
        return []
    roles = [role for role in roles_held(user, performance_return) if role in awaiting(performance_return)]
    if roles and _accepted_by_since_submission(performance_return, user):
        return []
    return roles


@transaction.atomic
def review_return(
    *, performance_return: PerformanceReturn, version: int, role: str, outcome: str, comments: str, by: User
) -> PerformanceReturn:
    """Accept or query the return as the scrutineer or the commissioner's office. Raises StaleRecord
    if it changed since the page was shown (resubmitted, or reviewed by someone else), NotAllowed if
    the user may not review it in that role now. A query e-mails the person who submitted it."""
    fresh: PerformanceReturn = locked_at_version(PerformanceReturn, performance_return.pk, version)
    fresh.grant = performance_return.grant  # already loaded with its fund, through access
    if role not in review_roles(by, fresh):
        raise NotAllowed("You cannot review this return now.")
    if outcome == ReviewOutcome.QUERIED and not comments.strip():
        raise ValueError("A query needs comments")
    now = timezone.now()
    ReturnReview.objects.create(
        performance_return=fresh, reviewer_role=role, outcome=outcome, comments=comments, by=by, at=now
    )
    previous_status = fresh.status
    if outcome == ReviewOutcome.ACCEPTED:
        if role == ReviewerRole.SCRUTINEER:
            fresh.scrutineer_accepted_at = now
        else:
            fresh.office_accepted_at = now
        if not awaiting(fresh):
            fresh.status = ReturnStatus.ACCEPTED
    else:
        fresh.status = ReturnStatus.QUERIED
    fresh.version += 1
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save()
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=fresh,
        detail={"review": role, "outcome": outcome, "status": [previous_status, fresh.status]},
    )
    if outcome == ReviewOutcome.QUERIED:
        _tell_submitter_of_query(fresh, role, comments)
    return fresh


def _tell_submitter_of_query(performance_return: PerformanceReturn, role: str, comments: str) -> int:
    submitter = performance_return.submitted_by
    if submitter is None or not submitter.is_active or not submitter.email:
        return 0
    grant = performance_return.grant
    return _send(
        [submitter.email],
        f"Waymark: your performance return for {grant.title} has been queried",
        "funding/return_email_queried.txt",
        {
            "performance_return": performance_return,
            "grant": grant,
            "reviewer": ReviewerRole(role).label,
            "comments": comments,
            "url": reverse("funding:return-detail", args=[performance_return.pk]),
        },
    )


# Evidence


def open_evidence(performance_return: PerformanceReturn) -> IO[bytes]:
    """The stored evidence, opened for reading. Raises FileNotFoundError if there is none."""
    if not performance_return.evidence.name:
        raise FileNotFoundError("The return has no evidence")
    field: Any = PerformanceReturn._meta.get_field("evidence")
    return field.storage.open(performance_return.evidence.name, "rb")  # type: ignore[no-any-return]


def record_download(performance_return: PerformanceReturn, request: Any) -> None:
    audit.record(action=AuditAction.EXPORT, request=request, obj=performance_return, detail={"evidence": True})


# Overdue reminders (the daily job)


def _send(to: list[str], subject: str, template: str, context: dict[str, Any]) -> int:
    if not to:
        return 0
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    send_email.enqueue(to=to, subject=subject, body=body)
    return 1


def _emails(users: Any) -> list[str]:
    return sorted({user.email for user in users if user.email})


def recipient_contacts(grant: Grant) -> list[str]:
    """Who hears that a grant's return is overdue: whoever at the recipient submitted its last return;
    if nobody has yet (or they have left), the recipient's users who hold a role in the partnership."""
    from waymark.accounts.models import User

    last = (
        PerformanceReturn.objects.filter(grant=grant, submitted_at__isnull=False)
        .select_related("submitted_by")
        .order_by("-submitted_at")
        .first()
    )
    submitter = last.submitted_by if last is not None else None
    if submitter is not None and submitter.is_active and submitter.organisation_id == grant.recipient_id:
        found = _emails([submitter])
        if found:
            return found
    return _emails(
        User.objects.filter(
            is_active=True,
            organisation_id=grant.recipient_id,
            role_assignments__partnership_id=grant.fund.partnership_id,
        ).distinct()
    )


def grants_officer_contacts(partnership_id: int) -> list[str]:
    from waymark.accounts.models import User

    return _emails(
        User.objects.filter(
            is_active=True, role_assignments__partnership_id=partnership_id, role_assignments__role=Role.GRANTS_OFFICER
        ).distinct()
    )


@dataclass
class OverdueGrant:
    grant: Grant
    returns: list[PerformanceReturn]


@transaction.atomic
def send_overdue_return_reminders(*, today: date | None = None) -> int:
    """E-mail each recipient about its overdue returns (once per return, ever) and each partnership's
    grants officers a summary of them (the daily job). Returns how many e-mails were sent."""
    today = today or timezone.localdate()
    due = list(
        PerformanceReturn.objects.overdue(today)
        .filter(overdue_reminder_sent_on__isnull=True)
        .select_related("grant__fund__partnership", "grant__recipient")
        .select_for_update(of=("self",))
        .order_by("grant__fund__partnership_id", "grant__title", "grant_id", "period_start")
    )
    by_grant: dict[int, OverdueGrant] = {}
    for performance_return in due:
        by_grant.setdefault(performance_return.grant_id, OverdueGrant(performance_return.grant, [])).returns.append(
            performance_return
        )
    sent = 0
    per_partnership: dict[Partnership, list[OverdueGrant]] = defaultdict(list)
    for overdue in by_grant.values():
        grant = overdue.grant
        per_partnership[grant.fund.partnership].append(overdue)
        count = len(overdue.returns)
        sent += _send(
            recipient_contacts(grant),
            f"Waymark: {'a performance return is' if count == 1 else f'{count} performance returns are'} "
            f"overdue for {grant.title}",
            "funding/return_email_overdue.txt",
            {"grant": grant, "overdue": _with_urls(overdue.returns), "today": today},
        )
    for partnership, grants in per_partnership.items():
        count = sum(len(g.returns) for g in grants)
        sent += _send(
            grants_officer_contacts(partnership.pk),
            f"Waymark: {count} performance return{'s' if count != 1 else ''} newly overdue in {partnership}",
            "funding/return_email_overdue_summary.txt",
            {
                "partnership": partnership,
                "grants": [(g.grant, _with_urls(g.returns)) for g in grants],
                "today": today,
                "list_url": reverse("funding:return-list") + "?overdue=on",
            },
        )
    # A plain UPDATE: a reminder is not an edit, so nobody's open form is made stale by it.
    PerformanceReturn.objects.filter(pk__in=[r.pk for r in due]).update(overdue_reminder_sent_on=today)
    return sent


def _with_urls(returns: list[PerformanceReturn]) -> list[tuple[PerformanceReturn, str]]:
    return [(r, reverse("funding:return-detail", args=[r.pk])) for r in returns]
