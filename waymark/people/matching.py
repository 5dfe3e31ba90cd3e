"""Is this the same person? Finding candidates for a person being entered, scoring each and saying
in plain English what agrees and what differs.

How it works, in the terms of the Fellegi-Sunter model that record linkage rests on:

- `Facts` is what is compared about a person, normalised (waymark.people.normalise): names and
  aliases as folded words, date of birth (exact, year or estimated), gender, nationality, postcode,
  town, identifiers.
- `keys` gives each person a handful of blocking keys (a name's spelling-blind skeleton with the
  birth year, with the postcode district; two names together; the date of birth; each identifier).
  One name with the other's initial; each name with the day and month of birth; the postcode. Two records of one person share at least one key unless
  almost everything about them changed;
  two different people rarely share many. Candidates are the people sharing keys with the query.
- `compare` puts each field of a pair at a level (names: the same, spelt differently, close, like,
  different; date of birth: the same, day and month swapped, one digit out, same year, within two
  years, different; and so on). Each level carries a weight, log2(m/u): m is how often the level is
  seen between two records of one person, u between two different people. The weights add up with
  the prior odds into a match probability.
- The explanation lists each field's level in words, so a caseworker sees why a record is proposed.

Names may be written in either order ("Nguyen Van Nam" as given "Nguyen", family "Van Nam"), so both
orders are scored and the better is used, said as "given and family names swapped".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import JaroWinkler, Levenshtein

from .normalise import (
    BirthDate,
    BirthDateKind,
    canonical,
    fold,
    name_tokens,
    normalise_postcode,
    phonetic,
    postcode_parts,
    skeleton,
)

Name = tuple[tuple[str, ...], tuple[str, ...]]  # (given tokens, family tokens)


@dataclass(frozen=True)
class Facts:
    names: tuple[Name, ...]  # the first is the name in use; the rest aliases and previous names
    birth: BirthDate = field(default_factory=BirthDate.unknown)
    gender: str = ""  # "female", "male", "other" or "" (not known)
    nationality: str = ""  # folded
    postcode: str = ""  # normalised, "E1 6AN"
    town: str = ""  # folded
    identifiers: frozenset[tuple[str, str]] = frozenset()  # (kind, normalised value)

    def to_json(self) -> dict[str, Any]:
        birth = self.birth
        return {
            "n": [[list(g), list(f)] for g, f in self.names],
            "b": [birth.kind.value, birth.value.isoformat() if birth.value else None, birth.year]
            + [birth.earliest_year, birth.latest_year],
            "g": self.gender,
            "c": self.nationality,
            "p": self.postcode,
            "t": self.town,
            "i": sorted([k, v] for k, v in self.identifiers),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Facts:
        kind, value, year, earliest, latest = data.get("b") or ["unknown", None, None, None, None]
        birth = BirthDate(BirthDateKind(kind), date.fromisoformat(value) if value else None, year, earliest, latest)
        return cls(
            names=tuple((tuple(g), tuple(f)) for g, f in data.get("n", [])),
            birth=birth,
            gender=data.get("g", ""),
            nationality=data.get("c", ""),
            postcode=data.get("p", ""),
            town=data.get("t", ""),
            identifiers=frozenset((k, v) for k, v in data.get("i", [])),
        )


def facts(
    *,
    given_name: str | None = None,
    family_name: str | None = None,
    full_name: str | None = None,
    aliases: Iterable[tuple[str | None, str | None]] = (),
    birth: BirthDate | None = None,
    gender: str | None = None,
    nationality: str | None = None,
    postcode: str | None = None,
    town: str | None = None,
    identifiers: Iterable[tuple[str, str | None]] = (),
) -> Facts:
    """Facts from what was written. A full name with no given and family name is split at its last
    word (the usual English order; the other order is scored too)."""
    given, family = tuple(name_tokens(given_name)), tuple(name_tokens(family_name))
    if not given and not family and full_name:
        words = name_tokens(full_name)
        given, family = tuple(words[:-1]), tuple(words[-1:])
    names: list[Name] = [(given, family)] if given or family else []
    for alias_given, alias_family in aliases:
        alias = (tuple(name_tokens(alias_given)), tuple(name_tokens(alias_family)))
        if (alias[0] or alias[1]) and alias not in names:
            names.append(alias)
    return Facts(
        names=tuple(names),
        birth=birth or BirthDate.unknown(),
        gender=_gender(gender),
        nationality=fold(nationality),
        postcode=normalise_postcode(postcode) or "",
        town=fold(town),
        identifiers=frozenset((kind, value) for kind, value in identifiers if value),
    )


def _gender(text: str | None) -> str:
    value = fold(text)
    if value in {"f", "female", "woman", "girl"}:
        return "female"
    if value in {"m", "male", "man", "boy"}:
        return "male"
    return "other" if value in {"other", "non binary", "nonbinary"} else ""


# Blocking keys -----------------------------------------------------------------------------------


@lru_cache(maxsize=500_000)
def _key_token(token: str) -> str:
    return skeleton(canonical(token))


def birth_years(birth: BirthDate) -> range:
    if birth.earliest_year is None or birth.latest_year is None:
        return range(0)
    return range(birth.earliest_year, birth.latest_year + 1)


def keys(person: Facts) -> set[str]:
    """The blocking keys of a person (stored in MatchKey; computed the same way for a query)."""
    found: set[str] = set()
    district = postcode_parts(person.postcode).district if person.postcode else ""
    years = birth_years(person.birth)
    for given, family in person.names:
        words = [t for t in (*given, *family) if len(t) > 1]
        skeletons = sorted({_key_token(t) for t in words})
        for sk in skeletons:
            for year in years:
                found.add(f"ny:{sk}:{year}")
            if district:
                found.add(f"nd:{sk}:{district}")
        for i, a in enumerate(skeletons[:4]):
            for b in skeletons[i + 1 : 4]:
                found.add(f"nn:{a}:{b}")
        # One name with the other's initial: a typo in the other name, with no date of birth or
        # postcode to go on, still finds the record ("Artam Shehu" for "Artan Shehu").
        for part, other in ((given, family), (family, given)):
            initials = sorted({t[0] for t in other if t})[:2]
            for word in part[:2]:
                if len(word) > 1:
                    for initial in initials:
                        found.add(f"ni:{_key_token(word)}:{initial}")
    if person.birth.value:  # day and month in either order: a swapped date finds the record too
        d = person.birth.value
        day_month = f"{min(d.month, d.day)}:{max(d.month, d.day)}"
        found.add(f"dm:{d.year}:{day_month}")
        if not _stands_for_year_only(person.birth):
            # A name with the day and month of birth: an estimated or mistyped year still finds it.
            for given, family in person.names:
                for word in (*given[:2], *family[:2]):
                    if len(word) > 1:
                        found.add(f"nb:{_key_token(word)}:{day_month}")
    if person.postcode:  # the same address, however the names were written
        found.add(f"pc:{person.postcode}")
    for kind, value in person.identifiers:
        found.add(f"id:{kind}:{value}"[:80])
    return found


# Comparing ---------------------------------------------------------------------------------------

# Levels, best first, and their (m, u) probabilities: how often each level is seen between two
# records of the same person (m) and of two different people (u). Defaults set from the corruption
# rates seen in referral data (a name respelt in about one record in five, a date of birth wrong
# in one in ten, a postcode changed or missing in one in three) and chance agreement among a
# partnership's population; `train` re-estimates them from a partnership's own records.
NAME_LEVELS = {
    "same": (0.72, 0.004),
    "variant": (0.11, 0.002),
    "close": (0.08, 0.003),
    "like": (0.05, 0.03),
    "different": (0.04, 0.961),
}
BIRTH_LEVELS = {
    "same": (0.70, 0.00005),
    "swapped": (0.02, 0.00004),
    "one_digit": (0.03, 0.002),
    "same_month": (0.01, 0.0014),
    "same_year": (0.06, 0.016),
    "near": (0.05, 0.06),
    "different": (0.02, 0.92),
}
POSTCODE_LEVELS = {
    "same": (0.78, 0.00005),
    "one_character": (0.03, 0.0001),
    "sector": (0.01, 0.0008),
    "district": (0.02, 0.004),
    "area": (0.04, 0.06),
    "different": (0.15, 0.935),
}
TOWN_LEVELS = {"same": (0.7, 0.06), "different": (0.3, 0.94)}
GENDER_LEVELS = {"same": (0.98, 0.5), "different": (0.02, 0.5)}
NATIONALITY_LEVELS = {"same": (0.94, 0.16), "different": (0.06, 0.84)}
IDENTIFIER_LEVELS = {"same": (0.6, 0.000001), "different": (0.2, 0.6)}
LEVELS: dict[str, dict[str, tuple[float, float]]] = {
    "name": NAME_LEVELS,
    "birth": BIRTH_LEVELS,
    "postcode": POSTCODE_LEVELS,
    "town": TOWN_LEVELS,
    "gender": GENDER_LEVELS,
    "nationality": NATIONALITY_LEVELS,
    "identifier": IDENTIFIER_LEVELS,
}
SWAP_PENALTY = math.log2(0.03)  # names given in the other order: uncommon, but it happens
# The chance that two records picked at random are the same person, before comparing them: about
# one in the number of people compared against (Frequencies.total), or this without frequencies.
PRIOR = 1 / 20_000
# However rare a name, agreeing on it counts for no more than agreeing on a name this many people
# share would: names recur across families, and the table may hold only one holder of a name that
# is common elsewhere.
RARE_NAME_PEOPLE = 20


def _weight(levels: dict[str, tuple[float, float]], level: str | None) -> float:
    if level is None:
        return 0.0
    m, u = levels[level]
    return math.log2(m / u)


@lru_cache(maxsize=1_000_000)  # a look-up compares the same few words against many candidates
def token_level(a: str, b: str) -> str:
    if a == b:
        return "same"
    if canonical(a) == canonical(b) or _key_token(a) == _key_token(b):
        return "variant"
    if JaroWinkler.similarity(a, b) >= 0.92 or (min(len(a), len(b)) > 3 and Levenshtein.distance(a, b) <= 1):
        return "close"
    if (
        JaroWinkler.similarity(a, b) >= 0.84
        or phonetic(a) == phonetic(b)
        or (min(len(a), len(b)) == 1 and a[0] == b[0])  # an initial
        or (min(len(a), len(b)) >= 2 and (a.startswith(b) or b.startswith(a)))  # shortened
    ):
        return "like"
    return "different"


_RANK = {level: i for i, level in enumerate(NAME_LEVELS)}
_AGREE = {"same", "variant"}


@lru_cache(maxsize=200_000)  # a look-up compares the query's names with many candidates' alike
def words_level(a: Sequence[str], b: Sequence[str]) -> tuple[str | None, tuple[str, ...]]:
    """How two name parts compare, and the words the level rests on (whose frequency weighs the
    evidence): the words found the same when they all are, else the pair of words that set the
    level. Every word of the shorter part must be found in the longer ("Thi Phuong" and "Phuong"
    are the same; "Huu Bao" and "Huu Son" are not): the level is the worst of those words' best."""
    if not a or not b:
        return None, ()
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    worst, same = "same", []
    worst_pair: tuple[str, ...] = ()
    for x in shorter:
        best, partner = min(((token_level(x, y), y) for y in longer), key=lambda found: _RANK[found[0]])
        if best == "same":
            same.append(x)
        if _RANK[best] > _RANK[worst]:
            worst, worst_pair = best, (x, partner)
    return worst, tuple(same) if worst == "same" else worst_pair


