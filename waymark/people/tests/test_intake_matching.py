"""Matching when a concern is submitted: each person named on the new case gets a person record and
is looked for among the people already recorded in the partnership. The confirmation page says how
many possible matches the submitter may open, or which organisation holds one they may not see
(and the coordinator gets an alert); never who they are. Matching going wrong never loses the
concern."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.urls import reverse

from waymark.cases.models import Case, CasePerson
from waymark.cases.tests.test_report_journey import CHILD_ANSWERS, answer, start_draft
from waymark.cases.views_report import _and
from waymark.people import services
from waymark.people.models import AlertSource, AlertStatus, MatchAlert, Person
from waymark.people.tests.factories import record_person

pytestmark = pytest.mark.django_db

# One Sudanese boy, written down twice: his name transliterated differently, day and month swapped.
ALREADY_RECORDED = {
    "given_names": "Muhammad",
    "family_name": "Osman",
    "date_of_birth": date(2012, 11, 5),
    "gender": "male",
    "nationalities": ["Sudanese"],
}
MOHAMMED = {
    "given_names": "Mohammed",
    "family_name": "Othman",
    "gender": "male",
    "nationalities": "Sudanese",
    "date_of_birth_0": "11",
    "date_of_birth_1": "5",
    "date_of_birth_2": "2012",
}
CHECK = "Check the possible matches"


def about(person: dict[str, str]) -> list[tuple[str, dict]]:
    """The child's concern in the report journey tests, about `person`, with no exploiter named."""
    steps = [(slug, person if slug == "person" else data) for slug, data in CHILD_ANSWERS]
    return [(slug, {} if slug == "exploiters" else data) for slug, data in steps]


