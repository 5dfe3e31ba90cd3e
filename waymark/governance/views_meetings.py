"""Meeting pages: the list of meetings, a meeting's page, adding (an ad hoc meeting), editing and
cancelling one; its agenda and papers; attendance and quoracy; minutes (drafted, approved at the next
meeting, shared with the parent group); and actions arising, with the list of all of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction

from . import access, services_meetings
from .forms_meetings import (
    CONFLICT,
    ActionFilterForm,
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    CancelMeetingForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    VersionForm,
)
from .models import (
    UNFINISHED_ACTION,
    AgendaItem,
    Group,
    Meeting,
    MeetingAction,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Representative,
)
from .quoracy import Quoracy

PAST_PER_PAGE = 25
ACTIONS_PER_PAGE = 50


def _user(request: HttpRequest) -> Any:
    return request.user


def _allowed(check: Callable[[], object]) -> bool:
    """Whether an access.py rule lets the user do something (for showing a link or a button)."""
    try:
        check()
    except (PermissionDenied, Http404):
        return False
    return True


def _group_url(group: Group) -> str | None:
    """The group's own page, once the groups section provides it."""
    try:
        return reverse("governance:group-detail", args=[group.pk])
    except NoReverseMatch:
        return None


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    return reverse("governance:meeting-detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def quoracy_sentence(quoracy: Quoracy) -> str:
    state = "Quorate" if quoracy.is_quorate else "Not quorate"
    plural = "s" if quoracy.members != 1 else ""
    return f"{state}: {quoracy.present} of {quoracy.members} member organisation{plural} present (quorum {quoracy.required})"


def _kept(form_class: type, request: HttpRequest, version: int, what: str, **kwargs: Any) -> Any:
    """The form as the user sent it, judged against the record as it is now, with the conflict said."""
    data = request.POST.copy()
    data["version"] = str(version)  # so that trying again is judged against the record as it is now
    kept = form_class(data, **kwargs)
    kept.is_valid()
    kept.add_error(None, CONFLICT.format(what=what))
    return kept


def chairs(user: Any, meeting: Meeting) -> bool:
    """The user chairs this meeting: the group's chair, or the representative on the group of the
    organisation whose turn it is to chair."""
    if meeting.group.chair_id == user.pk:
        return True
    return (
        meeting.chair_organisation_id is not None
        and Representative.objects.filter(
            member__group_id=meeting.group_id,
            member__organisation_id=meeting.chair_organisation_id,
            member__left_on__isnull=True,
            is_active=True,
            user=user,
        ).exists()
    )


def get_meeting_to_approve_at(user: Any, pk: int) -> Meeting:
    """Approving the previous meeting's minutes at this one: coordinators, and whoever chairs it."""
    meeting = access.get_meeting_for_user(user, pk)
    if not (access.can_manage(user, meeting.group.partnership_id) or chairs(user, meeting)):
        raise PermissionDenied
    return meeting


# The list of meetings


def meeting_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_see_governance(user):
        raise PermissionDenied
    groups = access.visible_groups(user).select_related("partnership").order_by("partnership__name", "name")
    form = MeetingFilterForm(request.GET if "group" in request.GET else None, groups=groups)
    group = form.chosen_group()
    meetings = access.visible_meetings(user).select_related("group__partnership")
    if group is not None:
        meetings = meetings.filter(group=group)
    now = timezone.now()
    upcoming = meetings.filter(starts_at__gte=now).order_by("starts_at", "id")
    past = Paginator(meetings.filter(starts_at__lt=now).order_by("-starts_at", "-id"), PAST_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "group": group,
        "upcoming": list(upcoming),
        "page": past.get_page(request.GET.get("page")),
        "query": query.urlencode(),
        "several_partnerships": len(access.member_partnership_ids(user)) > 1,
        "may_add": access.manageable_partnerships(user).exists(),
    }
    return render(request, "governance/meeting_list.html", context)


# Adding, editing and cancelling a meeting


def meeting_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.manageable_partnerships(user).exists():
        raise PermissionDenied
    groups = (
        access.visible_groups(user)
        .filter(is_active=True)
        .filter(partnership_id__in=sorted(access.coordinated_ids(user)))
        .select_related("partnership")
        .order_by("partnership__name", "name")
    )
    initial = {"group": request.GET.get("group")} if request.GET.get("group", "").isdigit() else {}
    form = MeetingForm(request.POST if request.method == "POST" else None, groups=groups, initial=initial)
    if form.is_bound and form.is_valid():
        group = access.get_group_for_user(user, form.cleaned_data["group"].pk, action=access.MANAGE)
        meeting = services_meetings.add_meeting(group=group, by=user, **form.meeting_fields())
        messages.success(request, f"Meeting added: {meeting}")
        return redirect(_meeting_url(meeting))
    status = 400 if form.is_bound else 200
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": None}, status=status)


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = access.get_meeting_for_user(user, pk, action=access.MANAGE)
    if meeting.status == MeetingStatus.CANCELLED:
        messages.info(request, "This meeting has been cancelled, so it cannot be changed")
        return redirect(_meeting_url(meeting))
    form = MeetingForm(request.POST if request.method == "POST" else None, meeting=meeting)
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        try:
            meeting = services_meetings.edit_meeting(
                meeting=meeting, version=form.cleaned_data["version"], by=user, **form.meeting_fields()
            )
        except services_meetings.Stale:
            meeting.refresh_from_db()
            form = _kept(MeetingForm, request, meeting.version, "this meeting", meeting=meeting)
            status = 409
        except services_meetings.NotNow as problem:
            messages.info(request, str(problem))
            return redirect(_meeting_url(meeting))
        else:
            messages.success(request, f"Meeting updated: {meeting}")
            return redirect(_meeting_url(meeting))
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": meeting}, status=status)


def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = access.get_meeting_for_user(user, pk, action=access.MANAGE)
    if meeting.status != MeetingStatus.SCHEDULED:
        messages.info(request, f"You cannot cancel a meeting that is {meeting.get_status_display().lower()}")
        return redirect(_meeting_url(meeting))
    initial = {"version": meeting.version}
    form = CancelMeetingForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        try:
            meeting = services_meetings.cancel_meeting(
                meeting=meeting, version=form.cleaned_data["version"], reason=form.cleaned_data["reason"], by=user
            )
        except services_meetings.Stale:
            meeting.refresh_from_db()
            form = _kept(CancelMeetingForm, request, meeting.version, "this meeting")
            status = 409
        except services_meetings.NotNow as problem:
            messages.info(request, str(problem))
            return redirect(_meeting_url(meeting))
        else:
            messages.success(request, f"Meeting cancelled: {meeting}")
            return redirect(_meeting_url(meeting))
    return render(request, "governance/meeting_cancel.html", {"form": form, "meeting": meeting}, status=status)


# A meeting's page


@dataclass
class ActionRow:
    action: MeetingAction
    days_overdue: int
    may_update: bool


def _may_update_action(user: Any, action: MeetingAction) -> bool:
    """access.get_meeting_action_for_user's `update` rule, decided without a query per row of a list:
    coordinators, and the owner or the owning organisation."""
    return (
        access.can_manage(user, action.meeting.group.partnership_id)
        or action.owner_user_id == user.pk
        or (user.organisation_id is not None and action.owner_organisation_id == user.organisation_id)
    )


def _action_rows(user: Any, actions: Any) -> list[ActionRow]:
    today = timezone.localdate()
    return [
        ActionRow(action, services_meetings.days_overdue(action, today), _may_update_action(user, action))
        for action in actions
    ]


def _minutes_context(user: Any, meeting: Meeting, may_take_minutes: bool) -> dict[str, Any]:
    minutes = access.visible_minutes(user).filter(meeting=meeting).select_related("approved_at_meeting").first()
    exists = minutes is not None or Minutes.objects.filter(meeting=meeting).exists()
    if minutes is None:
        may_write = may_take_minutes and not exists
    else:
        may_write = minutes.is_draft and _allowed(
            lambda: access.get_minutes_for_user(user, minutes.pk, action=access.UPDATE)
        )
    parent = meeting.group.reports_to
    may_share = (
        minutes is not None
        and minutes.status == MinutesStatus.APPROVED
        and parent is not None
        and access.can_manage(user, meeting.group.partnership_id)
    )
    return {
        "minutes": minutes,
        "minutes_hidden": minutes is None and exists,
        "may_write_minutes": may_write and services_meetings.may_record_attendance(meeting),
        "may_share_minutes": may_share,
        "share_form": VersionForm(initial={"version": minutes.version}) if may_share and minutes else None,
    }


def _render_meeting(
    request: HttpRequest, meeting: Meeting, *, approve_form: VersionForm | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    may_manage = access.can_manage(user, meeting.group.partnership_id)
    may_take_minutes = _allowed(lambda: access.get_meeting_for_user(user, meeting.pk, action=access.TAKE_MINUTES))
    attendance = list(meeting.attendance.select_related("representative__member__organisation", "representative__user"))
    audit.record_many_viewed(request, [a.representative for a in attendance], object_type="governance.Representative")
    to_approve = services_meetings.minutes_to_approve_at(meeting)
    if to_approve is not None and not (may_manage or chairs(user, meeting)):
        to_approve = None
    if to_approve is not None and approve_form is None:
        approve_form = VersionForm(initial={"version": to_approve.version})
    held_or_started = services_meetings.may_record_attendance(meeting)
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "group_url": _group_url(meeting.group),
        "agenda": list(meeting.agenda_items.select_related("owner_organisation", "owner_user")),
        "attendance": attendance,
        "quoracy": quoracy_sentence(meeting.quoracy()) if attendance else "",
        "action_rows": _action_rows(
            user, meeting.actions.select_related("meeting__group", "owner_organisation", "owner_user")
        ),
        "may_manage": may_manage,
        "may_change": may_manage and meeting.status != MeetingStatus.CANCELLED,
        "may_cancel": may_manage and meeting.status == MeetingStatus.SCHEDULED,
        "may_record_attendance": may_take_minutes and held_or_started,
        "may_add_action": may_take_minutes and held_or_started,
        "to_approve": to_approve,
        "approve_form": approve_form,
        **_minutes_context(user, meeting, may_take_minutes),
    }
    return render(request, "governance/meeting_detail.html", context, status=status)


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(_user(request), pk)
    return _render_meeting(request, meeting)


# The agenda


def _agenda_form_page(request: HttpRequest, meeting: Meeting, item: AgendaItem | None) -> HttpResponse:
    user = _user(request)
    posted = request.method == "POST"
    form = AgendaItemForm(
        request.POST if posted else None, request.FILES if posted else None, meeting=meeting, item=item
    )
    if form.is_bound and form.is_valid():
        fields = {
            "title": form.cleaned_data["title"],
            "owner_organisation": form.cleaned_data["owner_organisation"],
            "owner_user": form.cleaned_data["owner_user"],
            "notes": form.cleaned_data["notes"],
            "paper": form.cleaned_data["paper"],
            "paper_kind": form.kind,
        }
        if item is None:
            item = services_meetings.add_agenda_item(meeting=meeting, by=user, **fields)
            messages.success(request, f"Agenda item added: {item.title}")
        else:
            remove = bool(form.cleaned_data.get("remove_paper"))
            item = services_meetings.edit_agenda_item(item=item, remove_paper=remove, by=user, **fields)
            messages.success(request, f"Agenda item updated: {item.title}")
        return redirect(_meeting_url(meeting, "agenda"))
    context = {"form": form, "meeting": meeting, "item": item}
    return render(request, "governance/meeting_agenda_form.html", context, status=400 if form.is_bound else 200)


def _agenda_item(request: HttpRequest, pk: int, action: str) -> AgendaItem:
    item = AgendaItem.objects.filter(pk=pk).only("meeting_id").first()
    if item is None:
        raise Http404("No such agenda item")
    meeting = access.get_meeting_for_user(_user(request), item.meeting_id, action=action)
    item = AgendaItem.objects.select_related("owner_organisation", "owner_user").get(pk=pk)
    item.meeting = meeting
    return item


def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(_user(request), pk, action=access.MANAGE)
    if meeting.status == MeetingStatus.CANCELLED:
        messages.info(request, "This meeting has been cancelled, so its agenda cannot be changed")
        return redirect(_meeting_url(meeting))
    return _agenda_form_page(request, meeting, None)


def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _agenda_item(request, pk, access.MANAGE)
    return _agenda_form_page(request, item.meeting, item)


@require_POST
def agenda_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _agenda_item(request, pk, access.MANAGE)
    up = request.POST.get("direction") == "up"
    if services_meetings.move_agenda_item(item=item, up=up, by=_user(request)):
        messages.success(request, f"Moved {'up' if up else 'down'}: {item.title}")
    return redirect(_meeting_url(item.meeting, "agenda"))


def agenda_paper(request: HttpRequest, pk: int) -> FileResponse:
    item = _agenda_item(request, pk, access.VIEW)
    try:
        stored, kind = services_meetings.open_paper(item)
    except FileNotFoundError:
        raise Http404("The paper is no longer held") from None
    if kind is None:  # the stored file is not what was checked on upload: never serve it
        stored.close()
        raise Http404("The paper is no longer held")
    audit.record(action=AuditAction.VIEW, request=request, obj=item, detail={"paper": item.paper_name})
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=documents.download_name(item.paper_name, kind),
        content_type=kind.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Attendance


def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = access.get_meeting_for_user(user, pk, action=access.TAKE_MINUTES)
    if not services_meetings.may_record_attendance(meeting):
        messages.info(
            request, "Attendance can be recorded once the meeting has started, and not for a cancelled meeting"
        )
        return redirect(_meeting_url(meeting))
    representatives = services_meetings.current_representatives(meeting)
    recorded = dict(meeting.attendance.values_list("representative_id", "status"))
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, representatives=representatives, recorded=recorded
    )
    audit.record_many_viewed(request, form.representatives, object_type="governance.Representative")
    if form.is_bound and form.is_valid():
        quoracy = services_meetings.record_attendance(meeting=meeting, statuses=form.statuses(), by=user)
        messages.success(request, f"Attendance saved. {quoracy_sentence(quoracy)}")
        return redirect(_meeting_url(meeting, "attendance"))
    context = {"form": form, "meeting": meeting}
    return render(request, "governance/meeting_attendance.html", context, status=400 if form.is_bound else 200)


