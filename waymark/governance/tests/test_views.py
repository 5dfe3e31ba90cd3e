import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_landing_page_lists_the_sections(client_for):
    response = client_for("grants_officer").get(reverse("governance:index"))
    assert response.status_code == 200
    page = response.content.decode()
    for section in ("Groups", "Meetings", "Action plan", "Risks and issues", "Agreements", "Briefings"):
        assert section in page
    assert 'href="/governance/"' in page  # the navigation's Governance entry


@pytest.mark.django_db
def test_someone_in_no_partnership_has_no_governance(client, world):
    from conftest import make_user, sign_in

    loner = make_user("lee@nowhere.example", "Lee Loner", None)
    response = sign_in(client, loner).get(reverse("governance:index"))
    assert response.status_code == 403
