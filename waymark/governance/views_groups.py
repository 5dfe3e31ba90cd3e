"""Group pages: the list by kind, a group's page (members and representatives, meetings, minutes shared
up to it, its rota), adding and editing groups and who sits on them, the governance structure drawn
as a diagram with a text alternative, scheduling meetings from the group's frequency, changing one
meeting's rota, and the iCalendar feeds (the page to get an address, and the feed itself)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Min, OuterRef, Prefetch, QuerySet, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction

from . import access, calendar, services_groups
from . import group_structure as structure_rules
from .forms_groups import (
    CONFLICT,
    AddMemberForm,
    ChoosePartnershipForm,
    FeedForm,
    GroupForm,
    RepresentativeForm,
    RotaForm,
    ScheduleForm,
)
from .models import CalendarFeed, Group, GroupKind, GroupMember, Meeting, MeetingStatus, Representative

PAST_MEETINGS_SHOWN = 10
FEED_HISTORY = timedelta(days=366)  # how far back a calendar feed reaches
MEETING_LENGTH_WHEN_UNKNOWN = timedelta(hours=1)


def _user(request: HttpRequest) -> Any:
    return request.user


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _optional_url(name: str, pk: int) -> str | None:
    """A link to a page another section provides, once it exists."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


# The list and a group's page


def group_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_see_governance(user):
        raise PermissionDenied
    next_meeting = (
        Meeting.objects.filter(group=OuterRef("pk"), status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now())
        .values("group")
        .annotate(first=Min("starts_at"))
        .values("first")
    )
    groups = list(
        access.visible_groups(user)
        .select_related("partnership", "reports_to", "chair")
        .annotate(next_meeting=Subquery(next_meeting))
        .order_by("partnership__name", "name")
    )
    by_kind = [(label, [g for g in groups if g.kind == kind]) for kind, label in GroupKind.choices]
    context = {
        "by_kind": [(label, kind_groups) for label, kind_groups in by_kind if kind_groups],
        "several_partnerships": len({g.partnership_id for g in groups}) > 1,
        "can_add": access.manageable_partnerships(user).exists(),
    }
    return render(request, "governance/group_list.html", context)


def _meeting_rows(meetings: QuerySet[Meeting]) -> list[dict[str, Any]]:
    return [{"meeting": m, "url": _optional_url("governance:meeting-detail", m.pk)} for m in meetings]


def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    group = access.get_group_for_user(user, pk)
    members = list(
        group.current_members()
        .select_related("organisation")
        .prefetch_related(
            Prefetch("representatives", queryset=Representative.objects.filter(is_active=True).select_related("user"))
        )
    )
    representatives = [r for m in members for r in m.representatives.all()]
    audit.record_many_viewed(request, representatives, object_type="governance.Representative")
    now = timezone.now()
    meetings = group.meetings.select_related("chair_organisation", "minute_taker_organisation", "host_organisation")
    upcoming = meetings.filter(starts_at__gte=now).order_by("starts_at")
    shared = (
        access.visible_minutes(user)
        .filter(shared_with_group=group)
        .select_related("meeting", "meeting__group")
        .order_by("-meeting__starts_at")
    )
    context = {
        "group": group,
        "members": members,
        "upcoming": _meeting_rows(upcoming),
        "past": _meeting_rows(meetings.filter(starts_at__lt=now).order_by("-starts_at")[:PAST_MEETINGS_SHOWN]),
        "rota_warnings": services_groups.rota_warnings(group),
        "shared_minutes": [{"minutes": m, "url": _optional_url("governance:minutes-detail", m.pk)} for m in shared],
        "reporting_groups": access.visible_groups(user).filter(reports_to=group),
        "can_manage": access.can_manage(user, group.partnership_id),
    }
    return render(request, "governance/group_detail.html", context)


def group_document(request: HttpRequest, pk: int) -> FileResponse:
    group = access.get_group_for_user(_user(request), pk)
    if not group.terms_of_reference_document:
        raise Http404("No terms of reference document")
    try:
        stored, kind = services_groups.open_document(group)
    except FileNotFoundError:
        raise Http404("The file is no longer held") from None
    audit.record(action=AuditAction.VIEW, request=request, obj=group, detail={"document": "terms_of_reference"})
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=documents.download_name(group.terms_of_reference_document_name, kind),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Adding and editing a group


