"""Changing groups: creating and editing them (with their terms of reference document), their member
organisations and representatives, scheduling meetings from the group's frequency with a fair rota,
changing the rota, and issuing and revoking calendar feeds. Each write records an audit event.

Representatives' names are personal data: they are kept on the representative, never in the audit
trail, which can never be edited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from waymark.cases import documents
from waymark.cases.models import PrivateStorage
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Organisation, Partnership
from waymark.pathways.working_days import add_working_days

from . import access, group_schedule
from .models import (
    FREQUENCY_MONTHS,
    CalendarFeed,
    Group,
    GroupKind,
    GroupMember,
    Meeting,
    MeetingStatus,
    Representative,
)
from .rota import plan_rota

if TYPE_CHECKING:
    from waymark.accounts.models import User

TASK_AND_FINISH_END_DATE = "Enter an end date for a task and finish group"
GROUP_FIELDS = (
    "name",
    "kind",
    "purpose",
    "terms_of_reference",
    "reports_to",
    "chair",
    "frequency",
    "quorum",
    "end_date",
    "is_active",
)


class StaleMeeting(Exception):
    """Someone else changed the meeting after the form was shown (its version moved on)."""


class AlreadyThere(Exception):
    """The organisation or person is already on the group."""


# Choices the forms offer


def partnership_organisations(partnership: Partnership) -> QuerySet[Organisation]:
    """The current member organisations of the partnership: who may sit on its groups."""
    return Organisation.objects.active().in_partnerships(Partnership.objects.filter(pk=partnership.pk)).order_by("name")


def possible_chairs(partnership: Partnership) -> QuerySet[User]:
    from waymark.accounts.models import User

    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(organisation__in=partnership_organisations(partnership).values("pk"))
            | Q(role_assignments__partnership=partnership)
        )
        .distinct()
        .order_by("full_name")
    )


def possible_parents(partnership: Partnership, group: Group | None = None) -> QuerySet[Group]:
    """Groups this one may report to: in its partnership or the one above, not itself, and none that
    report to it however indirectly (they would make a loop)."""
    parents = Group.objects.filter(partnership_id__in=[p for p in (partnership.pk, partnership.parent_id) if p])
    if group is None or group.pk is None:
        return parents.select_related("partnership")
    below = {group.pk}
    frontier = {group.pk}
    while frontier:
        frontier = set(Group.objects.filter(reports_to__in=frontier).values_list("pk", flat=True)) - below
        below |= frontier
    return parents.exclude(pk__in=below).select_related("partnership")


# Groups


def _store_document(group: Group, upload: UploadedFile) -> str:
    field: Any = Group._meta.get_field("terms_of_reference_document")
    stored: str = PrivateStorage().save(field.generate_filename(group, upload.name), upload, max_length=200)
    return stored


def _set_document(group: Group, upload: UploadedFile | None) -> str | None:
    """Store a new terms of reference document; returns the old file's name, to remove once saved."""
    if upload is None:
        return None
    old = group.terms_of_reference_document.name or None
    group.terms_of_reference_document.name = _store_document(group, upload)
    group.terms_of_reference_document_name = documents.download_name(upload.name or "", None)[:255]
    return old


def _save_with_document(group: Group, upload: UploadedFile | None, *, action: str, by: User, detail: dict) -> Group:
    """The file is written first and removed again if saving fails, so no row points at a missing file."""
    old = _set_document(group, upload)
    try:
        with transaction.atomic():
            group.full_clean(exclude=["terms_of_reference_document"])
            group.save()
            audit.record(action=action, user=by, obj=group, detail=detail)
    except BaseException:
        if upload is not None:
            PrivateStorage().delete(group.terms_of_reference_document.name)
        raise
    if old:
        PrivateStorage().delete(old)
    return group


def create_group(*, partnership: Partnership, by: User, document: UploadedFile | None = None, **fields: Any) -> Group:
    group = Group(partnership=partnership, **{name: fields[name] for name in GROUP_FIELDS if name in fields})
    if group.kind != GroupKind.TASK_AND_FINISH:
        group.end_date = None
    detail = {"partnership": partnership.pk, "kind": group.kind, "document": upload_name(document)}
    return _save_with_document(group, document, action=AuditAction.CREATE, by=by, detail=detail)


def update_group(*, group: Group, by: User, document: UploadedFile | None = None, **fields: Any) -> Group:
    changed = {}
    for name in GROUP_FIELDS:
        if name in fields and getattr(group, name) != fields[name]:
            changed[name] = [_plain(getattr(group, name)), _plain(fields[name])]
            setattr(group, name, fields[name])
    if group.kind != GroupKind.TASK_AND_FINISH:
        group.end_date = None
    if document is not None:
        changed["terms_of_reference_document"] = ["", upload_name(document)]
    return _save_with_document(group, document, action=AuditAction.UPDATE, by=by, detail=changed)


