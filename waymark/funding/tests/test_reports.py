"""Decision reports: reference numbers in the office's format (per year, per partnership), writing a
report for a proposed grant, editing only while a draft (and never over someone else's change),
appendices checked by their content, who sees what, the list's queries; and the office's settings
and Police and Crime Plan priorities."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waymark.core.models import AuditEntry
from waymark.core.tests.test_e2e_coordinator import demo  # noqa: F401 - the e2e test's fixture
from waymark.funding import services_reports
from waymark.funding.decision_flow import State
from waymark.funding.models import (
    Appendix,
    AppendixPublication,
    DecisionReport,
    FundingSettings,
    GrantStatus,
    StrategicPriority,
)
from waymark.funding.tests.factories import funding_for_testford, make_fund, make_grant, make_report, today
from waymark.governance.models import Risk, RiskCategory
from waymark.governance.tests.factories import make_group, make_meeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def funding(world, personas, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return funding_for_testford(world, personas)


def _date(prefix, day):
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def _details(day=None, **fields):
    return {
        "title": "Grant to Brightway: county network",
        "classification": "official",
        "area_affected": "Countywide",
        "stakeholders_affected": "Adults referred into the NRM",
        "report_by": "Greta Grants, Commissioning Officer",
        **_date("report_date", day or today()),
        "enquiries_to": "Greta Grants, greta@opcc.example",
        **fields,
    }


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _sections_data(report, **changes):
    from waymark.funding.report_sections import SECTIONS

    data = {"version": report.version, **{spec.field: getattr(report, spec.field) for spec in SECTIONS}}
    data["strategic_priorities"] = [p.pk for p in report.strategic_priorities.all()]
    data.update(changes)
    return data


# Reference numbers


def test_a_new_report_takes_the_next_number_in_the_partnerships_format(funding, world, client_for):
    FundingSettings.objects.update_or_create(
        partnership=world.testford, defaults={"reference_format": "{number:03}/{yyyy}"}
    )
    grant = make_grant(funding.fund, world.charity, title="County network")
    client = client_for("grants_officer")
    response = client.post(reverse("funding:report-add", args=[grant.pk]), _details())
    report = grant.decision_reports.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:report-detail", args=[report.pk])
    year = today().year
    assert (report.reference, report.number, report.year) == (f"002/{year}", 2, year)  # 001 is the draft already there
    assert report.state == State.DRAFT and report.title == "Grant to Brightway: county network"
    page = client.get(response["Location"]).content.decode()
    assert f"Decision report {report.reference} started" in page
    assert AuditEntry.objects.filter(
        action="create", object_type="funding.DecisionReport", object_id=str(report.pk)
    ).exists()


def test_the_numbers_start_again_each_year(funding, world, personas):
    year = today().year
    next_year = make_grant(funding.fund, world.charity, title="Next year's post")
    first = services_reports.add_report(
        grant=next_year, by=personas["grants_officer"], **_cleaned(date(year + 1, 1, 15))
    )
    assert (first.reference, first.number, first.year) == (f"001-{(year + 1) % 100:02d}", 1, year + 1)
    this_year = make_grant(funding.fund, world.charity, title="This year's post")
    second = services_reports.add_report(grant=this_year, by=personas["grants_officer"], **_cleaned(date(year, 6, 1)))
    assert (second.reference, second.number) == (f"002-{year % 100:02d}", 2)


def test_each_partnership_numbers_its_own_reports(funding, world, personas):
    other_fund = make_fund(world, partnership=world.otherton, owner=world.other_council)
    other_grant = make_grant(other_fund, world.other_council)
    report = services_reports.add_report(grant=other_grant, by=personas["outsider"], **_cleaned(today()))
    assert report.number == 1
    assert report.reference == funding.report.reference  # the same "001-yy", in a different partnership
    assert report.partnership_id == world.otherton.pk


def test_a_reference_already_taken_under_an_earlier_format_is_skipped(funding, world, personas):
    year = today().year
    FundingSettings.objects.update_or_create(partnership=world.testford, defaults={"reference_format": "{number}-{yy}"})
    old = make_report(make_grant(funding.fund, world.charity, title="Old"), number=3)
    # Number 3, but its reference is where the new format would put number 4.
    DecisionReport.objects.filter(pk=old.pk).update(reference=f"4-{year % 100:02d}")
    report = services_reports.add_report(
        grant=make_grant(funding.fund, world.charity, title="New"), by=personas["grants_officer"], **_cleaned(today())
    )
    assert (report.number, report.reference) == (5, f"5-{year % 100:02d}")


def test_a_clash_that_keeps_happening_is_explained_and_nothing_is_saved(funding, world, client_for, monkeypatch):
    # As if another grants officer took the number each time, between the count and the save.
    monkeypatch.setattr(services_reports, "next_number", lambda partnership_id, year: 1)
    monkeypatch.setattr(services_reports, "_taken", lambda partnership_id, reference: False)
    grant = make_grant(funding.fund, world.charity, title="County network")
    response = client_for("grants_officer").post(reverse("funding:report-add", args=[grant.pk]), _details())
    assert response.status_code == 400
    assert "Another report was given the same reference at the same moment. Try again" in response.content.decode()
    assert 'value="Grant to Brightway: county network"' in response.content.decode()
    assert not grant.decision_reports.exists()


def _cleaned(day):
    return {
        "title": "A grant",
        "classification": "official",
        "area_affected": "Testford",
        "stakeholders_affected": "",
        "report_by": "Greta Grants",
        "report_date": day,
        "enquiries_to": "Greta Grants",
    }


# Which grants may have a report written


def test_a_grant_with_a_live_report_or_not_proposed_gets_no_new_one(funding, world, client_for):
    client = client_for("grants_officer")
    response = client.get(reverse("funding:report-add", args=[funding.grant.pk]))
    assert response.status_code == 403
    assert f"This grant already has decision report {funding.report.reference} (draft)." in response.content.decode()
    approved = make_grant(funding.fund, world.charity, title="Approved", status=GrantStatus.APPROVED)
    response = client.post(reverse("funding:report-add", args=[approved.pk]), _details())
    assert response.status_code == 403
    assert "This grant is approved" in response.content.decode()
    assert not approved.decision_reports.exists()


def test_after_a_disagreement_another_report_may_be_written(funding, client_for):
    DecisionReport.objects.filter(pk=funding.report.pk).update(state=State.DISAGREED)
    response = client_for("grants_officer").post(reverse("funding:report-add", args=[funding.grant.pk]), _details())
    assert response.status_code == 302
    assert funding.grant.decision_reports.count() == 2


def _grant_reports(user, grant) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load funding_reports %}{% grant_reports grant %}").render(
        Context({"request": request, "grant": grant})
    )


def test_the_grant_page_lists_its_reports_and_offers_to_write_one_only_when_it_may(funding, world, personas):
    html = _grant_reports(personas["grants_officer"], funding.grant)
    assert funding.report.reference in html and "Draft" in html
    assert "Write a decision report" not in html  # it has a draft already
    DecisionReport.objects.filter(pk=funding.report.pk).update(state=State.DISAGREED)
    funding.grant.refresh_from_db()
    html = _grant_reports(personas["grants_officer"], funding.grant)
    assert "Disagreed" in html
    assert reverse("funding:report-add", args=[funding.grant.pk]) in html
    assert "Write a decision report" not in _grant_reports(personas["coordinator"], funding.grant)
    assert funding.report.reference in _grant_reports(personas["coordinator"], funding.grant)
    # The recipient sees a decision only once it is published, in the public register.
    assert funding.report.reference not in _grant_reports(personas["charity_caseworker"], funding.grant)


def test_the_grant_page_shows_the_reports(funding, client_for):
    page = client_for("grants_officer").get(reverse("funding:grant-detail", args=[funding.grant.pk])).content.decode()
    assert reverse("funding:report-detail", args=[funding.report.pk]) in page


# The report's page


def test_the_report_page_shows_the_facts_every_section_and_the_appendices(funding, world, client_for):
    Appendix.objects.create(
        report=funding.report, title="Appendix A: budget", publication=AppendixPublication.PUBLISH_REDACTED
    )
    response = client_for("coordinator").get(reverse("funding:report-detail", args=[funding.report.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Decision report {funding.report.reference}</h1>" in page
    for heading in ("1. Executive summary", "9. Financial implications", "16. Background papers and appendices"):
        assert heading in page
    assert "Fund an advocate post at Brightway for a year." in page
    assert "£34,000.00" in page and "Protecting vulnerable people" in page
    assert "Appendix A: budget" in page and "Publish a redacted version" in page
    assert 'govuk-tag--grey">Draft</strong>' in page
    assert reverse("funding:report-pdf", args=[funding.report.pk]) in page
    assert reverse("funding:report-sections", args=[funding.report.pk]) not in page  # Carol reads, does not write
    assert AuditEntry.objects.filter(action="view", object_type="funding.DecisionReport").exists()


def test_only_readers_see_a_report(funding, client_for):
    url = reverse("funding:report-detail", args=[funding.report.pk])
    assert client_for("charity_caseworker").get(url).status_code == 404  # the recipient
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("coordinator").get(reverse("funding:report-edit", args=[funding.report.pk])).status_code == 403


# Writing a draft


def test_the_grants_officer_writes_the_sections_and_links_priorities_risks_and_meetings(funding, world, client_for):
    risk = Risk.objects.create(
        partnership=world.testford,
        reference="R04",
        description="Advocate post left vacant",
        category=RiskCategory.PARTNERSHIP,
        likelihood=2,
        impact=4,
        mitigations="Cover from the county team",
    )
    meeting = make_meeting(make_group(world), days_from_now=-10)
    retired = StrategicPriority.objects.create(partnership=world.testford, name="Old priority", is_active=False)
    client = client_for("grants_officer")
    url = reverse("funding:report-sections", args=[funding.report.pk])
    form_page = client.get(url).content.decode()
    assert "Old priority" not in form_page  # retired: no longer offered
    assert "R04: Advocate post left vacant" in form_page
    data = _sections_data(
        funding.report,
        legal_implications="The grant agreement is the standard one.",
        risks=[risk.pk],
        governance_meetings=[meeting.pk],
    )
    response = client.post(url, data)
    assert response.status_code == 302
    report = DecisionReport.objects.get(pk=funding.report.pk)
    assert report.legal_implications == "The grant agreement is the standard one."
    assert report.version == 2
    assert list(report.risks.all()) == [risk] and list(report.governance_meetings.all()) == [meeting]
    page = client.get(reverse("funding:report-detail", args=[report.pk])).content.decode()
    assert "Risk R04" in page and "Cover from the county team" in page and "Testford Strategic Board" in page
    assert retired not in report.strategic_priorities.all()


def test_a_retired_priority_stays_on_a_report_that_chose_it(funding, client_for):
    funding.priority.is_active = False
    funding.priority.save()
    client = client_for("grants_officer")
    form_page = client.get(reverse("funding:report-sections", args=[funding.report.pk])).content.decode()
    assert "Protecting vulnerable people (retired)" in form_page
    response = client.post(reverse("funding:report-sections", args=[funding.report.pk]), _sections_data(funding.report))
    assert response.status_code == 302
    assert list(funding.report.strategic_priorities.all()) == [funding.priority]
    page = client.get(reverse("funding:report-detail", args=[funding.report.pk])).content.decode()
    assert "Protecting vulnerable people" in page


def test_someone_elses_change_is_not_overwritten_and_the_typing_is_kept(funding, personas, client_for):
    shown = funding.report.version
    services_reports.update_sections(
        report=funding.report,
        version=shown,
        by=personas["grants_officer"],
        texts={"background": "Changed by a colleague."},
        priorities=[],
        risks=[],
        meetings=[],
    )
    data = _sections_data(funding.report, version=shown, background="My own background text.")
    response = client_for("grants_officer").post(reverse("funding:report-sections", args=[funding.report.pk]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this report while you were working on it" in page
    assert "My own background text." in page
    assert DecisionReport.objects.get(pk=funding.report.pk).background == "Changed by a colleague."


def test_the_details_are_changed_but_the_date_stays_in_the_references_year(funding, client_for):
    client = client_for("grants_officer")
    url = reverse("funding:report-edit", args=[funding.report.pk])
    data = {"version": funding.report.version, **_details(title="A better title")}
    response = client.post(url, {**data, **_date("report_date", date(funding.report.year + 1, 2, 1))})
    assert response.status_code == 400
    assert f"The date of the report must be in {funding.report.year}" in response.content.decode()
    assert 'value="A better title"' in response.content.decode()
    assert client.post(url, data).status_code == 302
    assert DecisionReport.objects.get(pk=funding.report.pk).title == "A better title"


@pytest.mark.parametrize("state", [State.AWAITING_SIGN_OFF, State.AGREED, State.PUBLISHED])
def test_nothing_can_be_changed_once_the_report_leaves_draft(funding, client_for, state):
    appendix = Appendix.objects.create(report=funding.report, title="Appendix A")
    DecisionReport.objects.filter(pk=funding.report.pk).update(state=state)
    client = client_for("grants_officer")
    pk = funding.report.pk
    for response in (
        client.get(reverse("funding:report-edit", args=[pk])),
        client.post(reverse("funding:report-edit", args=[pk]), {"version": 1, **_details(title="Changed")}),
        client.get(reverse("funding:report-sections", args=[pk])),
        client.post(reverse("funding:report-sections", args=[pk]), {"version": 1, "background": "Changed"}),
        client.post(
            reverse("funding:report-appendix-add", args=[pk]),
            {"title": "B", "file": SimpleUploadedFile("b.pdf", PDF)},
        ),
        client.post(reverse("funding:report-appendix-remove", args=[appendix.pk])),
    ):
        assert response.status_code == 403
        assert "it can no longer be changed" in response.content.decode()
    report = DecisionReport.objects.get(pk=pk)
    assert report.title != "Changed" and report.background != "Changed"
    assert list(report.appendices.all()) == [appendix]
    page = client.get(reverse("funding:report-detail", args=[pk])).content.decode()
    assert "Write the sections" not in page and "Add an appendix" not in page


def test_a_report_sent_while_the_form_was_open_is_not_changed(funding, personas):
    shown = funding.report.version
    DecisionReport.objects.filter(pk=funding.report.pk).update(state=State.AWAITING_SIGN_OFF)
    with pytest.raises(services_reports.NotEditable):
        services_reports.update_sections(
            report=funding.report,
            version=shown,
            by=personas["grants_officer"],
            texts={"background": "Too late"},
            priorities=[],
            risks=[],
            meetings=[],
        )
    assert DecisionReport.objects.get(pk=funding.report.pk).background != "Too late"


# Appendices


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("budget.pdf", PDF, None),
        ("budget.docx", _docx(), None),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "The selected file must be a PDF, DOC or DOCX"),
        (
            "budget.pdf",
            b"MZ\x90\x00 this program cannot be run in DOS mode",
            "The selected file must be a PDF, DOC or DOCX",
        ),
        ("budget.pdf", b"", "The selected file is empty"),
    ],
    ids=["pdf", "docx", "image", "program-named-pdf", "empty"],
)
def test_only_a_pdf_or_word_document_is_accepted_by_its_content(funding, client_for, name, content, message):
    response = client_for("grants_officer").post(
        reverse("funding:report-appendix-add", args=[funding.report.pk]),
        {"title": "Appendix A: budget", "file": SimpleUploadedFile(name, content)},
    )
    if message is None:
        assert response.status_code == 302
        appendix = funding.report.appendices.get()
        assert (appendix.title, appendix.document_name) == ("Appendix A: budget", name)
        assert appendix.publication == AppendixPublication.UNDECIDED
    else:
        assert response.status_code == 400
        page = response.content.decode()
        assert message in page
        assert 'value="Appendix A: budget"' in page
        assert not funding.report.appendices.exists()


def test_a_document_over_the_size_limit_is_refused(funding, client_for):
    too_big = PDF + b"0" * (django_settings.DOCUMENT_MAX_BYTES - len(PDF) + 1)
    response = client_for("grants_officer").post(
        reverse("funding:report-appendix-add", args=[funding.report.pk]),
        {"title": "Appendix A", "file": SimpleUploadedFile("big.pdf", too_big)},
    )
    assert response.status_code == 400
    assert "The selected file must be smaller than 25MB" in response.content.decode()
    assert not funding.report.appendices.exists()


def test_readers_download_an_appendix_and_it_is_recorded(funding, personas, client_for):
    appendix = services_reports.add_appendix(
        report=funding.report,
        title="Appendix A",
        upload=SimpleUploadedFile("Budget 2026.pdf", PDF),
        kind=services_reports.documents.PDF,
        by=personas["grants_officer"],
    )
    url = reverse("funding:report-appendix-document", args=[appendix.pk])
    response = client_for("coordinator").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="Budget 2026.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="export", object_type="funding.Appendix").exists()
    assert client_for("charity_caseworker").get(url).status_code == 404
    assert client_for("outsider").get(url).status_code == 404


def test_removing_an_appendix_deletes_its_document(
    funding, personas, client_for, tmp_path, django_capture_on_commit_callbacks
):
    appendix = services_reports.add_appendix(
        report=funding.report,
        title="Appendix A",
        upload=SimpleUploadedFile("a.pdf", PDF),
        kind=services_reports.documents.PDF,
        by=personas["grants_officer"],
    )
    stored = tmp_path / appendix.document.name
    assert stored.exists()
    url = reverse("funding:report-appendix-remove", args=[appendix.pk])
    assert client_for("coordinator").post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("grants_officer").post(url)
    assert response.status_code == 302
    assert not funding.report.appendices.exists()
    assert not stored.exists()


# The list


def test_only_readers_have_the_list(funding, client_for):
    url = reverse("funding:report-list")
    assert client_for("coordinator").get(url).status_code == 200
    for persona in ("charity_caseworker", "council_caseworker", "intelligence_officer"):
        assert client_for(persona).get(url).status_code == 403
    outsider = client_for("outsider").get(url)
    assert outsider.status_code == 200 and funding.report.reference not in outsider.content.decode()


def _more_reports(funding, world, how_many):
    for number in range(2, how_many + 2):
        make_report(make_grant(funding.fund, world.charity, title=f"Post {number}"), number=number)


def test_the_list_filters_by_state_and_year(funding, world, client_for):
    other = make_report(make_grant(funding.fund, world.charity, title="Agreed"), number=2)
    DecisionReport.objects.filter(pk=other.pk).update(state=State.AGREED)
    old = make_report(make_grant(funding.fund, world.charity, title="Old"), number=1, year=2024)
    client = client_for("grants_officer")
    page = client.get(reverse("funding:report-list"), {"state": "agreed"}).content.decode()
    assert other.reference in page and funding.report.reference not in page
    page = client.get(reverse("funding:report-list"), {"year": "2024"}).content.decode()
    assert old.reference in page and other.reference not in page
    page = client.get(reverse("funding:report-list"), {"state": "nonsense"}).content.decode()
    assert "Select a state from the list" in page


def test_the_list_is_paginated(funding, world, client_for):
    _more_reports(funding, world, 29)  # 30 in all
    client = client_for("grants_officer")
    first = client.get(reverse("funding:report-list")).content.decode()
    assert "30 decision reports, page 1 of 2" in first
    second = client.get(reverse("funding:report-list"), {"page": 2}).content.decode()
    assert "page 2 of 2" in second and funding.report.reference in second  # the oldest number comes last


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("funding:report-list")).status_code == 200
    return len(context.captured_queries)


def test_the_list_costs_the_same_queries_however_many_reports(funding, world, client_for):
    few = _list_queries(client_for("grants_officer"))
    _more_reports(funding, world, 20)
    assert _list_queries(client_for("grants_officer")) == few


# Settings


def test_the_office_sets_its_reference_format_and_sees_an_example(funding, world, client_for):
    client = client_for("grants_officer")
    url = reverse("funding:report-settings-edit", args=[world.testford.pk])
    data = {"reference_format": "{number:03}/{yyyy}", "standard_conditions": "Our own terms.", "return_due_days": "21"}
    assert client.post(url, data).status_code == 302
    office = FundingSettings.objects.get(partnership=world.testford)
    assert (office.reference_format, office.standard_conditions, office.return_due_days) == (
        "{number:03}/{yyyy}",
        "Our own terms.",
        21,
    )
    page = client.get(reverse("funding:report-settings", args=[world.testford.pk])).content.decode()
    assert f"will be <strong>002/{today().year}</strong>" in page
    assert AuditEntry.objects.filter(action="update", object_type="funding.FundingSettings").exists()


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{yy}", "The reference format must include {number}, so each report gets its own"),
        ("{number}-{year}", "Use only the placeholders {number}, {number:03}, {yy} and {yyyy}"),
        ("{number:03}", "The reference format must include the year, {yy} or {yyyy}"),
        ("", "Enter a reference format"),
    ],
    ids=["no-number", "unknown-placeholder", "no-year", "blank"],
)
def test_a_reference_format_that_cannot_make_references_is_refused(funding, world, client_for, pattern, message):
    data = {"reference_format": pattern, "standard_conditions": "Terms.", "return_due_days": "30"}
    response = client_for("grants_officer").post(
        reverse("funding:report-settings-edit", args=[world.testford.pk]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FundingSettings.objects.filter(partnership=world.testford, standard_conditions="Terms.").exists()


def test_settings_are_for_the_partnerships_grants_officers(funding, world, client_for):
    url = reverse("funding:report-settings", args=[world.testford.pk])
    assert client_for("grants_officer").get(url).status_code == 200
    assert client_for("coordinator").get(url).status_code == 403
    assert client_for("outsider").get(url).status_code == 404
    assert (
        client_for("grants_officer").get(reverse("funding:report-settings", args=[world.otherton.pk])).status_code
        == 404
    )


def test_priorities_are_added_renamed_reordered_retired_and_brought_back(funding, world, client_for):
    client = client_for("grants_officer")
    response = client.post(
        reverse("funding:report-priority-add", args=[world.testford.pk]), {"name": "Tackling  serious violence"}
    )
    assert response.status_code == 302
    added = StrategicPriority.objects.get(name="Tackling serious violence")
    names = lambda: list(StrategicPriority.objects.filter(partnership=world.testford).values_list("name", flat=True))  # noqa: E731
    assert names() == ["Protecting vulnerable people", "Tackling serious violence"]
    response = client.post(
        reverse("funding:report-priority-add", args=[world.testford.pk]), {"name": "protecting vulnerable people"}
    )
    assert "There is already a priority called protecting vulnerable people" in response.content.decode()
    client.post(reverse("funding:report-priority-move", args=[added.pk, "up"]))
    assert names() == ["Tackling serious violence", "Protecting vulnerable people"]
    client.post(reverse("funding:report-priority-edit", args=[added.pk]), {"name": "Reducing serious violence"})
    assert names()[0] == "Reducing serious violence"
    client.post(reverse("funding:report-priority-retire", args=[funding.priority.pk]))
    funding.priority.refresh_from_db()
    assert funding.priority.is_active is False
    assert funding.priority in funding.report.strategic_priorities.all()  # still on the report that chose it
    page = client.get(reverse("funding:report-settings", args=[world.testford.pk])).content.decode()
    assert 'govuk-tag--grey">Retired</strong>' in page
    client.post(reverse("funding:report-priority-restore", args=[funding.priority.pk]))
    funding.priority.refresh_from_db()
    assert funding.priority.is_active is True


# In the real browser


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo")
def test_e2e_the_grants_officer_writes_a_decision_report_from_a_grant(live_server, page, settings, tmp_path):
    """Northshire's grants officer starts a report for a new proposal (making a mistake first), writes
    a section, links a priority, adds an appendix and opens the office's settings; axe-core checks
    every page against WCAG 2.2 AA."""
    import re

    from playwright.sync_api import expect

    from waymark.cases.tests.test_e2e_report_concern import sign_in
    from waymark.core.tests.test_e2e_coordinator import assert_accessible
    from waymark.funding.models import Fund
    from waymark.partners.models import Organisation

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    fund = Fund.objects.filter(name="Community Safety Fund").order_by("-start_year").first()
    recipient = Organisation.objects.get(name="Northshire Polish and Romanian Welcome Group")
    grant = make_grant(fund, recipient, title="Helpline interpreting")
    base = live_server.url

    def expect_success(text):
        banner = page.locator(".govuk-notification-banner--success")
        expect(banner).to_contain_text(text)

    sign_in(page, base, "grants.officer@opcc.northshire.example")
    page.goto(f"{base}{reverse('funding:grant-detail', args=[grant.pk])}")
    page.get_by_role("link", name="Write a decision report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a decision report")
    assert_accessible(page, "the start of a decision report")
    page.get_by_label("Title").fill("")
    page.get_by_label("Area affected").fill("")
    page.get_by_role("button", name="Start the report").click()
    expect(page).to_have_title(re.compile(r"^Error: Write a decision report"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the area affected")
    assert_accessible(page, "the start of a decision report with errors")
    page.get_by_label("Title").fill("Grant to the Welcome Group: helpline interpreting")
    page.get_by_label("Area affected").fill("Countywide")
    page.get_by_role("button", name="Start the report").click()

    report = grant.decision_reports.get()
    expect_success(f"Decision report {report.reference} started")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Decision report {report.reference}")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Executive summary")
    assert_accessible(page, "the new report's page")

    page.get_by_role("link", name="Write the sections").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write the sections")
    assert_accessible(page, "the sections form")
    page.get_by_label("1. Executive summary").fill("Interpreting for the helpline, in Polish and Romanian.")
    page.get_by_role("group", name="Police and Crime Plan priorities it serves").get_by_label(
        "Supporting victims"
    ).check()
    page.get_by_role("button", name="Save the sections").click()
    expect_success(f"Sections of decision report {report.reference} saved")
    expect(page.locator("#main-content")).to_contain_text("Interpreting for the helpline, in Polish and Romanian.")

    page.get_by_role("link", name="Add an appendix or background paper").click()
    assert_accessible(page, "the add an appendix page")
    page.get_by_label("Title").fill("Appendix A: interpreting quotes")
    page.get_by_label("Upload the document").set_input_files(
        {"name": "quotes.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Add the document").click()
    expect_success("Appendix A: interpreting quotes added")
    expect(page.locator("#appendices + table")).to_contain_text("Not decided yet")
    assert_accessible(page, "the report's page with an appendix")

    page.get_by_role("link", name="Back to decision reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decision reports")
    assert_accessible(page, "the list of decision reports")
    page.get_by_role("link", name=re.compile(r"^Settings")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings for decision reports and grants")
    assert_accessible(page, "the settings page")
    page.get_by_role("link", name="Change the settings").click()
    page.get_by_label("Reference format").fill("{number:03}")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The reference format must include the year")
    assert_accessible(page, "the settings form with an error")
