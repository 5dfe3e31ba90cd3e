"""Opening cases: the reference, the stored decision, and a task for each action of the pathway."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from waymark.core import audit
from waymark.core.models import AuditAction
from waymark.partners.models import Organisation, Partnership
from waymark.pathways import Decision, Facts, decide

from . import services_tasks, timeline
from .models import Case, CasePerson, EventKind, PathwayDecision, ReferenceCounter, Task
from .pathway import local_settings_for

if TYPE_CHECKING:
    from waymark.accounts.models import User

TASK_TITLES = {
    "call_999": "Call 999",
    "children_social_care_referral": "Refer to children's social care",
    "age_assessment": "Assess their age",
    "nrm_referral": "Make the National Referral Mechanism referral",
    "ictg_referral": "Refer to the Independent Child Trafficking Guardian service",
    "duty_to_notify": "Notify the Home Office (Duty to Notify)",
    "adult_safeguarding_concern": "Raise an adult safeguarding concern",
    "police_report": "Report to the police",
    "refer_to_first_responder": "Pass the case to a First Responder Organisation",
    "support_outside_nrm": "Offer support outside the NRM",
    "signpost_helpline": "Give the Modern Slavery and Exploitation Helpline number",
}


def next_reference(partnership: Partnership, *, year: int | None = None) -> str:
    """The next reference, like NS-2026-000123. Must run inside a transaction."""
    year = year or timezone.localdate().year
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(partnership=partnership, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    prefix = partnership.case_reference_prefix or "WM"
    return f"{prefix}-{year}-{counter.last:06d}"


def task_owner(owner: str, *, partnership: Partnership, referrer: Organisation) -> Organisation:
    """The organisation that owns a pathway task here; the referrer when the partnership has not
    named one (the coordinator can reassign it)."""
    named = {
        "referrer": referrer,
        "childrens_social_care": partnership.childrens_social_care_organisation,
        "adult_social_care": partnership.adult_social_care_organisation,
        "police": partnership.police_organisation,
        "first_responder": partnership.first_responder_organisation,
        "local_support_service": partnership.local_support_organisation,
    }.get(owner)
    return named or referrer


def referrer_facts(organisation: Organisation | None, partnership: Partnership) -> dict[str, Any]:
    """What Waymark already knows about the referrer and the area, for the pathway facts."""
    return {
        "referrer_is_first_responder": bool(organisation and organisation.is_first_responder),
        "referrer_is_public_authority": bool(organisation and organisation.is_public_authority),
        "ictg_service_in_area": partnership.ictg_service_operates,
    }


@transaction.atomic
def open_case(
    *,
    partnership: Partnership,
    facts: Facts,
    by: User,
    case_fields: dict[str, Any],
    people: list[dict[str, Any]],
) -> tuple[Case, Decision]:
    """Create a case from a practitioner's concern: decide the pathway, store the decision with its
    facts, and give each action to its owning organisation as a task."""
    referrer = by.organisation
    assert referrer is not None, "a practitioner belongs to an organisation"
    decision = decide(facts, local_settings_for(partnership))
    case = Case.objects.create(
        reference=next_reference(partnership),
        partnership=partnership,
        source="practitioner",
        referring_organisation=referrer,
        created_by=by,
        **case_fields,
    )
    for person in people:
        CasePerson.objects.create(case=case, **person)
    PathwayDecision.objects.create(
        case=case,
        rules_version=decision.rules_version,
        facts=_facts_json(facts),
        decision=decision.to_json(),
        decided_by=by,
    )
    tasks = []
    for action in decision.actions:
        task = Task.objects.create(
            case=case,
            code=action.code,
            title=TASK_TITLES[action.code],
            order=action.order,
            owner_organisation=task_owner(action.owner, partnership=partnership, referrer=referrer),
            due_date=action.due,
            immediately=action.immediately,
            legal_basis=action.legal_basis,
            explanation=action.explanation,
        )
        tasks.append(task)
    services_tasks.notify_assigned(tasks)
    timeline.record(
        case, EventKind.OPENED, f"Concern reported by {referrer}; {len(decision.actions)} tasks from the pathway", by=by
    )
    audit.record(action=AuditAction.CREATE, user=by, obj=case, detail={"tasks": decision.codes})
    return case, decision


def _facts_json(facts: Facts) -> dict[str, Any]:
    data = dict(facts.__dict__)
    data["decided_on"] = facts.decided_on.isoformat() if facts.decided_on else None
    return data
