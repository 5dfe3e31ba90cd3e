"""Running a group's meetings: adding, editing and cancelling one; its agenda and papers; attendance;
minutes drafted, approved at the next meeting and shared with the parent group; actions arising and
the daily reminder about overdue ones. Each write records an audit event; a change made meanwhile by
someone else is refused (Stale) rather than overwritten."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from waymark.cases import documents
from waymark.cases.models import PrivateStorage
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.tasks import send_email
from waymark.partners.models import Organisation, Role

from .models import (
    AgendaItem,
    Attendance,
    Group,
    Meeting,
    MeetingAction,
    MeetingActionStatus,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Representative,
)
from .quoracy import Quoracy

if TYPE_CHECKING:
    from waymark.accounts.models import User

M = TypeVar("M", bound=models.Model)

UNFINISHED_ACTIONS = {MeetingActionStatus.OPEN, MeetingActionStatus.IN_PROGRESS}


class Stale(Exception):
    """Someone else changed the record after the form was shown (its version moved on)."""


class NotNow(Exception):
    """The record's state does not allow this, for example editing minutes already approved."""


def _claim(queryset: QuerySet[M], pk: int, version: int, by: User) -> M:
    """Move the row to its next version, or refuse if it is no longer at `version`. The conditional
    UPDATE is the guard: of two people sending the same version, only one matches the row."""
    if not queryset.filter(pk=pk, version=version).update(version=version + 1):
        raise Stale
    fresh = queryset.get(pk=pk)
    fresh._history_user = by  # type: ignore[attr-defined]
    return fresh


def _record(action: str, obj: models.Model, by: User, **detail: Any) -> None:
    audit.record(action=action, user=by, obj=obj, detail=detail)


def private_storage() -> PrivateStorage:
    """Built at each use, so it follows settings.PRIVATE_MEDIA_ROOT even when a test moves it."""
    return PrivateStorage()


# Meetings


@transaction.atomic
def add_meeting(
    *, group: Group, starts_at: datetime, ends_at: datetime | None, location: str, online_link: str, by: User
) -> Meeting:
    """A single (ad hoc) meeting of the group."""
    meeting = Meeting(
        group=group, starts_at=starts_at, ends_at=ends_at, location=location, online_link=online_link, created_by=by
    )
    meeting._history_user = by  # type: ignore[attr-defined]
    meeting.save()
    _record(AuditAction.CREATE, meeting, by, group=group.pk, starts_at=starts_at.isoformat())
    return meeting


MEETING_FIELDS = (
    "starts_at",
    "ends_at",
    "location",
    "online_link",
    "chair_organisation",
    "minute_taker_organisation",
    "host_organisation",
)


@transaction.atomic
def edit_meeting(*, meeting: Meeting, version: int, by: User, **fields: Any) -> Meeting:
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Not a meeting field: {sorted(unknown)}")
    fresh = _claim(Meeting.objects.select_related("group"), meeting.pk, version, by)
    if fresh.status == MeetingStatus.CANCELLED:
        raise NotNow("This meeting has been cancelled, so it cannot be changed")
    changed = [name for name, value in fields.items() if getattr(fresh, name) != value]
    for name, value in fields.items():
        setattr(fresh, name, value)
    fresh.save()
    _record(AuditAction.UPDATE, fresh, by, changed=changed)
    return fresh


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, version: int, reason: str, by: User) -> Meeting:
    fresh = _claim(Meeting.objects.select_related("group"), meeting.pk, version, by)
    if fresh.status != MeetingStatus.SCHEDULED:
        raise NotNow(f"You cannot cancel a meeting that is {fresh.get_status_display().lower()}")
    fresh.status = MeetingStatus.CANCELLED
    fresh.cancelled_reason = reason
    fresh.save()
    _record(AuditAction.UPDATE, fresh, by, status=[MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED])
    return fresh


# The agenda and its papers


def _store_paper(item: AgendaItem, upload: UploadedFile, kind: documents.DocumentKind) -> None:
    field: Any = AgendaItem._meta.get_field("paper")
    item.paper.name = private_storage().save(field.generate_filename(item, upload.name), upload, max_length=200)
    item.paper_name = documents.download_name(upload.name or "", kind)[:255]


def _forget_file(name: str | None) -> None:
    if name:
        private_storage().delete(name)


