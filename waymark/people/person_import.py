"""Reading a file of people (XLSX or CSV) for import into a partnership: the columns the `dedupe`
command reads (bulk.INPUT_COLUMNS), found by their headings; each row checked, with errors that
name the row as the spreadsheet numbers it; each row's person as matching sees them (the same facts
records.facts_of makes from the saved record); and the rows that look like one person twice.

No database: the preview (services_import.find_matches) and the import use these, and the rules are
tested with tables of rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from waymark.cases.vocabulary import Gender
from waymark.core import spreadsheets
from waymark.core.spreadsheets import UnreadableFile  # noqa: F401 - the forms catch it here

from .bulk import INPUT_COLUMNS
from .matching import Comparison, Facts, Frequencies, compare_if_likely, facts, keys, names_bound
from .normalise import (
    BirthDate,
    BirthDateKind,
    IdentifierKind,
    fold,
    name_tokens,
    normalise_identifier,
    normalise_postcode,
    parse_birth_date,
)
from .search import SHOW_FROM
from .services import _split as split_full_name

MAX_ROWS = 2000
# Blank lines are skipped, so more rows than that are read; a file with more still has too many people
# or is mostly blank lines (a spreadsheet formatted far below its last row).
READ_ROWS = 2 * MAX_ROWS
TOO_MANY = f"The file must have {MAX_ROWS:,} people or fewer: split it, then upload each part"
NAME_COLUMNS = ("given_name", "family_name", "full_name")
# The longest each part may be, as the person record holds it.
MAX_NAME = 200
MAX_TOWN = 100
MAX_IDENTIFIER = 200
# Within a file, a blocking key held by more rows than this is not used to pair rows: it says little
# ("a Nguyen born in 1995") and would pair most of the file. Two rows of one person share rarer keys.
COMMON_IN_FILE = 50
# Said of a gender that is recorded as not known.
_NOT_KNOWN = {"unknown", "not known", "u", "prefer not to say"}


@dataclass
class Row:
    """One person from the file, as they will be recorded; `matches` and `same_as` are filled in
    by services_import.find_matches: (person id or row number, probability), best first."""

    number: int  # as the spreadsheet numbers it: the headings are row 1
    id: str = ""  # the file's own id for the row, if it has one (not stored: ids differ between systems)
    given_names: str = ""
    family_name: str = ""
    aliases: list[list[str]] = field(default_factory=list)  # [given, family]
    date_of_birth_written: str = ""
    birth_date_kind: str = BirthDateKind.UNKNOWN.value
    date_of_birth: str = ""  # ISO, when exact
    birth_year: int | None = None
    gender: str = ""  # a Gender value, or blank when the file does not say
    nationality: str = ""
    address: str = ""
    town: str = ""
    postcode: str = ""  # as written
    postcode_normalised: str = ""
    identifiers: list[list[str]] = field(default_factory=list)  # [kind, as written, normalised]
    errors: list[str] = field(default_factory=list)
    matches: list[list[float]] = field(default_factory=list)  # [person id, probability]
    same_as: list[list[float]] = field(default_factory=list)  # [row number, probability]

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name) if part) or "No name"

    @property
    def alias_names(self) -> list[str]:
        return [" ".join(part for part in alias if part) for alias in self.aliases]

    @property
    def ok(self) -> bool:
        return not self.errors

    def birth(self) -> BirthDate:
        if self.birth_date_kind == BirthDateKind.EXACT and self.date_of_birth:
            return BirthDate.exact(date.fromisoformat(self.date_of_birth))
        if self.birth_date_kind == BirthDateKind.YEAR and self.birth_year:
            return BirthDate.year_only(self.birth_year)
        return BirthDate.unknown()

    def birth_fields(self) -> dict[str, Any]:
        """The date of birth as the person record holds it (Person's birth fields)."""
        return {
            "birth_date_kind": self.birth_date_kind,
            "date_of_birth": date.fromisoformat(self.date_of_birth) if self.date_of_birth else None,
            "birth_year": self.birth_year,
        }

    def facts(self) -> Facts:
        """What matching compares: made as records.facts_of makes it from the saved record, so the
        preview scores exactly what the import will store."""
        return facts(
            given_name=self.given_names,
            family_name=self.family_name,
            aliases=[(given, family) for given, family in self.aliases],
            birth=self.birth(),
            gender=self.gender,
            nationality=self.nationality,
            postcode=self.postcode,
            town=self.town,
            identifiers=[(kind, normalised) for kind, _, normalised in self.identifiers],
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        return cls(**data)


@dataclass
class Result:
    rows: list[Row]
    errors: list[str]  # about the whole file: no name column, too many rows
    ignored: list[str] = field(default_factory=list)  # headings of columns that are not read

    @property
    def ready(self) -> list[Row]:
        return [row for row in self.rows if row.ok]

    @property
    def skipped(self) -> list[Row]:
        return [row for row in self.rows if not row.ok]


# Reading the file


def read_table(content: bytes) -> list[list[Any]]:
    """The cells of the uploaded file's first sheet (waymark.core.spreadsheets), enough rows to tell
    that it has too many."""
    return spreadsheets.read_table(content, rows=READ_ROWS)


def _compact(text: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(text or "").lower())


_BY_HEADING = {_compact(name): name for name in INPUT_COLUMNS}


def heading(text: Any) -> str:
    """The column a heading names, whatever its case, spaces and punctuation: "Date of birth",
    "DATE_OF_BIRTH" and "dateofbirth" are all "date_of_birth", "E-mail" is "email"; "" for any other."""
    return _BY_HEADING.get(_compact(text), "")


def parse(table: Sequence[Sequence[Any]]) -> Result:
    """Check each row of `table`, whose first row names the columns. Rows with nothing in the
    columns read are left out (the blank lines of a spreadsheet)."""
    if not table:
        return Result([], ["The selected file is empty"])
    if len(table) >= READ_ROWS:
        return Result([], [TOO_MANY])
    header = [heading(h) for h in table[0]]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        if name and name not in columns:
            columns[name] = index
    ignored = [
        spreadsheets.cell_text(table[0][i])
        for i, name in enumerate(header)
        if columns.get(name) != i and spreadsheets.cell_text(table[0][i])
    ]
    if not set(NAME_COLUMNS) & set(columns):
        found = ", ".join(spreadsheets.cell_text(h) for h in table[0] if spreadsheets.cell_text(h)) or "nothing"
        return Result(
            [],
            [f"The file must have a column headed given_name, family_name or full_name (its first row names: {found})"],
        )
    rows: list[Row] = []
    first_with_id: dict[str, int] = {}
    for number, cells in enumerate(table[1:], start=2):
        text = {name: spreadsheets.cell_text(cells[i]) if i < len(cells) else "" for name, i in columns.items()}
        if not any(text.values()):
            continue
        if len(rows) == MAX_ROWS:
            return Result([], [TOO_MANY])
        row = check(number, text)
        if row.id:
            if row.id in first_with_id:
                row.errors.append(f"Row {number}: the id {row.id} is used by row {first_with_id[row.id]} too")
            else:
                first_with_id[row.id] = number
        rows.append(row)
    if not rows:
        return Result([], ["The file has nobody below its headings"], ignored)
    return Result(rows, [], ignored)


def check(number: int, text: dict[str, str]) -> Row:
    """One row, from its cells as text: the person as they will be recorded, and what is wrong."""
    row = Row(number=number, id=text.get("id", ""))
    errors = row.errors
    given, family, full = text.get("given_name", ""), text.get("family_name", ""), text.get("full_name", "")
    if given or family:
        row.given_names, row.family_name = given, family
        # A full name written differently from the given and family names is another name they go by.
        if full and name_tokens(full) != name_tokens(given, family):
            row.aliases = [list(split_full_name(full))]
    elif full:
        row.given_names, row.family_name = split_full_name(full)
    else:
        errors.append(f"Row {number}: enter a name in the given_name, family_name or full_name column")
    names = [row.given_names, row.family_name, *(part for alias in row.aliases for part in alias)]
    if any(len(part) > MAX_NAME for part in names):
        errors.append(f"Row {number}: each name must be {MAX_NAME} characters or fewer")

    row.date_of_birth_written = text.get("date_of_birth", "")
    try:
        birth = parse_birth_date(row.date_of_birth_written)
    except ValueError as problem:
        errors.append(f"Row {number}: the date of birth {problem}")
    else:
        row.birth_date_kind = birth.kind.value
        row.date_of_birth = birth.value.isoformat() if birth.value else ""
        row.birth_year = birth.year

    written_gender = text.get("gender", "")
    row.gender = facts(gender=written_gender).gender
    if not row.gender and written_gender:
        if fold(written_gender) in _NOT_KNOWN:
            row.gender = Gender.UNKNOWN.value
        else:
            errors.append(f"Row {number}: enter the gender as female, male or other, or leave it blank")

    row.nationality = text.get("nationality", "")
    row.address, row.town = text.get("address", ""), text.get("town", "")
    if len(row.town) > MAX_TOWN:
        errors.append(f"Row {number}: the town must be {MAX_TOWN} characters or fewer")
    row.postcode = text.get("postcode", "")
    if row.postcode:
        row.postcode_normalised = normalise_postcode(row.postcode) or ""
        if not row.postcode_normalised:
            errors.append(
                f"Row {number}: enter a UK postcode, like SW1A 1AA, or leave it blank and write an address "
                "abroad in the address column"
            )

    _identifiers(row, text)
    return row


def _identifiers(row: Row, text: dict[str, str]) -> None:
    number = row.number
    if phone := text.get("phone", ""):
        if normalised := normalise_identifier(IdentifierKind.PHONE, phone):
            row.identifiers.append([IdentifierKind.PHONE.value, phone, normalised])
        else:
            row.errors.append(f"Row {number}: enter a phone number, like 07700 900123 or +44 7700 900123")
    if email := text.get("email", ""):
        if normalised := normalise_identifier(IdentifierKind.EMAIL, email):
            row.identifiers.append([IdentifierKind.EMAIL.value, email, normalised])
        else:
            row.errors.append(f"Row {number}: enter an e-mail address, like name@example.com")
    if identifier := text.get("identifier", ""):
        # A National Insurance number is recognised by its form; anything else is another document.
        if ni_number := normalise_identifier(IdentifierKind.NI_NUMBER, identifier):
            row.identifiers.append([IdentifierKind.NI_NUMBER.value, identifier, ni_number])
        elif normalised := normalise_identifier(IdentifierKind.OTHER, identifier):
            row.identifiers.append([IdentifierKind.OTHER.value, identifier, normalised])
    if any(len(written) > MAX_IDENTIFIER for _, written, _ in row.identifiers):
        row.errors.append(
            f"Row {number}: each phone number, e-mail address and identifier must be 200 characters or fewer"
        )


# One person twice in the file


def same_person_rows(
    rows: Iterable[Row], frequencies: Frequencies, *, show_from: float = SHOW_FROM, limit: int = 10
) -> dict[int, list[tuple[int, Comparison]]]:
    """For each row, the other rows that may be the same person (row number and comparison), best
    first, at most `limit`, each at least `show_from` likely: the rows sharing a blocking key
    (matching.keys, as the look-up among saved people uses) scored with matching.compare."""
    people = {row.number: row.facts() for row in rows if row.ok}
    holders: dict[str, list[int]] = {}
    for number, person in people.items():
        for key in keys(person):
            holders.setdefault(key, []).append(number)
    pairs: set[tuple[int, int]] = set()
    for numbers in holders.values():
        if 1 < len(numbers) <= COMMON_IN_FILE:
            pairs.update((a, b) for i, a in enumerate(numbers) for b in numbers[i + 1 :])
    at_least = math.log2(show_from / (1 - show_from))
    bounds = {number: names_bound(person, frequencies) for number, person in people.items()}
    found: dict[int, list[tuple[int, Comparison]]] = {}
    for a, b in sorted(pairs):
        comparison = compare_if_likely(people[a], people[b], frequencies, at_least=at_least, names_at_most=bounds[a])
        if comparison is not None and comparison.probability >= show_from:
            found.setdefault(a, []).append((b, comparison))
            found.setdefault(b, []).append((a, comparison))
    return {
        number: sorted(others, key=lambda other: (-other[1].weight, other[0]))[:limit]
        for number, others in found.items()
    }
