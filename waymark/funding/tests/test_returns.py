"""Performance returns: submitting one (and what happens to bad input), the two acceptances, a query
and the resubmission, overdue returns and their reminders, who may do what, the list, and the grant
page's chart and tables.

Built on funding_for_testford: Brightway's advocate grant measures referrals received (target 20) and
people supported (target 15); its first return (1 April to 30 June, or 90 days) is due 30 days after
its period ends. Charlie (Brightway) submits; Carol (coordinator) scrutinises; Greta (grants officer)
reviews for the commissioner's office."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_user, sign_in
from waymark.core.models import AuditEntry
from waymark.funding import returns_chart, services_returns
from waymark.funding.models import (
    GrantMeasure,
    PerformanceReturn,
    ReturnReview,
    ReturnStatus,
    ReviewerRole,
)
from waymark.funding.tests.factories import funding_for_testford, make_grant

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


@pytest.fixture
def funding(world, personas, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return funding_for_testford(world, personas)


@pytest.fixture
def client_for(client_for):
    """One client per persona for the whole test, so a message survives its redirect."""
    made = {}

    def _client(name):
        if name not in made:
            made[name] = client_for(name)
        return made[name]

    return _client


def measures(funding):
    referrals = GrantMeasure.objects.get(grant=funding.grant, name="Referrals received")
    supported = GrantMeasure.objects.get(grant=funding.grant, name="People supported")
    return referrals, supported


def form_data(funding, performance_return=None, *, referrals="18", supported="9", narrative="A busy quarter."):
    performance_return = performance_return or PerformanceReturn.objects.get(pk=funding.first_return.pk)
    referral_measure, supported_measure = measures(funding)
    return {
        "version": str(performance_return.version),
        f"measure_{referral_measure.pk}": referrals,
        f"measure_{supported_measure.pk}": supported,
        "narrative": narrative,
    }


def submit_url(funding):
    return reverse("funding:return-submit", args=[funding.first_return.pk])


def review_url(funding):
    return reverse("funding:return-review", args=[funding.first_return.pk])


def fresh(funding):
    return PerformanceReturn.objects.get(pk=funding.first_return.pk)


def submit(client_for, funding, persona="charity_caseworker", **data):
    return client_for(persona).post(submit_url(funding), {**form_data(funding), **data})


def review(client_for, funding, persona, outcome, comments="", **extra):
    data = {"version": str(fresh(funding).version), "outcome": outcome, "comments": comments, **extra}
    return client_for(persona).post(review_url(funding), data)


# Submitting


def test_the_recipient_submits_figures_and_a_narrative(funding, client_for, personas):
    response = submit(client_for, funding)
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:return-detail", args=[funding.first_return.pk])
    performance_return = fresh(funding)
    assert performance_return.status == ReturnStatus.SUBMITTED
    assert performance_return.submitted_by == personas["charity_caseworker"]
    referrals, supported = measures(funding)
    assert {v.measure_id: v.value for v in performance_return.values.all()} == {referrals.pk: 18, supported.pk: 9}
    page = client_for("charity_caseworker").get(response["Location"]).content.decode()
    assert "submitted for review" in page
    assert "A busy quarter." in page
    assert "Waiting for the scrutineer and the commissioner&#x27;s office to accept it." in page
    assert AuditEntry.objects.filter(
        action="update", object_type="funding.PerformanceReturn", object_id=str(performance_return.pk)
    ).exists()


def test_nought_is_a_figure(funding, client_for):
    assert submit(client_for, funding, **{f"measure_{measures(funding)[0].pk}": "0"}).status_code == 302
    assert fresh(funding).values.get(measure__name="Referrals received").value == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the number of referrals received, or 0 if there were none"),
        ("-3", "The number of referrals received must be 0 or more"),
        ("lots", "The number of referrals received must be a number, like 12"),
        ("2.5", "The number of referrals received must be a whole number, like 12"),
        ("1000001", "The number of referrals received must be 1,000,000 or fewer"),
    ],
    ids=["missing", "negative", "not-a-number", "not-whole", "too-large"],
)
def test_a_bad_figure_is_explained_and_nothing_typed_is_lost(funding, client_for, typed, message):
    referrals, supported = measures(funding)
    response = submit(
        client_for, funding, **{f"measure_{referrals.pk}": typed, f"measure_{supported.pk}": "9", "narrative": "Kept."}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<a href="#id_measure_{referrals.pk}">{message}</a>' in page  # the error summary links to the box
    assert f'value="{typed}"' in page if typed else f'name="measure_{referrals.pk}"' in page
    assert 'value="9"' in page
    assert "Kept.</textarea>" in page
    assert "<title>Error: " in page
    assert fresh(funding).status == ReturnStatus.NOT_SUBMITTED


def test_a_figure_with_a_comma_or_written_as_12_point_0_is_accepted(funding, client_for):
    referrals, supported = measures(funding)
    submit(client_for, funding, **{f"measure_{referrals.pk}": "1,200", f"measure_{supported.pk}": "12.0"})
    values = {v.measure_id: v.value for v in fresh(funding).values.all()}
    assert values == {referrals.pk: 1200, supported.pk: 12}


def test_the_narrative_is_required(funding, client_for):
    response = submit(client_for, funding, narrative="  ")
    assert response.status_code == 400
    assert "Enter what happened in the period" in response.content.decode()


def test_evidence_is_kept_and_served_only_through_the_return(funding, client_for):
    evidence = SimpleUploadedFile("Case study.pdf", PDF, content_type="application/pdf")
    assert submit(client_for, funding, evidence=evidence).status_code == 302
    performance_return = fresh(funding)
    assert performance_return.evidence_name == "Case study.pdf"
    assert "Case study" not in performance_return.evidence.name  # stored under a random name
    url = reverse("funding:return-evidence", args=[performance_return.pk])
    download = client_for("coordinator").get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="Case study.pdf"' in download["Content-Disposition"]
    assert AuditEntry.objects.filter(action="export", object_id=str(performance_return.pk)).exists()
    for outsider in ("council_caseworker", "outsider"):
        assert client_for(outsider).get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", EXE, "The selected file must be a PDF, DOC, DOCX, JPG or PNG"),
        ("empty.pdf", b"", "The selected file is empty"),
        ("notes.txt", b"just some words", "The selected file must be a PDF, DOC, DOCX, JPG or PNG"),
    ],
    ids=["renamed-executable", "empty", "text-file"],
)
def test_evidence_that_is_not_a_document_is_refused(funding, client_for, name, content, message):
    response = submit(client_for, funding, evidence=SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert fresh(funding).status == ReturnStatus.NOT_SUBMITTED
    assert not fresh(funding).evidence


def test_evidence_too_large_is_refused(funding, client_for, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"\n%" + b"x" * (1024 * 1024))
    response = submit(client_for, funding, evidence=big)
    assert response.status_code == 400
    assert "The selected file must be smaller than 1MB" in response.content.decode()


def test_when_something_else_is_wrong_the_page_says_to_choose_the_file_again(funding, client_for):
    response = submit(client_for, funding, narrative="", evidence=SimpleUploadedFile("ok.pdf", PDF))
    assert "Select the file again" in response.content.decode()


def test_a_change_made_meanwhile_is_not_overwritten_and_what_was_typed_is_kept(funding, client_for):
    old_version = str(fresh(funding).version)
    assert submit(client_for, funding, narrative="First go.").status_code == 302
    # Greta queries it; Charlie's second tab still has the form as it was first shown.
    review(client_for, funding, "grants_officer", "queried", "Split referrals by source.")
    response = submit(client_for, funding, version=old_version, narrative="Typed in the old tab.")
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this return while you were working on it" in page
    assert "Typed in the old tab.</textarea>" in page
    assert fresh(funding).narrative == "First go."


def test_a_submitted_return_cannot_be_submitted_again_until_queried(funding, client_for):
    submit(client_for, funding)
    response = client_for("charity_caseworker").get(submit_url(funding))
    assert response.status_code == 302
    page = client_for("charity_caseworker").get(response["Location"]).content.decode()
    assert "This return has been submitted and is waiting for review." in page


def test_a_return_for_a_period_not_started_cannot_be_submitted(funding, client_for):
    later = PerformanceReturn.objects.create(
        grant=funding.grant,
        period_start=timezone.localdate() + timedelta(days=10),
        period_end=timezone.localdate() + timedelta(days=40),
        due_on=timezone.localdate() + timedelta(days=70),
    )
    response = client_for("charity_caseworker").get(reverse("funding:return-submit", args=[later.pk]))
    assert response.status_code == 302
    assert PerformanceReturn.objects.get(pk=later.pk).status == ReturnStatus.NOT_SUBMITTED


def test_a_grants_officer_may_submit_on_the_recipients_behalf(funding, client_for, personas):
    assert submit(client_for, funding, persona="grants_officer").status_code == 302
    assert fresh(funding).submitted_by == personas["grants_officer"]


# Reviewing: both must accept


def test_the_return_is_accepted_once_the_scrutineer_and_the_office_have_both_accepted(funding, client_for):
    submit(client_for, funding)
    response = review(client_for, funding, "coordinator", "accepted")
    assert response.status_code == 302
    assert fresh(funding).status == ReturnStatus.SUBMITTED
    page = client_for("coordinator").get(response["Location"]).content.decode()
    assert "It still needs the commissioner&#x27;s office to accept it" in page
    assert "Review the return" not in page  # Carol has done her part

    review(client_for, funding, "grants_officer", "accepted")
    performance_return = fresh(funding)
    assert performance_return.status == ReturnStatus.ACCEPTED
    assert performance_return.scrutineer_accepted_at and performance_return.office_accepted_at
    page = client_for("charity_caseworker").get(response["Location"]).content.decode()
    assert "Accepted" in page and "Carol Coordinator" in page and "Greta Grants" in page


def test_the_office_may_accept_first(funding, client_for):
    submit(client_for, funding)
    review(client_for, funding, "grants_officer", "accepted")
    assert fresh(funding).status == ReturnStatus.SUBMITTED
    review(client_for, funding, "coordinator", "accepted")
    assert fresh(funding).status == ReturnStatus.ACCEPTED


def test_without_a_named_scrutineer_the_office_alone_accepts(funding, client_for):
    funding.grant.scrutineer = None
    funding.grant.save()
    submit(client_for, funding)
    review(client_for, funding, "grants_officer", "accepted")
    assert fresh(funding).status == ReturnStatus.ACCEPTED


def test_a_query_needs_comments(funding, client_for):
    submit(client_for, funding)
    response = review(client_for, funding, "coordinator", "queried", "")
    assert response.status_code == 400
    assert "Enter what should be corrected or explained, to query the return" in response.content.decode()
    assert fresh(funding).status == ReturnStatus.SUBMITTED


def test_a_query_sends_the_return_back_and_tells_the_submitter_then_the_resubmission_is_reviewed_afresh(
    funding, client_for
):
    submit(client_for, funding)
    review(client_for, funding, "grants_officer", "accepted")
    mail.outbox.clear()
    review(client_for, funding, "coordinator", "queried", "Eighteen referrals but nine supported: why?")
    assert fresh(funding).status == ReturnStatus.QUERIED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["charlie@brightway.example"]
    assert "queried" in message.subject
    assert "Eighteen referrals but nine supported: why?" in message.body
    assert reverse("funding:return-detail", args=[funding.first_return.pk]) in message.body

    # Charlie sees the query on the form, with the figures he sent, and corrects them.
    form = client_for("charity_caseworker").get(submit_url(funding)).content.decode()
    assert "Eighteen referrals but nine supported: why?" in form
    assert 'value="18"' in form
    response = submit(client_for, funding, supported="14", narrative="Four more were supported after the quarter.")
    assert response.status_code == 302
    performance_return = fresh(funding)
    assert performance_return.status == ReturnStatus.SUBMITTED
    assert performance_return.office_accepted_at is None  # the earlier acceptance no longer counts
    assert services_returns.awaiting(performance_return) == [ReviewerRole.SCRUTINEER, ReviewerRole.OFFICE]

    review(client_for, funding, "coordinator", "accepted")
    assert fresh(funding).status == ReturnStatus.SUBMITTED
    review(client_for, funding, "grants_officer", "accepted")
    assert fresh(funding).status == ReturnStatus.ACCEPTED
    assert list(ReturnReview.objects.values_list("outcome", flat=True)) == [
        "accepted",
        "queried",
        "accepted",
        "accepted",
    ]


def test_one_person_cannot_give_both_acceptances(funding, client_for, personas, world):
    funding.grant.scrutineer = personas["grants_officer"]
    funding.grant.save()
    submit(client_for, funding)
    page = client_for("grants_officer").get(review_url(funding)).content.decode()
    assert "Who are you reviewing it for?" in page
    review(client_for, funding, "grants_officer", "accepted", role="scrutineer")
    assert fresh(funding).status == ReturnStatus.SUBMITTED
    response = client_for("grants_officer").get(review_url(funding))
    assert response.status_code == 302
    # Another grants officer completes it.
    gil = make_user("gil@opcc.example", "Gil Grants", world.opcc, [(world.testford, "grants_officer")])
    sign_in(Client(), gil).post(review_url(funding), {"version": str(fresh(funding).version), "outcome": "accepted"})
    assert fresh(funding).status == ReturnStatus.ACCEPTED


def test_a_review_of_a_return_resubmitted_meanwhile_is_refused_and_explained(funding, client_for):
    submit(client_for, funding)
    shown = str(fresh(funding).version)
    review(client_for, funding, "grants_officer", "queried", "Add the sources.")
    submit(client_for, funding, narrative="Sources added.")
    response = client_for("coordinator").post(review_url(funding), {"version": shown, "outcome": "accepted"})
    assert response.status_code == 409
    assert "Someone else changed this return" in response.content.decode()
    assert fresh(funding).scrutineer_accepted_at is None


def test_a_return_not_yet_submitted_cannot_be_reviewed(funding, client_for):
    response = client_for("grants_officer").get(review_url(funding))
    assert response.status_code == 302
    assert "has not been submitted yet" in client_for("grants_officer").get(response["Location"]).content.decode()


# Who may do what


@pytest.mark.parametrize("persona", ["council_caseworker", "intelligence_officer", "outsider"])
def test_nobody_without_standing_finds_a_return(funding, client_for, persona):
    client = client_for(persona)
    for name in ("funding:return-detail", "funding:return-submit", "funding:return-review"):
        assert client.get(reverse(name, args=[funding.first_return.pk])).status_code == 404
    assert client.post(submit_url(funding), form_data(funding)).status_code == 404
    assert fresh(funding).status == ReturnStatus.NOT_SUBMITTED


def test_the_scrutineer_may_not_submit_and_the_recipient_may_not_review(funding, client_for):
    assert client_for("coordinator").post(submit_url(funding), form_data(funding)).status_code == 403
    assert fresh(funding).status == ReturnStatus.NOT_SUBMITTED
    submit(client_for, funding)
    assert review(client_for, funding, "charity_caseworker", "accepted").status_code == 403
    assert fresh(funding).scrutineer_accepted_at is None and fresh(funding).office_accepted_at is None


def test_the_return_page_is_audited_and_shows_figures_against_targets(funding, client_for):
    submit(client_for, funding, evidence=SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64))
    page = client_for("grants_officer").get(reverse("funding:return-detail", args=[funding.first_return.pk]))
    text = page.content.decode()
    assert re.search(r"Referrals received</th>\s*<td[^>]*>20</td>\s*<td[^>]*>18</td>", text)
    assert re.search(r"People supported</th>\s*<td[^>]*>15</td>\s*<td[^>]*>9</td>", text)
    assert "Download photo.png" in text
    assert AuditEntry.objects.filter(action="view", object_id=str(funding.first_return.pk)).exists()


# Overdue


def test_an_overdue_return_is_flagged_on_the_list_and_the_grant_page(funding, client_for):
    assert fresh(funding).is_overdue()  # its due date has passed
    listing = client_for("grants_officer").get(reverse("funding:return-list")).content.decode()
    assert 'govuk-tag--red">Overdue' in listing
    grant_page = client_for("grants_officer").get(reverse("funding:grant-detail", args=[funding.grant.pk]))
    assert "1 return is overdue." in grant_page.content.decode()
    submit(client_for, funding)
    listing = client_for("grants_officer").get(reverse("funding:return-list")).content.decode()
    assert "Overdue" not in listing


def test_reminders_go_once_to_the_recipient_and_the_grants_officers(funding, client_for, world, personas):
    make_user("bea@brightway.example", "Bea Brightway", world.charity, [(world.testford, "caseworker")])
    make_user("nobody@brightway.example", "No Role", world.charity)  # no role in the partnership
    mail.outbox.clear()
    out = StringIO()
    call_command("send_overdue_return_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 2 overdue return reminders."
    to_recipient, summary = mail.outbox
    assert sorted(to_recipient.to) == ["bea@brightway.example", "charlie@brightway.example"]
    assert "overdue for Advocate post" in to_recipient.subject
    assert reverse("funding:return-detail", args=[funding.first_return.pk]) in to_recipient.body
    assert summary.to == ["greta@opcc.example"]
    assert "Advocate post (Brightway)" in summary.body
    assert fresh(funding).overdue_reminder_sent_on == timezone.localdate()

    mail.outbox.clear()
    assert services_returns.send_overdue_return_reminders() == 0  # once per return, however long overdue
    assert mail.outbox == []


def test_once_someone_has_submitted_a_return_they_are_the_one_reminded(funding, client_for, world):
    make_user("bea@brightway.example", "Bea Brightway", world.charity, [(world.testford, "caseworker")])
    submit(client_for, funding)
    review(client_for, funding, "coordinator", "queried", "Please add the sources.")  # back, and overdue again
    second = PerformanceReturn.objects.create(
        grant=funding.grant,
        period_start=funding.first_return.period_end + timedelta(days=1),
        period_end=funding.first_return.period_end + timedelta(days=30),
        due_on=timezone.localdate() - timedelta(days=1),
    )
    mail.outbox.clear()
    services_returns.send_overdue_return_reminders()
    to_recipient = mail.outbox[0]
    assert to_recipient.to == ["charlie@brightway.example"]
    assert "2 performance returns are overdue" in to_recipient.subject
    assert PerformanceReturn.objects.get(pk=second.pk).overdue_reminder_sent_on == timezone.localdate()


def test_returns_not_yet_due_or_already_in_are_not_reminded(funding, client_for):
    PerformanceReturn.objects.filter(pk=funding.first_return.pk).update(due_on=timezone.localdate())
    assert services_returns.send_overdue_return_reminders() == 0  # due today: not overdue yet
    PerformanceReturn.objects.filter(pk=funding.first_return.pk).update(due_on=timezone.localdate() - timedelta(days=5))
    submit(client_for, funding)
    assert services_returns.send_overdue_return_reminders() == 0
    assert mail.outbox == []


# The list


def test_the_list_filters_by_status_grant_and_overdue(funding, client_for, world):
    other = make_grant(funding.fund, world.council, title="Outreach worker", scrutineer=None)
    PerformanceReturn.objects.create(
        grant=other,
        period_start=other.starts_on,
        period_end=other.starts_on + timedelta(days=30),
        due_on=timezone.localdate() + timedelta(days=60),
    )
    client = client_for("grants_officer")
    url = reverse("funding:return-list")
    assert "2 returns" in client.get(url).content.decode()
    overdue = client.get(url, {"overdue": "on"}).content.decode()
    assert "1 return matching the filter" in overdue and "Advocate post" in overdue.split("<tbody")[1]
    by_grant = client.get(url, {"grant": other.pk}).content.decode()
    assert "Outreach worker" in by_grant.split("<tbody")[1] and "Advocate post" not in by_grant.split("<tbody")[1]
    submit(client_for, funding)
    submitted = client.get(url, {"status": "submitted"}).content.decode()
    assert "1 return matching the filter" in submitted and "Advocate post" in submitted.split("<tbody")[1]
    # Brightway sees only its own grant's returns.
    charity = client_for("charity_caseworker").get(url).content.decode()
    assert "1 return" in charity and "Outreach worker" not in charity.split("<tbody")[1]


def test_the_list_takes_the_same_number_of_queries_for_3_or_30_returns(funding, client_for):
    client = client_for("grants_officer")
    url = reverse("funding:return-list")

    def add_returns(count):
        start = PerformanceReturn.objects.filter(grant=funding.grant).latest("period_end").period_end
        for n in range(count):
            day = start + timedelta(days=n + 1)
            PerformanceReturn.objects.create(grant=funding.grant, period_start=day, period_end=day, due_on=day)

    add_returns(2)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_returns(27)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "30 returns" in page
    assert len(many) == len(few)


# The grant page


def test_the_grant_page_shows_the_returns_over_time_as_a_chart_and_tables(funding, client_for):
    submit(client_for, funding)
    html = Template("{% load funding_returns %}{% grant_returns grant %}").render(Context({"grant": funding.grant}))
    assert 'role="img"' in html
    assert 'aria-label="Referrals received in each period"' in html
    assert "Target for each period: 20." in html  # in the chart's description
    assert re.search(r"<desc id=\"grant-\d+-measure-\d+-desc\">[A-Z][a-z]{2}–[A-Z][a-z]{2} \d{4}: 18", html)
    assert re.search(r"Referrals received</th>\s*<td[^>]*>20</td>\s*<td[^>]*>18</td>\s*<td[^>]*>2 short</td>", html)
    assert 'govuk-tag--blue">Submitted' in html


def test_the_grant_pages_returns_take_the_same_queries_however_many_periods(funding, client_for):
    def render():
        with CaptureQueriesContext(connection) as queries:
            Template("{% load funding_returns %}{% grant_returns grant %}").render(Context({"grant": funding.grant}))
        return len(queries)

    few = render()
    for n in range(6):
        day = funding.first_return.period_end + timedelta(days=n + 1)
        PerformanceReturn.objects.create(grant=funding.grant, period_start=day, period_end=day, due_on=day)
    assert render() == few


def test_the_grant_page_says_when_no_returns_are_scheduled(world, personas):
    from waymark.funding.tests.factories import make_fund

    grant = make_grant(make_fund(world, name="Small grants"), world.charity)
    html = Template("{% load funding_returns %}{% grant_returns grant %}").render(Context({"grant": grant}))
    assert "No returns are scheduled yet." in html


# The chart's geometry (pure)


@pytest.mark.parametrize(("highest", "top"), [(0, 1), (1, 2), (6, 8), (18, 20), (20, 30), (45, 50), (95, 200)])
def test_the_chart_is_scaled_to_a_round_figure_with_room_above_the_highest(highest, top):
    assert returns_chart.scale_top(highest) == top


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2026-04-01", "2026-06-30", ("Apr–Jun", "2026")),
        ("2027-01-01", "2027-01-31", ("Jan", "2027")),
        ("2026-10-01", "2027-03-31", ("Oct–Mar", "2026–27")),
    ],
)
def test_a_period_is_named_in_two_short_lines(start, end, label):
    from datetime import date

    assert returns_chart.period_label(date.fromisoformat(start), date.fromisoformat(end)) == label


def test_columns_are_as_tall_as_their_figures_and_the_target_is_drawn_at_its_height():
    chart = returns_chart.column_chart("c", "Referrals", [(("Apr–Jun", "2026"), 20), (("Jul–Sep", "2026"), None)], 10)
    full, missing = chart.columns
    assert full.height == round(returns_chart.PLOT_HEIGHT * 20 / 30)  # the scale's top is 30
    assert full.y + full.height == chart.baseline_y
    assert (missing.height, missing.value_text) == (0, "–")
    assert chart.target_y == chart.baseline_y - round(returns_chart.PLOT_HEIGHT * 10 / 30)
    assert chart.description == "Apr–Jun 2026: 20; Jul–Sep 2026: not reported. Target for each period: 10."
