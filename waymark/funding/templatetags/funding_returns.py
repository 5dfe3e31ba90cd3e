"""Performance returns on other pages: `{% grant_returns grant %}` (the grant page's returns over time,
a chart per measure and a table per period) and `{% return_status performance_return %}` (the status
tag, with an "Overdue" tag when it is)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from waymark.funding import returns_chart
from waymark.funding.models import Grant, PerformanceReturn, ReportingFrequency, ReturnStatus, ReturnValue

register = template.Library()

STATUS_TAG = {
    ReturnStatus.NOT_SUBMITTED: "govuk-tag--grey",
    ReturnStatus.SUBMITTED: "govuk-tag--blue",
    ReturnStatus.QUERIED: "govuk-tag--orange",
    ReturnStatus.ACCEPTED: "govuk-tag--green",
}


@register.simple_tag
def return_status(performance_return: PerformanceReturn, today: date | None = None) -> SafeString:
    html = format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        STATUS_TAG.get(ReturnStatus(performance_return.status), ""),
        performance_return.get_status_display(),
    )
    if performance_return.is_overdue(today):
        html += mark_safe(' <strong class="govuk-tag govuk-tag--red">Overdue</strong>')
    return html


def period_text(start: date, end: date) -> str:
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def against_target(value: int | None, target: int | None) -> str:
    if value is None or target is None:
        return ""
    return "Met" if value >= target else f"{target - value:,} short"


def returns_for_grant(grant: Grant, today: date) -> dict[str, Any]:
    """What the grant page shows about its returns: three queries whatever the number of periods."""
    returns = list(grant.returns.all())
    measures = list(grant.measures.all())
    values = {
        (v.performance_return_id, v.measure_id): v.value
        for v in ReturnValue.objects.filter(performance_return__grant=grant).only(
            "performance_return_id", "measure_id", "value"
        )
    }
    started = [r for r in returns if r.period_start <= today]
    periods = []
    for performance_return in started:
        rows = []
        for measure in measures:
            value = values.get((performance_return.pk, measure.pk))
            rows.append({"measure": measure, "value": value, "against": against_target(value, measure.target)})
        periods.append(
            {
                "performance_return": performance_return,
                "period": period_text(performance_return.period_start, performance_return.period_end),
                "url": reverse("funding:return-detail", args=[performance_return.pk]),
                "rows": rows,
            }
        )
    charts = []
    if values:
        for measure in measures:
            charts.append(
                returns_chart.column_chart(
                    f"grant-{grant.pk}-measure-{measure.pk}",
                    f"{measure.name} in each period",
                    [
                        (returns_chart.period_label(r.period_start, r.period_end), values.get((r.pk, measure.pk)))
                        for r in started
                    ],
                    measure.target,
                )
            )
    return {
        "returns": returns,
        "measures": measures,
        "periods": periods,
        "charts": charts,
        "to_come": [
            {"performance_return": r, "period": period_text(r.period_start, r.period_end)}
            for r in returns
            if r.period_start > today
        ],
        "overdue_count": sum(1 for r in returns if r.is_overdue(today)),
        "frequency": ReportingFrequency(grant.reporting_frequency).label.lower(),
        "list_url": reverse("funding:return-list") + f"?grant={grant.pk}",
        "today": today,
    }


@register.inclusion_tag("funding/_grant_returns.html", takes_context=True)
def grant_returns(context: dict[str, Any], grant: Grant) -> dict[str, Any]:
    return {"request": context.get("request"), "grant": grant, **returns_for_grant(grant, timezone.localdate())}
