"""Performance returns: the schedule of returns for a grant, submission and review."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Grant


def ensure_schedule(grant: Grant) -> int:
    """Create the grant's performance returns for each reporting period, if missing. Returns how
    many were created. Called when a grant's agreement is signed (and again if its period changes)."""
    return 0
