"""Who may use the case pages (rows for test_permission_matrix)."""

from waymark.cases.tests.factories import open_child_case
from waymark.core.tests.matrix import everyone


def _case_referred_by_the_council(world, personas):
    return {"pk": open_child_case(world, personas["council_caseworker"]).pk}


def _no_kwargs(world, personas):
    return {}


# A child's case referred by Testford Council: its tasks belong to the council (children's social
# care) and to the police (the partnership's first responder is not needed: the council is one).
EXPECTATIONS = {
    "cases:case-list": ("get", _no_kwargs, everyone(200)),
    "cases:case-detail": (
        "get",
        _case_referred_by_the_council,
        {**everyone(404), "coordinator": 200, "council_caseworker": 200},
    ),
}
