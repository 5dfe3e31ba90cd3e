"""Training pages. The landing page lists the sections; each section adds its own views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from . import access


def _everyone(user: Any) -> bool:
    return True


def _manages_a_register(user: Any) -> bool:
    return bool(access.registers_managed_by(user))


# (title, list page's URL name, what it holds, who sees the section). A section is linked once its
# URL name exists.
SECTIONS: list[tuple[str, str, str, Callable[[Any], bool]]] = [
    (
        "Levels and cohorts",
        "training:cohort-list",
        "The levels of training, and which level each group of staff needs and how often.",
        _everyone,
    ),
    (
        "Training menu",
        "training:course-list",
        "Courses from partners and external providers, and the levels they satisfy.",
        _everyone,
    ),
    ("Sessions", "training:session-list", "Dates, places and bookings, with waiting lists.", _everyone),
    (
        "Staff register",
        "training:staff-list",
        "Your organisation's staff, their cohorts and the training they have done.",
        _manages_a_register,
    ),
    (
        "Compliance",
        "training:compliance-overview",
        "The share of each cohort trained to its level, and whose training expires soon.",
        _everyone,
    ),
    (
        "Awareness events",
        "training:awareness-event-list",
        "Seminars, launches, conferences and community events, and how many people they reached.",
        _everyone,
    ),
    (
        "Awareness materials",
        "training:awareness-material-list",
        "Leaflets, posters and guides, with their versions, languages and review dates.",
        _everyone,
    ),
]


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not access.can_see_training(user):
        raise PermissionDenied
    sections = [
        {"title": title, "url": _url_or_none(name), "description": description}
        for title, name, description, shown_to in SECTIONS
        if shown_to(user)
    ]
    partnerships = access.training_partnerships(user)
    return render(request, "training/index.html", {"sections": sections, "partnerships": partnerships})
