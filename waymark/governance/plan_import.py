"""Reading an existing action plan from a spreadsheet (XLSX or CSV): finding the columns by their
headings, and checking each row, with errors that name the row as the spreadsheet numbers it.

Pure Python: no Django. The partnership's organisations and people are passed in as plain
(id, name) pairs, so the rules can be tested with a table of rows.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from waymark.core import spreadsheets
from waymark.core.spreadsheets import UnreadableFile  # noqa: F401 - the forms catch it here

MAX_ROWS = 1000
HEADER_SEARCH_ROWS = 10  # a title or two above the headings is common
READ_ROWS = MAX_ROWS + HEADER_SEARCH_ROWS + 2  # enough to tell that a file has too many
REFERENCE_MAX = 20

# What each column may be headed, after lower-casing and dropping punctuation.
COLUMNS: dict[str, tuple[str, ...]] = {
    "priority": ("priority", "priority area", "priorities", "theme", "objective", "strategic priority"),
    "reference": ("reference", "ref", "ref no", "no", "number", "action number", "action no"),
    "outcome": (
        "outcome",
        "action",
        "outcome action",
        "outcome or action",
        "outcomes",
        "actions",
        "description",
        "what we will do",
    ),
    "lead_organisation": (
        "lead organisation",
        "lead organization",
        "responsible organisation",
        "responsible organization",
        "organisation",
        "organization",
        "lead agency",
        "lead partner",
        "lead",
    ),
    "lead_person": ("lead person", "lead officer", "named lead", "responsible officer", "owner", "contact"),
    "estimated_completion": (
        "estimated completion",
        "estimated completion date",
        "completion date",
        "target date",
        "due date",
        "deadline",
        "by when",
        "timescale",
        "date",
    ),
    "success_criteria": (
        "success criteria",
        "success criterion",
        "success measure",
        "success measures",
        "measure of success",
        "measures of success",
        "how we will know",
    ),
    "status": ("status", "rag", "rag status", "progress"),
}

# Statuses as plans write them, to the RAG codes of governance.models.RAG.
STATUSES: dict[str, str] = {
    "": "not_started",
    "not started": "not_started",
    "not yet started": "not_started",
    "red": "red",
    "r": "red",
    "off track": "red",
    "amber": "amber",
    "a": "amber",
    "at risk": "amber",
    "green": "green",
    "g": "green",
    "on track": "green",
    "complete": "complete",
    "completed": "complete",
    "done": "complete",
    "blue": "complete",
    "b": "complete",
}
STATUS_LABELS = {"not_started": "Not started", "red": "Red", "amber": "Amber", "green": "Green", "complete": "Complete"}
ONGOING = {"ongoing", "on going", "on-going", "continuous", "continual"}
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
}
_MONTHS["sept"] = 9


@dataclass
class Row:
    """One row of the plan as it will be imported."""

    number: int  # as the spreadsheet numbers it
    priority: str = ""
    reference: str = ""
    outcome: str = ""
    lead_organisation_id: int | None = None
    lead_organisation: str = ""  # the organisation's name in Waymark, or what was typed if unmatched
    lead_person_id: int | None = None
    lead_person: str = ""
    estimated_completion: date | None = None
    is_ongoing: bool = False
    success_criteria: str = ""
    status: str = "not_started"
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["estimated_completion"] = self.estimated_completion.isoformat() if self.estimated_completion else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        data = dict(data)
        if data.get("estimated_completion"):
            data["estimated_completion"] = date.fromisoformat(data["estimated_completion"])
        return cls(**data)


@dataclass
class Result:
    rows: list[Row]
    errors: list[str]  # about the whole file, for example a missing column

    @property
    def row_errors(self) -> list[str]:
        return [error for row in self.rows for error in row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors and not self.row_errors


# Reading the file


def read_table(content: bytes) -> list[list[Any]]:
    """The cells of the uploaded file's first sheet (waymark.core.spreadsheets), enough rows to tell
    that it has too many."""
    return spreadsheets.read_table(content, rows=READ_ROWS)


# Checking the rows


def normalise(text: Any) -> str:
    """Lower case, punctuation dropped, spaces collapsed: "Lead Organisation:" -> "lead organisation"."""
    return " ".join(re.sub(r"[^\w\s]", " ", str(text or "").lower().replace("&", " and ")).split())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def find_columns(header: Sequence[Any]) -> dict[str, int]:
    """Which column holds what, by heading. The first column to match a name wins."""
    found: dict[str, int] = {}
    headings = [normalise(h) for h in header]
    for name, synonyms in COLUMNS.items():
        for index, heading in enumerate(headings):
            if heading in synonyms and index not in found.values():
                found[name] = index
                break
    return found


def _header_row(table: Sequence[Sequence[Any]]) -> int | None:
    for index, row in enumerate(table[:HEADER_SEARCH_ROWS]):
        if "outcome" in find_columns(row):
            return index
    return None


def parse_date(value: Any) -> tuple[date | None, bool]:
    """(the date, ongoing?). Raises ValueError if it is neither. "March 2027" is the last day of March."""
    if isinstance(value, datetime):
        return value.date(), False
    if isinstance(value, date):
        return value, False
    text = normalise(value)
    if text in ONGOING:
        return None, True
    if re.fullmatch(r"\d{4} \d{1,2} \d{1,2}", text):  # 2027-03-31
        year, month, day = (int(part) for part in text.split())
        return date(year, month, day), False
    parts = text.split()
    if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():  # 31/3/2027, 31 March 2027
        named = _month(parts[1])
        if named:
            return date(_year(parts[2]), named, int(parts[0])), False
    if len(parts) == 2 and parts[1].isdigit():  # March 2027, 3/2027
        named = _month(parts[0])
        if named:
            year = _year(parts[1])
            return date(year, named, calendar.monthrange(year, named)[1]), False
    raise ValueError(value)


def _month(text: str) -> int | None:
    return int(text) if text.isdigit() else _MONTHS.get(text)


def _year(text: str) -> int:
    year = int(text)
    if year < 100:
        return 2000 + year
    if not 1900 <= year <= 2200:
        raise ValueError(text)
    return year


def _match(name: str, choices: Iterable[tuple[int, str]]) -> tuple[int, str] | None:
    """Exact name first, then ignoring case and punctuation ("Testshire police." is Testshire Police)."""
    choices = list(choices)
    for pk, choice in choices:
        if choice == name:
            return pk, choice
    wanted = normalise(name)
    for pk, choice in choices:
        if normalise(choice) == wanted:
            return pk, choice
    return None


def parse(
    table: Sequence[Sequence[Any]],
    *,
    organisations: Iterable[tuple[int, str]],
    people: Iterable[tuple[int, str, str]] = (),
) -> Result:
    """Check each row of `table`. `organisations` are the partnership's (id, name); `people` its
    (id, full name, e-mail address). A blank priority carries down from the row above, as in a
    table where the priority is written once above its actions."""
    organisations, people = list(organisations), list(people)
    header_index = _header_row(table)
    if header_index is None:
        return Result([], ["The file must have a row of column headings, with a column headed Outcome or Action"])
    columns = find_columns(table[header_index])
    if "priority" not in columns:
        return Result([], ["The file must have a column headed Priority"])
    rows: list[Row] = []
    priority = ""
    for offset, cells in enumerate(table[header_index + 1 :], start=header_index + 2):
        values = {name: _cell(cells[i]) if i < len(cells) else "" for name, i in columns.items()}
        date_index = columns.get("estimated_completion", len(cells))
        raw_date = cells[date_index] if date_index < len(cells) else None
        if not any(values.values()):
            continue
        priority = values.get("priority") or priority
        rows.append(_check(offset, values, raw_date, priority, organisations, people))
    if len(rows) > MAX_ROWS:
        return Result([], [f"The file must have {MAX_ROWS} rows or fewer"])
    if not rows:
        return Result([], ["The file has no actions below its headings"])
    return Result(rows, [])


def _check(
    number: int,
    values: dict[str, str],
    raw_date: Any,
    priority: str,
    organisations: list[tuple[int, str]],
    people: list[tuple[int, str, str]],
) -> Row:
    row = Row(number=number, priority=priority, reference=values.get("reference", ""))
    row.outcome = values.get("outcome", "")
    row.success_criteria = values.get("success_criteria", "")
    errors = row.errors
    if not priority:
        errors.append(f"Row {number}: enter the priority")
    if len(row.reference) > REFERENCE_MAX:
        errors.append(f"Row {number}: the reference must be {REFERENCE_MAX} characters or fewer")
    if not row.outcome:
        errors.append(f"Row {number}: enter the outcome or action")

    organisation = values.get("lead_organisation", "")
    row.lead_organisation = organisation
    if not organisation:
        errors.append(f"Row {number}: enter the lead organisation")
    elif matched := _match(organisation, organisations):
        row.lead_organisation_id, row.lead_organisation = matched
    else:
        errors.append(
            f"Row {number}: '{organisation}' is not an organisation in the partnership: enter its name as Waymark has it"
        )

    person = values.get("lead_person", "")
    row.lead_person = person
    if person:
        matched_person = _match_person(person, people)
        if matched_person:
            row.lead_person_id, row.lead_person = matched_person
        else:
            row.notes.append(
                f"Row {number}: nobody called '{person}' uses Waymark in the partnership, so no lead person will be recorded"
            )

    typed = values.get("estimated_completion", "")
    if raw_date in (None, "") and not typed:
        errors.append(f"Row {number}: enter the estimated completion date, or Ongoing")
    else:
        try:
            row.estimated_completion, row.is_ongoing = parse_date(raw_date if raw_date not in (None, "") else typed)
        except ValueError:
            errors.append(f"Row {number}: '{typed}' is not a date: enter a date like 31 3 2027 or Ongoing")

    status = normalise(values.get("status", ""))
    if status in STATUSES:
        row.status = STATUSES[status]
    else:
        errors.append(
            f"Row {number}: '{values['status']}' is not a status: enter Not started, Red, Amber, Green or Complete"
        )
    return row


def _match_person(typed: str, people: list[tuple[int, str, str]]) -> tuple[int, str] | None:
    wanted = typed.strip().lower()
    for pk, name, email in people:
        if email and email.lower() == wanted:
            return pk, name or email
    matched = _match(typed, [(pk, name) for pk, name, _ in people if name])
    return matched