def _stands_for_year_only(birth: BirthDate) -> bool:
    """A date that stands for a year alone: 1 January, as systems record "year of birth only"."""
    return birth.value is not None and (birth.value.month, birth.value.day) == (1, 1)


def birth_level(a: BirthDate, b: BirthDate) -> str | None:
    if not a.known or not b.known:
        return None
    both_exact = a.value is not None and b.value is not None
    if a.value and b.value:
        if a.value == b.value:
            return "same"
        if a.value.year == b.value.year and (a.value.month, a.value.day) == (b.value.day, b.value.month):
            return "swapped"
        if Levenshtein.distance(a.value.isoformat(), b.value.isoformat()) == 1:
            return "one_digit"
        if (a.value.year, a.value.month) == (b.value.year, b.value.month) and not (
            _stands_for_year_only(a) or _stands_for_year_only(b)
        ):
            return "same_month"
    # Two full dates that differ in the day and month are evidence of two people, unless one of
    # them stands for a year alone.
    vague = not both_exact or _stands_for_year_only(a) or _stands_for_year_only(b)
    if a.year is not None and a.year == b.year and vague:
        return "same_year"
    assert a.earliest_year is not None and a.latest_year is not None
    assert b.earliest_year is not None and b.latest_year is not None
    same_day = both_exact and (a.value.month, a.value.day) == (b.value.month, b.value.day)  # type: ignore[union-attr]
    if (vague or same_day) and a.earliest_year - 2 <= b.latest_year and b.earliest_year - 2 <= a.latest_year:
        return "near"
    return "different"


