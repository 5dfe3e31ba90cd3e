"""The training menu and its records: the courses (list, page, add, edit), the sessions (list, page,
add, edit, cancel), booking staff and cancelling a booking, a session's register, and completions
recorded one by one with their evidence.

Names of people booked are shown only to those access.visible_bookings allows (coordinators, the
organisation running the session, the staff member's own training lead); everyone else sees counts.
Every page that shows names is logged in the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Partnership

from . import access, services_courses
from .forms_courses import (
    CONFLICT,
    PAST,
    UPCOMING,
    AttendanceForm,
    BookingForm,
    CompletionForm,
    CourseFilterForm,
    CourseForm,
    SessionFilterForm,
    SessionForm,
    VersionForm,
)
from .models import PLACE_HOLDING, Booking, BookingStatus, Course, CourseSession, SessionStatus, StaffMember

SESSION_TAG = {
    SessionStatus.SCHEDULED: "govuk-tag--blue",
    SessionStatus.HELD: "govuk-tag--green",
    SessionStatus.CANCELLED: "govuk-tag--grey",
}


def _user(request: HttpRequest) -> Any:
    return request.user


def _may(getter: Any, user: Any, pk: int, action: str) -> bool:
    try:
        getter(user, pk, action=action)
    except PermissionDenied:
        return False
    return True


def _kept_after_conflict(form_class: type[Form], request: HttpRequest, current: Any, noun: str, **kwargs: Any) -> Any:
    """What the user typed, judged against the record as it is now, with the conflict explained."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    kept = form_class(data, request.FILES or None, **kwargs)
    kept.is_valid()
    kept.add_error(None, CONFLICT.format(noun=noun))
    return kept


def _started(session: CourseSession) -> bool:
    return session.starts_at <= timezone.now()


def _with_places(sessions: QuerySet[CourseSession]) -> QuerySet[CourseSession]:
    taken = Count("bookings", filter=Q(bookings__status__in=PLACE_HOLDING))
    return sessions.annotate(
        taken=taken,
        left=F("capacity") - taken,
        waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING_LIST)),
    )


# Courses


def course_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    courses = access.visible_courses(user).select_related("provider_organisation", "partnership")
    managed = access.coordinated_ids(user)
    courses = courses.filter(Q(is_active=True) | Q(partnership_id__in=sorted(managed)))
    filtering = bool(set(request.GET) & {"level", "format"})
    form = CourseFilterForm(request.GET if filtering else None, levels=access.visible_levels(user))
    courses = form.filter(courses).prefetch_related("levels").order_by("title")
    context = {
        "form": form,
        "courses": list(courses),
        "may_add": bool(managed),
        "several_partnerships": len(access.menu_partnership_ids(user)) > 1,
    }
    return render(request, "training/course_list.html", context)


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    course = access.get_course_for_user(user, pk)
    may_manage = access.can_manage_framework(user, course.partnership_id)
    sessions = _with_places(course.sessions.filter(status=SessionStatus.SCHEDULED, starts_at__gte=timezone.now()))
    context = {
        "course": course,
        "levels": list(course.levels.order_by("number")),
        "sessions": list(sessions.order_by("starts_at")),
        "may_manage": may_manage,
    }
    return render(request, "training/course_detail.html", context)


def _render_course_form(request: HttpRequest, form: CourseForm, course: Course | None, status: int) -> HttpResponse:
    context = {
        "form": form,
        "course": course,
        "title": f"Edit {course.title}" if course else "Add a course",
        "button": "Save changes" if course else "Add the course",
        "conflict": status == 409,
    }
    return render(request, "training/course_form.html", context, status=status)


def course_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnerships = access.manageable_partnerships(user)
    if not partnerships.exists():
        raise PermissionDenied
    form = CourseForm(request.POST if request.method == "POST" else None, partnerships=partnerships)
    if form.is_bound and form.is_valid():
        partnership = form.chosen_partnership()
        assert partnership is not None
        course = services_courses.add_course(
            partnership=partnership, levels=form.cleaned_data["levels"], by=user, **form.changes()
        )
        messages.success(request, f"Course added to the menu: {course.title}")
        return redirect("training:course-detail", pk=course.pk)
    return _render_course_form(request, form, None, 400 if form.is_bound else 200)


