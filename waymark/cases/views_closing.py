"""Closing and reopening cases, and the retention review."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import Case


def case_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What this part of the case page needs (templates/cases/_panel_closing.html)."""
    return {}
