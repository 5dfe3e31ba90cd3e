"""The compliance workbook (XLSX): a sheet of counts for each organisation and cohort the user may
see (and the whole partnership's), and, for an organisation's own training lead only, a sheet of
their staff's names with each one's status. The view decides what goes in."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from .compliance_report import NamedStatus, Register

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COUNT_COLUMNS = [
    "Organisation",
    "Cohort",
    "Required level",
    "In cohort",
    "Trained and in date",
    "Expiring in the next 90 days",
    "Untrained",
    "Share trained (%)",
    "Not in a cohort yet",
]
NAME_COLUMNS = ["Name", "Job title", "Team", "Cohort", "Status", "Training expires on"]


def filename(partnership_name: str, today: date) -> str:
    slug = "-".join("".join(c if c.isalnum() else " " for c in partnership_name.lower()).split())
    return f"training-compliance-{slug or 'partnership'}-{today:%Y-%m-%d}.xlsx"


def _share(value: Any) -> float | None:
    return float(value) if value is not None else None


def _append(sheet: Any, values: list[Any]) -> None:
    """A row of values; text is kept as text, so a name typed as "=HYPERLINK(...)" is never a formula."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"


def _header(sheet: Any, columns: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def to_xlsx(registers: list[Register], names: list[NamedStatus] | None, today: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    counts: Any = workbook.active
    counts.title = "Counts"
    _header(counts, COUNT_COLUMNS, [32, 40, 30, 10, 12, 14, 11, 12, 12])
    for register in registers:
        for row in register.rows:
            tally = row.counts
            _append(
                counts,
                [
                    register.name,
                    row.cohort.name,
                    str(row.cohort.required_level),
                    tally.in_cohort,
                    tally.trained,
                    tally.expiring,
                    tally.untrained,
                    _share(tally.share),
                    None,
                ],
            )
        total = register.total
        _append(
            counts,
            [
                register.name,
                "All cohorts",
                None,
                total.in_cohort,
                total.trained,
                total.expiring,
                total.untrained,
                _share(total.share),
                register.not_placed,
            ],
        )
    counts.auto_filter.ref = f"A1:{get_column_letter(len(COUNT_COLUMNS))}{counts.max_row}"
    if names is not None:
        sheet: Any = workbook.create_sheet("Names")
        _header(sheet, NAME_COLUMNS, [30, 30, 20, 40, 36, 18])
        for named in names:
            staff = named.staff
            _append(
                sheet,
                [
                    staff.full_name,
                    staff.job_title,
                    staff.team,
                    staff.cohort.name if staff.cohort else "",
                    named.status_label,
                    named.expires_on,
                ],
            )
            if named.expires_on:
                sheet.cell(sheet.max_row, 6).number_format = "d mmmm yyyy"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(NAME_COLUMNS))}{sheet.max_row}"
    workbook.properties.title = f"Training compliance on {today.day} {today:%B %Y}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
