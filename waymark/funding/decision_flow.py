"""The order a decision report must go through, as a state machine that makes it impossible to skip.

    draft ──submit──► awaiting sign-off ──(monitoring officer and chief finance officer approve,
      ▲                     │              either order)──► awaiting decision
      └────returned─────────┘                                   │
                                              commissioner agrees │ or disagrees (reasons required)
                                                                  ▼
                                                       agreed / disagreed
                                                                  │ publication decided
                        ┌─────────────────────────────────────────┼────────────────────────┐
                        ▼                                         ▼                        ▼
              redaction pending ──redaction signed off──► published                    not published
              (publication may be decided again while pending)
                                                                               (reason citing the classification)

Pure Python: the model keeps the state and the sign-offs; `next_state` says what an event does or
raises `Refused` with a sentence a user can read. Roles are checked by `access`, codes by the views.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    AWAITING_SIGN_OFF = "awaiting_sign_off"
    AWAITING_DECISION = "awaiting_decision"
    AGREED = "agreed"
    DISAGREED = "disagreed"
    REDACTION_PENDING = "redaction_pending"
    PUBLISHED = "published"
    NOT_PUBLISHED = "not_published"


STATE_LABELS: dict[State, str] = {
    State.DRAFT: "Draft",
    State.AWAITING_SIGN_OFF: "Awaiting sign-off",
    State.AWAITING_DECISION: "Awaiting decision",
    State.AGREED: "Agreed",
    State.DISAGREED: "Disagreed",
    State.REDACTION_PENDING: "Redaction awaiting sign-off",
    State.PUBLISHED: "Published",
    State.NOT_PUBLISHED: "Not published",
}


class Officer(StrEnum):
    """The statutory officers who approve a report before the commissioner decides."""

    MONITORING_OFFICER = "monitoring_officer"
    CHIEF_FINANCE_OFFICER = "chief_finance_officer"


OFFICER_LABELS: dict[Officer, str] = {
    Officer.MONITORING_OFFICER: "Chief executive and monitoring officer",
    Officer.CHIEF_FINANCE_OFFICER: "Chief finance officer",
}

DECIDED = frozenset({State.AGREED, State.DISAGREED})
FINAL = frozenset({State.PUBLISHED, State.NOT_PUBLISHED})
# A report can still be edited only while nobody has signed it.
EDITABLE = frozenset({State.DRAFT})


class Refused(Exception):
    """The event is not allowed now; the message says why, for the user."""


@dataclass(frozen=True)
class Publication:
    publish: bool
    reason_not_published: str = ""
    redaction_needed: bool = False  # of the decision sheet or any appendix to be published


def submit(state: State, *, missing_sections: Collection[str]) -> State:
    if state != State.DRAFT:
        raise Refused("Only a draft can be sent for sign-off")
    if missing_sections:
        raise Refused("Complete these sections before sending for sign-off: " + ", ".join(missing_sections))
    return State.AWAITING_SIGN_OFF


def approve(state: State, *, officer: Officer, approved_already: Collection[Officer]) -> State:
    if state != State.AWAITING_SIGN_OFF:
        raise Refused("The officers approve a report only after it is sent for sign-off and before the decision")
    if officer in approved_already:
        raise Refused(f"The {OFFICER_LABELS[officer].lower()} has already approved this report")
    if set(approved_already) | {officer} >= set(Officer):
        return State.AWAITING_DECISION
    return State.AWAITING_SIGN_OFF


def return_to_draft(state: State, *, comments: str) -> State:
    if state != State.AWAITING_SIGN_OFF:
        raise Refused("A report can be returned for changes only while it awaits the officers' sign-off")
    if not comments.strip():
        raise Refused("Say what needs to change")
    return State.DRAFT


def decide(state: State, *, agree: bool, reasons: str) -> State:
    if state != State.AWAITING_DECISION:
        if state in (State.DRAFT, State.AWAITING_SIGN_OFF):
            raise Refused(
                "The commissioner decides only after the monitoring officer and the chief finance officer approve"
            )
        raise Refused("This report has already been decided")
    if not agree and not reasons.strip():
        raise Refused("Give the reasons for disagreeing")
    return State.AGREED if agree else State.DISAGREED


def decide_publication(state: State, publication: Publication) -> State:
    """Also while a redaction waits for sign-off: the grants officer revises what is redacted when the
    monitoring officer asks for changes (nothing is public until the redaction is signed off)."""
    if state not in DECIDED and state != State.REDACTION_PENDING:
        raise Refused("Publication is decided only after the commissioner's decision")
    if not publication.publish:
        if not publication.reason_not_published.strip():
            raise Refused("Say why the report is not published, citing its classification")
        return State.NOT_PUBLISHED
    return State.REDACTION_PENDING if publication.redaction_needed else State.PUBLISHED


def sign_off_redaction(state: State) -> State:
    if state != State.REDACTION_PENDING:
        raise Refused("There is no redaction waiting for sign-off")
    return State.PUBLISHED
