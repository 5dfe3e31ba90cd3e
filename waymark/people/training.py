"""Estimating each comparison level's m and u from a partnership's own people, without labels.

u, the chance that two different people agree at a level, comes from random pairs: almost every
random pair is two different people. m, the chance that two records of one person agree at a
level, comes from expectation maximisation over candidate pairs (pairs sharing a blocking key),
which hold both kinds of pair in unknown proportion: each round weighs every pair by how likely it
is to be a match under the current estimates, then re-estimates m from those weights.

A field's m cannot be learnt from pairs chosen because they agree on that field (they all would),
so, as in Splink's training sessions, names and postcodes are learnt from pairs blocked on the date of
birth, and the date of birth from pairs blocked on two names. Town, gender and nationality agree
between most pairs of strangers too, so they keep their default m.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence

from .matching import LEVELS, Comparison, Facts, compare, keys

FIELDS = ("name", "birth", "postcode", "town", "gender", "nationality")
SMOOTHING = 0.5  # added to every level's count, so no level gets a probability of exactly 0


def _levels_of(comparison: Comparison) -> dict[str, list[str]]:
    """The level of each field in a comparison (names: given and family, each a name level)."""
    found: dict[str, list[str]] = {f: [] for f in FIELDS}
    for level in (comparison.given, comparison.family):
        if level is not None:
            found["name"].append(level)
    for name in ("birth", "postcode", "town", "gender", "nationality"):
        level = getattr(comparison, name)
        if level is not None:
            found[name].append(level)
    return found


def estimate_u(people: Sequence[Facts], *, pairs: int, rng: random.Random) -> dict[str, dict[str, float]]:
    counts: dict[str, dict[str, float]] = {f: dict.fromkeys(LEVELS[f], SMOOTHING) for f in FIELDS}
    for _ in range(pairs):
        a, b = rng.sample(range(len(people)), 2)
        for name, levels in _levels_of(compare(people[a], people[b])).items():
            for level in levels:
                counts[name][level] += 1
    return {f: _shares(c) for f, c in counts.items()}


def _shares(counts: dict[str, float]) -> dict[str, float]:
    total = sum(counts.values())
    return {level: n / total for level, n in counts.items()}


def candidate_pairs(
    people: Sequence[Facts], prefix: str, *, limit: int, rng: random.Random, most: int = 10
) -> list[tuple[int, int]]:
    """Pairs of people sharing a blocking key of one kind ("dm:" the date of birth, "nn:" two names),
    skipping keys shared by more than `most` people (common names: pairs that are mostly strangers)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, person in enumerate(people):
        for key in keys(person):
            if key.startswith(prefix):
                postings[key].append(index)
    found: set[tuple[int, int]] = set()
    for members in postings.values():
        if 1 < len(members) <= most:
            found.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    chosen = sorted(found)
    rng.shuffle(chosen)
    return chosen[:limit]


def _expectation_maximisation(
    compared: list[dict[str, list[str]]],
    learn: Iterable[str],
    m: dict[str, dict[str, float]],
    u: dict[str, dict[str, float]],
    *,
    rounds: int,
) -> dict[str, dict[str, float]]:
    learn = list(learn)
    share = 0.3  # the proportion of matches among the pairs: re-estimated each round
    for _ in range(rounds):
        counts = {f: dict.fromkeys(LEVELS[f], SMOOTHING) for f in learn}
        weights_total = 0.0
        for fields in compared:
            odds = share / (1 - share)
            for name in learn:
                for level in fields[name]:
                    odds *= m[name][level] / u[name][level]
            probability = odds / (1 + odds)
            weights_total += probability
            for name in learn:
                for level in fields[name]:
                    counts[name][level] += probability
        m = {**m, **{f: _shares(c) for f, c in counts.items()}}
        share = min(max(weights_total / max(len(compared), 1), 1e-4), 0.9999)
    return m


def estimate_levels(
    people: Sequence[Facts], *, random_pairs: int = 100_000, pairs: int = 100_000, rounds: int = 8, seed: int = 1
) -> dict[str, dict[str, tuple[float, float]]]:
    """m and u for every field's levels, learnt from `people` (a sample of a partnership's people
    is enough: 100,000 at most). Fields the people never show keep the defaults."""
    rng = random.Random(seed)
    u = estimate_u(people, pairs=random_pairs, rng=rng)
    m = {f: {level: mu[0] for level, mu in LEVELS[f].items()} for f in FIELDS}
    # Names from pairs sharing a date of birth; the date of birth from pairs sharing two names.
    by_birth = [
        _levels_of(compare(people[a], people[b])) for a, b in candidate_pairs(people, "dm:", limit=pairs, rng=rng)
    ]
    by_names = [
        _levels_of(compare(people[a], people[b])) for a, b in candidate_pairs(people, "nn:", limit=pairs, rng=rng)
    ]
    # Town, gender and nationality agree between most pairs of strangers too: left in, expectation
    # maximisation settles on them instead of on the matches, so their m stays at the default.
    # The postcode is learnt with the names, from pairs sharing a date of birth: two strangers rarely
    # share one, so those pairs are mostly matches and the estimate is steadier.
    from_birth = _expectation_maximisation(by_birth, ("name", "postcode"), m, u, rounds=rounds)
    from_names = _expectation_maximisation(by_names, ("birth", "postcode"), m, u, rounds=rounds)
    learnt = {**m, "name": from_birth["name"], "postcode": from_birth["postcode"], "birth": from_names["birth"]}
    result = {f: {level: (learnt[f][level], u[f][level]) for level in LEVELS[f]} for f in FIELDS}
    result["identifier"] = LEVELS["identifier"]  # too rare in most partnerships to learn
    return result
