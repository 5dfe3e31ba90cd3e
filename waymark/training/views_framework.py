"""The framework pages: a partnership's levels and cohorts (members read them, coordinators add and
change them and may restore the defaults), and the cohort tool on its own ("Which cohort?")."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from . import access, services, services_framework
from .forms_framework import CONFLICT, CohortForm, CohortToolForm, LevelForm, RestoreDefaultsForm
from .models import Cohort, TrainingLevel


def _user(request: HttpRequest) -> Any:
    return request.user


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _status(form: Any) -> int:
    return 400 if form.is_bound else 200


def _by_partnership(records: QuerySet[Any], user: Any) -> list[dict[str, Any]]:
    """Records grouped under their partnership, each group saying whether the user manages it."""
    groups = []
    for partnership, items in groupby(records, key=lambda record: record.partnership):
        may_manage = access.can_manage_framework(user, partnership.pk)
        groups.append({"partnership": partnership, "items": list(items), "may_manage": may_manage})
    return groups


def _kept(form_class: type, request: HttpRequest, obj: Any, **kwargs: Any) -> Any:
    """The form as the user filled it in, judged against the record as it is now, with the conflict
    message: nothing typed is lost."""
    data = request.POST.copy()
    data["version"] = str(obj.version)
    kept = form_class(data, **kwargs)
    kept.is_valid()
    kept.add_error(None, CONFLICT)
    return kept


# Levels


def level_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    levels = access.visible_levels(user).select_related("partnership").order_by("partnership__name", "number")
    context = {"groups": _by_partnership(levels, user), "may_add": access.manageable_partnerships(user).exists()}
    return render(request, "training/level_list.html", context)


def level_add(request: HttpRequest) -> HttpResponse:
    partnerships = access.manageable_partnerships(_user(request))
    if not partnerships.exists():
        raise PermissionDenied
    form = LevelForm(_posted(request), partnerships=partnerships)
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        level = services_framework.add_level(by=_user(request), **data)
        messages.success(request, f"Level added: {level}")
        return redirect("training:level-list")
    context = {"form": form, "title": "Add a level", "button": "Add the level"}
    return render(request, "training/level_form.html", context, status=_status(form))


def level_edit(request: HttpRequest, pk: int) -> HttpResponse:
    level = access.get_level_for_user(_user(request), pk, action=access.MANAGE)
    form = LevelForm(_posted(request), level=level)
    status = _status(form)
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services_framework.update_level(level=level, by=_user(request), **data)
        except services_framework.StaleFramework:
            level.refresh_from_db()
            form, status = _kept(LevelForm, request, level, level=level), 409
        else:
            messages.success(request, f"Level saved: {level}")
            return redirect("training:level-list")
    context = {"form": form, "level": level, "title": f"Change {level}", "button": "Save the level"}
    return render(request, "training/level_form.html", context, status=status)


# Cohorts


def cohort_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    cohorts = (
        access.visible_cohorts(user)
        .select_related("partnership", "required_level")
        .order_by("partnership__name", "-is_active", "order", "name")
    )
    context = {
        "groups": _by_partnership(cohorts, user),
        "may_add": access.manageable_partnerships(user).exists(),
    }
    return render(request, "training/cohort_list.html", context)


def _levels_for(user: Any, partnership_id: int | None = None) -> QuerySet[TrainingLevel]:
    ids = (
        [partnership_id] if partnership_id else list(access.manageable_partnerships(user).values_list("pk", flat=True))
    )
    return TrainingLevel.objects.filter(partnership_id__in=ids).order_by("partnership__name", "number")


def cohort_add(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    partnerships = access.manageable_partnerships(user)
    if not partnerships.exists():
        raise PermissionDenied
    form = CohortForm(_posted(request), levels=_levels_for(user), partnerships=partnerships)
    if form.is_bound and form.is_valid():
        cohort = services_framework.add_cohort(by=user, **form.cleaned_data)
        messages.success(request, f"Cohort added: {cohort}")
        return redirect("training:cohort-list")
    context = {"form": form, "title": "Add a cohort", "button": "Add the cohort"}
    return render(request, "training/cohort_form.html", context, status=_status(form))


def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cohort = access.get_cohort_for_user(user, pk, action=access.MANAGE)
    levels = _levels_for(user, cohort.partnership_id)
    form = CohortForm(_posted(request), levels=levels, cohort=cohort)
    status = _status(form)
    if form.is_bound and form.is_valid():
        try:
            services_framework.update_cohort(cohort=cohort, by=user, **form.cleaned_data)
        except services_framework.StaleFramework:
            cohort = Cohort.objects.select_related("required_level").get(pk=cohort.pk)
            form, status = _kept(CohortForm, request, cohort, levels=levels, cohort=cohort), 409
        else:
            messages.success(request, f"Cohort saved: {cohort}")
            return redirect("training:cohort-list")
    context = {"form": form, "cohort": cohort, "title": f"Change {cohort}", "button": "Save the cohort"}
    return render(request, "training/cohort_form.html", context, status=status)


def cohort_restore_defaults(request: HttpRequest) -> HttpResponse:
    """Add back any default level or cohort the partnership does not have; its own are kept."""
    user = _user(request)
    partnerships = access.manageable_partnerships(user)
    if not partnerships.exists():
        raise PermissionDenied
    form = RestoreDefaultsForm(_posted(request), partnerships=partnerships)
    if form.is_bound and form.is_valid():
        partnership = form.cleaned_data["partnership"]
        levels, cohorts = services.seed_default_framework(partnership=partnership, by=user)
        if levels or cohorts:
            messages.success(
                request,
                f"Restored {levels} level{'' if levels == 1 else 's'} and "
                f"{cohorts} cohort{'' if cohorts == 1 else 's'} for {partnership}",
            )
        else:
            messages.success(request, f"{partnership} already has every default level and cohort: nothing changed")
        return redirect("training:cohort-list")
    context = {"form": form, "several": partnerships.count() > 1, "partnership": partnerships.first()}
    return render(request, "training/cohort_restore.html", context, status=_status(form))


# The cohort tool on its own


def cohort_tool(request: HttpRequest) -> HttpResponse:
    """Which cohort? Answer five questions about a role; see the cohort it belongs in, and why. It
    changes nothing, so the answers go in the address (GET) and the result can be shared."""
    user = _user(request)
    if not access.can_see_training(user):
        raise PermissionDenied
    partnerships = access.training_partnerships(user).order_by("name")
    form = CohortToolForm(request.GET or None, partnerships=partnerships)
    suggestion = None
    if form.is_bound and form.is_valid():
        partnership = form.cleaned_data.get("partnership") or partnerships.first()
        cohort, reason = services.suggest_cohort_for(partnership=partnership, answers=form.answers())
        suggestion = {"cohort": cohort, "reason": reason, "partnership": partnership}
    context = {"form": form, "suggestion": suggestion, "answers": form.answer_items() if suggestion else []}
    return render(request, "training/cohort_tool.html", context, status=_status(form) if not suggestion else 200)
