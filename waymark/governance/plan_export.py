"""The action plan's progress report, for the board: as a page, an XLSX workbook and a PDF laid out
like a council committee report table (outcome, estimated completion date, responsible
organisation, success criteria, status). All three are built from one `Report`."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from .models import RAG, ActionPlan, PlanAction, Priority

COLUMNS = ["Outcome", "Estimated completion date", "Responsible organisation", "Success criteria", "Status"]
# Fills for the status cell in the workbook: the GOV.UK tag colours, as Excel's RRGGBB.
RAG_FILLS: dict[str, str] = {
    RAG.NOT_STARTED: "F3F2F1",
    RAG.RED: "F4CDC6",
    RAG.AMBER: "FCD6C3",
    RAG.GREEN: "CCE2D8",
    RAG.COMPLETE: "BBD4EA",
}
# The short words a committee table uses; the page shows the full labels.
RAG_SHORT: dict[str, str] = {
    RAG.NOT_STARTED: "Not started",
    RAG.RED: "Red",
    RAG.AMBER: "Amber",
    RAG.GREEN: "Green",
    RAG.COMPLETE: "Complete",
}


@dataclass
class ReportRow:
    action: PlanAction
    reference: str
    outcome: str
    completion: date | None
    is_ongoing: bool
    organisation: str
    lead_person: str
    success_criteria: str
    rag: str
    overdue: bool

    @property
    def completion_text(self) -> str:
        if self.is_ongoing:
            return "Ongoing"
        return f"{self.completion.day} {self.completion:%B %Y}" if self.completion else "Not set"

    @property
    def status_text(self) -> str:
        return RAG_SHORT.get(self.rag, self.rag) + (" (overdue)" if self.overdue else "")


@dataclass
class ReportSection:
    priority: Priority
    rows: list[ReportRow]

    @property
    def title(self) -> str:
        return self.priority.title


@dataclass
class Report:
    plan: ActionPlan
    sections: list[ReportSection]
    counts: list[tuple[str, str, int]]  # (code, label, how many)
    overdue: int
    produced_on: date

    @property
    def total(self) -> int:
        return sum(len(section.rows) for section in self.sections)

    @property
    def filename_stem(self) -> str:
        slug = "".join(c if c.isalnum() else "-" for c in self.plan.title.lower()).strip("-")
        return "-".join(part for part in slug.split("-") if part) or "action-plan"


def is_overdue(action: PlanAction, today: date) -> bool:
    """Past the estimated completion date and not complete; "Ongoing" is never late (as
    PlanActionQuerySet.overdue)."""
    return (
        action.rag != RAG.COMPLETE
        and not action.is_ongoing
        and action.estimated_completion is not None
        and action.estimated_completion < today
    )


def build_report(plan: ActionPlan, today: date | None = None) -> Report:
    today = today or timezone.localdate()
    actions = PlanAction.objects.filter(priority__plan=plan).select_related("lead_organisation", "lead_person")
    by_priority: dict[int, list[ReportRow]] = {}
    for action in actions:
        by_priority.setdefault(action.priority_id, []).append(
            ReportRow(
                action=action,
                reference=action.reference,
                outcome=action.description,
                completion=action.estimated_completion,
                is_ongoing=action.is_ongoing,
                organisation=action.lead_organisation.name if action.lead_organisation else "",
                lead_person=action.lead_person.full_name if action.lead_person else "",
                success_criteria=action.success_criteria,
                rag=action.rag,
                overdue=is_overdue(action, today),
            )
        )
    sections = [ReportSection(priority, by_priority.get(priority.pk, [])) for priority in plan.priorities.all()]
    tally = Counter(row.rag for section in sections for row in section.rows)
    counts = [(code, label, tally[code]) for code, label in RAG.choices]
    overdue = sum(row.overdue for section in sections for row in section.rows)
    return Report(plan, sections, counts, overdue, today)


# XLSX


def to_xlsx(report: Report) -> bytes:
    """One sheet, one row per action under a header row that stays in view, with the status cell
    filled in its RAG colour."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = "Action plan"
    header = ["Priority", "Reference", *COLUMNS, "Lead person", "Overdue"]
    widths = [28, 11, 60, 20, 30, 50, 14, 24, 10]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for section in report.sections:
        for row in section.rows:
            sheet.append(
                [
                    section.title,
                    row.reference,
                    row.outcome,
                    row.completion if row.completion and not row.is_ongoing else row.completion_text,
                    row.organisation,
                    row.success_criteria,
                    RAG_SHORT.get(row.rag, row.rag),
                    row.lead_person,
                    "Yes" if row.overdue else "",
                ]
            )
            line = sheet.max_row
            for cell in sheet[line]:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            if row.completion and not row.is_ongoing:
                sheet.cell(line, 4).number_format = "d mmmm yyyy"
            sheet.cell(line, 7).fill = PatternFill("solid", fgColor=RAG_FILLS.get(row.rag, "FFFFFF"))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(sheet.max_row, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# PDF


def print_html(report: Report) -> str:
    return render_to_string("governance/plan_report_print.html", {"report": report, "plan": report.plan})


def to_pdf(html: str) -> bytes:
    """The PDF is built from the template alone: WeasyPrint may not fetch anything, local or remote."""
    # Imported here: loading Pango is slow and only this export needs it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"The action plan PDF loads no resources ({url})")

    return HTML(string=html, url_fetcher=NoFetching()).write_pdf()
