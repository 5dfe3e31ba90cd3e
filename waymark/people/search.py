"""Finding the people a new record may be, among a partnership's people: candidates by shared
blocking keys (two indexed queries), then scored (matching.compare), best first.

Who may see what is not decided here: callers show each candidate in full, or only that a possible
match exists and which organisation to ask (waymark.people.access).
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db import connection

from . import records
from .matching import Comparison, Facts, Frequencies, compare_if_likely, keys, names_bound
from .models import MatchKey, Person

# Candidates scored per look-up: those sharing the most keys with the query. Enough that a true
# match sharing a single key with a common name still gets scored; few enough to stay within a few
# milliseconds.
CANDIDATES = 100
# Listed as a possible match from this probability, with the score and what agrees and differs,
# so a caseworker sees the people it may be, best first, even on thin evidence ("Rebecca Murray",
# with no date of birth). bench/matching_online.py measures the recall this gives.
SHOW_FROM = 0.05
# From this probability a match is likely enough to act on: a record the user may not see is
# disclosed as "ask this organisation", the coordinators get a match alert, and a concern's
# confirmation page says a possible match was found. Below it, alerts would mostly be false
# (bench/matching_online.py measures the false alert rate on people who are not there).
ALERT_FROM = 0.5
# A key held by this many people or more is not read to rank candidates (counting stops here).
COMMON_KEY = 1_000


def _holders(partnership_ids: list[int], wanted: list[str]) -> dict[str, int]:
    """How many people hold each wanted key, counted no further than COMMON_KEY: one short index
    range per key, so a key half the table holds costs no more than a rare one."""
    marks = ", ".join(["%s"] * len(partnership_ids))
    # Only placeholders, the table's name and an integer are put into the text; values are parameters.
    table = MatchKey._meta.db_table
    one_key = f"SELECT %s, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE partnership_id IN ({marks})"  # noqa: S608
    one_key += f" AND key = %s LIMIT {COMMON_KEY}) AS held)"
    sql = " UNION ALL ".join([one_key] * len(wanted))
    params: list[str | int] = []
    for key in wanted:
        params += [key, *partnership_ids, key]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {key: n for key, n in cursor.fetchall() if n}


@dataclass(frozen=True)
class Candidate:
    person_id: int
    comparison: Comparison

    @property
    def probability(self) -> float:
        return self.comparison.probability


def _ranked(partnership_ids: list[int], held_by: dict[str, int], people: int, limit: int) -> list[int]:
    """The people sharing the most rarity (the sum of log(people / holders) over the keys they
    share), best first. Plain SQL: this runs on every look-up and the ORM's compiling of it costs
    as much as running it."""
    table = MatchKey._meta.db_table
    wanted = sorted(held_by)
    rarity = " ".join(["WHEN %s THEN %s"] * len(wanted))
    sql = f"SELECT person_id, SUM(CASE key {rarity} ELSE 0.0 END) AS score FROM {table}"  # noqa: S608
    sql += f" WHERE partnership_id IN ({', '.join(['%s'] * len(partnership_ids))})"
    sql += f" AND key IN ({', '.join(['%s'] * len(wanted))}) GROUP BY person_id ORDER BY score DESC, person_id LIMIT %s"
    params: list[str | int | float] = []
    for key in wanted:
        params += [key, math.log(people / held_by[key])]
    params += [*partnership_ids, *wanted, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _live_facts(ids: list[int]) -> list[tuple[int, Facts]]:
    """The stored facts of those people who are not merged into another record."""
    if not ids:
        return []
    sql = f"SELECT id, match_facts FROM {Person._meta.db_table}"  # noqa: S608
    sql += f" WHERE id IN ({', '.join(['%s'] * len(ids))}) AND merged_into_id IS NULL"
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        rows = cursor.fetchall()
    # PostgreSQL's driver decodes JSON itself; SQLite gives the text.
    return [(pk, Facts.from_json(json.loads(data) if isinstance(data, str) else data)) for pk, data in rows]


def candidates(
    partnership_ids: Collection[int],
    query: Facts,
    *,
    limit: int = 10,
    show_from: float = SHOW_FROM,
    exclude: Iterable[int] = (),
    frequencies: Frequencies | None = None,
) -> list[Candidate]:
    """The people who may be `query`, best first, at most `limit`, each at least `show_from` likely.
    Merged records are left out (their survivor stands for them)."""
    wanted = keys(query)
    if not wanted or not partnership_ids:
        return []
    if frequencies is None:  # those of the first partnership: its people are most of the candidates
        frequencies = records.frequencies_for(min(partnership_ids))
    excluded = set(exclude)
    partnerships = sorted(partnership_ids)
    # A key few people hold says more than one many hold ("the same date of birth and family name"
    # against "a Nguyen born in 1995"): candidates are ranked by the rarity of the keys they share.
    # Keys held by more than COMMON_KEY people are left out of the ranking (they would be read in
    # full for almost no evidence) unless nothing rarer is shared.
    held_by = _holders(partnerships, sorted(wanted))
    if not held_by:
        return []
    useful = {key: n for key, n in held_by.items() if n < COMMON_KEY} or dict(
        sorted(held_by.items(), key=lambda item: item[1])[:1]
    )
    people = max(frequencies.total, max(held_by.values()) + 1)
    ids = [pk for pk in _ranked(partnerships, useful, people, CANDIDATES + len(excluded)) if pk not in excluded]
    found = _live_facts(ids)
    # Candidates that cannot reach `show_from` even with the best names are not compared in full.
    at_least = math.log2(show_from / (1 - show_from)) if 0 < show_from < 1 else -math.inf
    bound = names_bound(query, frequencies)
    scored = []
    for pk, person in found:
        comparison = compare_if_likely(query, person, frequencies, at_least=at_least, names_at_most=bound)
        if comparison is not None:
            scored.append(Candidate(pk, comparison))
    scored.sort(key=lambda c: (-c.comparison.weight, c.person_id))
    return [c for c in scored if c.probability >= show_from][:limit]
