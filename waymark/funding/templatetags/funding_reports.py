"""Decision reports on other pages: `{% grant_reports grant %}` (the grant's reports, and the button
to write one) and `{{ report|report_state_tag }}` (a report's state as a GOV.UK tag)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from waymark.funding import access, services_reports
from waymark.funding.decision_flow import STATE_LABELS, State

register = template.Library()

STATE_TAGS: dict[State, str] = {
    State.DRAFT: "govuk-tag--grey",
    State.AWAITING_SIGN_OFF: "govuk-tag--blue",
    State.AWAITING_DECISION: "govuk-tag--light-blue",
    State.AGREED: "govuk-tag--green",
    State.DISAGREED: "govuk-tag--red",
    State.REDACTION_PENDING: "govuk-tag--yellow",
    State.PUBLISHED: "govuk-tag--turquoise",
    State.NOT_PUBLISHED: "govuk-tag--purple",
}


@register.filter
def report_state_tag(report: Any) -> SafeString:
    state = State(report.state)
    return format_html('<strong class="govuk-tag {}">{}</strong>', STATE_TAGS[state], STATE_LABELS[state])


@register.inclusion_tag("funding/_grant_reports.html", takes_context=True)
def grant_reports(context: dict[str, Any], grant: Any) -> dict[str, Any]:
    """Shown to the office side and coordinators only: a grant's recipient sees a decision report
    once it is published, in the public register."""
    request = context.get("request")
    user = getattr(request, "user", None)
    partnership_id = grant.fund.partnership_id
    if user is None or not access.is_reader(user, partnership_id):
        return {"shown": False}
    reports = list(grant.decision_reports.order_by("-year", "-number"))
    may_write = access.can_manage(user, partnership_id) and not services_reports.why_no_new_report(grant, reports)
    return {"shown": True, "grant": grant, "reports": reports, "may_write": may_write}