@transaction.atomic
def add_agenda_item(
    *,
    meeting: Meeting,
    title: str,
    owner_organisation: Organisation | None,
    owner_user: User | None,
    notes: str,
    paper: UploadedFile | None,
    paper_kind: documents.DocumentKind | None,
    by: User,
) -> AgendaItem:
    """Added at the end of the agenda. A paper is written first and removed again if recording fails,
    so no row ever points at a missing file."""
    last = meeting.agenda_items.aggregate(last=models.Max("order"))["last"]
    item = AgendaItem(
        meeting=meeting,
        order=0 if last is None else last + 1,
        title=title,
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        notes=notes,
    )
    if paper is not None and paper_kind is not None:
        _store_paper(item, paper, paper_kind)
    try:
        with transaction.atomic():
            item.save()
            _record(AuditAction.CREATE, item, by, meeting=meeting.pk, paper=bool(item.paper.name))
    except Exception:
        _forget_file(item.paper.name)
        raise
    return item


@transaction.atomic
def edit_agenda_item(
    *,
    item: AgendaItem,
    title: str,
    owner_organisation: Organisation | None,
    owner_user: User | None,
    notes: str,
    paper: UploadedFile | None,
    paper_kind: documents.DocumentKind | None,
    remove_paper: bool,
    by: User,
) -> AgendaItem:
    """A new paper replaces the old one; the old file is removed once the change is saved."""
    old_file = item.paper.name
    item.title, item.owner_organisation, item.owner_user, item.notes = title, owner_organisation, owner_user, notes
    if paper is not None and paper_kind is not None:
        _store_paper(item, paper, paper_kind)
    elif remove_paper:
        item.paper.name, item.paper_name = "", ""
    try:
        with transaction.atomic():
            item.save()
            _record(AuditAction.UPDATE, item, by, meeting=item.meeting_id, paper=bool(item.paper.name))
    except Exception:
        if item.paper.name != old_file:
            _forget_file(item.paper.name)
        raise
    if old_file and item.paper.name != old_file:
        transaction.on_commit(lambda: _forget_file(old_file))
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, up: bool, by: User) -> bool:
    """Swap the item with the one above (or below) it. Returns False at the top (or bottom)."""
    items = list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id).order_by("order", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for order, other in enumerate(items):  # renumbered, so items added with the same order sort too
        if other.order != order:
            AgendaItem.objects.filter(pk=other.pk).update(order=order)
    _record(AuditAction.UPDATE, item, by, moved="up" if up else "down", position=target + 1)
    return True


def open_paper(item: AgendaItem) -> tuple[Any, documents.DocumentKind | None]:
    """The stored paper, opened for reading, and its kind judged by its content again. Raises
    FileNotFoundError if it has gone."""
    if not item.paper.name:
        raise FileNotFoundError("The agenda item has no paper")
    stored = private_storage().open(item.paper.name, "rb")
    return stored, documents.identify(stored)


# Attendance


def current_representatives(meeting: Meeting) -> QuerySet[Representative]:
    """Who may be marked present: the current representatives of the group's current members."""
    return (
        Representative.objects.filter(member__group_id=meeting.group_id, member__left_on__isnull=True, is_active=True)
        .select_related("member__organisation", "user")
        .order_by("member__organisation__name", "is_deputy", "name", "id")
    )


def may_record_attendance(meeting: Meeting, today: date | None = None) -> bool:
    """Attendance is for a meeting that has started today or before, and was not cancelled."""
    today = today or timezone.localdate()
    return meeting.status != MeetingStatus.CANCELLED and timezone.localdate(meeting.starts_at) <= today


@transaction.atomic
def record_attendance(*, meeting: Meeting, statuses: Mapping[Representative, str], by: User) -> Quoracy:
    """Save who was present, sent apologies or was absent; a meeting with attendance was held."""
    if not may_record_attendance(meeting):
        raise NotNow("Attendance can be recorded once the meeting has started, and not for a cancelled meeting")
    for representative, status in statuses.items():
        Attendance.objects.update_or_create(meeting=meeting, representative=representative, defaults={"status": status})
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting._history_user = by  # type: ignore[attr-defined]
        meeting.mark_held()
    counts = {status: list(statuses.values()).count(status) for status in set(statuses.values())}
    _record(AuditAction.UPDATE, meeting, by, attendance=counts)
    return meeting.quoracy()


# Minutes


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The group's last meeting before this one that was not cancelled."""
    return (
        Meeting.objects.filter(group_id=meeting.group_id, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at", "-id")
        .first()
    )


def minutes_to_approve_at(meeting: Meeting, today: date | None = None) -> Minutes | None:
    """The previous meeting's draft minutes, once this meeting has come (minutes are approved as a
    true record at the next meeting, not before it)."""
    if not may_record_attendance(meeting, today):
        return None
    previous = previous_meeting(meeting)
    if previous is None:
        return None
    minutes = Minutes.objects.filter(meeting=previous, status=MinutesStatus.DRAFT).exclude(text="").first()
    if minutes is not None:
        minutes.meeting = previous
    return minutes


@transaction.atomic
def save_minutes(*, meeting: Meeting, version: int, text: str, by: User) -> Minutes:
    """Write or rewrite the draft. `version` 0 means the writer saw no minutes yet."""
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is None:
        if version != 0:
            raise Stale
        minutes = Minutes(meeting=meeting, text=text, drafted_by=by)
        minutes._history_user = by  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                minutes.save()
        except IntegrityError:  # someone else wrote the first draft at the same moment
            raise Stale from None
        _record(AuditAction.CREATE, minutes, by, meeting=meeting.pk, length=len(text))
        return minutes
    minutes = _claim(Minutes.objects.all(), existing.pk, version, by)
    if not minutes.is_draft:
        raise NotNow("These minutes have been approved, so they can no longer be changed")
    minutes.text = text
    minutes.drafted_by = by
    minutes.updated_at = timezone.now()
    minutes.save()
    _record(AuditAction.UPDATE, minutes, by, meeting=meeting.pk, length=len(text))
    return minutes


@transaction.atomic
def approve_minutes(*, minutes: Minutes, version: int, at_meeting: Meeting, by: User) -> Minutes:
    fresh = _claim(Minutes.objects.select_related("meeting"), minutes.pk, version, by)
    if not fresh.is_draft:
        raise NotNow("These minutes have already been approved")
    if fresh.meeting.group_id != at_meeting.group_id or fresh.meeting.starts_at >= at_meeting.starts_at:
        raise NotNow("Minutes are approved at a later meeting of the same group")
    fresh.status = MinutesStatus.APPROVED
    fresh.approved_at_meeting = at_meeting
    fresh.approved_at = timezone.now()
    fresh.approved_by = by
    fresh.save()
    _record(AuditAction.UPDATE, fresh, by, status=[MinutesStatus.DRAFT, MinutesStatus.APPROVED], at=at_meeting.pk)
    return fresh


def _emails(addresses: Iterable[str]) -> list[str]:
    return sorted({address for address in addresses if address})


def group_recipients(group: Group) -> list[str]:
    """The e-mail addresses of the group's current representatives."""
    representatives = Representative.objects.filter(
        member__group=group, member__left_on__isnull=True, is_active=True
    ).select_related("user")
    return _emails(r.contact_email for r in representatives if r.user is None or r.user.is_active)


@transaction.atomic
def share_minutes(*, minutes: Minutes, version: int, by: User) -> tuple[Minutes, int]:
    """Share approved minutes with the group the meeting's group reports to, and tell that group's
    representatives by e-mail: the group, the meeting and a link, never the minutes themselves.
    Returns the minutes and how many people were e-mailed."""
    fresh = _claim(Minutes.objects.select_related("meeting__group__reports_to"), minutes.pk, version, by)
    parent = fresh.meeting.group.reports_to
    if parent is None:
        raise NotNow(f"{fresh.meeting.group} does not report to another group")
    if fresh.status != MinutesStatus.APPROVED:
        raise NotNow(
            "Only approved minutes can be shared"
            if fresh.is_draft
            else f"These minutes are already shared with {parent}"
        )
    fresh.status = MinutesStatus.SHARED
    fresh.shared_with_group = parent
    fresh.shared_at = timezone.now()
    fresh.shared_by = by
    fresh.save()
    recipients = group_recipients(parent)
    _record(AuditAction.UPDATE, fresh, by, shared_with_group=parent.pk, recipients=len(recipients))
    if recipients:
        body = render_to_string(
            "governance/minutes_email_shared.txt",
            {
                "minutes": fresh,
                "meeting": fresh.meeting,
                "parent": parent,
                "url": settings.SITE_URL + reverse("governance:minutes-detail", args=[fresh.pk]),
            },
        )
        send_email.enqueue(
            to=recipients, subject=f"Waymark: minutes of {fresh.meeting.group} shared with {parent}", body=body
        )
    return fresh, len(recipients)


def shared_minutes_for(group: Group) -> QuerySet[Minutes]:
    """Minutes shared with this group by the groups that report to it, newest meeting first. The
    group's page shows them (templates/governance/_minutes_shared_up.html); anyone who may see the
    group may read them (access.visible_minutes)."""
    return (
        Minutes.objects.filter(shared_with_group=group, status=MinutesStatus.SHARED)
        .select_related("meeting__group")
        .order_by("-meeting__starts_at", "-id")
    )


# Actions arising


@transaction.atomic
def add_action(
    *,
    meeting: Meeting,
    description: str,
    owner_organisation: Organisation,
    owner_user: User | None,
    due_date: date | None,
    by: User,
) -> MeetingAction:
    if owner_user is not None and owner_user.organisation_id != owner_organisation.pk:
        raise ValueError("The owner must work for the owning organisation")
    action = MeetingAction(
        meeting=meeting,
        description=description,
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        due_date=due_date,
    )
    action._history_user = by  # type: ignore[attr-defined]
    action.save()
    _record(
        AuditAction.CREATE,
        action,
        by,
        meeting=meeting.pk,
        owner_organisation=owner_organisation.name,
        owner_user=owner_user.pk if owner_user else None,
    )
    return action


@transaction.atomic
def update_action_status(*, action: MeetingAction, version: int, status: str, by: User) -> MeetingAction:
    fresh = _claim(MeetingAction.objects.select_related("meeting__group", "owner_organisation"), action.pk, version, by)
    before = fresh.status
    fresh.status = status
    if status == MeetingActionStatus.DONE and before != MeetingActionStatus.DONE:
        fresh.completed_at, fresh.completed_by = timezone.now(), by
    elif status in UNFINISHED_ACTIONS:
        fresh.completed_at, fresh.completed_by = None, None
    fresh.save()
    _record(AuditAction.UPDATE, fresh, by, status=[before, status])
    return fresh


def days_overdue(action: MeetingAction, today: date | None = None) -> int:
    """How many days past its due date an unfinished action is (0 if it is not overdue)."""
    today = today or timezone.localdate()
    if not action.is_overdue(today) or action.due_date is None:
        return 0
    return (today - action.due_date).days


def coordinator_recipients(partnership_id: int) -> list[str]:
    from waymark.accounts.models import User

    coordinators = User.objects.filter(
        is_active=True, role_assignments__partnership_id=partnership_id, role_assignments__role=Role.COORDINATOR
    )
    return _emails(u.email for u in coordinators)


def action_recipients(action: MeetingAction) -> list[str]:
    """Who hears that an action is overdue: its owner, and the owning organisation's representatives
    on the group; if there are none, the partnership's coordinators, who can chase it."""
    addresses = [action.owner_user.email] if action.owner_user and action.owner_user.is_active else []
    representatives = Representative.objects.filter(
        member__group_id=action.meeting.group_id,
        member__organisation_id=action.owner_organisation_id,
        member__left_on__isnull=True,
        is_active=True,
    ).select_related("user")
    addresses += [r.contact_email for r in representatives if r.user is None or r.user.is_active]
    return _emails(addresses) or coordinator_recipients(action.meeting.group.partnership_id)


@transaction.atomic
def send_overdue_action_reminders(*, today: date | None = None) -> int:
    """E-mail about each overdue action arising, at most once a day per action (the daily job).
    Returns how many e-mails were sent."""
    today = today or timezone.localdate()
    due = list(
        MeetingAction.objects.overdue(today)
        .exclude(overdue_notified_on=today)
        .select_related("meeting__group__partnership", "owner_organisation", "owner_user")
        .select_for_update(of=("self",))
        .order_by("due_date", "id")
    )
    sent = 0
    for action in due:
        recipients = action_recipients(action)
        if not recipients:
            continue
        body = render_to_string(
            "governance/action_email_overdue.txt",
            {
                "action": action,
                "days": days_overdue(action, today),
                "url": settings.SITE_URL + reverse("governance:action-update", args=[action.pk]),
                "list_url": settings.SITE_URL + reverse("governance:action-list") + "?overdue=on",
            },
        )
        send_email.enqueue(to=recipients, subject=f"Waymark: overdue action for {action.owner_organisation}", body=body)
        sent += 1
    # A plain UPDATE on purpose: the reminder is not an edit, so the version stays and nobody's open
    # form is made stale by it.
    MeetingAction.objects.filter(pk__in=[a.pk for a in due]).update(overdue_notified_on=today)
    return sent
