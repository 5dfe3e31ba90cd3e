"""The retention rule (a closed case is due for review CASE_RETENTION_YEARS years after closing), the
coordinators' review page, and the command that anonymises due cases, logged and idempotent."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from waymark.cases import retention
from waymark.cases.models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseNote,
    CaseOutcome,
    CasePerson,
    CaseStatus,
    ConcernDraft,
    ConsentPurpose,
    ConsentRecord,
    EventKind,
    PublicReport,
    Task,
    TaskStatus,
)
from waymark.cases.tests.factories import open_child_case
from waymark.core.audit import verify_chain
from waymark.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))


def years_ago(years: int, days: int = 0) -> datetime:
    """Noon on the day `years` years (and `days` days) before today."""
    today = timezone.localdate()
    day = 28 if (today.month, today.day) == (2, 29) else today.day
    return at(date(today.year - years, today.month, day) - timedelta(days=days))


def close(case: Case, closed_at: datetime, **fields) -> Case:
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED,
        closed_at=closed_at,
        outcome=CaseOutcome.SUPPORTED,
        closed_reason="Settled with her aunt Maria in Leeds.",
        **fields,
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def cathy(personas):
    return personas["council_caseworker"]


# The rule


def test_a_case_is_due_for_review_six_years_after_closing(world, cathy):
    due = close(open_child_case(world, cathy), years_ago(6))
    not_yet = close(open_child_case(world, cathy), years_ago(6, days=-1))
    still_open = open_child_case(world, cathy)
    assert set(retention.due_for_review()) == {due}
    assert retention.is_due_for_review(due)
    assert not retention.is_due_for_review(not_yet)
    assert not retention.is_due_for_review(still_open)


def test_an_anonymised_case_is_no_longer_due(world, cathy):
    close(open_child_case(world, cathy), years_ago(7), anonymised_at=timezone.now())
    assert not retention.due_for_review().exists()


def test_the_retention_period_is_configurable(world, cathy, settings):
    case = close(open_child_case(world, cathy), years_ago(2, days=1))
    assert not retention.due_for_review().exists()
    settings.CASE_RETENTION_YEARS = 2
    assert list(retention.due_for_review()) == [case]
    assert retention.review_due_on(case.closed_at) == timezone.localdate(case.closed_at).replace(
        year=case.closed_at.year + 2
    )


def test_a_case_closed_on_29_february_is_due_on_28_february_of_a_common_year(world, cathy):
    case = close(open_child_case(world, cathy), at(date(2020, 2, 29)))
    assert retention.review_due_on(case.closed_at) == date(2026, 2, 28)
    assert list(retention.due_for_review(date(2026, 2, 28))) == [case]
    assert not retention.due_for_review(date(2026, 2, 27)).exists()
    assert retention.last_closing_day_due(date(2026, 2, 28)) == date(2020, 2, 29)
    assert retention.last_closing_day_due(date(2026, 3, 1)) == date(2020, 3, 1)


# The review page


def test_coordinators_see_their_partnerships_cases_due_for_review(world, cathy, client_for):
    due = close(open_child_case(world, cathy), years_ago(6, days=3))
    close(open_child_case(world, cathy), years_ago(1))
    response = client_for("coordinator").get(reverse("cases:retention-review"))
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert text.count(reverse("cases:case-detail", args=[due.pk]) + '"') == 1
    assert due.reference in text
    outsider = html.unescape(client_for("outsider").get(reverse("cases:retention-review")).content.decode())
    assert due.reference not in outsider
    assert "No cases are due for review." in outsider
    assert client_for("council_caseworker").get(reverse("cases:retention-review")).status_code == 403
    viewed = AuditEntry.objects.filter(action="view", object_type="cases.Case").latest("sequence")
    assert viewed.detail == {"ids": [str(due.pk)]}


def test_the_review_page_is_paginated(world, cathy, client_for, monkeypatch):
    from waymark.cases import views_closing

    monkeypatch.setattr(views_closing, "PER_PAGE", 2)
    cases = [close(open_child_case(world, cathy), years_ago(6, days=n + 1)) for n in range(3)]
    client = client_for("coordinator")
    first = client.get(reverse("cases:retention-review")).content.decode()
    second = client.get(reverse("cases:retention-review") + "?page=2").content.decode()
    # The longest closed first.
    assert cases[2].reference in first and cases[1].reference in first and cases[0].reference not in first
    assert cases[0].reference in second
    assert "govuk-pagination" in first


# Anonymising


@pytest.fixture
def due_case(world, cathy, personas):
    """A case closed over six years ago, with something in every kind of record that names people."""
    case = open_child_case(
        world,
        cathy,
        exploitation_types=["forced-to-work", "prostitution"],
        locations=["14 Mill Lane, Testford"],
        when_exploited="Since her cousin's wedding",
    )
    person = case.people.get()
    CasePerson.objects.filter(pk=person.pk).update(
        aliases=["Annie"], date_of_birth=date(2010, 5, 1), contact="07700 900123", description="Scar on left hand"
    )
    person.refresh_from_db()
    person.family_name = "Testova-Smith"
    person.save()  # a second history record, naming her too
    task = case.tasks.first()
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE, outcome="Placed with her aunt Maria")
    CaseNote.objects.create(case=case, author=cathy, organisation=world.council, text="Ana phoned from 07700 900123")
    document = CaseDocument(
        case=case,
        uploaded_by=cathy,
        organisation=world.council,
        original_name="ana-testova-passport.pdf",
        content_type="application/pdf",
        size=9,
        sha256="a" * 64,
        description="Ana's passport",
    )
    document.file.save("ana.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    ConsentRecord.objects.create(
        case=case,
        person=person,
        purpose=ConsentPurpose.NRM_REFERRAL,
        given_on=date(2019, 1, 2),
        how="Verbally, with her aunt Maria interpreting",
        recorded_by=cathy,
    )
    PublicReport.objects.create(
        partnership=world.testford,
        what_seen="A girl, Ana, at the car wash",
        where="Mill Lane",
        contact_name="Pat Neighbour",
        contact_phone="07700 900999",
        contact_email="pat@example.com",
        sender_hash="b" * 64,
        case=case,
    )
    ConcernDraft.objects.create(created_by=cathy, partnership=world.testford, answers={"given_names": "Ana"}, case=case)
    closed = close(case, years_ago(6, days=10), lead_organisation=world.council)
    yield closed
    storage = CaseDocument._meta.get_field("file").storage
    if storage.exists(document.file.name):
        storage.delete(document.file.name)


def run(*args: str) -> str:
    out = StringIO()
    call_command("anonymise_due_cases", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_due_cases_and_changes_nothing_without_apply(due_case):
    output = run()
    assert "1 case closed 6 years ago or more and due for review." in output
    assert due_case.reference in output
    assert "--apply" in output
    assert Case.objects.get(pk=due_case.pk).anonymised_at is None
    assert CasePerson.objects.get(case=due_case).given_names == "Ana"


def test_the_command_anonymises_due_cases_keeping_what_statistics_need(
    due_case, world, cathy, django_capture_on_commit_callbacks
):
    recent = close(open_child_case(world, cathy), years_ago(1))
    document = CaseDocument.objects.get(case=due_case)
    storage = CaseDocument._meta.get_field("file").storage
    stored_name = document.file.name
    assert storage.exists(stored_name)

    with django_capture_on_commit_callbacks(execute=True):
        output = run("--apply")
    assert "Anonymised 1 case." in output

    case = Case.objects.get(pk=due_case.pk)
    assert case.anonymised_at is not None
    # What identifies people is gone.
    assert case.what_happened == "[anonymised]"
    assert case.when_exploited == "[anonymised]"
    assert case.locations == ["[anonymised]"]
    assert case.closed_reason == "[anonymised]"
    person = CasePerson.objects.get(case=case)
    assert (person.given_names, person.family_name, person.aliases, person.date_of_birth) == ("", "", [], None)
    assert (person.contact, person.description, person.anonymous) == ("", "", True)
    assert person.estimated_age == timezone.localdate(case.created_at).year - 2010 - (
        timezone.localdate(case.created_at) < date(timezone.localdate(case.created_at).year, 5, 1)
    )
    assert not CasePerson.history.filter(case_id=case.pk, given_names="Ana").exists()
    assert not CasePerson.history.filter(case_id=case.pk, family_name__startswith="Testova").exists()
    assert Task.objects.filter(case=case, outcome="[anonymised]").count() == 1
    assert not Task.history.filter(case_id=case.pk, outcome__contains="Maria").exists()
    assert CaseNote.objects.get(case=case).text == "[anonymised]"
    document = CaseDocument.objects.get(case=case)
    assert not storage.exists(stored_name)
    assert not document.file
    assert document.original_name == "[anonymised]"
    assert document.description == "[anonymised]"
    assert ConsentRecord.objects.get(case=case).how == "[anonymised]"
    assert not ConsentRecord.history.filter(case_id=case.pk, how__contains="Maria").exists()
    report = PublicReport.objects.get(case=case)
    assert (report.contact_name, report.contact_phone, report.contact_email, report.sender_hash) == ("", "", "", "")
    assert report.what_seen == "[anonymised]"
    assert ConcernDraft.objects.get(case=case).answers == {}
    assert not Case.history.filter(id=case.pk, closed_reason__contains="Maria").exists()
    # What the statistics count is kept.
    assert case.reference == due_case.reference
    assert case.exploitation_types == ["forced-to-work", "prostitution"]
    assert case.statistics_category == due_case.statistics_category
    assert case.outcome == CaseOutcome.SUPPORTED
    assert case.closed_at == due_case.closed_at
    assert case.created_at == due_case.created_at
    assert person.gender == "female"
    assert case.tasks.count() == due_case.tasks.count()
    assert case.version == due_case.version + 1
    # Logged: an audit entry and a timeline event.
    entry = AuditEntry.objects.get(object_type="cases.Case", object_id=str(case.pk), detail__anonymised=True)
    assert entry.detail["retention_years"] == 6
    assert entry.detail["documents_deleted"] == 1
    assert CaseEvent.objects.filter(case=case, kind=EventKind.STATUS, summary__startswith="Personal details").exists()
    assert verify_chain() is None
    # A case closed recently is untouched.
    assert Case.objects.get(pk=recent.pk).anonymised_at is None
    assert CasePerson.objects.get(case=recent).given_names == "Ana"


def test_anonymising_twice_changes_nothing_the_second_time(due_case):
    run("--apply")
    entries = AuditEntry.objects.count()
    events = CaseEvent.objects.filter(case=due_case).count()
    version = Case.objects.get(pk=due_case.pk).version
    output = run("--apply")
    assert "0 cases closed 6 years ago or more" in output
    assert "Anonymised 0 cases." in output
    assert AuditEntry.objects.count() == entries
    assert CaseEvent.objects.filter(case=due_case).count() == events
    assert Case.objects.get(pk=due_case.pk).version == version


def test_a_case_reopened_meanwhile_is_not_anonymised(due_case):
    from waymark.cases import services_closing

    Case.objects.filter(pk=due_case.pk).update(status=CaseStatus.OPEN, closed_at=None)
    assert services_closing.anonymise_case(due_case) is False
    assert CasePerson.objects.get(case=due_case).given_names == "Ana"


def test_a_reopen_reason_on_the_timeline_is_anonymised_too(due_case, personas):
    from waymark.cases import services_closing

    carol = personas["coordinator"]
    case = services_closing.reopen_case(case=due_case, version=due_case.version, reason="Ana came back", by=carol)
    close(case, years_ago(6, days=1))
    run("--apply")
    summaries = list(CaseEvent.objects.filter(case=due_case).values_list("summary", flat=True))
    assert "Case reopened: [anonymised]" in summaries
    assert not any("Ana came back" in s for s in summaries)