# Minutes


def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the minutes of meeting `pk`, or change the draft (the minute-taking organisation and
    coordinators)."""
    user = _user(request)
    meeting = access.get_meeting_for_user(user, pk, action=access.TAKE_MINUTES)
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        existing = access.get_minutes_for_user(user, existing.pk, action=access.UPDATE)
        if not existing.is_draft:
            messages.info(request, "These minutes have been approved, so they can no longer be changed")
            return redirect(_meeting_url(meeting, "minutes"))
    if not services_meetings.may_record_attendance(meeting):
        messages.info(request, "Minutes can be written once the meeting has started, and not for a cancelled meeting")
        return redirect(_meeting_url(meeting))
    initial = {"text": existing.text if existing else "", "version": existing.version if existing else 0}
    form = MinutesForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        try:
            services_meetings.save_minutes(
                meeting=meeting, version=form.cleaned_data["version"], text=form.cleaned_data["text"], by=user
            )
        except services_meetings.Stale:
            current = Minutes.objects.filter(meeting=meeting).first()
            form = _kept(MinutesForm, request, current.version if current else 0, "these minutes")
            existing, status = current, 409
        except services_meetings.NotNow as problem:
            messages.info(request, str(problem))
            return redirect(_meeting_url(meeting, "minutes"))
        else:
            messages.success(request, "Draft minutes saved")
            return redirect(_meeting_url(meeting, "minutes"))
    context = {"form": form, "meeting": meeting, "minutes": existing}
    return render(request, "governance/minutes_form.html", context, status=status)


def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes on their own page: the link e-mailed to the parent group, whose members may not see
    the meeting itself."""
    user = _user(request)
    minutes = access.get_minutes_for_user(user, pk)
    meeting = minutes.meeting
    context = {
        "minutes": minutes,
        "meeting": meeting,
        "may_see_meeting": access.visible_meetings(user).filter(pk=meeting.pk).exists(),
        "shared_with_url": _group_url(minutes.shared_with_group) if minutes.shared_with_group else None,
    }
    return render(request, "governance/minutes_detail.html", context)


