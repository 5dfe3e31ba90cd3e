"""Coordinators manage organisations, users and roles; everyone sees their partnership's directory."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from waymark.partners.models import Organisation, RoleAssignment


def add_organisation(client, world, **overrides):
    data = {
        "name": "The Salvation Army",
        "kind": "charity",
        "partnership": world.testford.pk,
        "membership_kind": "voluntary",
        "is_first_responder": "",
        "is_public_authority": "",
        **overrides,
    }
    return client.post(reverse("partners:organisation-add"), data, follow=True)


@pytest.mark.django_db
def test_first_responder_status_is_filled_in_from_the_home_office_list(client_for, world):
    response = add_organisation(client_for("coordinator"), world)
    organisation = Organisation.objects.get(name="The Salvation Army")
    assert organisation.is_first_responder
    assert not organisation.is_public_authority
    assert organisation.memberships.get().partnership == world.testford
    assert b"It is on the Home Office list of First Responder Organisations" in response.content


@pytest.mark.django_db
def test_a_council_is_a_public_authority_under_the_duty(client_for, world):
    add_organisation(client_for("coordinator"), world, name="Testford Parish Council", kind="local_authority")
    organisation = Organisation.objects.get(name="Testford Parish Council")
    assert organisation.is_public_authority
    assert not organisation.is_first_responder


@pytest.mark.django_db
def test_the_coordinator_can_override_the_list(client_for, world):
    add_organisation(client_for("coordinator"), world, is_first_responder="no")
    assert not Organisation.objects.get(name="The Salvation Army").is_first_responder


@pytest.mark.django_db
def test_missing_answers_are_explained_and_nothing_is_lost(client_for, world):
    response = add_organisation(
        client_for("coordinator"), world, kind="", email="not-an-address", phone="01632 960 999"
    )
    assert b"There is a problem" in response.content
    assert b"Select what kind of organisation it is" in response.content
    assert b"Enter an e-mail address in the correct format" in response.content
    assert b'value="The Salvation Army"' in response.content
    assert b'value="01632 960 999"' in response.content
    assert b"<title>Error: Add an organisation" in response.content
    assert not Organisation.objects.filter(name="The Salvation Army").exists()


@pytest.mark.django_db
def test_a_duplicate_name_is_refused(client_for, world):
    response = add_organisation(client_for("coordinator"), world, name="brightway")
    assert b"An organisation with this name already exists" in response.content


@pytest.mark.django_db
def test_a_coordinator_cannot_add_to_a_partnership_they_do_not_run(client_for, world):
    response = add_organisation(client_for("coordinator"), world, partnership=world.otherton.pk)
    assert b"Select a valid choice" in response.content
    assert not Organisation.objects.filter(name="The Salvation Army").exists()


@pytest.mark.django_db
def test_the_directory_shows_only_the_users_partnerships(client_for, world):
    page = client_for("charity_caseworker").get(reverse("partners:organisation-list"))
    assert b"Testshire Police" in page.content
    assert b"Otherton Council" not in page.content


@pytest.mark.django_db
def test_a_county_coordinator_runs_the_local_partnerships_too(client, world):
    from conftest import make_user, sign_in

    county_coordinator = make_user("cc@county.example", "Cara County", world.police, [(world.county, "coordinator")])
    sign_in(client, county_coordinator)
    assert client.get(reverse("partners:partnership-edit", args=[world.testford.pk])).status_code == 200
    assert client.get(reverse("partners:organisation-edit", args=[world.charity.pk])).status_code == 200
    assert client.get(reverse("partners:partnership-edit", args=[world.otherton.pk])).status_code == 404


@pytest.mark.django_db
def test_assigning_and_removing_a_role(client_for, personas, world):
    coordinator = client_for("coordinator")
    charlie = personas["charity_caseworker"]
    response = coordinator.post(
        reverse("partners:role-add", args=[charlie.pk]),
        {"partnership": world.testford.pk, "role": "first_responder"},
        follow=True,
    )
    assert b"Charlie Caseworker is now first responder in Testford Anti-Slavery Partnership" in response.content
    assignment = RoleAssignment.objects.get(user=charlie, role="first_responder")
    response = coordinator.post(reverse("partners:role-remove", args=[assignment.pk]), follow=True)
    assert b"is no longer first responder" in response.content
    assert not RoleAssignment.objects.filter(user=charlie, role="first_responder").exists()


@pytest.mark.django_db
def test_assigning_a_role_twice_is_explained(client_for, personas, world):
    response = client_for("coordinator").post(
        reverse("partners:role-add", args=[personas["charity_caseworker"].pk]),
        {"partnership": world.testford.pk, "role": "caseworker"},
    )
    assert response.status_code == 400
    assert b"This user already has this role in this partnership" in response.content


@pytest.mark.django_db
def test_a_coordinator_cannot_remove_their_own_coordinator_role(client_for, personas):
    assignment = personas["coordinator"].role_assignments.get(role="coordinator")
    assert client_for("coordinator").post(reverse("partners:role-remove", args=[assignment.pk])).status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


@pytest.mark.django_db
def test_a_coordinator_cannot_deactivate_themselves(client_for, personas):
    response = client_for("coordinator").post(reverse("partners:user-deactivate", args=[personas["coordinator"].pk]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_deactivating_and_reactivating_a_user(client_for, personas):
    coordinator = client_for("coordinator")
    cathy = personas["council_caseworker"]
    response = coordinator.post(reverse("partners:user-deactivate", args=[cathy.pk]), follow=True)
    assert b"Cathy Caseworker can no longer sign in" in response.content
    cathy.refresh_from_db()
    assert not cathy.is_active and cathy.deactivated_at is not None
    coordinator.post(reverse("partners:user-reactivate", args=[cathy.pk]))
    cathy.refresh_from_db()
    assert cathy.is_active


@pytest.mark.django_db
def test_inviting_a_user_from_the_page(client_for, world, mailoutbox):
    response = client_for("coordinator").post(
        reverse("partners:user-invite"),
        {
            "full_name": "Pat New",
            "email": "pat@brightway.example",
            "partnership": world.testford.pk,
            "organisation": world.charity.pk,
            "roles": ["caseworker"],
        },
        follow=True,
    )
    assert b"Invitation sent to pat@brightway.example" in response.content
    assert b"Pat New" in response.content  # in the table of invitations waiting
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_inviting_with_no_role_keeps_what_was_typed(client_for, world):
    response = client_for("coordinator").post(
        reverse("partners:user-invite"),
        {
            "full_name": "Pat New",
            "email": "pat@brightway.example",
            "partnership": world.testford.pk,
            "organisation": world.charity.pk,
        },
    )
    assert b"Select at least one role" in response.content
    assert b'value="pat@brightway.example"' in response.content


@pytest.mark.django_db
def test_inviting_someone_who_has_an_account_is_explained(client_for, world):
    response = client_for("coordinator").post(
        reverse("partners:user-invite"),
        {
            "full_name": "Charlie",
            "email": "CHARLIE@brightway.example",
            "partnership": world.testford.pk,
            "organisation": world.charity.pk,
            "roles": ["caseworker"],
        },
    )
    assert b"Someone already has an account with this e-mail address" in response.content


@pytest.mark.django_db
def test_navigation_follows_roles(client_for):
    coordinator_page = client_for("coordinator").get(reverse("core:home")).content
    caseworker_page = client_for("council_caseworker").get(reverse("core:home")).content
    for label in (b">Users<", b">Audit log<", b">API tokens<"):
        assert label in coordinator_page.replace(b"\n", b"").replace(b"  ", b"")
        assert label not in caseworker_page.replace(b"\n", b"").replace(b"  ", b"")


@pytest.mark.django_db
def test_adding_an_existing_organisation_to_a_partnership(client_for, world):
    response = client_for("coordinator").post(
        reverse("partners:membership-add", args=[world.testford.pk]),
        {"organisation": world.other_council.pk, "kind": "associate", "since": "2026-04-01"},
        follow=True,
    )
    assert b"Otherton Council is now a member of Testford Anti-Slavery Partnership" in response.content
    membership = world.other_council.memberships.get(partnership=world.testford)
    assert membership.kind == "associate" and str(membership.since) == "2026-04-01"


@pytest.mark.django_db
def test_a_current_member_is_not_offered_again(client_for, world):
    page = client_for("coordinator").get(reverse("partners:membership-add", args=[world.testford.pk]))
    assert b"Otherton Council" in page.content
    assert b">Brightway<" not in page.content


@pytest.mark.django_db
def test_ending_a_membership_takes_the_organisation_out_of_the_directory(client_for, world):
    membership = world.charity.memberships.get(partnership=world.testford)
    membership.since = datetime.date(2025, 1, 1)
    membership.save()
    coordinator = client_for("coordinator")
    response = coordinator.post(
        reverse("partners:membership-end", args=[membership.pk]), {"until": "2020-01-01"}, follow=True
    )
    assert b"The last day must be on or after it joined" in response.content
    response = coordinator.post(
        reverse("partners:membership-end", args=[membership.pk]), {"until": "2026-01-01"}, follow=True
    )
    assert b"membership of Testford Anti-Slavery Partnership ends on 1 January 2026" in response.content
    directory = client_for("council_caseworker").get(reverse("partners:organisation-list"))
    assert b"Brightway" not in directory.content


@pytest.mark.django_db
def test_resetting_two_factor_makes_the_user_set_up_a_new_app(client, client_for, personas):
    from waymark.accounts.tests.test_sign_in import enter_password

    cathy = personas["council_caseworker"]
    response = client_for("coordinator").post(reverse("partners:user-reset-two-factor", args=[cathy.pk]), follow=True)
    assert b"will set up a new authenticator app when they next sign in" in response.content
    assert not cathy.totpdevice_set.exists()
    assert enter_password(client, cathy.email)["Location"].startswith(reverse("accounts:setup"))


@pytest.mark.django_db
def test_unlocking_a_locked_account(client, client_for, personas, settings):
    from waymark.accounts.tests.test_sign_in import enter_password

    cathy = personas["council_caseworker"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        enter_password(client, cathy.email, "wrong")
    coordinator = client_for("coordinator")
    assert b"This account is locked" in coordinator.get(reverse("partners:user-detail", args=[cathy.pk])).content
    coordinator.post(reverse("partners:user-unlock", args=[cathy.pk]))
    assert b"This account is locked" not in coordinator.get(reverse("partners:user-detail", args=[cathy.pk])).content
    assert enter_password(client, cathy.email).status_code == 302


@pytest.mark.django_db
def test_a_coordinator_cannot_reset_their_own_two_factor_here(client_for, personas):
    response = client_for("coordinator").post(
        reverse("partners:user-reset-two-factor", args=[personas["coordinator"].pk])
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_coordinator_chooses_who_owns_each_kind_of_task(client_for, world):
    url = reverse("partners:partnership-edit", args=[world.testford.pk])
    coordinator = client_for("coordinator")
    page = coordinator.get(url).content.decode()
    assert "Organisation that receives police reports" in page
    assert "Otherton Council" not in page  # only member organisations are offered
    response = coordinator.post(url, {"police_organisation": world.other_council.pk, "case_reference_prefix": "TF"})
    assert b"Select a valid choice" in response.content
    coordinator.post(
        url,
        {
            "police_organisation": world.police.pk,
            "first_responder_organisation": world.council.pk,
            "case_reference_prefix": "tf2",
        },
    )
    world.testford.refresh_from_db()
    assert world.testford.first_responder_organisation == world.council
    assert world.testford.case_reference_prefix == "TF2"
