"""Comparing two records of a person: each row is a pair a caseworker would recognise, and what the
comparison must say about it."""

from __future__ import annotations

from datetime import date

import pytest

from waymark.people.matching import (
    Facts,
    Frequencies,
    birth_level,
    compare,
    compare_if_likely,
    explain,
    facts,
    keys,
    names_bound,
    postcode_level,
)
from waymark.people.normalise import BirthDate, parse_birth_date


def person(given="", family="", dob="", postcode="", town="", gender="", nationality="", **extra) -> Facts:
    return facts(
        given_name=given,
        family_name=family,
        birth=parse_birth_date(dob),
        postcode=postcode,
        town=town,
        gender=gender,
        nationality=nationality,
        **extra,
    )


REFERRAL = person("Mohammed", "Osman", "14/03/1998", "E1 6AN", "London", "M", "Sudanese")

SAME_PERSON = [
    ("transliterated names", person("Muhamad", "Othman", "1998-03-14", "E1 6AN", "London", "male", "sudanese")),
    ("names swapped", person("Osman", "Mohammed", "1998-03-14", "E1 6AN")),
    ("day and month swapped", person("Mohammed", "Osman", "03/14/1998".replace("03/14", "14/03"), "E1 6AN")),
    ("moved within the district", person("Mohamed", "Osman", "1998-03-14", "E1 7QX", "London", "M")),
    ("a typing slip in the family name", person("Mohammed", "Osmna", "1998-03-14", "E1 6AN")),
    ("a short form", person("Mo", "Osman", "1998-03-14", "E1 6AN")),
]
DIFFERENT_PEOPLE = [
    ("another name, date and place", person("Ahmed", "Hassan", "1990-01-01", "B1 1AA", "Birmingham", "M")),
    ("same names, another date and place", person("Mohammed", "Osman", "1971-09-30", "M14 5RT", "Manchester")),
    ("same place, another person", person("Yonas", "Tekle", "02/11/1996", "E1 6AN", "London", "M", "Eritrean")),
]


@pytest.mark.parametrize(("case", "other"), SAME_PERSON, ids=[c for c, _ in SAME_PERSON])
def test_records_of_one_person_are_likely_matches(case, other):
    assert compare(REFERRAL, other).probability > 0.9


@pytest.mark.parametrize(("case", "other"), DIFFERENT_PEOPLE, ids=[c for c, _ in DIFFERENT_PEOPLE])
def test_different_people_are_unlikely_matches(case, other):
    assert compare(REFERRAL, other).probability < 0.2


def test_each_same_person_scores_above_every_different_one():
    worst_same = min(compare(REFERRAL, other).weight for _, other in SAME_PERSON)
    best_different = max(compare(REFERRAL, other).weight for _, other in DIFFERENT_PEOPLE)
    assert worst_same > best_different


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("2001-03-14", "2001-03-14", "same"),
        ("2001-03-04", "2001-04-03", "swapped"),
        ("2001-03-14", "2001-03-15", "one_digit"),
        ("2001-03-14", "2001-03-27", "same_month"),
        ("2001-01-01", "2001-08-19", "same_year"),  # 1 January stands for "year only"
        ("2001", "2001-08-19", "same_year"),
        ("2001-03-14", "2001-08-19", "different"),  # two full dates, both definite
        ("1999-03-14", "2001-03-14", "near"),  # an age estimate two years out
        ("1990-03-14", "2001-08-19", "different"),
        ("", "2001-08-19", None),
    ],
)
def test_dates_of_birth(a, b, level):
    assert birth_level(parse_birth_date(a), parse_birth_date(b)) == level


def test_an_estimated_age_is_near_a_date_in_its_range():
    estimated = BirthDate.from_age(25, date(2026, 6, 1))
    assert birth_level(estimated, parse_birth_date("2001-05-02")) == "near"
    assert birth_level(estimated, parse_birth_date("1960-05-02")) == "different"


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("E1 6AN", "E1 6AN", "same"),
        ("E1 6AN", "E1 6AM", "one_character"),
        ("E1 6AN", "E1 6QX", "sector"),
        ("E1 6AN", "E1 7QX", "district"),
        ("E1 6AN", "E14 2BB", "area"),
        ("E1 6AN", "M1 1AE", "different"),
        ("E1 6AN", "", None),
    ],
)
def test_postcodes(a, b, level):
    assert postcode_level(a, b) == level


def test_the_explanation_says_what_agrees_and_what_differs():
    other = person("Osman", "Muhamad", "1998-14-03".replace("14-03", "03-14"), "E1 7QX", nationality="Eritrean")
    reasons = {r.field: (r.agrees, r.words) for r in explain(compare(REFERRAL, other))}
    assert reasons["Family name"] == (True, "the same")  # Osman, written as the given name
    assert reasons["Given name"] == (None, "the same name spelt differently")  # Mohammed, Muhamad
    assert reasons["Name order"] == (None, "given and family names swapped")
    assert reasons["Date of birth"] == (True, "the same")
    assert reasons["Postcode"] == (None, "the same district")
    assert reasons["Nationality"] == (False, "different")
    assert "Gender" not in reasons  # one record does not say


def test_a_common_name_counts_for_less_than_a_rare_one():
    crowd = Frequencies(total=10_000, names={"nguyen": 900, "krasniqi": 2, "van": 300, "nam": 200, "arben": 5})
    common = compare(person("Nam", "Nguyen"), person("Nam", "Nguyen"), crowd)
    rare = compare(person("Arben", "Krasniqi"), person("Arben", "Krasniqi"), crowd)
    assert rare.weight > common.weight + 5


