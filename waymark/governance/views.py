"""Governance pages. The landing page lists the sections; each section adds its own views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from . import access

# (title, list page's URL name, what it holds). A section is linked once its URL name exists.
SECTIONS = [
    (
        "Groups",
        "governance:group-list",
        "Boards, networks and working groups, who sits on them and who they report to.",
    ),
    ("Meetings", "governance:meeting-list", "Agendas, attendance, minutes, actions arising and the rota."),
    ("Action plan", "governance:plan-list", "Priorities and actions, their leads, progress and status."),
    ("Risks and issues", "governance:risk-list", "The shared register, with scores and review dates."),
    (
        "Agreements",
        "governance:agreement-list",
        "Collaboration and information sharing agreements, and when a party could leave.",
    ),
    ("Briefings", "governance:briefing-list", "The monthly briefing to members' representatives."),
]


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def index(request: HttpRequest) -> HttpResponse:
    if not access.can_see_governance(request.user):  # type: ignore[arg-type]
        raise PermissionDenied
    sections = [{"title": t, "url": _url_or_none(name), "description": d} for t, name, d in SECTIONS]
    partnerships = access.governance_partnerships(request.user)  # type: ignore[arg-type]
    return render(request, "governance/index.html", {"sections": sections, "partnerships": partnerships})
