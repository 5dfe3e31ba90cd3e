"""Notes and documents on a case, with sensitivity and access-checked downloads."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import Case


def case_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What this part of the case page needs (templates/cases/_panel_notes.html)."""
    return {}