POLISH_AND_OTHERS = Frequencies(
    total=10_000,
    names={"jan": 60, "kowalski": 50, "arben": 60, "krasniqi": 50},
    nationalities={"polish": 100, "albanian": 2_000},
    names_by_nationality={"polish": {"jan": 60, "kowalski": 50}, "albanian": {"arben": 60, "krasniqi": 50}},
)


def test_a_name_common_in_its_nationality_counts_for_less_than_its_overall_count_suggests():
    # "Jan Kowalski" is rare among everyone but common among the 100 Polish people; "Arben Krasniqi"
    # is as rare overall and rare among the 2,000 Albanians too.
    polish = compare(
        person("Jan", "Kowalski", nationality="Polish"),
        person("Jan", "Kowalski", nationality="Polish"),
        POLISH_AND_OTHERS,
    )
    albanian = compare(
        person("Arben", "Krasniqi", nationality="Albanian"),
        person("Arben", "Krasniqi", nationality="Albanian"),
        POLISH_AND_OTHERS,
    )
    unsaid = compare(person("Jan", "Kowalski"), person("Jan", "Kowalski"), POLISH_AND_OTHERS)
    assert albanian.weight > polish.weight + 3
    # Saying both are Polish adds the nationality's weight but takes the names' rarity among Poles:
    # together they are not the near-certainty that counting both independently would make them.
    assert polish.weight < unsaid.weight + 3


def test_a_respelt_common_name_counts_for_no_more_than_the_name_itself():
    crowd = Frequencies(total=10_000, names={"nguyen": 900, "nam": 200})
    same = compare(person("Nam", "Nguyen"), person("Nam", "Nguyen"), crowd)
    respelt = compare(person("Nam", "Ngyuen"), person("Nam", "Nguyen"), crowd)
    assert respelt.family == "variant" or respelt.family == "close"
    assert respelt.weight <= same.weight


def test_a_typo_in_one_name_with_nothing_else_to_go_on_still_shares_a_key():
    assert keys(person("Artam", "Shehu")) & keys(person("Artan", "Shehu", "1986-12-04", "BD17 7TU"))
    assert keys(person("Anna", "Juhastz")) & keys(person("Anna", "Juhász"))


def test_a_mistyped_or_estimated_year_with_nothing_else_shared_still_finds_the_record():
    assert keys(person("Arjola", "Leka", "1982-12-17")) & keys(person("Arjola", "Hoxha", "1983-12-17"))
    assert keys(person("Pranit", "Acharya", "1976-10-04")) & keys(person("Pranit", "Shah", "1977-04-10"))


def test_the_same_address_finds_the_record_however_the_names_were_written():
    assert keys(person("Haohong", "Fu", "", "E16 8WX")) & keys(person("Jaohong", "U", "", "E16 8WX"))


def test_a_move_is_counted_once_not_again_for_the_town():
    moved = compare(
        person("Yonas", "Tekle", "", "L6 4FH", "Liverpool"), person("Yonas", "Tekle", "", "BD21 2FL", "Bradford")
    )
    assert moved.postcode == "different"
    assert moved.town is None
    no_postcode = compare(
        person("Yonas", "Tekle", "", "", "Liverpool"), person("Yonas", "Tekle", "", "BD21 2FL", "Bradford")
    )
    assert no_postcode.town == "different"


PAIRS = [(REFERRAL, other) for _, other in SAME_PERSON + DIFFERENT_PEOPLE] + [
    (person("Jan", "Kowalski", nationality="Polish"), person("Jan", "Kowalski", nationality="Polish")),
    (person("Jan", "Kowalski", nationality="Polish"), person("Jan", "Kowalsky", "1990-01-02", nationality="Polish")),
    (person("Arben", "Krasniqi", nationality="Albanian"), person("Krasniqi", "Arben", nationality="Albanian")),
    (person("Nam", "Nguyen Van"), person("Nguyen", "Van Nam")),
    (person("Mo", "Osman", aliases=[("Mohammed", "Osman")]), person("Mohammed", "Othman")),
]


@pytest.mark.parametrize("frequencies", [Frequencies(), POLISH_AND_OTHERS], ids=["defaults", "counted"])
@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_the_names_bound_never_turns_away_a_pair_that_reaches_the_bar(a, b, frequencies):
    full = compare(a, b, frequencies)
    bound = names_bound(a, frequencies)
    assert compare_if_likely(a, b, frequencies, at_least=full.weight - 1e-9, names_at_most=bound) == full
    # and a bar above what the pair reaches, with no names allowed, turns it away
    assert compare_if_likely(a, b, frequencies, at_least=full.weight + 50, names_at_most=0) is None


def test_a_shared_identifier_is_strong_evidence():
    a = person("Anna", "Popescu", identifiers=[("phone", "+447700900123")])
    b = person("Ana", "Popesku", identifiers=[("phone", "+447700900123")])
    c = person("Ana", "Popesku")
    assert compare(a, b).weight > compare(a, c).weight + 10


@pytest.mark.parametrize(
    "other",
    [
        person("Muhamad", "Othman", "1998-03-14"),  # spelt differently, same date
        person("Osman", "Mohammed", "", "E1 7QX"),  # swapped, same district, no date
        person("Mohammed", "Osman", "1998-14-03".replace("14-03", "03-14")),  # swapped day and month
    ],
)
def test_records_of_one_person_share_a_blocking_key(other):
    assert keys(REFERRAL) & keys(other)


def test_facts_survive_storage():
    assert Facts.from_json(REFERRAL.to_json()) == REFERRAL
