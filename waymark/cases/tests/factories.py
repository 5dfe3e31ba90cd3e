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


def share_with_consent(case, organisation, by):
    """Record the person's consent to share with `organisation` and share the case on it, through the
    real services. Returns the consent, to withdraw it."""
    from django.utils import timezone

    from waymark.cases import services_sharing
    from waymark.cases.models import ConsentPurpose, LawfulBasis

    consent = services_sharing.record_consent(
        case=case,
        purpose=ConsentPurpose.SHARING,
        organisation=organisation,
        person=None,
        given_on=timezone.localdate(),
        how="In person, with an interpreter",
        by=by,
    )
    services_sharing.share_case(
        case=case,
        organisation=organisation,
        reason="Accommodation and support",
        lawful_basis=LawfulBasis.CONSENT,
        consent=consent,
        by=by,
    )
    return consent