def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    course = access.get_course_for_user(user, pk, action=access.MANAGE)
    partnerships = Partnership.objects.filter(pk=course.partnership_id)
    form = CourseForm(request.POST if request.method == "POST" else None, partnerships=partnerships, course=course)
    if not form.is_bound:
        return _render_course_form(request, form, course, 200)
    if not form.is_valid():
        return _render_course_form(request, form, course, 400)
    try:
        course = services_courses.update_course(
            course=course,
            version=form.cleaned_data["version"],
            levels=form.cleaned_data["levels"],
            by=user,
            **form.changes(),
        )
    except services_courses.StaleRecord:
        course = access.get_course_for_user(user, pk)
        kept = _kept_after_conflict(CourseForm, request, course, "course", partnerships=partnerships, course=course)
        return _render_course_form(request, kept, course, 409)
    messages.success(request, f"Course updated: {course.title}")
    return redirect("training:course-detail", pk=course.pk)


# Sessions


def session_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    courses = access.visible_courses(user)
    filtering = bool(set(request.GET) & {"when", "course"})
    form = SessionFilterForm(request.GET if filtering else None, courses=courses)
    sessions = access.visible_sessions(user).select_related("course")
    now = timezone.now()
    upcoming = Q(status=SessionStatus.SCHEDULED, starts_at__gte=now)
    when = form.chosen("when", UPCOMING)
    if when == PAST:
        sessions = sessions.exclude(upcoming).order_by("-starts_at")
    else:
        sessions = sessions.filter(upcoming).order_by("starts_at")
    if course := form.chosen("course"):
        sessions = sessions.filter(course=course)
    context = {
        "form": form,
        "sessions": list(_with_places(sessions)[:200]),
        "past": when == PAST,
        "may_add": bool(access.coordinated_ids(user)),
        "now": now,
    }
    return render(request, "training/session_list.html", context)


def bookable_staff(user: Any, session: CourseSession) -> QuerySet[StaffMember]:
    """Current staff on the registers the user keeps whose partnership may take the course (its
    own, or one below it), who have no booking or waiting list place on the session yet."""
    registers = access.registers_managed_by(user)
    if not registers:
        return StaffMember.objects.none()
    on_register = Q()
    for partnership_id, organisation_id in registers:
        on_register |= Q(partnership_id=partnership_id, organisation_id=organisation_id)
    course_partnership = session.course.partnership_id
    active = Booking.objects.filter(
        session=session, status__in=[BookingStatus.BOOKED, BookingStatus.WAITING_LIST]
    ).values("staff_member_id")
    staff: Any = access.visible_staff(user)  # a StaffMemberQuerySet
    return (
        staff.filter(on_register)
        .filter(Q(partnership_id=course_partnership) | Q(partnership__parent_id=course_partnership))
        .current()
        .exclude(pk__in=active)
        .order_by("full_name", "pk")
    )