def submit(client, steps) -> tuple[Case, str]:
    """Answer the questions, submit, and return the new case and the confirmation page."""
    draft = start_draft(client)
    answer(client, draft, steps)
    response = client.post(reverse("cases:report-check", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert response.redirect_chain == [(reverse("cases:report-done", args=[draft.case_id]), 302)]
    page = response.content.decode()
    assert "Concern submitted" in page
    return Case.objects.get(pk=draft.case_id), page


@pytest.fixture
def recorded(world, personas):
    """Muhammad Osman, recorded by Testford Council on a case of its own."""
    return record_person(world, personas["council_caseworker"], **ALREADY_RECORDED)


def test_a_concern_about_someone_already_recorded_says_so_and_links_to_the_match(client_for, recorded, personas):
    client = client_for("council_caseworker")

    case, page = submit(client, about(MOHAMMED))

    victim = case.people.get()
    assert victim.person is not None and victim.person != recorded
    assert victim.person.created_by == personas["council_caseworker"]
    assert "We found 1 possible match for Mohammed Othman in the partnership." in page
    matches_url = reverse("people:case-person-matches", args=[victim.pk])
    assert f'<a class="govuk-link" href="{matches_url}">{CHECK}' in page
    assert "govuk-inset-text" in page
    # Nothing about the match itself on the confirmation page.
    for secret in ("Muhammad", "Osman", "5 November 2012", recorded.case_people.get().case.reference, "likely"):
        assert secret not in page, secret
    assert not MatchAlert.objects.exists()  # the council may see its own record: nothing to review

    matches = client.get(matches_url).content.decode()
    assert "Muhammad Osman: 99% likely to be the same person" in matches
    assert "Date of birth: the same, with the day and month swapped" in matches

    # Looking at the confirmation again says the same; matching does not run twice.
    again = client.get(reverse("cases:report-done", args=[case.pk])).content.decode()
    assert "We found 1 possible match for Mohammed Othman" in again
    assert Person.objects.count() == 2


def test_a_concern_about_someone_new_shows_nothing_but_records_them(client_for, recorded):
    case, page = submit(client_for("council_caseworker"), about(dict(CHILD_ANSWERS)["person"]))

    assert case.people.get().person is not None
    assert "Possible matches" not in page and CHECK not in page and "held by" not in page
    assert not MatchAlert.objects.exists()


def test_an_exploiter_named_on_the_concern_is_recorded_too(client_for):
    case, _ = submit(client_for("council_caseworker"), CHILD_ANSWERS)
    assert case.people.get(role="exploiter").person is not None
    assert Person.objects.count() == 2


def test_an_anonymous_adult_gets_no_person_record_and_the_page_says_nothing(client_for, recorded):
    steps = [
        ("danger", {"immediate_danger": "no"}),
        ("age", {"under_18": "no"}),
        ("exploited-as-child", {"under_18_during_exploitation": "no"}),
        ("where", {"nation": "england", "area": "Testford"}),
        ("consent", {"consents_to_nrm": "no"}),
        ("care-needs", {"care_and_support_needs": "no"}),
        ("co-operation", {"cooperates_with_authorities": "no"}),
        ("person-anonymous", {"gender": "male", "nationalities": "Sudanese"}),
        ("indicators", {"signs": ["signs-reluctance"]}),
        ("exploitation", {"types": ["forced-to-work"]}),
        ("what-happened", {"what_happened": "Works in a car wash for no pay.", "exploitation_location": "uk"}),
        ("exploiters", {"description": "A man in a white van collects him."}),
    ]

    case, page = submit(client_for("council_caseworker"), steps)

    assert case.people.get(role="potential_victim").anonymous
    assert not CasePerson.objects.filter(case=case, person__isnull=False).exists()
    assert Person.objects.count() == 1  # only the record there already
    assert "Possible matches" not in page and CHECK not in page and "held by" not in page
    assert not MatchAlert.objects.exists()


def test_a_match_the_submitter_may_not_see_names_only_who_holds_it_and_alerts_the_coordinator(
    world, client_for, personas, recorded
):
    """Brightway cannot see the council's case: it is told who holds the record, and no more."""
    case, page = submit(client_for("charity_caseworker"), about(MOHAMMED))

    assert (
        "A possible match for Mohammed Othman is held by Testford Council. The partnership coordinator has been told."
        in page
    )
    assert CHECK not in page
    for secret in ("Muhammad", "Osman", "5 November 2012", recorded.case_people.get().case.reference, "likely"):
        assert secret not in page, secret
    alert = MatchAlert.objects.get()
    assert alert.source == AlertSource.INTAKE and alert.status == AlertStatus.OPEN
    assert alert.partnership == world.testford
    assert alert.person == case.people.get().person and alert.candidate == recorded
    assert alert.raised_by == personas["charity_caseworker"]

    # Opening "Check for matches" on the case later raises nothing new.
    client_for("charity_caseworker").get(reverse("people:case-person-matches", args=[case.people.get().pk]))
    assert MatchAlert.objects.count() == 1


def test_a_failure_in_matching_keeps_the_concern_and_is_logged(client_for, recorded, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the search is down")

    monkeypatch.setattr(services, "candidates_for", broken)

    with caplog.at_level(logging.ERROR, logger="waymark.people.intake"):
        case, page = submit(client_for("council_caseworker"), about(MOHAMMED))

    assert case.people.get().given_names == "Mohammed"
    assert case.tasks.filter(code="nrm_referral").exists()
    assert case.reference in page and "What happens next" in page
    assert "Possible matches" not in page and CHECK not in page
    (record,) = [r for r in caplog.records if r.name == "waymark.people.intake"]
    assert record.levelno == logging.ERROR and record.exc_info and record.exc_info[0] is RuntimeError
    assert record.case == case.pk and record.case_person == case.people.get().pk  # ids, never names
    assert "Mohammed" not in record.getMessage()
    # That person's matching was rolled back whole; "Check for matches" does it again later.
    assert case.people.get().person is None
    assert Person.objects.count() == 1


def test_several_organisations_are_named_in_words():
    assert _and(["Testford Council"]) == "Testford Council"
    assert _and(["Testford Council", "Brightway"]) == "Testford Council and Brightway"
    assert _and(["A", "B", "C"]) == "A, B and C"
