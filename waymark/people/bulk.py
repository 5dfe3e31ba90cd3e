"""Finding the same person twice in a whole file of person records: our de-duplication model, run by
Splink on DuckDB (the default) or on Spark (give `find_duplicate_pairs` a Spark session).

The model, in the order it runs:

1. Preparation (`prepare`), in Python with waymark.people.normalise, once per distinct value:
   given and family names folded (`g`, `f`), their canonical forms (`gc`, `fc`: variants, nicknames)
   and consonant skeletons (`gs`, `fs`: transliterations), the keys of their first and last words
   (`gk1`/`gk2`, `fk1`/`fk2`: skeleton of the canonical form) and first letters (`gi`, `fi`); the
   given-name and family-name keys in sorted order (`nlo`, `nhi`), so that swapped names block
   together, and how many records share them (`nn`); the date of birth as written (`dob`), its
   parts (`dob_y`, `dob_m`, `dob_d`) and whether it is only a year or 1 January, the usual stand-in
   for an unknown date (`dob_yo`); the postcode and its sector, district and area; town, gender and
   nationality folded; phone (E.164), e-mail and identifier in comparable form.
2. Candidate pairs (`blocking_rules`): the union of several rules, each pairing a name key with a
   date part, or the date with a first letter or town, or the postcode. Exact names alone would pair
   every "Nguyen Van Nam" with every other (millions of pairs at national scale), so names alone
   block only when the date of birth is missing and the name is shared by at most `NAME_BLOCK_CAP`
   records.
3. Comparisons (`settings`): given and family names (exact with term-frequency adjustment; the same
   name after `canonical()`/`skeleton()`; Jaro-Winkler 0.92; a word in common; initial or shortened;
   swapped with the other name; Jaro-Winkler 0.8), date of birth (exact; day and month swapped; one
   digit different; year within 2 with the same day and month; same year with a year-only or
   1 January date; same year and month; same year; within 3 years), place (postcode unit; unit one
   character different; district; town or postcode area), and exact gender, nationality, phone,
   e-mail and identifier when the file has them.
4. Training (`_train`), on files of at least `TRAIN_MIN_ROWS` records: u by random sampling; m by
   expectation maximisation on blocks that are *not* name blocks (same date of birth, then same
   postcode), because EM on name blocks learns to ignore dates of birth. Every level starts from
   `PRIORS` (trained on 100,000 synthetic referrals, bench/matching.py), which smaller files use
   as they are, and every trained m and u is kept above a floor so that one field's disagreement
   can never veto a match outright. The proportion of matches (the prior) is then estimated for
   each file from the pairs that share both date of birth and postcode, over the recall the m
   values give that rule (`_match_rate`).
5. Prediction: every candidate pair scored; the pairs at or above the threshold are returned, with
   no clustering (a pair is a pair; nothing is merged).
"""

from __future__ import annotations

import csv
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .normalise import (
    canonical,
    fold,
    name_tokens,
    normalise_identifier,
    normalise_phone,
    normalise_postcode,
    parse_birth_date,
    postcode_parts,
    skeleton,
)

# The columns the command and `find_duplicate_pairs` read, by header name; others are ignored.
INPUT_COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "full_name",
    "date_of_birth",
    "gender",
    "nationality",
    "postcode",
    "town",
    "address",
    "phone",
    "email",
    "identifier",
)
# The match probability at or above which a pair is judged the same person. On the benchmark files
# (bench/matching.py) it gives F1 within 0.003 of the best threshold's, with 98% of the pairs right
# at 100,000 records and 94% at 1,000,000 (where more different people share a name and birthday).
# A merge made in error is worse than a duplicate left, so it errs towards precision.
DEFAULT_THRESHOLD = 0.95
# Files smaller than this are scored with PRIORS as they are: EM on a few hundred records overfits.
TRAIN_MIN_ROWS = 5_000
# Names alone (with no date of birth to pair on) block only when at most this many records share them.
NAME_BLOCK_CAP = 200
# Trained m and u probabilities are kept at or above these.
M_FLOOR = 0.001
U_FLOOR = 0.000001
# How many problems of one kind an error message names.
SHOWN = 5
# u by random sampling: at most this many random pairs (Splink's sampling is seeded, so reproducible).
U_PAIRS = 5e6
U_SEED = 1

logger = logging.getLogger(__name__)


class DedupeInputError(ValueError):
    """The input cannot be de-duplicated as it is; the message says why in plain words."""


# Reading ----------------------------------------------------------------------------------------


@dataclass
class PeopleFile:
    """The known columns of a file of people (pyarrow string arrays, None for blank), one entry per
    record, with each record's row number in the file as a spreadsheet shows it (the header is
    row 1), and the header names that were ignored."""

    columns: dict[str, Any]
    row_numbers: Any
    ignored: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.row_numbers)


