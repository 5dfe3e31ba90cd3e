"""Writes to decision reports and the funding office's settings, each with its audit event: adding a
report with the next reference in its year, editing its details and sections while it is a draft
(refused if someone else changed it first), its appendices; the settings and the Police and Crime
Plan priorities."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from waymark.cases import documents
from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.core.versioning import StaleRecord, apply_changes, locked_at_version  # noqa: F401 - views catch StaleRecord here

from . import reference as reference_rules
from . import report_sections
from .decision_flow import EDITABLE, STATE_LABELS, State
from .models import (
    Appendix,
    DecisionReport,
    FundingSettings,
    Grant,
    GrantStatus,
    StrategicPriority,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from waymark.accounts.models import User
    from waymark.governance.models import Meeting, Risk

DETAIL_FIELDS = (
    "title",
    "classification",
    "area_affected",
    "stakeholders_affected",
    "report_by",
    "report_date",
    "enquiries_to",
)
SECTION_FIELDS = tuple(spec.field for spec in report_sections.SECTIONS)
SETTINGS_FIELDS = ("reference_format", "standard_conditions", "return_due_days")
NUMBERING_ATTEMPTS = 3


class NotEditable(Exception):
    """The report has left draft: nobody may change it now. The message says so, for the user."""


class CannotWrite(Exception):
    """The grant cannot have a new decision report now; the message says why."""


class ReferenceClash(Exception):
    """Another report took the reference at the same moment, more than once running."""


def not_editable_message(report: DecisionReport) -> str:
    return (
        f"Decision report {report.reference} is {STATE_LABELS[report.flow_state].lower()}: "
        "it can no longer be changed. It can be changed again only if it is returned for changes."
    )


def is_editable(report: DecisionReport) -> bool:
    return report.flow_state in EDITABLE


def _check_editable(report: DecisionReport) -> None:
    if not is_editable(report):
        raise NotEditable(not_editable_message(report))


def why_no_new_report(grant: Grant, reports: Iterable[DecisionReport]) -> str:
    """Empty when a decision report may be written for the grant; otherwise why not, for the user.
    A grant gets one report at a time: another only once the commissioner has disagreed."""
    if grant.status != GrantStatus.PROPOSED:
        return f"A decision report is written for a proposed grant. This grant is {grant.get_status_display().lower()}."
    for report in reports:
        if report.flow_state != State.DISAGREED:
            return f"This grant already has decision report {report.reference} ({report.state_label.lower()})."
    return ""


# Reports


def _taken(partnership_id: int, reference: str) -> bool:
    return DecisionReport.objects.filter(partnership_id=partnership_id, reference=reference).exists()


def next_number(partnership_id: int, year: int) -> int:
    found = DecisionReport.objects.filter(partnership_id=partnership_id, year=year).aggregate(m=Max("number"))["m"]
    return (found or 0) + 1


@transaction.atomic
def add_report(*, grant: Grant, by: User, **fields: Any) -> DecisionReport:
    """A draft report for the grant, numbered next in its date's year in the partnership's format.

    The partnership's settings row is locked first, so two reports being added at once are numbered
    one after the other (PostgreSQL); should the unique constraints still catch a clash, the
    numbering is tried again, and after NUMBERING_ATTEMPTS gives up with ReferenceClash."""
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Not report details: {sorted(unknown)}")
    partnership_id = grant.fund.partnership_id
    FundingSettings.for_partnership(partnership_id)
    office = FundingSettings.objects.select_for_update().get(partnership_id=partnership_id)
    fresh_grant = Grant.objects.select_for_update(of=("self",)).select_related("fund").get(pk=grant.pk)
    reason = why_no_new_report(fresh_grant, fresh_grant.decision_reports.all())
    if reason:
        raise CannotWrite(reason)
    year = fields["report_date"].year
    for _ in range(NUMBERING_ATTEMPTS):
        number = next_number(partnership_id, year)
        made = reference_rules.make(office.reference_format, number=number, year=year)
        # A reference made under an earlier format may already be taken: skip to the next number.
        while _taken(partnership_id, made):
            number += 1
            made = reference_rules.make(office.reference_format, number=number, year=year)
        report = DecisionReport(
            partnership_id=partnership_id,
            grant=fresh_grant,
            reference=made,
            number=number,
            year=year,
            created_by=by,
            **fields,
        )
        report._history_user = by  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            continue
        audit.record(
            action=AuditAction.CREATE,
            user=by,
            obj=report,
            detail={"grant": fresh_grant.pk, "reference": made, "classification": report.classification},
        )
        return report
    raise ReferenceClash(
        "Another report was given the same reference at the same moment. Try again: the next number will be used."
    )


def _locked_draft(report: DecisionReport, version: int) -> DecisionReport:
    fresh: DecisionReport = locked_at_version(DecisionReport, report.pk, version)
    _check_editable(fresh)
    return fresh


def _saved(fresh: DecisionReport, by: User) -> None:
    fresh.version += 1
    fresh.updated_at = timezone.now()
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save()


@transaction.atomic
def update_details(*, report: DecisionReport, version: int, by: User, **fields: Any) -> DecisionReport:
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Not report details: {sorted(unknown)}")
    fresh = _locked_draft(report, version)
    if "report_date" in fields and fields["report_date"].year != fresh.year:
        raise ValueError("The report date must stay in the year its reference is numbered in")
    changed = apply_changes(fresh, fields)
    _saved(fresh, by)
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"changed": changed})
    return fresh


@transaction.atomic
def update_sections(
    *,
    report: DecisionReport,
    version: int,
    by: User,
    texts: dict[str, str],
    priorities: Iterable[StrategicPriority],
    risks: Iterable[Risk],
    meetings: Iterable[Meeting],
) -> DecisionReport:
    """The sections' texts and the priorities, risks and meetings they draw on, all at once."""
    unknown = set(texts) - set(SECTION_FIELDS)
    if unknown:
        raise TypeError(f"Not report sections: {sorted(unknown)}")
    fresh = _locked_draft(report, version)
    changed = apply_changes(fresh, texts)
    links = {"strategic_priorities": priorities, "risks": risks, "governance_meetings": meetings}
    for name, chosen in links.items():
        manager = getattr(fresh, name)
        wanted = {item.pk for item in chosen}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(wanted)
            changed.append(name)
    _saved(fresh, by)
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"changed": changed})
    return fresh


