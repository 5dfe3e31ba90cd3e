"""Consent, sharing, access requests and the lead role, as the people using them see it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waymark.cases import services
from waymark.cases.models import (
    AccessRequest,
    AccessRequestStatus,
    CaseEvent,
    CaseShare,
    ConsentPurpose,
    ConsentRecord,
    EventKind,
)
from waymark.cases.tests.factories import open_child_case
from waymark.core.models import AuditEntry
from waymark.pathways import Facts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def case(world, personas):
    """A child's case referred and led by Testford Council."""
    case = open_child_case(world, personas["council_caseworker"])
    type(case).objects.filter(pk=case.pk).update(lead_organisation=world.council, status="open")
    case.refresh_from_db()
    return case


def open_adult_case(world, by, **facts):
    """An adult who declines the NRM and will not co-operate: they stay anonymous to partners."""
    adult = {"nation": "england", "age_group": "adult", "consents_to_nrm": False, "cooperates_with_authorities": False}
    case, _ = services.open_case(
        partnership=world.testford,
        facts=Facts.from_json({**adult, **facts, **services.referrer_facts(by.organisation, world.testford)}),
        by=by,
        case_fields={"what_happened": "Works in a nail bar, passport kept by the owner."},
        people=[
            {
                "role": "potential_victim",
                "given_names": "Mira",
                "family_name": "Secretova",
                "aliases": ["Mimi"],
                "contact": "07700 900123",
                "gender": "female",
                "nationalities": ["Albanian"],
            }
        ],
    )
    type(case).objects.filter(pk=case.pk).update(lead_organisation=world.council, status="open")
    return case


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def case_page(client, case):
    return client.get(reverse("cases:case-detail", args=[case.pk]))


def share_safeguarding(client, case, organisation, **extra):
    return client.post(
        reverse("cases:share-add", args=[case.pk]),
        {
            "organisation": organisation.pk,
            "reason": "They will provide a safe house",
            "lawful_basis": "safeguarding",
            "basis_explanation": "Asking would warn the exploiter",
            **extra,
        },
    )


# Consent


def test_a_caseworker_records_consent_and_sees_who_recorded_it(case, world, client_for):
    cathy = client_for("council_caseworker")
    person = case.people.get()
    response = cathy.post(
        reverse("cases:consent-add", args=[case.pk]),
        {
            "purpose": "sharing",
            "organisation": world.charity.pk,
            "person": person.pk,
            "how": "Verbally, with an Albanian interpreter",
            **date_fields("given_on", TODAY),
        },
    )
    assert response.status_code == 302
    page = case_page(cathy, case).content.decode()
    assert "Sharing their information with a named organisation: Brightway" in page
    assert "Cathy Caseworker" in page
    assert CaseEvent.objects.filter(case=case, kind=EventKind.CONSENT).exists()
    assert AuditEntry.objects.filter(object_type="cases.ConsentRecord", action="create").exists()


def test_consent_cannot_be_dated_in_the_future_or_be_to_share_with_nobody(case, client_for):
    response = client_for("council_caseworker").post(
        reverse("cases:consent-add", args=[case.pk]),
        {"purpose": "sharing", "how": "In person", **date_fields("given_on", TODAY + timedelta(days=1))},
    )
    assert response.status_code == 400
    assert "The date consent was given must be today or in the past" in response.content.decode()
    assert "Select the organisation they agreed to share their information with" in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_withdrawing_consent_stops_the_sharing_that_rests_on_it_at_once(case, world, personas, client_for):
    consent = ConsentRecord.objects.create(
        case=case,
        purpose=ConsentPurpose.SHARING,
        organisation=world.charity,
        given_on=TODAY,
        how="In person",
        recorded_by=personas["council_caseworker"],
    )
    cathy = client_for("council_caseworker")
    cathy.post(
        reverse("cases:share-add", args=[case.pk]),
        {"organisation": world.charity.pk, "reason": "Safe house", "lawful_basis": "consent"},
    )
    charlie = client_for("charity_caseworker")
    assert case_page(charlie, case).status_code == 200

    response = cathy.post(reverse("cases:consent-withdraw", args=[consent.pk]), date_fields("withdrawn_on", TODAY))

    assert response.status_code == 302
    assert case_page(charlie, case).status_code == 404
    assert "Consent withdrawn" in case_page(cathy, case).content.decode()


# Sharing


