"""Who may use the fund pages (rows for test_permission_matrix), on tests/factories.funding_for_testford.

Greta (grants officer) manages Testford's funds; Carol (coordinator) reads them and is refused
managing (403); the outsider coordinates Otherton, so the list opens for her (empty) but Testford's
fund is not found. Charlie (Brightway, the recipient) sees his grant but never the fund (404), and
nobody else at the council or the police has standing in funding at all.
"""

from waymark.core.tests.matrix import everyone


def _funding(world, personas):
    from waymark.funding.tests.factories import funding_for_testford

    return funding_for_testford(world, personas)


def _no_kwargs(world, personas):
    _funding(world, personas)
    return {}


def _fund(world, personas):
    return {"pk": _funding(world, personas).fund.pk}


def _contribution(world, personas):
    return {"pk": _funding(world, personas).fund.contributions.first().pk}


READ_FUND = {**everyone(404), "grants_officer": 200, "coordinator": 200}
MANAGE_FUND = {**everyone(404), "grants_officer": 200, "coordinator": 403}

EXPECTATIONS = {
    "funding:fund-list": (
        "get",
        _no_kwargs,
        {**everyone(403), "grants_officer": 200, "coordinator": 200, "outsider": 200},
    ),
    "funding:fund-add": ("get", _no_kwargs, {**everyone(403), "grants_officer": 200}),
    "funding:fund-detail": ("get", _fund, READ_FUND),
    "funding:fund-edit": ("get", _fund, MANAGE_FUND),
    "funding:fund-next-year": ("get", _fund, MANAGE_FUND),
    "funding:fund-contribution-add": ("get", _fund, MANAGE_FUND),
    "funding:fund-contribution-remove": ("get", _contribution, MANAGE_FUND),
}