def read_people_csv(path: str | Path) -> PeopleFile:
    """Read a CSV file of people (UTF-8, with or without a byte-order mark; header names in any
    case; columns other than INPUT_COLUMNS ignored). Raises DedupeInputError for a missing,
    empty or unreadable file, no `id` column, or blank or duplicate ids."""
    import numpy as np
    import pyarrow as pa

    path = Path(path)
    if not path.is_file():
        raise DedupeInputError(f"{path}: no such file")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as error:
        raise DedupeInputError(f"{path} is not UTF-8 text (save it as CSV UTF-8): {error.reason}") from None
    except csv.Error as error:
        raise DedupeInputError(f"{path} is not a readable CSV file: {error}") from None
    if not header:
        raise DedupeInputError(f"{path} is empty: its first line should name the columns, including id")
    names = [name.strip().lower() for name in header]
    if "id" not in names:
        found = ", ".join(h.strip() for h in header if h.strip()) or "nothing"
        raise DedupeInputError(f"{path} has no id column (its first line names: {found})")
    wanted: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in INPUT_COLUMNS and name not in wanted:
            wanted[name] = index
    ignored = [header[i].strip() for i, name in enumerate(names) if wanted.get(name) != i]
    try:
        raw = _read_with_arrow(path, len(header), wanted)
    except pa.ArrowInvalid:  # ragged rows, stray quotes or bad bytes: the tolerant reader says which
        raw = _read_with_csv_module(path, wanted)
    columns = {name: _cleaned(values) for name, values in raw.items()}
    # Rows with nothing in any column we read are blank lines of a spreadsheet: skip them.
    present = np.zeros(len(columns["id"]), dtype=bool)
    for values in columns.values():
        present |= ~np.asarray(values.is_null(), dtype=bool)
    row_numbers = np.arange(2, len(present) + 2)[present]
    if not present.all():
        mask = pa.array(present)
        columns = {name: values.filter(mask) for name, values in columns.items()}
    check_ids(columns["id"], row_numbers)
    return PeopleFile(columns, row_numbers, ignored)


def _read_with_arrow(path: Path, width: int, wanted: Mapping[str, int]) -> dict[str, Any]:
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    names = [f"c{i}" for i in range(width)]
    table = arrow_csv.read_csv(
        path,
        read_options=arrow_csv.ReadOptions(column_names=names, skip_rows=1),
        parse_options=arrow_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
        convert_options=arrow_csv.ConvertOptions(
            include_columns=[names[i] for i in wanted.values()],
            column_types={names[i]: pa.string() for i in wanted.values()},
            strings_can_be_null=False,
        ),
    )
    return {name: table.column(names[index]).combine_chunks() for name, index in wanted.items()}


def _read_with_csv_module(path: Path, wanted: Mapping[str, int]) -> dict[str, Any]:
    import pyarrow as pa

    columns: dict[str, list[str]] = {name: [] for name in wanted}
    targets = [(columns[name], index) for name, index in wanted.items()]
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            for row in reader:
                width = len(row)
                for values, index in targets:
                    values.append(row[index] if index < width else "")
    except UnicodeDecodeError as error:
        raise DedupeInputError(
            f"{path} is not UTF-8 text (save it as CSV UTF-8): {error.reason} at byte {error.start}"
        ) from None
    except csv.Error as error:
        raise DedupeInputError(f"{path} is not a readable CSV file: {error}") from None
    return {name: pa.array(values, pa.string()) for name, values in columns.items()}