def postcode_level(a: str, b: str) -> str | None:
    if not a or not b:
        return None
    if a == b:
        return "same"
    if Levenshtein.distance(a, b) == 1:
        return "one_character"
    pa, pb = postcode_parts(a), postcode_parts(b)
    if pa.sector == pb.sector:
        return "sector"
    if pa.district == pb.district:
        return "district"
    return "area" if pa.area == pb.area else "different"


def _same_or_different(a: str, b: str) -> str | None:
    return None if not a or not b else ("same" if a == b else "different")


def identifier_level(a: frozenset[tuple[str, str]], b: frozenset[tuple[str, str]]) -> str | None:
    if a & b:
        return "same"
    kinds = {kind for kind, _ in a} & {kind for kind, _ in b}
    return "different" if kinds else None


@dataclass(frozen=True)
class Comparison:
    """A pair of records compared: each field's level, the weights, the match probability."""

    given: str | None
    family: str | None
    swapped: bool
    birth: str | None
    postcode: str | None
    town: str | None
    gender: str | None
    nationality: str | None
    identifier: str | None
    weight: float  # log2 of the odds that they are the same person

    @property
    def probability(self) -> float:
        return 1 / (1 + 2 ** (-self.weight))


@dataclass(frozen=True)
class Frequencies:
    """How common each name, town and nationality is among the people being matched: agreeing on
    a common one ("Nguyen", "London") is weaker evidence than agreeing on a rare one. The share of
    people with a value stands in for u, the chance that two different people agree on it (the
    term-frequency adjustment of record linkage)."""

    total: int = 0
    names: dict[str, int] = field(default_factory=dict)  # canonical word -> people with it
    towns: dict[str, int] = field(default_factory=dict)
    nationalities: dict[str, int] = field(default_factory=dict)
    # Names are counted within each nationality too: "Jan" is rare among everyone but common among
    # Polish people, so two Polish records agreeing on "Jan" say less than the overall count
    # suggests. Where both records give the same nationality, its weight and the name's share among
    # people of that nationality together make the chance of agreeing on both (nationality, then
    # the name given the nationality), instead of counting the nationality twice.
    names_by_nationality: dict[str, dict[str, int]] = field(default_factory=dict)
    # The m and u of each field's levels, as estimated from these people (waymark.people.training);
    # the defaults above where none were.
    levels: dict[str, dict[str, tuple[float, float]]] = field(default_factory=lambda: LEVELS)

    @classmethod
    def of(cls, people: Iterable[Facts]) -> Frequencies:
        names: dict[str, int] = {}
        towns: dict[str, int] = {}
        nationalities: dict[str, int] = {}
        by_nationality: dict[str, dict[str, int]] = {}
        total = 0
        for person in people:
            total += 1
            within = by_nationality.setdefault(person.nationality, {}) if person.nationality else None
            for word in {canonical(w) for given, family in person.names for w in (*given, *family)}:
                names[word] = names.get(word, 0) + 1
                if within is not None:
                    within[word] = within.get(word, 0) + 1
            if person.town:
                towns[person.town] = towns.get(person.town, 0) + 1
            if person.nationality:
                nationalities[person.nationality] = nationalities.get(person.nationality, 0) + 1
        return cls(total, names, towns, nationalities, by_nationality)

    def share(self, table: dict[str, int], value: str) -> float | None:
        if not self.total:
            return None
        return max(table.get(value, 1), 1) / self.total

    def name_share(self, word: str, nationality: str = "") -> float | None:
        """The share of people holding the name (canonical), among those of `nationality` when it
        is given and counted; no less than the share RARE_NAME_PEOPLE would hold (or, among few
        people of a nationality, a tenth of them)."""
        if not self.total:
            return None
        within = self.names_by_nationality.get(nationality) if nationality else None
        people = self.nationalities.get(nationality, 0) if within else 0
        if within and people:
            return max(within.get(word, 1), 1, min(RARE_NAME_PEOPLE, people / 10)) / people
        return max(self.names.get(word, 1), 1, RARE_NAME_PEOPLE) / self.total


