"""Reading a staff list from a spreadsheet (XLSX or CSV) into an organisation's register: columns
found by their headings, each row checked with errors that name the row as the spreadsheet numbers
it, and each person matched against the register so that importing the same list again adds nobody
twice (see staff_identity.py).

Pure Python: no Django. The register's current people are passed in as plain dictionaries, so the
rules can be tested with a table of rows.

What a re-import does: a person already on the register is updated from the columns the file has;
a blank cell, or a column the file does not have, leaves what the register holds. Nobody is removed
or marked as leaving because they are missing from the file.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from waymark.core import spreadsheets
from waymark.core.spreadsheets import UnreadableFile  # noqa: F401 - the forms catch it here

from . import staff_identity

MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 10  # a title or two above the headings is common
READ_ROWS = MAX_ROWS + HEADER_SEARCH_ROWS + 2  # enough to tell that a file has too many

# The longest each field may be, as the register holds it.
MAX_LENGTHS = {"full_name": 200, "email": 254, "job_title": 200, "team": 200, "reference": 100}

# What each column may be headed, after lower-casing and dropping punctuation.
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("name", "full name", "staff name", "employee name", "employee", "person", "staff member"),
    "first_name": ("first name", "forename", "forenames", "given name", "first names"),
    "last_name": ("last name", "surname", "family name"),
    "email": ("e mail", "email", "e mail address", "email address", "work email", "work e mail"),
    "job_title": ("job title", "job", "title", "role", "position", "post", "job role", "post title"),
    "team": ("team", "department", "service", "directorate", "section", "unit", "service area"),
    "reference": (
        "reference",
        "ref",
        "staff number",
        "staff no",
        "staff id",
        "employee number",
        "employee no",
        "employee id",
        "payroll number",
        "payroll no",
        "payroll",
        "id",
    ),
    "start_date": ("start date", "started", "date started", "start", "joined", "date joined", "start of employment"),
    "leaving_date": ("leaving date", "left", "date left", "end date", "leave date", "last day", "leaving"),
}
# The fields a row sets on the register, in the order the preview shows them.
FIELDS = ("full_name", "email", "job_title", "team", "reference", "start_date", "leaving_date")
FIELD_LABELS = {
    "full_name": "name",
    "email": "e-mail address",
    "job_title": "job title",
    "team": "team",
    "reference": "reference",
    "start_date": "start date",
    "leaving_date": "leaving date",
}

NEW = "new"
UPDATE = "update"
NO_CHANGE = "no_change"
STATUS_LABELS = {NEW: "New", UPDATE: "Will be updated", NO_CHANGE: "No change"}

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
}
_MONTHS["sept"] = 9
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Row:
    """One person from the file, as they will be imported."""

    number: int  # as the spreadsheet numbers it
    full_name: str = ""
    email: str = ""
    job_title: str = ""
    team: str = ""
    reference: str = ""
    start_date: date | None = None
    leaving_date: date | None = None
    identity_key: str = ""
    status: str = NEW
    existing_id: int | None = None
    changes: list[str] = field(default_factory=list)  # the FIELDS an update changes
    errors: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def changes_in_words(self) -> str:
        words = ", ".join(FIELD_LABELS[name] for name in self.changes)
        return words[:1].upper() + words[1:]

    def given(self) -> dict[str, Any]:
        """The fields the file gives a value for (a blank leaves the register's value)."""
        return {name: getattr(self, name) for name in FIELDS if getattr(self, name) not in ("", None)}

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("start_date", "leaving_date"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        data = dict(data)
        for name in ("start_date", "leaving_date"):
            if data.get(name):
                data[name] = date.fromisoformat(data[name])
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

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


# Reading the file


def read_table(content: bytes) -> list[list[Any]]:
    """The cells of the uploaded file's first sheet (waymark.core.spreadsheets), enough rows to tell
    that it has too many."""
    return spreadsheets.read_table(content, rows=READ_ROWS)


# Checking the rows


def normalise(text: Any) -> str:
    """Lower case, punctuation dropped, spaces collapsed: "E-mail Address:" -> "e mail address"."""
    return " ".join(re.sub(r"[^\w\s]", " ", str(text or "").lower().replace("&", " and ")).split())


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


def _has_names(columns: Mapping[str, int]) -> bool:
    return "full_name" in columns or {"first_name", "last_name"} <= set(columns)


def _header_row(table: Sequence[Sequence[Any]]) -> int | None:
    for index, row in enumerate(table[:HEADER_SEARCH_ROWS]):
        if _has_names(find_columns(row)):
            return index
    return None


def parse_date(value: Any) -> date:
    """A date as a spreadsheet holds it or as people type it: 31/3/2025, 31-03-25, 2025-03-31,
    31 March 2025. Raises ValueError for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parts = normalise(value).split()
    if len(parts) == 4 and re.fullmatch(r"\d{2}", parts[3]) and re.fullmatch(r"\d{4}", parts[0]):
        parts = parts[:3]  # "2025-03-31 00:00:00" from a spreadsheet's text: the time is dropped
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:  # 2025-03-31
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():  # 31/3/2025, 31 March 2025
        month = int(parts[1]) if parts[1].isdigit() else _MONTHS.get(parts[1])
        if month:
            return date(_year(parts[2]), month, int(parts[0]))
    raise ValueError(value)


def _year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        # Two figures: this century unless that would be more than a few years ahead.
        this_year = date.today().year
        year += 2000 if 2000 + year <= this_year + 5 else 1900
    if not 1900 <= year <= 2200:
        raise ValueError(text)
    return year


def parse(table: Sequence[Sequence[Any]]) -> Result:
    """Check each row of `table`: its person's details, and that nobody appears twice in the file."""
    header_index = _header_row(table)
    if header_index is None:
        return Result(
            [], ["The file must have a row of column headings, with a column headed Name (or First name and Last name)"]
        )
    columns = find_columns(table[header_index])
    if "job_title" not in columns:
        return Result([], ["The file must have a column headed Job title"])
    rows: list[Row] = []
    first_seen: dict[str, int] = {}
    for number, cells in enumerate(table[header_index + 1 :], start=header_index + 2):
        raw = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        if not any(spreadsheets.cell_text(value) for value in raw.values()):
            continue
        row = _check(number, raw)
        if row.identity_key and not row.errors:
            if row.identity_key in first_seen:
                row.errors.append(f"Row {number}: this is the same person as row {first_seen[row.identity_key]}")
            else:
                first_seen[row.identity_key] = number
        rows.append(row)
    if len(rows) > MAX_ROWS:
        return Result([], [f"The file must have {MAX_ROWS} people or fewer: split it, then upload each part"])
    if not rows:
        return Result([], ["The file has nobody below its headings"])
    return Result(rows, [])


def _check(number: int, raw: dict[str, Any]) -> Row:
    text = {name: spreadsheets.cell_text(value) for name, value in raw.items()}
    full_name = text.get("full_name") or " ".join(p for p in (text.get("first_name"), text.get("last_name")) if p)
    row = Row(
        number=number,
        full_name=full_name,
        email=text.get("email", ""),
        job_title=text.get("job_title", ""),
        team=text.get("team", ""),
        reference=text.get("reference", ""),
    )
    errors = row.errors
    if not row.full_name:
        errors.append(f"Row {number}: enter the person's name")
    if not row.job_title:
        errors.append(f"Row {number}: enter the job title")
    if row.email and not _EMAIL.match(row.email):
        errors.append(f"Row {number}: enter an e-mail address like name@example.org")
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(row, name)) > limit:
            errors.append(f"Row {number}: the {FIELD_LABELS[name]} must be {limit} characters or fewer")
    for name in ("start_date", "leaving_date"):
        value = raw.get(name)
        if value in (None, "") or not text.get(name):
            continue
        try:
            setattr(row, name, parse_date(value))
        except ValueError:
            errors.append(f"Row {number}: enter a {FIELD_LABELS[name]} like 31 3 2025")
    if row.start_date and row.leaving_date and row.leaving_date < row.start_date:
        errors.append(f"Row {number}: the leaving date must be the same as or after the start date")
    if row.full_name and row.job_title:
        row.identity_key = staff_identity.identity_key(
            reference=row.reference, full_name=row.full_name, job_title=row.job_title
        )
    return row


# Matching against the register


def match(result: Result, register: Iterable[Mapping[str, Any]]) -> Result:
    """Mark each row new, "will be updated" (with what changes) or "no change", against the people
    on the register: dictionaries with `id` and the FIELDS. A person is found by their identity
    key; a row with a reference also finds someone recorded by name and job title without one, so
    adding references to a list imported before does not add everyone again."""
    people = list(register)
    by_key: dict[str, Mapping[str, Any]] = {}
    for person in people:
        by_key[_key(person)] = person
        if not str(person.get("reference") or "").strip():
            by_key.setdefault(_name_key(person), person)
    claimed: dict[int, int] = {}
    for row in result.rows:
        if not row.identity_key:
            continue
        found: Mapping[str, Any] | None = by_key.get(row.identity_key)
        if found is None and row.reference:
            candidate = by_key.get(_name_key(asdict(row)))
            if candidate is not None and not str(candidate.get("reference") or "").strip():
                found = candidate
        if found is None:
            row.status, row.existing_id, row.changes = NEW, None, []
            continue
        person = found
        if person["id"] in claimed:
            row.errors.append(f"Row {row.number}: this is the same person as row {claimed[person['id']]}")
            continue
        claimed[person["id"]] = row.number
        row.existing_id = person["id"]
        row.changes = [name for name, value in row.given().items() if not _same(name, person.get(name), value)]
        merged = {**person, **row.given()}
        if merged.get("start_date") and merged.get("leaving_date") and merged["leaving_date"] < merged["start_date"]:
            row.errors.append(
                f"Row {row.number}: the leaving date must be the same as or after the start date the register "
                f"holds ({merged['start_date'].day} {merged['start_date']:%B %Y})"
            )
        row.status = UPDATE if row.changes else NO_CHANGE
    return result


def _same(name: str, before: Any, after: Any) -> bool:
    """A reference written differently ("P77", "p 77") is the same reference."""
    if name == "reference":
        return staff_identity.identity_key(reference=str(before or ""), full_name="", job_title="") == (
            staff_identity.identity_key(reference=str(after or ""), full_name="", job_title="")
        )
    return bool(before == after)


def _key(person: Mapping[str, Any]) -> str:
    return staff_identity.identity_key(
        reference=str(person.get("reference") or ""),
        full_name=str(person.get("full_name") or ""),
        job_title=str(person.get("job_title") or ""),
    )


def _name_key(person: Mapping[str, Any]) -> str:
    return staff_identity.identity_key(
        reference="", full_name=str(person.get("full_name") or ""), job_title=str(person.get("job_title") or "")
    )
