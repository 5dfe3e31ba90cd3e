"""Putting what people write about a person into comparable form: names folded and keyed, dates of
birth that may be exact, a year or an estimated age, UK postcodes, phone numbers in E.164 and other
identifiers. Pure functions, no database: matching (waymark.people.matching), the `dedupe` command
and the person records all use these, so a name is compared the same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

import jellyfish
import phonenumbers

from .variants import CANONICAL

# Letters that Unicode decomposition does not reduce to a base letter and an accent.
_LETTERS = str.maketrans(
    {"ł": "l", "đ": "d", "ð": "d", "ı": "i", "ø": "o", "ħ": "h", "ŧ": "t", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}
)
# Arabic particles that join the word after them: "abdel rahman" and "abdelrahman" are one name.
# Not "van" (a Vietnamese middle name far more often than a Dutch particle here) nor "ben" (Ben).
_JOINING = {"abd", "abdel", "abdul", "abdal", "abu", "al", "el", "bin", "ibn"}


def fold(text: str | None) -> str:
    """Lower case, no accents, letters and digits only, single spaces: "Nguyễn Thị  Đào" -> "nguyen thi dao".
    Apostrophes vanish ("O'Brien" -> "obrien"); hyphens and other marks separate words."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’`ʻ]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def name_tokens(*parts: str | None) -> list[str]:
    """The folded words of a name, with joining particles attached to the word after them
    ("Abdel Rahman" -> ["abdelrahman"]; "Abd Al Rahman" -> ["abdalrahman"])."""
    words = fold(" ".join(p for p in parts if p)).split()
    tokens: list[str] = []
    prefix = ""
    for word in words:
        if word in _JOINING and len(words) > 1:
            prefix += word
            continue
        tokens.append(prefix + word)
        prefix = ""
    if prefix:
        tokens.append(prefix)
    return tokens


def canonical(token: str) -> str:
    """The group spelling for a known variant or short form ("mohamed" -> "muhammad", "bill" ->
    "william"); otherwise the token itself."""
    return CANONICAL.get(token, token)


_RESPELL = [
    ("sch", "s"),
    ("tch", "c"),
    ("ph", "f"),
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("zh", "j"),
    ("xh", "j"),
    ("dj", "j"),
    ("ch", "k"),
    ("ck", "k"),
    ("c", "k"),
    ("q", "k"),
    ("w", "v"),
    ("x", "ks"),
    ("z", "s"),
    ("y", "i"),
]


def skeleton(token: str) -> str:
    """A spelling-blind key for a name: the first letter, then the consonants, with the respellings
    that transliteration produces made equal (kh/k, q/k/c, ph/f, w/v, xh/dj/j, y/j at the start,
    doubled letters). "Mohammed", "Muhamad" and "Mohamud" all give "mhmd"; "Krasniqi" and
    "Krasnici" both give "krsnk"; "Hoxha" and "Hodja" both give "hj"."""
    if not token:
        return ""
    text = token
    for written, said in _RESPELL:
        text = text.replace(written, said)
    first, rest = text[0], text[1:]
    if first == "i" and token[0] in "yj":
        first = "j"
    out = first
    for c in rest:
        if c not in "aeiou" and c != out[-1]:
            out += c
    return out.rstrip("h") or out[:1]  # a final "h" is silent: "Hoxha", "Hoxa"


def phonetic(token: str) -> str:
    """Metaphone: how an English speaker would say the name ("Smyth" = "Smith")."""
    return jellyfish.metaphone(token) if token else ""


# Dates of birth ----------------------------------------------------------------------------------


