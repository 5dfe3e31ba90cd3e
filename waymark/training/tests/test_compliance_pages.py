"""The compliance pages: counts by cohort as a table with a chart, for an organisation and the whole
partnership; the names of the untrained and expiring only for the organisation's own training lead.

Testford's council register (factories.training_for_testford): Una (untrained) and Cathy (trained
100 days ago, level 2, refreshed every 24 months), both frontline staff needing level 2. Brightway's
register: Vic, a frontline volunteer, untrained.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from waymark.core.models import AuditAction, AuditEntry
from waymark.training.compliance_chart import bar_chart
from waymark.training.compliance_report import share_text
from waymark.training.models import Completion
from waymark.training.tests.factories import make_staff, training_for_testford, with_training_leads

pytestmark = pytest.mark.django_db

FRONTLINE = "Frontline staff with regular public contact"


@pytest.fixture
def people(world, personas):
    return with_training_leads(world, personas)


@pytest.fixture
def training(world, personas):
    return training_for_testford(world, personas)


@pytest.fixture
def as_user(people):
    def _client(name: str) -> Client:
        return sign_in(Client(), people[name])

    return _client


def council_page(world):
    return reverse("training:compliance-organisation", args=[world.testford.pk, world.council.pk])


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def frontline_row(response) -> str:
    """The frontline cohort's row of the table, as text."""
    html = response.content.decode()
    table = html[html.index('id="compliance-table"') :]
    row = table[table.index(FRONTLINE) : table.index("</tr>", table.index(FRONTLINE))]
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_the_training_lead_sees_their_untrained_staff_by_name(world, training, as_user):
    response = as_user("council_training_lead").get(council_page(world))
    assert response.status_code == 200
    assert (
        frontline_row(response)
        == f"{FRONTLINE} Level 2: Identification and referral Refreshed every 24 months 2 1 0 1 50%"
    )
    page = text(response)
    assert "Untrained (1)" in page
    assert "Una Untrained" in page
    assert "Vic Volunteer" not in page  # Brightway's, not theirs


@pytest.mark.parametrize("persona", ["coordinator", "council_caseworker", "charity_training_lead"])
def test_others_who_may_see_the_councils_figures_see_counts_but_no_names(world, training, as_user, persona):
    response = as_user(persona).get(council_page(world))
    assert response.status_code == 200
    assert frontline_row(response).endswith("2 1 0 1 50%")
    page = text(response)
    assert "Una Untrained" not in page
    assert "Untrained (" not in page
    assert "Only Testford Council's own training lead sees who is untrained or expiring" in page


def test_brightways_training_lead_sees_brightways_names(world, training, as_user):
    response = as_user("charity_training_lead").get(
        reverse("training:compliance-organisation", args=[world.testford.pk, world.charity.pk])
    )
    assert "Vic Volunteer" in text(response)


def test_recording_a_completion_raises_the_share(world, training, as_user):
    client = as_user("council_training_lead")
    Completion.objects.create(
        staff_member=training.council_staff, course=training.course, completed_on=timezone.localdate()
    )
    response = client.get(council_page(world))
    assert frontline_row(response).endswith("2 2 0 0 100%")
    assert "Untrained (0)" in text(response)


def test_training_expiring_within_90_days_is_listed_with_its_date(world, training, as_user):
    completed = timezone.localdate() - timedelta(days=700)  # 24 months later is in about 30 days
    Completion.objects.create(staff_member=training.council_staff, course=training.course, completed_on=completed)
    expires = training.council_staff.completions.get().expires_on
    response = as_user("council_training_lead").get(council_page(world))
    assert frontline_row(response).endswith("2 2 1 0 100%")
    page = text(response)
    assert "Training expiring in the next 90 days (1)" in page
    expiring = page[page.index("Training expiring in the next 90 days") :]
    plain = " ".join(re.sub(r"<[^>]+>", " ", expiring).split())
    assert f"Una Untrained Housing Officer {FRONTLINE} {expires.day} {expires:%B %Y}" in plain