def group_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnerships = access.manageable_partnerships(user)
    if not partnerships.exists():
        raise PermissionDenied
    partnership = partnerships.first() if partnerships.count() == 1 else None
    if partnership is None:
        chooser = ChoosePartnershipForm(
            request.GET if "partnership" in request.GET else None, partnerships=partnerships
        )
        if not chooser.is_valid():
            status = 400 if chooser.is_bound else 200
            return render(request, "governance/group_partnership.html", {"form": chooser}, status=status)
        partnership = chooser.cleaned_data["partnership"]
    form = GroupForm(_posted(request), request.FILES or None, partnership=partnership)
    if form.is_bound and form.is_valid():
        group = services_groups.create_group(
            partnership=partnership, by=user, document=form.cleaned_data["document"], **form.group_fields()
        )
        messages.success(request, f"{group.name} added. Now add its member organisations.")
        return redirect("governance:group-detail", pk=group.pk)
    context = {"form": form, "partnership": partnership, "title": "Add a group"}
    return render(request, "governance/group_form.html", context, status=400 if form.is_bound else 200)


def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    group = access.get_group_for_user(user, pk, action=access.MANAGE)
    form = GroupForm(_posted(request), request.FILES or None, instance=group, partnership=group.partnership)
    if form.is_bound and form.is_valid():
        group.refresh_from_db()  # validating the form wrote the new values onto it; compare with the old
        services_groups.update_group(
            group=group, by=user, document=form.cleaned_data["document"], **form.group_fields()
        )
        messages.success(request, f"{group.name} updated")
        return redirect("governance:group-detail", pk=group.pk)
    context = {"form": form, "partnership": group.partnership, "group": group, "title": f"Change {group.name}"}
    return render(request, "governance/group_form.html", context, status=400 if form.is_bound else 200)


# Member organisations and their representatives


def _get_member(request: HttpRequest, pk: int) -> GroupMember:
    """A current seat on a group the user may manage (404 outside their partnerships, 403 if they
    may only read it)."""
    user = _user(request)
    member = GroupMember.objects.current().filter(pk=pk, group__in=access.visible_groups(user)).first()
    if member is None:
        raise Http404("No such member")
    member.group = access.get_group_for_user(user, member.group_id, action=access.MANAGE)
    return member


def group_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    group = access.get_group_for_user(user, pk, action=access.MANAGE)
    form = AddMemberForm(_posted(request), group=group)
    if form.is_bound and form.is_valid():
        try:
            member = services_groups.add_member(group=group, organisation=form.cleaned_data["organisation"], by=user)
        except services_groups.AlreadyThere as problem:
            form.add_error("organisation", str(problem))
        else:
            messages.success(request, f"{member.organisation} is now a member of {group.name}")
            return redirect(reverse("governance:group-detail", args=[group.pk]) + "#members")
    status = 400 if form.is_bound else 200
    return render(request, "governance/group_member_add.html", {"form": form, "group": group}, status=status)


def group_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = _get_member(request, pk)
    if request.method == "POST":
        services_groups.remove_member(member=member, by=_user(request))
        messages.success(request, f"{member.organisation} is no longer a member of {member.group.name}")
        return redirect(reverse("governance:group-detail", args=[member.group_id]) + "#members")
    return render(request, "governance/group_member_remove.html", {"member": member, "group": member.group})


def group_representative_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = _get_member(request, pk)
    form = RepresentativeForm(_posted(request), member=member)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            representative = services_groups.add_representative(
                member=member,
                user=data["user"],
                name=data["name"],
                email=data["email"],
                is_deputy=data["is_deputy"],
                by=_user(request),
            )
        except services_groups.AlreadyThere as problem:
            form.add_error("user", str(problem))
        else:
            messages.success(
                request, f"{representative.display_name} now represents {member.organisation} on {member.group.name}"
            )
            return redirect(reverse("governance:group-detail", args=[member.group_id]) + "#members")
    context = {"form": form, "member": member, "group": member.group}
    return render(request, "governance/group_representative_add.html", context, status=400 if form.is_bound else 200)


