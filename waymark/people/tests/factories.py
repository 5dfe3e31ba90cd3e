"""Cases naming a given person, opened through the real service, and person records made from them."""

from __future__ import annotations

from waymark.cases import services as case_services
from waymark.cases.tests.factories import CHILD_FACTS
from waymark.pathways import Facts
from waymark.people import services


def open_case_about(world, by, **person):
    """A child's case in Testford referred by `by`'s organisation, about the person described."""
    facts = Facts.from_json({**CHILD_FACTS, **case_services.referrer_facts(by.organisation, world.testford)})
    case, _ = case_services.open_case(
        partnership=world.testford,
        facts=facts,
        by=by,
        case_fields={"what_happened": "Seen working at a car wash late at night."},
        people=[{"role": "potential_victim", **person}],
    )
    return case


def record_person(world, by, **person):
    """A case about the person, and their person record made from it."""
    case = open_case_about(world, by, **person)
    return services.person_from_case_person(case.people.get(), by)
