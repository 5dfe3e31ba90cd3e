"""The risks and issues register: the list and its filters, the heat map, adding and editing (the
coordinator in full, the owner their part), marking a risk reviewed, and stale forms."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from waymark.core.models import AuditEntry
from waymark.governance.models import Risk, RiskCategory, RiskKind, RiskStatus
from waymark.governance.tests.factories import governance_for_testford

pytestmark = pytest.mark.django_db


@pytest.fixture
def gov(world, personas):
    return governance_for_testford(world, personas)


def _risk(world, reference, likelihood, impact, **fields):
    return Risk.objects.create(
        partnership=fields.pop("partnership", world.testford),
        reference=reference,
        description=fields.pop("description", f"Risk {reference}"),
        category=RiskCategory.OPERATIONAL,
        likelihood=likelihood,
        impact=impact,
        **fields,
    )


def _date(prefix, day):
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def test_the_list_shows_each_risk_with_its_score_and_band_as_a_tag(gov, client_for):
    page = client_for("grants_officer").get(reverse("governance:risk-list")).content.decode()
    assert "R01" in page
    assert "Partners stop attending" in page
    assert '<strong class="govuk-tag govuk-tag--orange">12: High</strong>' in page  # 3 x 4


def test_the_list_filters_by_kind_status_owner_and_review_due(gov, world, client_for):
    today = timezone.localdate()
    _risk(
        world, "R02", 1, 1, kind=RiskKind.ISSUE, owner_organisation=world.police, review_date=today - timedelta(days=1)
    )
    _risk(world, "R03", 2, 2, status=RiskStatus.CLOSED, review_date=today - timedelta(days=1))
    client = client_for("council_caseworker")

    def shown(**query):
        page = client.get(reverse("governance:risk-list"), query).content.decode()
        return {ref for ref in ("R01", "R02", "R03") if f">{ref}<" in page}

    assert shown() == {"R01", "R02", "R03"}
    assert shown(kind="issue") == {"R02"}
    assert shown(status="not_closed") == {"R01", "R02"}
    assert shown(status="closed") == {"R03"}
    assert shown(owner_organisation=world.police.pk) == {"R02"}
    assert shown(review_due="on") == {"R02"}  # R03 is past its date too, but closed
    assert shown(likelihood=3, impact=4) == {"R01"}


def test_the_outsider_sees_none_of_testfords_risks(gov, client_for):
    page = client_for("outsider").get(reverse("governance:risk-list")).content.decode()
    assert "R01" not in page
    assert "No risks or issues" in page
    assert client_for("outsider").get(reverse("governance:risk-detail", args=[gov.risk.pk])).status_code == 404


def test_the_heat_map_counts_risks_not_closed_in_each_cell_and_links_to_them(gov, world, client_for):
    _risk(world, "R02", 3, 4)
    _risk(world, "R03", 5, 5, status=RiskStatus.CLOSED)
    _risk(world, "R04", 1, 2, status=RiskStatus.TREATED)
    response = client_for("grants_officer").get(reverse("governance:risk-heat-map"))
    page = response.content.decode()
    assert "<caption" in page and "3 risks and issues by likelihood (rows) and impact (columns)" in page
    assert '<th scope="row" class="govuk-table__header">3: Possible</th>' in page
    assert '<th scope="col" class="govuk-table__header">Impact 4: Major</th>' in page
    link = reverse("governance:risk-list") + "?status=not_closed&amp;likelihood=3&amp;impact=4"
    assert f'href="{link}">2<span class="govuk-visually-hidden"> risks with likelihood 3 and impact 4' in page
    assert "likelihood=5&amp;impact=5" not in page  # the only risk there is closed, so the cell has no link
    assert page.count("Very high") >= 3  # the band is written in each cell, not only coloured


def test_the_coordinator_adds_a_risk_numbered_after_the_last(gov, world, personas, client_for):
    review = timezone.localdate() + timedelta(days=60)
    response = client_for("coordinator").post(
        reverse("governance:risk-add"),
        {
            "kind": "risk",
            "description": "Interpreters are not available out of hours",
            "category": "operational",
            "likelihood": "4",
            "impact": "5",
            "owner_organisation": world.charity.pk,
            "owner_user": personas["charity_caseworker"].pk,
            "status": "open",
            **_date("review_date", review),
        },
    )
    risk = Risk.objects.get(description__startswith="Interpreters")
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:risk-detail", args=[risk.pk])
    assert (risk.reference, risk.score, risk.review_date, risk.created_by) == (
        "R02",
        20,
        review,
        personas["coordinator"],
    )
    assert AuditEntry.objects.filter(action="create", object_type="governance.Risk", object_id=str(risk.pk)).exists()


def test_adding_a_risk_with_mistakes_explains_them_and_keeps_what_was_typed(gov, world, client_for):
    response = client_for("coordinator").post(
        reverse("governance:risk-add"),
        {"reference": "r01", "description": "Venue costs rise", "category": "financial", "status": "open"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Add a risk or issue" in page
    assert 'href="#id_likelihood_0">Select the likelihood</a>' in page
    assert 'href="#id_owner_organisation">Select the owning organisation</a>' in page
    assert "r01 is already used in Testford Anti-Slavery Partnership" in page
    assert "Venue costs rise" in page
    assert not Risk.objects.filter(description="Venue costs rise").exists()


def test_the_owner_updates_only_mitigations_status_and_review_date(gov, client_for):
    client = client_for("council_caseworker")  # the council owns R01
    page = client.get(reverse("governance:risk-edit", args=[gov.risk.pk])).content.decode()
    assert 'name="mitigations"' in page
    assert 'name="likelihood"' not in page
    response = client.post(
        reverse("governance:risk-edit", args=[gov.risk.pk]),
        {"version": gov.risk.version, "mitigations": "Chair calls absentees", "status": "treated", "likelihood": "1"},
    )
    assert response.status_code == 302
    gov.risk.refresh_from_db()
    assert (gov.risk.mitigations, gov.risk.status, gov.risk.likelihood) == ("Chair calls absentees", "treated", 3)


def test_someone_who_does_not_own_the_risk_cannot_edit_it(gov, client_for):
    url = reverse("governance:risk-edit", args=[gov.risk.pk])
    assert client_for("charity_caseworker").get(url).status_code == 403
    page = client_for("charity_caseworker").get(reverse("governance:risk-detail", args=[gov.risk.pk])).content.decode()
    assert "Mark as reviewed" not in page


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(gov, personas, client_for):
    from waymark.governance import services_registers

    shown = gov.risk.version
    services_registers.update_risk(risk=gov.risk, version=shown, by=personas["coordinator"], mitigations="First")
    response = client_for("council_caseworker").post(
        reverse("governance:risk-edit", args=[gov.risk.pk]),
        {"version": shown, "mitigations": "Second", "status": "open"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this risk while you were working on it" in page
    assert "\nSecond</textarea>" in page
    assert "The risk as it is now" in page
    gov.risk.refresh_from_db()
    assert gov.risk.mitigations == "First"


def test_the_coordinator_changes_the_score(gov, client_for):
    risk = gov.risk
    data = {
        "version": risk.version,
        "reference": "R01",
        "kind": "risk",
        "description": risk.description,
        "category": risk.category,
        "likelihood": "5",
        "impact": "5",
        "owner_organisation": risk.owner_organisation_id,
        "status": "open",
    }
    response = client_for("coordinator").post(reverse("governance:risk-edit", args=[risk.pk]), data)
    assert response.status_code == 302
    page = client_for("coordinator").get(response["Location"]).content.decode()
    assert "govuk-tag--red" in page and "25: Very high" in page


def test_marking_reviewed_sets_the_dates_and_allows_a_new_reminder(gov, client_for):
    gov.risk.review_date = timezone.localdate() - timedelta(days=2)
    gov.risk.review_reminder_sent_on = timezone.localdate()
    gov.risk.save()
    next_review = timezone.localdate() + timedelta(days=90)
    response = client_for("council_caseworker").post(
        reverse("governance:risk-review", args=[gov.risk.pk]),
        {"version": gov.risk.version, **_date("next_review", next_review)},
    )
    assert response.status_code == 302
    gov.risk.refresh_from_db()
    assert gov.risk.review_date == next_review
    assert gov.risk.last_reviewed_at is not None
    assert gov.risk.review_reminder_sent_on is None


def test_the_next_review_must_be_in_the_future(gov, client_for):
    response = client_for("coordinator").post(
        reverse("governance:risk-review", args=[gov.risk.pk]),
        {"version": gov.risk.version, **_date("next_review", timezone.localdate())},
    )
    assert response.status_code == 400
    assert "The date of the next review must be in the future" in response.content.decode()
