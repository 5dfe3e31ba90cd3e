"""Closing and reopening a case: Cathy (Testford Council, the lead) and Carol (the coordinator) close
it with an outcome and reopen it with a reason; Charlie (Brightway) sees it through a share but may
not; a stale form is refused with the user's input kept, never silently overwriting a change."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from waymark.cases import retention, services_closing
from waymark.cases.models import (
    Case,
    CaseEvent,
    CaseOutcome,
    CaseShare,
    CaseStatus,
    EventKind,
    LawfulBasis,
    Task,
    TaskStatus,
)
from waymark.cases.tests.factories import open_child_case
from waymark.core.models import AuditEntry

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else changed this case while you were working on it. Check the case below, then try again."


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def case(world, personas):
    case = open_child_case(world, personas["council_caseworker"])
    Case.objects.filter(pk=case.pk).update(lead_organisation=world.council, status=CaseStatus.OPEN)
    CaseShare.objects.create(
        case=case,
        organisation=world.charity,
        reason="Safe house",
        lawful_basis=LawfulBasis.SAFEGUARDING,
        shared_by=personas["council_caseworker"],
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def finished(case):
    """The case with every task done."""
    Task.objects.filter(case=case).update(status=TaskStatus.DONE)
    return case


def close(client, case, **data):
    return client.post(
        reverse("cases:case-close", args=[case.pk]),
        {"version": case.version, "outcome": "supported", "reason": "Settled with her aunt.", **data},
    )


def closed(case, by):
    Task.objects.filter(case=case).update(status=TaskStatus.DONE)
    case.refresh_from_db()
    return services_closing.close_case(
        case=case, version=case.version, outcome=CaseOutcome.SUPPORTED, reason="Settled with her aunt.", by=by
    )


def test_the_lead_organisation_closes_a_case_with_its_outcome(finished, client_for, personas):
    response = close(client_for("council_caseworker"), finished)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case-detail", args=[finished.pk]) + "#closing"
    case = Case.objects.get(pk=finished.pk)
    assert case.status == CaseStatus.CLOSED
    assert case.outcome == CaseOutcome.SUPPORTED
    assert case.closed_reason == "Settled with her aunt."
    assert case.closed_at is not None
    assert case.version == finished.version + 1
    event = case.events.get(kind=EventKind.STATUS)
    assert event.summary == "Case closed: Supported and safe"
    assert event.actor == personas["council_caseworker"]
    entry = AuditEntry.objects.filter(object_type="cases.Case", object_id=str(case.pk), action="update").latest(
        "sequence"
    )
    assert entry.detail["status"] == ["open", "closed"]
    assert entry.detail["outcome"] == "supported"
    assert "aunt" not in str(entry.detail)  # the reason stays on the case, out of the trail


def test_the_coordinator_may_close_a_case(finished, client_for):
    assert close(client_for("coordinator"), finished).status_code == 302
    assert Case.objects.get(pk=finished.pk).status == CaseStatus.CLOSED


def test_closing_needs_an_outcome_and_a_reason(finished, client_for):
    response = close(client_for("council_caseworker"), finished, outcome="", reason="  ")
    assert response.status_code == 400
    text = page_text(response)
    assert "Select the outcome of the case" in text
    assert "Enter why you are closing the case" in text
    assert Case.objects.get(pk=finished.pk).status == CaseStatus.OPEN


def test_closing_with_unfinished_tasks_warns_and_asks_for_confirmation(case, client_for):
    client = client_for("council_caseworker")
    unfinished = case.tasks.unfinished().count()
    assert unfinished
    page = page_text(client.get(reverse("cases:case-close", args=[case.pk])))
    assert "not finished" in page
    assert "Close the case with these tasks unfinished" in page

    response = close(client, case)
    assert response.status_code == 400
    assert "Confirm that you want to close the case anyway" in page_text(response)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN

    response = close(client, case, confirm_unfinished_tasks="on")
    assert response.status_code == 302
    closed_case = Case.objects.get(pk=case.pk)
    assert closed_case.status == CaseStatus.CLOSED
    assert closed_case.tasks.unfinished().count() == unfinished  # the tasks are left as they are
    assert f"{unfinished} unfinished task" in closed_case.events.get(kind=EventKind.STATUS).summary


def test_a_stale_close_is_refused_with_the_input_kept(finished, client_for):
    Case.objects.filter(pk=finished.pk).update(version=finished.version + 1)  # someone else changed it
    response = close(client_for("council_caseworker"), finished, reason="Moved to Leeds with family.")
    assert response.status_code == 409
    text = page_text(response)
    assert CONFLICT in text
    assert "Moved to Leeds with family." in text
    assert f'name="version" value="{finished.version + 1}"' in text  # trying again is judged afresh
    assert Case.objects.get(pk=finished.pk).status == CaseStatus.OPEN


def test_two_people_closing_at_once_the_second_gets_the_conflict(finished, client_for):
    first = close(client_for("council_caseworker"), finished)
    second = close(client_for("coordinator"), finished, outcome="lost_contact", reason="No reply.")
    assert first.status_code == 302
    assert second.status_code == 409
    assert "No reply." in page_text(second)
    case = Case.objects.get(pk=finished.pk)
    assert case.outcome == CaseOutcome.SUPPORTED
    # Sending it again, now against the case as it is, is refused because it is closed already.
    again = client_for("coordinator").post(
        reverse("cases:case-close", args=[case.pk]),
        {"version": case.version, "outcome": "lost_contact", "reason": "No reply."},
    )
    assert again.status_code == 400
    assert "You cannot close a case that is closed" in page_text(again)


def test_a_close_started_before_the_lead_role_passed_on_gets_the_conflict(finished, world, client_for):
    shown_version = finished.version  # the coordinator opens the close form
    moved = client_for("council_caseworker").post(
        reverse("cases:lead-transfer", args=[finished.pk]), {"organisation": world.charity.pk}
    )
    assert moved.status_code == 302
    response = close(client_for("coordinator"), finished, reason="Moved to Leeds with family.")
    assert response.status_code == 409
    assert CONFLICT in page_text(response)
    assert "Moved to Leeds with family." in page_text(response)
    case = Case.objects.get(pk=finished.pk)
    assert case.version == shown_version + 1
    assert case.status == CaseStatus.OPEN


def test_a_partner_that_sees_the_case_may_not_close_it_and_an_outsider_cannot_find_it(finished, client_for):
    assert close(client_for("charity_caseworker"), finished).status_code == 403
    assert close(client_for("outsider"), finished).status_code == 404
    assert close(client_for("intelligence_officer"), finished).status_code == 404
    assert Case.objects.get(pk=finished.pk).status == CaseStatus.OPEN


def test_the_close_page_of_a_closed_case_goes_back_to_the_case(case, client_for, personas):
    closed(case, personas["council_caseworker"])
    response = client_for("council_caseworker").get(reverse("cases:case-close", args=[case.pk]))
    assert response.status_code == 302


def test_the_lead_organisation_reopens_a_case_with_a_reason(case, client_for, personas):
    case = closed(case, personas["council_caseworker"])
    response = client_for("council_caseworker").post(
        reverse("cases:case-reopen", args=[case.pk]), {"version": case.version, "reason": "She came back to us."}
    )
    assert response.status_code == 302
    reopened = Case.objects.get(pk=case.pk)
    assert reopened.status == CaseStatus.OPEN
    assert reopened.closed_at is None
    assert reopened.outcome == ""
    assert reopened.closed_reason == ""
    assert reopened.version == case.version + 1
    assert reopened.events.filter(kind=EventKind.STATUS, summary="Case reopened: She came back to us.").exists()
    entry = AuditEntry.objects.filter(object_type="cases.Case", object_id=str(case.pk)).latest("sequence")
    assert entry.detail == {"status": ["closed", "open"], "outcome_was": "supported"}


def test_reopening_needs_a_reason(case, client_for, personas):
    case = closed(case, personas["council_caseworker"])
    response = client_for("coordinator").post(
        reverse("cases:case-reopen", args=[case.pk]), {"version": case.version, "reason": ""}
    )
    assert response.status_code == 400
    assert "Enter why you are reopening the case" in page_text(response)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_a_stale_reopen_is_refused_with_the_input_kept(case, client_for, personas):
    case = closed(case, personas["council_caseworker"])
    Case.objects.filter(pk=case.pk).update(version=case.version + 1)
    response = client_for("council_caseworker").post(
        reverse("cases:case-reopen", args=[case.pk]), {"version": case.version, "reason": "She came back to us."}
    )
    assert response.status_code == 409
    text = page_text(response)
    assert CONFLICT in text
    assert "She came back to us." in text
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_a_partner_may_not_reopen(case, client_for, personas):
    case = closed(case, personas["council_caseworker"])
    url = reverse("cases:case-reopen", args=[case.pk])
    assert client_for("charity_caseworker").post(url, {"version": case.version, "reason": "x"}).status_code == 403
    assert client_for("outsider").post(url, {"version": case.version, "reason": "x"}).status_code == 404


def test_a_case_closed_in_triage_goes_back_to_triage_when_reopened(world, personas):
    case = open_child_case(world, personas["council_caseworker"])
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now(), lead_organisation=None)
    case.refresh_from_db()
    carol = personas["coordinator"]
    assert services_closing.may_close_or_reopen(carol, case)
    assert not services_closing.may_close_or_reopen(personas["charity_caseworker"], case)
    reopened = services_closing.reopen_case(case=case, version=case.version, reason="Wrongly closed", by=carol)
    assert reopened.status == CaseStatus.TRIAGE


def test_an_anonymised_case_cannot_be_reopened(case, client_for, personas):
    case = closed(case, personas["council_caseworker"])
    Case.objects.filter(pk=case.pk).update(anonymised_at=timezone.now())
    client = client_for("coordinator")
    url = reverse("cases:case-reopen", args=[case.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, {"version": case.version, "reason": "Wanted"})
    assert response.status_code == 400
    assert "anonymised" in page_text(response)


def test_the_case_page_offers_closing_only_to_those_who_may(finished, client_for):
    url = reverse("cases:case-detail", args=[finished.pk])
    close_url = reverse("cases:case-close", args=[finished.pk])
    assert close_url in page_text(client_for("council_caseworker").get(url))
    assert close_url in page_text(client_for("coordinator").get(url))
    assert close_url not in page_text(client_for("charity_caseworker").get(url))


def test_the_case_page_of_a_closed_case_shows_its_outcome_and_review_date(case, client_for, personas):
    case = closed(case, personas["council_caseworker"])
    text = page_text(client_for("council_caseworker").get(reverse("cases:case-detail", args=[case.pk])))
    assert "Supported and safe" in text
    assert "Settled with her aunt." in text
    due_on = retention.review_due_on(case.closed_at)
    assert f"Due for review on {due_on.day} {due_on:%B} {due_on.year}" in text
    assert reverse("cases:case-reopen", args=[case.pk]) in text
    assert CaseEvent.objects.filter(case=case, kind=EventKind.STATUS).count() == 1