def _keeps_whole_register(user: Any, session: CourseSession) -> bool:
    return access.can_manage_framework(user, session.course.partnership_id) or access.keeps_register(user, session)


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    session = access.get_session_for_user(user, pk)
    counts = dict(session.bookings.order_by().values_list("status").annotate(n=Count("pk")))
    named = list(
        access.visible_bookings(user)
        .filter(session=session)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("staff_member__organisation")
        .order_by("waiting_list_position", "staff_member__full_name", "pk")
    )
    audit.record_many_viewed(request, named, object_type="training.Booking")
    coordinator = access.can_manage_framework(user, session.course.partnership_id)
    scheduled = session.status == SessionStatus.SCHEDULED
    for booking in named:
        staff = booking.staff_member
        booking.may_cancel = (  # type: ignore[attr-defined]
            scheduled
            and booking.status in (BookingStatus.BOOKED, BookingStatus.WAITING_LIST)
            and (coordinator or access.is_training_lead_for(user, staff.organisation_id, staff.partnership_id))
        )
    # A staff member's training lead follows an attended booking to the completion it recorded.
    records = dict(
        access.visible_completions(user).filter(booking__in=[b.pk for b in named]).values_list("booking_id", "pk")
    )
    for booking in named:
        booking.completion_pk = records.get(booking.pk)  # type: ignore[attr-defined]
    taken = sum(counts.get(s, 0) for s in PLACE_HOLDING)
    context = {
        "session": session,
        "course": session.course,
        "tag": SESSION_TAG[SessionStatus(session.status)],
        "taken": taken,
        "places_left": max(session.capacity - taken, 0),
        "waiting": counts.get(BookingStatus.WAITING_LIST, 0),
        "attended": counts.get(BookingStatus.ATTENDED, 0),
        "did_not_attend": counts.get(BookingStatus.DID_NOT_ATTEND, 0),
        "booked": [b for b in named if b.status != BookingStatus.WAITING_LIST],
        "waiting_list": [b for b in named if b.status == BookingStatus.WAITING_LIST],
        "sees_all": _keeps_whole_register(user, session),
        "may_manage": coordinator and scheduled,
        "may_book": scheduled and not _started(session) and bookable_staff(user, session).exists(),
        "may_record": scheduled and _started(session) and _keeps_whole_register(user, session),
        "started": _started(session),
    }
    return render(request, "training/session_detail.html", context)


def _render_session_form(
    request: HttpRequest, form: SessionForm, session: CourseSession | None, status: int
) -> HttpResponse:
    context = {
        "form": form,
        "session": session,
        "title": "Change the session" if session else "Add a session",
        "button": "Save changes" if session else "Add the session",
        "conflict": status == 409,
    }
    return render(request, "training/session_form.html", context, status=status)


def session_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnerships = access.manageable_partnerships(user)
    if not partnerships.exists():
        raise PermissionDenied
    courses = Course.objects.active().filter(partnership__in=partnerships)
    initial = {"course": request.GET.get("course")} if request.GET.get("course", "").isdigit() else {}
    form = SessionForm(
        request.POST if request.method == "POST" else None, courses=courses, partnerships=partnerships, initial=initial
    )
    if form.is_bound and form.is_valid():
        session = services_courses.add_session(course=form.cleaned_data["course"], by=user, **form.changes())
        messages.success(request, f"Session added: {session}")
        return redirect("training:session-detail", pk=session.pk)
    return _render_session_form(request, form, None, 400 if form.is_bound else 200)


def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    session = access.get_session_for_user(user, pk, action=access.MANAGE)
    if session.status != SessionStatus.SCHEDULED:
        messages.info(request, f"You cannot change a session that is {session.get_status_display().lower()}")
        return redirect("training:session-detail", pk=session.pk)
    kwargs: dict[str, Any] = {
        "courses": Course.objects.none(),
        "partnerships": Partnership.objects.filter(pk=session.course.partnership_id),
        "session": session,
    }
    form = SessionForm(request.POST if request.method == "POST" else None, **kwargs)
    if not form.is_bound:
        return _render_session_form(request, form, session, 200)
    if not form.is_valid():
        return _render_session_form(request, form, session, 400)
    try:
        session = services_courses.update_session(
            session=session, version=form.cleaned_data["version"], by=user, **form.changes()
        )
    except services_courses.StaleRecord:
        session = access.get_session_for_user(user, pk)
        kept = _kept_after_conflict(SessionForm, request, session, "session", **{**kwargs, "session": session})
        return _render_session_form(request, kept, session, 409)
    except services_courses.NotNow as problem:
        form.add_error("capacity" if "places" in str(problem) else None, str(problem))
        return _render_session_form(request, form, session, 400)
    messages.success(request, f"Session updated: {session}")
    return redirect("training:session-detail", pk=session.pk)


