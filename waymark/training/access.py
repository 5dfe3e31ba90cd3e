"""Who may see or change the training framework, staff registers, the training menu, completions and
awareness raising. Every training view and endpoint calls these first.

Rules (whiteboard version):
- Members of a partnership (users who hold a role in it, or whose organisation is a current member;
  see partners.access.user_partnership_ids) read its levels, cohorts, training menu (courses and
  sessions) and awareness events and materials; and those of the partnership above theirs, since a
  county's courses are open to the staff of the local partnerships below it.
- Coordinators of a partnership (or of one above it) manage its framework: levels, cohorts, courses,
  sessions, bookings and attendance, and awareness raising.
- A training lead (the training lead role in a partnership) manages their own organisation's staff
  register in that partnership: its staff, their cohorts, completions and bookings. Staff names are
  seen by the organisation's own training leads only (`may_see_staff_names`): a coordinator or
  another organisation sees counts. Each user also sees their own staff record, if linked to them.
- Names of people booked on a session are seen by those who keep its register: coordinators, and
  training leads of the organisation that runs it (its trainer's or the course provider). A training
  lead also sees, and records the attendance of, their own staff's bookings. Others see numbers.
- Compliance counts: every member sees their own organisation's; coordinators, board members and
  training leads see every organisation's and the whole partnership's.
- Anything in a partnership the user does not belong to is "not found" (404), never "forbidden";
  so is a staff record (or its bookings and completions) whose names they may not see. A member
  asking to do what they may not gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from waymark.partners import access as partners_access
from waymark.partners.models import Organisation, Partnership, Role, RoleAssignment

from .models import (
    AwarenessEvent,
    AwarenessMaterial,
    Booking,
    Cohort,
    Completion,
    Course,
    CourseSession,
    StaffMember,
    TrainingLevel,
)

if TYPE_CHECKING:
    from waymark.accounts.models import User

M = TypeVar("M", bound=Model)

VIEW = "view"
MANAGE = "manage"  # add, edit, remove; for staff records: their own organisation's training lead
BOOK = "book"  # book staff onto a session: coordinators and training leads (their own staff)
RECORD_ATTENDANCE = "record_attendance"  # the session's register

# Roles that oversee the partnership's training as a whole: they see every organisation's counts.
OVERSIGHT_ROLES = {Role.TRAINING_LEAD, Role.BOARD_MEMBER}


def _cached(user: Any, key: str, compute: Callable[[], Any]) -> Any:
    cache = user.__dict__.setdefault("_training_access_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def member_partnership_ids(user: User) -> frozenset[int]:
    return partners_access.user_partnership_ids(user)


def coordinated_ids(user: User) -> frozenset[int]:
    return partners_access.coordinated_partnership_ids(user)


def _with_ancestors(ids: frozenset[int]) -> frozenset[int]:
    if not ids:
        return frozenset()
    parents = dict(Partnership.objects.filter(parent__isnull=False).values_list("id", "parent_id"))
    found = set(ids)
    for pk in ids:
        seen = {pk}
        while (parent := parents.get(pk)) is not None and parent not in seen:
            found.add(parent)
            seen.add(parent)
            pk = parent
    return frozenset(found)


def menu_partnership_ids(user: User) -> frozenset[int]:
    """The partnerships whose framework, menu and awareness library the user reads: their own and
    those above them."""
    return _cached(user, "menu", lambda: _with_ancestors(member_partnership_ids(user)))  # type: ignore[no-any-return]


def _roles_by_partnership(user: User) -> dict[int, set[str]]:
    def compute() -> dict[int, set[str]]:
        roles: dict[int, set[str]] = {}
        if user.is_authenticated and user.is_active:
            for partnership_id, role in RoleAssignment.objects.filter(user=user).values_list("partnership_id", "role"):
                roles.setdefault(partnership_id, set()).add(role)
        return roles

    return _cached(user, "roles", compute)  # type: ignore[no-any-return]


def training_lead_partnership_ids(user: User) -> frozenset[int]:
    """Where the user is a training lead (for their own organisation)."""
    if _organisation_id(user) is None:
        return frozenset()
    return frozenset(pk for pk, roles in _roles_by_partnership(user).items() if Role.TRAINING_LEAD in roles)


def _organisation_id(user: User) -> int | None:
    return getattr(user, "organisation_id", None)


def _get(queryset: QuerySet[M], pk: int, what: str) -> M:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(f"No such {what}")
    return found


def _decide(obj: M, action: str, partnership_id: int, user: User, extra: dict[str, Callable[[], bool]]) -> M:
    """`view` for anyone who found it; `manage` for coordinators; other actions by their own rule
    (coordinators may always do them too)."""
    if action == VIEW:
        return obj
    if action != MANAGE and action not in extra:
        raise ValueError(f"Unknown action {action!r}")
    if can_manage_framework(user, partnership_id):
        return obj
    if action in extra and extra[action]():
        return obj
    raise PermissionDenied


# The landing page and the navigation


def can_see_training(user: User) -> bool:
    """The navigation and the landing page: anyone who belongs to a partnership."""
    return bool(member_partnership_ids(user))


def training_partnerships(user: User) -> QuerySet[Partnership]:
    return Partnership.objects.filter(id__in=sorted(member_partnership_ids(user)))


def manageable_partnerships(user: User) -> QuerySet[Partnership]:
    """Partnerships whose levels, cohorts, courses, sessions and awareness raising the user manages."""
    return Partnership.objects.filter(id__in=sorted(coordinated_ids(user)))


def can_manage_framework(user: User, partnership_id: int) -> bool:
    return partnership_id in coordinated_ids(user)


# Staff registers: who sees names


def is_training_lead_for(user: User, organisation_id: int, partnership_id: int) -> bool:
    """The user manages this organisation's register in this partnership."""
    return organisation_id == _organisation_id(user) and partnership_id in training_lead_partnership_ids(user)


