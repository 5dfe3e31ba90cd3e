"""NRM tracking: Cathy at Testford Council records the referral, the decisions, reconsiderations, the
Duty to Notify and support referrals on a child's case the council referred. Carol, the coordinator,
sees overdue decisions across Testford. Charlie (Brightway, one task on the case) may only look; Ian
(Testshire Police, not involved) and Oscar (Otherton) do not learn the case exists."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waymark.cases import nrm_rules
from waymark.cases.models import (
    CaseEvent,
    CaseStatus,
    ConclusiveOutcome,
    EventKind,
    NRMReferral,
    Reconsideration,
    Task,
)
from waymark.cases.tests.factories import open_child_case
from waymark.core.models import AuditEntry

pytestmark = pytest.mark.django_db

REFERRED = date(2025, 3, 3)  # a Monday: the reasonable grounds decision is due by Monday 10 March


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def date_data(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


@pytest.fixture
def case(world, personas):
    return open_child_case(world, personas["council_caseworker"])


@pytest.fixture
def cathy(client_for):
    return client_for("council_caseworker")


def referral_data(world, version=0, referred_on=REFERRED, **extra):
    return {
        "version": str(version),
        **date_data("referred_on", referred_on),
        "first_responder_organisation": str(world.council.pk),
        "competent_authority": "sca",
        "home_office_reference": "NRM-123",
        **extra,
    }


def recorded(case, **fields) -> NRMReferral:
    return NRMReferral.objects.create(case=case, **fields)


def url(name, case, **kwargs):
    return reverse(f"cases:{name}", kwargs={"pk": case.pk, **kwargs})


# Recording each part


def test_the_council_records_the_referral(cathy, case, world):
    response = cathy.post(url("nrm-referral", case), referral_data(world))

    assert response.status_code == 302
    assert response["Location"] == url("nrm", case)
    nrm = NRMReferral.objects.get(case=case)
    assert (nrm.referred_on, nrm.first_responder_organisation, nrm.competent_authority) == (
        REFERRED,
        world.council,
        "sca",
    )
    assert nrm.home_office_reference == "NRM-123"
    assert nrm.version == 1
    event = CaseEvent.objects.get(case=case, kind=EventKind.NRM)
    assert event.summary == "NRM referral by Testford Council on 3 March 2025 recorded"
    assert AuditEntry.objects.filter(object_type="cases.NRMReferral", object_id=str(nrm.pk), action="create").exists()


def test_the_record_page_shows_what_was_recorded_with_change_links(cathy, case, world):
    recorded(case, referred_on=REFERRED, first_responder_organisation=world.council, competent_authority="ieca")

    text = page_text(cathy.get(url("nrm", case)))

    assert "3 March 2025" in text
    assert "Immigration Enforcement Competent Authority (IECA)" in text
    assert "Due by 10 March 2025" in text
    assert url("nrm-referral", case) in text
    assert url("nrm-rg-decision", case) in text


def test_only_the_partnerships_first_responders_can_be_chosen(cathy, case, world):
    text = page_text(cathy.get(url("nrm-referral", case)))

    assert "Testford Council" in text and "Testshire Police" in text
    assert "Brightway" not in text and "Otherton Council" not in text
    response = cathy.post(
        url("nrm-referral", case), referral_data(world, first_responder_organisation=world.charity.pk)
    )
    assert response.status_code == 400
    assert "Select a valid choice" in page_text(response)


def test_a_reasonable_grounds_decision_within_five_working_days_met_the_target(cathy, case):
    recorded(case, referred_on=REFERRED)

    response = cathy.post(
        url("nrm-rg-decision", case),
        {"version": "1", **date_data("rg_decision_on", date(2025, 3, 10)), "rg_outcome": "positive"},
        follow=True,
    )

    text = page_text(response)
    assert "It met the 5 working day target. The recovery period ends on 9 April 2025." in text
    assert "Due by 10 March 2025: met" in text
    nrm = NRMReferral.objects.get(case=case)
    assert (nrm.rg_decision_on, nrm.rg_outcome, nrm.version) == (date(2025, 3, 10), "positive", 2)


def test_a_late_reasonable_grounds_decision_missed_the_target(cathy, case):
    recorded(case, referred_on=REFERRED)

    response = cathy.post(
        url("nrm-rg-decision", case),
        {"version": "1", **date_data("rg_decision_on", date(2025, 3, 11)), "rg_outcome": "negative"},
        follow=True,
    )

    text = page_text(response)
    assert "It missed the 5 working day target." in text
    assert "No recovery period after a negative decision" in text


def test_the_decision_page_shows_the_target_date(cathy, case):
    recorded(case, referred_on=REFERRED)

    assert "so by 10 March 2025" in page_text(cathy.get(url("nrm-rg-decision", case)))


def test_the_conclusive_grounds_decision_offers_the_three_outcomes_of_england(cathy, case):
    recorded(case, referred_on=REFERRED, rg_decision_on=date(2025, 3, 7), rg_outcome="positive")
    text = page_text(cathy.get(url("nrm-cg-decision", case)))
    for code in ("trafficking", "slavery", "insufficient_evidence"):
        assert f'value="{code}"' in text
    assert 'value="not_trafficking"' not in text

    response = cathy.post(
        url("nrm-cg-decision", case),
        {"version": "1", **date_data("cg_decision_on", date(2025, 9, 1)), "cg_outcome": "slavery"},
    )

    assert response.status_code == 302
    nrm = NRMReferral.objects.get(case=case)
    assert (nrm.cg_decision_on, nrm.cg_outcome) == (date(2025, 9, 1), "slavery")


def test_a_case_in_scotland_has_two_conclusive_grounds_outcomes(cathy, case):
    decision = case.decisions.get()
    decision.facts = {**decision.facts, "nation": "scotland"}
    decision.save()
    recorded(case, referred_on=REFERRED, rg_decision_on=date(2025, 3, 7), rg_outcome="positive")

    text = page_text(cathy.get(url("nrm-cg-decision", case)))
    assert 'value="trafficking"' in text and 'value="not_trafficking"' in text
    assert 'value="slavery"' not in text
    response = cathy.post(
        url("nrm-cg-decision", case),
        {"version": "1", **date_data("cg_decision_on", date(2025, 9, 1)), "cg_outcome": "slavery"},
    )
    assert response.status_code == 400


def test_every_nation_outcome_is_a_recordable_outcome():
    for outcomes in nrm_rules.CG_OUTCOMES.values():
        assert set(outcomes) <= set(ConclusiveOutcome.values)


def test_a_reconsideration_is_asked_for_and_its_result_recorded(cathy, case, world):
    recorded(
        case,
        referred_on=REFERRED,
        first_responder_organisation=world.council,
        rg_decision_on=date(2025, 3, 7),
        rg_outcome="negative",
    )
    page = page_text(cathy.get(url("nrm-reconsideration-add", case)))
    assert "Only the first responder or the support provider involved in the case may ask" in page

    response = cathy.post(
        url("nrm-reconsideration-add", case),
        {
            "version": "1",
            "decision": "rg",
            **date_data("requested_on", date(2025, 3, 14)),
            "requested_by": str(world.council.pk),
            "reason": "New evidence from the school.",
        },
    )
    assert response.status_code == 302
    reconsideration = Reconsideration.objects.get(nrm__case=case)
    assert (reconsideration.decision, reconsideration.requested_by, reconsideration.upheld) == (
        "rg",
        world.council,
        None,
    )

    response = cathy.post(
        url("nrm-reconsideration-result", case, reconsideration_pk=reconsideration.pk),
        {"version": "2", **date_data("decided_on", date(2025, 4, 1)), "upheld": "no"},
        follow=True,
    )

    reconsideration.refresh_from_db()
    assert (reconsideration.decided_on, reconsideration.upheld) == (date(2025, 4, 1), False)
    assert "The decision was changed (1 April 2025)" in page_text(response)
    assert NRMReferral.objects.get(case=case).version == 3


def test_there_is_nothing_to_reconsider_before_a_decision(cathy, case):
    recorded(case, referred_on=REFERRED)

    assert "There is no decision to reconsider yet" in page_text(cathy.get(url("nrm-reconsideration-add", case)))


def test_the_duty_to_notify_and_support_referrals_are_recorded(cathy, case):
    cathy.post(url("nrm-duty-to-notify", case), {"version": "0", **date_data("duty_to_notify_sent_on", REFERRED)})
    response = cathy.post(
        url("nrm-support", case),
        {
            "version": "1",
            **date_data("victim_care_contract_referred_on", date(2025, 3, 4)),
            **date_data("ictg_referred_on", date(2025, 3, 5)),
        },
    )

    assert response.status_code == 302
    nrm = NRMReferral.objects.get(case=case)
    assert nrm.duty_to_notify_sent_on == REFERRED
    assert (nrm.victim_care_contract_referred_on, nrm.accommodation_referred_on, nrm.ictg_referred_on) == (
        date(2025, 3, 4),
        None,
        date(2025, 3, 5),
    )
    assert CaseEvent.objects.filter(case=case, kind=EventKind.NRM).count() == 2


# Validation


def test_a_referral_date_in_the_future_is_refused_and_what_was_typed_is_kept(cathy, case, world):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = cathy.post(url("nrm-referral", case), referral_data(world, referred_on=tomorrow))

    assert response.status_code == 400
    text = page_text(response)
    assert "Date of the referral must be today or in the past" in text
    assert f'value="{tomorrow.year}"' in text and 'value="NRM-123"' in text
    assert not NRMReferral.objects.filter(case=case).exists()


def test_a_reasonable_grounds_decision_before_the_referral_is_refused(cathy, case):
    recorded(case, referred_on=REFERRED)

    response = cathy.post(
        url("nrm-rg-decision", case),
        {"version": "1", **date_data("rg_decision_on", date(2025, 3, 1)), "rg_outcome": "positive"},
    )

    assert response.status_code == 400
    assert (
        "Date of the reasonable grounds decision must be the same as or after the date of the referral (3 March 2025)"
        in page_text(response)
    )
    assert NRMReferral.objects.get(case=case).rg_decision_on is None


def test_a_conclusive_grounds_decision_before_the_reasonable_grounds_decision_is_refused(cathy, case):
    recorded(case, referred_on=REFERRED, rg_decision_on=date(2025, 3, 7), rg_outcome="positive")

    response = cathy.post(
        url("nrm-cg-decision", case),
        {"version": "1", **date_data("cg_decision_on", date(2025, 3, 6)), "cg_outcome": "trafficking"},
    )

    assert response.status_code == 400
    assert "must be the same as or after the date of the reasonable grounds decision (7 March 2025)" in page_text(
        response
    )


def test_missing_answers_get_the_gov_uk_messages(cathy, case):
    response = cathy.post(url("nrm-referral", case), {"version": "0"})

    text = page_text(response)
    assert response.status_code == 400
    assert "There is a problem" in text
    assert "Enter the date of the referral" in text
    assert "Select the First Responder Organisation that made the referral" in text
    assert "Select the competent authority deciding the case" in text
    assert "<title>Error: NRM referral" in text


EDIT_PAGES = [
    "nrm-referral",
    "nrm-rg-decision",
    "nrm-cg-decision",
    "nrm-duty-to-notify",
    "nrm-support",
    "nrm-reconsideration-add",
    "nrm-reconsideration-result",
]


def _edit_url(name, case, world):
    if name != "nrm-reconsideration-result":
        return url(name, case)
    nrm = recorded(case, referred_on=REFERRED, rg_decision_on=REFERRED, rg_outcome="negative")
    reconsideration = Reconsideration.objects.create(
        nrm=nrm, decision="rg", requested_on=REFERRED, requested_by=world.council
    )
    return url(name, case, reconsideration_pk=reconsideration.pk)


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_an_empty_form_is_refused(name, cathy, case, world):
    response = cathy.post(_edit_url(name, case, world), {})

    assert response.status_code == 400
    assert "There is a problem" in page_text(response)


# Who may see and record


@pytest.fixture
def charity_has_a_task(case, world):
    Task.objects.create(case=case, code="manual", title="Offer an advocate", owner_organisation=world.charity)


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_an_organisation_that_may_only_look_is_refused_the_forms(name, client_for, case, world, charity_has_a_task):
    charlie = client_for("charity_caseworker")
    edit_url = _edit_url(name, case, world)

    assert charlie.get(edit_url).status_code == 403
    assert charlie.post(edit_url, {}).status_code == 403


def test_an_organisation_that_may_only_look_sees_the_record_without_change_links(
    client_for, case, world, charity_has_a_task
):
    recorded(case, referred_on=REFERRED)

    response = client_for("charity_caseworker").get(url("nrm", case))

    assert response.status_code == 200
    assert "3 March 2025" in page_text(response)
    assert url("nrm-referral", case) not in page_text(response)


@pytest.mark.parametrize("persona", ["intelligence_officer", "outsider"])
@pytest.mark.parametrize("name", ["nrm", *EDIT_PAGES])
def test_people_who_cannot_see_the_case_are_told_it_is_not_found(persona, name, client_for, case, world):
    edit_url = _edit_url(name, case, world) if name != "nrm" else url(name, case)

    assert client_for(persona).get(edit_url).status_code == 404


def test_the_first_responder_named_on_the_referral_may_record(client_for, case, world):
    Task.objects.create(case=case, code="manual", title="Visit the address", owner_organisation=world.police)
    ian = client_for("intelligence_officer")
    assert ian.get(url("nrm-rg-decision", case)).status_code == 403

    recorded(case, referred_on=REFERRED, first_responder_organisation=world.police)

    assert ian.get(url("nrm-rg-decision", case)).status_code == 200


def test_the_lead_organisation_may_record(client_for, case, world):
    Task.objects.create(case=case, code="manual", title="Advocate", owner_organisation=world.charity)
    case.lead_organisation = world.charity
    case.save()

    assert client_for("charity_caseworker").get(url("nrm-referral", case)).status_code == 200


def test_the_coordinator_may_record(client_for, case, world):
    response = client_for("coordinator").post(url("nrm-referral", case), referral_data(world))

    assert response.status_code == 302


# No lost updates


def test_a_stale_form_is_refused_with_the_input_kept(client_for, cathy, case, world):
    recorded(case, referred_on=REFERRED)
    carol = client_for("coordinator")
    carol.post(
        url("nrm-rg-decision", case),
        {"version": "1", **date_data("rg_decision_on", date(2025, 3, 5)), "rg_outcome": "positive"},
    )

    response = cathy.post(
        url("nrm-rg-decision", case),
        {"version": "1", **date_data("rg_decision_on", date(2025, 3, 6)), "rg_outcome": "negative"},
    )

    assert response.status_code == 409
    text = page_text(response)
    assert "Someone else changed the NRM record while you were working on it" in text
    assert 'value="6"' in text and 'value="negative" checked' in text
    assert "Positive, 5 March 2025" in text  # the record as Carol left it
    nrm = NRMReferral.objects.get(case=case)
    assert (nrm.rg_decision_on, nrm.rg_outcome, nrm.version) == (date(2025, 3, 5), "positive", 2)
    assert 'name="version" value="2"' in text

    again = cathy.post(
        url("nrm-rg-decision", case),
        {"version": "2", **date_data("rg_decision_on", date(2025, 3, 6)), "rg_outcome": "negative"},
    )
    assert again.status_code == 302
    assert NRMReferral.objects.get(case=case).rg_outcome == "negative"


def test_two_people_recording_the_first_referral_at_once_do_not_overwrite_each_other(client_for, cathy, case, world):
    client_for("coordinator").post(url("nrm-referral", case), referral_data(world))

    response = cathy.post(url("nrm-referral", case), referral_data(world, home_office_reference="NRM-999"))

    assert response.status_code == 409
    assert NRMReferral.objects.get(case=case).home_office_reference == "NRM-123"


# Alerts


def overdue_referral(case):
    return recorded(case, referred_on=timezone.localdate() - timedelta(days=30))


def test_the_case_page_warns_of_an_overdue_decision(cathy, case):
    overdue_referral(case)

    response = cathy.get(reverse("cases:case-detail", kwargs={"pk": case.pk}))

    text = page_text(response)
    assert "govuk-warning-text" in text
    assert "The reasonable grounds decision is overdue." in text


def test_the_case_page_shows_no_warning_when_decisions_are_on_time(cathy, case):
    recorded(
        case, referred_on=REFERRED, rg_decision_on=REFERRED, rg_outcome="positive", cg_decision_on=date(2025, 6, 1)
    )

    text = page_text(cathy.get(reverse("cases:case-detail", kwargs={"pk": case.pk})))

    assert "overdue" not in text
    assert "National Referral Mechanism" in text


def test_the_coordinator_sees_every_overdue_decision_in_testford(client_for, world, personas):
    late = open_child_case(world, personas["council_caseworker"])
    overdue_referral(late)
    ended = open_child_case(world, personas["council_caseworker"])
    recorded(ended, referred_on=REFERRED, rg_decision_on=REFERRED, rg_outcome="positive")
    on_time = open_child_case(world, personas["council_caseworker"])
    recorded(on_time, referred_on=timezone.localdate())
    closed = open_child_case(world, personas["council_caseworker"])
    overdue_referral(closed)
    closed.status = CaseStatus.CLOSED
    closed.save()

    text = page_text(client_for("coordinator").get(reverse("cases:nrm-overdue")))

    assert late.reference in text and "The reasonable grounds decision is overdue." in text
    assert ended.reference in text and "The recovery period ended on 2 April 2025" in text
    assert on_time.reference not in text
    assert closed.reference not in text


def test_another_partnerships_coordinator_sees_none_of_testfords_overdue_decisions(client_for, case):
    overdue_referral(case)

    response = client_for("outsider").get(reverse("cases:nrm-overdue"))

    assert response.status_code == 200
    assert case.reference not in page_text(response)
    assert "No decisions are overdue." in page_text(response)


def test_only_coordinators_see_the_overdue_list(cathy):
    assert cathy.get(reverse("cases:nrm-overdue")).status_code == 403


def test_only_the_first_responder_or_support_provider_may_ask_for_a_reconsideration(cathy, case, world):
    recorded(
        case,
        referred_on=REFERRED,
        first_responder_organisation=world.council,
        rg_decision_on=date(2025, 3, 7),
        rg_outcome="negative",
    )
    response = cathy.post(
        url("nrm-reconsideration-add", case),
        {
            "version": "1",
            "decision": "rg",
            **date_data("requested_on", date(2025, 3, 14)),
            "requested_by": str(world.police.pk),
        },
    )
    assert response.status_code == 400
    assert "only they may ask for a reconsideration" in page_text(response)
    assert not Reconsideration.objects.exists()


def test_no_conclusive_grounds_decision_after_a_negative_reasonable_grounds_one(cathy, case, world):
    recorded(case, referred_on=REFERRED, rg_decision_on=date(2025, 3, 7), rg_outcome="negative")
    response = cathy.post(
        url("nrm-cg-decision", case),
        {"version": "1", **date_data("cg_decision_on", date(2025, 6, 1)), "cg_outcome": "insufficient_evidence"},
    )
    assert response.status_code == 400
    assert "there is no conclusive grounds decision to record" in page_text(response)
