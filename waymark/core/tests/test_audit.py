"""The audit trail: reads and changes are logged; tampering is detected by verify_audit."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from waymark.core import audit
from waymark.core.models import AppendOnlyError, AuditEntry


def write_entries(n: int) -> list[AuditEntry]:
    return [audit.record(action="view", object_type="test.Thing", object_id=str(i), detail={"i": i}) for i in range(n)]


def verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_viewing_a_user_is_logged(client_for, personas):
    target = personas["council_caseworker"]
    client_for("coordinator").get(reverse("partners:user-detail", args=[target.pk]))
    entry = AuditEntry.objects.get(action="view", object_type="accounts.User", object_id=str(target.pk))
    assert entry.user_email == "carol@testford.example"
    assert entry.organisation_name == "Testford Council"
    assert entry.path == reverse("partners:user-detail", args=[target.pk])


@pytest.mark.django_db
def test_listing_users_logs_who_was_shown(client_for, personas):
    client_for("coordinator").get(reverse("partners:user-list"))
    entry = AuditEntry.objects.get(action="view", object_type="accounts.User", object_id="")
    assert str(personas["council_caseworker"].pk) in entry.detail["ids"]


@pytest.mark.django_db
def test_assigning_a_role_is_logged(client_for, personas, world):
    target = personas["charity_caseworker"]
    client_for("coordinator").post(
        reverse("partners:role-add", args=[target.pk]), {"partnership": world.testford.pk, "role": "first_responder"}
    )
    entry = AuditEntry.objects.get(action="create", object_type="partners.RoleAssignment")
    assert entry.detail == {"user": target.email, "partnership": world.testford.name, "role": "first_responder"}
    assert entry.user_email == "carol@testford.example"


@pytest.mark.django_db
def test_editing_an_organisation_logs_the_changed_fields(client_for, world):
    client_for("coordinator").post(
        reverse("partners:organisation-edit", args=[world.charity.pk]),
        {"name": "Brightway", "kind": "charity", "email": "help@brightway.example", "is_active": "on"},
    )
    entry = AuditEntry.objects.get(action="update", object_type="partners.Organisation")
    assert entry.detail["changes"]["email"] == ["", "help@brightway.example"]
    # Field-level change history with the user, too.
    latest = world.charity.history.first()
    assert latest.email == "help@brightway.example"
    assert latest.history_user.email == "carol@testford.example"


@pytest.mark.django_db
def test_an_intact_trail_verifies():
    write_entries(5)
    assert "Audit trail intact: 5 entries verified" in verify()


@pytest.mark.django_db
def test_altering_an_entry_is_detected():
    entries = write_entries(5)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET object_id = 'edited' WHERE id = %s", [entries[2].pk])
    with pytest.raises(CommandError, match=r"entry #3: its contents were altered"):
        verify()


@pytest.mark.django_db
def test_rewriting_an_entry_and_its_hash_is_detected():
    entries = write_entries(5)
    forged = AuditEntry.objects.get(pk=entries[1].pk)
    forged.object_id = "forged"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET object_id = %s, entry_hash = %s WHERE id = %s",
            ["forged", forged.compute_hash(), forged.pk],
        )
    with pytest.raises(CommandError, match=r"entry #3: does not follow"):
        verify()


@pytest.mark.django_db
def test_deleting_an_entry_is_detected():
    entries = write_entries(5)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[1].pk])
    with pytest.raises(CommandError, match=r"entry #2: missing"):
        verify()


@pytest.mark.django_db
def test_deleting_the_newest_entry_is_detected():
    entries = write_entries(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[-1].pk])
    with pytest.raises(CommandError, match=r"entry #3: missing"):
        verify()


@pytest.mark.django_db
def test_the_orm_refuses_to_change_or_delete_entries():
    entry = write_entries(1)[0]
    entry.object_id = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(object_id="x")


@pytest.mark.django_db
def test_coordinator_filters_the_log(client_for, personas):
    coordinator = client_for("coordinator")
    coordinator.get(reverse("partners:user-detail", args=[personas["council_caseworker"].pk]))
    audit.record(action="update", user=personas["charity_caseworker"], object_type="test.Thing", object_id="1")
    page = coordinator.get(reverse("core:audit-log"), {"user_email": "charlie"})
    assert b"charlie@brightway.example" in page.content
    assert b"carol@testford.example" not in page.content


@pytest.mark.django_db
def test_a_bad_filter_date_is_explained(client_for):
    page = client_for("coordinator").get(reverse("core:audit-log"), {"date_from": "31/02/2026"})
    assert b"There is a problem" in page.content
    assert b"Enter the from date as a real date" in page.content
    assert b'value="31/02/2026"' in page.content


@pytest.mark.django_db
def test_the_log_shows_nothing_from_other_partnerships(client_for, personas):
    audit.record(action="view", user=personas["outsider"], object_type="test.Thing", object_id="secret")
    page = client_for("coordinator").get(reverse("core:audit-log"))
    assert b"oscar@otherton.example" not in page.content


@pytest.mark.django_db
def test_export_is_csv_and_is_itself_logged(client_for, personas):
    coordinator = client_for("coordinator")
    coordinator.get(reverse("partners:user-detail", args=[personas["council_caseworker"].pk]))
    response = coordinator.get(reverse("core:audit-export"))
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["sequence", "at", "user_email"]
    assert any(row[4] == "view" and row[5] == "accounts.User" for row in rows[1:])
    assert AuditEntry.objects.filter(action="export", user_email="carol@testford.example").exists()


@pytest.mark.django_db
def test_sign_in_and_out_are_logged(client, personas):
    from waymark.accounts.tests.test_sign_in import current_code, enter_password

    enter_password(client, "carol@testford.example")
    client.post(reverse("accounts:verify"), {"code": current_code(personas["coordinator"].totpdevice_set.get())})
    client.post(reverse("accounts:logout"))
    assert list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True)) == ["sign_in", "sign_out"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers itself; PostgreSQL runs in CI")
def test_concurrent_appends_keep_the_chain_intact():
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def append_many(worker: int) -> None:
        try:
            for i in range(40):
                audit.record(action="view", object_type="test.Thing", object_id=f"{worker}-{i}")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(append_many, range(4)))
    assert AuditEntry.objects.count() == 160
    assert audit.verify_chain() is None