def _cleaned(values: Any) -> Any:
    """Strings with the surrounding spaces trimmed, blank as null (a pyarrow string array)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not isinstance(values, pa.Array | pa.ChunkedArray):
        values = pa.array([None if v is None else str(v) for v in values], pa.string())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if values.type != pa.string():
        values = values.cast(pa.string())
    values = pc.utf8_trim_whitespace(values)
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)


def check_ids(ids: Any, row_numbers: Any = None) -> None:
    """Raise DedupeInputError unless every record has an id and no id is used twice."""
    import numpy as np
    import pyarrow.compute as pc

    ids = _cleaned(ids)
    if row_numbers is None:
        row_numbers = np.arange(2, len(ids) + 2)
    blank = np.asarray(ids.is_null(), dtype=bool)
    if blank.any():
        rows = [str(n) for n in row_numbers[blank]]
        raise DedupeInputError(f"{len(rows)} row(s) have no id: row {_some(rows)} (row 1 is the header)")
    counts = pc.value_counts(ids)
    repeated = counts.filter(pc.greater(counts.field("counts"), 1)).field("values").to_pylist()
    if repeated:
        raise DedupeInputError(f"{len(repeated)} id(s) are used more than once: {_some(repeated)}")


def _some(items: Sequence[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    return shown if len(items) <= SHOWN else f"{shown} and {len(items) - SHOWN} more"


def rows_to_columns(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """Records (mappings of column name to value, names in any case) as the column lists `prepare`
    takes; ids are kept as given, other values as text."""
    columns: dict[str, list[Any]] = {name: [] for name in INPUT_COLUMNS}
    for row in rows:
        lowered = {str(k).strip().lower(): v for k, v in row.items()}
        for name, values in columns.items():
            value = lowered.get(name)
            values.append(value if name == "id" or value is None else str(value))
    return {name: values for name, values in columns.items() if name == "id" or any(v is not None for v in values)}


# Preparation -----------------------------------------------------------------------------------


def name_key(token: str) -> str:
    """The blocking key of one word of a name: the consonant skeleton of its canonical form, so
    "Bill" and "William", "Mohamed" and "Muhammad", "Krasnici" and "Krasniqi" share one."""
    return skeleton(canonical(token))


def _name_parts(text: str) -> tuple[str | None, ...]:
    tokens = name_tokens(text)
    if not tokens:
        return (None,) * 6
    keys = [name_key(t) for t in tokens]
    return (
        " ".join(tokens),
        " ".join(canonical(t) for t in tokens),
        " ".join(keys),
        keys[0],
        keys[-1],
        tokens[0][0],
    )


_WRITTEN_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")


def _birth_parts(text: str) -> tuple[Any, ...]:
    """(date as YYYY-MM-DD, year, month, day, year only or 1 January). Raises ValueError as
    parse_birth_date does."""
    birth = parse_birth_date(text)
    if birth.value is not None:
        value = birth.value
        return value.isoformat(), value.year, value.month, value.day, value.month == 1 and value.day == 1
    if birth.year is not None:
        return None, birth.year, None, None, True
    return None, None, None, None, None


def _written_birth_parts(text: str) -> tuple[Any, ...]:
    """For lenient reading: a date written as one but not a real date ("1985-00-18", a slip of the
    keyboard) is kept as written, so that a one-digit difference still counts."""
    try:
        return _birth_parts(text)
    except ValueError:
        match = _WRITTEN_DATE.match(text)
        if not match:
            return None, None, None, None, None
        if match.group(1):
            year, month, day = (int(g) for g in match.group(1, 2, 3))
        else:
            day, month, year = (int(g) for g in match.group(4, 5, 6))
        return f"{year:04d}-{month:02d}-{day:02d}", year, month, day, False


_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b")


def _postcode_parts(text: str) -> tuple[str | None, ...]:
    postcode = normalise_postcode(text)
    if postcode is None:
        return None, None, None, None
    parts = postcode_parts(postcode)
    return parts.unit, parts.sector, parts.district, parts.area


def _postcode_in_address(text: str) -> str | None:
    match = _POSTCODE_IN_TEXT.search(text.upper())
    return normalise_postcode(match.group(1) + match.group(2)) if match else None


def _gender(text: str) -> str | None:
    folded = fold(text)
    return {"male": "m", "man": "m", "female": "f", "woman": "f"}.get(folded, folded) or None


def _per_value(values: Any, function: Callable[[str], tuple[Any, ...]], types: Sequence[Any]) -> list[Any]:
    """`function` applied once per distinct value (names, dates and towns repeat a great deal) and
    spread back over the records as one pyarrow array per type in `types`; blank gives null."""
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(values)
    results = [function(value) for value in encoded.dictionary.to_pylist()]
    return [_array([result[i] for result in results], kind).take(encoded.indices) for i, kind in enumerate(types)]


def _array(values: Sequence[Any], kind: Any) -> Any:
    import pyarrow as pa

    return pa.array(values, kind)


def prepare(columns: Mapping[str, Any], *, strict_dates: bool = True, row_numbers: Any = None) -> dict[str, Any]:
    """The prepared columns the model compares (see the module docstring; pyarrow arrays), one
    entry per record in the order given; `unique_id` is the record's position. With
    `strict_dates`, a date of birth that parse_birth_date cannot read raises DedupeInputError
    naming its row (`row_numbers`, by default the position + 2, as in a spreadsheet with a
    header); otherwise it is kept as written if it looks like a date, or treated as unknown."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(columns["id"])
    text = {name: _cleaned(columns[name]) for name in INPUT_COLUMNS if name in columns and name != "id"}
    blank = pa.nulls(n, pa.string())
    string, integer, boolean = pa.string(), pa.int32(), pa.bool_()
    out: dict[str, Any] = {"unique_id": pa.array(np.arange(n, dtype=np.int64))}

    given, family = text.get("given_name", blank), text.get("family_name", blank)
    if "full_name" in text:  # "Nguyen Van Nam": the last word as family name; swaps are compared anyway
        given, family = _split_full_names(given, family, text["full_name"])
    for values, prefix in ((given, "g"), (family, "f")):
        parts = _per_value(values, _name_parts, [string] * 6)
        for suffix, column in zip(("", "c", "s", "k1", "k2", "i"), parts, strict=True):
            out[prefix + suffix] = column
    first = pc.less_equal(out["gk2"], out["fk1"])
    out["nlo"] = pc.if_else(first, out["gk2"], out["fk1"])
    out["nhi"] = pc.if_else(first, out["fk1"], out["gk2"])
    out["nn"] = _group_sizes(out["nlo"], out["nhi"])

    dates = text.get("date_of_birth", blank)
    if strict_dates:
        _check_dates(dates, np.arange(2, n + 2) if row_numbers is None else row_numbers)
    parts = _per_value(
        dates, _birth_parts if strict_dates else _written_birth_parts, [string, integer, integer, integer, boolean]
    )
    for name, column in zip(("dob", "dob_y", "dob_m", "dob_d", "dob_yo"), parts, strict=True):
        out[name] = column

    parts = _per_value(text.get("postcode", blank), _postcode_parts, [string] * 4)
    if "address" in text:  # a postcode written in the address, where the postcode column has none
        found = _per_value(text["address"], lambda v: _postcode_parts(_postcode_in_address(v) or ""), [string] * 4)
        parts = [pc.coalesce(column, extra) for column, extra in zip(parts, found, strict=True)]
    for name, column in zip(("pc", "pc_sector", "pc_district", "pc_area"), parts, strict=True):
        out[name] = column

    simple: list[tuple[str, Callable[[str], Any]]] = [
        ("town", lambda v: fold(v) or None),
        ("gender", _gender),
        ("nationality", lambda v: fold(v) or None),
        ("phone", normalise_phone),
        ("email", lambda v: normalise_identifier("email", v)),
        ("identifier", lambda v: normalise_identifier("other", v)),
    ]
    for name, function in simple:
        (out[name],) = _per_value(text.get(name, blank), _one(function), [string])
    return out


