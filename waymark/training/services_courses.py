"""Writes on the training menu and its records: courses; sessions (add, edit, cancel); bookings with
the waiting list, which moves up by itself when a place frees; a session's attendance, which records
the completions; and completions recorded one by one with their evidence.

Capacity is never exceeded: every change to who holds a place on a session locks the session's row
first (select_for_update), so two training leads booking at once are served one after the other."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.tasks import send_email
from waymark.core.versioning import StaleRecord, apply_changes, locked_at_version  # noqa: F401 - views catch StaleRecord here
from waymark.partners.models import Organisation, Partnership, Role

from .models import (
    PLACE_HOLDING,
    Booking,
    BookingStatus,
    Completion,
    CompletionSource,
    Course,
    CourseSession,
    SessionStatus,
    StaffMember,
    TrainingLevel,
)

if TYPE_CHECKING:
    from waymark.accounts.models import User

COURSE_FIELDS = (
    "title",
    "provider_organisation",
    "external_provider",
    "format",
    "duration_minutes",
    "description",
    "materials_link",
    "is_active",
)
SESSION_FIELDS = (
    "starts_at",
    "ends_at",
    "venue",
    "online_link",
    "capacity",
    "trainer_name",
    "trainer_organisation",
)
ACTIVE_BOOKING = (BookingStatus.BOOKED, BookingStatus.WAITING_LIST)


class NotNow(Exception):
    """The session's state does not allow this: cancelled, already held, or not yet started."""


# Courses


@transaction.atomic
def add_course(*, partnership: Partnership, levels: Iterable[TrainingLevel], by: User, **fields: Any) -> Course:
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"Not course fields: {sorted(unknown)}")
    levels = list(levels)
    if any(level.partnership_id != partnership.pk for level in levels):
        raise ValueError("A course satisfies levels of its own partnership")
    course = Course(partnership=partnership, **fields)
    course._history_user = by  # type: ignore[attr-defined]
    course.save()
    course.levels.set(levels)
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=course,
        detail={"partnership": partnership.pk, "levels": sorted(level.number for level in levels)},
    )
    return course


@transaction.atomic
def update_course(*, course: Course, version: int, levels: Iterable[TrainingLevel], by: User, **fields: Any) -> Course:
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"Not course fields: {sorted(unknown)}")
    fresh: Course = locked_at_version(Course, course.pk, version)
    levels = list(levels)
    if any(level.partnership_id != fresh.partnership_id for level in levels):
        raise ValueError("A course satisfies levels of its own partnership")
    changed = apply_changes(fresh, fields)
    before = set(fresh.levels.values_list("pk", flat=True))
    if before != {level.pk for level in levels}:
        changed.append("levels")
    fresh.version += 1
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save()
    fresh.levels.set(levels)
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"changed": changed})
    return fresh


# Sessions


@transaction.atomic
def add_session(*, course: Course, by: User, **fields: Any) -> CourseSession:
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Not session fields: {sorted(unknown)}")
    session = CourseSession(course=course, **fields)
    session._history_user = by  # type: ignore[attr-defined]
    session.save()
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=session,
        detail={"course": course.pk, "capacity": session.capacity},
    )
    return session


def _lock_session(session: CourseSession) -> CourseSession:
    """The session's row, locked until the transaction ends: the guard on its places."""
    return CourseSession.objects.select_for_update(of=("self",)).select_related("course").order_by().get(pk=session.pk)


def _places_taken(session: CourseSession) -> int:
    return Booking.objects.filter(session_id=session.pk, status__in=PLACE_HOLDING).count()


