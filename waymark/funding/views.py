"""The funding landing page: the sections the user may use, and what waits for them.

Each section adds its own views (views_funds, views_grants, views_reports, views_decisions,
views_returns, views_register).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from . import access

# (title, list page's URL name, what it holds, who sees the link). A section is linked once its URL exists.
SECTIONS = [
    (
        "Funds",
        "funding:fund-list",
        "Budgets by financial year, joint pots and their contributors, what is left.",
        "reader",
    ),
    ("Grants", "funding:grant-list", "Grants to partners: costs, match funding, conditions and status.", "any"),
    (
        "Decision reports",
        "funding:report-list",
        "Reports for the commissioner's decision: sign-off, decision and publication.",
        "reader",
    ),
    ("Performance returns", "funding:return-list", "What each grant has achieved, period by period.", "any"),
    ("Published decisions", "funding:register-list", "The public register of decisions, as the public sees it.", "any"),
]

SETTINGS_DESCRIPTION = "Reference numbers, the standard conditions, when returns are due, and the plan's priorities."


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can_see_funding(user):  # type: ignore[arg-type]
        raise PermissionDenied
    reader = bool(access.reader_partnership_ids(user))  # type: ignore[arg-type]
    sections = [
        {"title": title, "url": _url_or_none(name), "description": description}
        for title, name, description, who in SECTIONS
        if who == "any" or reader
    ]
    managed = list(access.managed_partnerships(user))  # type: ignore[arg-type]
    for partnership in managed:
        title = "Settings" if len(managed) == 1 else f"Settings for {partnership.name}"
        url = reverse("funding:report-settings", args=[partnership.pk])
        sections.append({"title": title, "url": url, "description": SETTINGS_DESCRIPTION})
    return render(request, "funding/index.html", {"sections": sections})
