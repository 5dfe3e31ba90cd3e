"""The pathway rules as a table a safeguarding lead can read: who, where, what they agreed, and the
actions that must follow, in the order to take them."""

from __future__ import annotations

from datetime import date

import pytest

from waymark.pathways import Facts, LocalSettings, decide

# A First Responder Organisation that is also a public authority under the Duty to Notify (a council
# or police force) in England, seeing an adult in no immediate danger: the starting point of each row.
BASE = {
    "nation": "england",
    "age_group": "adult",
    "immediate_danger": False,
    "consents_to_nrm": True,
    "care_and_support_needs": False,
    "referrer_is_first_responder": True,
    "referrer_is_public_authority": True,
    "ictg_service_in_area": False,
    "decided_on": "2026-11-23",
}
CHARITY_NOT_FRO = {"referrer_is_first_responder": False, "referrer_is_public_authority": False}
FRO_CHARITY = {"referrer_is_first_responder": True, "referrer_is_public_authority": False}

SCENARIOS = [
    # --- Adults ---------------------------------------------------------------------------------
    ("adult-consents-goes-to-police-and-nrm", {}, ["police_report", "nrm_referral"]),
    (
        "adult-with-care-needs-gets-a-safeguarding-concern-not-police",
        {"care_and_support_needs": True},
        ["adult_safeguarding_concern", "nrm_referral"],
    ),
    (
        "adult-whose-needs-are-unknown-gets-both-routes",
        {"care_and_support_needs": None},
        ["adult_safeguarding_concern", "police_report", "nrm_referral"],
    ),
    (
        "adult-who-declines-is-notified-anonymously-and-offered-support",
        {"consents_to_nrm": False},
        ["police_report", "duty_to_notify", "support_outside_nrm", "signpost_helpline"],
    ),
    (
        "adult-with-needs-who-declines",
        {"consents_to_nrm": False, "care_and_support_needs": True},
        ["adult_safeguarding_concern", "duty_to_notify", "support_outside_nrm", "signpost_helpline"],
    ),
    (
        "adult-declines-to-a-charity-fro-the-police-notify",
        {"consents_to_nrm": False, **FRO_CHARITY},
        ["police_report", "duty_to_notify", "support_outside_nrm", "signpost_helpline"],
    ),
    (
        "adult-consent-not-yet-known-public-authority-still-notifies",
        {"consents_to_nrm": None},
        ["police_report", "duty_to_notify", "signpost_helpline"],
    ),
    (
        "adult-consent-not-yet-known-charity",
        {"consents_to_nrm": None, **FRO_CHARITY},
        ["police_report", "duty_to_notify", "signpost_helpline"],
    ),
    ("adult-in-danger-999-first", {"immediate_danger": True}, ["call_999", "police_report", "nrm_referral"]),
    (
        "adult-in-danger-who-declines",
        {"immediate_danger": True, "consents_to_nrm": False},
        ["call_999", "police_report", "duty_to_notify", "support_outside_nrm", "signpost_helpline"],
    ),
    (
        "adult-consents-to-a-community-group-handed-to-an-fro",
        CHARITY_NOT_FRO,
        ["police_report", "refer_to_first_responder", "nrm_referral", "signpost_helpline"],
    ),
    (
        "adult-declines-to-a-community-group",
        {"consents_to_nrm": False, **CHARITY_NOT_FRO},
        ["police_report", "refer_to_first_responder", "duty_to_notify", "support_outside_nrm", "signpost_helpline"],
    ),
    (
        "referrer-fro-status-unknown-is-handed-over",
        {"referrer_is_first_responder": None},
        ["police_report", "refer_to_first_responder", "nrm_referral", "signpost_helpline"],
    ),
    (
        "adult-declines-in-wales-duty-to-notify",
        {"nation": "wales", "consents_to_nrm": False},
        ["police_report", "duty_to_notify", "support_outside_nrm", "signpost_helpline"],
    ),
    (
        "adult-declines-in-scotland-notify-police-scotland",
        {"nation": "scotland", "consents_to_nrm": False},
        ["police_report", "duty_to_notify", "support_outside_nrm", "signpost_helpline"],
    ),
    (
        "adult-declines-in-northern-ireland-no-confirmed-duty",
        {"nation": "northern_ireland", "consents_to_nrm": False},
        ["police_report", "support_outside_nrm", "signpost_helpline"],
    ),
    ("adult-consents-in-scotland", {"nation": "scotland"}, ["police_report", "nrm_referral"]),
    ("adult-consents-in-northern-ireland", {"nation": "northern_ireland"}, ["police_report", "nrm_referral"]),
    (
        "adult-exploited-as-a-child-still-needs-consent",
        {"under_18_during_exploitation": True},
        ["police_report", "nrm_referral"],
    ),
    (
        "adult-exploited-as-a-child-declines",
        {"under_18_during_exploitation": True, "consents_to_nrm": False},
        ["police_report", "duty_to_notify", "support_outside_nrm", "signpost_helpline"],
    ),
    ("adult-who-co-operates", {"cooperates_with_authorities": True}, ["police_report", "nrm_referral"]),
    (
        "adult-declines-but-co-operates",
        {"consents_to_nrm": False, "cooperates_with_authorities": True},
        ["police_report", "duty_to_notify", "support_outside_nrm", "signpost_helpline"],
    ),
    ("no-ictg-for-adults", {"ictg_service_in_area": True}, ["police_report", "nrm_referral"]),
    (
        "adult-with-nothing-else-known",
        {
            "immediate_danger": None,
            "consents_to_nrm": None,
            "care_and_support_needs": None,
            "referrer_is_first_responder": None,
            "referrer_is_public_authority": None,
        },
        [
            "adult_safeguarding_concern",
            "police_report",
            "refer_to_first_responder",
            "duty_to_notify",
            "signpost_helpline",
        ],
    ),
    (
        "adult-declines-in-northern-ireland-to-a-community-group",
        {"nation": "northern_ireland", "consents_to_nrm": False, **CHARITY_NOT_FRO},
        ["police_report", "refer_to_first_responder", "support_outside_nrm", "signpost_helpline"],
    ),
    (
        "adult-consent-unknown-in-scotland",
        {"nation": "scotland", "consents_to_nrm": None},
        ["police_report", "duty_to_notify", "signpost_helpline"],
    ),
    (
        "adult-consents-with-needs-in-danger",
        {"immediate_danger": True, "care_and_support_needs": True},
        ["call_999", "adult_safeguarding_concern", "nrm_referral"],
    ),
    # --- Children -------------------------------------------------------------------------------
    (
        "child-children-social-care-then-nrm-and-ictg",
        {"age_group": "child", "ictg_service_in_area": True},
        ["children_social_care_referral", "nrm_referral", "ictg_referral"],
    ),
    ("child-where-no-ictg-service", {"age_group": "child"}, ["children_social_care_referral", "nrm_referral"]),
    (
        "child-ictg-service-not-known",
        {"age_group": "child", "ictg_service_in_area": None},
        ["children_social_care_referral", "nrm_referral"],
    ),
    (
        "child-in-danger-999-first",
        {"age_group": "child", "immediate_danger": True, "ictg_service_in_area": True},
        ["call_999", "children_social_care_referral", "nrm_referral", "ictg_referral"],
    ),
    (
        "child-seen-by-a-community-group",
        {"age_group": "child", **CHARITY_NOT_FRO},
        ["children_social_care_referral", "refer_to_first_responder", "nrm_referral", "signpost_helpline"],
    ),
    (
        "child-seen-by-a-community-group-ictg-area",
        {"age_group": "child", "ictg_service_in_area": True, **CHARITY_NOT_FRO},
        [
            "children_social_care_referral",
            "refer_to_first_responder",
            "nrm_referral",
            "ictg_referral",
            "signpost_helpline",
        ],
    ),
    (
        "child-needs-no-consent",
        {"age_group": "child", "consents_to_nrm": False},
        ["children_social_care_referral", "nrm_referral"],
    ),
    (
        "child-never-gets-duty-to-notify",
        {"age_group": "child", "consents_to_nrm": None},
        ["children_social_care_referral", "nrm_referral"],
    ),
    (
        "child-with-care-needs-is-still-a-children-case",
        {"age_group": "child", "care_and_support_needs": True},
        ["children_social_care_referral", "nrm_referral"],
    ),
    (
        "child-in-wales-with-ictg",
        {"age_group": "child", "nation": "wales", "ictg_service_in_area": True},
        ["children_social_care_referral", "nrm_referral", "ictg_referral"],
    ),
    (
        "child-in-scotland-no-ictg-service",
        {"age_group": "child", "nation": "scotland", "ictg_service_in_area": True},
        ["children_social_care_referral", "nrm_referral"],
    ),
    (
        "child-in-northern-ireland-independent-guardian",
        {"age_group": "child", "nation": "northern_ireland", "ictg_service_in_area": True},
        ["children_social_care_referral", "nrm_referral"],
    ),
    (
        "child-danger-not-known-no-999",
        {"age_group": "child", "immediate_danger": None},
        ["children_social_care_referral", "nrm_referral"],
    ),
    # --- Age not known: treated as a child ------------------------------------------------------
    (
        "age-unknown-is-treated-as-a-child",
        {"age_group": "unknown"},
        ["children_social_care_referral", "age_assessment", "nrm_referral"],
    ),
    (
        "age-unknown-in-an-ictg-area",
        {"age_group": "unknown", "ictg_service_in_area": True},
        ["children_social_care_referral", "age_assessment", "nrm_referral", "ictg_referral"],
    ),
    (
        "age-unknown-who-declines-is-still-referred",
        {"age_group": "unknown", "consents_to_nrm": False},
        ["children_social_care_referral", "age_assessment", "nrm_referral"],
    ),
    (
        "age-unknown-in-danger-seen-by-a-community-group",
        {"age_group": "unknown", "immediate_danger": True, **CHARITY_NOT_FRO},
        [
            "call_999",
            "children_social_care_referral",
            "age_assessment",
            "refer_to_first_responder",
            "nrm_referral",
            "signpost_helpline",
        ],
    ),
    (
        "age-unknown-in-scotland",
        {"age_group": "unknown", "nation": "scotland"},
        ["children_social_care_referral", "age_assessment", "nrm_referral"],
    ),
]