@transaction.atomic
def update_session(*, session: CourseSession, version: int, by: User, **fields: Any) -> CourseSession:
    """Change a scheduled session. Fewer places than are booked is refused; more places move the
    waiting list up (and tell their training leads)."""
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Not session fields: {sorted(unknown)}")
    fresh: CourseSession = locked_at_version(CourseSession, session.pk, version)
    if fresh.status != SessionStatus.SCHEDULED:
        raise NotNow(f"You cannot change a session that is {fresh.get_status_display().lower()}")
    taken = _places_taken(fresh)
    if "capacity" in fields and fields["capacity"] < taken:
        raise NotNow(f"{taken} places are already booked: the session needs at least {taken} places")
    changed = apply_changes(fresh, fields)
    fresh.version += 1
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"changed": changed})
    _fill_from_waiting_list(fresh, by=by)
    return fresh


@transaction.atomic
def cancel_session(*, session: CourseSession, version: int, by: User) -> CourseSession:
    """Cancel a scheduled session: its bookings and waiting list are cancelled too, and each
    organisation's training lead is told which of their staff were on it."""
    fresh: CourseSession = locked_at_version(CourseSession, session.pk, version)
    if fresh.status != SessionStatus.SCHEDULED:
        raise NotNow(f"You cannot cancel a session that is {fresh.get_status_display().lower()}")
    fresh.status = SessionStatus.CANCELLED
    fresh.version += 1
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save()
    affected = list(
        Booking.objects.filter(session=fresh, status__in=ACTIVE_BOOKING).select_related(
            "staff_member__organisation", "staff_member__partnership"
        )
    )
    for booking in affected:
        booking._history_user = by  # type: ignore[attr-defined]
        booking.set_status(BookingStatus.CANCELLED)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=fresh,
        detail={"status": [SessionStatus.SCHEDULED, SessionStatus.CANCELLED], "bookings_cancelled": len(affected)},
    )
    by_register: dict[tuple[int, int], list[Booking]] = defaultdict(list)
    for booking in affected:
        staff = booking.staff_member
        by_register[(staff.organisation_id, staff.partnership_id)].append(booking)
    for bookings in by_register.values():
        staff = bookings[0].staff_member
        _send(
            training_lead_emails(staff.organisation, staff.partnership),
            f"Waymark: training session cancelled: {fresh.course.title}",
            "training/session_email_cancelled.txt",
            {"session": fresh, "when": _when(fresh.starts_at), "names": [b.staff_member.full_name for b in bookings]},
        )
    return fresh


# Bookings


class BookingResult:
    """What became of each member of staff asked for: booked, put on the waiting list, or left
    alone because they already had a place or a place in the queue."""

    def __init__(self) -> None:
        self.booked: list[Booking] = []
        self.waiting: list[Booking] = []
        self.already: list[Booking] = []


@transaction.atomic
def book_staff(*, session: CourseSession, staff: Iterable[StaffMember], by: User) -> BookingResult:
    """Book each member of staff on the session while places are left; the rest go on its waiting
    list, in the order given. The session row is locked first, so two people booking at the same
    time cannot both take the last place."""
    locked = _lock_session(session)
    if locked.status != SessionStatus.SCHEDULED:
        raise NotNow(f"You cannot book on a session that is {locked.get_status_display().lower()}")
    if locked.starts_at <= timezone.now():
        raise NotNow("The session has started, so no more bookings can be made")
    places_left = locked.capacity - _places_taken(locked)
    next_position = (
        Booking.objects.filter(session=locked, status=BookingStatus.WAITING_LIST).aggregate(
            last=Max("waiting_list_position")
        )["last"]
        or 0
    ) + 1
    existing = {b.staff_member_id: b for b in Booking.objects.filter(session=locked)}
    result = BookingResult()
    now = timezone.now()
    for member in staff:
        booking = existing.get(member.pk)
        if booking is not None and booking.status != BookingStatus.CANCELLED:
            result.already.append(booking)
            continue
        if booking is None:
            booking = Booking(session=locked, staff_member=member)
        else:
            booking.version += 1  # rebooking after a cancellation reuses the row
        booking.booked_at = now
        booking.updated_at = now
        booking.booked_by = by
        if places_left > 0:
            booking.status, booking.waiting_list_position = BookingStatus.BOOKED, None
            places_left -= 1
            result.booked.append(booking)
        else:
            booking.status, booking.waiting_list_position = BookingStatus.WAITING_LIST, next_position
            next_position += 1
            result.waiting.append(booking)
        booking._history_user = by  # type: ignore[attr-defined]
        booking.save()
        audit.record(
            action=AuditAction.CREATE,
            user=by,
            obj=booking,
            object_repr=f"Booking {booking.pk} on session {locked.pk}",
            detail={"session": locked.pk, "status": booking.status, "position": booking.waiting_list_position},
        )
    return result


