"""Who may use the triage pages (rows for test_permission_matrix): Testford's coordinator only.

Actions are posted empty, so the coordinator gets the page back with errors (400); everyone else is
refused before the form is read.
"""

from waymark.cases.models import PublicReport
from waymark.cases.tests.factories import open_child_case
from waymark.core.tests.matrix import coordinator_of_testford, coordinators


def _referral_waiting(world, personas):
    return {"pk": open_child_case(world, personas["council_caseworker"]).pk}


def _public_report(world, personas):
    report = PublicReport.objects.create(
        partnership=world.testford, what_seen="Men sleeping in a van behind the car wash.", where="Mill Lane, Testford"
    )
    return {"pk": report.pk}


def _no_kwargs(world, personas):
    return {}


EXPECTATIONS = {
    "cases:triage": ("get", _no_kwargs, coordinators()),
    "cases:triage-case": ("get", _referral_waiting, coordinator_of_testford()),
    "cases:triage-case-assign-lead": ("post", _referral_waiting, coordinator_of_testford(400)),
    "cases:triage-case-close": ("post", _referral_waiting, coordinator_of_testford(400)),
    "cases:triage-report": ("get", _public_report, coordinator_of_testford()),
    "cases:triage-report-open-case": ("post", _public_report, coordinator_of_testford(400)),
    "cases:triage-report-link": ("post", _public_report, coordinator_of_testford(400)),
    "cases:triage-report-close": ("post", _public_report, coordinator_of_testford(400)),
}
