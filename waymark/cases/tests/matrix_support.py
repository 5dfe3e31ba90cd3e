"""Who may use the support pages (rows for test_permission_matrix).

The case is a child's case referred by Testford Council, as in matrix_cases.py, with support from the
council: the council's users (Carol the coordinator works there too) see it, start support and change
their own episodes; nobody else learns the case exists. Users of an organisation that sees the case
but did not give the support get 403: covered in test_support.py.
"""

from datetime import date

from waymark.cases import services_support
from waymark.cases.tests.factories import open_child_case
from waymark.core.tests.matrix import everyone


def _case_referred_by_the_council(world, personas):
    return {"pk": open_child_case(world, personas["council_caseworker"]).pk}


def _councils_episode(world, personas):
    cathy = personas["council_caseworker"]
    case = open_child_case(world, cathy)
    episode = services_support.start_episode(
        case=case,
        by=cathy,
        advocate=cathy,
        person=None,
        started_on=date(2026, 1, 5),
        needs=["accommodation"],
        services=[],
    )
    return {"pk": case.pk, "episode_pk": episode.pk}


_COUNCIL = {**everyone(404), "coordinator": 200, "council_caseworker": 200}

EXPECTATIONS = {
    "cases:support-episode-add": ("get", _case_referred_by_the_council, _COUNCIL),
    "cases:support-episode": ("get", _councils_episode, _COUNCIL),
    "cases:support-episode-edit": ("get", _councils_episode, _COUNCIL),
    "cases:support-episode-end": ("get", _councils_episode, _COUNCIL),
    "cases:support-feedback-add": ("get", _councils_episode, _COUNCIL),
}