@transaction.atomic
def cancel_booking(*, booking: Booking, version: int, by: User) -> Booking | None:
    """Cancel a booking or a place on the waiting list. A freed place goes to the first on the
    waiting list, whose training lead is e-mailed. Returns the booking that moved up, if any."""
    locked = _lock_session(booking.session)
    fresh: Booking = locked_at_version(Booking, booking.pk, version)
    if fresh.status not in ACTIVE_BOOKING:
        raise NotNow(f"You cannot cancel a booking that is {fresh.get_status_display().lower()}")
    if locked.status != SessionStatus.SCHEDULED:
        raise NotNow(f"You cannot cancel a booking on a session that is {locked.get_status_display().lower()}")
    before = fresh.status
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.set_status(BookingStatus.CANCELLED)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=fresh,
        object_repr=f"Booking {fresh.pk} on session {locked.pk}",
        detail={"status": [before, BookingStatus.CANCELLED], "session": locked.pk},
    )
    moved = _fill_from_waiting_list(locked, by=by)
    return moved[0] if moved else None


def _fill_from_waiting_list(session: CourseSession, *, by: User | None) -> list[Booking]:
    """Move the first on the waiting list into each free place (the session row must be locked),
    and e-mail each one's training lead."""
    if session.status != SessionStatus.SCHEDULED or session.starts_at <= timezone.now():
        return []
    free = session.capacity - _places_taken(session)
    if free <= 0:
        return []
    moved = list(
        Booking.objects.waiting_list()
        .filter(session=session)
        .select_related("staff_member__organisation", "staff_member__partnership")[:free]
    )
    for booking in moved:
        booking._history_user = by  # type: ignore[attr-defined]
        booking.set_status(BookingStatus.BOOKED)
        audit.record(
            action=AuditAction.UPDATE,
            user=by,
            obj=booking,
            object_repr=f"Booking {booking.pk} on session {session.pk}",
            detail={"status": [BookingStatus.WAITING_LIST, BookingStatus.BOOKED], "moved_up": True},
        )
        notify_moved_up(booking, session)
    return moved


# Attendance


@transaction.atomic
def record_attendance(*, session: CourseSession, version: int, attended: dict[int, bool], by: User) -> list[Completion]:
    """Mark each booked person attended or not; each who attended gets a completion dated the day of
    the session, expiring by their cohort's refresh rule. The session is then held."""
    fresh: CourseSession = locked_at_version(CourseSession, session.pk, version)
    if fresh.status != SessionStatus.SCHEDULED:
        raise NotNow(f"You cannot record attendance for a session that is {fresh.get_status_display().lower()}")
    if fresh.starts_at > timezone.now():
        raise NotNow("Attendance can be recorded once the session has started")
    booked = list(
        Booking.objects.filter(session=fresh, status=BookingStatus.BOOKED).select_related("staff_member__cohort")
    )
    if set(attended) != {b.pk for b in booked}:
        raise StaleRecord  # someone's booking changed since the register was shown
    completed_on = timezone.localdate(fresh.starts_at)
    completions = []
    for booking in booked:
        booking._history_user = by  # type: ignore[attr-defined]
        booking.set_status(BookingStatus.ATTENDED if attended[booking.pk] else BookingStatus.DID_NOT_ATTEND)
        if not attended[booking.pk]:
            continue
        already = Completion.objects.filter(
            staff_member=booking.staff_member, course_id=fresh.course_id, completed_on=completed_on
        ).exists()
        if already:
            continue  # their training lead recorded it by hand first
        completion = Completion(
            staff_member=booking.staff_member,
            course_id=fresh.course_id,
            completed_on=completed_on,
            source=CompletionSource.ATTENDANCE,
            booking=booking,
            recorded_by=by,
        )
        completion._history_user = by  # type: ignore[attr-defined]
        completion.save()
        completions.append(completion)
    fresh.status = SessionStatus.HELD
    fresh.attendance_recorded_at = timezone.now()
    fresh.attendance_recorded_by = by
    fresh.version += 1
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save()
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=fresh,
        detail={
            "status": [SessionStatus.SCHEDULED, SessionStatus.HELD],
            "attended": sorted(pk for pk, came in attended.items() if came),
            "did_not_attend": sorted(pk for pk, came in attended.items() if not came),
            "completions": [c.pk for c in completions],
        },
    )
    return completions