NO_FREQUENCIES = Frequencies()


def _name_weight(level: str | None, words: tuple[str, ...], frequencies: Frequencies, nationality: str = "") -> float:
    """The weight of a name part at `level`; `words` are those the level rests on (of both
    records). Agreeing exactly weighs by how common the name is; a respelling or typo weighs its
    level's learnt weight, but never more than agreeing exactly on the commoner spelling would
    ("Koavlski" for "Kowalski" says no more than "Kowalski" for "Kowalski")."""
    weight = _weight(frequencies.levels["name"], level)
    if level not in {"same", "variant", "close"} or not words:
        return weight
    shares = [frequencies.name_share(canonical(w), nationality) for w in words]
    known = [x for x in shares if x is not None]
    if not known:
        return weight
    m, _ = frequencies.levels["name"]["same"]
    exact = math.log2(m / min(known)) if level == "same" else math.log2(m / max(known))
    return exact if level == "same" else min(weight, exact)


def _names_weight(
    a: Name, b: Name, frequencies: Frequencies, nationality: str = ""
) -> tuple[float, str | None, str | None, bool]:
    (direct_g, words_g), (direct_f, words_f) = words_level(a[0], b[0]), words_level(a[1], b[1])
    direct = _name_weight(direct_g, words_g, frequencies, nationality) + _name_weight(
        direct_f, words_f, frequencies, nationality
    )
    if direct_g in _AGREE and direct_f in _AGREE:  # the other order cannot do better
        return direct, direct_g, direct_f, False
    (swap_g, swords_g), (swap_f, swords_f) = words_level(a[0], b[1]), words_level(a[1], b[0])
    if swap_g is not None and swap_f is not None:
        swapped = _name_weight(swap_g, swords_g, frequencies, nationality) + _name_weight(
            swap_f, swords_f, frequencies, nationality
        )
        if swapped + SWAP_PENALTY > direct:
            return swapped + SWAP_PENALTY, swap_g, swap_f, True
    return direct, direct_g, direct_f, False