def upload_name(upload: UploadedFile | None) -> str:
    return documents.download_name(upload.name or "", None) if upload is not None else ""


def _plain(value: Any) -> Any:
    """A value the audit trail can hold: ids for records, text for dates."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, date):
        return value.isoformat()
    return value


def open_document(group: Group) -> tuple[IO[bytes], documents.DocumentKind | None]:
    """The stored terms of reference and what kind of file it is (judged by its content)."""
    stored = PrivateStorage().open(group.terms_of_reference_document.name, "rb")
    return stored, documents.identify(stored)


# Member organisations and representatives


@transaction.atomic
def add_member(*, group: Group, organisation: Organisation, by: User) -> GroupMember:
    """Give the organisation a seat; one that left before takes its old seat again (its attendance
    history stays with it)."""
    member = GroupMember.objects.select_for_update().filter(group=group, organisation=organisation).first()
    if member is not None and member.left_on is None:
        raise AlreadyThere(f"{organisation} is already a member of {group}")
    if member is None:
        member = GroupMember.objects.create(group=group, organisation=organisation, joined_on=timezone.localdate())
    else:
        member.joined_on, member.left_on = timezone.localdate(), None
        member.save(update_fields=["joined_on", "left_on"])
    audit.record(action=AuditAction.CREATE, user=by, obj=member, detail={"group": group.pk})
    return member


@transaction.atomic
def remove_member(*, member: GroupMember, by: User) -> GroupMember:
    member.left_on = timezone.localdate()
    member.save(update_fields=["left_on"])
    member.representatives.filter(is_active=True).update(is_active=False)
    audit.record(action=AuditAction.UPDATE, user=by, obj=member, detail={"left_on": member.left_on.isoformat()})
    return member


@transaction.atomic
def add_representative(
    *, member: GroupMember, user: User | None, name: str, email: str, is_deputy: bool, by: User
) -> Representative:
    """A user of the member organisation, or someone without an account known by name and e-mail."""
    if user is not None:
        existing = Representative.objects.select_for_update().filter(member=member, user=user).first()
        if existing is not None and existing.is_active:
            raise AlreadyThere(f"{user} already represents {member.organisation} on {member.group}")
        if existing is not None:
            existing.is_active, existing.is_deputy = True, is_deputy
            existing.save(update_fields=["is_active", "is_deputy"])
            representative = existing
        else:
            representative = Representative.objects.create(member=member, user=user, is_deputy=is_deputy)
    else:
        representative = Representative.objects.create(member=member, name=name, email=email, is_deputy=is_deputy)
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=representative,
        object_repr=f"Representative of {member.organisation} on {member.group}",
        detail={"group": member.group_id, "organisation": member.organisation_id, "has_account": user is not None},
    )
    return representative


@transaction.atomic
def remove_representative(*, representative: Representative, by: User) -> Representative:
    """They stop representing the organisation; the row stays for the attendance already recorded."""
    representative.is_active = False
    representative.save(update_fields=["is_active"])
    member = representative.member
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=representative,
        object_repr=f"Representative of {member.organisation} on {member.group}",
        detail={"is_active": [True, False]},
    )
    return representative


# Scheduling meetings and the rota


def _turns(meeting: Meeting) -> group_schedule.Turns[int]:
    label = f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"
    return group_schedule.Turns(
        label, meeting.chair_organisation_id, meeting.minute_taker_organisation_id, meeting.host_organisation_id
    )


def rota_meetings(group: Group) -> QuerySet[Meeting]:
    """The meetings the rota counts: all but cancelled ones, earliest first."""
    return (
        group.meetings.exclude(status=MeetingStatus.CANCELLED)
        .select_related("chair_organisation", "minute_taker_organisation", "host_organisation")
        .order_by("starts_at", "pk")
    )


def rotation_order(group: Group) -> list[int]:
    """The current member organisations' ids, in the order turns pass between them."""
    return list(group.current_members().order_by("joined_on", "pk").values_list("organisation_id", flat=True))


def past_turns(group: Group) -> dict[str, dict[int, int]]:
    return group_schedule.role_counts(rotation_order(group), [_turns(m) for m in rota_meetings(group)])


@dataclass(frozen=True)
class Schedule:
    first_day: date
    starts: time
    ends: time
    count: int | None
    until: date | None
    location: str
    online_link: str


def planned_dates(group: Group, schedule: Schedule) -> list[date]:
    nation = group.partnership.nation
    return group_schedule.meeting_dates(
        schedule.first_day,
        every_months=FREQUENCY_MONTHS[group.frequency],
        count=schedule.count,
        until=schedule.until,
        working_day=lambda day: add_working_days(day, 0, nation),
    )


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


