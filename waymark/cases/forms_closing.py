"""The questions for closing and reopening a case. Each form carries the case's version as it was
shown, so a change made meanwhile by someone else is caught (services_closing.StaleCase)."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import Case, CaseOutcome

REASON_MAX_LENGTH = 4000
REOPEN_REASON_MAX_LENGTH = 250
CONFLICT = "Someone else changed this case while you were working on it. Check the case below, then try again."
OUT_OF_DATE = "This form is out of date. Reload the page, then try again"


class CaseVersionForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE}
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": case.version})
        super().__init__(*args, **kwargs)
        self.case = case


class CloseCaseForm(CaseVersionForm):
    outcome = forms.ChoiceField(
        label="What was the outcome?",
        choices=CaseOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the outcome of the case",
            "invalid_choice": "Select the outcome of the case",
        },
    )
    reason = forms.CharField(
        label="Why are you closing the case?",
        help_text="Partners working on the case will see this.",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why you are closing the case",
            "max_length": f"The reason must be {REASON_MAX_LENGTH} characters or fewer",
        },
    )
    confirm_unfinished_tasks = forms.BooleanField(
        required=False,
        label="Close the case with these tasks unfinished",
        help_text="The tasks stay as they are; their owners can still record what came of them.",
    )

    def __init__(self, *args: Any, case: Case, unfinished_tasks: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.unfinished_tasks = unfinished_tasks
        if not unfinished_tasks:
            del self.fields["confirm_unfinished_tasks"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.unfinished_tasks and not data.get("confirm_unfinished_tasks"):
            plural = "s are" if self.unfinished_tasks != 1 else " is"
            self.add_error(
                "confirm_unfinished_tasks",
                f"{self.unfinished_tasks} task{plural} unfinished. Confirm that you want to close the case anyway",
            )
        return data


class ReopenCaseForm(CaseVersionForm):
    reason = forms.CharField(
        label="Why are you reopening the case?",
        help_text="This is added to the case timeline.",
        max_length=REOPEN_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you are reopening the case",
            "max_length": f"The reason must be {REOPEN_REASON_MAX_LENGTH} characters or fewer",
        },
    )