def _value_weight(levels: dict[str, tuple[float, float]], level: str | None, share: float | None) -> float:
    if level == "same" and share is not None:
        return math.log2(levels["same"][0] / share)
    return _weight(levels, level)


def compare(a: Facts, b: Facts, frequencies: Frequencies = NO_FREQUENCIES) -> Comparison:
    comparison = compare_if_likely(a, b, frequencies)
    assert comparison is not None  # no bar was set
    return comparison


def compare_if_likely(
    a: Facts,
    b: Facts,
    frequencies: Frequencies = NO_FREQUENCIES,
    *,
    at_least: float = -math.inf,
    names_at_most: float = math.inf,
) -> Comparison | None:
    """`compare`, or None when the pair cannot reach the weight `at_least` even if its names agreed
    as well as `names_at_most` (see `names_bound`): the names, the costly part, are then not compared.
    A look-up scores many candidates that differ on everything but a shared key."""
    birth = birth_level(a.birth, b.birth)
    postcode = postcode_level(a.postcode, b.postcode)
    # Where both postcodes are known and differ, the town says nothing more: a move changes both.
    town = _same_or_different(a.town, b.town) if postcode is None else None
    gender = _same_or_different(a.gender, b.gender)
    nationality = _same_or_different(a.nationality, b.nationality)
    identifier = identifier_level(a.identifiers, b.identifiers)
    levels = frequencies.levels
    prior = 1 / frequencies.total if frequencies.total > 1 else PRIOR
    weight = (
        math.log2(prior / (1 - prior))
        + _weight(levels["birth"], birth)
        + _weight(levels["postcode"], postcode)
        + _value_weight(levels["town"], town, frequencies.share(frequencies.towns, a.town))
        + _weight(levels["gender"], gender)
        + _value_weight(levels["nationality"], nationality, frequencies.share(frequencies.nationalities, a.nationality))
        + _weight(levels["identifier"], identifier)
    )
    if weight + names_at_most < at_least:
        return None
    best: tuple[float, str | None, str | None, bool] = (0.0, None, None, False)
    shared_nationality = a.nationality if nationality == "same" else ""
    for name_a in a.names:
        for name_b in b.names:
            scored = _names_weight(name_a, name_b, frequencies, shared_nationality)
            if best[1] is None and best[2] is None or scored[0] > best[0]:
                best = scored
    names_weight, given, family, swapped = best
    weight += names_weight
    return Comparison(given, family, swapped, birth, postcode, town, gender, nationality, identifier, weight)


