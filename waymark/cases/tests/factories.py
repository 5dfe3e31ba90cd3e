"""Cases for tests, opened through the real service so they carry a real decision and tasks."""

from __future__ import annotations

from waymark.cases import services
from waymark.pathways import Facts

CHILD_FACTS = {"nation": "england", "age_group": "child", "immediate_danger": False, "decided_on": "2026-11-23"}


def open_child_case(world, by, **case_fields):
    facts = Facts.from_json({**CHILD_FACTS, **services.referrer_facts(by.organisation, world.testford)})
    case, _ = services.open_case(
        partnership=world.testford,
        facts=facts,
        by=by,
        case_fields={"what_happened": "Seen working at a car wash late at night.", **case_fields},
        people=[{"role": "potential_victim", "given_names": "Ana", "family_name": "Testova", "gender": "female"}],
    )
    return case