def _one(function: Callable[[str], Any]) -> Callable[[str], tuple[Any, ...]]:
    return lambda value: (function(value),)


def _split_full_names(given: Any, family: Any, full: Any) -> tuple[Any, Any]:
    import pyarrow as pa

    given_list, family_list = given.to_pylist(), family.to_pylist()
    for i, name in enumerate(full.to_pylist()):
        if name and not given_list[i] and not family_list[i]:
            words = name.split()
            given_list[i], family_list[i] = " ".join(words[:-1]) or None, words[-1]
    return pa.array(given_list, pa.string()), pa.array(family_list, pa.string())


def _group_sizes(a: Any, b: Any) -> Any:
    """For each record, how many records share its (a, b); null where either is null."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    table = pa.table({"a": a, "b": b, "row": pa.array(np.arange(len(a), dtype=np.int64))})
    sizes = table.group_by(["a", "b"]).aggregate([([], "count_all")])
    joined = table.join(sizes, keys=["a", "b"]).sort_by("row")
    counts = joined.column("count_all").combine_chunks()
    return pc.if_else(pc.is_null(a), pa.scalar(None, pa.int64()), counts)


def _check_dates(dates: Any, row_numbers: Any) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    reasons: dict[str, str] = {}
    for text in pc.unique(dates).to_pylist():
        if text is None:
            continue
        try:
            parse_birth_date(text)
        except ValueError as error:
            reasons[text] = str(error)
    if not reasons:
        return
    bad = np.asarray(pc.is_in(dates, value_set=pa.array(list(reasons), pa.string())).fill_null(False), dtype=bool)
    positions = np.flatnonzero(bad)
    values = dates.take(pa.array(positions[:SHOWN])).to_pylist()
    problems = [f"row {row_numbers[i]}: {reasons[v]}" for i, v in zip(positions[:SHOWN], values, strict=True)]
    more = f"; and {len(positions) - SHOWN} more" if len(positions) > SHOWN else ""
    raise DedupeInputError(
        f"{len(positions)} date(s) of birth cannot be read (row 1 is the header): {'; '.join(problems)}{more}"
    )


# The model ------------------------------------------------------------------------------------

_JARO_WINKLER = {"duckdb": "jaro_winkler_similarity", "spark": "jaro_winkler"}  # spark: Splink's jar


def _level(sql: str, label: str, **options: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **options}


def _missing(sql: str) -> dict[str, Any]:
    return _level(sql, "missing", is_null_level=True)


def _different() -> dict[str, Any]:
    return _level("ELSE", "different")


def _name_comparison(x: str, other: str, jw: str, name: str) -> dict[str, Any]:
    """Levels for the given (x="g") or family (x="f") name; `other` is the other name field."""
    return {
        "output_column_name": name,
        "comparison_levels": [
            _missing(f"{x}_l IS NULL OR {x}_r IS NULL"),
            _level(f"{x}_l = {x}_r", "exact", tf_adjustment_column=x),
            _level(f"{x}c_l = {x}c_r OR {x}s_l = {x}s_r", "same name: variant, nickname or transliteration"),
            _level(f"{jw}({x}_l, {x}_r) >= 0.92", "Jaro-Winkler at least 0.92"),
            _level(
                f"{x}k1_l = {x}k1_r OR {x}k2_l = {x}k2_r OR {x}k1_l = {x}k2_r OR {x}k2_l = {x}k1_r",
                "a word in common (another dropped)",
            ),
            _level(
                f"substr({x}_l, 1, length({x}_r)) = {x}_r OR substr({x}_r, 1, length({x}_l)) = {x}_l",
                "initial or shortened",
            ),
            _level(
                f"{x}_l = {other}_r OR {x}s_l = {other}s_r OR {jw}({x}_l, {other}_r) >= 0.92",
                "swapped with the other name",
            ),
            _level(f"{jw}({x}_l, {x}_r) >= 0.8", "Jaro-Winkler at least 0.8"),
            _different(),
        ],
    }


def _birth_comparison() -> dict[str, Any]:
    return {
        "output_column_name": "date_of_birth",
        "comparison_levels": [
            _missing("dob_y_l IS NULL OR dob_y_r IS NULL"),
            _level("dob_l = dob_r AND NOT (dob_yo_l AND dob_yo_r)", "exact"),
            _level("dob_y_l = dob_y_r AND dob_m_l = dob_d_r AND dob_d_l = dob_m_r", "day and month swapped"),
            _level("levenshtein(dob_l, dob_r) = 1", "one digit different"),
            _level("dob_m_l = dob_m_r AND dob_d_l = dob_d_r AND abs(dob_y_l - dob_y_r) <= 2", "year within 2"),
            _level("dob_y_l = dob_y_r AND (dob_yo_l OR dob_yo_r)", "same year, one a year only or 1 January"),
            _level("dob_y_l = dob_y_r AND dob_m_l = dob_m_r", "same year and month"),
            _level("dob_y_l = dob_y_r", "same year"),
            _level("abs(dob_y_l - dob_y_r) <= 3", "within 3 years"),
            _different(),
        ],
    }


def _place_comparison() -> dict[str, Any]:
    return {
        "output_column_name": "place",
        "comparison_levels": [
            _missing("(pc_l IS NULL OR pc_r IS NULL) AND (town_l IS NULL OR town_r IS NULL)"),
            _level("pc_l = pc_r", "same postcode"),
            _level("levenshtein(pc_l, pc_r) = 1", "postcode one character different"),
            _level("pc_district_l = pc_district_r", "same postcode district"),
            _level("town_l = town_r OR pc_area_l = pc_area_r", "same town or postcode area"),
            _different(),
        ],
    }


def _exact_comparison(column: str) -> dict[str, Any]:
    return {
        "output_column_name": column,
        "comparison_levels": [
            _missing(f"{column}_l IS NULL OR {column}_r IS NULL"),
            _level(f"{column}_l = {column}_r", "same"),
            _different(),
        ],
    }


OPTIONAL_COMPARISONS = ("gender", "nationality", "phone", "email", "identifier")


def blocking_rules() -> list[str]:
    """The candidate pairs: the union of these rules (each in Splink's l./r. SQL)."""

    def same(*columns: str) -> str:
        return " AND ".join(f"l.{c} = r.{c}" for c in columns)

    return [
        same("nlo", "nhi", "dob_y"),  # both names (either way round) and year of birth
        same("nlo", "nhi", "dob_m", "dob_d"),  # both names and birthday (the year estimated)
        same("pc"),  # postcode
        same("dob", "gi"),  # date of birth and the initial of either name (the other mistyped)
        same("dob", "fi"),
        same("dob", "town"),  # date of birth and town (both names mistyped)
        # both names, no date of birth on one side, and a name few records share
        f"{same('nlo', 'nhi')} AND (l.dob_y IS NULL OR r.dob_y IS NULL) AND l.nn <= {NAME_BLOCK_CAP}",
    ]


# m and u for each comparison's levels (all but the missing level, in order): trained on 100,000
# synthetic referrals (bench/matching.py) and rounded. Files too small to train on are scored with
# them as they are; training starts from them. Two changes from the trained values: disagreeing
# gender and nationality are given m of 1% and 2% (the synthetic data never records them wrongly;
# real referrals do), and a postcode in the same district 2% (the synthetic people who move, move
# anywhere). Phone, e-mail and identifier are not in the synthetic data: their priors say that the
# same value is strong evidence and a different one weak evidence against.
PRIORS: dict[str, list[tuple[float, float]]] = {
    "given_name": [
        (0.3814, 0.00205),  # exact
        (0.2001, 0.00118),  # same name: variant, nickname or transliteration
        (0.1295, 0.000339),  # Jaro-Winkler >= 0.92
        (0.0067, 0.00135),  # a word in common
        (0.0239, 0.000993),  # initial or shortened
        (0.0522, 0.0013),  # swapped with the family name
        (0.1001, 0.0046),  # Jaro-Winkler >= 0.8
        (0.1059, 0.988),  # different
    ],
    "family_name": [
        (0.5457, 0.00595),
        (0.1817, 0.0023),
        (0.0814, 0.000523),
        (0.0043, 0.00121),
        (0.001, 0.000767),
        (0.051, 0.00159),
        (0.0639, 0.00259),
        (0.0712, 0.985),
    ],
    "date_of_birth": [
        (0.8281, 6.6e-05),  # exact
        (0.0175, 2.04e-05),  # day and month swapped
        (0.1037, 0.00169),  # one digit different
        (0.0054, 4.16e-05),  # year within 2, same day and month
        (0.0342, 0.000416),  # same year, one a year only or 1 January
        (0.003, 0.00114),  # same year and month
        (0.0016, 0.0199),  # same year
        (0.0038, 0.134),  # within 3 years
        (0.0028, 0.843),  # different
    ],
    "place": [
        (0.5075, 6.58e-06),  # same postcode
        (0.0284, 1.12e-05),  # postcode one character different
        (0.02, 0.000797),  # same postcode district
        (0.2787, 0.102),  # same town or postcode area
        (0.1852, 0.897),  # different
    ],
    "gender": [(0.99, 0.517), (0.01, 0.483)],
    "nationality": [(0.98, 0.162), (0.02, 0.838)],
    "phone": [(0.6, 1e-05), (0.4, 1.0)],
    "email": [(0.7, 1e-06), (0.3, 1.0)],
    "identifier": [(0.8, 1e-06), (0.2, 1.0)],
}


Parameters = Mapping[str, Sequence[tuple[float, float]]]


def settings(
    dialect: str, present: Iterable[str] = OPTIONAL_COMPARISONS, parameters: Parameters = PRIORS
) -> dict[str, Any]:
    """The Splink settings of our model for `dialect` ("duckdb" or "spark"), comparing the optional
    columns in `present` (those the file has values in), with m and u from `parameters` (as
    PRIORS) and, for comparisons it lacks, from PRIORS."""
    jw = _JARO_WINKLER[dialect]
    comparisons = [
        _name_comparison("g", "f", jw, "given_name"),
        _name_comparison("f", "g", jw, "family_name"),
        _birth_comparison(),
        _place_comparison(),
    ]
    comparisons += [_exact_comparison(column) for column in OPTIONAL_COMPARISONS if column in set(present)]
    for comparison in comparisons:
        name = comparison["output_column_name"]
        values = parameters.get(name) or PRIORS[name]
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        if len(values) != len(levels):
            raise ValueError(f"{name}: {len(values)} (m, u) pairs for {len(levels)} levels")
        for level, (m, u) in zip(levels, values, strict=True):
            level["m_probability"], level["u_probability"] = m, u
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 0.0001,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": blocking_rules(),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "max_iterations": 20,
        "em_convergence": EM_CONVERGENCE,
    }