def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    session = access.get_session_for_user(user, pk, action=access.MANAGE)
    if session.status != SessionStatus.SCHEDULED:
        messages.info(request, f"You cannot cancel a session that is {session.get_status_display().lower()}")
        return redirect("training:session-detail", pk=session.pk)
    form = VersionForm(request.POST if request.method == "POST" else None, record=session)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                services_courses.cancel_session(session=session, version=form.cleaned_data["version"], by=user)
            except services_courses.StaleRecord:
                session = access.get_session_for_user(user, pk)
                form = _kept_after_conflict(VersionForm, request, session, "session", record=session)
                status = 409
            else:
                messages.success(
                    request, f"Session cancelled: {session}. The training leads of those booked were told."
                )
                return redirect("training:session-detail", pk=session.pk)
    active = session.bookings.filter(status__in=[BookingStatus.BOOKED, BookingStatus.WAITING_LIST]).count()
    context = {"form": form, "session": session, "active": active}
    return render(request, "training/session_cancel.html", context, status=status)


# Bookings


def booking_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A training lead books staff from their own register onto the session."""
    user = _user(request)
    session = access.get_session_for_user(user, pk, action=access.BOOK)
    if not access.registers_managed_by(user):
        raise PermissionDenied  # coordinators may book, but only from a register they keep
    if session.status != SessionStatus.SCHEDULED or _started(session):
        messages.info(request, "Bookings can be made only on a session that has not started")
        return redirect("training:session-detail", pk=session.pk)
    staff = bookable_staff(user, session)
    form = BookingForm(request.POST if request.method == "POST" else None, staff=staff)
    if form.is_bound and form.is_valid():
        try:
            result = services_courses.book_staff(session=session, staff=form.cleaned_data["staff"], by=user)
        except services_courses.NotNow as problem:
            messages.info(request, str(problem))
            return redirect("training:session-detail", pk=session.pk)
        if result.booked:
            messages.success(request, f"Booked: {', '.join(b.staff_member.full_name for b in result.booked)}")
        if result.waiting:
            names = ", ".join(b.staff_member.full_name for b in result.waiting)
            messages.info(request, f"The session is full. On the waiting list: {names}")
        return redirect("training:session-detail", pk=session.pk)
    audit.record_many_viewed(request, list(staff), object_type="training.StaffMember")
    taken = session.places_taken()
    context = {"form": form, "session": session, "places_left": max(session.capacity - taken, 0)}
    return render(request, "training/booking_form.html", context, status=400 if form.is_bound else 200)


def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    booking = access.get_booking_for_user(user, pk, action=access.MANAGE)
    session = booking.session
    back = redirect("training:session-detail", pk=session.pk)
    if booking.status not in (BookingStatus.BOOKED, BookingStatus.WAITING_LIST):
        messages.info(request, f"You cannot cancel a booking that is {booking.get_status_display().lower()}")
        return back
    form = VersionForm(request.POST if request.method == "POST" else None, record=booking)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                moved = services_courses.cancel_booking(booking=booking, version=form.cleaned_data["version"], by=user)
            except services_courses.StaleRecord:
                booking = access.get_booking_for_user(user, pk)
                form = _kept_after_conflict(VersionForm, request, booking, "booking", record=booking)
                status = 409
            except services_courses.NotNow as problem:
                messages.info(request, str(problem))
                return back
            else:
                messages.success(request, f"Booking cancelled: {booking.staff_member.full_name}")
                if moved is not None:
                    messages.info(request, "The first person on the waiting list has moved up into the place")
                return back
    audit.record(action=AuditAction.VIEW, request=request, obj=booking, object_repr=f"Booking {booking.pk}")
    context = {"form": form, "booking": booking, "session": session}
    return render(request, "training/booking_cancel.html", context, status=status)


# Attendance


def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The register: for each person booked, attended or not. Saving it records the completions."""
    user = _user(request)
    session = access.get_session_for_user(user, pk, action=access.RECORD_ATTENDANCE)
    if session.status != SessionStatus.SCHEDULED or not _started(session):
        what = session.get_status_display().lower() if session.status != SessionStatus.SCHEDULED else "not started"
        messages.info(request, f"You cannot record attendance for a session that is {what}")
        return redirect("training:session-detail", pk=session.pk)
    bookings = list(
        session.bookings.filter(status=BookingStatus.BOOKED)
        .select_related("staff_member__organisation")
        .order_by("staff_member__organisation__name", "staff_member__full_name", "pk")
    )
    form = AttendanceForm(request.POST if request.method == "POST" else None, session=session, bookings=bookings)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                completions = services_courses.record_attendance(
                    session=session, version=form.cleaned_data["version"], attended=form.attended(), by=user
                )
            except services_courses.StaleRecord:
                return _attendance_changed(request, pk)
            except services_courses.NotNow as problem:
                messages.info(request, str(problem))
                return redirect("training:session-detail", pk=session.pk)
            count = len(completions)
            messages.success(request, f"Attendance recorded. {count} completion{'s' if count != 1 else ''} recorded.")
            return redirect("training:session-detail", pk=session.pk)
    audit.record_many_viewed(request, bookings, object_type="training.Booking")
    return render(request, "training/session_attendance.html", {"form": form, "session": session}, status=status)


