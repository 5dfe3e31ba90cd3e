"""GET /api/v1/cases/ and /api/v1/tasks/: cases and their tasks, read-only, under the case pages'
access rules, without the personal data of the people in them. Every read is in the audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from waymark.api.access import api_partnerships
from waymark.api.models import Scope, ServiceToken
from waymark.core import audit
from waymark.core.models import AuditAction

from . import access
from .forms_lists import with_task_counts
from .models import Case, CaseStatus, Task, TaskStatus


def api_cases(request: Any) -> QuerySet[Case]:
    """The cases an API caller may read. A person: what their case pages show. A token acts for its
    organisation: cases in its partnerships that the organisation leads, referred, owns a task on or
    has been shared (the rule `access.visible_cases` applies to a member of that organisation; a
    token never has a coordinator's view)."""
    token = request.auth
    if not isinstance(token, ServiceToken):
        return access.visible_cases(request.user)
    return Case.objects.filter(access.involved_q(token.organisation_id), partnership__in=api_partnerships(request))


def api_tasks(request: Any) -> QuerySet[Task]:
    """Every task of a case the caller may read, as the case page shows them."""
    return Task.objects.filter(case__in=api_cases(request).values("pk"))


def _record_read(request: Request, objects: list[models.Model], *, object_type: str, one: bool = False) -> None:
    """One view entry per call, naming the records returned. A token is not a person, so its entry
    names the token and its organisation instead of a user."""
    token = request.auth
    if not isinstance(token, ServiceToken):
        if one:
            audit.record(action=AuditAction.VIEW, request=request, obj=objects[0])  # type: ignore[arg-type]
        else:
            audit.record_many_viewed(request, objects, object_type=object_type)  # type: ignore[arg-type]
        return
    if not objects:
        return
    audit.record(
        action=AuditAction.VIEW,
        object_type=object_type,
        object_id=str(objects[0].pk) if one else "",
        object_repr=f"{objects[0] if one else f'List of {len(objects)}'} via the API token '{token.name}'"[:200],
        path=request.get_full_path(),
        detail={"ids": [str(o.pk) for o in objects], "token": token.key_id, "organisation": token.organisation_id},
    )


def _choice(request: Request, name: str, choices: Iterable[str]) -> str:
    value = request.query_params.get(name, "")
    if value and value not in choices:
        raise ValidationError({name: [f"Use one of: {', '.join(choices)}"]})
    return value


class TaskCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField(source="tasks_total")
    unfinished = serializers.IntegerField(source="tasks_unfinished", help_text="Open or accepted")
    overdue = serializers.IntegerField(source="tasks_overdue", help_text="Unfinished and past the due date")


class CaseSerializer(serializers.ModelSerializer):
    statistics_category = serializers.CharField(read_only=True, help_text="As the Home Office statistics count it")
    tasks = TaskCountsSerializer(source="*", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "partnership",
            "status",
            "source",
            "lead_organisation",
            "referring_organisation",
            "created_at",
            "exploitation_types",
            "statistics_category",
            "tasks",
        ]


class TaskSerializer(serializers.ModelSerializer):
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Task
        # Free text (outcome, reason) may name people, so it stays on the case page.
        fields = [
            "id",
            "case",
            "case_reference",
            "code",
            "title",
            "owner_organisation",
            "due_date",
            "immediately",
            "status",
            "overdue",
            "created_at",
            "accepted_at",
            "completed_at",
        ]

    def get_overdue(self, task: Task) -> bool:
        unfinished = task.status in {TaskStatus.OPEN, TaskStatus.ACCEPTED}
        return bool(unfinished and task.due_date and task.due_date < timezone.localdate())


class AuditedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    audit_object_type = ""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        _record_read(request, rows, object_type=self.audit_object_type)
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        _record_read(request, [instance], object_type=self.audit_object_type, one=True)
        return Response(self.get_serializer(instance).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("status", str, enum=CaseStatus.values, description="Only cases in this status")]
    )
)
class CaseViewSet(AuditedReadOnlyViewSet):
    """Cases the caller may see, newest first, with counts of their tasks. No personal data."""

    serializer_class = CaseSerializer
    required_scopes = [Scope.CASES_READ]
    audit_object_type = "cases.Case"

    def get_queryset(self) -> QuerySet[Case]:
        cases = with_task_counts(api_cases(self.request)).order_by("-created_at", "-id")
        if self.action == "list":
            status = _choice(self.request, "status", CaseStatus.values)
            if status:
                cases = cases.filter(status=status)
        return cases


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=TaskStatus.values, description="Only tasks in this status"),
            OpenApiParameter("overdue", bool, description="true: only overdue tasks; false: only those not overdue"),
        ]
    )
)
class TaskViewSet(AuditedReadOnlyViewSet):
    """Tasks on the cases the caller may see, in case order."""

    serializer_class = TaskSerializer
    required_scopes = [Scope.TASKS_READ]
    audit_object_type = "cases.Task"

    def get_queryset(self) -> QuerySet[Task]:
        tasks = api_tasks(self.request).select_related("case").order_by("case_id", "order", "id")
        if self.action == "list":
            status = _choice(self.request, "status", TaskStatus.values)
            if status:
                tasks = tasks.filter(status=status)
            overdue = _choice(self.request, "overdue", ["true", "false"])
            if overdue:
                late = Task.objects.overdue().values("pk")
                tasks = tasks.filter(pk__in=late) if overdue == "true" else tasks.exclude(pk__in=late)
        return tasks
