"""Who may use the decision report and settings pages (rows for test_permission_matrix).

Built on tests/factories.funding_for_testford: Greta (grants officer) manages Testford's reports and
settings; Carol (coordinator) reads the reports (403 on changing them); Charlie's Brightway receives
the grant but sees no decision report until it is published (404; 403 on writing one for the grant it
sees); Cathy, Ian and Oscar (the outsider) have no business with Testford's funding (404).
"""

from waymark.core.tests.matrix import everyone

READ = {**everyone(404), "coordinator": 200, "grants_officer": 200}
MANAGE = {**everyone(404), "coordinator": 403, "grants_officer": 200}
MANAGE_THEN_REDIRECT = {**MANAGE, "grants_officer": 302}


def _funding(world, personas):
    from waymark.funding.tests.factories import funding_for_testford

    return funding_for_testford(world, personas)


def _no_kwargs(world, personas):
    _funding(world, personas)
    return {}


def _report(world, personas):
    return {"pk": _funding(world, personas).report.pk}


def _new_grant(world, personas):
    from waymark.funding.tests.factories import make_grant

    funding = _funding(world, personas)
    return {"pk": make_grant(funding.fund, world.charity, title="County network coordinator").pk}


def _appendix(world, personas):
    import atexit
    import shutil
    import tempfile

    from django.core.files.base import ContentFile
    from django.test import override_settings

    from waymark.funding.models import Appendix

    folder = tempfile.mkdtemp(prefix="waymark-matrix-reports-")
    atexit.register(shutil.rmtree, folder, True)
    override_settings(PRIVATE_MEDIA_ROOT=folder).enable()  # undone by conftest's settings fixture
    appendix = Appendix(report=_funding(world, personas).report, title="Appendix A: budget", document_name="budget.pdf")
    appendix.document.save("budget", ContentFile(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))
    return {"pk": appendix.pk}


def _testford(world, personas):
    _funding(world, personas)
    return {"pk": world.testford.pk}


def _priority(world, personas):
    return {"pk": _funding(world, personas).priority.pk}


def _priority_down(world, personas):
    from waymark.funding.models import StrategicPriority

    StrategicPriority.objects.create(partnership=world.testford, name="Tackling serious violence", position=5)
    return {**_priority(world, personas), "direction": "down"}


EXPECTATIONS = {
    "funding:report-list": (
        "get",
        _no_kwargs,
        {**everyone(403), "coordinator": 200, "grants_officer": 200, "outsider": 200},
    ),
    "funding:report-add": ("get", _new_grant, {**MANAGE, "charity_caseworker": 403}),
    "funding:report-detail": ("get", _report, READ),
    "funding:report-pdf": ("get", _report, READ),
    "funding:report-edit": ("get", _report, MANAGE),
    "funding:report-sections": ("get", _report, MANAGE),
    "funding:report-appendix-add": ("get", _report, MANAGE),
    "funding:report-appendix-remove": ("get", _appendix, MANAGE),
    "funding:report-appendix-document": ("get", _appendix, READ),
    "funding:report-settings": ("get", _testford, MANAGE),
    "funding:report-settings-edit": ("get", _testford, MANAGE),
    "funding:report-priority-add": ("get", _testford, MANAGE),
    "funding:report-priority-edit": ("get", _priority, MANAGE),
    "funding:report-priority-retire": ("post", _priority, MANAGE_THEN_REDIRECT),
    "funding:report-priority-restore": ("post", _priority, MANAGE_THEN_REDIRECT),
    "funding:report-priority-move": ("post", _priority_down, MANAGE_THEN_REDIRECT),
}