# Appendices


def _storage() -> Any:
    return Appendix._meta.get_field("document").storage  # type: ignore[union-attr]


def add_appendix(
    *, report: DecisionReport, title: str, upload: UploadedFile, kind: documents.DocumentKind, by: User
) -> Appendix:
    """Store the document under a random name outside the web root, then record it; the stored file
    is removed again if recording fails (the report left draft meanwhile, say)."""
    field: Any = Appendix._meta.get_field("document")
    storage = _storage()
    stored = storage.save(field.generate_filename(Appendix(), upload.name or "document"), upload, max_length=200)
    try:
        with transaction.atomic():
            fresh = DecisionReport.objects.select_for_update().order_by().get(pk=report.pk)
            _check_editable(fresh)
            last = fresh.appendices.aggregate(m=Max("position"))["m"]
            appendix = Appendix(
                report=fresh,
                title=title,
                document_name=documents.download_name(upload.name or "", kind)[:200],
                position=(last or 0) + 1,
            )
            appendix.document.name = stored
            appendix._history_user = by  # type: ignore[attr-defined]
            appendix.save()
            audit.record(
                action=AuditAction.CREATE,
                user=by,
                obj=appendix,
                detail={"report": fresh.pk, "document": kind.content_type, "sha256": documents.sha256(upload)},
            )
    except Exception:
        storage.delete(stored)
        raise
    return appendix