# EM runs on pairs with the same date of birth, then on pairs with the same postcode: each session
# estimates the m values of the comparisons other than its own. On big files each uses a sample of
# about EM_PAIRS pairs.
EM_BLOCKS = (("dob", "date of birth"), ("pc", "postcode"))
EM_PAIRS = 2e6
EM_SAMPLE_FROM_ROWS = 50_000
EM_CONVERGENCE = 0.001


def _train(linker: Any, rows: int) -> None:
    from splink import block_on
    from splink.internals.exceptions import SplinkException

    # Chunks let Splink stop sampling early on big files; a small file's pairs are all sampled at once.
    chunks = 10 if rows * (rows - 1) / 2 > U_PAIRS else 1
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=U_SEED, num_chunks=chunks)
    for column, name in EM_BLOCKS:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(column),
                max_pairs=EM_PAIRS if rows >= EM_SAMPLE_FROM_ROWS else None,
                estimate_without_term_frequencies=True,
            )
        except (ValueError, SplinkException) as error:
            # Splink refuses an m of exactly 0, which EM reaches when a level is never seen among
            # the matches of a small, clean file; the m values before this session then stand.
            logger.warning("EM on records with the same %s gave no usable m values (%s)", name, error)


# Near-certain rules for the proportion of matches, with the levels (comparison, level) whose m gives
# the rule's recall: dates of birth and postcodes are mistyped or changed independently, so the
# share of true pairs that keep both is the product of the two.
_MATCH_RATE_RULES = [
    ("l.dob = r.dob AND l.pc = r.pc", [("date_of_birth", 0), ("place", 0)]),
    ("l.g = r.g AND l.f = r.f AND l.dob = r.dob", [("given_name", 0), ("family_name", 0), ("date_of_birth", 0)]),
]


