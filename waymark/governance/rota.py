"""A fair rota of chair, minute-taker and host across a group's member organisations.

Meeting by meeting, each role goes to an organisation that has held that role least often (past
meetings included), and no organisation takes two roles at one meeting when the group has three or
more organisations (with two, the chair does not also take the minutes). Among equally fair choices
the one spreading all roles most evenly wins, then the order the organisations were given in (the
rotation order), so the same inputs always give the same rota.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Generic, TypeVar, cast

Org = TypeVar("Org", bound=Hashable)

ROLES = ("chair", "minute_taker", "host")


@dataclass(frozen=True)
class Assignment(Generic[Org]):
    chair: Org
    minute_taker: Org
    host: Org


def _allowed(triple: tuple[Org, Org, Org], organisations: int) -> bool:
    chair, minute_taker, host = triple
    if organisations >= 3:
        return len({chair, minute_taker, host}) == 3
    if organisations == 2:
        return chair != minute_taker
    return True


Counts = dict[str, dict[Org, int]]


def _total(counts: Counts[Org], org: Org) -> int:
    return sum(counts[role][org] for role in ROLES)


def plan_rota(
    organisations: Sequence[Org],
    meetings: int,
    past: Mapping[str, Mapping[Org, int]] | None = None,
) -> list[Assignment[Org]]:
    """Chair, minute-taker and host for each of the next `meetings` meetings.

    `past[role][organisation]` is how many times the organisation has already held the role
    ("chair", "minute_taker" or "host"); organisations not mentioned count as never."""
    if not organisations:
        return []
    if len(set(organisations)) != len(organisations):
        raise ValueError("Each organisation may appear once.")
    counts: Counts[Org] = {
        role: {org: (past or {}).get(role, {}).get(org, 0) for org in organisations} for role in ROLES
    }
    rota: list[Assignment[Org]] = []
    for meeting in range(meetings):
        best = _fairest(organisations, counts, meeting)
        for role, chosen in zip(ROLES, best, strict=True):
            counts[role][chosen] += 1
        rota.append(Assignment(*best))
    return rota


def _fairest(organisations: Sequence[Org], counts: Counts[Org], meeting: int) -> tuple[Org, Org, Org]:
    position = {org: i for i, org in enumerate(organisations)}

    def turn(org: Org) -> int:
        # Ties rotate through the given order, so equal counts do not always favour the first.
        return (position[org] - meeting) % len(organisations)

    def least_used(role: str) -> list[Org]:
        return sorted(organisations, key=lambda org: (counts[role][org], _total(counts, org), turn(org)))[:3]

    def unfairness(triple: tuple[Org, Org, Org]) -> tuple[int, int, int, tuple[int, ...]]:
        held = [counts[role][org] for role, org in zip(ROLES, triple, strict=True)]
        return (sum(held), max(held), sum(_total(counts, org) for org in set(triple)), tuple(turn(o) for o in triple))

    # The three least-used organisations for each role are enough: whatever the others take, one of
    # them is free, and none of the rest has been used less.
    triples = [cast(tuple[Org, Org, Org], t) for t in product(*(least_used(role) for role in ROLES))]
    return min((t for t in triples if _allowed(t, len(organisations))), key=unfairness)
