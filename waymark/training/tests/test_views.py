import pytest
from django.urls import reverse

from conftest import make_user, sign_in
from waymark.training.tests.factories import council_training_lead


@pytest.mark.django_db
def test_the_landing_page_lists_the_sections(client_for):
    response = client_for("grants_officer").get(reverse("training:index"))
    assert response.status_code == 200
    page = response.content.decode()
    for section in (
        "Levels and cohorts",
        "Training menu",
        "Sessions",
        "Compliance",
        "Awareness events",
        "Awareness materials",
    ):
        assert section in page
    assert "Staff register" not in page  # for training leads
    assert 'href="/training/"' in page  # the navigation's Training entry


@pytest.mark.django_db
def test_a_training_lead_sees_the_staff_register_section(client, world):
    response = sign_in(client, council_training_lead(world)).get(reverse("training:index"))
    assert "Staff register" in response.content.decode()


@pytest.mark.django_db
def test_someone_in_no_partnership_has_no_training(client, world):
    loner = make_user("lee@nowhere.example", "Lee Loner", None)
    response = sign_in(client, loner).get(reverse("training:index"))
    assert response.status_code == 403
    assert 'href="/training/"' not in response.content.decode()
