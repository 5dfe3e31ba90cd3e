"""Demo cases and public reports for Northshire (called by `manage.py seed_demo`). Fictional."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from waymark.accounts.models import User
from waymark.partners.models import Partnership
from waymark.pathways import Facts

from . import services
from .models import Case, PublicReport

DEMO_CASES = [
    {
        "by": "kettleford.caseworker@kettleford.northshire.example",
        "partnership": "Kettleford Anti-Slavery Partnership",
        "facts": {"nation": "england", "age_group": "unknown", "immediate_danger": False},
        "case": {
            "what_happened": "A boy who says he is 16 was found alone tending a cannabis grow in a flat above a shop. "
            "He had no documents and was frightened to talk.",
            "exploitation_types": ["forced-to-commit-crime"],
            "indicators": ["signs-isolation", "signs-restricted-freedom", "ilo-restriction-of-movement"],
            "locations": ["Kettleford"],
            "exploitation_location": "uk",
            "when_exploited": "Since about September",
        },
        "people": [
            {
                "role": "potential_victim",
                "given_names": "Dritan",
                "family_name": "Example",
                "gender": "male",
                "estimated_age": 16,
                "nationalities": ["Albanian"],
                "languages": ["Albanian"],
            }
        ],
    },
    {
        "by": "marshvale.caseworker@marshvale.northshire.example",
        "partnership": "Marsh Vale Modern Slavery Network",
        "facts": {
            "nation": "england",
            "age_group": "adult",
            "immediate_danger": False,
            "consents_to_nrm": False,
            "care_and_support_needs": False,
            "cooperates_with_authorities": False,
        },
        "case": {
            "what_happened": "A woman working long hours at a nail bar for no pay, living at the salon. She did not want a referral.",
            "exploitation_types": ["forced-to-work", "wages-taken"],
            "indicators": ["signs-living-conditions", "ilo-withholding-wages", "ilo-overtime"],
            "locations": ["Marsh Vale"],
            "exploitation_location": "uk",
        },
        "people": [
            {"role": "potential_victim", "anonymous": True, "gender": "female", "nationalities": ["Vietnamese"]}
        ],
    },
]

DEMO_REPORTS = [
    (
        "Kettleford Anti-Slavery Partnership",
        "Men at the hand car wash on the ring road seem to sleep in the back office and never leave. One had an injured hand.",
        "Hand car wash, ring road, Kettleford",
        "Most evenings this month",
    ),
    (
        "Marsh Vale Modern Slavery Network",
        "A minibus drops a group of workers at the fields at 4am and collects them after dark. They look exhausted and thin.",
        "Fields off the Fenwick road, Marsh Vale",
        "Every day for two weeks",
    ),
]


def seed_cases() -> int:
    """Create the demo cases and reports once; returns how many were created."""
    if Case.objects.exists() or PublicReport.objects.exists():
        return 0
    created = 0
    for spec in DEMO_CASES:
        by = User.objects.get(email=spec["by"])
        partnership = Partnership.objects.get(name=spec["partnership"])
        facts = Facts.from_json({**spec["facts"], **services.referrer_facts(by.organisation, partnership)})
        services.open_case(partnership=partnership, facts=facts, by=by, case_fields=spec["case"], people=spec["people"])
        created += 1
    for partnership_name, what, where, when in DEMO_REPORTS:
        PublicReport.objects.create(
            partnership=Partnership.objects.get(name=partnership_name),
            what_seen=what,
            where=where,
            when=when,
            sender_hash="",
            created_at=timezone.now() - timedelta(hours=created + 1),
        )
        created += 1
    return created