def _match_rate(frame: Any, parameters: Parameters, rows: int) -> float:
    """The proportion of pairs that are matches (the model's prior): the pairs a near-certain rule
    finds, over the rule's recall under the model's m values, over all pairs. With fewer than 10
    such pairs to go on, one record in 20 is taken to have a duplicate."""
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    total = rows * (rows - 1) / 2
    for rule, levels in _MATCH_RATE_RULES:
        recall = 1.0
        for comparison, level in levels:
            recall *= (parameters.get(comparison) or PRIORS[comparison])[level][0]
        [record] = count_comparisons_from_blocking_rules(
            frame, blocking_rules=rule, link_type="dedupe_only", record_sample_proportion=1.0
        )
        found = record["marginal_comparison_count"]
        if found >= 10:
            return min(0.5, found / recall / total)
    return min(0.5, 0.05 * rows / total)


def _parameters_of(model: Mapping[str, Any]) -> dict[str, list[tuple[float, float]]]:
    """The m and u of a trained Splink model, each kept at or above its floor."""
    parameters = {}
    for comparison in model["comparisons"]:
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        parameters[comparison["output_column_name"]] = [
            (max(level["m_probability"], M_FLOOR), max(level["u_probability"], U_FLOOR)) for level in levels
        ]
    return parameters


# Running --------------------------------------------------------------------------------------