def test_sharing_needs_a_consent_or_a_lawful_basis(case, world, client_for):
    response = client_for("council_caseworker").post(
        reverse("cases:share-add", args=[case.pk]), {"organisation": world.charity.pk, "reason": "Safe house"}
    )
    assert response.status_code == 400
    assert "Select the consent or lawful basis for sharing" in response.content.decode()
    assert not CaseShare.objects.exists()


def test_sharing_on_consent_needs_consent_recorded_for_that_organisation(case, world, client_for):
    response = client_for("council_caseworker").post(
        reverse("cases:share-add", args=[case.pk]),
        {"organisation": world.charity.pk, "reason": "Safe house", "lawful_basis": "consent"},
    )
    assert response.status_code == 400
    assert "There is no active consent to share with Brightway" in response.content.decode()


def test_a_lawful_basis_other_than_consent_needs_an_explanation(case, world, client_for):
    response = share_safeguarding(client_for("council_caseworker"), case, world.charity, basis_explanation="")
    assert response.status_code == 400
    assert "Enter why this lawful basis applies" in response.content.decode()


def test_a_share_lets_the_organisation_see_the_case_until_it_is_revoked(case, world, client_for):
    cathy, charlie = client_for("council_caseworker"), client_for("charity_caseworker")
    assert case_page(charlie, case).status_code == 404

    assert share_safeguarding(cathy, case, world.charity).status_code == 302
    assert case_page(charlie, case).status_code == 200
    assert "Asking would warn the exploiter" in case_page(cathy, case).content.decode()

    share = CaseShare.objects.get()
    response = cathy.post(reverse("cases:share-revoke", args=[share.pk]), {"reason": "Placement ended"})
    assert response.status_code == 302
    assert case_page(charlie, case).status_code == 404
    assert CaseEvent.objects.filter(case=case, kind=EventKind.SHARING).count() == 2


def test_a_case_cannot_be_shared_outside_the_partnership(case, world, client_for):
    response = share_safeguarding(client_for("council_caseworker"), case, world.other_council)
    assert response.status_code == 400
    assert "Select an organisation that is a member of the partnership" in response.content.decode()


def test_an_organisation_the_case_is_shared_with_cannot_share_it_further(case, world, client_for):
    share_safeguarding(client_for("council_caseworker"), case, world.charity)
    charlie = client_for("charity_caseworker")
    assert "Share the case with another organisation" not in case_page(charlie, case).content.decode()
    assert share_safeguarding(charlie, case, world.police).status_code == 403


# Identifying details


def test_identifying_details_of_an_adult_who_has_not_consented_stay_with_the_recording_organisation(
    world, personas, client_for
):
    case = open_adult_case(world, personas["council_caseworker"])
    share_safeguarding(client_for("council_caseworker"), case, world.charity)

    for_charlie = case_page(client_for("charity_caseworker"), case).content.decode()
    assert "Identifying details are held by Testford Council" in for_charlie
    for hidden in ("Mira", "Secretova", "Mimi", "07700 900123"):
        assert hidden not in for_charlie
    assert "Albanian" in for_charlie

    for_cathy = case_page(client_for("council_caseworker"), case).content.decode()
    assert "Mira Secretova" in for_cathy
    assert "07700 900123" in for_cathy
    assert "Identifying details are held by" not in for_cathy


def test_identifying_details_are_shown_when_the_adult_agrees_to_co_operate(world, personas, client_for):
    case = open_adult_case(world, personas["council_caseworker"], cooperates_with_authorities=True)
    share_safeguarding(client_for("council_caseworker"), case, world.charity)
    assert "Mira Secretova" in case_page(client_for("charity_caseworker"), case).content.decode()


def test_the_consent_form_does_not_name_an_anonymous_adult_to_other_organisations(world, personas, client_for):
    case = open_adult_case(world, personas["council_caseworker"])
    share_safeguarding(client_for("council_caseworker"), case, world.charity)
    page = client_for("charity_caseworker").get(reverse("cases:consent-add", args=[case.pk])).content.decode()
    assert "Potential victim 1" in page
    assert "Mira" not in page


# Access requests


def main_content(response):
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def ask(client, reference):
    return client.post(
        reverse("cases:access-request"), {"reference": reference, "reason": "We support her"}, follow=True
    )


def test_asking_for_access_gives_the_same_answer_whether_or_not_the_case_exists(case, client_for):
    charlie = client_for("charity_caseworker")
    real = ask(charlie, case.reference.lower())
    made_up = ask(charlie, "TF-2026-999999")
    assert real.redirect_chain == made_up.redirect_chain
    assert main_content(real) == main_content(made_up)
    assert "You will not see any details of the case until they do" in real.content.decode()
    assert AccessRequest.objects.get().case == case


