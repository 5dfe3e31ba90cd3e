"""{% grant_reports grant %}: an inclusion tag another section's page shows (owned by helper B (decision reports))."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("funding/_grant_reports.html", takes_context=True)
def grant_reports(context: dict[str, Any], grant: Any) -> dict[str, Any]:
    return {"request": context.get("request"), "grant": grant}
