"""Invariants that hold for every combination of facts, checked by hypothesis."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from waymark.pathways import ACTION_ORDER, Facts, decide
from waymark.pathways.facts import AGE_GROUPS, NATIONS, OPTIONAL_FLAGS
from waymark.pathways.working_days import is_working_day

maybe = st.one_of(st.none(), st.booleans())
facts_strategy = st.builds(
    Facts,
    nation=st.sampled_from(NATIONS),
    age_group=st.sampled_from(AGE_GROUPS),
    decided_on=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    **dict.fromkeys(OPTIONAL_FLAGS, maybe),
)


@settings(max_examples=400)
@given(facts_strategy)
def test_a_child_never_gets_duty_to_notify(facts):
    if facts.treated_as_child:
        assert "duty_to_notify" not in decide(facts).codes


@settings(max_examples=400)
@given(facts_strategy)
def test_call_999_comes_first_whenever_there_is_immediate_danger(facts):
    codes = decide(facts).codes
    if facts.immediate_danger:
        assert codes[0] == "call_999"
    else:
        assert "call_999" not in codes


@settings(max_examples=400)
@given(facts_strategy)
def test_no_nrm_referral_for_an_adult_without_consent(facts):
    if not facts.treated_as_child and facts.consents_to_nrm is not True:
        assert "nrm_referral" not in decide(facts).codes


@settings(max_examples=400)
@given(facts_strategy)
def test_every_decision_signposts_the_helpline(facts):
    assert any(s["phone"] == "08000 121 700" for s in decide(facts).signposting)


@settings(max_examples=400)
@given(facts_strategy)
def test_children_go_to_childrens_social_care_before_the_nrm(facts):
    codes = decide(facts).codes
    if facts.treated_as_child:
        assert "nrm_referral" in codes
        assert codes.index("children_social_care_referral") < codes.index("nrm_referral")


@settings(max_examples=400)
@given(facts_strategy)
def test_actions_are_numbered_in_order_once_each(facts):
    decision = decide(facts)
    assert [a.order for a in decision.actions] == list(range(1, len(decision.actions) + 1))
    assert len(set(decision.codes)) == len(decision.codes)
    assert decision.codes == sorted(decision.codes, key=ACTION_ORDER.index)


@settings(max_examples=400)
@given(facts_strategy)
def test_due_dates_are_working_days_on_or_after_the_decision(facts):
    for action in decide(facts).actions:
        due = date.fromisoformat(action.due)
        if action.immediately:
            assert due == facts.decided_on
        else:
            assert due >= facts.decided_on
            assert is_working_day(due, facts.nation)


@settings(max_examples=200)
@given(facts_strategy)
def test_every_action_explains_itself_with_its_source(facts):
    decision = decide(facts)
    assert decision.actions, "there is always something to do"
    for action in decision.actions:
        assert "DOMAIN.md" in action.explanation and "DOMAIN.md" in action.legal_basis


@settings(max_examples=200)
@given(facts_strategy)
def test_decisions_are_json(facts):
    data = json.loads(json.dumps(decide(facts).to_json()))
    assert set(data) == {"rules_version", "treated_as_child", "actions", "signposting"}
    for action in data["actions"]:
        assert set(action) == {"code", "order", "owner", "due", "immediately", "legal_basis", "explanation"}


@settings(max_examples=200)
@given(facts_strategy)
def test_the_same_facts_give_the_same_decision(facts):
    assert decide(facts) == decide(facts)