def names_bound(person: Facts, frequencies: Frequencies = NO_FREQUENCIES) -> float:
    """The most the names of any record can weigh when compared with `person`'s: each name part
    weighs at most what agreeing exactly on its rarest word would (a respelling or typo is capped
    at the commoner word's weight, see _name_weight), or a "similar" name's weight where that is
    more (it is not weighed by frequency)."""
    name_levels = frequencies.levels["name"]
    fixed = max(0.0, _weight(name_levels, "like"))
    m, _ = name_levels["same"]

    def part(words: tuple[str, ...]) -> float:
        best = fixed
        for word in words:
            shares = [
                frequencies.name_share(canonical(word)),
                frequencies.name_share(canonical(word), person.nationality),
            ]
            known = [x for x in shares if x is not None]
            if not known:
                return math.inf  # no frequencies: no bound
            best = max(best, math.log2(m / min(known)))
        return best

    return max((part(given) + part(family) for given, family in person.names), default=0.0)


# Saying why --------------------------------------------------------------------------------------

_NAME_WORDS = {
    "same": "the same",
    "variant": "the same name spelt differently",
    "close": "nearly the same (a letter or two different)",
    "like": "similar",
    "different": "different",
}
_BIRTH_WORDS = {
    "same": "the same",
    "swapped": "the same, with the day and month swapped",
    "one_digit": "one digit different",
    "same_month": "the same month and year, a different day",
    "same_year": "the same year",
    "near": "within two years",
    "different": "different",
}
_POSTCODE_WORDS = {
    "same": "the same",
    "one_character": "one letter or digit different",
    "sector": "the same neighbourhood, a different street",
    "district": "the same district",
    "area": "the same postcode area only",
    "different": "different",
}


@dataclass(frozen=True)
class Reason:
    field: str  # "Family name"
    agrees: bool | None  # True agrees, False differs, None partly
    words: str  # "the same name spelt differently"

    def __str__(self) -> str:
        return f"{self.field}: {self.words}"


def explain(comparison: Comparison) -> list[Reason]:
    """What agrees and what differs, strongest evidence first; fields that one record lacks are
    left out."""
    reasons: list[Reason] = []

    def add(label: str, level: str | None, words: dict[str, str]) -> None:
        if level is not None:
            agrees = True if level == "same" else False if level == "different" else None
            reasons.append(Reason(label, agrees, words[level]))

    add(
        "Identifier (passport, phone, e-mail or other)",
        comparison.identifier,
        {"same": "the same", "different": "different"},
    )
    add("Family name", comparison.family, _NAME_WORDS)
    add("Given name", comparison.given, _NAME_WORDS)
    if comparison.swapped:
        reasons.append(Reason("Name order", None, "given and family names swapped"))
    add("Date of birth", comparison.birth, _BIRTH_WORDS)
    add("Postcode", comparison.postcode, _POSTCODE_WORDS)
    add("Town", comparison.town, {"same": "the same", "different": "different"})
    add("Gender", comparison.gender, {"same": "the same", "different": "different"})
    add("Nationality", comparison.nationality, {"same": "the same", "different": "different"})
    return reasons