class BirthDateKind(StrEnum):
    EXACT = "exact"
    YEAR = "year"
    ESTIMATED = "estimated"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class BirthDate:
    """What is known of a date of birth: the date, the year alone, or an age estimated on a date
    (which puts the birth in a range of years)."""

    kind: BirthDateKind
    value: date | None = None  # exact
    year: int | None = None  # exact or year only
    earliest_year: int | None = None
    latest_year: int | None = None

    @classmethod
    def exact(cls, value: date) -> BirthDate:
        return cls(BirthDateKind.EXACT, value, value.year, value.year, value.year)

    @classmethod
    def year_only(cls, year: int) -> BirthDate:
        return cls(BirthDateKind.YEAR, None, year, year, year)

    @classmethod
    def from_age(cls, age: int, on: date, *, margin: int = 2) -> BirthDate:
        """Someone who looked or said they were `age` on `on`: born within `margin` years of that."""
        born = on.year - age
        return cls(BirthDateKind.ESTIMATED, None, None, born - margin - 1, born + margin)

    @classmethod
    def unknown(cls) -> BirthDate:
        return cls(BirthDateKind.UNKNOWN)

    @property
    def known(self) -> bool:
        return self.kind != BirthDateKind.UNKNOWN


_DMY = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_birth_date(text: str | None) -> BirthDate:
    """A date of birth as written in a referral or a spreadsheet: "2001-03-14", "14/03/2001" (day
    first, as in the UK), "14.3.2001" or a year alone, "2001". Blank is unknown. Raises ValueError
    with a plain reason for anything else."""
    text = (text or "").strip()
    if not text:
        return BirthDate.unknown()
    if match := _YMD.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YEAR.match(text):
        year = int(match.group(1))
        if not 1900 <= year <= date.today().year:
            raise ValueError(f"{text} is not a year of birth")
        return BirthDate.year_only(year)
    else:
        raise ValueError(f"'{text}' is not a date: write it as 14/03/2001, 2001-03-14 or a year, 2001")
    try:
        value = date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None
    if not date(1900, 1, 1) <= value <= date.today():
        raise ValueError(f"'{text}' is not a possible date of birth")
    return BirthDate.exact(value)


# Places ------------------------------------------------------------------------------------------

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def normalise_postcode(text: str | None) -> str | None:
    """A UK postcode in its standard form, "SW1A 1AA", whatever the spacing and case; None if it is
    not one."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    if compact == "GIR0AA":
        return "GIR 0AA"
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else None


@dataclass(frozen=True)
class PostcodeParts:
    area: str  # "SW"
    district: str  # "SW1A"
    sector: str  # "SW1A 1"
    unit: str  # "SW1A 1AA"


@lru_cache(maxsize=100_000)  # a look-up compares the query's postcode with many candidates'
def postcode_parts(postcode: str) -> PostcodeParts:
    """The nested parts of a normalised postcode, from the area (a city or county) to the unit (a
    street or part of one)."""
    outward, inward = postcode.split(" ")
    return PostcodeParts(re.match(r"[A-Z]+", outward).group(0), outward, f"{outward} {inward[0]}", postcode)  # type: ignore[union-attr]


# Identifiers -------------------------------------------------------------------------------------


class IdentifierKind(StrEnum):
    PASSPORT = "passport"
    NI_NUMBER = "ni_number"
    PHONE = "phone"
    EMAIL = "email"
    SOCIAL = "social"
    OTHER = "other"


_NI = re.compile(r"^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]?$")


def normalise_phone(text: str | None, region: str = "GB") -> str | None:
    """A phone number in E.164 ("+447700900123"), reading a number without a country code as a
    `region` number; None if it cannot be a phone number."""
    try:
        number = phonenumbers.parse(text or "", region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_identifier(kind: str, text: str | None) -> str | None:
    """The comparable form of an identifier of `kind`, or None if it cannot be one."""
    text = (text or "").strip()
    if not text:
        return None
    if kind == IdentifierKind.PHONE:
        return normalise_phone(text)
    if kind == IdentifierKind.EMAIL:
        email = text.lower()
        return email if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) else None
    if kind == IdentifierKind.NI_NUMBER:
        ni = re.sub(r"[\s-]", "", text.upper())
        return ni if _NI.match(ni) else None
    if kind == IdentifierKind.SOCIAL:
        handle = text.strip().lstrip("@").lower()
        handle = re.sub(r"^https?://(www\.)?[^/]+/", "", handle).strip("/")
        return handle or None
    # Passports and other documents: letters and digits only, upper case.
    compact = re.sub(r"[^A-Z0-9]", "", fold(text).upper())
    return compact or None
