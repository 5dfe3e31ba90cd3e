"""End to end, in the real browser: the demo coordinator signs in, looks round, invites a user and assigns a role.

Runs Debian's Chromium through Playwright (see the root conftest.py) against pytest-django's live server, and
checks every page it visits with axe-core against WCAG 2.2 AA. A second journey does the same work with
JavaScript turned off, because every page must work without it.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Page, expect

from waymark.accounts.models import Invitation, User
from waymark.partners.models import Role, RoleAssignment

COORDINATOR_EMAIL = "coordinator@county.northshire.example"
DEMO_PASSWORD = "Northshire-demo-2026"
COUNTY = "Northshire Anti-Slavery Partnership"
KETTLEFORD = "Kettleford Anti-Slavery Partnership"
ROLE_VALUES = {label: value for value, label in Role.choices}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}

pytestmark = pytest.mark.django_db(transaction=True)

_axe = Axe()


@pytest.fixture
def demo(settings):
    """Northshire's demo data, as `manage.py seed_demo` builds it (demo mode only)."""
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=StringIO())


def current_code(email: str) -> str:
    """The demo user's authenticator code now, by the documented route: `manage.py demo_code`."""
    buf = StringIO()
    call_command("demo_code", email, stdout=buf)
    code = buf.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code), f"demo_code printed {code!r}"
    return code


