"""Who may use the task pages (rows for test_permission_matrix).

The task is the council's, on a case the council referred; Brightway (the charity) has a task of its
own on the case, so its caseworker sees the case but may not work the council's task (403). Actions
are posted empty, so those allowed get the page back with errors (400). Adding a task: the council
leads the case, so its caseworker and the coordinator may; Brightway sees the case but may not (403).
"""

from waymark.cases import services_triage
from waymark.cases.models import Task
from waymark.cases.tests.factories import open_child_case
from waymark.core.tests.matrix import coordinators, everyone


def _council_task(world, personas):
    case = open_child_case(world, personas["council_caseworker"])
    Task.objects.create(case=case, code="manual", title="Offer an advocate", owner_organisation=world.charity)
    return {"pk": case.tasks.get(code="children_social_care_referral").pk}


def _case_led_by_the_council(world, personas):
    case = open_child_case(world, personas["council_caseworker"])
    services_triage.assign_lead(case=case, lead_organisation=world.council, by=personas["coordinator"])
    Task.objects.create(case=case, code="manual", title="Offer an advocate", owner_organisation=world.charity)
    return {"pk": case.pk}


def _no_kwargs(world, personas):
    return {}


def _owner_or_coordinator(status):
    return {**everyone(404), "coordinator": status, "council_caseworker": status, "charity_caseworker": 403}


EXPECTATIONS = {
    "cases:my-tasks": ("get", _no_kwargs, everyone(200)),
    "cases:overdue-tasks": ("get", _no_kwargs, coordinators()),
    "cases:task-detail": (
        "get",
        _council_task,
        {**everyone(404), "coordinator": 200, "council_caseworker": 200, "charity_caseworker": 200},
    ),
    "cases:task-accept": ("post", _council_task, _owner_or_coordinator(400)),
    "cases:task-done": ("post", _council_task, _owner_or_coordinator(400)),
    "cases:task-cannot-do": ("post", _council_task, _owner_or_coordinator(400)),
    "cases:task-reassign": ("post", _council_task, {**_owner_or_coordinator(403), "coordinator": 400}),
    "cases:task-person": ("get", _council_task, _owner_or_coordinator(200)),
    "cases:task-add": ("get", _case_led_by_the_council, _owner_or_coordinator(200)),
}