def registers_managed_by(user: User) -> list[tuple[int, int]]:
    """(partnership id, organisation id) of each register the user manages."""
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return []
    return [(pk, organisation_id) for pk in sorted(training_lead_partnership_ids(user))]


def may_see_staff_names(user: User, organisation: Organisation, partnership_id: int | None = None) -> bool:
    """Names of an organisation's staff (the untrained among them too) are for its own training
    lead: in `partnership_id`, or in any partnership when none is given. Everyone else sees counts."""
    if organisation.pk != _organisation_id(user):
        return False
    leads = training_lead_partnership_ids(user)
    return partnership_id in leads if partnership_id is not None else bool(leads)


def may_see_compliance(user: User, partnership_id: int, organisation_id: int | None = None) -> bool:
    """Counts for one organisation in a partnership, or for the whole partnership (`None`)."""
    if partnership_id not in member_partnership_ids(user):
        return False
    if can_manage_framework(user, partnership_id):
        return True
    if _roles_by_partnership(user).get(partnership_id, set()) & OVERSIGHT_ROLES:
        return True
    return organisation_id is not None and organisation_id == _organisation_id(user)


def _staff_q(user: User, prefix: str = "") -> Q:
    """Staff records whose names the user sees: their organisation's registers where they are a
    training lead, and their own record."""
    q = Q(**{f"{prefix}user_id": user.pk, f"{prefix}partnership_id__in": sorted(member_partnership_ids(user))})
    leads = training_lead_partnership_ids(user)
    if leads:
        q |= Q(**{f"{prefix}organisation_id": _organisation_id(user), f"{prefix}partnership_id__in": sorted(leads)})
    return q


def visible_staff(user: User) -> QuerySet[StaffMember]:
    if not user.is_authenticated:
        return StaffMember.objects.none()
    return StaffMember.objects.filter(_staff_q(user))


def get_staff_member_for_user(user: User, pk: int, *, action: str = VIEW) -> StaffMember:
    """`manage`: edit, place in a cohort, record completions, book (their organisation's training lead)."""
    staff = _get(visible_staff(user).select_related("organisation", "partnership", "cohort"), pk, "member of staff")
    if action == VIEW:
        return staff
    if action != MANAGE:
        raise ValueError(f"Unknown action {action!r}")
    if is_training_lead_for(user, staff.organisation_id, staff.partnership_id):
        return staff
    raise PermissionDenied


def can_add_staff(user: User, organisation_id: int, partnership_id: int) -> bool:
    return is_training_lead_for(user, organisation_id, partnership_id)


# The framework: levels and cohorts


def visible_levels(user: User) -> QuerySet[TrainingLevel]:
    return TrainingLevel.objects.filter(partnership_id__in=sorted(menu_partnership_ids(user)))


def get_level_for_user(user: User, pk: int, *, action: str = VIEW) -> TrainingLevel:
    level = _get(visible_levels(user), pk, "training level")
    return _decide(level, action, level.partnership_id, user, {})


def visible_cohorts(user: User) -> QuerySet[Cohort]:
    return Cohort.objects.in_partnerships(menu_partnership_ids(user))


def get_cohort_for_user(user: User, pk: int, *, action: str = VIEW) -> Cohort:
    cohort = _get(visible_cohorts(user).select_related("required_level"), pk, "cohort")
    return _decide(cohort, action, cohort.partnership_id, user, {})


