"""The triage queue: Carol, Testford's coordinator, gives referrals a lead or closes them, and opens a
case from a public report, links it to a case or closes it. Oscar coordinates Otherton and sees none of it."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waymark.cases.models import Case, CaseStatus, PublicReport, PublicReportStatus
from waymark.cases.tests.factories import open_child_case
from waymark.core.models import AuditEntry

pytestmark = pytest.mark.django_db

REFERENCE = r"TF-\d{4}-\d{6}"


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def public_report(world, partnership=None, **fields):
    return PublicReport.objects.create(
        partnership=partnership or world.testford,
        what_seen=fields.pop("what_seen", "Men sleeping in a van behind the car wash on Mill Lane, every night."),
        where=fields.pop("where", "Mill Lane, Testford"),
        when=fields.pop("when", "Most nights since October"),
        **fields,
    )


@pytest.fixture
def referral(world, personas):
    return open_child_case(world, personas["council_caseworker"])


@pytest.fixture
def report(world):
    return public_report(world)


@pytest.fixture
def carol(client_for):
    return client_for("coordinator")


def audit_entries(obj, action="update"):
    return AuditEntry.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk), action=action)


# The queue


def test_the_queue_shows_referrals_and_reports_waiting_in_testford(carol, world, referral, report):
    public_report(world, world.otherton, where="Otherton High Street")

    text = page_text(carol.get(reverse("cases:triage")))

    assert referral.reference in text
    assert "Testford Council" in text and "Cathy Caseworker" in text
    assert "Child" in text
    assert "Refer to children's social care" in text  # the first task to do now
    assert report.receipt in text
    assert "Mill Lane, Testford" in text
    assert "Men sleeping in a van behind the car wash" in text
    assert "Otherton High Street" not in text
    assert reverse("cases:triage-case", args=[referral.pk]) in text
    assert reverse("cases:triage-report", args=[report.pk]) in text


def test_the_queue_shows_a_long_report_by_its_first_words(carol, world):
    public_report(world, what_seen="word " * 40 + "TAIL")

    text = page_text(carol.get(reverse("cases:triage")))

    assert "word word word" in text
    assert "TAIL" not in text


def test_the_queue_leaves_out_what_has_been_dealt_with(carol, world, referral, report):
    Case.objects.filter(pk=referral.pk).update(status=CaseStatus.OPEN)
    PublicReport.objects.filter(pk=report.pk).update(status=PublicReportStatus.CLOSED)

    text = page_text(carol.get(reverse("cases:triage")))

    assert referral.reference not in text
    assert report.receipt not in text
    assert "No practitioner referrals are waiting." in text
    assert "No public reports are waiting." in text


def test_an_outsider_sees_none_of_testfords_queue(client_for, referral, report):
    text = page_text(client_for("outsider").get(reverse("cases:triage")))

    assert referral.reference not in text
    assert report.receipt not in text
    assert "No practitioner referrals are waiting." in text
    assert "No public reports are waiting." in text


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("cases:triage-case", "get"),
        ("cases:triage-case-assign-lead", "post"),
        ("cases:triage-case-close", "post"),
    ],
)
def test_an_outsider_cannot_find_testfords_referrals(client_for, world, referral, name, method):
    data = {"lead_organisation": world.other_council.pk, "reason": "Not ours"}
    response = getattr(client_for("outsider"), method)(reverse(name, args=[referral.pk]), data)

    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == CaseStatus.TRIAGE


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("cases:triage-report", "get"),
        ("cases:triage-report-open-case", "post"),
        ("cases:triage-report-link", "post"),
        ("cases:triage-report-close", "post"),
    ],
)
def test_an_outsider_cannot_find_testfords_reports(client_for, world, report, name, method):
    data = {"lead_organisation": world.other_council.pk, "reference": "WM-2026-000001", "reason": "Not ours"}
    response = getattr(client_for("outsider"), method)(reverse(name, args=[report.pk]), data)

    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == PublicReportStatus.NEW


@pytest.mark.parametrize(
    "persona", ["council_caseworker", "charity_caseworker", "intelligence_officer", "grants_officer"]
)
def test_only_coordinators_triage(client_for, world, referral, report, persona):
    client = client_for(persona)

    assert client.get(reverse("cases:triage")).status_code == 403
    assert client.get(reverse("cases:triage-case", args=[referral.pk])).status_code == 403
    assert client.get(reverse("cases:triage-report", args=[report.pk])).status_code == 403
    response = client.post(
        reverse("cases:triage-case-assign-lead", args=[referral.pk]), {"lead_organisation": world.council.pk}
    )
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == CaseStatus.TRIAGE


# Practitioner referrals


def test_the_referral_page_shows_the_case_and_its_tasks(carol, referral):
    response = carol.get(reverse("cases:triage-case", args=[referral.pk]))

    text = page_text(response)
    assert f"Referral {referral.reference}" in text
    assert "Seen working at a car wash late at night." in text
    assert "Ana Testova" in text
    assert "Refer to children's social care" in text
    assert "Make the National Referral Mechanism referral" in text
    assert "Open the case" in text and "Close the referral" in text
    assert audit_entries(referral, action="view").exists()


def test_the_lead_is_chosen_from_the_partnerships_current_members(carol, world, referral):
    text = page_text(carol.get(reverse("cases:triage-case", args=[referral.pk])))

    for member in ("Testford Council", "Brightway", "Testshire Police", "Testshire Commissioner's Office"):
        assert f">{member}</option>" in text
    assert "Otherton Council" not in text


def test_assigning_a_lead_opens_the_case(carol, world, personas, referral):
    version_before = referral.version
    response = carol.post(
        reverse("cases:triage-case-assign-lead", args=[referral.pk]),
        {"lead_organisation": world.charity.pk},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("cases:triage")
    text = page_text(response)
    assert f"Case {referral.reference} is open, led by Brightway" in text
    assert "No practitioner referrals are waiting." in text
    referral.refresh_from_db()
    assert referral.status == CaseStatus.OPEN
    assert referral.lead_organisation == world.charity
    assert referral.version == version_before + 1  # a form opened before triage is now stale
    entry = audit_entries(referral).get()
    assert entry.user_email == "carol@testford.example"
    assert entry.detail == {"status": ["triage", "open"], "lead_organisation": "Brightway"}
    change = referral.history.first()
    assert change.history_user == personas["coordinator"]
    assert change.history_change_reason == "Lead organisation assigned in triage"


def test_the_lead_organisation_now_sees_the_case(carol, client_for, world, referral):
    charity = client_for("charity_caseworker")
    assert charity.get(reverse("cases:case-detail", args=[referral.pk])).status_code == 404

    carol.post(reverse("cases:triage-case-assign-lead", args=[referral.pk]), {"lead_organisation": world.charity.pk})

    assert charity.get(reverse("cases:case-detail", args=[referral.pk])).status_code == 200


def test_a_lead_must_be_chosen(carol, referral):
    response = carol.post(reverse("cases:triage-case-assign-lead", args=[referral.pk]), {})

    assert response.status_code == 400
    text = page_text(response)
    assert "<title>Error: Referral" in text
    assert "There is a problem" in text
    assert '<a href="#assign-lead_organisation">Select the lead organisation</a>' in text
    referral.refresh_from_db()
    assert referral.status == CaseStatus.TRIAGE


@pytest.mark.parametrize("who", ["another partnership's member", "a former member"])
def test_the_lead_must_be_a_current_member_of_the_partnership(carol, world, referral, who):
    if who == "a former member":
        organisation = world.charity
        world.charity.memberships.filter(partnership=world.testford).update(
            until=timezone.localdate() - timedelta(days=1)
        )
    else:
        organisation = world.other_council

    response = carol.post(
        reverse("cases:triage-case-assign-lead", args=[referral.pk]), {"lead_organisation": organisation.pk}
    )

    assert response.status_code == 400
    assert "Select an organisation that is a member of the partnership" in page_text(response)
    referral.refresh_from_db()
    assert referral.status == CaseStatus.TRIAGE
    assert referral.lead_organisation is None


def test_closing_a_referral_keeps_the_reason(carol, referral):
    reason = "Duplicate of a referral the police made yesterday."

    response = carol.post(reverse("cases:triage-case-close", args=[referral.pk]), {"reason": reason}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("cases:triage")
    assert f"Referral {referral.reference} closed" in page_text(response)
    referral.refresh_from_db()
    assert referral.status == CaseStatus.CLOSED
    assert referral.closed_reason == reason
    assert referral.closed_at is not None
    entry = audit_entries(referral).get()
    # The reason may name people; the audit trail can never be edited, so it stays on the case only.
    assert entry.detail == {"status": ["triage", "closed"]}
    assert referral.history.first().history_change_reason == "Closed in triage"


def test_a_referral_is_not_closed_without_a_reason(carol, referral):
    response = carol.post(reverse("cases:triage-case-close", args=[referral.pk]), {"reason": "   "})

    assert response.status_code == 400
    assert '<a href="#close-reason">Enter why you are closing it</a>' in page_text(response)
    referral.refresh_from_db()
    assert referral.status == CaseStatus.TRIAGE


def test_a_reason_too_long_is_explained_and_kept(carol, referral):
    reason = "A very long story. " * 110

    response = carol.post(reverse("cases:triage-case-close", args=[referral.pk]), {"reason": reason})

    assert response.status_code == 400
    text = page_text(response)
    assert "The reason must be 2000 characters or fewer" in text
    assert reason.strip() in text
    referral.refresh_from_db()
    assert referral.status == CaseStatus.TRIAGE


def test_a_referral_already_dealt_with_is_left_alone(carol, world, referral):
    carol.post(reverse("cases:triage-case-assign-lead", args=[referral.pk]), {"lead_organisation": world.charity.pk})

    response = carol.post(reverse("cases:triage-case-close", args=[referral.pk]), {"reason": "Sent twice"}, follow=True)

    assert f"Case {referral.reference} is no longer waiting for triage" in page_text(response)
    referral.refresh_from_db()
    assert referral.status == CaseStatus.OPEN
    page = page_text(carol.get(reverse("cases:triage-case", args=[referral.pk])))
    assert "This referral is no longer waiting for triage: it is open." in page
    assert "Close the referral</button>" not in page


# Public reports


def test_the_report_page_shows_what_the_public_wrote_as_text(carol, world):
    report = public_report(
        world, what_seen="<script>alert('hi')</script> Children selling flowers", contact_email="sam@example.com"
    )

    response = carol.get(reverse("cases:triage-report", args=[report.pk]))

    content = response.content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; Children selling flowers" in content
    assert "sam@example.com" in content
    assert audit_entries(report, action="view").exists()


def test_opening_a_case_from_a_report(carol, world, report):
    response = carol.post(
        reverse("cases:triage-report-open-case", args=[report.pk]), {"lead_organisation": world.council.pk}, follow=True
    )

    case = Case.objects.get(public_reports=report)
    assert response.redirect_chain[-1][0] == reverse("cases:triage")
    assert f"Case {case.reference} opened from report {report.receipt}, led by Testford Council" in page_text(response)
    assert case.reference.startswith("TF-")
    assert case.partnership == world.testford
    assert case.source == "public"
    assert case.status == CaseStatus.OPEN
    assert case.lead_organisation == world.council
    assert case.what_happened == report.what_seen
    assert case.locations == ["Mill Lane, Testford"]
    assert case.when_exploited == "Most nights since October"
    report.refresh_from_db()
    assert report.status == PublicReportStatus.CASE_OPENED
    assert report.case == case
    assert audit_entries(case, action="create").get().detail == {
        "public_report": report.receipt,
        "lead_organisation": "Testford Council",
    }
    assert audit_entries(report).get().detail == {"status": ["new", "case_opened"], "case": case.reference}
    assert case.history.get().history_change_reason == f"Opened in triage from public report {report.receipt}"


def test_a_case_is_opened_from_a_report_only_once(carol, world, report):
    url = reverse("cases:triage-report-open-case", args=[report.pk])
    carol.post(url, {"lead_organisation": world.council.pk})

    response = carol.post(url, {"lead_organisation": world.council.pk}, follow=True)

    assert f"Report {report.receipt} is no longer waiting for triage" in page_text(response)
    assert Case.objects.filter(public_reports=report).count() == 1
    page = page_text(carol.get(reverse("cases:triage-report", args=[report.pk])))
    assert "This report is no longer waiting for triage: case opened" in page


def test_a_case_from_a_report_needs_a_lead(carol, report):
    response = carol.post(reverse("cases:triage-report-open-case", args=[report.pk]), {})

    assert response.status_code == 400
    assert '<a href="#open-lead_organisation">Select the lead organisation</a>' in page_text(response)
    assert not Case.objects.exists()


def test_linking_a_report_to_a_case_of_the_partnership(carol, world, referral, report):
    typed = f" {referral.reference.lower()} "

    response = carol.post(reverse("cases:triage-report-link", args=[report.pk]), {"reference": typed}, follow=True)

    assert f"Report {report.receipt} linked to case {referral.reference}" in page_text(response)
    report.refresh_from_db()
    assert report.status == PublicReportStatus.LINKED
    assert report.case == referral
    assert audit_entries(report).get().detail == {"status": ["new", "linked"], "case": referral.reference}


@pytest.mark.parametrize("whose", ["another partnership's case", "no case at all"])
def test_a_report_links_only_to_a_case_of_its_partnership(carol, world, report, whose):
    if whose == "another partnership's case":
        Case.objects.create(reference="WM-2026-000001", partnership=world.otherton, source="practitioner")

    response = carol.post(reverse("cases:triage-report-link", args=[report.pk]), {"reference": "WM-2026-000001"})

    assert response.status_code == 400
    text = page_text(response)
    # The same words either way: nothing is disclosed about another partnership's cases.
    assert '<a href="#link-reference">There is no case WM-2026-000001 in Testford Anti-Slavery Partnership</a>' in text
    assert 'value="WM-2026-000001"' in text
    report.refresh_from_db()
    assert report.status == PublicReportStatus.NEW


def test_a_report_needs_a_reference_to_be_linked(carol, report):
    response = carol.post(reverse("cases:triage-report-link", args=[report.pk]), {"reference": ""})

    assert response.status_code == 400
    assert "Enter the reference of the case" in page_text(response)


def test_closing_a_report_keeps_the_reason(carol, report):
    response = carol.post(
        reverse("cases:triage-report-close", args=[report.pk]),
        {"reason": "A hoax: the address is a school."},
        follow=True,
    )

    assert f"Report {report.receipt} closed" in page_text(response)
    report.refresh_from_db()
    assert report.status == PublicReportStatus.CLOSED
    assert report.closed_reason == "A hoax: the address is a school."
    assert report.case is None
    assert audit_entries(report).get().detail == {"status": ["new", "closed"]}


def test_a_report_is_not_closed_without_a_reason(carol, report):
    response = carol.post(reverse("cases:triage-report-close", args=[report.pk]), {"reason": ""})

    assert response.status_code == 400
    text = page_text(response)
    assert "<title>Error: Public report" in text
    assert '<a href="#close-reason">Enter why you are closing it</a>' in text
    report.refresh_from_db()
    assert report.status == PublicReportStatus.NEW


@pytest.mark.django_db
def test_triage_does_not_show_a_non_consenting_adults_name_to_the_coordinator(client_for, world, personas):
    from waymark.cases import services
    from waymark.pathways import Facts

    caseworker = personas["charity_caseworker"]  # the coordinator works for the council, not the charity
    facts = Facts.from_json(
        {
            "nation": "england",
            "age_group": "adult",
            "consents_to_nrm": None,
            "cooperates_with_authorities": False,
            **services.referrer_facts(caseworker.organisation, world.testford),
        }
    )
    case, _ = services.open_case(
        partnership=world.testford,
        facts=facts,
        by=caseworker,
        case_fields={},
        people=[{"role": "potential_victim", "given_names": "Secret", "family_name": "Person"}],
    )
    page = client_for("coordinator").get(reverse("cases:triage-case", args=[case.pk])).content.decode()
    assert "Secret" not in page
    assert "Identifying details are held by Brightway" in page
