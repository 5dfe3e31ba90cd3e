from io import StringIO

import pytest
from django.core.management import call_command

from waymark.cases.models import Case, PublicReport


@pytest.mark.django_db
def test_the_demo_has_cases_and_reports_to_triage_once(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert Case.objects.count() == 2 and PublicReport.objects.count() == 2
    child = Case.objects.get(reference__startswith="KT-")
    assert {"children_social_care_referral", "age_assessment", "nrm_referral", "ictg_referral"} <= set(
        child.tasks.values_list("code", flat=True)
    )
    anonymous = Case.objects.get(reference__startswith="MV-").people.get()
    assert anonymous.anonymous and not anonymous.given_names
