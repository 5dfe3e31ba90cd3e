"""The service navigation: which sections each user sees, by role. Apps add their items here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from waymark.funding import access as funding_access
from waymark.governance import access as governance_access
from waymark.partners import access as partners_access
from waymark.training import access as training_access


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    namespaces: tuple[str, ...]
    visible_to: Callable[..., bool]


def _everyone(user: object) -> bool:
    return True


NAVIGATION = [
    NavItem("Home", "core:home", ("core:home",), _everyone),
    NavItem("Report a concern", "cases:report-drafts", ("cases:report",), _everyone),
    NavItem("Cases", "cases:case-list", ("cases:case",), _everyone),
    NavItem("Tasks", "cases:my-tasks", ("cases:my-tasks", "cases:task", "cases:overdue-tasks"), _everyone),
    NavItem("Triage", "cases:triage", ("cases:triage",), partners_access.is_coordinator),
    NavItem(
        "People", "people:review", ("people:review", "people:person", "people:merge"), partners_access.is_coordinator
    ),
    NavItem(
        "Governance",
        "governance:index",
        tuple(
            f"governance:{section}"
            for section in (
                "index",
                "group",
                "meeting",
                "minutes",
                "action",
                "plan",
                "risk",
                "agreement",
                "briefing",
                "calendar",
            )
        ),
        governance_access.can_see_governance,
    ),
    NavItem(
        "Training",
        "training:index",
        tuple(
            f"training:{section}"
            for section in (
                "index",
                "level",
                "cohort",
                "staff",
                "completion",
                "course",
                "session",
                "booking",
                "compliance",
                "awareness",
            )
        ),
        training_access.can_see_training,
    ),
    NavItem(
        "Funding",
        "funding:index",
        tuple(
            f"funding:{section}" for section in ("index", "fund", "grant", "report", "decision", "return", "register")
        ),
        funding_access.can_see_funding,
    ),
    NavItem(
        "Organisations",
        "partners:organisation-list",
        ("partners:organisation", "partners:partnership", "partners:membership"),
        _everyone,
    ),
    NavItem(
        "Users",
        "partners:user-list",
        ("partners:user", "partners:invitation", "partners:role"),
        partners_access.is_coordinator,
    ),
    NavItem("Audit log", "core:audit-log", ("core:audit",), partners_access.is_coordinator),
    NavItem("API tokens", "api:token-list", ("api:token",), partners_access.is_coordinator),
]


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)  # absent when a request is refused early (bad Host header)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", lambda: False)():
        return []
    match = request.resolver_match
    current = match.view_name if match else ""
    items = []
    for item in NAVIGATION:
        if not item.visible_to(user):
            continue
        active = any(current == ns or current.startswith(ns + "-") for ns in item.namespaces)
        items.append({"label": item.label, "url": reverse(item.url_name), "active": active})
    return items
