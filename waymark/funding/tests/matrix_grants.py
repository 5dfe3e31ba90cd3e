"""Who may use the grant pages (rows for test_permission_matrix), on tests/factories.funding_for_testford.

Greta (grants officer) manages the grant to Brightway; Carol (coordinator) reads it and is its
scrutineer, but may not change it (403); Charlie works at Brightway, the recipient, so he sees the
grant (and the list) but may not change it (403). Cathy (council), Ian (police) and the outsider do
not find it (404); the outsider's own (Otherton) list opens, empty. The status steps are asked of a
grant at the status each step follows.
"""

from waymark.core.tests.matrix import everyone


def _funding(world, personas):
    from waymark.funding.tests.factories import funding_for_testford

    return funding_for_testford(world, personas)


def _no_kwargs(world, personas):
    _funding(world, personas)
    return {}


def _grant(world, personas):
    return {"pk": _funding(world, personas).grant.pk}


def _grant_at(status, **fields):
    def make(world, personas):
        from waymark.funding.models import Grant

        grant = _funding(world, personas).grant
        Grant.objects.filter(pk=grant.pk).update(status=status, **fields)
        return {"pk": grant.pk}

    return make


def _part(related):
    def make(world, personas):
        return {"pk": getattr(_funding(world, personas).grant, related).first().pk}

    return make


SEE_GRANT = {**everyone(404), "grants_officer": 200, "coordinator": 200, "charity_caseworker": 200}
MANAGE_GRANT = {**everyone(404), "grants_officer": 200, "coordinator": 403, "charity_caseworker": 403}

EXPECTATIONS = {
    "funding:grant-list": (
        "get",
        _no_kwargs,
        {**everyone(403), "grants_officer": 200, "coordinator": 200, "charity_caseworker": 200, "outsider": 200},
    ),
    "funding:grant-add": ("get", _no_kwargs, {**everyone(403), "grants_officer": 200}),
    "funding:grant-detail": ("get", _grant, SEE_GRANT),
    "funding:grant-edit": ("get", _grant, MANAGE_GRANT),
    "funding:grant-measures": ("get", _grant, MANAGE_GRANT),
    "funding:grant-cost-add": ("get", _grant, MANAGE_GRANT),
    "funding:grant-match-add": ("get", _grant, MANAGE_GRANT),
    "funding:grant-in-kind-add": ("get", _grant, MANAGE_GRANT),
    "funding:grant-agreement-signed": ("get", _grant_at("approved"), MANAGE_GRANT),
    "funding:grant-activate": ("get", _grant_at("agreement_signed"), MANAGE_GRANT),
    "funding:grant-close": ("get", _grant_at("active"), MANAGE_GRANT),
    "funding:grant-renew": ("get", _grant_at("active", recurrence="recurring"), MANAGE_GRANT),
    "funding:grant-cost-remove": ("get", _part("cost_lines"), MANAGE_GRANT),
    "funding:grant-match-remove": ("get", _part("match_funding"), MANAGE_GRANT),
    "funding:grant-in-kind-remove": ("get", _part("in_kind"), MANAGE_GRANT),
}
