"""Who may use the NRM referral pack (rows for test_permission_matrix): whoever may see the case."""

from waymark.cases.tests.factories import open_child_case
from waymark.core.tests.matrix import everyone


def _case_referred_by_the_council(world, personas):
    return {"pk": open_child_case(world, personas["council_caseworker"]).pk}


# A child's case referred by Testford Council, as in matrix_cases.py: the council and the
# partnership's coordinator see it; nobody else learns it exists.
_CASE_VIEWERS = {**everyone(404), "coordinator": 200, "council_caseworker": 200}

EXPECTATIONS = {
    "cases:nrm-pack": ("get", _case_referred_by_the_council, _CASE_VIEWERS),
    "cases:nrm-pack-pdf": ("get", _case_referred_by_the_council, _CASE_VIEWERS),
    "cases:nrm-pack-json": ("get", _case_referred_by_the_council, _CASE_VIEWERS),
}
