"""Normalisation, table by table: each row is something written in a referral and what it becomes."""

from __future__ import annotations

from datetime import date

import pytest

from waymark.people.normalise import (
    BirthDate,
    BirthDateKind,
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


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Nguyễn Thị  Đào", "nguyen thi dao"),
        ("GËZIM Çela", "gezim cela"),
        ("Wiśniewski-Łukasz", "wisniewski lukasz"),
        ("Ștefan Șerban", "stefan serban"),
        ("O'Brien", "obrien"),
        ("  Yordanos\tTesfay ", "yordanos tesfay"),
        ("Strauß", "strauss"),
        ("", ""),
        (None, ""),
    ],
)
def test_folding_drops_case_accents_and_marks(written, folded):
    assert fold(written) == folded


@pytest.mark.parametrize(
    ("written", "tokens"),
    [
        ("Abdel Rahman", ["abdelrahman"]),
        ("Abd Al Rahman", ["abdalrahman"]),
        ("Mohammed Al Amin", ["mohammed", "alamin"]),
        ("Al", ["al"]),  # a particle on its own is a name
        ("Nguyen Van Nam", ["nguyen", "van", "nam"]),  # Văn is a Vietnamese middle name, not a particle
        ("Ben Smith", ["ben", "smith"]),
    ],
)
def test_name_words_keep_particles_with_their_name(written, tokens):
    assert name_tokens(written) == tokens


@pytest.mark.parametrize(
    ("spellings", "same"),
    [
        (["mohammed", "muhammad", "mohamed", "mohamad", "muhammed"], True),  # transliterations of one name
        (["yousif", "yusuf", "youssef"], True),
        (["tesfay", "tesfaye", "tesfai"], True),
        (["zhang", "chang", "cheung"], True),  # Pinyin, Wade-Giles, Cantonese
        (["william", "bill", "billy"], True),  # short forms
        (["katarzyna", "kasia"], True),
        (["ahmed", "mohammed"], False),
        (["nguyen", "tran"], False),
    ],
)
def test_variant_spellings_share_a_canonical_form(spellings, same):
    forms = {canonical(s) for s in spellings}
    assert (len(forms) == 1) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("mohammed", "mohamud", True),
        ("krasniqi", "krasnici", True),  # Albanian q and c, spelt as heard
        ("hoxha", "hodja", True),
        ("wisniewski", "vishnevsky", True),
        ("yohannes", "johannes", True),
        ("hussein", "hussain", True),
        ("ghebremedhin", "gebremedin", True),
        ("nguyen", "ngyuen", True),  # a transposition that keeps the consonants
        ("smith", "jones", False),
        ("osman", "hassan", False),
    ],
)
def test_skeletons_see_through_transliteration(a, b, same):
    assert (skeleton(a) == skeleton(b)) is same


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2001-03-14", BirthDate.exact(date(2001, 3, 14))),
        ("14/03/2001", BirthDate.exact(date(2001, 3, 14))),  # day first, as in the UK
        ("14.3.2001", BirthDate.exact(date(2001, 3, 14))),
        ("2001", BirthDate.year_only(2001)),
        ("", BirthDate.unknown()),
    ],
)
def test_dates_of_birth_as_written(written, expected):
    assert parse_birth_date(written) == expected


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("31/02/2001", "is not a real date"),
        ("next week", "is not a date"),
        ("2999", "is not a year of birth"),
        ("01/01/2999", "is not a possible date of birth"),
    ],
)
def test_unreadable_dates_say_why(written, message):
    with pytest.raises(ValueError, match=message):
        parse_birth_date(written)


def test_an_estimated_age_is_a_range_of_years():
    birth = BirthDate.from_age(25, date(2026, 6, 1))
    assert birth.kind == BirthDateKind.ESTIMATED
    assert birth.earliest_year <= 2001 <= birth.latest_year
    assert birth.latest_year - birth.earliest_year >= 4


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("M1  1AE", "M1 1AE"),
        ("b33 8th", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("gir0aa", "GIR 0AA"),
        ("12345", None),
        ("London", None),
        ("", None),
    ],
)
def test_uk_postcodes(written, normalised):
    assert normalise_postcode(written) == normalised


def test_postcode_parts_nest():
    parts = postcode_parts("SW1A 1AA")
    assert (parts.area, parts.district, parts.sector, parts.unit) == ("SW", "SW1A", "SW1A 1", "SW1A 1AA")


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("07700 900123", "+447700900123"),
        ("+44 (0)7700 900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("+40 721 234 567", "+40721234567"),  # a Romanian mobile
        ("not a number", None),
        ("123", None),
    ],
)
def test_phone_numbers_in_e164(written, e164):
    assert normalise_phone(written) == e164


@pytest.mark.parametrize(
    ("kind", "written", "normalised"),
    [
        ("ni_number", "ab 12 34 56 c", "AB123456C"),
        ("ni_number", "QQ123456C", None),  # HMRC's specimen number: Q is never a first letter
        ("ni_number", "GB123456A", None),  # not an allocated prefix
        ("email", " Someone@Example.ORG ", "someone@example.org"),
        ("email", "not an address", None),
        ("social", "@Some.One", "some.one"),
        ("social", "https://www.instagram.com/Some.One/", "some.one"),
        ("passport", "ab 123-456 7", "AB1234567"),
        ("phone", "07700900123", "+447700900123"),
    ],
)
def test_identifiers(kind, written, normalised):
    assert normalise_identifier(kind, written) == normalised
