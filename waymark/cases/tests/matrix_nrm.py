"""Who may use the NRM record pages (rows for test_permission_matrix).

The case is a child's case referred by Testford Council, as in matrix_cases.py: the council owns its
NRM referral task, so the council and the partnership's coordinator see and record it; nobody else
learns it exists. Empty POSTs and view-only users are covered in test_nrm_tracking.py.
"""

from datetime import date

from waymark.cases.models import NRMReferral, Reconsideration
from waymark.cases.tests.factories import open_child_case
from waymark.core.tests.matrix import coordinators, everyone


def _case_referred_by_the_council(world, personas):
    return {"pk": open_child_case(world, personas["council_caseworker"]).pk}


def _reconsideration(world, personas):
    case = open_child_case(world, personas["council_caseworker"])
    nrm = NRMReferral.objects.create(
        case=case, referred_on=date(2026, 3, 2), rg_decision_on=date(2026, 3, 6), rg_outcome="negative"
    )
    reconsideration = Reconsideration.objects.create(
        nrm=nrm, decision="rg", requested_on=date(2026, 3, 10), requested_by=world.council
    )
    return {"pk": case.pk, "reconsideration_pk": reconsideration.pk}


def _no_kwargs(world, personas):
    return {}


_CASE_RECORDERS = {**everyone(404), "coordinator": 200, "council_caseworker": 200}

EXPECTATIONS = {
    "cases:nrm": ("get", _case_referred_by_the_council, _CASE_RECORDERS),
    "cases:nrm-referral": ("get", _case_referred_by_the_council, _CASE_RECORDERS),
    "cases:nrm-rg-decision": ("get", _case_referred_by_the_council, _CASE_RECORDERS),
    "cases:nrm-cg-decision": ("get", _case_referred_by_the_council, _CASE_RECORDERS),
    "cases:nrm-duty-to-notify": ("get", _case_referred_by_the_council, _CASE_RECORDERS),
    "cases:nrm-support": ("get", _case_referred_by_the_council, _CASE_RECORDERS),
    "cases:nrm-reconsideration-add": ("get", _case_referred_by_the_council, _CASE_RECORDERS),
    "cases:nrm-reconsideration-result": ("get", _reconsideration, _CASE_RECORDERS),
    "cases:nrm-overdue": ("get", _no_kwargs, coordinators()),
}
