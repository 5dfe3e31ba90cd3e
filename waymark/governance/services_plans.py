"""Writing the action plan: plans, their priorities (and their order), actions, progress updates
with evidence, and importing a plan from a spreadsheet. Each write records an audit event; a change
to an action is refused if someone else changed it first (StaleAction)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from waymark.cases import documents
from waymark.cases.models import PrivateStorage
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Organisation, Partnership

from .models import ActionPlan, Meeting, PlanAction, Priority, ProgressUpdate
from .plan_import import Row

if TYPE_CHECKING:
    from waymark.accounts.models import User

XLSX = documents.DocumentKind(
    "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", (".xlsx",)
)
EVIDENCE_KINDS = (*documents.KINDS, XLSX)
EVIDENCE_ACCEPT = ",".join(ext for kind in EVIDENCE_KINDS for ext in kind.extensions)
ACTION_FIELDS = (
    "reference",
    "description",
    "lead_organisation",
    "lead_person",
    "estimated_completion",
    "is_ongoing",
    "success_criteria",
    "rag",
    "report_back_meeting",
)


class StaleAction(Exception):
    """Someone else changed the action after the form was shown (its version moved on)."""


# Evidence files


def identify_evidence(file: IO[bytes]) -> documents.DocumentKind | None:
    """PDF, DOC, DOCX, JPG or PNG (judged by content, as case documents are), or an XLSX workbook
    without macros. Leaves the file rewound."""
    kind = documents.identify(file)
    if kind is not None:
        return kind
    try:
        file.seek(0)
        if file.read(4) != b"PK\x03\x04":
            return None
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names and "xl/vbaProject.bin" not in names:
        return XLSX
    return None


def open_evidence(update: ProgressUpdate) -> Any:
    """The stored evidence file, opened for reading. Raises FileNotFoundError if there is none."""
    if not update.evidence.name:
        raise FileNotFoundError("The update has no evidence file")
    return PrivateStorage().open(update.evidence.name, "rb")


# Plans and priorities


def _changes(obj: Any, fields: dict[str, Any]) -> dict[str, list[str]]:
    changed = {}
    for name, value in fields.items():
        before = getattr(obj, name)
        if before != value:
            changed[name] = [str(before or ""), str(value or "")]
        setattr(obj, name, value)
    return changed


@transaction.atomic
def create_plan(
    *, partnership: Partnership, title: str, period_start: date, period_end: date, status: str, by: User
) -> ActionPlan:
    plan = ActionPlan.objects.create(
        partnership=partnership,
        title=title,
        period_start=period_start,
        period_end=period_end,
        status=status,
        created_by=by,
    )
    audit.record(action=AuditAction.CREATE, user=by, obj=plan, detail={"partnership": partnership.pk})
    return plan


@transaction.atomic
def update_plan(*, plan: ActionPlan, by: User, **fields: Any) -> ActionPlan:
    changed = _changes(plan, fields)
    plan.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=plan, detail=changed)
    return plan


@transaction.atomic
def add_priority(*, plan: ActionPlan, title: str, description: str, by: User) -> Priority:
    last = plan.priorities.aggregate(last=Max("order"))["last"] or 0
    priority = Priority.objects.create(plan=plan, order=last + 1, title=title, description=description)
    audit.record(action=AuditAction.CREATE, user=by, obj=priority, detail={"plan": plan.pk})
    return priority


@transaction.atomic
def update_priority(*, priority: Priority, title: str, description: str, by: User) -> Priority:
    changed = _changes(priority, {"title": title, "description": description})
    priority.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=priority, detail=changed)
    return priority


@transaction.atomic
def move_priority(*, priority: Priority, up: bool, by: User) -> bool:
    """Swap the priority with the one above (or below) it. False if it is already first (or last)."""
    siblings = list(Priority.objects.select_for_update().filter(plan_id=priority.plan_id).order_by("order", "id"))
    index = next(i for i, p in enumerate(siblings) if p.pk == priority.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings, start=1):  # renumbered, so equal orders cannot stick
        if sibling.order != order:
            sibling.order = order
            sibling.save(update_fields=["order"])
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=priority,
        detail={"order": [index + 1, other + 1]},
    )
    return True


# Actions


@transaction.atomic
def add_action(*, priority: Priority, by: User, **fields: Any) -> PlanAction:
    last = priority.actions.aggregate(last=Max("order"))["last"] or 0
    action = PlanAction.objects.create(priority=priority, order=last + 1, **fields)
    audit.record(action=AuditAction.CREATE, user=by, obj=action, detail={"priority": priority.pk})
    return action


def _claim(action: PlanAction, version: int) -> PlanAction:
    """Move the action to its next version, or refuse if it is no longer at `version`. The
    conditional UPDATE is the guard: of two people sending the same version, only one matches."""
    if not PlanAction.objects.filter(pk=action.pk, version=version).update(version=version + 1):
        raise StaleAction
    return PlanAction.objects.select_related("priority", "priority__plan").get(pk=action.pk)


@transaction.atomic
def update_action(*, action: PlanAction, version: int, by: User, **fields: Any) -> PlanAction:
    action = _claim(action, version)
    changed = _changes(action, {name: fields[name] for name in ACTION_FIELDS if name in fields})
    action.updated_at = timezone.now()
    action.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=action, detail=changed)
    return action


def record_progress(
    *,
    action: PlanAction,
    version: int,
    on: date,
    text: str,
    rag: str,
    evidence: UploadedFile | None,
    evidence_link: str,
    by: User,
) -> ProgressUpdate:
    """A dated update, which sets the action's status. The evidence file is stored (under a random
    name, outside the web root) before the row is written, and removed again if writing fails."""
    update = ProgressUpdate(date=on, text=text, rag_at_update=rag, evidence_link=evidence_link, recorded_by=by)
    storage = PrivateStorage()
    stored = ""
    if evidence is not None:
        field: Any = ProgressUpdate._meta.get_field("evidence")
        stored = storage.save(field.generate_filename(update, evidence.name or "evidence"), evidence, max_length=200)
        update.evidence.name = stored
        update.evidence_name = documents.download_name(evidence.name or "", None)[:255]
    try:
        with transaction.atomic():
            fresh = _claim(action, version)
            before = fresh.rag
            update.plan_action = fresh
            update.save()
            fresh.rag = rag
            fresh.updated_at = timezone.now()
            fresh.save(update_fields=["rag", "updated_at"])
            audit.record(
                action=AuditAction.CREATE,
                user=by,
                obj=update,
                detail={"plan_action": fresh.pk, "rag": [before, rag], "evidence": bool(stored)},
            )
    except BaseException:
        if stored:
            storage.delete(stored)
        raise
    return update


# Import


def organisation_choices(partnership: Partnership) -> list[tuple[int, str]]:
    members = Organisation.objects.active().in_partnerships(Partnership.objects.filter(pk=partnership.pk))
    return list(members.order_by("name").values_list("pk", "name"))


@transaction.atomic
def import_rows(*, plan: ActionPlan, rows: Iterable[Row], by: User) -> int:
    """Add the checked rows to the plan: each under the priority of the same name (ignoring case),
    which is added after the others if the plan has none. Organisations are checked again, in case
    one left the partnership between the preview and now."""
    rows = list(rows)
    members = {pk for pk, _ in organisation_choices(plan.partnership)}
    if any(row.errors or row.lead_organisation_id not in members for row in rows):
        raise ValueError("Only rows without errors, led by member organisations, can be imported")
    priorities = {p.title.strip().lower(): p for p in plan.priorities.all()}
    next_order = (plan.priorities.aggregate(last=Max("order"))["last"] or 0) + 1
    action_orders: dict[int, int] = {}
    for row in rows:
        key = row.priority.strip().lower()
        priority = priorities.get(key)
        if priority is None:
            priority = Priority.objects.create(plan=plan, order=next_order, title=row.priority.strip()[:200])
            priorities[key] = priority
            next_order += 1
        if priority.pk not in action_orders:
            action_orders[priority.pk] = priority.actions.aggregate(last=Max("order"))["last"] or 0
        action_orders[priority.pk] += 1
        PlanAction.objects.create(
            priority=priority,
            order=action_orders[priority.pk],
            reference=row.reference,
            description=row.outcome,
            lead_organisation_id=row.lead_organisation_id,
            lead_person_id=row.lead_person_id,
            estimated_completion=None if row.is_ongoing else row.estimated_completion,
            is_ongoing=row.is_ongoing,
            success_criteria=row.success_criteria,
            rag=row.status,
        )
    audit.record(action=AuditAction.CREATE, user=by, obj=plan, detail={"imported_actions": len(rows)})
    return len(rows)


def upcoming_meetings(partnership_id: int) -> Any:
    """The meetings at which a lead could report back: the partnership's groups' scheduled ones."""
    return Meeting.objects.in_partnerships({partnership_id}).upcoming().select_related("group")
