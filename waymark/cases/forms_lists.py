"""The case and task lists' filters and counts: what a caseworker may narrow a list by, how each
narrows it, and the task counts each case row shows (pages and API alike)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Cast, Coalesce

from waymark.partners.models import Organisation

from .models import Case, CaseSource, CaseStatus, Task
from .vocabulary import ExploitationType

if TYPE_CHECKING:
    from waymark.accounts.models import User


def with_exploitation_type(cases: QuerySet[Case], code: str) -> QuerySet[Case]:
    """Cases whose exploitation types include `code`. JSON `contains` is not available on SQLite, so
    match the quoted code in the stored JSON text, which works the same on PostgreSQL."""
    return cases.annotate(exploitation_types_text=Cast("exploitation_types", TextField())).filter(
        exploitation_types_text__contains=f'"{code}"'
    )


def _count_of(tasks: QuerySet[Task]) -> Coalesce:
    counted = tasks.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_task_counts(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case with `tasks_total`, `tasks_unfinished` and `tasks_overdue`, counted in the same
    query (subqueries, so the counts stay right however the visibility rule joins tasks)."""
    return cases.annotate(
        tasks_total=_count_of(Task.objects.all()),
        tasks_unfinished=_count_of(Task.objects.unfinished()),
        tasks_overdue=_count_of(Task.objects.overdue()),
    )


def with_overdue_tasks(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.filter(Exists(Task.objects.overdue().filter(case=OuterRef("pk"))))


_EMPTY_FILTER_FORMS: dict[tuple[tuple[int, str], ...], str] = {}


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label="Reference or words in what happened",
        required=False,
        max_length=100,
        help_text="For example TF-2026-000123 or car wash",
        error_messages={"max_length": "Search words must be 100 characters or fewer"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *CaseStatus.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    lead_organisation = forms.ModelChoiceField(
        label="Lead organisation",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="Any organisation",
        error_messages={"invalid_choice": "Select a lead organisation from the list"},
    )
    exploitation_type = forms.ChoiceField(
        label="Type of exploitation",
        required=False,
        choices=[("", "Any type"), *ExploitationType.choices],
        error_messages={"invalid_choice": "Select a type of exploitation from the list"},
    )
    source = forms.ChoiceField(
        label="Reported by",
        required=False,
        choices=[("", "Anyone"), *CaseSource.choices],
        error_messages={"invalid_choice": "Select who reported it from the list"},
    )
    overdue = forms.BooleanField(label="Only cases with overdue tasks", required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisations  # type: ignore[attr-defined]

    def as_html(self) -> str:
        """The form as HTML. The empty form is the same for everyone offered the same organisations,
        and building it costs more than the rest of the case list: it is built once per list of
        organisations and kept in the process."""
        if self.is_bound:
            return str(self.render())
        organisations = tuple(self.fields["lead_organisation"].queryset.values_list("pk", "name"))  # type: ignore[attr-defined]
        html = _EMPTY_FILTER_FORMS.get(organisations)
        if html is None:
            if len(_EMPTY_FILTER_FORMS) >= 100:  # a few kinds of user per partnership: never many
                _EMPTY_FILTER_FORMS.clear()
            html = _EMPTY_FILTER_FORMS[organisations] = str(self.render())
        return html

    def filter(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        """Narrow `cases` by every filter that is valid; one with an error is left out, and the page
        says why."""
        if not self.is_bound:
            return cases
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            words = data["q"].strip()
            cases = cases.filter(Q(reference__icontains=words) | Q(what_happened__icontains=words))
        if data.get("status"):
            cases = cases.filter(status=data["status"])
        if data.get("lead_organisation"):
            cases = cases.filter(lead_organisation=data["lead_organisation"])
        if data.get("exploitation_type"):
            cases = with_exploitation_type(cases, data["exploitation_type"])
        if data.get("source"):
            cases = cases.filter(source=data["source"])
        if data.get("overdue"):
            cases = with_overdue_tasks(cases)
        return cases


class MyTasksFilterForm(forms.Form):
    naming_me = forms.BooleanField(label="Only tasks naming me", required=False)

    def filter(self, tasks: QuerySet[Task], *, user: User) -> QuerySet[Task]:
        if self.is_bound and self.is_valid() and self.cleaned_data["naming_me"]:
            return tasks.filter(owner_user=user)
        return tasks
