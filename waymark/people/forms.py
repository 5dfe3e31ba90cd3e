"""The questions asked when matching, merging and unmerging person records. The merge and undo forms
carry the versions of the records as they were shown, so a change made meanwhile by another
coordinator is caught (services.StalePerson) rather than silently built on."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import Person

REASON_MAX_LENGTH = 2000
CONFLICT = "Someone else changed these records while you were working on them. Check the records below, then try again."
OUT_OF_DATE = "This form is out of date. Reload the page, then try again"
KEEP_FIRST, KEEP_SECOND = "keep_first", "keep_second"
MERGE, NOT_SAME = "merge", "not_same"  # the two buttons


def _version() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE}
    )


def _reason(label: str, help_text: str, required_message: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": required_message,
            "max_length": f"The reason must be {REASON_MAX_LENGTH} characters or fewer",
        },
    )


class CandidateForm(forms.Form):
    """Which record the user is answering about, from a button on the "Possible matches" page."""

    candidate = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "candidate" in self.errors or not cleaned.get("candidate"):
            # The field is hidden: say what went wrong at the top of the page, not beside it.
            self.errors.pop("candidate", None)
            raise forms.ValidationError("Select a possible match from the list")
        return cleaned


class PairDecisionForm(forms.Form):
    """A coordinator's decision on two records, sent with one of two buttons: "Merge" (keeping the
    record chosen) or "Not the same person"."""

    keep = forms.ChoiceField(
        label="If they are the same person, which record should stay?",
        help_text="The other record is merged into it: its names, identifiers, addresses and case links move "
        "across. A merge can be undone.",
        choices=[],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": OUT_OF_DATE},
    )
    reason = _reason(
        "Why did you decide this?",
        "What makes you sure. Coordinators who review the records later will read this.",
        "Enter why you decided this",
    )
    first_version = _version()
    second_version = _version()

    def __init__(
        self, *args: Any, first: Person, second: Person, labels: tuple[str, str], action: str | None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"first_version": first.version, "second_version": second.version})
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["keep"].choices = [(KEEP_FIRST, labels[0]), (KEEP_SECOND, labels[1])]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.action not in (MERGE, NOT_SAME):
            raise forms.ValidationError("Select Merge or Not the same person")
        if self.action == MERGE and not cleaned.get("keep") and "keep" not in self.errors:
            self.add_error("keep", "Select which record should stay")
        return cleaned


class UndoMergeForm(forms.Form):
    reason = _reason(
        "Why are you undoing the merge?",
        "For example, new information shows they are two people.",
        "Enter why you are undoing the merge",
    )
    version = _version()

    def __init__(self, *args: Any, survivor: Person, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": survivor.version})
        super().__init__(*args, **kwargs)
