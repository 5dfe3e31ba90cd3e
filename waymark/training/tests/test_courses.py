"""The training menu: the list by level and format, a course's page, and coordinators adding and
editing courses (with the version check)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waymark.core.models import AuditEntry
from waymark.training.models import Course, CourseFormat
from waymark.training.tests.factories import make_course, make_session, training_for_testford

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(world, personas):
    return training_for_testford(world, personas)


def _page(response) -> str:
    return response.content.decode()


def test_members_see_the_menu_with_provider_levels_format_and_duration(client_for, training):
    training.county_course.duration_minutes = 90
    training.county_course.save()
    page = _page(client_for("grants_officer").get(reverse("training:course-list")))
    assert "Spotting the signs" in page
    assert "Brightway" in page
    assert "Level 2: Identification and referral" in page
    # The county's course is on the menu of the partnership below it.
    assert "First responder e-learning" in page
    assert "Home Office" in page
    assert "90 minutes" in page
    assert "E-learning" in page


def test_the_menu_filters_by_level_and_by_format(client_for, training):
    client = client_for("grants_officer")
    by_level = _page(client.get(reverse("training:course-list"), {"level": 3}))
    assert "First responder e-learning" in by_level
    assert "Spotting the signs" not in by_level
    by_format = _page(client.get(reverse("training:course-list"), {"format": CourseFormat.CLASSROOM}))
    assert "Spotting the signs" in by_format
    assert "First responder e-learning" not in by_format
    assert "1 course" in by_format


def test_a_course_off_the_menu_is_hidden_from_members_but_shown_to_its_coordinator(client_for, training):
    make_course(
        training.course.partnership, [training.levels[1]], title="Old awareness", external="Nobody", is_active=False
    )
    assert "Old awareness" not in _page(client_for("council_caseworker").get(reverse("training:course-list")))
    coordinator_page = _page(client_for("coordinator").get(reverse("training:course-list")))
    assert "Old awareness" in coordinator_page
    assert "Off the menu" in coordinator_page


def test_the_course_page_shows_upcoming_sessions_with_places_left(client_for, training):
    page = _page(client_for("charity_caseworker").get(reverse("training:course-detail", args=[training.course.pk])))
    assert "9 of 10" in page  # Una holds one of the ten places
    assert training.levels[2].outcomes()[0] in page
    assert "Add a session" not in page


def test_a_coordinator_adds_a_course_run_by_an_external_provider(client_for, world, training):
    response = client_for("coordinator").post(
        reverse("training:course-add"),
        {
            "title": "Modern slavery awareness for housing",
            "external_provider": "Home Office",
            "levels": [training.levels[1].pk],
            "format": CourseFormat.WEBINAR,
            "duration_minutes": "45",
            "materials_link": "https://example.org/course",
        },
    )
    course = Course.objects.get(title="Modern slavery awareness for housing")
    assert response.status_code == 302
    assert response["Location"] == reverse("training:course-detail", args=[course.pk])
    assert course.partnership == world.testford
    assert course.provider_name == "Home Office"
    assert course.level_numbers() == {1}
    assert AuditEntry.objects.filter(action="create", object_type="training.Course", object_id=str(course.pk)).exists()


def test_adding_a_course_explains_each_mistake_and_keeps_what_was_typed(client_for, world, training):
    response = client_for("coordinator").post(
        reverse("training:course-add"),
        {"title": "Spotting the signs", "format": CourseFormat.CLASSROOM, "duration_minutes": "an hour"},
    )
    assert response.status_code == 400
    page = _page(response)
    assert "Error: Add a course" in page
    assert "Select the partner organisation that runs it, or enter the external provider" in page
    assert "Select the levels the course satisfies" in page
    assert "Enter the duration as a whole number of minutes, like 90" in page
    assert f"{world.testford} already has a course called Spotting the signs" in page
    assert 'href="#id_provider_organisation"' in page  # the summary links to the field
    assert 'value="Spotting the signs"' in page


def test_a_course_has_one_provider_not_two(client_for, world, training):
    response = client_for("coordinator").post(
        reverse("training:course-add"),
        {
            "title": "Two providers",
            "provider_organisation": world.charity.pk,
            "external_provider": "Home Office",
            "levels": [training.levels[1].pk],
            "format": CourseFormat.CLASSROOM,
        },
    )
    assert response.status_code == 400
    assert "Enter an external provider only if no partner organisation runs it" in _page(response)


def test_a_course_satisfies_only_levels_of_its_own_partnership(client_for, world, training):
    county_level = training.county_course.levels.get()
    response = client_for("coordinator").post(
        reverse("training:course-add"),
        {"title": "Mixed", "external_provider": "X", "levels": [county_level.pk], "format": CourseFormat.CLASSROOM},
    )
    assert response.status_code == 400
    assert "Select levels from the list" in _page(response)


def test_a_coordinator_edits_a_course(client_for, training):
    course = training.course
    response = client_for("coordinator").post(
        reverse("training:course-edit", args=[course.pk]),
        {
            "version": course.version,
            "title": "Spotting the signs (updated)",
            "provider_organisation": course.provider_organisation_id,
            "levels": [training.levels[2].pk, training.levels[1].pk],
            "format": CourseFormat.BLENDED,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.title == "Spotting the signs (updated)"
    assert course.format == CourseFormat.BLENDED
    assert course.level_numbers() == {1, 2}
    assert course.version == 2


def test_a_stale_course_form_is_refused_with_what_was_typed_kept(client_for, training):
    course = training.course
    Course.objects.filter(pk=course.pk).update(version=course.version + 1, title="Changed by someone else")
    response = client_for("coordinator").post(
        reverse("training:course-edit", args=[course.pk]),
        {
            "version": course.version,
            "title": "My new title",
            "provider_organisation": course.provider_organisation_id,
            "levels": [training.levels[2].pk],
            "format": CourseFormat.CLASSROOM,
        },
    )
    assert response.status_code == 409
    page = _page(response)
    assert "Someone else changed this course while you were working on it" in page
    assert 'value="My new title"' in page
    assert "Changed by someone else" in page  # the course as it is now
    course.refresh_from_db()
    assert course.title == "Changed by someone else"


def test_members_cannot_edit_a_course(client_for, training):
    response = client_for("council_caseworker").get(reverse("training:course-edit", args=[training.course.pk]))
    assert response.status_code == 403


def test_the_course_page_offers_its_coordinator_a_new_session_for_it(client_for, training):
    make_session(training.course, days_from_now=40, capacity=3)
    page = _page(client_for("coordinator").get(reverse("training:course-detail", args=[training.course.pk])))
    assert f"{reverse('training:session-add')}?course={training.course.pk}" in page
    assert "3 of 3" in page
