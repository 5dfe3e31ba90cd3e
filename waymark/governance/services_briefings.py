"""The monthly briefing: gather what happened in a partnership in a month, start the briefing from it,
save the coordinator's edits (refused if someone else changed it first) and send it by e-mail to the
current representatives of every group in the partnership, with the audit trail."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.tasks import send_email
from waymark.partners.models import Partnership

from . import briefing as composing
from .models import (
    RAG,
    Briefing,
    BriefingStatus,
    Meeting,
    MeetingAction,
    MeetingActionStatus,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    PlanAction,
    PlanStatus,
    Representative,
    Risk,
)
from .services_registers import StaleRecord, locked_at_version, unique_emails

if TYPE_CHECKING:
    from waymark.accounts.models import User

__all__ = ["StaleRecord", "NotNow", "month_facts", "start_briefing", "update_briefing", "recipients", "send_briefing"]


class NotNow(Exception):
    """The briefing's state does not allow this: editing or sending one already sent, say."""


def _month_range(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, composing.next_month(first) - timedelta(days=1)


def _meeting_fact(meeting: Meeting) -> composing.MeetingFact:
    return composing.MeetingFact(meeting.group.name, timezone.localtime(meeting.starts_at), meeting.location)


def _action_fact(action: MeetingAction) -> composing.ActionFact:
    return composing.ActionFact(action.description, action.owner_organisation.name, action.due_date)


def _plan_fact(action: PlanAction) -> composing.PlanActionFact:
    lead = action.lead_organisation.name if action.lead_organisation else ""
    return composing.PlanActionFact(action.reference, action.description, lead)


def month_facts(partnership: Partnership, month: date, *, today: date | None = None) -> composing.MonthFacts:
    """What happened in the partnership in the month, and the meetings planned for the next one.
    Actions count as overdue if they were late at the end of the month (or today, for the current
    month) and are still not done."""
    today = today or timezone.localdate()
    first, last = _month_range(month)
    next_first, next_last = _month_range(composing.next_month(first))
    in_month = {"starts_at__date__gte": first, "starts_at__date__lte": last}
    meetings = Meeting.objects.filter(group__partnership=partnership).select_related("group").order_by("starts_at")
    actions = MeetingAction.objects.in_partnerships({partnership.pk}).select_related("owner_organisation")
    plan_actions = (
        PlanAction.objects.in_partnerships({partnership.pk})
        .exclude(priority__plan__status=PlanStatus.CLOSED)
        .select_related("lead_organisation")
        .order_by("priority__plan__period_start", "priority__order", "order", "pk")
    )
    completed_in_month = Q(updated_at__date__gte=first, updated_at__date__lte=last) | Q(
        progress_updates__rag_at_update=RAG.COMPLETE,
        progress_updates__date__gte=first,
        progress_updates__date__lte=last,
    )
    minutes = (
        Minutes.objects.filter(
            meeting__group__partnership=partnership,
            status=MinutesStatus.SHARED,
            shared_at__date__gte=first,
            shared_at__date__lte=last,
        )
        .select_related("meeting__group", "shared_with_group")
        .order_by("shared_at")
    )
    return composing.MonthFacts(
        partnership=partnership.name,
        month=first,
        meetings_held=[_meeting_fact(m) for m in meetings.filter(status=MeetingStatus.HELD, **in_month)],
        minutes_shared=[
            composing.MinutesFact(
                m.meeting.group.name,
                timezone.localtime(m.meeting.starts_at).date(),
                m.shared_with_group.name if m.shared_with_group else "",
            )
            for m in minutes
        ],
        actions_done=[
            _action_fact(a)
            for a in actions.filter(
                status=MeetingActionStatus.DONE, completed_at__date__gte=first, completed_at__date__lte=last
            ).order_by("completed_at", "pk")
        ],
        actions_overdue=[_action_fact(a) for a in actions.overdue(min(today, next_first)).order_by("due_date", "pk")],
        plan_actions_completed=[
            _plan_fact(a) for a in plan_actions.filter(rag=RAG.COMPLETE).filter(completed_in_month).distinct()
        ],
        plan_actions_red=[_plan_fact(a) for a in plan_actions.filter(rag=RAG.RED)],
        new_risks=[
            composing.RiskFact(r.reference, r.description, r.score, r.band.label, r.get_kind_display())
            for r in Risk.objects.filter(partnership=partnership, raised_on__gte=first, raised_on__lte=last).order_by(
                "raised_on", "reference"
            )
        ],
        upcoming_meetings=[
            _meeting_fact(m)
            for m in meetings.filter(
                status=MeetingStatus.SCHEDULED, starts_at__date__gte=next_first, starts_at__date__lte=next_last
            )
        ],
    )


def start_briefing(*, partnership: Partnership, month: date, by: User, today: date | None = None) -> Briefing:
    """A draft briefing for the month, composed from its events. Raises NotNow if the month has one."""
    title, body = composing.compose(month_facts(partnership, month, today=today))
    try:
        with transaction.atomic():
            created = Briefing(partnership=partnership, month=month, title=title, body=body, created_by=by)
            created._history_user = by  # type: ignore[attr-defined]
            created.save()
            audit.record(action=AuditAction.CREATE, user=by, obj=created, detail={"month": created.month.isoformat()})
    except IntegrityError:
        raise NotNow(f"There is already a briefing for {composing.month_name(month)}") from None
    return created


@transaction.atomic
def update_briefing(*, briefing: Briefing, version: int, title: str, body: str, by: User) -> Briefing:
    fresh: Briefing = locked_at_version(Briefing, briefing.pk, version)
    if fresh.status != BriefingStatus.DRAFT:
        raise NotNow("This briefing has been sent, so it can no longer be changed")
    fresh.title = title
    fresh.body = body
    fresh.updated_at = timezone.now()
    fresh.version += 1
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"edited": True})
    return fresh


def recipients(partnership: Partnership) -> list[str]:
    """The e-mail addresses of the current representatives of every active group in the partnership,
    each once (however many groups the person sits on, and whatever the case of the address)."""
    representatives = (
        Representative.objects.filter(
            is_active=True,
            member__left_on__isnull=True,
            member__group__partnership=partnership,
            member__group__is_active=True,
        )
        .select_related("user")
        .order_by("pk")
    )
    addresses = [r.contact_email for r in representatives if r.user is None or r.user.is_active]
    return sorted(unique_emails(addresses), key=str.lower)


@transaction.atomic
def send_briefing(*, briefing: Briefing, version: int, by: User) -> Briefing:
    """E-mail the briefing to each representative (one message each, so nobody sees the others'
    addresses) and keep it as sent. Raises NotNow if it was sent already or there is nobody to send to."""
    fresh: Briefing = locked_at_version(Briefing, briefing.pk, version)
    if fresh.status != BriefingStatus.DRAFT:
        raise NotNow("This briefing has already been sent")
    partnership = Partnership.objects.get(pk=fresh.partnership_id)
    to = recipients(partnership)
    if not to:
        raise NotNow(
            "No group in the partnership has a representative with an e-mail address, so there is nobody to send it to"
        )
    url = f"{settings.SITE_URL}{reverse('governance:briefing-detail', args=[fresh.pk])}"
    body = f"{fresh.body.rstrip()}\n\n--\nRead this briefing and earlier ones in Waymark: {url}\n"
    subject = f"{partnership.name}: {fresh.title}"
    for address in to:
        send_email.enqueue(to=[address], subject=subject, body=body)
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.mark_sent(by=by, recipients=len(to))
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"sent": True, "recipients": len(to)})
    return fresh