def assert_accessible(page: Page, where: str) -> None:
    """axe-core finds nothing against WCAG 2.2 AA; otherwise say what, how bad, and where."""
    results = _axe.run(page, options=AXE_OPTIONS).response
    violations = results["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {where} ({page.url}):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("       " + node["failureSummary"].replace("\n", "\n       "))
    raise AssertionError("\n".join(lines))


def sign_in(page: Page, base_url: str, *, check_accessibility: bool = True) -> None:
    """The real two-step sign-in: e-mail and password, then the authenticator code."""
    page.goto(f"{base_url}/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Waymark")
    if check_accessibility:
        assert_accessible(page, "the sign-in page")
    page.get_by_label("E-mail address").fill(COORDINATOR_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/sign-in/code/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    if check_accessibility:
        assert_accessible(page, "the code page")
    page.get_by_label("Code", exact=True).fill(current_code(COORDINATOR_EMAIL))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(f"{base_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Priya")


def visit(page: Page, url: str, where: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{where} ({url}) answered {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, where)


def expect_success_banner(page: Page, text: str | re.Pattern[str]) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("heading", name="Success")).to_be_visible()
    expect(banner.locator(".govuk-notification-banner__heading")).to_have_text(text)


def invite(page: Page, *, full_name: str, email: str, organisation: str, roles: list[str]) -> None:
    page.get_by_label("Full name").fill(full_name)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Partnership", exact=True).select_option(label=COUNTY)
    page.get_by_label("Organisation they work for").select_option(label=organisation)
    # Roles are checkboxes: a person may hold several.
    role_group = page.get_by_role("group", name="Roles")
    expect(role_group.get_by_role("checkbox")).to_have_count(len(Role.choices))
    for role in roles:
        role_group.get_by_role("checkbox", name=role, exact=True).check()
    for role in roles:
        expect(role_group.get_by_role("checkbox", name=role, exact=True)).to_be_checked()
    page.get_by_role("button", name="Send invitation").click()


def expect_invitation_sent(page: Page, *, full_name: str, email: str, organisation: str, roles: list[str]) -> None:
    expect(page).to_have_url(re.compile(r"/users/$"))
    expect_success_banner(page, re.compile(rf"^Invitation sent to {re.escape(email)}\. It expires on \d+ \w+ \d{{4}}$"))
    waiting = page.locator("table", has=page.locator("caption", has_text="Invitations waiting to be accepted"))
    row = waiting.locator("tbody tr", has_text=email)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(full_name)
    expect(row).to_contain_text(organisation)

    invitation = Invitation.objects.get(email=email)
    assert invitation.full_name == full_name
    assert invitation.organisation.name == organisation
    assert invitation.partnership.name == COUNTY
    assert invitation.roles == sorted(ROLE_VALUES[r] for r in roles)
    sent = [m for m in mail.outbox if email in m.to]
    assert len(sent) == 1, f"expected one invitation e-mail to {email}, got {[(m.to, m.subject) for m in mail.outbox]}"
    assert sent[0].subject == "You have been invited to Waymark"
    link = re.search(r"https?://\S+/invitations/(\S+)/", sent[0].body)
    assert link, f"no invitation link in the e-mail:\n{sent[0].body}"
    assert Invitation.objects.pending().filter(pk=invitation.pk).exists()


@pytest.mark.e2e
def test_coordinator_journey_is_accessible(demo, live_server, page: Page):
    base = live_server.url
    mail.outbox.clear()

    # 1. Sign in: password, then the code from the (demo) authenticator app.
    sign_in(page, base)
    assert_accessible(page, "the home page")

    # 2. Every section in the service navigation, the account page and the footer pages.
    menu = page.locator(".govuk-service-navigation nav[aria-label=Menu] a")
    sections = [(link.inner_text().strip(), link.get_attribute("href")) for link in menu.all()]
    labels = [label for label, _ in sections]
    assert labels == [
        "Home",
        "Report a concern",
        "Cases",
        "Tasks",
        "Triage",
        "People",
        "Governance",
        "Training",
        "Funding",
        "Organisations",
        "Users",
        "Audit log",
        "API tokens",
    ], labels
    for label, href in sections:
        visit(page, base + href, f"the {label!r} section")
        active = page.locator(".govuk-service-navigation nav[aria-label=Menu] a[aria-current=page]")
        expect(active).to_have_text(label)

    page.get_by_role("link", name="Your account").click()
    expect(page).to_have_url(f"{base}/account/")
    visit(page, page.url, "Your account")

    footer = page.locator("footer.govuk-footer")
    for name, path in [
        ("Accessibility statement", "/accessibility/"),
        ("Privacy notice", "/privacy/"),
        ("Cookies", "/cookies/"),
        ("API documentation", "/api/v1/docs/"),
    ]:
        footer.get_by_role("link", name=name, exact=True).click()
        expect(page).to_have_url(f"{base}{path}")
        visit(page, page.url, f"the footer page {name!r}")

    # Pages one step from the navigation: records, forms and their error states.
    page.goto(f"{base}/organisations/")
    page.get_by_role("link", name="Harbourlight Trust").click()
    visit(page, page.url, "an organisation's page")
    page.get_by_role("link", name="Kettleford Anti-Slavery Partnership").first.click()
    visit(page, page.url, "a partnership's page")
    partnership_url = page.url
    page.get_by_role("link", name="Add a member organisation").click()
    visit(page, page.url, "the add-member form")
    page.goto(partnership_url)
    page.get_by_role("link", name="End membership of Harbourlight Trust").click()
    visit(page, page.url, "the end-membership form")
    for path, button, where in [
        ("/organisations/add/", "Add organisation", "the add-organisation form"),
        ("/api/tokens/add/", "Create token", "the create-token form"),
    ]:
        visit(page, base + path, where)
        page.get_by_role("button", name=button).click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
        assert_accessible(page, f"{where} with errors")
    visit(page, f"{base}/audit/?date_from=31/02/2026", "the audit log with a filter error")
    visit(page, f"{base}/two-factor/set-up/", "the authenticator set-up page")

    # 3. Invite a user: first with nothing filled in, then properly.
    page.locator(".govuk-service-navigation").get_by_role("link", name="Users", exact=True).click()
    page.get_by_role("link", name="Invite a user").click()
    expect(page).to_have_url(f"{base}/users/invite/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite a user")
    assert_accessible(page, "the invite form")

    page.get_by_role("button", name="Send invitation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    for message in ("Enter the person's full name", "Enter the person's e-mail address", "Select at least one role"):
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Invite a user"))
    assert_accessible(page, "the invite form with errors")
    # The error summary's links lead to the fields.
    summary.get_by_role("link", name="Enter the person's full name").click()
    expect(page.get_by_label("Full name")).to_be_focused()

    invite(
        page,
        full_name="Ruth Adeyemi",
        email="ruth.adeyemi@county.northshire.example",
        organisation="Northshire County Council",
        roles=["Caseworker", "First responder"],
    )
    expect_invitation_sent(
        page,
        full_name="Ruth Adeyemi",
        email="ruth.adeyemi@county.northshire.example",
        organisation="Northshire County Council",
        roles=["Caseworker", "First responder"],
    )
    assert_accessible(page, "the users page after inviting")

    # 4. Assign a role to Grace Lin, a first responder at Kettleford.
    grace = User.objects.get(full_name="Grace Lin")
    assert not RoleAssignment.objects.filter(user=grace, role="caseworker").exists()
    page.get_by_role("link", name="Grace Lin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grace Lin")
    assert_accessible(page, "Grace Lin's page")

    page.get_by_label("Partnership", exact=True).select_option(label=KETTLEFORD)
    page.get_by_label("Role", exact=True).select_option(label="Caseworker")
    page.get_by_role("button", name="Assign role").click()

    expect(page).to_have_url(f"{base}/users/{grace.pk}/")
    expect_success_banner(page, f"Grace Lin is now caseworker in {KETTLEFORD}")
    roles = page.locator("table", has=page.locator("caption", has_text="Roles in partnerships you coordinate"))
    expect(roles.locator("tbody tr", has_text="Caseworker")).to_contain_text(KETTLEFORD)
    expect(roles.locator("tbody tr", has_text="First responder")).to_contain_text(KETTLEFORD)
    assert_accessible(page, "Grace Lin's page after assigning a role")
    assert RoleAssignment.objects.filter(user=grace, partnership__name=KETTLEFORD, role="caseworker").count() == 1


@pytest.mark.e2e
def test_coordinator_can_sign_in_and_invite_without_javascript(demo, live_server, browser, browser_context_args):
    base = live_server.url
    mail.outbox.clear()
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, base, check_accessibility=False)  # axe needs JavaScript; the first test runs it
        # No JavaScript has run: govuk-frontend would have marked the body.
        assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")

        page.locator(".govuk-service-navigation").get_by_role("link", name="Users", exact=True).click()
        page.get_by_role("link", name="Invite a user").click()
        page.get_by_role("button", name="Send invitation").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")

        invite(
            page,
            full_name="Owen Pryce",
            email="owen.pryce@kettleford.northshire.example",
            organisation="Kettleford Borough Council",
            roles=["First responder"],
        )
        expect_invitation_sent(
            page,
            full_name="Owen Pryce",
            email="owen.pryce@kettleford.northshire.example",
            organisation="Kettleford Borough Council",
            roles=["First responder"],
        )
    finally:
        context.close()
