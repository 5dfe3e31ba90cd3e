"""A member of the public reports what they saw, without signing in; robots and floods are turned away."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from waymark.cases import access, services_public
from waymark.cases.models import PublicReport, PublicReportStatus, new_receipt
from waymark.core.models import AuditEntry
from waymark.partners.models import Partnership

RECEIPT = re.compile(r"R-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}")
EXIT_THIS_PAGE = (
    '<a href="https://www.bbc.co.uk/weather" role="button" draggable="false" '
    'class="govuk-button govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button" '
    'data-module="govuk-button" rel="nofollow noreferrer">'
)
ADDRESS = "203.0.113.7"
ANSWERS = {
    "what_seen": "Four men collected by a van at 5am every day from the car wash. They look exhausted.",
    "where": "Sparkle Car Wash, 12 Mill Lane, Testford",
    "when": "Most mornings this month",
    "signs_seen": ["signs-unusual-travel", "signs-physical-appearance"],
    "contact_name": "",
    "contact_phone": "",
    "contact_email": "",
    "website": "",
}


def public_client(address: str = ADDRESS) -> Client:
    return Client(REMOTE_ADDR=address)


def send_report(client: Client, partnership, **overrides):
    return client.post(reverse("public:report", kwargs={"pk": partnership.pk}), {**ANSWERS, **overrides})


def receipt_on(page) -> str:
    match = RECEIPT.search(page.content.decode())
    assert match, "no receipt on the page"
    return match.group()


@pytest.mark.django_db
def test_the_start_page_puts_immediate_danger_first_and_needs_no_sign_in(world):
    page = public_client().get(reverse("public:start"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<h1 class="govuk-heading-l">Report modern slavery</h1>' in html
    # The 999 warning comes straight after the heading, before anything else there is to read.
    after_heading = html.split("Report modern slavery</h1>", 1)[1]
    assert after_heading.lstrip().startswith('<div class="govuk-warning-text">')
    assert "If someone is in immediate danger, call 999 now." in html
    assert "08000 121 700" in html and "0800 555 111" in html
    for heading in ("Physical appearance", "Isolation", "Poor living conditions", "Reluctance to seek help"):
        assert f'<h3 class="govuk-heading-s">{heading}</h3>' in html
    assert "<li>Dropped off or collected for work very early or late at night, on a regular basis</li>" in html


@pytest.mark.django_db
def test_someone_chooses_where_they_saw_it_from_every_partnership(world):
    page = public_client().get(reverse("public:start"))
    html = page.content.decode()
    assert "Where did you see this?" in html
    for partnership in (world.testford, world.otherton, world.county):
        assert f'value="{partnership.pk}"' in html and partnership.name in html

    chosen = public_client().post(reverse("public:start"), {"area": world.testford.pk})
    assert chosen.status_code == 302
    assert chosen["Location"] == reverse("public:report", kwargs={"pk": world.testford.pk})


@pytest.mark.django_db
def test_not_choosing_an_area_is_explained(world):
    page = public_client().post(reverse("public:start"), {})
    assert page.status_code == 200
    assert b"There is a problem" in page.content
    assert b'<a href="#id_area_0">Select where you saw this</a>' in page.content
    assert b"<title>Error: Report modern slavery" in page.content


@pytest.mark.django_db
def test_with_one_partnership_the_start_page_goes_straight_to_the_form():
    only = Partnership.objects.create(name="Lonetown Anti-Slavery Partnership")
    page = public_client().get(reverse("public:start"))
    assert b"Where did you see this?" not in page.content
    assert f'href="{reverse("public:report", kwargs={"pk": only.pk})}"'.encode() in page.content
    assert b"Start now" in page.content


@pytest.mark.django_db
def test_a_report_lands_in_the_chosen_partnerships_triage_queue(world, personas):
    client = public_client()
    response = send_report(client, world.testford, contact_email="sam@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("public:sent")

    report = PublicReport.objects.get()
    assert report.partnership == world.testford
    assert report.status == PublicReportStatus.NEW
    assert report.what_seen == ANSWERS["what_seen"]
    assert report.where == ANSWERS["where"]
    assert report.when == ANSWERS["when"]
    assert report.signs_seen == ["signs-unusual-travel", "signs-physical-appearance"]
    assert report.contact_email == "sam@example.com"
    assert list(access.triage_public_reports(personas["coordinator"])) == [report]
    assert not access.triage_public_reports(personas["outsider"]).exists()

    confirmation = client.get(reverse("public:sent"))
    assert b"Report sent" in confirmation.content
    assert receipt_on(confirmation) == report.receipt
    assert b"What happens next" in confirmation.content
    # Refreshing the confirmation shows the same receipt.
    assert receipt_on(client.get(reverse("public:sent"))) == report.receipt


@pytest.mark.django_db
def test_a_report_is_audited_without_a_user(world):
    send_report(public_client(), world.testford)
    report = PublicReport.objects.get()
    entry = AuditEntry.objects.get(object_type="cases.PublicReport")
    assert entry.action == "create"
    assert entry.object_id == str(report.pk)
    assert entry.user_id_at_time is None and entry.user_email == ""


@pytest.mark.django_db
def test_missing_answers_are_explained_and_nothing_typed_is_lost(world):
    page = send_report(
        public_client(),
        world.testford,
        what_seen="",
        where="   ",
        when="Last night",
        signs_seen=["signs-isolation"],
        contact_name="Sam Smith",
        contact_phone="07700 900 982",
        contact_email="not-an-address",
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "<title>Error: Tell us what you saw" in html
    assert '<a href="#id_what_seen">Enter what you saw</a>' in html
    assert '<a href="#id_where">Enter where you saw it</a>' in html
    assert "Enter an e-mail address in the correct format, like name@example.com" in html
    assert 'value="Last night"' in html
    assert 'value="Sam Smith"' in html
    assert 'value="07700 900 982"' in html
    assert 'value="not-an-address"' in html
    assert re.search(r'value="signs-isolation"[^>]* checked', html)
    assert not re.search(r'value="signs-reluctance"[^>]* checked', html)
    assert not PublicReport.objects.exists()


@pytest.mark.django_db
def test_a_phone_number_must_look_like_one(world):
    page = send_report(public_client(), world.testford, contact_phone="call me maybe")
    assert b"Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192" in page.content
    assert not PublicReport.objects.exists()


@pytest.mark.django_db
def test_a_sign_that_is_not_on_the_list_is_refused(world):
    page = send_report(public_client(), world.testford, signs_seen=["signs-made-up"])
    assert b"Select the signs you noticed from the list" in page.content
    assert not PublicReport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("what_seen", 5000, "What you saw must be 5,000 characters or fewer"),
        ("where", 500, "Where you saw it must be 500 characters or fewer"),
        ("when", 200, "When you saw it must be 200 characters or fewer"),
        ("contact_name", 200, "Your name must be 200 characters or fewer"),
    ],
)
def test_too_long_answers_are_refused_with_a_clear_message_and_kept(world, field, limit, message):
    too_long = "a" * (limit + 1)
    page = send_report(public_client(), world.testford, **{field: too_long})
    assert page.status_code == 200
    assert message in page.content.decode()
    assert too_long in page.content.decode()
    assert not PublicReport.objects.exists()


@pytest.mark.django_db
def test_an_answer_at_the_limit_is_accepted_even_with_line_breaks(world):
    # The browser sends each line break as two characters; the character count shows one.
    what_seen = "\r\n".join(["a" * 1666] * 3)
    assert len(what_seen) == 5002
    response = send_report(public_client(), world.testford, what_seen=what_seen)
    assert response.status_code == 302
    assert len(PublicReport.objects.get().what_seen) == 5000


@pytest.mark.django_db
def test_the_form_shows_the_character_limit_the_gov_uk_way(world):
    page = public_client().get(reverse("public:report", kwargs={"pk": world.testford.pk}))
    html = page.content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="5000"' in html
    assert 'class="govuk-textarea govuk-js-character-count"' in html
    assert 'aria-describedby="id_what_seen-info id_what_seen-hint"' in html
    assert '<div id="id_what_seen-info" class="govuk-hint govuk-character-count__message">' in html
    assert "You can enter up to 5,000 characters" in html
    # No maxlength attribute anywhere: it would cut pasted text off without a word.
    assert " maxlength=" not in html


@pytest.mark.django_db
def test_the_honeypot_is_hidden_from_people_and_assistive_technology(world):
    page = public_client().get(reverse("public:report", kwargs={"pk": world.testford.pk}))
    html = page.content.decode()
    wrapper = re.search(r'<div class="govuk-visually-hidden" aria-hidden="true">(.*?)</div>', html, re.S)
    assert wrapper, "no hidden honeypot wrapper"
    assert '<label for="id_website">Leave this empty</label>' in wrapper.group(1)
    assert 'name="website" value="" tabindex="-1" autocomplete="off"' in wrapper.group(1)


@pytest.mark.django_db
def test_a_filled_honeypot_looks_like_success_but_stores_nothing(world):
    client = public_client()
    response = send_report(client, world.testford, website="https://cheap-watches.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("public:sent")
    confirmation = client.get(reverse("public:sent"))
    assert b"Report sent" in confirmation.content
    receipt_on(confirmation)
    assert not PublicReport.objects.exists()
    assert not AuditEntry.objects.filter(object_type="cases.PublicReport").exists()


@pytest.mark.django_db
def test_the_sixth_report_in_an_hour_from_one_address_is_refused(world):
    client = public_client()
    for _ in range(services_public.REPORTS_PER_ADDRESS):
        assert send_report(client, world.testford).status_code == 302
    refused = send_report(client, world.testford)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert b"Sorry, you cannot send another report just now" in refused.content
    assert b"08000 121 700" in refused.content
    assert PublicReport.objects.count() == 5
    # The form itself says so, before anyone types a long report.
    assert client.get(reverse("public:report", kwargs={"pk": world.otherton.pk})).status_code == 429
    # Someone else is not held up.
    assert send_report(public_client("198.51.100.20"), world.testford).status_code == 302


@pytest.mark.django_db
def test_reports_from_more_than_an_hour_ago_do_not_count(world):
    for _ in range(5):
        send_report(public_client(), world.testford)
    PublicReport.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert send_report(public_client(), world.testford).status_code == 302


@pytest.mark.django_db
def test_one_ipv6_network_counts_as_one_sender(world):
    for host in range(1, 6):
        send_report(public_client(f"2001:db8:1:2::{host}"), world.testford)
    assert send_report(public_client("2001:db8:1:2:ffff::1"), world.testford).status_code == 429
    assert send_report(public_client("2001:db8:1:3::1"), world.testford).status_code == 302


@pytest.mark.django_db
def test_the_senders_address_is_never_stored(world):
    send_report(public_client(), world.testford)
    report = PublicReport.objects.get()
    assert re.fullmatch(r"[0-9a-f]{64}", report.sender_hash)
    assert report.sender_hash == services_public.sender_hash(ADDRESS)
    assert report.sender_hash != services_public.sender_hash("203.0.113.8")
    stored = [str(value) for value in PublicReport.objects.values().get().values()]
    stored += [str(value) for value in AuditEntry.objects.values().get(object_type="cases.PublicReport").values()]
    assert not any(ADDRESS in value for value in stored)


@pytest.mark.django_db
def test_the_receipt_reveals_no_date_no_sequence_and_no_partnership(world):
    send_report(public_client(), world.testford)
    receipt = PublicReport.objects.get().receipt
    assert RECEIPT.fullmatch(receipt)
    # No 0 or 1 can appear in it, so neither can a year; and it is not the case reference.
    assert str(timezone.localdate().year) not in receipt
    assert not receipt.startswith(world.testford.case_reference_prefix)
    # Receipts made at the same moment have nothing in common: nothing is encoded in them.
    receipts = [new_receipt() for _ in range(50)]
    assert len(set(receipts)) == 50
    assert len({r[2:4] for r in receipts}) > 1


@pytest.mark.django_db
def test_what_was_typed_comes_back_escaped(world):
    script = '<script>alert("hello")</script>'
    page = send_report(public_client(), world.testford, what_seen=script, where="", when=script, contact_name=script)
    html = page.content.decode()
    assert "Enter where you saw it" in html
    assert script not in html
    assert "&lt;script&gt;alert(&quot;hello&quot;)&lt;/script&gt;" in html
    assert 'value="&lt;script&gt;alert(&quot;hello&quot;)&lt;/script&gt;"' in html


@pytest.mark.django_db
def test_every_public_page_has_the_exit_this_page_button(world):
    client = public_client()
    form_url = reverse("public:report", kwargs={"pk": world.testford.pk})
    pages = {
        "start": client.get(reverse("public:start")),
        "start with errors": client.post(reverse("public:start"), {}),
        "form": client.get(form_url),
        "form with errors": client.post(form_url, {}),
    }
    for _ in range(5):
        send_report(client, world.testford)
    pages["confirmation"] = client.get(reverse("public:sent"))
    pages["too many reports"] = client.get(form_url)
    for name, page in pages.items():
        html = page.content.decode()
        assert '<div class="govuk-exit-this-page" data-module="govuk-exit-this-page">' in html, name
        assert EXIT_THIS_PAGE in html, name


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "council_caseworker", "outsider"])
def test_anyone_can_report_signed_in_or_not(world, client_for, persona):
    client = client_for(persona)
    assert client.get(reverse("public:start")).status_code == 200
    response = send_report(client, world.testford)
    assert response.status_code == 302 and response["Location"] == reverse("public:sent")
    assert client.get(reverse("public:sent")).status_code == 200
    assert PublicReport.objects.filter(partnership=world.testford).count() == 1


@pytest.mark.django_db
def test_an_area_that_does_not_exist_is_not_found(world):
    assert public_client().get(reverse("public:report", kwargs={"pk": 999_999})).status_code == 404


@pytest.mark.django_db
def test_the_confirmation_is_not_found_in_a_browser_that_sent_nothing(world):
    assert public_client().get(reverse("public:sent")).status_code == 404


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_client_address_is_used(settings, rf):
    from waymark.cases.services_public import client_address

    settings.TRUSTED_PROXIES = 1
    request = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"  # the client cannot forge the proxy's entry
    settings.TRUSTED_PROXIES = 0
    assert client_address(request) == "10.0.0.1"


@pytest.mark.django_db
def test_sender_hashes_are_forgotten_after_the_window(world):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from waymark.cases.models import PublicReport

    old = PublicReport.objects.create(
        partnership=world.testford,
        what_seen="x",
        where="y",
        sender_hash="a" * 64,
        created_at=timezone.now() - timedelta(hours=2),
    )
    new = PublicReport.objects.create(partnership=world.testford, what_seen="x", where="y", sender_hash="b" * 64)
    call_command("forget_public_senders", stdout=__import__("io").StringIO())
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.sender_hash == "" and new.sender_hash == "b" * 64
