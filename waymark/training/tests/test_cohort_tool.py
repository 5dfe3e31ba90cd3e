"""The cohort tool: on its own it suggests a cohort with the reason; a training lead uses it to place
one person or many at once (a preview of who goes where, then confirm), and a change made meanwhile
by someone else is not overwritten."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from conftest import sign_in
from waymark.core.models import AuditEntry
from waymark.training.models import Cohort, StaffMember
from waymark.training.tests.factories import (
    charity_training_lead,
    council_training_lead,
    levels_and_cohorts,
    make_staff,
)

pytestmark = pytest.mark.django_db

FIRST_RESPONDER = {
    "role_type": "practitioner",
    "public_contact": "regularly",
    "safeguarding_responsibilities": "no",
    "first_responder_duties": "yes",
    "elected_member": "no",
}
RECEPTIONIST = {
    **FIRST_RESPONDER,
    "role_type": "support",
    "public_contact": "main_part",
    "first_responder_duties": "no",
}


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def cohorts(world):
    return levels_and_cohorts(world.testford)[1]


@pytest.fixture
def tara(client, world):
    return sign_in(client, council_training_lead(world))


@pytest.fixture
def people(world, cohorts):
    return [
        make_staff(world, world.council, "Ada Adams", job_title="Receptionist"),
        make_staff(world, world.council, "Ben Brown", job_title="Receptionist", cohort=cohorts["little_contact"]),
        make_staff(world, world.council, "Cy Clark", job_title="Receptionist", cohort=cohorts["frontline_regular"]),
    ]


# On its own


def test_anyone_in_the_partnership_asks_which_cohort_and_sees_why(client_for, cohorts):
    response = client_for("grants_officer").get(reverse("training:cohort-tool"), FIRST_RESPONDER)
    assert response.status_code == 200
    page = text(response)
    assert "First responders and specialists" in page
    assert "First responder duties: needs level 3" in page
    assert "Level 3: First responder and specialist" in page
    assert not StaffMember.objects.exists()


def test_an_elected_member_goes_to_the_elected_members_cohort_whatever_else(client_for, cohorts):
    response = client_for("council_caseworker").get(
        reverse("training:cohort-tool"), {**FIRST_RESPONDER, "elected_member": "yes"}
    )
    assert "Elected member: needs the strategic level" in text(response)


def test_unanswered_questions_are_errors_that_link_to_them(client_for, cohorts):
    response = client_for("council_caseworker").get(reverse("training:cohort-tool"), {"role_type": "support"})
    assert response.status_code == 400
    page = text(response)
    assert '<a href="#id_public_contact_0">Select how often the role meets the public</a>' in page
    assert "Select yes if the person is an elected member" in page
    assert 'value="support" checked' in page  # what was answered is kept


def test_a_partnership_without_the_cohort_says_so(client_for, cohorts):
    Cohort.objects.filter(pk=cohorts["first_responders"].pk).update(is_active=False)
    page = text(client_for("council_caseworker").get(reverse("training:cohort-tool"), FIRST_RESPONDER))
    assert "No matching cohort" in page
    assert "First responder duties" in page


# Placing one person


def test_the_training_lead_places_one_person_with_the_reason(tara, people, cohorts):
    ada = people[0]
    url = reverse("training:staff-place", args=[ada.pk])
    preview = tara.post(url, {**RECEPTIONIST, "step": "suggest"})
    page = text(preview)
    assert "Frontline staff with regular public contact" in page
    assert "Meets the public as the main part of the job: needs level 2" in page
    ada.refresh_from_db()
    assert ada.cohort is None  # nothing saved before confirming

    response = tara.post(
        url,
        {**RECEPTIONIST, "step": "place", "cohort": cohorts["frontline_regular"].pk, f"version-{ada.pk}": ada.version},
    )
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.cohort == cohorts["frontline_regular"]
    assert ada.cohort_reason == "Meets the public as the main part of the job: needs level 2"
    assert AuditEntry.objects.filter(
        action="update", object_type="training.StaffMember", object_id=str(ada.pk)
    ).exists()


def test_placing_someone_changed_meanwhile_is_refused_with_the_answers_kept(tara, people, cohorts):
    ada = people[0]
    StaffMember.objects.filter(pk=ada.pk).update(version=ada.version + 1)
    response = tara.post(
        reverse("training:staff-place", args=[ada.pk]),
        {**RECEPTIONIST, "step": "place", "cohort": cohorts["frontline_regular"].pk, f"version-{ada.pk}": ada.version},
    )
    assert response.status_code == 409
    page = text(response)
    assert "Someone else changed Ada Adams while you were working" in page
    assert f'name="version-{ada.pk}" value="{ada.version + 1}"' in page  # confirming again is judged afresh
    assert 'name="role_type" value="support"' in page
    ada.refresh_from_db()
    assert ada.cohort is None


def test_the_training_lead_may_choose_a_different_cohort_and_the_record_says_so(tara, people, cohorts):
    ada = people[0]
    url = reverse("training:staff-place", args=[ada.pk])
    occasional = cohorts["occasional_contact"]
    preview = text(tara.post(url, {**RECEPTIONIST, "step": "suggest", "cohort": occasional.pk}))
    assert "You chose Staff with occasional public contact rather than the suggested cohort" in preview
    tara.post(url, {**RECEPTIONIST, "step": "place", "cohort": occasional.pk, f"version-{ada.pk}": ada.version})
    ada.refresh_from_db()
    assert ada.cohort == occasional
    assert ada.cohort_reason.startswith("Chosen by the training lead; the cohort tool suggested Frontline staff")


def test_another_organisations_training_lead_may_not_place_our_staff(client, world, people):
    tobi = sign_in(client, charity_training_lead(world))
    response = tobi.post(reverse("training:staff-place", args=[people[0].pk]), {**RECEPTIONIST, "step": "suggest"})
    assert response.status_code == 404


# Placing many at once


def test_the_training_lead_places_several_people_at_once_after_seeing_who_goes_where(tara, people, cohorts):
    url = reverse("training:staff-place-many")
    ids = [p.pk for p in people]
    questions = text(tara.get(url, {"staff": ids}))
    assert "3 people selected" in questions

    preview = tara.post(url, {**RECEPTIONIST, "step": "suggest", "staff": ids})
    page = text(preview)
    assert "Who goes where" in page
    assert "No change: already in Frontline staff with regular public contact" in page  # Cy
    assert "Staff with little or no public contact" in page  # Ben's cohort now
    assert "Place 3 people in Frontline staff with regular public contact" in page
    assert not StaffMember.objects.filter(pk=people[0].pk, cohort__isnull=False).exists()

    data = {**RECEPTIONIST, "step": "place", "staff": ids, "cohort": cohorts["frontline_regular"].pk}
    data |= {f"version-{p.pk}": p.version for p in people}
    response = tara.post(url, data, follow=True)
    assert "3 people placed in Frontline staff with regular public contact" in text(response)
    assert set(StaffMember.objects.filter(pk__in=ids).values_list("cohort__key", flat=True)) == {"frontline_regular"}


def test_if_anyone_was_changed_meanwhile_nobody_is_placed(tara, people, cohorts):
    url = reverse("training:staff-place-many")
    ben = people[1]
    StaffMember.objects.filter(pk=ben.pk).update(version=ben.version + 1)
    data = {**RECEPTIONIST, "step": "place", "staff": [p.pk for p in people], "cohort": cohorts["frontline_regular"].pk}
    data |= {f"version-{p.pk}": p.version for p in people}
    response = tara.post(url, data)
    assert response.status_code == 409
    assert "Someone else changed Ben Brown while you were working" in text(response)
    assert StaffMember.objects.get(pk=people[0].pk).cohort is None
    assert StaffMember.objects.get(pk=ben.pk).cohort == cohorts["little_contact"]


def test_people_of_another_register_cannot_be_slipped_into_the_selection(tara, world, people, cohorts):
    vic = make_staff(world, world.charity, "Vic Volunteer", job_title="Volunteer")
    url = reverse("training:staff-place-many")
    data = {**RECEPTIONIST, "step": "place", "staff": [people[0].pk, vic.pk], "cohort": cohorts["frontline_regular"].pk}
    data |= {f"version-{people[0].pk}": people[0].version, f"version-{vic.pk}": vic.version}
    tara.post(url, data)
    assert StaffMember.objects.get(pk=vic.pk).cohort is None
    assert StaffMember.objects.get(pk=people[0].pk).cohort == cohorts["frontline_regular"]


def test_placing_with_nobody_selected_goes_back_to_the_register(tara, people):
    response = tara.get(reverse("training:staff-place-many"), follow=True)
    assert "Select the people to place in a cohort" in text(response)
