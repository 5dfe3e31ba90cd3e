"""Who may use the funding landing page (rows for test_permission_matrix).

The landing page is for the commissioner's office side (grants officers, signers, board members),
coordinators, and users whose organisation holds a grant or who scrutinise one. Sections add their
rows in their own matrix_*.py files, built on tests/factories.funding_for_testford: Greta manages,
Carol (coordinator) reads and scrutinises the grant, Charlie's Brightway receives it, the others
have no business with it.
"""

from waymark.core.tests.matrix import everyone


def _no_kwargs(world, personas):
    return {}


def _with_funding(world, personas):
    from waymark.funding.tests.factories import funding_for_testford

    funding_for_testford(world, personas)
    return {}


EXPECTATIONS = {
    "funding:index": (
        "get",
        _with_funding,
        {
            **everyone(403),
            "coordinator": 200,
            "grants_officer": 200,
            "charity_caseworker": 200,
            "outsider": 200,  # coordinates Otherton: reads Otherton's (empty) funding
        },
    ),
}
