"""The compliance workbook, opened with openpyxl as a spreadsheet program would: counts for each
organisation and cohort the user may see, and a sheet of names only for an organisation's own
training lead (their own staff only)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import sign_in
from waymark.core.models import AuditAction, AuditEntry
from waymark.training.compliance_export import COUNT_COLUMNS, NAME_COLUMNS
from waymark.training.tests.factories import make_staff, training_for_testford, with_training_leads

pytestmark = pytest.mark.django_db

FRONTLINE = "Frontline staff with regular public contact"


@pytest.fixture
def people(world, personas):
    return with_training_leads(world, personas)


@pytest.fixture
def training(world, personas):
    return training_for_testford(world, personas)


def download(world, user):
    response = sign_in(Client(), user).get(reverse("training:compliance-export", args=[world.testford.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="training-compliance-testford-anti-slavery-partnership-'
    )
    return load_workbook(io.BytesIO(response.content))


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def frontline_counts(workbook) -> dict[str, tuple]:
    """Organisation: (in cohort, trained, expiring, untrained, share) for the frontline cohort."""
    return {row[0]: row[3:8] for row in rows(workbook["Counts"])[1:] if row[1] == FRONTLINE}


def test_the_training_lead_gets_every_organisations_counts_and_their_own_staffs_names(world, training, people):
    workbook = download(world, people["council_training_lead"])
    assert workbook.sheetnames == ["Counts", "Names"]
    assert rows(workbook["Counts"])[0] == tuple(COUNT_COLUMNS)
    counts = frontline_counts(workbook)
    assert counts["Whole partnership"] == (3, 1, 0, 2, 33.3)
    assert counts["Testford Council"] == (2, 1, 0, 1, 50.0)
    assert counts["Brightway"] == (1, 0, 0, 1, 0.0)
    names = rows(workbook["Names"])
    assert names[0] == tuple(NAME_COLUMNS)
    by_name = {row[0]: row for row in names[1:]}
    assert set(by_name) == {"Una Untrained", "Cathy Caseworker"}  # not Brightway's Vic
    assert by_name["Una Untrained"][3:5] == (FRONTLINE, "Untrained")
    assert by_name["Cathy Caseworker"][4] == "Trained"
    assert by_name["Cathy Caseworker"][5].date() == training.completion.expires_on


def test_the_total_row_counts_staff_in_no_cohort(world, training, people):
    make_staff(world, world.council, "Nina New", job_title="Porter")
    workbook = download(world, people["council_training_lead"])
    totals = {row[0]: row for row in rows(workbook["Counts"])[1:] if row[1] == "All cohorts"}
    assert totals["Testford Council"][3:] == (2, 1, 0, 1, 50.0, 1)


@pytest.mark.parametrize("persona", ["coordinator", "charity_caseworker"])
def test_others_get_counts_without_names(world, training, people, persona):
    workbook = download(world, people[persona])
    assert workbook.sheetnames == ["Counts"]
    text = " ".join(str(value) for row in rows(workbook["Counts"]) for value in row)
    assert "Una Untrained" not in text


def test_a_member_without_oversight_gets_only_their_own_organisation(world, training, people):
    workbook = download(world, people["charity_caseworker"])
    assert set(frontline_counts(workbook)) == {"Brightway"}


def test_a_name_that_looks_like_a_formula_stays_text(world, training, people):
    make_staff(
        world, world.council, '=HYPERLINK("http://evil.example","Click")', cohort=training.cohorts["frontline_regular"]
    )
    workbook = download(world, people["council_training_lead"])
    cells = [row[0] for row in workbook["Names"].iter_rows(min_row=2)]
    evil = next(cell for cell in cells if str(cell.value).startswith("="))
    assert evil.data_type == "s"


def test_the_export_is_recorded_with_the_names_it_held(world, training, people):
    download(world, people["council_training_lead"])
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.object_type == "partners.Partnership"
    assert sorted(entry.detail["staff_named"]) == sorted([str(training.council_staff.pk), str(training.own_record.pk)])


def test_the_outsider_is_not_told_the_partnership_exists(world, training, people):
    response = sign_in(Client(), people["outsider"]).get(
        reverse("training:compliance-export", args=[world.testford.pk])
    )
    assert response.status_code == 404
