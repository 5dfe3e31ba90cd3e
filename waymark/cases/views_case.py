"""The list of cases a user may see, with filters; and a case's page: what was reported, the pathway
decision and the tasks it created."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.paging import CountedPaginator
from waymark.partners import access as partners_access
from waymark.people.models import NameKind, PersonName

from . import access, list_counts, views_closing, views_notes, views_nrm, views_sharing, views_support, views_tasks
from .forms_lists import CaseFilterForm, with_task_counts
from .models import Case, CasePerson, CaseStatus
from .vocabulary import INDICATOR_LABELS

LIST_COLUMNS = ("reference", "status", "created_at", "partnership__name", "lead_organisation__name")


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
        # Only what the table shows: a page of 50 cases costs less to fetch and to build.
        with_task_counts(
            form.filter(access.visible_cases(user, row_by_row=True))  # type: ignore[arg-type]
            .select_related("partnership", "lead_organisation")
            .only(*LIST_COLUMNS)
        ).order_by("-created_at", "-id"),
        50,
        count=sum(by_status.values()),
    ).get_page(request.GET.get("page"))
    audit.record_many_viewed(request, page.object_list, object_type="cases.Case")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
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
