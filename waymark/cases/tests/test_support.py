"""Support outside the NRM, and feedback from the person supported: who may record it, the checks on
its answers, the conflict check, who sees the person's words, and what reports may use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from waymark.accounts.models import User
from waymark.cases import services_support
from waymark.cases.models import Case, CaseEvent, EventKind, SupportEpisode, SupportFeedback, Task
from waymark.cases.tests.factories import open_child_case
from waymark.core.models import AuditEntry

pytestmark = pytest.mark.django_db

OUTCOMES = "Moved into a refuge in Lowtown and registered with Dr Patel."
WORDS = "Sara listened to me and I felt safe for the first time."


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def _days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def case(world, personas):
    return open_child_case(world, personas["council_caseworker"])


@pytest.fixture
def charity_sees_case(case, world):
    """Brightway is given a task on the case, so it sees it too."""
    Task.objects.create(case=case, code="manual", title="Offer support", owner_organisation=world.charity)
    return case


def _episode(case, by, **fields):
    answers = {
        "advocate": by,
        "person": None,
        "started_on": _days_ago(30),
        "needs": ["accommodation", "healthcare"],
        "services": ["accommodation"],
        **fields,
    }
    return services_support.start_episode(case=case, by=by, **answers)


def _feedback(episode, by, *, consent, words=WORDS):
    return services_support.record_feedback(
        episode=episode,
        by=by,
        given_on=_days_ago(1),
        felt_safe=5,
        felt_listened_to=4,
        got_help_needed=None,
        would_recommend=True,
        in_their_words=words,
        consent_to_use_in_reports=consent,
    )


# Starting support ---------------------------------------------------------------------------------


def test_a_caseworker_starts_support_for_their_organisation(case, personas, client_for):
    cathy = personas["council_caseworker"]
    victim = case.people.get()
    url = reverse("cases:support-episode-add", kwargs={"pk": case.pk})
    page = client_for("council_caseworker").get(url)
    assert page.status_code == 200
    assert "Safe accommodation" in page.content.decode() and "Future-planning support" in page.content.decode()
    response = client_for("council_caseworker").post(
        url,
        {
            "advocate": cathy.pk,
            "person": victim.pk,
            **_date("started_on", _days_ago(10)),
            "needs": ["accommodation", "interpretation", "other"],
            "services": ["interpretation"],
            "outcomes": OUTCOMES,
        },
    )
    assert response.status_code == 302
    episode = SupportEpisode.objects.get()
    assert episode.organisation == cathy.organisation
    assert (episode.advocate, episode.person, episode.created_by) == (cathy, victim, cathy)
    assert episode.needs == ["accommodation", "interpretation", "other"]
    assert episode.started_on == _days_ago(10)
    event = CaseEvent.objects.filter(case=case, kind=EventKind.STATUS).get()
    assert "Support from Testford Council started" in event.summary
    entry = AuditEntry.objects.filter(object_type="cases.SupportEpisode", action="create").get()
    assert entry.detail["needs"] == ["accommodation", "interpretation", "other"]
    # No personal text in the audit trail or the timeline.
    assert OUTCOMES not in str(entry.detail) + entry.object_repr
    assert OUTCOMES not in str(event.detail) + event.summary
    assert "Ana" not in str(entry.detail) + entry.object_repr + event.summary
    detail = client_for("coordinator").get(reverse("cases:case-detail", kwargs={"pk": case.pk})).content.decode()
    assert "Interpretation and translation" in detail and "Cathy Caseworker" in detail


def test_the_advocate_must_be_from_the_users_own_organisation(case, personas, client_for):
    response = client_for("council_caseworker").post(
        reverse("cases:support-episode-add", kwargs={"pk": case.pk}),
        {"advocate": personas["charity_caseworker"].pk, **_date("started_on", _days_ago(3))},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ValueError):
        _episode(case, personas["council_caseworker"], advocate=personas["charity_caseworker"])
    assert not SupportEpisode.objects.exists()


def test_support_cannot_start_in_the_future(case, client_for):
    response = client_for("council_caseworker").post(
        reverse("cases:support-episode-add", kwargs={"pk": case.pk}),
        _date("started_on", timezone.localdate() + timedelta(days=2)),
    )
    assert response.status_code == 400
    assert "Date the support started must be today or in the past" in response.content.decode()
    assert "Error: Start support" in response.content.decode()


def test_an_organisation_that_sees_the_case_starts_its_own_support(charity_sees_case, personas, client_for):
    case = charity_sees_case
    client = client_for("charity_caseworker")
    assert (
        "Start support from Brightway"
        in client.get(reverse("cases:case-detail", kwargs={"pk": case.pk})).content.decode()
    )
    response = client.post(
        reverse("cases:support-episode-add", kwargs={"pk": case.pk}),
        {"advocate": personas["charity_caseworker"].pk, **_date("started_on", _days_ago(2))},
    )
    assert response.status_code == 302
    assert SupportEpisode.objects.get().organisation.name == "Brightway"


def test_a_coordinator_whose_organisation_is_not_involved_may_look_but_not_start(world, personas, client_for):
    # Brightway's own case: the coordinator (at the council) sees it but the council is not involved.
    case = open_child_case(world, personas["charity_caseworker"])
    Task.objects.filter(case=case, owner_organisation=world.council).delete()
    client = client_for("coordinator")
    assert client.get(reverse("cases:case-detail", kwargs={"pk": case.pk})).status_code == 200
    assert client.get(reverse("cases:support-episode-add", kwargs={"pk": case.pk})).status_code == 403


def test_others_cannot_find_the_case_or_its_support(case, personas, client_for):
    episode = _episode(case, personas["council_caseworker"])
    for persona in ("intelligence_officer", "outsider", "grants_officer"):
        client = client_for(persona)
        kwargs = {"pk": case.pk, "episode_pk": episode.pk}
        assert client.get(reverse("cases:support-episode", kwargs=kwargs)).status_code == 404
        assert client.post(reverse("cases:support-feedback-add", kwargs=kwargs)).status_code == 404


def test_an_episode_is_not_found_through_another_case(case, world, personas, client_for):
    episode = _episode(case, personas["council_caseworker"])
    other = open_child_case(world, personas["council_caseworker"])
    url = reverse("cases:support-episode", kwargs={"pk": other.pk, "episode_pk": episode.pk})
    assert client_for("council_caseworker").get(url).status_code == 404


# Changing and ending --------------------------------------------------------------------------


def test_only_the_supporting_organisation_changes_ends_or_records_feedback(charity_sees_case, personas, client_for):
    case = charity_sees_case
    episode = _episode(case, personas["council_caseworker"])
    client = client_for("charity_caseworker")
    kwargs = {"pk": case.pk, "episode_pk": episode.pk}
    page = client.get(reverse("cases:support-episode", kwargs=kwargs))
    assert page.status_code == 200
    assert "Record feedback" not in page.content.decode()
    for name in ("support-episode-edit", "support-episode-end", "support-feedback-add"):
        assert client.get(reverse(f"cases:{name}", kwargs=kwargs)).status_code == 403
        assert client.post(reverse(f"cases:{name}", kwargs=kwargs), {"version": 1}).status_code == 403
    with pytest.raises(PermissionDenied):
        services_support.end_episode(
            episode=episode, by=personas["charity_caseworker"], expected_version=1, ended_on=_days_ago(1), outcomes=""
        )
    with pytest.raises(PermissionDenied):
        _feedback(episode, personas["charity_caseworker"], consent=True)


def test_ending_support(case, personas, client_for):
    episode = _episode(case, personas["council_caseworker"])
    url = reverse("cases:support-episode-end", kwargs={"pk": case.pk, "episode_pk": episode.pk})
    client = client_for("council_caseworker")
    before_start = client.post(url, {"version": 1, **_date("ended_on", _days_ago(31))})
    assert before_start.status_code == 400
    assert "Date the support ended must be the same as or after the date the support started" in (
        before_start.content.decode()
    )
    future = client.post(url, {"version": 1, **_date("ended_on", timezone.localdate() + timedelta(days=1))})
    assert future.status_code == 400
    assert "must be today or in the past" in future.content.decode()
    response = client.post(url, {"version": 1, **_date("ended_on", _days_ago(1)), "outcomes": OUTCOMES})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.ended_on, episode.outcomes, episode.version) == (_days_ago(1), OUTCOMES, 2)
    event = CaseEvent.objects.filter(case=case, summary__contains="ended").get()
    assert OUTCOMES not in str(event.detail)
    entry = AuditEntry.objects.filter(object_type="cases.SupportEpisode", action="update").get()
    assert OUTCOMES not in str(entry.detail) and entry.detail["outcomes_recorded"] is True


def test_changing_support_checks_dates(case, personas, client_for):
    episode = _episode(case, personas["council_caseworker"])
    url = reverse("cases:support-episode-edit", kwargs={"pk": case.pk, "episode_pk": episode.pk})
    client = client_for("council_caseworker")
    page = client.get(url).content.decode()
    assert 'value="accommodation" checked' in page
    response = client.post(
        url, {"version": 1, **_date("started_on", _days_ago(5)), **_date("ended_on", _days_ago(6)), "needs": ["legal"]}
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {
            "version": 1,
            "advocate": "",
            **_date("started_on", _days_ago(5)),
            "needs": ["legal"],
            "services": ["legal", "transport"],
        },
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.advocate, episode.needs, episode.services, episode.version) == (
        None,
        ["legal"],
        ["legal", "transport"],
        2,
    )


def test_a_stale_form_gets_a_conflict_and_keeps_the_input(case, personas, client_for):
    cathy = personas["council_caseworker"]
    episode = _episode(case, cathy)
    # Someone else at the council saves first.
    services_support.update_episode(
        episode=SupportEpisode.objects.get(pk=episode.pk),
        by=personas["coordinator"],
        expected_version=1,
        advocate=cathy,
        person=None,
        started_on=_days_ago(30),
        ended_on=None,
        needs=["financial"],
        services=["financial"],
        outcomes="",
    )
    url = reverse("cases:support-episode-edit", kwargs={"pk": case.pk, "episode_pk": episode.pk})
    typed = "Found a college place for her brother."
    response = client_for("council_caseworker").post(
        url, {"version": 1, **_date("started_on", _days_ago(30)), "needs": ["education"], "outcomes": typed}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this support episode" in page
    assert typed in page  # their input is kept
    assert 'value="education" checked' in page
    assert "The support episode as it is now" in page and "Financial support" in page
    assert 'name="version" value="2"' in page
    episode.refresh_from_db()
    assert (episode.needs, episode.outcomes) == (["financial"], "")
    end = reverse("cases:support-episode-end", kwargs={"pk": case.pk, "episode_pk": episode.pk})
    assert (
        client_for("council_caseworker").post(end, {"version": 1, **_date("ended_on", _days_ago(1))}).status_code == 409
    )
    with pytest.raises(services_support.StaleSupportEpisode):
        services_support.end_episode(episode=episode, by=cathy, expected_version=1, ended_on=_days_ago(1), outcomes="")


# Feedback -------------------------------------------------------------------------------------


def test_the_feedback_form_asks_in_words_and_explains_consent(case, personas, client_for):
    episode = _episode(case, personas["council_caseworker"])
    url = reverse("cases:support-feedback-add", kwargs={"pk": case.pk, "episode_pk": episode.pk})
    page = client_for("council_caseworker").get(url).content.decode()
    for words in ("Not at all", "A little", "Somewhat", "Mostly", "Completely"):
        assert words in page
    assert 'name="felt_safe" type="radio" value="5"' in page
    assert "Have they agreed that their words may be used in partnership reports?" in page
    assert "quoted anonymously in the partnership" in page


def test_recording_feedback(case, personas, client_for):
    episode = _episode(case, personas["council_caseworker"])
    url = reverse("cases:support-feedback-add", kwargs={"pk": case.pk, "episode_pk": episode.pk})
    client = client_for("council_caseworker")
    empty = client.post(url, {})
    assert empty.status_code == 400
    page = empty.content.decode()
    assert "Select whether they have agreed that their words may be used in reports" in page
    assert "Enter the date they gave this feedback" in page
    bad = client.post(url, {**_date("given_on", _days_ago(2)), "felt_safe": "7"})
    assert bad.status_code == 400
    response = client.post(
        url,
        {
            **_date("given_on", _days_ago(2)),
            "felt_safe": "5",
            "felt_listened_to": "3",
            "got_help_needed": "none",
            "would_recommend": "yes",
            "in_their_words": WORDS,
            "consent_to_use_in_reports": "no",
        },
    )
    assert response.status_code == 302
    feedback = SupportFeedback.objects.get()
    assert (feedback.felt_safe, feedback.felt_listened_to, feedback.got_help_needed) == (5, 3, None)
    assert (feedback.would_recommend, feedback.consent_to_use_in_reports) == (True, False)
    assert feedback.recorded_by == personas["council_caseworker"]
    entry = AuditEntry.objects.filter(object_type="cases.SupportFeedback").get()
    assert WORDS not in str(entry.detail) and entry.detail["words_recorded"] is True
    event = CaseEvent.objects.filter(case=case, summary__contains="Feedback").get()
    assert WORDS not in str(event.detail) + event.summary


def test_feedback_before_support_started_is_refused(case, personas, client_for):
    episode = _episode(case, personas["council_caseworker"])
    url = reverse("cases:support-feedback-add", kwargs={"pk": case.pk, "episode_pk": episode.pk})
    response = client_for("council_caseworker").post(
        url,
        {
            **_date("given_on", _days_ago(40)),
            "felt_safe": "5",
            "felt_listened_to": "5",
            "got_help_needed": "5",
            "would_recommend": "none",
            "consent_to_use_in_reports": "yes",
        },
    )
    assert response.status_code == 400
    assert not SupportFeedback.objects.exists()


def test_their_words_are_seen_only_by_the_supporting_organisation_without_consent(
    charity_sees_case, personas, client_for
):
    case = charity_sees_case
    episode = _episode(case, personas["council_caseworker"])
    _feedback(episode, personas["council_caseworker"], consent=False)
    url = reverse("cases:support-episode", kwargs={"pk": case.pk, "episode_pk": episode.pk})
    assert WORDS in client_for("council_caseworker").get(url).content.decode()
    charity_page = client_for("charity_caseworker").get(url).content.decode()
    assert WORDS not in charity_page
    assert "Seen only by Testford Council" in charity_page
    assert "Completely" in charity_page  # ratings are seen by all who see the case
    assert (
        WORDS
        not in client_for("charity_caseworker")
        .get(reverse("cases:case-detail", kwargs={"pk": case.pk}))
        .content.decode()
    )
    SupportFeedback.objects.update(consent_to_use_in_reports=True)
    assert WORDS in client_for("charity_caseworker").get(url).content.decode()


# For reports ----------------------------------------------------------------------------------


def test_feedback_for_reports_is_only_what_was_agreed(world, personas):
    cathy = personas["council_caseworker"]
    episode = _episode(open_child_case(world, cathy), cathy)
    agreed = _feedback(episode, cathy, consent=True)
    _feedback(episode, cathy, consent=False, words="Please do not quote me.")
    # Feedback in another partnership is never included.
    olive = User.objects.create_user("olive@otherton.example", "x", full_name="Olive", organisation=world.other_council)
    other_case = open_child_case(world, cathy)
    Case.objects.filter(pk=other_case.pk).update(partnership=world.otherton)
    other_case.refresh_from_db()
    elsewhere = services_support.start_episode(
        case=other_case, by=olive, advocate=None, person=None, started_on=_days_ago(5), needs=[], services=[]
    )
    _feedback(elsewhere, olive, consent=True)

    assert list(services_support.feedback_for_reports(world.testford)) == [agreed]
    # A county partnership's reports include the local partnerships below it.
    assert list(services_support.feedback_for_reports(world.county)) == [agreed]
    assert [f.in_their_words for f in services_support.feedback_for_reports(world.otherton)] == [WORDS]
    # Once the case is anonymised its feedback is no longer offered for reports.
    Case.objects.filter(pk=other_case.pk).update(anonymised_at=timezone.now())
    assert not services_support.feedback_for_reports(world.otherton).exists()
