"""The questions for the monthly briefing: which month to start one for, the coordinator's edits, and
the confirmation to send it (each carrying the version shown, so a change made meanwhile is caught)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from waymark.partners.models import Partnership

from . import briefing as composing
from .forms_registers import PartnershipChoiceMixin, partnership_field, version_field
from .models import Briefing

BODY_MAX_LENGTH = 50_000
CONFLICT = "Someone else changed this briefing while you were working on it. Check it below, then try again."


def month_choices(today: date, *, back: int = 12) -> list[tuple[str, str]]:
    """This month and the `back` months before it, newest first."""
    choices = []
    month = today.replace(day=1)
    for _ in range(back + 1):
        choices.append((month.isoformat(), composing.month_name(month)))
        month = (month - timedelta(days=1)).replace(day=1)
    return choices


class StartBriefingForm(PartnershipChoiceMixin, forms.Form):
    partnership = partnership_field()
    month = forms.ChoiceField(
        label="Which month does the briefing cover?",
        help_text="It will be started from that month's meetings, minutes, actions, plan and risks, for you to edit.",
        choices=[],
        error_messages={"required": "Select the month", "invalid_choice": "Select a month from the list"},
    )

    def __init__(self, *args: Any, partnerships: QuerySet[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_up_partnership(partnerships)
        today = timezone.localdate()
        choices = month_choices(today)
        self.fields["month"].choices = choices  # type: ignore[attr-defined]
        self.initial.setdefault("month", choices[1][0])  # last month: the one just finished

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("month"):
            cleaned["month"] = date.fromisoformat(cleaned["month"])
        partnership = self.chosen_partnership(cleaned)
        month = cleaned.get("month")
        if partnership is not None and month and Briefing.objects.filter(partnership=partnership, month=month).exists():
            self.add_error(
                "month", f"There is already a briefing for {composing.month_name(month)}: choose another month"
            )
        return cleaned


class BriefingForm(forms.Form):
    version = version_field()
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter the title", "max_length": "The title must be 200 characters or fewer"},
    )
    body = forms.CharField(
        label="Briefing",
        help_text="Plain text. Start a line with ## to make it a heading; leave a blank line between paragraphs.",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 25}),
        error_messages={
            "required": "Enter the briefing",
            "max_length": f"The briefing must be {BODY_MAX_LENGTH:,} characters or fewer",
        },
    )

    def __init__(self, *args: Any, briefing: Briefing, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": briefing.version, "title": briefing.title, "body": briefing.body})
        super().__init__(*args, **kwargs)


class SendBriefingForm(forms.Form):
    version = version_field()

    def __init__(self, *args: Any, briefing: Briefing, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": briefing.version})
        super().__init__(*args, **kwargs)
