from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from waymark.governance.models import (
    RAG,
    Attendance,
    AttendanceStatus,
    Briefing,
    MeetingAction,
    MeetingActionStatus,
    PlanAction,
    Risk,
    RiskCategory,
)
from waymark.governance.risk_rating import Band
from waymark.governance.tests.factories import add_representative, governance_for_testford, make_group, make_meeting


@pytest.mark.django_db
def test_overdue_actions_are_unfinished_and_past_their_due_date(world, personas):
    governance = governance_for_testford(world, personas)
    today = timezone.localdate()
    make = lambda **f: MeetingAction.objects.create(  # noqa: E731
        meeting=governance.held, description="x", owner_organisation=world.police, **f
    )
    due_today = make(due_date=today)
    done_late = make(due_date=today - timedelta(days=5), status=MeetingActionStatus.DONE)
    cancelled = make(due_date=today - timedelta(days=5), status=MeetingActionStatus.CANCELLED)
    in_progress_late = make(due_date=today - timedelta(days=5), status=MeetingActionStatus.IN_PROGRESS)
    undated = make(due_date=None)
    overdue = set(MeetingAction.objects.overdue(today))
    assert overdue == {governance.action, in_progress_late}
    assert not ({due_today, done_late, cancelled, undated} & overdue)
    assert governance.action.is_overdue(today) and not due_today.is_overdue(today)


@pytest.mark.django_db
def test_a_meeting_is_quorate_when_most_member_organisations_are_present(world, personas):
    group = make_group(world)
    council = add_representative(group, world.council, name="Councillor")
    council_deputy = add_representative(group, world.council, name="Deputy", is_deputy=True)
    police = add_representative(group, world.police, name="Inspector")
    meeting = make_meeting(group)
    Attendance.objects.create(meeting=meeting, representative=council, status=AttendanceStatus.PRESENT)
    Attendance.objects.create(meeting=meeting, representative=council_deputy, status=AttendanceStatus.PRESENT)
    assert not meeting.quoracy().is_quorate  # one organisation of three, however many came from it
    Attendance.objects.create(meeting=meeting, representative=police, status=AttendanceStatus.PRESENT)
    assert meeting.quoracy().is_quorate
    group.quorum = 3
    group.save()
    meeting.refresh_from_db()
    assert not meeting.quoracy().is_quorate


@pytest.mark.django_db
def test_an_agreement_says_when_a_party_could_leave(world, personas):
    agreement = governance_for_testford(world, personas).agreement
    assert agreement.earliest_withdrawal(date(2026, 2, 10)) == date(2027, 3, 31)
    assert agreement.earliest_withdrawal(date(2026, 4, 10)) == date(2028, 3, 31)
    agreement.notice_expiry_day = 30
    agreement.notice_expiry_month = 2
    with pytest.raises(ValidationError):
        agreement.full_clean()


@pytest.mark.django_db
def test_risk_scores_and_limits(world, personas):
    risk = governance_for_testford(world, personas).risk
    assert (risk.score, risk.band) == (12, Band.HIGH)
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.create(
            partnership=world.testford,
            reference="R99",
            description="x",
            category=RiskCategory.OTHER,
            likelihood=6,
            impact=1,
        )


@pytest.mark.django_db
def test_progress_updates_move_the_status(world, personas):
    action = governance_for_testford(world, personas).plan_action
    action.record_progress(text="Half the officers trained", rag=RAG.AMBER, by=personas["intelligence_officer"])
    action.refresh_from_db()
    assert action.rag == RAG.AMBER and action.version == 2
    assert action.progress_updates.get().rag_at_update == RAG.AMBER
    assert PlanAction.objects.overdue(date(2027, 1, 1)).get() == action
    action.record_progress(text="All trained", rag=RAG.COMPLETE, by=personas["intelligence_officer"])
    assert not PlanAction.objects.overdue(date(2027, 1, 1)).exists()


@pytest.mark.django_db
def test_an_action_has_a_date_or_is_ongoing_not_both(world, personas):
    action = governance_for_testford(world, personas).plan_action
    action.is_ongoing = True
    with pytest.raises(IntegrityError), transaction.atomic():
        action.save()
    action.estimated_completion = None
    action.save()
    assert action.completion_display == "Ongoing"


@pytest.mark.django_db
def test_one_briefing_a_month(world, personas):
    Briefing.objects.create(partnership=world.testford, month=date(2026, 12, 17), title="December")
    assert Briefing.objects.get(title="December").month == date(2026, 12, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Briefing.objects.create(partnership=world.testford, month=date(2026, 12, 1), title="December again")


@pytest.mark.django_db
def test_a_group_cannot_report_to_itself_in_a_loop(world, personas):
    board = make_group(world, name="Board", organisations=[])
    operational = make_group(world, name="Operational group", organisations=[], reports_to=board)
    board.reports_to = operational
    with pytest.raises(ValidationError):
        board.full_clean()
    other = make_group(world, name="Otherton board", organisations=[], partnership=world.otherton)
    operational.reports_to = other
    with pytest.raises(ValidationError):
        operational.full_clean()
    county = make_group(world, name="County board", organisations=[], partnership=world.county)
    operational.reports_to = county
    operational.full_clean()
