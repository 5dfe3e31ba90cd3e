from datetime import date

import pytest

from waymark.pathways import Facts, FactsError


def test_the_documented_shape_is_read():
    facts = Facts.from_json(
        {
            "nation": "england",
            "age_group": "child",
            "immediate_danger": True,
            "consents_to_nrm": True,
            "care_and_support_needs": False,
            "cooperates_with_authorities": None,
            "under_18_during_exploitation": None,
            "referrer_is_first_responder": True,
            "referrer_is_public_authority": True,
            "ictg_service_in_area": True,
            "decided_on": "2026-11-23",
        }
    )
    assert facts.decided_on == date(2026, 11, 23)
    assert facts.cooperates_with_authorities is None


def test_missing_optional_facts_mean_not_known():
    facts = Facts.from_json({"nation": "wales", "age_group": "adult"})
    assert facts.consents_to_nrm is None and facts.decided_on is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"nation": "england", "age_group": "adult", "favourite_colour": "red"}, "favourite_colour", "Unknown fact"),
        ({"age_group": "adult"}, "nation", "Give nation"),
        ({"nation": "france", "age_group": "adult"}, "nation", "must be one of"),
        ({"nation": "england", "age_group": "teen"}, "age_group", "must be one of"),
        (
            {"nation": "england", "age_group": "adult", "immediate_danger": "yes"},
            "immediate_danger",
            "true, false or null",
        ),
        ({"nation": "england", "age_group": "adult", "consents_to_nrm": 1}, "consents_to_nrm", "true, false or null"),
        ({"nation": "england", "age_group": "adult", "decided_on": "23/11/2026"}, "decided_on", "a date like"),
        ({"nation": "england", "age_group": "adult", "decided_on": 20261123}, "decided_on", "a date like"),
    ],
)
def test_invalid_facts_are_explained(data, field, message):
    with pytest.raises(FactsError) as error:
        Facts.from_json(data)
    assert message in error.value.errors[field]


def test_all_problems_are_reported_at_once():
    with pytest.raises(FactsError) as error:
        Facts.from_json({"nation": "mars", "age_group": None, "extra": 1})
    assert set(error.value.errors) == {"nation", "age_group", "extra"}


def test_facts_must_be_an_object():
    with pytest.raises(FactsError):
        Facts.from_json(["england"])
