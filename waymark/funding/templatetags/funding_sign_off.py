"""{% report_sign_off report %}: the sign-off panel of a decision report's page. Its sign-offs and
decision as they stand (and earlier rounds, after a return for changes), its publication, and the
one next step the signed-in user may take now, if any."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from waymark.funding import access, report_sections
from waymark.funding.decision_flow import DECIDED, State
from waymark.funding.models import DecisionReport, SignOffOutcome
from waymark.funding.services_decisions import officers_open_to

register = template.Library()

STATE_TAG = {
    State.DRAFT: "govuk-tag--grey",
    State.AWAITING_SIGN_OFF: "govuk-tag--blue",
    State.AWAITING_DECISION: "govuk-tag--blue",
    State.AGREED: "govuk-tag--green",
    State.DISAGREED: "govuk-tag--red",
    State.REDACTION_PENDING: "govuk-tag--yellow",
    State.PUBLISHED: "govuk-tag--green",
    State.NOT_PUBLISHED: "govuk-tag--grey",
}


def _actions(user: Any, report: DecisionReport, current: list[Any]) -> list[tuple[str, str]]:
    """(label, url) of what the user may do now, by the report's state and the user's roles."""
    state, pk, partnership_id = report.flow_state, report.pk, report.partnership_id
    found: list[tuple[str, str]] = []
    manager = access.can_manage(user, partnership_id)
    if state == State.DRAFT and manager:
        found.append(("Send for sign-off", reverse("funding:decision-send", args=[pk])))
    if state == State.AWAITING_SIGN_OFF:
        approved_by_me = any(s.user_id == user.pk and s.outcome == SignOffOutcome.APPROVED for s in current)
        mine = access.officer_of(user, partnership_id)
        if mine and not approved_by_me and officers_open_to(user, report, mine):
            found.append(("Approve or return for changes", reverse("funding:decision-approve", args=[pk])))
    if state == State.AWAITING_DECISION and access.may_decide(user, partnership_id):
        found.append(("Record the decision", reverse("funding:decision-decide", args=[pk])))
    if state in DECIDED and manager:
        found.append(("Decide publication", reverse("funding:decision-publication", args=[pk])))
    if state == State.REDACTION_PENDING and manager:
        found.append(("Change the publication decision", reverse("funding:decision-publication", args=[pk])))
    if state == State.REDACTION_PENDING and access.may_sign_off_redaction(user, partnership_id):
        found.append(("Check and sign off the redactions", reverse("funding:decision-redaction", args=[pk])))
    return found


@register.inclusion_tag("funding/_report_sign_off.html", takes_context=True)
def report_sign_off(context: dict[str, Any], report: DecisionReport) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    sign_offs = list(report.sign_offs.order_by("signed_at", "id"))
    current = [s for s in sign_offs if not s.superseded]
    decided = report.flow_state in DECIDED or report.publish is not None
    return {
        "request": request,
        "report": report,
        "state_tag": STATE_TAG[report.flow_state],
        "current": current,
        "earlier": [s for s in sign_offs if s.superseded],
        "actions": _actions(user, report, current) if user is not None and user.is_authenticated else [],
        "missing": report_sections.missing_sections(report) if report.flow_state == State.DRAFT else [],
        "redacted": [report_sections.BY_KEY[key] for key in report.redacted_sections or []],
        "appendices": list(report.appendices.all()) if decided else [],
        "published": report.flow_state == State.PUBLISHED,
    }