def test_an_outsider_cannot_ask_for_a_case_in_another_partnership(case, client_for):
    ask(client_for("outsider"), case.reference)
    assert not AccessRequest.objects.exists()


def test_the_lead_organisation_grants_access_and_the_requester_sees_the_case(case, world, client_for):
    charlie, cathy = client_for("charity_caseworker"), client_for("council_caseworker")
    ask(charlie, case.reference)
    access_request = AccessRequest.objects.get()
    assert case.reference in cathy.get(reverse("cases:access-request-list")).content.decode()

    response = cathy.post(
        reverse("cases:access-request-decide", args=[access_request.pk]),
        {
            "decision": "grant",
            "reason": "They are her advocate",
            "lawful_basis": "safeguarding",
            "basis_explanation": "She is at risk",
        },
    )

    assert response.status_code == 302
    assert case_page(charlie, case).status_code == 200
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.GRANTED
    assert CaseShare.objects.get().organisation == world.charity


def test_the_lead_organisation_refuses_access_with_a_reason(case, client_for):
    charlie, cathy = client_for("charity_caseworker"), client_for("council_caseworker")
    ask(charlie, case.reference)
    access_request = AccessRequest.objects.get()

    empty = cathy.post(reverse("cases:access-request-decide", args=[access_request.pk]), {"decision": "refuse"})
    assert "Enter the reason for your decision" in empty.content.decode()
    cathy.post(
        reverse("cases:access-request-decide", args=[access_request.pk]),
        {"decision": "refuse", "reason": "Not involved with her support"},
    )

    assert case_page(charlie, case).status_code == 404
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.REFUSED
    assert not CaseShare.objects.exists()


def test_the_requester_cannot_decide_their_own_request(case, client_for):
    charlie = client_for("charity_caseworker")
    ask(charlie, case.reference)
    response = charlie.get(reverse("cases:access-request-decide", args=[AccessRequest.objects.get().pk]))
    assert response.status_code == 404


# The lead role


def test_the_lead_organisation_passes_the_lead_role_on(case, world, client_for):
    cathy = client_for("council_caseworker")
    response = cathy.post(reverse("cases:lead-transfer", args=[case.pk]), {"organisation": world.charity.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.lead_organisation == world.charity
    page = case_page(client_for("charity_caseworker"), case).content.decode()
    assert "Lead role passed from Testford Council to Brightway" in page
    assert "Pass the lead role to another organisation" in page


def test_only_the_lead_organisation_or_a_coordinator_passes_the_lead_role_on(case, world, client_for):
    share_safeguarding(client_for("council_caseworker"), case, world.charity)
    response = client_for("charity_caseworker").post(
        reverse("cases:lead-transfer", args=[case.pk]), {"organisation": world.charity.pk}
    )
    assert response.status_code == 403


# Every form, sent empty by someone allowed to use it, comes back with errors and changes nothing


def _kwargs(name, world, personas):
    from waymark.cases.tests.matrix_sharing import EXPECTATIONS

    return EXPECTATIONS[name][1](world, personas)


@pytest.mark.parametrize(
    "name",
    [
        "cases:consent-add",
        "cases:consent-withdraw",
        "cases:share-add",
        "cases:share-revoke",
        "cases:lead-transfer",
        "cases:access-request",
        "cases:access-request-decide",
    ],
)
def test_an_empty_form_is_sent_back_with_errors(name, world, personas, client_for):
    url = reverse(name, kwargs=_kwargs(name, world, personas))
    events = CaseEvent.objects.count()
    response = client_for("council_caseworker").post(url, {})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert CaseEvent.objects.count() == events


@pytest.mark.django_db
def test_sharing_twice_with_the_same_organisation_keeps_one_share(world, personas):
    from waymark.cases import services_sharing
    from waymark.cases.models import CaseShare
    from waymark.cases.tests.factories import open_child_case

    case = open_child_case(world, personas["council_caseworker"])
    kwargs = {
        "case": case,
        "organisation": world.charity,
        "reason": "Advocacy",
        "lawful_basis": "safeguarding",
        "consent": None,
        "by": personas["council_caseworker"],
    }
    services_sharing.share_case(**kwargs)
    with pytest.raises(services_sharing.NoLongerPossible):
        services_sharing.share_case(**kwargs)
    assert CaseShare.objects.filter(case=case, revoked_at__isnull=True).count() == 1
