from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from waymark.governance.models import Agreement, Group, GroupKind, Meeting, MeetingAction, PlanAction, Risk


@pytest.mark.django_db
def test_the_demo_has_a_governance_structure_once(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    board = Group.objects.get(kind=GroupKind.STRATEGIC_BOARD)
    assert {g.kind for g in board.reporting_groups.all()} == {GroupKind.OPERATIONAL_GROUP, GroupKind.TASK_AND_FINISH}
    assert Meeting.objects.held().filter(minutes__status="approved").count() == 1
    assert Meeting.objects.upcoming().count() == 1
    assert MeetingAction.objects.overdue().count() == 1
    assert PlanAction.objects.count() == 4 and PlanAction.objects.overdue().count() == 1
    assert Risk.objects.count() == 3
    agreement = Agreement.objects.get()
    assert agreement.earliest_withdrawal(date(2026, 2, 10)) == date(2027, 3, 31)
    assert Meeting.objects.held().first().quoracy().is_quorate
    # The rota: nobody holds two roles at one meeting.
    for meeting in Meeting.objects.all():
        roles = {meeting.chair_organisation_id, meeting.minute_taker_organisation_id, meeting.host_organisation_id}
        assert len(roles) == 3
