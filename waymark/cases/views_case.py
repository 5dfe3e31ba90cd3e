"""A case's page: what was reported, the pathway decision and the tasks it created."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners import access as partners_access

from . import access, views_nrm, views_sharing, views_tasks
from .vocabulary import INDICATOR_LABELS


def case_list(request: HttpRequest) -> HttpResponse:
    cases = access.visible_cases(request.user).select_related("partnership", "lead_organisation")  # type: ignore[arg-type]
    return render(
        request,
        "cases/case_list.html",
        {"cases": cases.order_by("-created_at")[:200], "is_coordinator": partners_access.is_coordinator(request.user)},  # type: ignore[arg-type]
    )


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk)  # type: ignore[arg-type]
    audit.record(action=AuditAction.VIEW, request=request, obj=case)
    decision = case.decisions.first()
    panels: dict[str, object] = {}
    for panel in (views_tasks.case_panel, views_nrm.case_panel, views_sharing.case_panel):
        panels.update(panel(request, case))
    return render(
        request,
        "cases/case_detail.html",
        {
            **panels,
            "case": case,
            "people": case.people.all(),
            "tasks": case.tasks.select_related("owner_organisation"),
            "decision": decision,
            "events": case.events.select_related("actor", "organisation")[:200],
            "indicators": [INDICATOR_LABELS.get(i, i) for i in case.indicators],
        },
    )
