"""Sign-off, decision and publication through the pages: the order cannot be skipped, each signature
needs a fresh code, a signer needs the role, and the right people are told."""

from __future__ import annotations

import html
import time
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp import match_token
from django_otp.oath import TOTP

from conftest import make_user, sign_in
from waymark.accounts.services import issue_backup_codes
from waymark.core.models import AuditEntry
from waymark.funding.decision_flow import State
from waymark.funding.models import (
    AppendixPublication,
    DecisionReport,
    GrantStatus,
    SignOff,
    SignOffKind,
    SignOffOutcome,
)
from waymark.funding.tests.factories import funding_for_testford, make_grant, signers
from waymark.funding.tests.matrix_decisions import (
    PDF_BYTES,
    add_appendix,
    approved,
    decided,
    publication,
    sent,
)

pytestmark = pytest.mark.django_db

SECRET = "The provider's staff are Alex Example and Sam Sample."


@pytest.fixture(autouse=True)
def _documents(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def funding(world, personas):
    return funding_for_testford(world, personas)


@pytest.fixture
def people(world):
    return signers(world)


def totp(user, steps_ahead=0):
    """The user's authenticator code now (or a later 30-second step, as a phone a little ahead shows)."""
    device = user.totpdevice_set.get()
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + steps_ahead * device.step
    return f"{generator.token():0{device.digits}d}"


def client(user):
    return sign_in(Client(), user)


def state(report):
    return DecisionReport.objects.get(pk=report.pk).flow_state


def url(name, report):
    return reverse(f"funding:decision-{name}", args=[report.pk])


def approve(user, report, code, **answers):
    return client(user).post(
        url("approve", report),
        {"outcome": "approve", "comments": "", "version": report.version, "code": code, **answers},
    )


def decide(user, report, code, **answers):
    return client(user).post(
        url("decide", report),
        {
            "outcome": "agree",
            "reasons": "",
            "capacity": "Commissioner",
            "version": report.version,
            "code": code,
            **answers,
        },
    )


def text(response):
    """The page as a person reads it (entities such as &#x27; unescaped)."""
    return html.unescape(response.content.decode())


# Sending for sign-off


def test_a_report_with_sections_missing_cannot_be_sent(funding, personas):
    funding.report.background = ""
    funding.report.save()
    greta = client(personas["grants_officer"])
    page = greta.get(url("send", funding.report))
    assert "Complete these sections before sending for sign-off: Background" in text(page)
    assert b"Send for sign-off</button>" not in page.content
    response = greta.post(url("send", funding.report))
    assert response.status_code == 400
    assert "govuk-error-summary" in text(response)
    assert state(funding.report) == State.DRAFT
    assert not mail.outbox


def test_sending_tells_both_officers(funding, personas, people):
    funding.report.created_by = personas["grants_officer"]
    funding.report.save()
    response = client(personas["grants_officer"]).post(url("send", funding.report))
    assert response.status_code == 302
    assert response["Location"] == reverse("funding:report-detail", args=[funding.report.pk])
    assert state(funding.report) == State.AWAITING_SIGN_OFF
    [message] = mail.outbox
    assert sorted(message.to) == ["edith@opcc.example", "frank@opcc.example"]
    assert funding.report.reference in message.subject
    assert reverse("funding:report-detail", args=[funding.report.pk]) in message.body
    assert "Greta Grants" in message.body


def test_the_coordinator_reads_but_cannot_send(funding, personas):
    assert client(personas["coordinator"]).post(url("send", funding.report)).status_code == 403
    assert state(funding.report) == State.DRAFT


# The officers' approval


def test_no_approval_before_sending(funding, people):
    code = totp(people.chief_executive)
    page = client(people.chief_executive).get(url("approve", funding.report))
    assert "only after it is sent for sign-off" in text(page)
    assert b'name="code"' not in page.content
    response = approve(people.chief_executive, funding.report, code)
    assert not SignOff.objects.exists()
    assert state(funding.report) == State.DRAFT
    assert match_token(people.chief_executive, code) is not None, "a refusal must not use up the code"
    assert response.status_code == 400


def test_both_officers_approve_in_either_order_then_the_commissioner_is_told(funding, personas, people):
    report = sent(funding, personas)
    mail.outbox.clear()
    response = approve(people.chief_finance_officer, report, totp(people.chief_finance_officer))
    assert response.status_code == 302
    assert state(report) == State.AWAITING_SIGN_OFF
    assert not mail.outbox
    backup = issue_backup_codes(people.chief_executive)[0]
    response = approve(people.chief_executive, report, backup)
    assert response.status_code == 302
    assert state(report) == State.AWAITING_DECISION
    approvals = SignOff.objects.filter(report=report, outcome=SignOffOutcome.APPROVED).order_by("signed_at")
    assert [(s.kind, s.name, s.capacity) for s in approvals] == [
        ("chief_finance_officer", "Frank Finance", "Chief finance officer"),
        ("monitoring_officer", "Edith Executive", "Chief executive and monitoring officer"),
    ]
    assert all(s.two_factor_checked_at is not None for s in approvals)
    [message] = mail.outbox
    assert message.to == ["pat@opcc.example"]
    assert "Frank Finance" in message.body and "Edith Executive" in message.body


def test_a_wrong_code_signs_nothing(funding, personas, people):
    report = sent(funding, personas)
    wrong = "000000" if totp(people.chief_executive) != "000000" else "111111"
    response = approve(people.chief_executive, report, wrong)
    assert response.status_code == 400
    assert "The code is not right" in text(response)
    assert not SignOff.objects.exists()
    assert state(report) == State.AWAITING_SIGN_OFF
    assert AuditEntry.objects.filter(action="sign_in_failed", object_id=str(report.pk)).exists()


def test_a_code_already_used_signs_nothing(funding, personas, people):
    report = sent(funding, personas)
    code = totp(people.chief_executive)
    assert match_token(people.chief_executive, code) is not None  # used to sign in, say
    response = approve(people.chief_executive, report, code)
    assert response.status_code == 400
    assert "The code is not right" in text(response)
    assert not SignOff.objects.exists()
    # At once, even the right code is refused, and the page says why.
    response = approve(people.chief_executive, report, totp(people.chief_executive, steps_ahead=1))
    assert "wait a moment" in text(response)
    assert not SignOff.objects.exists()
    # A moment later, the next code (from the next 30 seconds) signs.
    time.sleep(2.1)
    assert approve(people.chief_executive, report, totp(people.chief_executive, steps_ahead=1)).status_code == 302
    assert SignOff.objects.filter(kind=SignOffKind.MONITORING_OFFICER).count() == 1


def test_a_used_backup_code_cannot_sign_again(funding, personas, people):
    report = sent(funding, personas)
    backup = issue_backup_codes(people.chief_executive)[0]
    assert match_token(people.chief_executive, backup) is not None
    assert approve(people.chief_executive, report, backup).status_code == 400
    assert not SignOff.objects.exists()


def test_an_officer_cannot_approve_twice(funding, personas, people):
    report = sent(funding, personas)
    assert approve(people.chief_executive, report, totp(people.chief_executive)).status_code == 302
    page = client(people.chief_executive).get(url("approve", report))
    assert "has already approved this report" in text(page)
    response = approve(people.chief_executive, report, totp(people.chief_executive, steps_ahead=1))
    assert response.status_code == 400
    assert SignOff.objects.count() == 1


def test_two_approvals_at_once_keep_one_and_say_so(funding, personas, people, world, monkeypatch):
    """If the state check raced (two tabs at once), the database constraint keeps the first."""
    from django.utils import timezone

    from waymark.funding import services_decisions
    from waymark.funding.decision_flow import Officer, Refused

    report = sent(funding, personas)
    assert approve(people.chief_executive, report, totp(people.chief_executive)).status_code == 302
    monkeypatch.setattr(DecisionReport, "officers_approved", lambda self: set())
    # A second chief executive, so that only the constraint stands in the way.
    second = make_user("eve@opcc.example", "Eve Executive", world.opcc, [(world.testford, "chief_executive")])
    with pytest.raises(Refused, match="already approved"):
        services_decisions.officer_sign_off(
            report=report,
            officer=Officer.MONITORING_OFFICER,
            approve=True,
            comments="",
            version=report.version,
            by=second,
            two_factor_checked_at=timezone.now(),
        )
    assert SignOff.objects.count() == 1


def test_returning_for_changes_needs_comments_and_starts_the_round_again(funding, personas, people):
    report = sent(funding, personas)
    assert approve(people.chief_executive, report, totp(people.chief_executive)).status_code == 302
    mail.outbox.clear()
    code = totp(people.chief_finance_officer)
    response = approve(people.chief_finance_officer, report, code, outcome="return", comments="  ")
    assert response.status_code == 400
    assert "Say what needs to change" in text(response)
    assert state(report) == State.AWAITING_SIGN_OFF
    response = approve(people.chief_finance_officer, report, code, outcome="return", comments="Cost the pension.")
    assert response.status_code == 302
    assert state(report) == State.DRAFT
    assert SignOff.objects.get(kind=SignOffKind.MONITORING_OFFICER).superseded
    returned = SignOff.objects.get(outcome=SignOffOutcome.RETURNED)
    assert returned.comments == "Cost the pension." and not returned.superseded
    [message] = mail.outbox
    assert message.to == ["greta@opcc.example"]
    assert "returned for changes" in message.subject

    # Sent again, both officers approve afresh: the earlier approval does not count.
    assert client(personas["grants_officer"]).post(url("send", report)).status_code == 302
    assert approve(people.chief_executive, report, totp(people.chief_executive, steps_ahead=1)).status_code == 302
    assert state(report) == State.AWAITING_SIGN_OFF
    assert not SignOff.objects.filter(superseded=False).exclude(outcome=SignOffOutcome.APPROVED).exists()


def test_an_approval_of_a_text_that_changed_meanwhile_is_refused(funding, personas, people):
    report = sent(funding, personas)
    shown = report.version
    DecisionReport.objects.filter(pk=report.pk).update(version=shown + 1)  # returned, edited and sent again
    response = client(people.chief_executive).post(
        url("approve", report), {"outcome": "approve", "version": shown, "code": totp(people.chief_executive)}
    )
    assert response.status_code == 400
    assert "The report was changed while you were reading it" in text(response)
    assert not SignOff.objects.exists()


@pytest.mark.parametrize(
    ("signer", "page", "builder"),
    [
        ("commissioner", "approve", "sent"),
        ("chief_finance_officer", "decide", "approved"),
        ("chief_executive", "decide", "approved"),
        ("chief_finance_officer", "redaction", "pending"),
        ("commissioner", "redaction", "pending"),
    ],
)
def test_a_signer_without_the_role_is_forbidden(funding, personas, people, signer, page, builder):
    if builder == "sent":
        report = sent(funding, personas)
    elif builder == "approved":
        report = approved(funding, personas, people)
    else:
        report = publication(decided(funding, personas, people), personas, redacted_sections=["legal_implications"])
    user = getattr(people, signer)
    assert client(user).get(url(page, report)).status_code == 403
    assert client(user).post(url(page, report), {"code": totp(user)}).status_code == 403


# The decision


def test_no_decision_before_both_officers_approve(funding, personas, people):
    report = sent(funding, personas)
    assert approve(people.chief_executive, report, totp(people.chief_executive)).status_code == 302
    page = client(people.commissioner).get(url("decide", report))
    assert "decides only after the monitoring officer and the chief finance officer approve" in text(page)
    response = decide(people.commissioner, report, totp(people.commissioner))
    assert response.status_code == 400
    assert not SignOff.objects.filter(kind=SignOffKind.DECISION).exists()


def test_agreeing_approves_the_grant_and_tells_the_office(funding, personas, people):
    report = approved(funding, personas, people)
    mail.outbox.clear()
    response = decide(people.commissioner, report, totp(people.commissioner), capacity="Deputy commissioner")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.flow_state == State.AGREED and report.decided_at is not None
    funding.grant.refresh_from_db()
    assert funding.grant.status == GrantStatus.APPROVED
    decision = SignOff.objects.get(kind=SignOffKind.DECISION)
    assert (decision.outcome, decision.name, decision.capacity) == ("agreed", "Pat Commissioner", "Deputy commissioner")
    [message] = mail.outbox
    assert message.to == ["greta@opcc.example"]  # the creator and the grants officers, once each
    assert "Agreed, by Pat Commissioner (Deputy commissioner)" in message.body


def test_disagreeing_needs_reasons_and_declines_the_grant(funding, personas, people):
    report = approved(funding, personas, people)
    code = totp(people.commissioner)
    response = decide(people.commissioner, report, code, outcome="disagree", reasons=" ")
    assert response.status_code == 400
    assert "Give the reasons for disagreeing" in text(response)
    assert state(report) == State.AWAITING_DECISION
    response = decide(people.commissioner, report, code, outcome="disagree", reasons="Not value for money.")
    assert response.status_code == 302, "the refusal did not use up the code"
    report.refresh_from_db()
    assert report.flow_state == State.DISAGREED
    assert report.decision_reasons == "Not value for money."
    funding.grant.refresh_from_db()
    assert funding.grant.status == GrantStatus.DECLINED


def test_agreeing_is_refused_when_the_fund_cannot_commit_the_grant(funding, personas, people, world):
    make_grant(funding.fund, world.police, title="Pilot", amount="40000.00", status=GrantStatus.APPROVED)
    report = approved(funding, personas, people)  # £64,000 available, £40,000 committed: £24,000 left
    page = client(people.commissioner).get(url("decide", report))
    assert "it has £24,000.00 remaining" in text(page)
    response = decide(people.commissioner, report, totp(people.commissioner))
    assert response.status_code == 400
    assert "cannot commit this grant of £34,000.00: it has £24,000.00 remaining" in text(response)
    assert state(report) == State.AWAITING_DECISION
    funding.grant.refresh_from_db()
    assert funding.grant.status == GrantStatus.PROPOSED
    assert funding.fund.position().remaining == Decimal("24000.00")


# Publication


def publish(report, personas, **answers):
    data = {"publish": "yes", "reason_not_published": "", "redaction_details": "", **answers}
    return client(personas["grants_officer"]).post(url("publication", report), data)


def test_no_publication_before_the_decision(funding, personas, people):
    report = approved(funding, personas, people)
    page = client(personas["grants_officer"]).get(url("publication", report))
    assert "Publication is decided only after the commissioner's decision" in text(page)
    response = publish(report, personas)
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.flow_state == State.AWAITING_DECISION and report.publish is None


def test_published_without_redaction_at_once(funding, personas, people):
    report = decided(funding, personas, people)
    response = publish(report, personas)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.flow_state == State.PUBLISHED and report.published_at is not None


def test_not_published_needs_a_reason_citing_the_classification(funding, personas, people):
    report = decided(funding, personas, people)
    page = client(personas["grants_officer"]).get(url("publication", report))
    assert "This report is classified OFFICIAL." in text(page)
    response = publish(report, personas, publish="no")
    assert response.status_code == 400
    assert "Say why the report is not published, citing its classification" in text(response)
    response = publish(report, personas, publish="no", reason_not_published="OFFICIAL-SENSITIVE: commercial terms.")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.flow_state == State.NOT_PUBLISHED
    assert report.reason_not_published == "OFFICIAL-SENSITIVE: commercial terms."


def test_a_redaction_must_be_described_and_waits_for_its_sign_off(funding, personas, people):
    report = decided(funding, personas, people)
    response = publish(report, personas, redacted_sections=["legal_implications"])
    assert response.status_code == 400
    assert "Say what is redacted, and why" in text(response)
    response = publish(
        report, personas, redacted_sections=["legal_implications"], redaction_details="Names of the provider's staff."
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.flow_state == State.REDACTION_PENDING
    assert report.redacted_sections == ["legal_implications"] and report.published_at is None


def test_an_appendix_redacted_version_is_checked_by_its_content(funding, personas, people):
    report = decided(funding, personas, people)
    appendix = add_appendix(report)
    prefix = f"appendix-{appendix.pk}"
    answers = {
        f"{prefix}-publication": AppendixPublication.PUBLISH_REDACTED,
        f"{prefix}-reason": "Staff names removed.",
        "redaction_details": "Staff names removed from the plan.",
    }
    response = publish(report, personas, **answers)
    assert response.status_code == 400
    assert "Upload the redacted version of “Costed delivery plan”" in text(response)
    fake = SimpleUploadedFile("plan-redacted.pdf", b"MZ\x90\x00 not a pdf at all")
    response = publish(report, personas, **answers, **{f"{prefix}-redacted_file": fake})
    assert response.status_code == 400
    assert "The selected file must be a PDF, DOC or DOCX" in text(response)
    redacted = SimpleUploadedFile("plan-redacted.pdf", PDF_BYTES + b"% redacted\n")
    response = publish(report, personas, **answers, **{f"{prefix}-redacted_file": redacted})
    assert response.status_code == 302
    appendix.refresh_from_db()
    report.refresh_from_db()
    assert report.flow_state == State.REDACTION_PENDING
    assert appendix.public_document == "redacted_document"
    assert appendix.redacted_document.read().endswith(b"% redacted\n")


def test_withholding_an_appendix_needs_a_reason(funding, personas, people):
    report = decided(funding, personas, people)
    appendix = add_appendix(report)
    prefix = f"appendix-{appendix.pk}"
    response = publish(report, personas, **{f"{prefix}-publication": AppendixPublication.WITHHOLD})
    assert response.status_code == 400
    assert "Say why “Costed delivery plan” is not published" in text(response)
    response = publish(
        report, personas, **{f"{prefix}-publication": AppendixPublication.WITHHOLD, f"{prefix}-reason": "Commercial."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.flow_state == State.PUBLISHED  # withholding an appendix is not a redaction


def test_the_redaction_sign_off_shows_what_the_public_will_see(funding, personas, people):
    funding.report.legal_implications = SECRET
    funding.report.save()
    report = publication(decided(funding, personas, people), personas, redacted_sections=["legal_implications"])
    page = client(people.chief_executive).get(url("redaction", report))
    shown = text(page)
    preview = shown[shown.index("What the public will see") :]
    assert SECRET not in preview
    assert "This section has been redacted from the published version." in preview
    assert "10. Legal implications" in shown
    assert client(personas["grants_officer"]).get(url("redaction", report)).status_code == 403

    response = client(people.chief_executive).post(url("redaction", report), {"version": report.version, "code": "12"})
    assert response.status_code == 400
    assert state(report) == State.REDACTION_PENDING
    response = client(people.chief_executive).post(
        url("redaction", report), {"version": report.version, "code": totp(people.chief_executive)}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.flow_state == State.PUBLISHED and report.published_at is not None
    sign_off = SignOff.objects.get(kind=SignOffKind.REDACTION)
    assert sign_off.capacity == "Chief executive and monitoring officer"


def test_no_redaction_sign_off_when_none_is_waiting(funding, personas, people):
    report = decided(funding, personas, people)
    page = client(people.chief_executive).get(url("redaction", report))
    assert "There is no redaction waiting for sign-off" in text(page)


# The panel on the report's page


def panel(report, user):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load funding_sign_off %}{% report_sign_off report %}").render(
        Context({"request": request, "report": DecisionReport.objects.get(pk=report.pk)})
    )


def test_the_panel_offers_each_user_only_their_next_step(funding, personas, people):
    report = funding.report
    assert "Send for sign-off" in panel(report, personas["grants_officer"])
    assert "Send for sign-off" not in panel(report, personas["coordinator"])
    report = sent(funding, personas)
    assert "Approve or return for changes" in panel(report, people.chief_executive)
    assert "Approve or return for changes" not in panel(report, people.commissioner)
    assert approve(people.chief_executive, report, totp(people.chief_executive)).status_code == 302
    assert "Approve or return for changes" not in panel(report, people.chief_executive)
    assert "Approve or return for changes" in panel(report, people.chief_finance_officer)
    assert approve(people.chief_finance_officer, report, totp(people.chief_finance_officer)).status_code == 302
    shown = panel(report, people.commissioner)
    assert "Record the decision" in shown
    assert "Edith Executive" in shown and "Frank Finance" in shown
    assert "Approve or return for changes" not in panel(report, people.chief_executive)


def test_every_action_is_audited(funding, personas, people):
    report = decided(funding, personas, people)
    assert publish(report, personas).status_code == 302
    kinds = set(
        AuditEntry.objects.filter(object_type="funding.SignOff").values_list("detail__outcome", flat=True).distinct()
    )
    assert kinds == {"approved", "agreed"}
    states = [
        entry.detail["state"]
        for entry in AuditEntry.objects.filter(object_type="funding.DecisionReport", action="update").order_by(
            "sequence"
        )
    ]
    assert [s[1] for s in states] == [
        "awaiting_sign_off",
        "awaiting_sign_off",
        "awaiting_decision",
        "agreed",
        "published",
    ]
    assert AuditEntry.objects.filter(object_type="funding.Grant", detail__status=["proposed", "approved"]).exists()
