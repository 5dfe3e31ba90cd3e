"""Awareness raising pages: events (the list with the people reached each year, an event's page,
adding and editing) and the materials library (the list, a material's page, adding, editing, a new
version, and its file, downloaded only through this access-checked view).

Members of a partnership (and of those below it) read; its coordinators add and edit
(access.get_awareness_event_for_user and get_awareness_material_for_user, action "manage")."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from waymark.cases import documents
from waymark.partners.models import Organisation, Partnership

from . import access, services_awareness
from .forms_awareness import CONFLICT, EventForm, MaterialForm
from .models import AwarenessEvent, AwarenessMaterial


def _user(request: HttpRequest) -> Any:
    return request.user


def _kept_after_conflict(form_class: type[Form], request: HttpRequest, current: Any, noun: str, **kwargs: Any) -> Form:
    """What the user typed, judged against the record as it is now, with the conflict explained."""
    data = request.POST.copy()
    data["version"] = str(current.version)  # so that trying again is judged against the record as it is now
    kept = form_class(data, request.FILES or None, **kwargs)
    kept.is_valid()
    kept.add_error(None, CONFLICT.format(noun=noun))
    return kept


def _may_manage(user: Any, partnership_id: int) -> bool:
    return access.can_manage_framework(user, partnership_id)


# Events


def _organisations(partnerships: QuerySet[Partnership], event: AwarenessEvent | None = None) -> QuerySet[Organisation]:
    """The partnership's organisations, and any already named on the event (one may have left since)."""
    members = Organisation.objects.active().in_partnerships(partnerships).values("pk")
    named = event.organisations.values("pk") if event is not None else Organisation.objects.none().values("pk")
    return Organisation.objects.filter(Q(pk__in=members) | Q(pk__in=named)).order_by("name")


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_see_training(user):
        raise PermissionDenied
    events = list(access.visible_awareness_events(user).select_related("partnership").prefetch_related("organisations"))
    context = {
        "years": services_awareness.reach_by_year(events),
        "several_partnerships": len({event.partnership_id for event in events}) > 1,
        "may_add": access.manageable_partnerships(user).exists(),
    }
    return render(request, "training/awareness_event_list.html", context)


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    event = access.get_awareness_event_for_user(user, pk)
    context = {"event": event, "may_manage": _may_manage(user, event.partnership_id)}
    return render(request, "training/awareness_event_detail.html", context)


def event_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnerships = access.manageable_partnerships(user)
    if not partnerships.exists():
        raise PermissionDenied
    form = EventForm(
        request.POST if request.method == "POST" else None,
        partnerships=partnerships,
        organisations=_organisations(partnerships),
    )
    if form.is_bound and form.is_valid():
        event = services_awareness.add_event(partnership=form.chosen_partnership(), by=user, **form.changes())
        messages.success(request, f"Event added: {event.title}")
        return redirect("training:awareness-event-detail", pk=event.pk)
    context = {"form": form, "title": "Add an awareness event", "button": "Add the event"}
    return render(request, "training/awareness_event_form.html", context, status=400 if form.is_bound else 200)


def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    event = access.get_awareness_event_for_user(user, pk, action=access.MANAGE)
    kwargs: dict[str, Any] = {
        "event": event,
        "organisations": _organisations(Partnership.objects.filter(pk=event.partnership_id), event),
    }
    form: Any = EventForm(request.POST if request.method == "POST" else None, **kwargs)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                event = services_awareness.update_event(
                    event=event, version=form.cleaned_data["version"], by=user, **form.changes()
                )
            except services_awareness.StaleRecord:
                event = access.get_awareness_event_for_user(user, pk)
                form = _kept_after_conflict(EventForm, request, event, "event", **{**kwargs, "event": event})
                status = 409
            else:
                messages.success(request, f"Event updated: {event.title}")
                return redirect("training:awareness-event-detail", pk=event.pk)
    context = {
        "form": form,
        "event": event,
        "title": "Edit the event",
        "button": "Save changes",
        "conflict": status == 409,
    }
    return render(request, "training/awareness_event_form.html", context, status=status)


# The materials library