@pytest.mark.parametrize(("overrides", "expected"), [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_decide(overrides, expected):
    decision = decide(Facts.from_json({**BASE, **overrides}))
    assert decision.codes == expected


def test_there_are_at_least_forty_scenarios():
    assert len(SCENARIOS) >= 40
    assert len({s[0] for s in SCENARIOS}) == len(SCENARIOS)


def actions_by_code(overrides, settings=None):
    return {a.code: a for a in decide(Facts.from_json({**BASE, **overrides}), settings).actions}


def test_age_unknown_is_treated_as_a_child():
    assert decide(Facts.from_json({**BASE, "age_group": "unknown"})).treated_as_child
    assert not decide(Facts.from_json(BASE)).treated_as_child


def test_the_nrm_referral_is_made_by_the_first_responder_when_the_referrer_is_not_one():
    assert actions_by_code(CHARITY_NOT_FRO)["nrm_referral"].owner == "first_responder"
    assert actions_by_code({})["nrm_referral"].owner == "referrer"


def test_the_age_assessment_belongs_to_childrens_social_care():
    assert actions_by_code({"age_group": "unknown"})["age_assessment"].owner == "childrens_social_care"


def test_support_outside_the_nrm_belongs_to_the_local_support_service():
    assert actions_by_code({"consents_to_nrm": False})["support_outside_nrm"].owner == "local_support_service"


def test_duty_to_notify_keeps_the_adult_anonymous_unless_they_co_operate():
    anonymous = actions_by_code({"consents_to_nrm": False})["duty_to_notify"].explanation
    named = actions_by_code({"consents_to_nrm": False, "cooperates_with_authorities": True})[
        "duty_to_notify"
    ].explanation
    assert "only their gender and nationality" in anonymous
    assert "name and contact details may be included" in named


def test_scotland_notifies_police_scotland_under_s38():
    action = actions_by_code({"nation": "scotland", "consents_to_nrm": False})["duty_to_notify"]
    assert "s38" in action.legal_basis and "Police Scotland" in action.explanation


def test_support_periods_differ_by_nation():
    assert "30 days" in actions_by_code({})["nrm_referral"].explanation
    assert "90 days" in actions_by_code({"nation": "scotland"})["nrm_referral"].explanation
    assert "45 days" in actions_by_code({"nation": "northern_ireland"})["nrm_referral"].explanation


def test_police_report_is_anonymous_unless_they_co_operate():
    assert "anonymous third-party" in actions_by_code({})["police_report"].explanation
    assert "on their behalf" in actions_by_code({"cooperates_with_authorities": True})["police_report"].explanation


def test_northern_ireland_child_is_entitled_to_an_independent_guardian():
    action = actions_by_code({"age_group": "child", "nation": "northern_ireland"})["children_social_care_referral"]
    assert "independent guardian" in action.explanation


def test_an_adult_exploited_as_a_child_is_flagged_for_the_form():
    assert (
        "under 18 during the exploitation"
        in actions_by_code({"under_18_during_exploitation": True})["nrm_referral"].explanation
    )


def test_local_contacts_appear_in_the_explanations():
    settings = LocalSettings(childrens_social_care="Testshire MASH, 01632 960 300", police="Testshire MSU")
    actions = actions_by_code({"age_group": "child"}, settings)
    assert "Testshire MASH, 01632 960 300" in actions["children_social_care_referral"].explanation
    assert "Testshire MSU" in actions_by_code({}, settings)["police_report"].explanation


# --- Due dates: working days, with each nation's bank holidays --------------------------------


def test_immediate_actions_are_due_the_same_day():
    actions = actions_by_code({"age_group": "child", "immediate_danger": True})
    assert actions["call_999"].immediately and actions["call_999"].due == "2026-11-23"
    assert actions["children_social_care_referral"].immediately
    assert actions["children_social_care_referral"].due == "2026-11-23"
    assert not actions["nrm_referral"].immediately


def test_christmas_is_skipped():
    # Thursday 24 December 2026: Christmas Day, the weekend and Boxing Day (observed Monday 28th).
    nrm = actions_by_code({"decided_on": "2026-12-24"})["nrm_referral"]
    assert nrm.due == "2026-12-30"


def test_st_andrews_day_counts_only_in_scotland():
    # Friday 27 November 2026; Monday 30 November is St Andrew's Day, a Scottish bank holiday.
    assert actions_by_code({"decided_on": "2026-11-27"})["police_report"].due == "2026-11-30"
    assert actions_by_code({"decided_on": "2026-11-27", "nation": "scotland"})["police_report"].due == "2026-12-01"


def test_st_patricks_day_counts_only_in_northern_ireland():
    # Tuesday 16 March 2027; Wednesday 17 March is St Patrick's Day in Northern Ireland.
    assert actions_by_code({"decided_on": "2027-03-16"})["police_report"].due == "2027-03-17"
    assert (
        actions_by_code({"decided_on": "2027-03-16", "nation": "northern_ireland"})["police_report"].due == "2027-03-18"
    )


def test_the_partnership_sets_its_own_targets():
    settings = LocalSettings.from_dict({"targets": {"nrm_referral": 5}})
    assert actions_by_code({}, settings)["nrm_referral"].due == "2026-11-30"


def test_decided_on_defaults_to_today():
    facts = Facts.from_json({k: v for k, v in BASE.items() if k != "decided_on"})
    decision = decide(facts, today=date(2026, 11, 23))
    assert {a.code: a.due for a in decision.actions}["police_report"] == "2026-11-24"


def test_every_decision_carries_its_rules_version():
    assert decide(Facts.from_json(BASE)).to_json()["rules_version"]


def test_when_the_referrer_is_not_under_the_duty_the_authority_it_reports_to_notifies():
    assert actions_by_code({"consents_to_nrm": False, **FRO_CHARITY})["duty_to_notify"].owner == "police"
    with_needs = actions_by_code({"consents_to_nrm": False, "care_and_support_needs": True, **FRO_CHARITY})
    assert with_needs["duty_to_notify"].owner == "adult_social_care"
    assert actions_by_code({"consents_to_nrm": False})["duty_to_notify"].owner == "referrer"
