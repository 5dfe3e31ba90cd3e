"""The facts a pathway decision rests on, read from JSON with strict checks.

Unknown keys are an error; a missing optional key, or null, means "not known".
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

NATIONS = ("england", "wales", "scotland", "northern_ireland")
AGE_GROUPS = ("child", "adult", "unknown")
OPTIONAL_FLAGS = (
    "immediate_danger",
    "consents_to_nrm",
    "care_and_support_needs",
    "cooperates_with_authorities",
    "under_18_during_exploitation",
    "referrer_is_first_responder",
    "referrer_is_public_authority",
    "ictg_service_in_area",
)


class FactsError(ValueError):
    """Invalid facts; `errors` maps each field (or "facts") to a plain-English message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass(frozen=True)
class Facts:
    nation: str
    age_group: str
    immediate_danger: bool | None = None
    consents_to_nrm: bool | None = None
    care_and_support_needs: bool | None = None
    cooperates_with_authorities: bool | None = None
    under_18_during_exploitation: bool | None = None
    referrer_is_first_responder: bool | None = None
    referrer_is_public_authority: bool | None = None
    ictg_service_in_area: bool | None = None
    decided_on: date | None = None

    @property
    def treated_as_child(self) -> bool:
        """Age unknown is treated as a child until an age assessment decides (DOMAIN.md 1.3)."""
        return self.age_group in ("child", "unknown")

    @classmethod
    def from_json(cls, data: Any) -> Facts:
        if not isinstance(data, dict):
            raise FactsError({"facts": "Give the facts as a JSON object"})
        errors: dict[str, str] = {}
        known = {f.name for f in fields(cls)}
        for key in sorted(set(data) - known):
            errors[key] = f"Unknown fact '{key}'. Known facts: {', '.join(sorted(known))}"
        values: dict[str, Any] = {}
        for name, allowed in (("nation", NATIONS), ("age_group", AGE_GROUPS)):
            value = data.get(name)
            if value is None:
                errors[name] = f"Give {name}: one of {', '.join(allowed)}"
            elif value not in allowed:
                errors[name] = f"{name} must be one of {', '.join(allowed)}, not {value!r}"
            else:
                values[name] = value
        for name in OPTIONAL_FLAGS:
            value = data.get(name)
            if value is not None and not isinstance(value, bool):
                errors[name] = f"{name} must be true, false or null (not known), not {value!r}"
            else:
                values[name] = value
        decided_on = data.get("decided_on")
        if decided_on is not None:
            try:
                values["decided_on"] = date.fromisoformat(decided_on) if isinstance(decided_on, str) else None
            except ValueError:
                values["decided_on"] = None
            if values["decided_on"] is None:
                errors["decided_on"] = f"decided_on must be a date like 2026-11-23, not {decided_on!r}"
        if errors:
            raise FactsError(errors)
        return cls(**values)