@transaction.atomic
def remove_appendix(*, appendix: Appendix, by: User) -> None:
    """Remove it while the report is a draft; the stored files go once the removal is committed."""
    fresh = DecisionReport.objects.select_for_update().order_by().get(pk=appendix.report_id)
    _check_editable(fresh)
    names = [name for name in (appendix.document.name, appendix.redacted_document.name) if name]
    audit.record(action=AuditAction.DELETE, user=by, obj=appendix, detail={"report": fresh.pk})
    appendix._history_user = by  # type: ignore[attr-defined]
    appendix.delete()
    storage = _storage()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def open_appendix(appendix: Appendix) -> IO[bytes]:
    """The stored document, opened for reading. Raises FileNotFoundError if there is none."""
    if not appendix.document.name:
        raise FileNotFoundError("The appendix has no document")
    return _storage().open(appendix.document.name, "rb")  # type: ignore[no-any-return]


def record_download(appendix: Appendix, request: Any) -> None:
    audit.record(action=AuditAction.EXPORT, request=request, obj=appendix, detail={"report": appendix.report_id})


# Settings and priorities


@transaction.atomic
def update_settings(*, partnership_id: int, by: User, **fields: Any) -> FundingSettings:
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Not funding settings: {sorted(unknown)}")
    reference_rules.check(fields.get("reference_format", reference_rules.DEFAULT_FORMAT))
    FundingSettings.for_partnership(partnership_id)
    office = FundingSettings.objects.select_for_update().get(partnership_id=partnership_id)
    changed = apply_changes(office, fields)
    office._history_user = by  # type: ignore[attr-defined]
    office.save()
    audit.record(action=AuditAction.UPDATE, user=by, obj=office, detail={"changed": changed})
    return office


def _renumbered(partnership_id: int) -> list[StrategicPriority]:
    """The partnership's priorities in order, locked, with positions 1, 2, 3... saved."""
    priorities = list(
        StrategicPriority.objects.select_for_update().filter(partnership_id=partnership_id).order_by("position", "name")
    )
    for index, priority in enumerate(priorities, start=1):
        if priority.position != index:
            priority.position = index
            priority.save(update_fields=["position"])
    return priorities


@transaction.atomic
def add_priority(*, partnership_id: int, name: str, by: User) -> StrategicPriority:
    priorities = _renumbered(partnership_id)
    priority = StrategicPriority(partnership_id=partnership_id, name=name, position=len(priorities) + 1)
    priority._history_user = by  # type: ignore[attr-defined]
    priority.save()
    audit.record(action=AuditAction.CREATE, user=by, obj=priority, detail={"partnership": partnership_id})
    return priority


@transaction.atomic
def rename_priority(*, priority: StrategicPriority, name: str, by: User) -> StrategicPriority:
    fresh = StrategicPriority.objects.select_for_update().get(pk=priority.pk)
    fresh.name = name
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save(update_fields=["name"])
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"changed": ["name"]})
    return fresh


@transaction.atomic
def set_priority_active(*, priority: StrategicPriority, active: bool, by: User) -> StrategicPriority:
    """Retired priorities are no longer offered, but stay on the reports that chose them."""
    fresh = StrategicPriority.objects.select_for_update().get(pk=priority.pk)
    fresh.is_active = active
    fresh._history_user = by  # type: ignore[attr-defined]
    fresh.save(update_fields=["is_active"])
    audit.record(action=AuditAction.UPDATE, user=by, obj=fresh, detail={"is_active": active})
    return fresh


@transaction.atomic
def move_priority(*, priority: StrategicPriority, up: bool, by: User) -> bool:
    """Swap it with its neighbour above or below; False when it is already first or last."""
    priorities = _renumbered(priority.partnership_id)
    index = next(i for i, p in enumerate(priorities) if p.pk == priority.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(priorities):
        return False
    mine, theirs = priorities[index], priorities[other]
    mine.position, theirs.position = theirs.position, mine.position
    for moved in (mine, theirs):
        moved._history_user = by  # type: ignore[attr-defined]
        moved.save(update_fields=["position"])
    audit.record(action=AuditAction.UPDATE, user=by, obj=mine, detail={"position": mine.position})
    return True
