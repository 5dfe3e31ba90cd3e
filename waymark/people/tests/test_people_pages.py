"""The people pages: a person's record, "Possible matches" from the case page, the coordinators'
review queue, merging and undoing. Forms with errors keep what was typed."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waymark.cases.models import CasePerson
from waymark.core.models import AuditEntry
from waymark.people import services
from waymark.people.models import AlertStatus, MatchAlert, NotSamePerson, Person
from waymark.people.tests.factories import open_case_about, record_person

pytestmark = pytest.mark.django_db

DRITAN = {
    "given_names": "Dritan",
    "family_name": "Krasniqi",
    "aliases": ["Tani"],
    "date_of_birth": date(2010, 3, 4),
    "gender": "male",
    "nationalities": ["Albanian"],
    "languages": ["Albanian", "Italian"],
    "contact": "Text 07700 900456 after school",
}
DRITON = {
    **DRITAN,
    "given_names": "Driton",
    "family_name": "Krasnici",
    "aliases": [],
    "date_of_birth": date(2010, 4, 3),
}


@pytest.fixture
def dritan(world, personas):
    return record_person(world, personas["council_caseworker"], **DRITAN)


@pytest.fixture
def driton_case(world, personas):
    return open_case_about(world, personas["council_caseworker"], **DRITON)


def page_of(response) -> str:
    return response.content.decode()


# A person's page


def test_a_persons_page_shows_their_record_and_is_audited(client_for, dritan):
    response = client_for("council_caseworker").get(reverse("people:person-detail", args=[dritan.pk]))

    page = page_of(response)
    assert '<h1 class="govuk-heading-l">Dritan Krasniqi</h1>' in page
    for shown in ("Tani", "4 March 2010", "Male", "Albanian", "Albanian, Italian", "Phone: 07700 900456"):
        assert shown in page, shown
    assert dritan.case_people.get().case.reference in page
    assert "Testford Council" in page
    entry = AuditEntry.objects.filter(object_type="people.Person", action="view").get()
    assert entry.object_id == str(dritan.pk) and entry.object_repr == f"Person {dritan.pk}"


def test_an_age_estimated_when_the_case_was_opened_is_shown_in_words(world, personas, client_for):
    person = record_person(world, personas["council_caseworker"], given_names="Ana", estimated_age=15)
    page = page_of(client_for("council_caseworker").get(reverse("people:person-detail", args=[person.pk])))
    assert "Not known: thought to be about 15 on " in page


def test_a_merged_records_page_leads_to_the_record_it_was_merged_into(client_for, dritan, driton_case, personas):
    driton = services.person_from_case_person(driton_case.people.get(), personas["council_caseworker"])
    services.merge(dritan, driton, "Same boy", personas["coordinator"])

    response = client_for("council_caseworker").get(reverse("people:person-detail", args=[driton.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("people:person-detail", args=[dritan.pk])
    page = page_of(response)
    assert f"Record {driton.pk} was merged into this record" in page
    assert "Driton Krasnici" in page  # his name is an alias now
    assert "Undo this merge" not in page  # coordinators only


# The case page and "Possible matches"


def test_the_case_page_offers_a_check_for_matches_and_shows_the_link(client_for, dritan, driton_case):
    client = client_for("council_caseworker")
    case_url = reverse("cases:case-detail", args=[driton_case.pk])
    case_person = driton_case.people.get()
    matches_url = reverse("people:case-person-matches", args=[case_person.pk])

    assert f'href="{matches_url}"' in page_of(client.get(case_url))
    assert "Same person as" not in page_of(client.get(case_url))

    page = page_of(client.get(matches_url))
    assert "Possible matches for Driton Krasnici" in page
    assert "Dritan Krasniqi: 99% likely to be the same person" in page
    for line in (
        "Identifier (passport, phone, e-mail or other): the same",
        "Given name: the same name spelt differently",
        "Date of birth: the same, with the day and month swapped",
    ):
        assert line in page, line
    assert "Agrees" in page and "Partly agrees" in page

    response = client.post(reverse("people:case-person-link", args=[case_person.pk]), {"candidate": dritan.pk})

    assert response.status_code == 302 and response["Location"] == case_url + "#people"
    case_person.refresh_from_db()
    assert case_person.person == dritan
    page = page_of(client.get(case_url))
    person_url = reverse("people:person-detail", args=[dritan.pk])
    assert f'Same person as <a class="govuk-link" href="{person_url}">Dritan Krasniqi' in page
    assert "Linked: they are the same person as the record you chose" in page


def test_the_case_page_does_not_offer_matching_to_users_who_may_not_see_who_it_is(world, personas, client_for):
    """The potential victim is an anonymous adult: nothing to match, and no link."""
    case = open_case_about(world, personas["council_caseworker"], anonymous=True, gender="female")
    page = page_of(client_for("council_caseworker").get(reverse("cases:case-detail", args=[case.pk])))
    assert "Check for matches" not in page


def test_the_case_page_runs_the_same_queries_for_one_linked_person_or_five(world, personas, client_for, dritan):
    cathy = personas["council_caseworker"]
    case = dritan.case_people.get().case
    client = client_for("council_caseworker")
    url = reverse("cases:case-detail", args=[case.pk])

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    with_one = queries()
    for n in range(4):
        extra = CasePerson.objects.create(case=case, role="other", given_names=f"Witness {n}")
        services.person_from_case_person(extra, cathy)
    assert queries() == with_one


def test_a_likely_match_and_a_weak_one_are_told_apart(client_for, dritan, driton_case, monkeypatch):
    url = reverse("people:case-person-matches", args=[driton_case.people.get().pk])
    page = page_of(client_for("council_caseworker").get(url))
    assert "Likely match" in page and "Weak match" not in page
    monkeypatch.setattr("waymark.people.views.ALERT_FROM", 0.999999999)
    page = page_of(client_for("council_caseworker").get(url))
    assert "Weak match: check carefully" in page and "Likely match" not in page


def test_linking_without_choosing_a_record_explains_the_problem(client_for, dritan, driton_case):
    case_person = driton_case.people.get()
    response = client_for("council_caseworker").post(reverse("people:case-person-link", args=[case_person.pk]), {})

    assert response.status_code == 400
    page = page_of(response)
    assert "There is a problem" in page and "Select a possible match from the list" in page
    assert "<title>Error: Possible matches" in page
    assert "Dritan Krasniqi: 99% likely" in page  # the list is still there to choose from


def test_not_the_same_person_takes_the_record_off_the_list(client_for, dritan, driton_case):
    client = client_for("council_caseworker")
    case_person = driton_case.people.get()
    matches_url = reverse("people:case-person-matches", args=[case_person.pk])
    client.get(matches_url)

    response = client.post(reverse("people:case-person-not-same", args=[case_person.pk]), {"candidate": dritan.pk})

    assert response.status_code == 302 and response["Location"] == matches_url
    assert NotSamePerson.objects.count() == 1
    page = page_of(client.get(matches_url))
    assert "Dritan Krasniqi" not in page and "No possible matches" in page


def test_coordinators_are_offered_a_merge_from_the_matches_page(client_for, dritan, driton_case):
    case_person = driton_case.people.get()
    url = reverse("people:case-person-matches", args=[case_person.pk])
    assert "Merge the two records" in page_of(client_for("coordinator").get(url))
    assert "Merge the two records" not in page_of(client_for("council_caseworker").get(url))


# The review queue, merging and undoing


@pytest.fixture
def alert(world, personas, dritan, driton_case):
    driton = services.person_from_case_person(driton_case.people.get(), personas["council_caseworker"])
    found = services.candidates_for(driton)
    return services.raise_alerts(driton, found, personas["council_caseworker"])[0]


def test_the_queue_lists_possible_duplicates_best_first(world, personas, client_for, alert):
    """Dritan again, with his birthday one digit out: the batch check proposes him too, less surely."""
    record_person(
        world,
        personas["council_caseworker"],
        **{**DRITAN, "aliases": [], "contact": "", "date_of_birth": date(2010, 3, 14)},
    )
    services.find_duplicates(world.testford)
    later = MatchAlert.objects.exclude(pk=alert.pk)
    assert later.exists() and all(a.score < alert.score for a in later)

    page = page_of(client_for("coordinator").get(reverse("people:review")))

    assert f"{MatchAlert.objects.count()} possible duplicates to review" in page
    positions = [page.index(reverse("people:review-alert", args=[a.pk])) for a in [alert, *later]]
    assert positions[0] == min(positions)
    assert "Found by the duplicate check across the partnership" in page


def test_the_people_section_is_in_the_navigation_for_coordinators_only(client_for):
    link = f'href="{reverse("people:review")}"'
    assert link in page_of(client_for("coordinator").get(reverse("core:home")))
    assert link not in page_of(client_for("council_caseworker").get(reverse("core:home")))


def test_the_alert_page_shows_both_records_side_by_side(client_for, alert):
    page = page_of(client_for("coordinator").get(reverse("people:review-alert", args=[alert.pk])))
    assert "Record 1" in page and "Record 2" in page
    assert "Driton Krasnici" in page and "Dritan Krasniqi" in page
    assert "Date of birth: the same, with the day and month swapped" in page
    assert "Merge" in page and "Not the same person" in page


def test_merging_without_choosing_the_record_to_keep_keeps_the_reason(client_for, alert):
    url = reverse("people:review-alert", args=[alert.pk])
    response = client_for("coordinator").post(
        url, {"reason": "Same phone and school", "first_version": 1, "second_version": 1, "action": "merge"}
    )

    assert response.status_code == 400
    page = page_of(response)
    assert "Select which record should stay" in page
    assert "Same phone and school</textarea>" in page


def test_a_decision_needs_a_reason(client_for, alert):
    url = reverse("people:review-alert", args=[alert.pk])
    response = client_for("coordinator").post(
        url, {"keep": "keep_second", "first_version": 1, "second_version": 1, "action": "merge"}
    )
    assert response.status_code == 400
    assert "Enter why you decided this" in page_of(response)
    assert 'value="keep_second" checked' in page_of(response)


def test_a_coordinator_merges_from_the_queue_and_can_undo_it(client_for, alert, dritan):
    client = client_for("coordinator")
    response = client.post(
        reverse("people:review-alert", args=[alert.pk]),
        {"keep": "keep_second", "reason": "Same phone", "first_version": 1, "second_version": 1, "action": "merge"},
    )

    assert response.status_code == 302 and response["Location"] == reverse("people:person-detail", args=[dritan.pk])
    alert.refresh_from_db()
    assert alert.status == AlertStatus.MERGED
    merged = Person.objects.get(pk=alert.person_id)
    assert merged.merged_into == dritan
    page = page_of(client.get(response["Location"]))
    assert f"Records merged: record {merged.pk} is now part of this record" in page
    undo_url = reverse("people:merge-undo", args=[dritan.merges_in.get().pk])
    assert f'href="{undo_url}"' in page
    assert "Nothing to review" in page_of(client.get(reverse("people:review")))

    assert client.get(undo_url).status_code == 200
    empty = client.post(undo_url, {"version": Person.objects.get(pk=dritan.pk).version})
    assert empty.status_code == 400 and "Enter why you are undoing the merge" in page_of(empty)
    done = client.post(undo_url, {"reason": "Brothers", "version": Person.objects.get(pk=dritan.pk).version})

    assert done.status_code == 302
    merged.refresh_from_db()
    assert merged.merged_into is None
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN  # back in the queue, to decide again


def test_undo_from_a_stale_page_is_a_conflict_and_keeps_the_reason(client_for, alert, dritan, personas):
    client = client_for("coordinator")
    merged = Person.objects.get(pk=alert.person_id)
    merge = services.merge(dritan, merged, "Same", personas["coordinator"])
    stale = Person.objects.get(pk=dritan.pk).version - 1

    response = client.post(reverse("people:merge-undo", args=[merge.pk]), {"reason": "Brothers", "version": stale})

    assert response.status_code == 409
    assert "Someone else changed these records" in page_of(response) and "Brothers</textarea>" in page_of(response)


def test_a_coordinator_says_not_the_same_person_from_the_queue(client_for, alert):
    response = client_for("coordinator").post(
        reverse("people:review-alert", args=[alert.pk]),
        {"reason": "Cousins", "first_version": 1, "second_version": 1, "action": "not_same"},
    )

    assert response.status_code == 302 and response["Location"] == reverse("people:review")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.NOT_SAME
    assert NotSamePerson.objects.get().reason == "Cousins"


def test_a_reviewed_alert_sends_the_coordinator_back_to_the_queue(client_for, alert):
    MatchAlert.objects.filter(pk=alert.pk).update(status=AlertStatus.NOT_SAME)
    response = client_for("coordinator").get(reverse("people:review-alert", args=[alert.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("people:review")
