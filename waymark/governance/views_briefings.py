"""The monthly briefing: the archive of briefings, starting one for a month, a briefing's page,
editing the draft and sending it to the representatives."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from . import access, services_briefings
from . import briefing as composing
from .forms_briefings import CONFLICT, BriefingForm, SendBriefingForm, StartBriefingForm
from .models import Briefing, BriefingStatus


def _user(request: HttpRequest) -> Any:
    return request.user


def _body_html(briefing: Briefing) -> str:
    return mark_safe(composing.to_html(briefing.body))  # noqa: S308 - to_html escapes every character typed


def briefing_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    briefings = access.visible_briefings(user).select_related("partnership").order_by("-month", "partnership__name")
    context = {
        "briefings": briefings,
        "several_partnerships": access.governance_partnerships(user).count() > 1,
        "may_add": access.manageable_partnerships(user).exists(),
    }
    return render(request, "governance/briefing_list.html", context)


def briefing_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnerships = access.manageable_partnerships(user)
    if not partnerships.exists():
        raise PermissionDenied
    form = StartBriefingForm(request.POST if request.method == "POST" else None, partnerships=partnerships)
    if form.is_bound and form.is_valid():
        partnership = form.chosen_partnership(form.cleaned_data)
        assert partnership is not None
        try:
            briefing = services_briefings.start_briefing(
                partnership=partnership, month=form.cleaned_data["month"], by=user
            )
        except services_briefings.NotNow as problem:
            form.add_error("month", str(problem))
        else:
            messages.success(request, f"{briefing.title} started from what happened that month. Edit it, then send it.")
            return redirect("governance:briefing-edit", pk=briefing.pk)
    return render(request, "governance/briefing_add.html", {"form": form}, status=400 if form.is_bound else 200)


def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    briefing = access.get_briefing_for_user(user, pk)
    context = {
        "briefing": briefing,
        "body_html": _body_html(briefing),
        "may_manage": access.can_manage(user, briefing.partnership_id) and briefing.status == BriefingStatus.DRAFT,
    }
    return render(request, "governance/briefing_detail.html", context)


def _already_sent(request: HttpRequest, briefing: Briefing) -> HttpResponse:
    messages.info(request, f"{briefing.title} has been sent, so it can no longer be changed")
    return redirect("governance:briefing-detail", pk=briefing.pk)


def briefing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    briefing = access.get_briefing_for_user(user, pk, action=access.MANAGE)
    if briefing.status != BriefingStatus.DRAFT:
        return _already_sent(request, briefing)
    form = BriefingForm(request.POST if request.method == "POST" else None, briefing=briefing)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                briefing = services_briefings.update_briefing(
                    briefing=briefing,
                    version=form.cleaned_data["version"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    by=user,
                )
            except services_briefings.StaleRecord:
                briefing = access.get_briefing_for_user(user, pk)
                if briefing.status != BriefingStatus.DRAFT:
                    return _already_sent(request, briefing)
                data = request.POST.copy()
                data["version"] = str(briefing.version)
                form = BriefingForm(data, briefing=briefing)
                form.is_valid()
                form.add_error(None, CONFLICT)
                status = 409
            except services_briefings.NotNow:
                return _already_sent(request, briefing)
            else:
                messages.success(request, f"{briefing.title} saved")
                return redirect("governance:briefing-detail", pk=briefing.pk)
    context = {"form": form, "briefing": briefing, "conflict": status == 409, "body_html": _body_html(briefing)}
    return render(request, "governance/briefing_edit.html", context, status=status)


def briefing_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then e-mail the briefing to every current representative."""
    user = _user(request)
    briefing = access.get_briefing_for_user(user, pk, action=access.MANAGE)
    if briefing.status != BriefingStatus.DRAFT:
        return _already_sent(request, briefing)
    form = SendBriefingForm(request.POST if request.method == "POST" else None, briefing=briefing)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                briefing = services_briefings.send_briefing(
                    briefing=briefing, version=form.cleaned_data["version"], by=user
                )
            except services_briefings.StaleRecord:
                briefing = access.get_briefing_for_user(user, pk)
                if briefing.status != BriefingStatus.DRAFT:
                    return _already_sent(request, briefing)
                form = SendBriefingForm(briefing=briefing)
                messages.info(
                    request, "Someone changed the briefing since you opened it. Check it below, then send it."
                )
                status = 409
            except services_briefings.NotNow as problem:
                form.add_error(None, str(problem))
            else:
                count = briefing.recipients_count
                messages.success(request, f"{briefing.title} sent to {count} representative{'s' if count != 1 else ''}")
                return redirect("governance:briefing-detail", pk=briefing.pk)
    context = {
        "form": form,
        "briefing": briefing,
        "recipient_count": len(services_briefings.recipients(briefing.partnership)),
        "body_html": _body_html(briefing),
    }
    return render(request, "governance/briefing_send.html", context, status=status)
