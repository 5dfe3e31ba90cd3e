"""Who may use the governance pages (rows for test_permission_matrix).

The landing page is for anyone who belongs to a partnership: every signed-in persona does (the
outsider belongs to Otherton). Section pages add their rows here: members of Testford read, leads
update their own actions, coordinators manage, and the outsider gets 404.
"""

from waymark.core.tests.matrix import coordinator_of_testford, coordinators, everyone, members_of_testford


def _no_kwargs(world, personas):
    return {}


EXPECTATIONS = {
    "governance:index": ("get", _no_kwargs, everyone(200)),
}


# --- Groups, the structure, scheduling and the rota, calendar feeds (views_groups.py) ---


def _groups_board(world, personas):
    from waymark.governance.tests.factories import add_representative, make_group

    board = make_group(world)
    add_representative(board, world.council, user=personas["council_caseworker"])
    return board


def _groups_board_pk(world, personas):
    return {"pk": _groups_board(world, personas).pk}


def _groups_board_with_document(world, personas):
    import atexit
    import shutil
    import tempfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from waymark.governance import services_groups

    folder = tempfile.mkdtemp(prefix="waymark-matrix-groups-")
    atexit.register(shutil.rmtree, folder, True)
    override_settings(PRIVATE_MEDIA_ROOT=folder).enable()
    board = _groups_board(world, personas)
    pdf = SimpleUploadedFile("terms.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    services_groups.update_group(group=board, by=personas["coordinator"], document=pdf)
    return {"pk": board.pk}


def _groups_member_pk(world, personas):
    return {"pk": _groups_board(world, personas).members.get(organisation=world.council).pk}


def _groups_representative_pk(world, personas):
    return {"pk": _groups_board(world, personas).members.get(organisation=world.council).representatives.get().pk}


def _groups_upcoming_meeting_pk(world, personas):
    from waymark.governance.tests.factories import make_meeting

    return {"pk": make_meeting(_groups_board(world, personas), days_from_now=30).pk}


def _groups_feed_pk(world, personas):
    from waymark.governance.models import CalendarFeed

    feed, _ = CalendarFeed.issue(user=personas["council_caseworker"])
    return {"pk": feed.pk}


def _groups_feed_token(world, personas):
    from waymark.governance.models import CalendarFeed

    _groups_board(world, personas)
    _, token = CalendarFeed.issue(user=personas["council_caseworker"])
    return {"token": token}


GROUP_EXPECTATIONS = {
    "governance:group-list": ("get", _no_kwargs, everyone(200)),
    "governance:group-structure": ("get", _no_kwargs, everyone(200)),
    "governance:group-add": ("get", _no_kwargs, coordinators()),
    "governance:group-detail": ("get", _groups_board_pk, members_of_testford()),
    "governance:group-edit": ("get", _groups_board_pk, coordinator_of_testford()),
    "governance:group-document": ("get", _groups_board_with_document, members_of_testford()),
    "governance:group-member-add": ("get", _groups_board_pk, coordinator_of_testford()),
    "governance:group-member-remove": ("get", _groups_member_pk, coordinator_of_testford()),
    "governance:group-representative-add": ("get", _groups_member_pk, coordinator_of_testford()),
    "governance:group-representative-remove": ("get", _groups_representative_pk, coordinator_of_testford()),
    "governance:group-schedule": ("get", _groups_board_pk, coordinator_of_testford()),
    "governance:group-rota-edit": ("get", _groups_upcoming_meeting_pk, coordinator_of_testford()),
    "governance:calendar-links": ("get", _no_kwargs, everyone(200)),
    "governance:calendar-issue": ("post", _no_kwargs, everyone(200)),
    # A feed is its user's own: anyone else asking to stop it is told it does not exist.
    "governance:calendar-revoke": (
        "post",
        _groups_feed_pk,
        {**everyone(404), "council_caseworker": 302, "anonymous": 302},
    ),
    # Calendar apps cannot sign in: the secret address is the key, whoever holds it.
    "governance:calendar-feed": ("get", _groups_feed_token, everyone(200, anonymous=200)),
}
EXPECTATIONS.update(GROUP_EXPECTATIONS)

# --- end of groups block ---


# --- Meetings, minutes and actions arising (views_meetings.py) ---------------------------------
# The Testford board (tests/factories.governance_for_testford): Brightway takes the minutes of the
# held meeting, whose minutes are a draft, and owns its action; the board's chair is not a persona.


def _meetings_world(world, personas):
    from waymark.governance.tests.factories import governance_for_testford

    return governance_for_testford(world, personas)


def _held_meeting(world, personas):
    return {"pk": _meetings_world(world, personas).held.pk}


def _next_meeting(world, personas):
    return {"pk": _meetings_world(world, personas).next_meeting.pk}


def _agenda_item(world, personas, **fields):
    from waymark.governance.models import AgendaItem

    meeting = _meetings_world(world, personas).next_meeting
    AgendaItem.objects.create(meeting=meeting, order=0, title="Welcome and apologies")
    return AgendaItem.objects.create(meeting=meeting, order=1, title="Action plan", **fields)


def _agenda_item_pk(world, personas):
    return {"pk": _agenda_item(world, personas).pk}


def _agenda_paper(world, personas):
    import tempfile

    from django.core.files.base import ContentFile
    from django.test import override_settings

    from waymark.cases import documents
    from waymark.governance import services_meetings

    # A temporary folder, undone with the test's settings (as matrix_notes does for case documents).
    override_settings(PRIVATE_MEDIA_ROOT=tempfile.mkdtemp(prefix="waymark-matrix-papers-")).enable()
    meeting = _meetings_world(world, personas).next_meeting
    item = services_meetings.add_agenda_item(
        meeting=meeting,
        title="Performance report",
        owner_organisation=None,
        owner_user=None,
        notes="",
        paper=ContentFile(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", name="report.pdf"),
        paper_kind=documents.PDF,
        by=personas["coordinator"],
    )
    return {"pk": item.pk}


def _meeting_today(world, personas):
    """A board meeting under way now, after the held one whose minutes are still a draft."""
    from waymark.governance.tests.factories import make_meeting

    return {"pk": make_meeting(_meetings_world(world, personas).board, days_from_now=0).pk}


def _approved_minutes(world, personas):
    return {"pk": _meetings_world(world, personas).approved_minutes.pk}


def _approved_minutes_with_parent(world, personas):
    from waymark.governance.models import Group
    from waymark.governance.tests.factories import make_group

    gov = _meetings_world(world, personas)
    county_board = make_group(world, name="Testshire Governing Board", partnership=world.county, organisations=[])
    Group.objects.filter(pk=gov.board.pk).update(reports_to=county_board)
    return {"pk": gov.approved_minutes.pk}


def _board(world, personas):
    return {"pk": _meetings_world(world, personas).board.pk}


def _action(world, personas):
    return {"pk": _meetings_world(world, personas).action.pk}


def _minute_takers(status=200):
    """Coordinators and Brightway, which takes the held meeting's minutes; other members 403."""
    return {**everyone(403), "coordinator": status, "charity_caseworker": status, "outsider": 404}


MEETINGS = {
    "governance:meeting-list": ("get", _no_kwargs, everyone(200)),
    "governance:meeting-add": ("get", _no_kwargs, coordinators()),
    "governance:meeting-detail": ("get", _held_meeting, members_of_testford()),
    "governance:meeting-edit": ("get", _next_meeting, coordinator_of_testford()),
    "governance:meeting-cancel": ("get", _next_meeting, coordinator_of_testford()),
    "governance:meeting-agenda-add": ("get", _next_meeting, coordinator_of_testford()),
    "governance:meeting-agenda-edit": ("get", _agenda_item_pk, coordinator_of_testford()),
    "governance:meeting-agenda-move": ("post", _agenda_item_pk, coordinator_of_testford(302)),
    "governance:meeting-agenda-paper": ("get", _agenda_paper, members_of_testford()),
    "governance:meeting-attendance": ("get", _held_meeting, _minute_takers()),
    "governance:minutes-edit": ("get", _held_meeting, _minute_takers()),
    # Posted with no version: the coordinator is told the form is out of date (400).
    "governance:minutes-approve": ("post", _meeting_today, coordinator_of_testford(400)),
    "governance:minutes-detail": ("get", _approved_minutes, members_of_testford()),
    "governance:minutes-share": ("get", _approved_minutes_with_parent, coordinator_of_testford()),
    "governance:minutes-shared": ("get", _board, members_of_testford()),
    "governance:action-add": ("get", _held_meeting, _minute_takers()),
    "governance:action-list": ("get", _no_kwargs, everyone(200)),
    "governance:action-update": ("get", _action, _minute_takers()),
}
EXPECTATIONS.update(MEETINGS)
# --- end of meetings ---------------------------------------------------------------------------


# --- Risks and issues, agreements, the monthly briefing (views_registers.py, views_briefings.py) ---


def _registers_testford(world, personas):
    from waymark.governance.tests.factories import governance_for_testford

    return governance_for_testford(world, personas)


def _registers_risk(world, personas):
    return {"pk": _registers_testford(world, personas).risk.pk}  # owned by the council


def _registers_agreement(world, personas):
    return {"pk": _registers_testford(world, personas).agreement.pk}


def _registers_party(world, personas):
    from waymark.governance.models import AgreementParty

    agreement = _registers_testford(world, personas).agreement
    return {"pk": AgreementParty.objects.create(agreement=agreement, organisation=world.police).pk}


def _registers_agreement_with_document(world, personas):
    import atexit
    import shutil
    import tempfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from waymark.cases import documents
    from waymark.governance import services_registers

    folder = tempfile.mkdtemp(prefix="waymark-matrix-agreements-")
    atexit.register(shutil.rmtree, folder, True)
    override_settings(PRIVATE_MEDIA_ROOT=folder).enable()
    agreement = _registers_testford(world, personas).agreement
    pdf = SimpleUploadedFile("isa.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    services_registers.attach_document(agreement=agreement, upload=pdf, kind=documents.PDF, by=personas["coordinator"])
    return {"pk": agreement.pk}


def _registers_sent_briefing(world, personas):
    return {"pk": _registers_testford(world, personas).sent_briefing.pk}


def _registers_draft_briefing(world, personas):
    return {"pk": _registers_testford(world, personas).draft_briefing.pk}


# The risk's owner (the council, so Cathy) may update and review it, as may the coordinator.
_RISK_OWNERS = {**coordinator_of_testford(), "council_caseworker": 200}
# A draft briefing is hidden from everyone but its partnership's coordinators.
_DRAFT_BRIEFING = {**everyone(404), "coordinator": 200, "anonymous": 302}

REGISTERS = {
    "governance:risk-list": ("get", _no_kwargs, everyone(200)),
    "governance:risk-heat-map": ("get", _no_kwargs, everyone(200)),
    "governance:risk-add": ("get", _no_kwargs, coordinators()),
    "governance:risk-detail": ("get", _registers_risk, members_of_testford()),
    "governance:risk-edit": ("get", _registers_risk, _RISK_OWNERS),
    "governance:risk-review": ("get", _registers_risk, _RISK_OWNERS),
    "governance:agreement-list": ("get", _no_kwargs, everyone(200)),
    "governance:agreement-add": ("get", _no_kwargs, coordinators()),
    "governance:agreement-detail": ("get", _registers_agreement, members_of_testford()),
    "governance:agreement-edit": ("get", _registers_agreement, coordinator_of_testford()),
    "governance:agreement-party-add": ("get", _registers_agreement, coordinator_of_testford()),
    "governance:agreement-party-sign": ("get", _registers_party, coordinator_of_testford()),
    "governance:agreement-party-remove": ("get", _registers_party, coordinator_of_testford()),
    "governance:agreement-document-upload": ("get", _registers_agreement, coordinator_of_testford()),
    "governance:agreement-document": ("get", _registers_agreement_with_document, members_of_testford()),
    "governance:briefing-list": ("get", _no_kwargs, everyone(200)),
    "governance:briefing-add": ("get", _no_kwargs, coordinators()),
    "governance:briefing-detail": ("get", _registers_sent_briefing, members_of_testford()),
    "governance:briefing-edit": ("get", _registers_draft_briefing, _DRAFT_BRIEFING),
    "governance:briefing-send": ("get", _registers_draft_briefing, _DRAFT_BRIEFING),
}
EXPECTATIONS.update(REGISTERS)
# --- end of risks, agreements and briefings ----------------------------------------------------


# --- Action plan (plan-*): views_plans.py -----------------------------------------------------
# Action 1.1 of the Testford plan is led by the police (Ian's organisation) with Cathy named as its
# lead person: they and the coordinator record its progress; other members read; Oscar gets 404.


def _plan(world, personas):
    from waymark.governance.tests.factories import governance_for_testford

    return {"pk": governance_for_testford(world, personas).plan.pk}


def _plan_priority(world, personas):
    from waymark.governance.tests.factories import governance_for_testford

    return {"pk": governance_for_testford(world, personas).plan_action.priority_id}


def _plan_action(world, personas):
    from waymark.governance.tests.factories import governance_for_testford

    return {"pk": governance_for_testford(world, personas).plan_action.pk}


def _plan_evidence(world, personas):
    import atexit
    import shutil
    import tempfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from waymark.governance import services_plans
    from waymark.governance.tests.factories import governance_for_testford

    folder = tempfile.mkdtemp(prefix="waymark-matrix-plan-evidence-")
    atexit.register(shutil.rmtree, folder, True)
    # Undone when the test's own settings fixture (conftest._test_settings) restores the settings.
    override_settings(PRIVATE_MEDIA_ROOT=folder).enable()
    action = governance_for_testford(world, personas).plan_action
    update = services_plans.record_progress(
        action=action,
        version=action.version,
        on=action.updated_at.date(),
        text="Register of officers trained",
        rag="amber",
        evidence=SimpleUploadedFile("register.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
        evidence_link="",
        by=personas["coordinator"],
    )
    return {"pk": update.pk}


def _plan_leads(status):
    return {**coordinator_of_testford(status), "council_caseworker": status, "intelligence_officer": status}


EXPECTATIONS.update(
    {
        "governance:plan-list": ("get", _no_kwargs, everyone(200)),
        "governance:plan-add": ("get", _no_kwargs, coordinators()),
        "governance:plan-detail": ("get", _plan, members_of_testford()),
        "governance:plan-edit": ("get", _plan, coordinator_of_testford()),
        "governance:plan-priority-add": ("get", _plan, coordinator_of_testford()),
        "governance:plan-priority-edit": ("get", _plan_priority, coordinator_of_testford()),
        "governance:plan-priority-move": ("post", _plan_priority, coordinator_of_testford(400)),
        "governance:plan-action-add": ("get", _plan_priority, coordinator_of_testford()),
        "governance:plan-action-detail": ("get", _plan_action, members_of_testford()),
        "governance:plan-action-edit": ("get", _plan_action, coordinator_of_testford()),
        "governance:plan-action-progress": ("get", _plan_action, _plan_leads(200)),
        "governance:plan-evidence": ("get", _plan_evidence, members_of_testford()),
        "governance:plan-report": ("get", _plan, members_of_testford()),
        "governance:plan-export-xlsx": ("get", _plan, members_of_testford()),
        "governance:plan-export-pdf": ("get", _plan, members_of_testford()),
        "governance:plan-import": ("get", _plan, coordinator_of_testford()),
        # Nothing uploaded yet: the coordinator is sent to the upload page.
        "governance:plan-import-preview": ("get", _plan, coordinator_of_testford(302)),
    }
)
# --- end of the action plan block -------------------------------------------------------------