def _arrow_table(prepared: Mapping[str, Any]) -> Any:
    import pyarrow as pa

    return pa.table(dict(prepared))


class _Clock:
    def __init__(self) -> None:
        self.last = time.perf_counter()

    def lap(self, message: str, *args: Any) -> None:
        now = time.perf_counter()
        logger.info(message + " in %.1f s", *args, now - self.last)
        self.last = now


def score_prepared(
    prepared: Mapping[str, Any],
    threshold: float,
    spark: Any = None,
    *,
    train: bool | None = None,
    parameters: Parameters | None = None,
) -> tuple[Any, Any, Any]:
    """Positions a and b (numpy arrays) and match probability of each candidate pair scoring at
    least `threshold`, with the model trained on these records (`train`, or by default when there
    are at least TRAIN_MIN_ROWS), or with the given `parameters`, or with PRIORS."""
    import numpy as np

    with quiet("splink", logging.ERROR):
        session = _Session.open(prepared, spark)
        if session.rows < 2:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64)
        if parameters is None:
            trains = train if train is not None else session.rows >= TRAIN_MIN_ROWS
            parameters = session.train() if trains else PRIORS
        return session.predict(parameters, threshold)


def train_model(columns: Mapping[str, Any], spark: Any = None, *, strict_dates: bool = True) -> Parameters:
    """The model's m and u trained on these records (u by random sampling, m by EM on date-of-birth
    and postcode blocks), to score other files with or on another backend."""
    with quiet("splink", logging.ERROR):
        return _Session.open(prepare(columns, strict_dates=strict_dates), spark).train()


@dataclass
class _Session:
    """Prepared records registered with a Splink backend."""

    db_api: Any
    frame: Any
    dialect: str
    present: list[str]
    rows: int
    spark: Any
    clock: _Clock

    @classmethod
    def open(cls, prepared: Mapping[str, Any], spark: Any) -> _Session:
        clock = _Clock()
        table = _arrow_table(prepared)
        rows = table.num_rows
        present = [c for c in OPTIONAL_COMPARISONS if table.column(c).null_count < rows]
        if spark is None:
            from splink import DuckDBAPI

            db_api: Any = DuckDBAPI()
            frame = db_api.register(table)
            dialect = "duckdb"
        else:
            from splink import SparkAPI

            # Splink breaks Spark's lineage between steps by checkpointing, which needs a checkpoint
            # folder (set one on a cluster); without one, persisting in memory does the same job.
            lineage = None if spark.sparkContext.getCheckpointDir() else "persist"
            db_api = SparkAPI(spark_session=spark, break_lineage_method=lineage)
            frame = db_api.register(spark.createDataFrame(table.to_pandas(), schema=_spark_schema(table)))
            dialect = "spark"
        clock.lap("registered %d records", rows)
        return cls(db_api, frame, dialect, present, rows, spark, clock)

    def linker(self, parameters: Parameters, match_rate: float | None = None) -> Any:
        from splink import Linker

        model = settings(self.dialect, self.present, parameters)
        if match_rate is not None:
            model["probability_two_random_records_match"] = match_rate
        return Linker(self.frame, model, log_level=None)

    def train(self) -> Parameters:
        linker = self.linker(PRIORS)
        _train(linker, self.rows)
        self.clock.lap("trained")
        return _parameters_of(linker.misc.save_model_to_json())

    def predict(self, parameters: Parameters, threshold: float) -> tuple[Any, Any, Any]:
        import numpy as np

        match_rate = _match_rate(self.frame, parameters, self.rows)
        self.clock.lap("estimated the proportion of matches: %.3g", match_rate)
        linker = self.linker(parameters, match_rate)
        # Splink filters on the match weight, which is infinite at probabilities 0 and 1.
        within = None if threshold <= 0 else min(threshold, 0.999999)
        predictions = linker.inference.predict(threshold_match_probability=within, warning_mode="never")
        self.clock.lap("scored the candidate pairs")
        sql = (
            "SELECT unique_id_l AS a, unique_id_r AS b, match_probability AS p "  # noqa: S608 - Splink's table
            f"FROM {predictions.physical_name} WHERE match_probability >= {float(threshold)!r}"
        )
        if self.spark is None:
            result = self.db_api.duckdb_con.execute(sql).fetchnumpy()
            a, b, p = (np.asarray(result[k]) for k in ("a", "b", "p"))
        else:
            frame = self.spark.sql(sql).toPandas()
            a, b, p = frame["a"].to_numpy(), frame["b"].to_numpy(), frame["p"].to_numpy()
        self.clock.lap("fetched %d pairs", len(a))
        return a.astype(np.int64), b.astype(np.int64), p.astype(np.float64)


@contextmanager
def quiet(name: str, level: int) -> Iterator[None]:
    """Log records of `name` below `level` are dropped while this lasts (Splink reports every step
    at INFO and warns when a rule finds no pairs, which is expected here)."""
    log = logging.getLogger(name)
    before = log.level
    log.setLevel(max(level, before))
    try:
        yield
    finally:
        log.setLevel(before)