@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """At meeting `pk`, approve the previous meeting's minutes as a true record."""
    user = _user(request)
    meeting = get_meeting_to_approve_at(user, pk)
    minutes = services_meetings.minutes_to_approve_at(meeting)
    if minutes is None:
        messages.info(request, "There are no draft minutes to approve at this meeting")
        return redirect(_meeting_url(meeting))
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _render_meeting(request, meeting, approve_form=form, status=400)
    try:
        services_meetings.approve_minutes(
            minutes=minutes, version=form.cleaned_data["version"], at_meeting=meeting, by=user
        )
    except services_meetings.Stale:
        minutes.refresh_from_db()
        return _render_meeting(
            request, meeting, approve_form=_kept(VersionForm, request, minutes.version, "these minutes"), status=409
        )
    except services_meetings.NotNow as problem:
        messages.info(request, str(problem))
        return redirect(_meeting_url(meeting))
    messages.success(request, f"Minutes of {minutes.meeting} approved")
    return redirect(_meeting_url(meeting))


def minutes_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Share approved minutes with the parent group (coordinators), after saying who will be told."""
    user = _user(request)
    minutes = access.get_minutes_for_user(user, pk, action=access.MANAGE)
    meeting, parent = minutes.meeting, minutes.meeting.group.reports_to
    if parent is None or minutes.status != MinutesStatus.APPROVED:
        why = (
            f"{meeting.group} does not report to another group"
            if parent is None
            else (
                "Only approved minutes can be shared"
                if minutes.is_draft
                else f"These minutes are already shared with {parent}"
            )
        )
        messages.info(request, why)
        return redirect(reverse("governance:minutes-detail", args=[minutes.pk]))
    form = VersionForm(request.POST if request.method == "POST" else None, initial={"version": minutes.version})
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        try:
            minutes, told = services_meetings.share_minutes(
                minutes=minutes, version=form.cleaned_data["version"], by=user
            )
        except services_meetings.Stale:
            minutes.refresh_from_db()
            form, status = _kept(VersionForm, request, minutes.version, "these minutes"), 409
        except services_meetings.NotNow as problem:
            messages.info(request, str(problem))
            return redirect(reverse("governance:minutes-detail", args=[minutes.pk]))
        else:
            people = f"{told} representative{'s' if told != 1 else ''}"
            messages.success(request, f"Minutes shared with {parent}. {people} e-mailed")
            return redirect(_meeting_url(meeting, "minutes"))
    context = {
        "form": form,
        "minutes": minutes,
        "meeting": meeting,
        "parent": parent,
        "recipients": len(services_meetings.group_recipients(parent)),
    }
    return render(request, "governance/minutes_share.html", context, status=status)


def minutes_shared(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes shared with group `pk` by the groups that report to it."""
    user = _user(request)
    group = access.get_group_for_user(user, pk)
    shared = services_meetings.shared_minutes_for(group).filter(pk__in=access.visible_minutes(user).values("pk"))
    context = {"group": group, "group_url": _group_url(group), "shared_minutes": list(shared)}
    return render(request, "governance/minutes_shared.html", context)


