"""Finding the people a new record may be, among a partnership's people: candidates by shared
blocking keys (two indexed queries), then scored (matching.compare), best first.

Who may see what is not decided here: callers show each candidate in full, or only that a possible
match exists and which organisation to ask (waymark.people.access).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, FloatField, Sum, Value, When

from . import records
from .matching import Comparison, Facts, Frequencies, compare, keys
from .models import MatchKey, Person

# Candidates scored per look-up: those sharing the most keys with the query. Enough that a true
# match sharing a single key with a common name still gets scored; few enough to stay within a few
# milliseconds.
CANDIDATES = 150
# Shown as a possible match from this probability: below it, the evidence is too thin to put in
# front of a caseworker (bench/matching.py measures what this gives: recall and false alerts).
SHOW_FROM = 0.8
# A key held by this many people or more is not read to rank candidates (counting stops here).
COMMON_KEY = 2_000


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
    rarity = [When(key=key, then=Value(math.log(people / n))) for key, n in useful.items()]
    shared = (
        MatchKey.objects.filter(partnership_id__in=partnerships, key__in=sorted(useful))
        .values("person_id")
        .annotate(score=Sum(Case(*rarity, default=Value(0.0), output_field=FloatField())))
        .order_by("-score", "person_id")[: CANDIDATES + len(excluded)]
    )
    ids = [row["person_id"] for row in shared if row["person_id"] not in excluded]
    found = Person.objects.filter(pk__in=ids, merged_into__isnull=True).values_list("pk", "match_facts")
    scored = [Candidate(pk, compare(query, Facts.from_json(data), frequencies)) for pk, data in found]
    scored.sort(key=lambda c: (-c.comparison.weight, c.person_id))
    return [c for c in scored if c.probability >= show_from][:limit]
