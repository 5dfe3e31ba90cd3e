"""Who may close and reopen a case, and see the retention review (rows for test_permission_matrix).

The case is a child's, referred and led by Testford Council and shared with Brightway: the council's
users and the coordinator may close and reopen it; Brightway sees it but may not (403); everyone
else gets 404, so its existence is not disclosed."""

from django.utils import timezone

from waymark.cases.models import Case, CaseOutcome, CaseShare, CaseStatus, LawfulBasis
from waymark.cases.tests.factories import open_child_case
from waymark.core.tests.matrix import coordinators, everyone


def _shared_case(world, personas, **fields):
    case = open_child_case(world, personas["council_caseworker"])
    Case.objects.filter(pk=case.pk).update(lead_organisation=world.council, status=CaseStatus.OPEN, **fields)
    CaseShare.objects.create(
        case=case,
        organisation=world.charity,
        reason="Safe house",
        lawful_basis=LawfulBasis.SAFEGUARDING,
        shared_by=personas["council_caseworker"],
    )
    return case


def _open_case(world, personas):
    return {"pk": _shared_case(world, personas).pk}


def _closed_case(world, personas):
    case = _shared_case(world, personas)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_at=timezone.now(), outcome=CaseOutcome.SUPPORTED, closed_reason="Safe"
    )
    return {"pk": case.pk}


def _no_kwargs(world, personas):
    return {}


def lead_and_coordinator(status: int = 200) -> dict[str, int]:
    return {**everyone(404), "coordinator": status, "council_caseworker": status, "charity_caseworker": 403}


EXPECTATIONS = {
    "cases:case-close": ("get", _open_case, lead_and_coordinator()),
    "cases:case-reopen": ("get", _closed_case, lead_and_coordinator()),
    "cases:retention-review": ("get", _no_kwargs, coordinators()),
}
