"""End to end, in the real browser: a council caseworker and a charity caseworker work the same case,
and a third organisation in the same partnership cannot find it (issue 4, "Tests and measurements").

The scenario builds on the demo case that `seed_demo` opens in Kettleford (reference KT-...), referred
by Kettleford Borough Council about a boy who may be 16. The pathway gave the council the NRM referral
task; nobody gave a task to Harbourlight Trust or Open Door Advocacy, so neither can see the case to
begin with, and only the share made in the browser lets Harbourlight Trust in. Using the demo case
rather than one made in setup means the test also proves the demo a partnership is shown works.

1. Chloe Adams (Harbourlight Trust, a charity) signs in: the case is not in her Cases list.
2. Marcus Bell (Kettleford Borough Council) opens the case from his Cases list, accepts the NRM
   referral task on its task page, records the NRM referral and a positive reasonable grounds
   decision, records the boy's consent to share with Harbourlight Trust, and shares the case with
   Harbourlight Trust on that consent.
3. Chloe finds the case in her Cases list, sees the decision and the share, reads the NRM record
   (she may not change it) and records the boy's consent to contact from the police, which Marcus
   sees on the case. Harbourlight owns no task on this case, so there is none for it to accept.
4. Joanna Kowalczyk (Open Door Advocacy, a charity in the same partnership) cannot find the case in
   her Cases list and gets the "Page not found" page for its case, task and NRM addresses.

Each person has their own browser context and signs in for real (password, then authenticator code).
axe-core checks every page visited against WCAG 2.2 AA.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from waymark.cases import nrm_rules
from waymark.cases.models import Case, CaseShare, ConsentPurpose, LawfulBasis, NRMReferral, TaskStatus
from waymark.cases.tests.test_e2e_report_concern import sign_in
from waymark.core.tests.test_e2e_coordinator import assert_accessible, demo  # noqa: F401

COUNCIL = "kettleford.caseworker@kettleford.northshire.example"  # Marcus Bell, Kettleford Borough Council
CHARITY = "harbourlight.caseworker@harbourlight.northshire.example"  # Chloe Adams, Harbourlight Trust
THIRD = "advocate@opendoor.northshire.example"  # Joanna Kowalczyk, Open Door Advocacy
HARBOURLIGHT = "Harbourlight Trust"
NRM_TASK = "Make the National Referral Mechanism referral"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in_page(browser: Browser, browser_context_args: dict, base: str, email: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    sign_in(page, base, email)
    assert_accessible(page, f"the home page of {email}")
    return context, page


def open_cases_list(page: Page, who: str) -> None:
    page.locator(".govuk-service-navigation").get_by_role("link", name="Cases", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    assert_accessible(page, f"the Cases list of {who}")


def cases_table(page: Page):
    return page.locator("table", has=page.locator("caption", has_text=re.compile(r"^\d+ cases?")))


def expect_success(page: Page, text: str | re.Pattern[str]) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def fill_date(page: Page, day) -> None:
    page.get_by_label("Day", exact=True).fill(str(day.day))
    page.get_by_label("Month", exact=True).fill(str(day.month))
    page.get_by_label("Year", exact=True).fill(str(day.year))


def expect_not_found(page: Page, url: str, where: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 404, f"{where} ({url}) answered {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("main")).not_to_contain_text("KT-")
    assert_accessible(page, where)


def council_works_the_case(page: Page, case: Case) -> None:
    """Marcus accepts his task, records the NRM referral and decision, the consent, and shares."""
    open_cases_list(page, "the council caseworker")
    cases_table(page).get_by_role("link", name=case.reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {case.reference}")
    assert_accessible(page, "the case page (council)")

    # Accept the NRM referral task on its page.
    tasks = page.locator("table", has=page.locator("caption", has_text="Tasks, in the order to do them"))
    row = tasks.locator("tbody tr", has=page.get_by_role("link", name=NRM_TASK, exact=True))
    expect(row).to_contain_text("Kettleford Borough Council")
    row.get_by_role("link", name=NRM_TASK, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NRM_TASK)
    assert_accessible(page, "the task page")
    page.get_by_role("button", name="Accept the task", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/#tasks$"))
    expect_success(page, f"Kettleford Borough Council accepted the task: {NRM_TASK}")
    expect(row).to_contain_text("Accepted")
    assert_accessible(page, "the case page after accepting the task")
    assert case.tasks.get(code="nrm_referral").status == TaskStatus.ACCEPTED

    # The NRM referral, then the reasonable grounds decision.
    today = timezone.localdate()
    referred_on = today - timedelta(days=2)
    page.get_by_role("link", name=f"NRM record for case {case.reference}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National Referral Mechanism")
    assert_accessible(page, "the NRM record (empty)")
    page.get_by_role("link", name="Change referral", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("NRM referral")
    assert_accessible(page, "the NRM referral form")
    fill_date(page, referred_on)
    page.get_by_label("Kettleford Borough Council", exact=True).check()
    page.get_by_label("Single Competent Authority (SCA)", exact=True).check()
    page.get_by_label("Home Office reference (optional)").fill("NRM-E2E-0001")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National Referral Mechanism")
    expect_success(page, "NRM referral saved")
    assert_accessible(page, "the NRM record after the referral")

    page.get_by_role("link", name="Change reasonable grounds decision", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reasonable grounds decision")
    assert_accessible(page, "the reasonable grounds decision form")
    # A mistake first: no answers. The errors are explained and the page stays accessible.
    page.get_by_role("button", name="Save", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select whether the decision was positive or negative")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, "the reasonable grounds decision form with errors")
    fill_date(page, today)
    page.get_by_label("Positive", exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()
    recovery_ends = nrm_rules.recovery_period_end(today, "positive", "england")
    expect_success(page, "Reasonable grounds decision saved. It met the 5 working day target.")
    expect_success(page, f"The recovery period ends on {nrm_rules.long_date(recovery_ends)}.")
    assert_accessible(page, "the NRM record after the decision")
    nrm = NRMReferral.objects.get(case=case)
    assert (nrm.referred_on, nrm.rg_decision_on, nrm.rg_outcome) == (referred_on, today, "positive")

    # Consent to share with Harbourlight Trust, then the share resting on it.
    page.get_by_role("link", name=f"Back to case {case.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {case.reference}")
    page.get_by_role("link", name="Record consent", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record consent")
    assert_accessible(page, "the consent form")
    page.get_by_label("Sharing their information with a named organisation", exact=True).check()
    page.get_by_label("Which organisation did they agree to share their information with?").select_option(
        label=HARBOURLIGHT
    )
    page.get_by_label("Who gave consent?").select_option(label="Dritan Example")
    fill_date(page, today)
    page.get_by_label("How did they give consent?").fill("Verbally, with an Albanian interpreter")
    page.get_by_role("button", name="Record consent", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {case.reference}")
    expect_success(page, "Consent recorded")
    consents = page.locator("table", has=page.locator("caption", has_text="Consent recorded for this case"))
    expect(consents).to_contain_text(f"Sharing their information with a named organisation: {HARBOURLIGHT}")
    assert_accessible(page, "the case page after recording consent")

    page.get_by_role("link", name="Share the case with another organisation", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share the case")
    assert_accessible(page, "the share form")
    page.get_by_label("Which organisation do you want to share the case with?").select_option(label=HARBOURLIGHT)
    page.get_by_label("Why do they need to know?").fill("Harbourlight will support him through the recovery period.")
    page.get_by_label("Consent recorded", exact=True).check()
    page.get_by_role("button", name="Share the case", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {case.reference}")
    expect_success(page, f"Case shared with {HARBOURLIGHT}")
    shares = page.locator("table", has=page.locator("caption", has_text="Organisations the case is shared with"))
    share_row = shares.locator("tbody tr", has_text=HARBOURLIGHT)
    expect(share_row).to_contain_text("Basis: Consent recorded")
    expect(share_row).to_contain_text("Shared")
    assert_accessible(page, "the case page after sharing")
    share = CaseShare.objects.get(case=case, organisation__name=HARBOURLIGHT)
    assert share.lawful_basis == LawfulBasis.CONSENT
    assert share.consent is not None and share.consent.organisation == share.organisation


def charity_works_the_case(page: Page, case: Case) -> None:
    """Chloe finds the shared case, reads it, and records a consent of her own."""
    open_cases_list(page, "the charity caseworker, after the share")
    cases_table(page).get_by_role("link", name=case.reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {case.reference}")
    expect(page.locator("main")).to_contain_text("Dritan Example")
    expect(page.locator(".govuk-summary-list", has_text="Reasonable grounds")).to_contain_text("Positive")
    shares = page.locator("table", has=page.locator("caption", has_text="Organisations the case is shared with"))
    expect(shares.locator("tbody tr", has_text=HARBOURLIGHT)).to_contain_text("Shared")
    # Harbourlight is neither lead nor referrer: it may not share the case on, nor stop the sharing.
    expect(page.get_by_role("link", name="Share the case with another organisation")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Stop sharing"))).to_have_count(0)
    assert_accessible(page, "the case page (charity)")

    page.get_by_role("link", name=f"NRM record for case {case.reference}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National Referral Mechanism")
    expect(page.locator("main")).to_contain_text("Single Competent Authority (SCA)")
    expect(page.get_by_role("link", name=re.compile("^Change"))).to_have_count(0)  # read only for Harbourlight
    assert_accessible(page, "the NRM record (charity)")

    page.get_by_role("link", name=f"Back to case {case.reference}").click()
    page.get_by_role("link", name="Record consent", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record consent")
    assert_accessible(page, "the consent form (charity)")
    page.get_by_label("Contact from the police", exact=True).check()
    page.get_by_label("Who gave consent?").select_option(label="Dritan Example")
    fill_date(page, timezone.localdate())
    page.get_by_label("How did they give consent?").fill("In person at the first support meeting")
    page.get_by_role("button", name="Record consent", exact=True).click()
    expect_success(page, "Consent recorded")
    consents = page.locator("table", has=page.locator("caption", has_text="Consent recorded for this case"))
    expect(consents.locator("tbody tr", has_text="Contact from the police")).to_contain_text("Chloe Adams")
    assert_accessible(page, "the case page after the charity recorded consent")
    assert case.consents.filter(purpose=ConsentPurpose.POLICE_CONTACT, recorded_by__email=CHARITY).count() == 1


def test_council_and_charity_work_a_case_a_third_organisation_cannot_find_it(  # noqa: F811
    demo,  # noqa: F811
    live_server,
    browser: Browser,
    browser_context_args,
):
    base = live_server.url
    case = Case.objects.get(reference__startswith="KT-")
    assert case.referring_organisation.name == "Kettleford Borough Council"
    assert not case.tasks.filter(owner_organisation__name__in=[HARBOURLIGHT, "Open Door Advocacy"]).exists()

    contexts: list[BrowserContext] = []
    try:
        # 1. Before anything is shared, the charity cannot find the case.
        charity_context, charity = signed_in_page(browser, browser_context_args, base, CHARITY)
        contexts.append(charity_context)
        open_cases_list(charity, "the charity caseworker, before the share")
        expect(charity.get_by_role("link", name=case.reference)).to_have_count(0)

        # 2. The council caseworker works the case and shares it.
        council_context, council = signed_in_page(browser, browser_context_args, base, COUNCIL)
        contexts.append(council_context)
        council_works_the_case(council, case)

        # 3. The charity caseworker finds it and works on it; the council sees what she did.
        charity_works_the_case(charity, case)
        council.reload()
        timeline = council.locator("ol.waymark-timeline")
        expect(timeline).to_contain_text("Consent recorded: contact from the police")
        expect(timeline).to_contain_text(f"Shared with {HARBOURLIGHT} with consent")
        assert_accessible(council, "the case page (council) after the charity's work")

        # 4. A third organisation in the same partnership finds nothing, even by address.
        third_context, third = signed_in_page(browser, browser_context_args, base, THIRD)
        contexts.append(third_context)
        open_cases_list(third, "the third organisation's caseworker")
        expect(third.get_by_role("link", name=case.reference)).to_have_count(0)
        expect(third.locator("main")).not_to_contain_text(case.reference)
        task = case.tasks.get(code="nrm_referral")
        expect_not_found(third, f"{base}/cases/{case.pk}/", "the case page (third organisation)")
        expect_not_found(third, f"{base}/tasks/{task.pk}/", "the task page (third organisation)")
        expect_not_found(third, f"{base}/cases/{case.pk}/nrm/", "the NRM record (third organisation)")
    finally:
        for context in contexts:
            context.close()
