"""The list of cases a user may see, with filters; and a case's page: what was reported, the pathway
decision and the tasks it created."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.paging import CountedPaginator
from waymark.partners import access as partners_access
from waymark.people.models import NameKind, PersonName

from . import (
    access,
    holdings,
    list_counts,
    views_closing,
    views_notes,
    views_nrm,
    views_sharing,
    views_support,
    views_tasks,
)
from .forms_lists import CaseFilterForm, with_task_counts
from .models import Case, CasePerson, CaseStatus
from .vocabulary import INDICATOR_LABELS

LIST_COLUMNS = (
    "pk",
    "reference",
    "status",
    "created_at",
    "partnership__name",
    "lead_organisation__name",
    "tasks_total",
    "tasks_unfinished",
    "tasks_overdue",
)
STATUS_LABELS = dict(CaseStatus.choices)


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list, ready to show (templates/cases/case_list.html)."""

    pk: int
    url: str
    reference: str
    partnership: str
    status: str
    lead: str
    tasks_total: int
    tasks_unfinished: int
    tasks_overdue: int
    opened: str  # "5 Mar 2026", in UK time


def list_rows(values: Iterable[dict[str, Any]]) -> list[CaseRow]:
    # One reverse for the page, not one per row: every case's address has the same shape.
    marker = 2_147_483_647
    address = reverse("cases:case-detail", args=[marker])
    return [
        CaseRow(
            pk=v["pk"],
            url=address.replace(str(marker), str(v["pk"])),
            reference=v["reference"],
            partnership=v["partnership__name"],
            status=STATUS_LABELS.get(v["status"], v["status"]),
            lead=v["lead_organisation__name"] or "Not yet assigned",
            tasks_total=v["tasks_total"],
            tasks_unfinished=v["tasks_unfinished"],
            tasks_overdue=v["tasks_overdue"],
            opened=dateformat.format(timezone.localtime(v["created_at"]), "j M Y"),
        )
        for v in values
    ]


def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    filtering = bool(set(request.GET) - {"page"})
    form = CaseFilterForm(
        request.GET if filtering else None,
        organisations=partners_access.visible_organisations(user).order_by("name"),  # type: ignore[arg-type]
    )
    # One count for the status summary and the pager, cached until a case in the user's
    # partnerships changes (list_counts): on a large partnership, counting costs more than the page.
    # Counting looks at every case, the page at the newest few: each has its own form of the
    # visibility rule (access.involved_q).
    cases = form.filter(access.visible_cases(user))  # type: ignore[arg-type]
    by_status = list_counts.cached_for(
        user,  # type: ignore[arg-type]
        "case-list-status-counts",
        sorted((key, request.GET.getlist(key)) for key in request.GET if key != "page"),
        lambda: dict(cases.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")),
    )
    page = CountedPaginator(
        # Only what the table shows, as plain values: a page of 50 cases costs less to fetch and to
        # show than 50 model objects (the list is the page users open most).
        with_task_counts(form.filter(access.visible_cases(user, row_by_row=True)))  # type: ignore[arg-type]
        .order_by("-created_at", "-id")
        .values(*LIST_COLUMNS),
        50,
        count=sum(by_status.values()),
    ).get_page(request.GET.get("page"))
    page.object_list = list_rows(page.object_list)
    audit.record_many_viewed(request, page.object_list, object_type="cases.Case")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "form_html": mark_safe(form.as_html()),  # noqa: S308 - the form's own rendering
            "page": page,
            "query": query.urlencode(),
            "status_counts": [(label, by_status.get(value, 0)) for value, label in CaseStatus.choices],
            "is_coordinator": partners_access.is_coordinator(user),  # type: ignore[arg-type]
        },
    )


def people_on(case: Case) -> QuerySet[CasePerson]:
    """The case's people, each with the name in use on their person record if they have one
    (templates/cases/_panel_people.html): one query more at most, however many people."""
    primary = PersonName.objects.filter(kind=NameKind.PRIMARY)
    return case.people.select_related("person").prefetch_related(
        Prefetch("person__names", queryset=primary, to_attr="primary_names")
    )


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_user(request.user, pk)  # type: ignore[arg-type]
    audit.record(action=AuditAction.VIEW, request=request, obj=case)
    holdings.note_what_the_case_holds(case)
    decision = case.latest_decision
    panels: dict[str, object] = {}
    for panel in (
        views_tasks.case_panel,
        views_nrm.case_panel,
        views_sharing.case_panel,
        views_notes.case_panel,
        views_support.case_panel,
        views_closing.case_panel,
    ):
        panels.update(panel(request, case))
    return render(
        request,
        "cases/case_detail.html",
        {
            **panels,
            "case": case,
            "people": people_on(case),
            "tasks": case.tasks.select_related("owner_organisation"),
            "decision": decision,
            "events": case.events.select_related("actor", "organisation")[:200],
            "indicators": [INDICATOR_LABELS.get(i, i) for i in case.indicators],
        },
    )