@transaction.atomic
def schedule_meetings(*, group: Group, schedule: Schedule, by: User) -> list[Meeting]:
    """Create the meetings at the group's frequency, each with a chair, minute-taker and host from the
    fair rota, counting the turns already taken at the group's earlier and already scheduled meetings."""
    Group.objects.select_for_update().filter(pk=group.pk).first()  # two schedulers at once take turns
    dates = planned_dates(group, schedule)
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=rotation_order(group))}
    rota = plan_rota(rotation_order(group), len(dates), past=past_turns(group))
    meetings = []
    for index, day in enumerate(dates):
        turn = rota[index] if rota else None
        meeting = Meeting.objects.create(
            group=group,
            starts_at=_aware(day, schedule.starts),
            ends_at=_aware(day, schedule.ends),
            location=schedule.location,
            online_link=schedule.online_link,
            chair_organisation=organisations.get(turn.chair) if turn else None,
            minute_taker_organisation=organisations.get(turn.minute_taker) if turn else None,
            host_organisation=organisations.get(turn.host) if turn else None,
            created_by=by,
        )
        meetings.append(meeting)
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=group,
        object_repr=f"{len(meetings)} meetings of {group}",
        detail={"meetings": [m.pk for m in meetings], "frequency": group.frequency},
    )
    return meetings


@transaction.atomic
def change_rota(
    *,
    meeting: Meeting,
    version: int,
    chair: Organisation | None,
    minute_taker: Organisation | None,
    host: Organisation | None,
    by: User,
) -> Meeting:
    """The conditional UPDATE is the guard: a change made meanwhile by someone else is refused."""
    before = [meeting.chair_organisation_id, meeting.minute_taker_organisation_id, meeting.host_organisation_id]
    claimed = Meeting.objects.filter(pk=meeting.pk, version=version).update(
        chair_organisation=chair,
        minute_taker_organisation=minute_taker,
        host_organisation=host,
        version=version + 1,
    )
    if not claimed:
        raise StaleMeeting
    meeting.refresh_from_db()
    after = [meeting.chair_organisation_id, meeting.minute_taker_organisation_id, meeting.host_organisation_id]
    audit.record(action=AuditAction.UPDATE, user=by, obj=meeting, detail={"rota": [before, after]})
    return meeting


def rota_warnings(group: Group) -> list[str]:
    """What makes the group's upcoming rota less even than the fair one (empty when it is as fair)."""
    now = timezone.now()
    meetings = list(rota_meetings(group))
    past = [_turns(m) for m in meetings if m.starts_at < now or m.status == MeetingStatus.HELD]
    upcoming = [_turns(m) for m in meetings if m.starts_at >= now and m.status == MeetingStatus.SCHEDULED]
    order = rotation_order(group)
    names = dict(Organisation.objects.filter(pk__in=order).values_list("pk", "name"))
    return group_schedule.uneven_turns(order, past, upcoming, name=lambda pk: names.get(pk, ""))


# Calendar feeds


def feed_meetings(feed: CalendarFeed, *, since: datetime) -> QuerySet[Meeting] | None:
    """The meetings a feed shows, judged afresh on every fetch by what its user may see now: one
    group's, or every meeting of the groups the user sits on. None if the feed's group is out of
    the user's sight."""
    user = feed.user
    groups = access.visible_groups(user)
    if feed.group_id is not None:
        if not groups.filter(pk=feed.group_id).exists():
            return None
        groups = groups.filter(pk=feed.group_id)
    else:
        groups = groups.filter(pk__in=access.groups_user_sits_on(user).values("pk"))
    return (
        Meeting.objects.filter(group__in=groups.values("pk"), starts_at__gte=since)
        .select_related("group", "chair_organisation", "minute_taker_organisation", "host_organisation")
        .order_by("starts_at", "pk")
    )


def active_feeds(user: User) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).select_related("group")


@transaction.atomic
def issue_feed(*, user: User, group: Group | None) -> tuple[CalendarFeed, str]:
    """A new address for the user's feed (or their feed of one group); any earlier address for the
    same feed stops working."""
    _revoke(active_feeds(user).filter(group=group))
    feed, token = CalendarFeed.issue(user=user, group=group)
    audit.record(action=AuditAction.CREATE, user=user, obj=feed, detail={"group": group.pk if group else None})
    return feed, token


def _revoke(feeds: QuerySet[CalendarFeed]) -> int:
    return feeds.update(revoked_at=timezone.now())


@transaction.atomic
def revoke_feed(*, feed: CalendarFeed, by: User) -> None:
    _revoke(CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True))
    audit.record(action=AuditAction.UPDATE, user=by, obj=feed, detail={"revoked": True})