# Actions arising


def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = access.get_meeting_for_user(user, pk, action=access.TAKE_MINUTES)
    if not services_meetings.may_record_attendance(meeting):
        messages.info(request, "Actions can be added once the meeting has started, and not for a cancelled meeting")
        return redirect(_meeting_url(meeting))
    form = ActionForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if form.is_bound and form.is_valid():
        action = services_meetings.add_action(meeting=meeting, by=user, **form.cleaned_data)
        messages.success(request, f"Action added for {action.owner_organisation}: {action.description}")
        return redirect(_meeting_url(meeting, "actions"))
    context = {"form": form, "meeting": meeting}
    return render(request, "governance/action_form.html", context, status=400 if form.is_bound else 200)


def action_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_see_governance(user):
        raise PermissionDenied
    form = ActionFilterForm(request.GET if "overdue" in request.GET else None)
    actions = access.visible_meeting_actions(user).select_related(
        "meeting__group__partnership", "owner_organisation", "owner_user"
    )
    today = timezone.localdate()
    if form.only_overdue():
        actions = actions.overdue(today)  # type: ignore[attr-defined]
    # Unfinished first, the longest overdue at the top; finished ones after.
    finished = Case(When(status__in=UNFINISHED_ACTION, then=0), default=1, output_field=IntegerField())
    actions = actions.annotate(finished=finished).order_by("finished", F("due_date").asc(nulls_last=True), "id")
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "rows": _action_rows(user, page.object_list),
        "page": page,
        "query": query.urlencode(),
        "overdue_count": access.visible_meeting_actions(user).overdue(today).count(),  # type: ignore[attr-defined]
    }
    return render(request, "governance/action_list.html", context)


def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    action = access.get_meeting_action_for_user(user, pk, action=access.UPDATE)
    form = ActionStatusForm(request.POST if request.method == "POST" else None, action=action)
    status = 400 if form.is_bound else 200
    if form.is_bound and form.is_valid():
        try:
            action = services_meetings.update_action_status(
                action=action, version=form.cleaned_data["version"], status=form.cleaned_data["status"], by=user
            )
        except services_meetings.Stale:
            action.refresh_from_db()
            form, status = _kept(ActionStatusForm, request, action.version, "this action", action=action), 409
        else:
            messages.success(request, f"Action {action.get_status_display().lower()}: {action.description}")
            return redirect(_meeting_url(action.meeting, "actions"))
    context = {
        "form": form,
        "action": action,
        "meeting": action.meeting,
        "days_overdue": services_meetings.days_overdue(action),
    }
    return render(request, "governance/action_update.html", context, status=status)