def _attendance_changed(request: HttpRequest, pk: int) -> HttpResponse:
    """The session changed meanwhile: show the register as it is now, keeping each answer given;
    or, if someone else has recorded the attendance, say so."""
    session = access.get_session_for_user(_user(request), pk, action=access.RECORD_ATTENDANCE)
    if session.status != SessionStatus.SCHEDULED:
        messages.info(
            request, f"Someone else saved the register first: the session is {session.get_status_display().lower()}"
        )
        return redirect("training:session-detail", pk=session.pk)
    bookings = list(
        session.bookings.filter(status=BookingStatus.BOOKED)
        .select_related("staff_member__organisation")
        .order_by("staff_member__organisation__name", "staff_member__full_name", "pk")
    )
    form = _kept_after_conflict(AttendanceForm, request, session, "session", session=session, bookings=bookings)
    return render(request, "training/session_attendance.html", {"form": form, "session": session}, status=409)


# Completions


def _staff_record_url(staff: StaffMember) -> str:
    """The staff member's record (the staff register's page), or the completion if it is not built."""
    try:
        return reverse("training:staff-detail", args=[staff.pk])
    except NoReverseMatch:
        return ""


def completion_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The staff member's training lead records a course they completed, with evidence or a note."""
    user = _user(request)
    staff = access.get_staff_member_for_user(user, pk, action=access.MANAGE)
    courses = (
        access.visible_courses(user)
        .filter(partnership_id__in=[p for p in (staff.partnership_id, staff.partnership.parent_id) if p])
        .order_by("title")
    )
    form = CompletionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        staff_member=staff,
        courses=courses,
    )
    if form.is_bound and form.is_valid():
        completion = services_courses.record_completion(
            staff_member=staff,
            course=form.cleaned_data["course"],
            completed_on=form.cleaned_data["completed_on"],
            note=form.cleaned_data["note"],
            evidence=form.cleaned_data["evidence"],
            by=user,
        )
        messages.success(request, f"Training recorded for {staff.full_name}: {completion.course.title}")
        return redirect(_staff_record_url(staff) or reverse("training:completion-detail", args=[completion.pk]))
    audit.record(action=AuditAction.VIEW, request=request, obj=staff)
    context = {"form": form, "staff": staff, "back": _staff_record_url(staff)}
    return render(request, "training/completion_form.html", context, status=400 if form.is_bound else 200)


def completion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    completion = access.get_completion_for_user(user, pk)
    audit.record(action=AuditAction.VIEW, request=request, obj=completion, object_repr=f"Completion {completion.pk}")
    context = {
        "completion": completion,
        "staff": completion.staff_member,
        "back": _staff_record_url(completion.staff_member),
        "today": timezone.localdate(),
    }
    return render(request, "training/completion_detail.html", context)


def completion_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence, for those who may see the staff member's record, as an attachment."""
    completion = access.get_completion_for_user(_user(request), pk)
    try:
        stored = services_courses.open_evidence(completion)
    except FileNotFoundError:
        raise Http404("The completion has no evidence") from None
    kind = documents.identify(stored)
    services_courses.record_evidence_download(completion, request)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=documents.download_name(completion.evidence_name or "evidence", kind),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
