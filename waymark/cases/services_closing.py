"""Closing and reopening open cases, and anonymising closed cases whose retention period has ended.

Who may close or reopen a case: the users of its lead organisation and the coordinators of its
partnership. Closing and reopening state the case version the user started from; if someone changed
the case meanwhile the change is refused (StaleCase), never silently overwritten.

Reasons stay on the case and its timeline, not in the audit trail: they may name people, and the
trail can never be edited (anonymisation could not reach them there)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from waymark.core import audit
from waymark.core.models import AuditAction

from . import access, retention, timeline
from .models import (
    AccessRequest,
    Case,
    CaseDocument,
    CaseEvent,
    CaseNote,
    CaseOutcome,
    CasePerson,
    CaseShare,
    CaseStatus,
    ConcernDraft,
    ConsentRecord,
    EventKind,
    NRMReferral,
    PublicReport,
    Reconsideration,
    SupportEpisode,
    SupportFeedback,
    Task,
)

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from waymark.accounts.models import User

ANONYMISED = "[anonymised]"
REOPEN = "reopen"


class StaleCase(Exception):
    """Someone else changed the case after the form was shown (its version moved on)."""


class NotNow(Exception):
    """The case's status does not allow this, for example closing a case that is already closed."""


def may_close_or_reopen(user: User, case: Case) -> bool:
    """The lead organisation's users and the partnership's coordinators close and reopen a case."""
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is not None and organisation_id == case.lead_organisation_id:
        return True
    return access.coordinates(user, case)


def unfinished_tasks(case: Case) -> QuerySet[Task]:
    return case.tasks.unfinished().select_related("owner_organisation")  # type: ignore[attr-defined]


def _claim(case: Case, *, version: int, allowed: str, by: User, what: str) -> Case:
    """Move the case to its next version, or refuse if it is no longer at `version`. The conditional
    UPDATE is the guard: of two people sending the same version only one matches the row, which
    then stays locked until the transaction ends."""
    if not Case.objects.filter(pk=case.pk, version=version).update(version=version + 1):
        raise StaleCase
    fresh = Case.objects.select_related("partnership", "lead_organisation", "referring_organisation").get(pk=case.pk)
    if fresh.status != allowed:
        raise NotNow(f"You cannot {what} a case that is {fresh.get_status_display().lower()}")
    if fresh.anonymised_at is not None:
        raise NotNow(f"You cannot {what} a case whose personal details have been anonymised")
    return fresh


def _save(case: Case, *, by: User | None, reason: str) -> None:
    case._change_reason = reason  # type: ignore[attr-defined]
    case._history_user = by  # type: ignore[attr-defined]
    case.save()


@transaction.atomic
def close_case(*, case: Case, version: int, outcome: str, reason: str, by: User) -> Case:
    """Close an open case with its outcome. Unfinished tasks are left as they are (the form asks the
    user to confirm closing with them)."""
    case = _claim(case, version=version, allowed=CaseStatus.OPEN, by=by, what="close")
    unfinished = unfinished_tasks(case).count()
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    case.outcome = outcome
    case.closed_reason = reason
    _save(case, by=by, reason="Closed")
    label = CaseOutcome(outcome).label
    summary = f"Case closed: {label}"
    if unfinished:
        summary += f" ({unfinished} unfinished task{'s' if unfinished != 1 else ''})"
    timeline.record(case, EventKind.STATUS, summary, by=by, action="close", outcome=outcome)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=case,
        detail={"status": [CaseStatus.OPEN, CaseStatus.CLOSED], "outcome": outcome, "unfinished_tasks": unfinished},
    )
    return case


@transaction.atomic
def reopen_case(*, case: Case, version: int, reason: str, by: User) -> Case:
    """Reopen a closed case. A case closed in triage, with no lead organisation, goes back to triage."""
    case = _claim(case, version=version, allowed=CaseStatus.CLOSED, by=by, what="reopen")
    outcome_was = case.outcome
    case.status = CaseStatus.OPEN if case.lead_organisation_id else CaseStatus.TRIAGE
    case.closed_at = None
    case.outcome = ""
    case.closed_reason = ""
    _save(case, by=by, reason="Reopened")
    timeline.record(case, EventKind.STATUS, f"Case reopened: {reason}", by=by, action=REOPEN)
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=case,
        detail={"status": [CaseStatus.CLOSED, case.status], "outcome_was": outcome_was},
    )
    return case


# Anonymisation


def _blank(queryset: QuerySet[Any], *fields: str, to: object = ANONYMISED) -> None:
    """Replace each field's non-empty values."""
    for field in fields:
        queryset.exclude(**{field: ""}).update(**{field: to})


def _history(model: type[Model]) -> Any:
    return model.history.model  # type: ignore[attr-defined]


