import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages(client_for, world, personas):
    c = client_for("coordinator")
    for name, kw in [
        ("core:home", {}),
        ("partners:organisation-list", {}),
        ("partners:user-list", {}),
        ("core:audit-log", {}),
        ("api:token-list", {}),
        ("partners:organisation-add", {}),
        ("partners:user-invite", {}),
        ("partners:user-detail", {"pk": personas["council_caseworker"].pk}),
        ("accounts:profile", {}),
        ("partners:partnership-detail", {"pk": world.testford.pk}),
        ("api:docs", {}),
        ("api:schema", {}),
        ("api:organisation-list", {}),
        ("core:accessibility", {}),
        ("accounts:setup", {}),
        ("api:token-add", {}),
    ]:
        r = c.get(reverse(name, kwargs=kw))
        assert r.status_code == 200, (name, r.status_code, r.content[:3000])
