"""The framework pages: members read the levels and cohorts, coordinators add and change them (a
change made meanwhile is not overwritten), and restoring the defaults adds back only what is missing."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from waymark.core.models import AuditEntry
from waymark.training.models import Cohort, Completion, TrainingLevel
from waymark.training.tests.factories import levels_and_cohorts, training_for_testford

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def framework(world):
    return levels_and_cohorts(world.testford)


@pytest.fixture
def carol(client_for):
    return client_for("coordinator")


def test_members_read_the_cohorts_with_the_level_each_needs_and_how_often(client_for, framework):
    page = text(client_for("charity_caseworker").get(reverse("training:cohort-list")))
    assert "First responders and specialists" in page
    assert "Level 3: First responder and specialist" in page
    assert "Every 24 months" in page
    assert "Add a cohort" not in page
    assert "Restore the default levels and cohorts" not in page


def test_members_read_the_levels_with_their_learning_outcomes(client_for, framework):
    page = text(client_for("intelligence_officer").get(reverse("training:level-list")))
    assert "Level 2: Identification and referral" in page
    assert "Follow the local referral routes" in page
    assert "Add a level" not in page


def test_the_outsider_does_not_see_testfords_framework(client_for, framework):
    page = text(client_for("outsider").get(reverse("training:cohort-list")))
    assert "First responders and specialists" not in page


def test_the_coordinator_adds_a_level(carol, world, framework):
    response = carol.post(
        reverse("training:level-add"),
        {
            "partnership": world.testford.pk,
            "number": "5",
            "name": "Train the trainer",
            "learning_outcomes": "Deliver level 1",
        },
    )
    assert response.status_code == 302
    level = TrainingLevel.objects.get(partnership=world.testford, number=5)
    assert level.outcomes() == ["Deliver level 1"]
    assert AuditEntry.objects.filter(action="create", object_type="training.TrainingLevel").exists()


def test_a_level_number_or_name_the_partnership_has_is_refused(carol, world, framework):
    response = carol.post(
        reverse("training:level-add"), {"partnership": world.testford.pk, "number": "2", "name": "awareness"}
    )
    assert response.status_code == 400
    page = text(response)
    assert "The partnership already has a level 2: choose another number" in page
    assert "The partnership already has a level called awareness: choose another name" in page
    assert 'href="#id_number"' in page  # the error summary links to the field


def test_the_coordinator_changes_a_level(carol, framework):
    levels, _ = framework
    response = carol.post(
        reverse("training:level-edit", args=[levels[1].pk]),
        {"version": levels[1].version, "number": "1", "name": "Basic awareness", "description": "For all"},
    )
    assert response.status_code == 302
    assert TrainingLevel.objects.get(pk=levels[1].pk).name == "Basic awareness"


def test_changing_a_level_someone_changed_meanwhile_keeps_what_was_typed(carol, framework):
    level = framework[0][1]
    TrainingLevel.objects.filter(pk=level.pk).update(name="Changed meanwhile", version=level.version + 1)
    response = carol.post(
        reverse("training:level-edit", args=[level.pk]),
        {"version": level.version, "number": "1", "name": "My new name"},
    )
    assert response.status_code == 409
    page = text(response)
    assert "Someone else changed this while you were working on it" in page
    assert 'value="My new name"' in page
    assert TrainingLevel.objects.get(pk=level.pk).name == "Changed meanwhile"


def test_the_coordinator_adds_a_cohort_of_their_own(carol, world, framework):
    levels, _ = framework
    response = carol.post(
        reverse("training:cohort-add"),
        {
            "partnership": world.testford.pk,
            "name": "Taxi drivers",
            "required_level": levels[2].pk,
            "refresh_months": "12",
        },
    )
    assert response.status_code == 302
    cohort = Cohort.objects.get(partnership=world.testford, name="Taxi drivers")
    assert (cohort.required_level, cohort.refresh_months, cohort.key) == (levels[2], 12, "")
    assert "Every 12 months" in text(carol.get(reverse("training:cohort-list")))


def test_a_cohort_needs_a_level_of_its_own_partnership(carol, world, framework):
    county_levels, _ = levels_and_cohorts(world.county)
    response = carol.post(
        reverse("training:cohort-add"),
        {"partnership": world.testford.pk, "name": "Taxi drivers", "required_level": county_levels[2].pk},
    )
    assert response.status_code == 400
    assert "Select a level from the list" in text(response)  # the county's levels are not offered


def test_a_new_refresh_interval_moves_the_expiry_of_training_done(carol, world, personas):
    training = training_for_testford(world, personas)
    cohort = training.cohorts["frontline_regular"]
    completion = training.completion
    response = carol.post(
        reverse("training:cohort-edit", args=[cohort.pk]),
        {
            "version": cohort.version,
            "name": cohort.name,
            "required_level": cohort.required_level_id,
            "refresh_months": "12",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    completion = Completion.objects.get(pk=completion.pk)
    assert (completion.expires_on.year - completion.completed_on.year) * 12 + (
        completion.expires_on.month - completion.completed_on.month
    ) == 12


def test_a_cohort_can_be_taken_out_of_use(carol, framework):
    cohort = framework[1]["little_contact"]
    carol.post(
        reverse("training:cohort-edit", args=[cohort.pk]),
        {"version": cohort.version, "name": cohort.name, "required_level": cohort.required_level_id},
    )
    assert not Cohort.objects.get(pk=cohort.pk).is_active
    assert "Not in use" in text(carol.get(reverse("training:cohort-list")))


def test_a_member_may_not_change_a_cohort(client_for, framework):
    cohort = framework[1]["little_contact"]
    response = client_for("council_caseworker").post(
        reverse("training:cohort-edit", args=[cohort.pk]), {"version": cohort.version, "name": "Mine now"}
    )
    assert response.status_code == 403
    assert Cohort.objects.get(pk=cohort.pk).name != "Mine now"


def test_restoring_the_defaults_adds_back_only_what_is_missing_and_keeps_changes(carol, world, framework):
    levels, cohorts = framework
    Cohort.objects.filter(pk=cohorts["frontline_regular"].pk).update(name="Our frontline")
    cohorts["little_contact"].delete()
    page = text(carol.get(reverse("training:cohort-restore-defaults")))
    assert "Nothing is removed" in page
    response = carol.post(reverse("training:cohort-restore-defaults"), {"partnership": world.testford.pk}, follow=True)
    assert "Restored 0 levels and 1 cohort for Testford Anti-Slavery Partnership" in text(response)
    assert Cohort.objects.filter(partnership=world.testford).count() == 6
    assert Cohort.objects.filter(partnership=world.testford, name="Our frontline").exists()

    again = carol.post(reverse("training:cohort-restore-defaults"), {"partnership": world.testford.pk}, follow=True)
    assert "already has every default level and cohort: nothing changed" in text(again)


def test_the_coordinator_may_not_restore_another_partnerships_defaults(carol, world):
    response = carol.post(reverse("training:cohort-restore-defaults"), {"partnership": world.otherton.pk})
    assert response.status_code == 400
    assert not Cohort.objects.filter(partnership=world.otherton).exists()