@require_GET
def material_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_see_training(user):
        raise PermissionDenied
    show_all = request.GET.get("show") == "all"
    materials = access.visible_awareness_materials(user).select_related("partnership")
    if not show_all:
        materials = materials.filter(is_current=True)
    materials = materials.order_by("title", "-is_current", "-created_at")
    context = {
        "materials": materials,
        "show_all": show_all,
        "today": timezone.localdate(),
        "several_partnerships": len(access.menu_partnership_ids(user)) > 1,
        "may_add": access.manageable_partnerships(user).exists(),
    }
    return render(request, "training/awareness_material_list.html", context)


@require_GET
def material_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    material = access.get_awareness_material_for_user(user, pk)
    # Versions are separate records; those of the same title in the same partnership are its others.
    others = (
        access.visible_awareness_materials(user)
        .filter(partnership_id=material.partnership_id, title__iexact=material.title)
        .exclude(pk=material.pk)
        .order_by("-created_at")
    )
    context = {
        "material": material,
        "others": others,
        "today": timezone.localdate(),
        "may_manage": _may_manage(user, material.partnership_id),
    }
    return render(request, "training/awareness_material_detail.html", context)


def material_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnerships = access.manageable_partnerships(user)
    if not partnerships.exists():
        raise PermissionDenied
    form = MaterialForm(request.POST or None, request.FILES or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        material = services_awareness.add_material(
            partnership=form.chosen_partnership(),
            by=user,
            upload=form.cleaned_data.get("file"),
            file_kind=form.file_kind,
            **form.changes(),
        )
        messages.success(request, f"Added to the library: {material}")
        return redirect("training:awareness-material-detail", pk=material.pk)
    context = {"form": form, "title": "Add a material", "button": "Add to the library"}
    status = 400 if request.method == "POST" else 200
    return render(request, "training/awareness_material_form.html", context, status=status)


def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    material = access.get_awareness_material_for_user(user, pk, action=access.MANAGE)
    form: Any = MaterialForm(request.POST if request.method == "POST" else None, material=material)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                material = services_awareness.update_material(
                    material=material, version=form.cleaned_data["version"], by=user, **form.changes()
                )
            except services_awareness.StaleRecord:
                material = access.get_awareness_material_for_user(user, pk)
                form = _kept_after_conflict(MaterialForm, request, material, "material", material=material)
                status = 409
            else:
                messages.success(request, f"Material updated: {material}")
                return redirect("training:awareness-material-detail", pk=material.pk)
    context = {
        "form": form,
        "material": material,
        "title": "Edit the material",
        "button": "Save changes",
        "conflict": status == 409,
    }
    return render(request, "training/awareness_material_form.html", context, status=status)


def material_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a new version: it becomes the current one; the one it replaces stays, marked not current."""
    user = _user(request)
    previous = access.get_awareness_material_for_user(user, pk, action=access.MANAGE)
    if not previous.is_current:
        messages.info(request, f"{previous} has already been replaced or withdrawn, so it has no new version")
        return redirect("training:awareness-material-detail", pk=previous.pk)
    form: Any = MaterialForm(request.POST or None, request.FILES or None, previous=previous)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                material = services_awareness.new_material_version(
                    previous=previous,
                    version=form.cleaned_data["version"],
                    by=user,
                    upload=form.cleaned_data.get("file"),
                    file_kind=form.file_kind,
                    **form.changes(),
                )
            except services_awareness.StaleRecord:
                previous = access.get_awareness_material_for_user(user, pk)
                form = _kept_after_conflict(MaterialForm, request, previous, "material", previous=previous)
                status = 409
            else:
                messages.success(request, f"New version added: {material}. The one it replaces is no longer current.")
                return redirect("training:awareness-material-detail", pk=material.pk)
    context = {
        "form": form,
        "material": previous,
        "new_version": True,
        "title": "Upload a new version",
        "button": "Add the new version",
        "conflict": status == 409,
    }
    return render(request, "training/awareness_material_form.html", context, status=status)


@require_GET
def material_file(request: HttpRequest, pk: int) -> FileResponse:
    """The material's file, for anyone who may read the library, as an attachment."""
    material: AwarenessMaterial = access.get_awareness_material_for_user(_user(request), pk)
    try:
        stored = services_awareness.open_material_file(material)
    except FileNotFoundError:
        raise Http404("The material has no file") from None
    kind = documents.identify(stored)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=documents.download_name(material.file_name or material.title, kind),
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
