"""The cohort tool, as a table a training lead can read: who the person is -> cohort and reason."""

import pytest

from waymark.training.cohort_rules import (
    DEFAULT_COHORTS,
    DEFAULT_LEVELS,
    Answers,
    CohortKey,
    PublicContact,
    RoleType,
    suggest_cohort,
)

NEVER, OCCASIONALLY, REGULARLY, MAIN_PART = (
    PublicContact.NEVER,
    PublicContact.OCCASIONALLY,
    PublicContact.REGULARLY,
    PublicContact.MAIN_PART,
)
LEADER, MANAGER, PRACTITIONER, SPECIALIST, SUPPORT, VOLUNTEER = (
    RoleType.STRATEGIC_LEADER,
    RoleType.MANAGER,
    RoleType.PRACTITIONER,
    RoleType.SPECIALIST,
    RoleType.SUPPORT,
    RoleType.VOLUNTEER,
)


# (who, role type, meets the public, safeguarding, first responder, elected) -> cohort, reason
TABLE = [
    (
        "councillor",
        SUPPORT,
        OCCASIONALLY,
        False,
        False,
        True,
        "elected_members",
        "Elected member: needs the strategic level",
    ),
    (
        "councillor who chairs safeguarding",
        LEADER,
        REGULARLY,
        True,
        True,
        True,
        "elected_members",
        "Elected member: needs the strategic level",
    ),
    (
        "police first responder",
        PRACTITIONER,
        MAIN_PART,
        True,
        True,
        False,
        "first_responders",
        "First responder duties: needs level 3",
    ),
    (
        "back-office first responder",
        SUPPORT,
        NEVER,
        False,
        True,
        False,
        "first_responders",
        "First responder duties: needs level 3",
    ),
    (
        "director who is a first responder",
        LEADER,
        NEVER,
        False,
        True,
        False,
        "first_responders",
        "First responder duties: needs level 3",
    ),
    (
        "modern slavery lead",
        SPECIALIST,
        OCCASIONALLY,
        False,
        False,
        False,
        "first_responders",
        "Specialist role: needs level 3",
    ),
    (
        "director of adult services",
        LEADER,
        OCCASIONALLY,
        True,
        False,
        False,
        "strategic_leaders",
        "Strategic leader: needs the strategic level",
    ),
    (
        "housing officer",
        PRACTITIONER,
        MAIN_PART,
        False,
        False,
        False,
        "frontline_regular",
        "Meets the public as the main part of the job: needs level 2",
    ),
    (
        "community nurse",
        PRACTITIONER,
        REGULARLY,
        False,
        False,
        False,
        "frontline_regular",
        "Meets the public regularly: needs level 2",
    ),
    (
        "team manager with safeguarding duties",
        MANAGER,
        NEVER,
        True,
        False,
        False,
        "frontline_regular",
        "Safeguarding responsibilities: needs level 2",
    ),
    (
        "food bank volunteer",
        VOLUNTEER,
        REGULARLY,
        False,
        False,
        False,
        "frontline_regular",
        "Meets the public regularly: needs level 2",
    ),
    (
        "library assistant",
        SUPPORT,
        OCCASIONALLY,
        False,
        False,
        False,
        "occasional_contact",
        "Meets the public occasionally: needs level 1",
    ),
    (
        "payroll officer",
        SUPPORT,
        NEVER,
        False,
        False,
        False,
        "little_contact",
        "Rarely or never meets the public: needs level 1",
    ),
    (
        "manager with no public contact",
        MANAGER,
        NEVER,
        False,
        False,
        False,
        "little_contact",
        "Rarely or never meets the public: needs level 1",
    ),
]


@pytest.mark.parametrize(
    ("role_type", "public_contact", "safeguarding", "first_responder", "elected", "cohort", "reason"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_the_cohort_tool_suggests(role_type, public_contact, safeguarding, first_responder, elected, cohort, reason):
    answers = Answers(
        role_type=role_type,
        public_contact=public_contact,
        safeguarding_responsibilities=safeguarding,
        first_responder_duties=first_responder,
        elected_member=elected,
    )
    suggestion = suggest_cohort(answers)
    assert (suggestion.cohort_key, suggestion.reason) == (cohort, reason)


def test_the_reason_names_the_level_the_partnership_set():
    answers = Answers(role_type=SUPPORT, public_contact=OCCASIONALLY)
    assert (
        suggest_cohort(answers, {"occasional_contact": "level 2"}).reason
        == "Meets the public occasionally: needs level 2"
    )
    assert suggest_cohort(answers, {}).reason == "Meets the public occasionally"


def test_every_suggestion_is_a_default_cohort_and_every_cohort_a_default_level():
    assert {c.key for c in DEFAULT_COHORTS} == set(CohortKey)
    numbers = {level.number for level in DEFAULT_LEVELS}
    assert all(c.required_level in numbers for c in DEFAULT_COHORTS)
    assert [c.key for c in DEFAULT_COHORTS if c.is_elected_members] == [CohortKey.ELECTED_MEMBERS]
