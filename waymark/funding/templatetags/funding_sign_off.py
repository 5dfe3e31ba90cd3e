"""{% report_sign_off report %}: an inclusion tag another section's page shows (owned by helper C (sign-off and decision))."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("funding/_report_sign_off.html", takes_context=True)
def report_sign_off(context: dict[str, Any], report: Any) -> dict[str, Any]:
    return {"request": context.get("request"), "report": report}