# The training menu


def visible_courses(user: User) -> QuerySet[Course]:
    return Course.objects.in_partnerships(menu_partnership_ids(user))


def get_course_for_user(user: User, pk: int, *, action: str = VIEW) -> Course:
    course = _get(visible_courses(user).select_related("provider_organisation"), pk, "course")
    return _decide(course, action, course.partnership_id, user, {})


def visible_sessions(user: User) -> QuerySet[CourseSession]:
    return CourseSession.objects.in_partnerships(menu_partnership_ids(user))


def keeps_register(user: User, session: CourseSession) -> bool:
    """A training lead of the organisation that runs the session (its trainer's, or the course's provider)."""
    organisation_id = _organisation_id(user)
    if organisation_id is None or not training_lead_partnership_ids(user):
        return False
    return organisation_id in {session.trainer_organisation_id, session.course.provider_organisation_id}


def get_session_for_user(user: User, pk: int, *, action: str = VIEW) -> CourseSession:
    """`manage`: edit, cancel (coordinators). `book`: book staff on it (coordinators, and training
    leads for their own staff). `record_attendance`: the whole register (coordinators and the
    training leads of the organisation running it)."""
    session = _get(visible_sessions(user).select_related("course", "course__partnership"), pk, "session")
    return _decide(
        session,
        action,
        session.course.partnership_id,
        user,
        {
            BOOK: lambda: bool(training_lead_partnership_ids(user)),
            RECORD_ATTENDANCE: lambda: keeps_register(user, session),
        },
    )


def visible_bookings(user: User) -> QuerySet[Booking]:
    """Bookings whose names the user sees: their own staff's, and every booking on sessions whose
    register they keep."""
    if not user.is_authenticated:
        return Booking.objects.none()
    menu = sorted(menu_partnership_ids(user))
    q = _staff_q(user, "staff_member__") | Q(session__course__partnership_id__in=sorted(coordinated_ids(user)))
    organisation_id = _organisation_id(user)
    if organisation_id is not None and training_lead_partnership_ids(user):
        q |= Q(session__trainer_organisation_id=organisation_id) | Q(
            session__course__provider_organisation_id=organisation_id
        )
    return Booking.objects.filter(q, session__course__partnership_id__in=menu)


def get_booking_for_user(user: User, pk: int, *, action: str = VIEW) -> Booking:
    """`manage`: cancel, move on the waiting list (coordinators, and the staff member's training lead).
    `record_attendance`: attended or not (those two, and whoever keeps the session's register)."""
    booking = _get(visible_bookings(user).select_related("session", "session__course", "staff_member"), pk, "booking")
    staff = booking.staff_member
    own_lead = lambda: is_training_lead_for(user, staff.organisation_id, staff.partnership_id)  # noqa: E731
    return _decide(
        booking,
        action,
        booking.session.course.partnership_id,
        user,
        {
            MANAGE: own_lead,
            RECORD_ATTENDANCE: lambda: own_lead() or keeps_register(user, booking.session),
        },
    )


# Records


def visible_completions(user: User) -> QuerySet[Completion]:
    if not user.is_authenticated:
        return Completion.objects.none()
    return Completion.objects.filter(_staff_q(user, "staff_member__"))


def get_completion_for_user(user: User, pk: int, *, action: str = VIEW) -> Completion:
    """`manage`: correct or remove it, and its evidence (the staff member's training lead)."""
    completion = _get(visible_completions(user).select_related("staff_member", "course"), pk, "completion")
    if action == VIEW:
        return completion
    if action != MANAGE:
        raise ValueError(f"Unknown action {action!r}")
    staff = completion.staff_member
    if is_training_lead_for(user, staff.organisation_id, staff.partnership_id):
        return completion
    raise PermissionDenied


# Awareness raising


def visible_awareness_events(user: User) -> QuerySet[AwarenessEvent]:
    return AwarenessEvent.objects.filter(partnership_id__in=sorted(menu_partnership_ids(user)))


def get_awareness_event_for_user(user: User, pk: int, *, action: str = VIEW) -> AwarenessEvent:
    event = _get(visible_awareness_events(user), pk, "event")
    return _decide(event, action, event.partnership_id, user, {})


def visible_awareness_materials(user: User) -> QuerySet[AwarenessMaterial]:
    return AwarenessMaterial.objects.filter(partnership_id__in=sorted(menu_partnership_ids(user)))


def get_awareness_material_for_user(user: User, pk: int, *, action: str = VIEW) -> AwarenessMaterial:
    material = _get(visible_awareness_materials(user), pk, "material")
    return _decide(material, action, material.partnership_id, user, {})