def test_leavers_and_staff_in_no_cohort_are_not_counted(world, training, as_user):
    make_staff(
        world,
        world.council,
        "Lee Leaver",
        cohort=training.cohorts["frontline_regular"],
        leaving_date=timezone.localdate() - timedelta(days=1),
        start_date=timezone.localdate() - timedelta(days=400),
    )
    make_staff(world, world.council, "Nina New", job_title="Porter")
    response = as_user("council_training_lead").get(council_page(world))
    assert frontline_row(response).endswith("2 1 0 1 50%")
    page = text(response)
    assert "1 member of staff is not in a cohort yet, so not counted above." in page
    assert "Lee Leaver" not in page


def test_the_chart_draws_each_cohorts_share_with_its_percentage(world, training, as_user):
    response = as_user("council_training_lead").get(council_page(world))
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-label="Share of each cohort trained: Testford Council"' in svg
    assert "<title>Share of each cohort trained: Testford Council</title>" in svg
    assert f"{FRONTLINE}: 50%" in svg  # in the <desc>
    assert 'width="250" height="22" fill="#1d70b8"' in svg  # half of the 500-wide track
    assert ">50%</text>" in svg
    assert "<script" not in html[html.index("<main") : html.index("</main>")]


def test_the_names_shown_are_recorded_in_the_audit_trail(world, training, as_user, people):
    as_user("council_training_lead").get(council_page(world))
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="training.StaffMember").get()
    assert entry.user_email == people["council_training_lead"].email
    assert entry.detail == {"ids": [str(training.council_staff.pk)]}


def test_counts_alone_are_not_recorded_as_a_read_of_names(world, training, as_user):
    as_user("coordinator").get(council_page(world))
    assert not AuditEntry.objects.filter(object_type="training.StaffMember").exists()


def test_the_partnership_page_adds_up_every_organisation(world, training, as_user):
    response = as_user("coordinator").get(reverse("training:compliance-partnership", args=[world.testford.pk]))
    assert response.status_code == 200
    assert frontline_row(response).endswith("3 1 0 2 33.3%")
    assert "Una Untrained" not in text(response)


def test_the_overview_lists_what_each_person_may_see(world, training, as_user):
    overview = reverse("training:compliance-overview")
    coordinator = text(as_user("coordinator").get(overview))
    assert "Whole partnership" in coordinator and "Brightway" in coordinator and "Testford Council" in coordinator
    caseworker = text(as_user("council_caseworker").get(overview))
    assert "Testford Council" in caseworker
    assert "Whole partnership" not in caseworker and "Brightway" not in caseworker


@pytest.mark.parametrize(
    ("persona", "url_name", "expected"),
    [
        ("council_caseworker", "charity", 403),
        ("council_caseworker", "partnership", 403),
        ("intelligence_officer", "council", 403),
        ("outsider", "council", 404),
        ("outsider", "partnership", 404),
    ],
)
def test_who_is_refused(world, training, as_user, persona, url_name, expected):
    urls = {
        "council": council_page(world),
        "charity": reverse("training:compliance-organisation", args=[world.testford.pk, world.charity.pk]),
        "partnership": reverse("training:compliance-partnership", args=[world.testford.pk]),
    }
    assert as_user(persona).get(urls[url_name]).status_code == expected


def test_an_organisation_outside_the_partnership_is_not_found(world, training, as_user):
    url = reverse("training:compliance-organisation", args=[world.testford.pk, world.other_council.pk])
    assert as_user("coordinator").get(url).status_code == 404


@pytest.mark.parametrize(
    ("share", "written"),
    [
        (None, "No staff"),
        (Decimal("50.0"), "50%"),
        (Decimal("33.3"), "33.3%"),
        (Decimal("100.0"), "100%"),
        (Decimal("0.0"), "0%"),
    ],
    ids=["empty-cohort", "half", "a-third", "all", "none"],
)
def test_how_a_share_is_written(share, written):
    assert share_text(share) == written


def test_the_chart_wraps_a_long_cohort_name_and_scales_each_bar_to_its_share():
    long_name = "Staff who meet the public regularly or as the main part of their job, or who hold safeguarding duties"
    chart = bar_chart("Share trained", [(long_name, Decimal("100.0"), "100%"), ("Elected members", None, "No staff")])
    first, second = chart.bars
    assert len(first.label_lines) == 2
    assert first.bar_width == 500 and first.text_x == 508
    assert second.bar_width == 0 and second.text == "No staff"
    assert second.bar_y > first.bar_y + 22  # no overlap
    assert chart.height > second.bar_y + 22
    assert chart.description == f"{long_name}: 100%; Elected members: No staff."
