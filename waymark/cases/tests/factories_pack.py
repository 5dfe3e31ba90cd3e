"""Cases for the NRM referral pack tests, opened through the real service (see factories.py)."""

from __future__ import annotations

from datetime import date

from waymark.cases import services
from waymark.pathways import Facts

# A potential victim with every identifying detail Waymark keeps, so tests can look for each one.
ZOFIA = {
    "role": "potential_victim",
    "given_names": "Zofia",
    "family_name": "Quennell-Marsh",
    "aliases": ["Zosia Q"],
    "date_of_birth": date(1990, 7, 14),
    "gender": "female",
    "nationalities": ["Polish"],
    "languages": ["Polish", "English"],
    "contact": "07700 900123, zofia.qm@example.net",
}
ZOFIA_IDENTIFIERS = ["Zofia", "Quennell", "Marsh", "Zosia", "1990", "14 July", "07700", "900123", "zofia.qm"]


def open_case_with_facts(world, by, facts, *, people=None, **case_fields):
    """A case in Testford on these pathway facts (England, decided 23 November 2026)."""
    facts = Facts.from_json(
        {
            "nation": "england",
            "immediate_danger": False,
            "decided_on": "2026-11-23",
            **services.referrer_facts(by.organisation, world.testford),
            **facts,
        }
    )
    case, _ = services.open_case(
        partnership=world.testford,
        facts=facts,
        by=by,
        case_fields={"what_happened": "Seen working at a car wash late at night.", **case_fields},
        people=[dict(ZOFIA)] if people is None else people,
    )
    return case


def open_adult_case(world, by, *, consents, cooperates=None, people=None, **case_fields):
    facts = {"age_group": "adult", "consents_to_nrm": consents, "cooperates_with_authorities": cooperates}
    return open_case_with_facts(world, by, facts, people=people, **case_fields)