def group_representative_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    representative = (
        Representative.objects.filter(pk=pk, is_active=True, member__left_on__isnull=True)
        .filter(member__group__in=access.visible_groups(user))
        .select_related("member", "member__organisation", "user")
        .first()
    )
    if representative is None:
        raise Http404("No such representative")
    group = access.get_group_for_user(user, representative.member.group_id, action=access.MANAGE)
    if request.method == "POST":
        services_groups.remove_representative(representative=representative, by=user)
        messages.success(
            request,
            f"{representative.display_name} no longer represents {representative.member.organisation} on {group.name}",
        )
        return redirect(reverse("governance:group-detail", args=[group.pk]) + "#members")
    audit.record(action=AuditAction.VIEW, request=request, obj=representative, object_repr="Representative")
    context = {"representative": representative, "group": group}
    return render(request, "governance/group_representative_remove.html", context)


# The structure


def _outline(tree: structure_rules.Tree, groups: dict[int, Group]) -> dict[str, Any]:
    """One group of the text alternative, with the groups reporting to it."""
    group = groups[tree.node.key]  # type: ignore[index]
    parent = group.reports_to
    outside = parent is not None and parent.pk not in groups
    return {
        "group": group,
        "reports_outside": f"{parent} ({parent.partnership})" if outside and parent is not None else "",
        "children": [_outline(child, groups) for child in tree.children],
    }


def group_structure(request: HttpRequest) -> HttpResponse:
    """Per partnership, the diagram and the same structure as a nested list."""
    user = _user(request)
    if not access.can_see_governance(user):
        raise PermissionDenied
    groups = list(access.visible_groups(user).select_related("reports_to__partnership").order_by("name"))
    sections = []
    for partnership in access.governance_partnerships(user).order_by("name"):
        own = {g.pk: g for g in groups if g.partnership_id == partnership.pk}
        if not own:
            continue
        nodes = [structure_rules.Node(g.pk, g.reports_to_id, g.name, g.get_kind_display()) for g in own.values()]
        diagram = structure_rules.layout(nodes)
        outline = [_outline(tree, own) for tree in diagram.trees]
        sections.append({"partnership": partnership, "diagram": diagram, "outline": outline})
    return render(request, "governance/structure.html", {"sections": sections})


# Scheduling meetings and the rota


def group_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    group = access.get_group_for_user(user, pk, action=access.MANAGE)
    if not group.current_members().exists():
        messages.info(request, f"Add {group.name}'s member organisations first: the rota shares turns between them")
        return redirect(reverse("governance:group-detail", args=[group.pk]) + "#members")
    form = ScheduleForm(_posted(request), group=group)
    if form.is_bound and form.is_valid():
        meetings = services_groups.schedule_meetings(group=group, schedule=form.schedule(), by=user)
        if len(meetings) == 1:
            messages.success(request, f"Meeting scheduled for {timezone.localtime(meetings[0].starts_at):%-d %B %Y}")
        else:
            messages.success(request, f"{len(meetings)} meetings scheduled, with the rota below")
        return redirect(reverse("governance:group-detail", args=[group.pk]) + "#rota")
    context = {"form": form, "group": group}
    return render(request, "governance/group_schedule.html", context, status=400 if form.is_bound else 200)


def _render_rota(request: HttpRequest, meeting: Meeting, form: RotaForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "meeting": meeting, "group": meeting.group}
    return render(request, "governance/group_rota_edit.html", context, status=status)