def _anonymise_people(case: Case) -> int:
    people = list(case.people.all())
    for person in people:
        if person.date_of_birth and person.estimated_age is None:
            # Keep the age the statistics count, as it was when the case was opened.
            opened = timezone.localdate(case.created_at)
            born = person.date_of_birth
            person.estimated_age = opened.year - born.year - ((opened.month, opened.day) < (born.month, born.day))
        person.given_names = ""
        person.family_name = ""
        person.aliases = []
        person.date_of_birth = None
        person.contact = ""
        person.description = ""
        person.anonymous = True
    CasePerson.objects.bulk_update(
        people,
        [
            "given_names",
            "family_name",
            "aliases",
            "date_of_birth",
            "contact",
            "description",
            "anonymous",
            "estimated_age",
        ],
    )
    # The history of a person holds every name they were given: it goes, the anonymous record stays.
    _history(CasePerson).objects.filter(case_id=case.pk).delete()
    return len(people)


def _anonymise_documents(case: Case) -> int:
    documents = CaseDocument.objects.filter(case=case)
    names = [name for name in documents.values_list("file", flat=True) if name]
    storage = CaseDocument._meta.get_field("file").storage  # type: ignore[attr-defined]

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    # Only once the database has forgotten them, so a failed run never leaves rows without files.
    transaction.on_commit(delete_files)
    documents.update(file="", original_name=ANONYMISED, sha256="")
    _blank(documents, "description")
    return len(names)


@transaction.atomic
def anonymise_case(case: Case, *, by: User | None = None, today: date | None = None) -> bool:
    """Anonymise a case due for review: blank what identifies people and replace free text with
    "[anonymised]", keeping the reference, dates, types and statistics fields so counts still work.
    Returns False (and changes nothing) if the case is not due or is anonymised already."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not retention.is_due_for_review(case, today):
        return False
    closed_on = timezone.localdate(case.closed_at).isoformat()  # type: ignore[arg-type]
    people = _anonymise_people(case)
    documents = _anonymise_documents(case)

    tasks = Task.objects.filter(case=case)
    _blank(tasks, "outcome", "reason")
    tasks.update(version=F("version") + 1)
    _blank(_history(Task).objects.filter(case_id=case.pk), "outcome", "reason")
    _blank(CaseNote.objects.filter(case=case), "text")
    _blank(ConsentRecord.objects.filter(case=case), "how")
    _blank(_history(ConsentRecord).objects.filter(case_id=case.pk), "how")
    _blank(CaseShare.objects.filter(case=case), "reason", "revoked_reason")
    _blank(_history(CaseShare).objects.filter(case_id=case.pk), "reason", "revoked_reason")
    _blank(AccessRequest.objects.filter(case=case), "reason", "decision_reason")
    _blank(SupportEpisode.objects.filter(case=case), "outcomes")
    _blank(SupportFeedback.objects.filter(episode__case=case), "in_their_words")
    _blank(NRMReferral.objects.filter(case=case), "home_office_reference", to="")
    _blank(_history(NRMReferral).objects.filter(case_id=case.pk), "home_office_reference", to="")
    _blank(Reconsideration.objects.filter(nrm__case=case), "reason")
    reports = PublicReport.objects.filter(case=case)
    _blank(reports, "contact_name", "contact_phone", "contact_email", "sender_hash", to="")
    _blank(reports, "what_seen", "where", "when", "closed_reason")
    ConcernDraft.objects.filter(case=case).update(answers={})
    CaseEvent.objects.filter(case=case, kind=EventKind.STATUS, detail__action=REOPEN).update(
        summary=f"Case reopened: {ANONYMISED}"
    )

    _blank(_history(Case).objects.filter(id=case.pk), "closed_reason", "when_exploited")
    _history(Case).objects.filter(id=case.pk).exclude(locations=[]).update(locations=[ANONYMISED])
    case.what_happened = ANONYMISED if case.what_happened else ""
    case.when_exploited = ANONYMISED if case.when_exploited else ""
    case.closed_reason = ANONYMISED if case.closed_reason else ""
    case.locations = [ANONYMISED] if case.locations else []
    case.anonymised_at = timezone.now()
    case.version += 1
    _save(case, by=by, reason="Anonymised under the retention rule")

    years = retention.retention_years()
    timeline.record(
        case,
        EventKind.STATUS,
        f"Personal details anonymised: the case was closed more than {years} years ago",
        by=by,
        action="anonymise",
    )
    audit.record(
        action=AuditAction.UPDATE,
        user=by,
        obj=case,
        detail={
            "anonymised": True,
            "retention_years": years,
            "closed_on": closed_on,
            "people": people,
            "documents_deleted": documents,
        },
    )
    return True