# Completions recorded one by one


@transaction.atomic
def record_completion(
    *,
    staff_member: StaffMember,
    course: Course,
    completed_on: date,
    note: str,
    evidence: UploadedFile | None,
    by: User,
) -> Completion:
    if completed_on > timezone.localdate():
        raise ValueError("A completion cannot be in the future")
    completion = Completion(
        staff_member=staff_member,
        course=course,
        completed_on=completed_on,
        note=note,
        source=CompletionSource.RECORDED,
        recorded_by=by,
    )
    if evidence is not None:
        completion.evidence_name = documents.download_name(evidence.name or "", None)[:255]
        completion.evidence.save("evidence", evidence, save=False)
    completion._history_user = by  # type: ignore[attr-defined]
    completion.save()
    # The note stays on the record, not in the audit trail: it may say more about the person.
    audit.record(
        action=AuditAction.CREATE,
        user=by,
        obj=completion,
        object_repr=f"Completion {completion.pk}",
        detail={"staff_member": staff_member.pk, "course": course.pk, "evidence": bool(evidence)},
    )
    return completion


def open_evidence(completion: Completion) -> IO[bytes]:
    """The stored evidence, opened for reading. Raises FileNotFoundError if there is none."""
    if not completion.evidence.name:
        raise FileNotFoundError("The completion has no evidence")
    field: Any = Completion._meta.get_field("evidence")
    return field.storage.open(completion.evidence.name, "rb")  # type: ignore[no-any-return]


def record_evidence_download(completion: Completion, request: Any) -> None:
    audit.record(
        action=AuditAction.EXPORT,
        request=request,
        obj=completion,
        object_repr=f"Completion {completion.pk}",
        detail={"evidence": True},
    )


# E-mails: the session and, to their own training lead only, the staff member's name.


def training_lead_emails(organisation: Organisation, partnership: Partnership) -> list[str]:
    from waymark.accounts.models import User

    leads = User.objects.filter(
        organisation=organisation,
        is_active=True,
        role_assignments__partnership=partnership,
        role_assignments__role=Role.TRAINING_LEAD,
    )
    return sorted({lead.email for lead in leads if lead.email})


def _send(to: list[str], subject: str, template: str, context: dict[str, Any]) -> int:
    if not to:
        return 0
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    send_email.enqueue(to=to, subject=subject, body=body)
    return 1


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def notify_moved_up(booking: Booking, session: CourseSession) -> int:
    staff = booking.staff_member
    return _send(
        training_lead_emails(staff.organisation, staff.partnership),
        f"Waymark: a place on {session.course.title} for {staff.full_name}",
        "training/booking_email_moved_up.txt",
        {
            "session": session,
            "name": staff.full_name,
            "when": _when(session.starts_at),
            "session_url": reverse("training:session-detail", args=[session.pk]),
        },
    )