def group_rota_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change who chairs, takes the minutes and hosts one scheduled meeting. A change made meanwhile by
    someone else is not overwritten: the page comes back with the choices still made (409)."""
    user = _user(request)
    meeting = access.get_meeting_for_user(user, pk, action=access.MANAGE)
    back = reverse("governance:group-detail", args=[meeting.group_id]) + "#rota"
    if meeting.status != MeetingStatus.SCHEDULED:
        messages.info(request, f"The rota of a meeting that is {meeting.get_status_display().lower()} cannot change")
        return redirect(back)
    form = RotaForm(_posted(request), meeting=meeting)
    if not form.is_bound or not form.is_valid():
        return _render_rota(request, meeting, form, status=400 if form.is_bound else 200)
    data = form.cleaned_data
    try:
        services_groups.change_rota(
            meeting=meeting,
            version=data["version"],
            chair=data["chair"],
            minute_taker=data["minute_taker"],
            host=data["host"],
            by=user,
        )
    except services_groups.StaleMeeting:
        meeting.refresh_from_db()
        posted = request.POST.copy()
        posted["version"] = str(meeting.version)  # trying again is judged against the meeting as it is now
        kept = RotaForm(posted, meeting=meeting)
        kept.is_valid()
        kept.add_error(None, CONFLICT)
        return _render_rota(request, meeting, kept, status=409)
    warnings = services_groups.rota_warnings(meeting.group)
    if warnings:
        messages.warning(request, "Rota changed, but it is now uneven: " + "; ".join(warnings))
    else:
        messages.success(request, f"Rota changed for the meeting on {timezone.localtime(meeting.starts_at):%-d %B %Y}")
    return redirect(back)


# Calendar feeds


def _feed_page(request: HttpRequest, *, new_link: str = "", new_feed: CalendarFeed | None = None) -> HttpResponse:
    user = _user(request)
    feeds = {feed.group_id: feed for feed in services_groups.active_feeds(user)}
    groups = access.visible_groups(user).order_by("partnership__name", "name")
    context = {
        "personal_feed": feeds.get(None),
        "group_rows": [{"group": g, "feed": feeds.get(g.pk)} for g in groups],
        "new_link": new_link,
        "new_feed": new_feed,
    }
    return render(request, "governance/calendar_links.html", context)


def calendar_links(request: HttpRequest) -> HttpResponse:
    if not access.can_see_governance(_user(request)):
        raise PermissionDenied
    return _feed_page(request)


@require_POST
def calendar_issue(request: HttpRequest) -> HttpResponse:
    """The new address is shown on this response and never again: only its hash is kept."""
    user = _user(request)
    if not access.can_see_governance(user):
        raise PermissionDenied
    form = FeedForm(request.POST, groups=access.visible_groups(user))
    if not form.is_valid():
        raise Http404("No such group")
    feed, token = services_groups.issue_feed(user=user, group=form.cleaned_data["group"])
    link = request.build_absolute_uri(reverse("governance:calendar-feed", args=[token]))
    response = _feed_page(request, new_link=link, new_feed=feed)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def calendar_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    feed = services_groups.active_feeds(user).filter(pk=pk).first()
    if feed is None:
        raise Http404("No such calendar feed")
    services_groups.revoke_feed(feed=feed, by=user)
    messages.success(request, "That calendar address no longer works")
    return redirect("governance:calendar-links")


def _event(request: HttpRequest, meeting: Meeting, host: str) -> calendar.Event:
    turns = [
        ("Chair", meeting.chair_organisation),
        ("Minutes", meeting.minute_taker_organisation),
        ("Host", meeting.host_organisation),
    ]
    description = [f"{role}: {organisation}" for role, organisation in turns if organisation]
    if meeting.online_link:
        description.append(f"Join online: {meeting.online_link}")
    if meeting.status == MeetingStatus.CANCELLED and meeting.cancelled_reason:
        description.insert(0, f"Cancelled: {meeting.cancelled_reason}")
    page = _optional_url("governance:meeting-detail", meeting.pk) or reverse(
        "governance:group-detail", args=[meeting.group_id]
    )
    return calendar.Event(
        uid=f"governance-meeting-{meeting.pk}@{host}",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at or meeting.starts_at + MEETING_LENGTH_WHEN_UNKNOWN,
        summary=f"{meeting.group.name} meeting",
        location=meeting.location or meeting.online_link,
        description="\n".join(description),
        url=request.build_absolute_uri(page),
        cancelled=meeting.status == MeetingStatus.CANCELLED,
        sequence=meeting.version - 1,
    )


@login_not_required
@require_GET
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Calendar apps cannot sign in: the secret address is the key. An unknown or revoked address, or
    one whose user may no longer see the group, is not found."""
    feed = CalendarFeed.find(token)
    if feed is None:
        raise Http404("No such calendar feed")
    now = timezone.now()
    meetings = services_groups.feed_meetings(feed, since=now - FEED_HISTORY)
    if meetings is None:
        raise Http404("No such calendar feed")
    host = request.get_host().split(":")[0]
    name = feed.group.name if feed.group else f"Meetings for {feed.user}"
    text = calendar.calendar_text([_event(request, m, host) for m in meetings], name=name, now=now)
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
