"""Who may use "Report a concern" (rows for test_permission_matrix). A draft is its writer's alone."""

from waymark.cases.models import ConcernDraft
from waymark.cases.tests.factories import open_child_case
from waymark.core.tests.matrix import everyone


def _no_kwargs(world, personas):
    return {}


def _draft(world, personas):
    draft = ConcernDraft.objects.create(created_by=personas["council_caseworker"], partnership=world.testford)
    return {"pk": draft.pk}


def _draft_step(world, personas):
    return {**_draft(world, personas), "step": "danger"}


def _case(world, personas):
    return {"pk": open_child_case(world, personas["council_caseworker"]).pk}


only_the_writer = {**everyone(404), "council_caseworker": 200}

EXPECTATIONS = {
    "cases:report-drafts": ("get", _no_kwargs, everyone(200)),
    "cases:report-start": ("get", _no_kwargs, everyone(200)),
    "cases:report-step": ("get", _draft_step, only_the_writer),
    "cases:report-check": ("get", _draft, {**only_the_writer, "council_caseworker": 302}),
    "cases:report-discard": ("post", _draft, {**only_the_writer, "council_caseworker": 302}),
    "cases:report-done": ("get", _case, {**everyone(404), "coordinator": 200, "council_caseworker": 200}),
}
