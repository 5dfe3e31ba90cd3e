"""Which organisations the Home Office accepts as First Responder Organisations (DOMAIN.md 1.2), and
which are public authorities under the s52 Duty to Notify (DOMAIN.md 1.4). Pure Python."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

FRO_LIST_PATH = Path(__file__).parent / "data" / "first-responder-organisations.json"

# Organisation kinds whose bodies s52(5) Modern Slavery Act 2015 names: chief officers of police
# and county, district and borough councils (DOMAIN.md 1.4). Other named bodies (NCA, GLAA, GLA)
# are government agencies, set by hand.
KINDS_UNDER_DUTY_TO_NOTIFY = frozenset({"police_force", "local_authority"})


def normalise_name(name: str) -> str:
    """Lower case, no accents or apostrophes, '&' as 'and', no other punctuation, no leading 'the'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    return text


@cache
def _names_by_normalised() -> dict[str, str]:
    names: list[str] = json.loads(FRO_LIST_PATH.read_text(encoding="utf-8"))
    return {normalise_name(name): name for name in names}


def first_responder_listing(name: str) -> str | None:
    """The Home Office list's own spelling of this organisation, or None if it is not listed."""
    return _names_by_normalised().get(normalise_name(name))


def is_listed_first_responder(name: str) -> bool:
    return first_responder_listing(name) is not None


def first_responder_names() -> list[str]:
    return sorted(_names_by_normalised().values())


def is_public_authority_kind(kind: str) -> bool:
    return kind in KINDS_UNDER_DUTY_TO_NOTIFY