def _spark_schema(table: Any) -> Any:
    import pyarrow as pa
    from pyspark.sql import types as T

    spark_types = {pa.int64(): T.LongType(), pa.int32(): T.IntegerType(), pa.bool_(): T.BooleanType()}
    return T.StructType(
        [T.StructField(f.name, spark_types.get(f.type, T.StringType()), nullable=True) for f in table.schema]
    )


def id_ranks(ids: Sequence[Any]) -> Any:
    """Each id's place in the output order (a numpy array): as numbers when every id is a whole
    number ("9" before "10"), otherwise as text."""
    import numpy as np

    texts = [str(i).strip() for i in ids]
    keys: list[Any] = [int(t) for t in texts] if all(_WHOLE_NUMBER.fullmatch(t) for t in texts) else texts
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    return ranks


_WHOLE_NUMBER = re.compile(r"-?\d+")


@dataclass
class Pairs:
    """Pairs of records judged to be the same person: positions a and b (numpy arrays, the id of
    a before the id of b, sorted by id) and their match probabilities, with the ids."""

    a: Any
    b: Any
    scores: Any
    ids: Sequence[Any]

    def __len__(self) -> int:
        return len(self.scores)

    def tuples(self) -> list[tuple[Any, Any, float]]:
        ids = self.ids
        return [
            (ids[a], ids[b], s) for a, b, s in zip(self.a.tolist(), self.b.tolist(), self.scores.tolist(), strict=True)
        ]


def duplicate_pairs(
    columns: Mapping[str, Any],
    threshold: float = DEFAULT_THRESHOLD,
    spark: Any = None,
    *,
    train: bool | None = None,
    strict_dates: bool = True,
    row_numbers: Any = None,
    parameters: Parameters | None = None,
) -> Pairs:
    """`find_duplicate_pairs` for records held as columns (lists, or pyarrow arrays as
    `read_people_csv` gives them). With `strict_dates` false, a date of birth that cannot be read
    is not an error (see `prepare`)."""
    import numpy as np

    if not 0 <= threshold <= 1:
        raise DedupeInputError(f"the threshold is a probability between 0 and 1, not {threshold}")
    ids = columns["id"]
    ids = ids.to_pylist() if hasattr(ids, "to_pylist") else list(ids)
    check_ids([None if i is None else str(i) for i in ids], row_numbers)
    prepared = prepare(columns, strict_dates=strict_dates, row_numbers=row_numbers)
    a, b, scores = score_prepared(prepared, threshold, spark, train=train, parameters=parameters)
    ranks = id_ranks(ids)
    swap = ranks[b] < ranks[a]
    a, b = np.where(swap, b, a), np.where(swap, a, b)
    order = np.lexsort((ranks[b], ranks[a]))
    return Pairs(a[order], b[order], scores[order], ids)


def find_duplicate_pairs(
    rows: Iterable[Mapping[str, Any]],
    threshold: float = DEFAULT_THRESHOLD,
    spark: Any = None,
    *,
    train: bool | None = None,
    parameters: Parameters | None = None,
) -> list[tuple[Any, Any, float]]:
    """The pairs of records judged to be the same person: (id_a, id_b, probability) with id_a before
    id_b, for every pair whose match probability is at least `threshold`, sorted by id_a then
    id_b (as numbers when every id is a whole number). `rows` are mappings with any of
    INPUT_COLUMNS, each with an id, no id twice. Runs on DuckDB in memory, or on Spark when
    `spark` is a SparkSession started with Splink's similarity functions (docs/scaling.md).
    `train`: None trains the model on files of at least TRAIN_MIN_ROWS records and scores smaller
    ones with PRIORS; True or False forces it. `parameters` (from `train_model`) scores with a model
    trained before, for instance on DuckDB, instead."""
    columns = rows_to_columns(rows)
    if not columns["id"]:
        return []
    return duplicate_pairs(columns, threshold, spark, train=train, parameters=parameters).tuples()


def write_pairs(pairs: Pairs | Iterable[tuple[Any, Any, float]], path: str | Path) -> int:
    """Write `id_a,id_b,score`: a header, then a line a pair, the score to 6 decimal places.
    Returns the number of pairs written."""
    import duckdb
    import pyarrow as pa

    if isinstance(pairs, Pairs):
        ids = pa.array([str(i) for i in pairs.ids], pa.string())
        table = pa.table(
            {"id_a": ids.take(pa.array(pairs.a)), "id_b": ids.take(pa.array(pairs.b)), "score": pa.array(pairs.scores)}
        )
    else:
        rows = list(pairs)
        table = pa.table(
            {
                "id_a": pa.array([str(r[0]) for r in rows], pa.string()),
                "id_b": pa.array([str(r[1]) for r in rows], pa.string()),
                "score": pa.array([float(r[2]) for r in rows], pa.float64()),
            }
        )
    with duckdb.connect() as con:
        con.register("pairs", table)
        formatted = con.sql("SELECT id_a, id_b, printf('%.6f', score) AS score FROM pairs")
        formatted.write_csv(str(path), header=True)
    return table.num_rows
