"""Who may read cases and tasks through the API (rows for test_permission_matrix). The case list
page's row is in matrix_cases.py."""

from waymark.cases.tests.factories import open_child_case
from waymark.core.tests.matrix import everyone


def _case_referred_by_the_council(world, personas):
    return {"pk": open_child_case(world, personas["council_caseworker"]).pk}


def _task_on_that_case(world, personas):
    return {"pk": open_child_case(world, personas["council_caseworker"]).tasks.first().pk}


def _no_kwargs(world, personas):
    return {}


# As on the case page: the referring council and the Testford coordinator see the case and its
# tasks; everyone else is told it does not exist.
ONLY_THE_COUNCIL_AND_COORDINATOR = {**everyone(404, anonymous=401), "coordinator": 200, "council_caseworker": 200}

EXPECTATIONS = {
    "api:case-list": ("get", _no_kwargs, everyone(200, anonymous=401)),
    "api:case-detail": ("get", _case_referred_by_the_council, ONLY_THE_COUNCIL_AND_COORDINATOR),
    "api:task-list": ("get", _no_kwargs, everyone(200, anonymous=401)),
    "api:task-detail": ("get", _task_on_that_case, ONLY_THE_COUNCIL_AND_COORDINATOR),
}
