"""The questions on performance returns: filtering the list, submitting a return (a whole number per
measure, the narrative, optional evidence) and reviewing one (accept or query, with comments).

The submission and review forms carry the return's version as it was shown, so a change made
meanwhile (another review, a resubmission) is caught rather than overwritten."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from waymark.cases import documents
from waymark.core import uploads

from .models import Grant, GrantMeasure, PerformanceReturn, ReturnStatus, ReviewerRole, ReviewOutcome

CONFLICT = "Someone else changed this return while you were working on it. Check it below, then try again."
NARRATIVE_MAX_LENGTH = 10_000
COMMENTS_MAX_LENGTH = 4_000
LARGEST_FIGURE = 1_000_000
ACCEPTED_KINDS = documents.KINDS
FILE_NOT_KEPT = "Select the file again: a file is not kept when there is a problem with the form."


def version_field() -> forms.IntegerField:
    out_of_date = "This form is out of date. Reload the page, then try again"
    return forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": out_of_date, "invalid": out_of_date}
    )


def noun(name: str) -> str:
    """A measure's name inside a sentence: "Referrals received" becomes "referrals received", but an
    initialism ("NRM referrals") keeps its capitals."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


class WholeNumberField(forms.CharField):
    """A count typed in a text box (the GOV.UK pattern for numbers): 0 or more, commas allowed."""

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        what = f"The number of {noun(label)}"
        self.messages = {
            "required": f"Enter the number of {noun(label)}, or 0 if there were none",
            "negative": f"{what} must be 0 or more",
            "fraction": f"{what} must be a whole number, like 12",
            "invalid": f"{what} must be a number, like 12",
            "too_large": f"{what} must be {LARGEST_FIGURE:,} or fewer",
        }
        widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-5"})
        super().__init__(label=label, widget=widget, error_messages={"required": self.messages["required"]}, **kwargs)

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().clean(value)
        if text in self.empty_values:
            return None
        text = str(text).strip().replace(",", "")
        if re.fullmatch(r"\d+", text):
            if len(text.lstrip("0")) > len(str(LARGEST_FIGURE)):
                raise forms.ValidationError(self.messages["too_large"], code="too_large")
            number = int(text)
        elif re.fullmatch(r"-\s*\d+(\.\d+)?", text):
            raise forms.ValidationError(self.messages["negative"], code="negative")
        elif re.fullmatch(r"\d{1,9}\.\d{1,9}", text):
            whole, fraction = text.split(".")
            if fraction.strip("0"):
                raise forms.ValidationError(self.messages["fraction"], code="fraction")
            number = int(whole)  # 12.0 is 12
        else:
            raise forms.ValidationError(self.messages["invalid"], code="invalid")
        if number > LARGEST_FIGURE:
            raise forms.ValidationError(self.messages["too_large"], code="too_large")
        return number


def measure_field_name(measure: GrantMeasure) -> str:
    return f"measure_{measure.pk}"


class ReturnSubmitForm(forms.Form):
    version = version_field()
    narrative = forms.CharField(
        label="What happened in the period",
        help_text="What the grant achieved, anything that went wrong, and anything the numbers do not show.",
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter what happened in the period",
            "max_length": f"What happened in the period must be {NARRATIVE_MAX_LENGTH:,} characters or fewer",
        },
    )
    evidence = forms.FileField(
        label="Evidence (optional)",
        required=False,
        max_length=255,
        widget=forms.FileInput(attrs={"accept": documents.ACCEPT}),
        error_messages={
            "empty": uploads.EMPTY,
            "invalid": "Select a file",
            "missing": "Select a file",
            "max_length": "The name of the selected file must be 255 characters or fewer",
        },
    )

    def __init__(
        self, *args: Any, performance_return: PerformanceReturn, measures: list[GrantMeasure], **kwargs: Any
    ) -> None:
        values = {value.measure_id: value.value for value in performance_return.values.all()}
        initial = {"version": performance_return.version, "narrative": performance_return.narrative}
        initial.update({measure_field_name(m): values[m.pk] for m in measures if m.pk in values})
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.measures = measures
        measure_fields: dict[str, forms.Field] = {}
        for measure in measures:
            field = WholeNumberField(label=measure.name)
            if measure.target is not None:
                field.help_text = f"The target for each period is {measure.target:,}."
            measure_fields[measure_field_name(measure)] = field
        self.fields = {"version": self.fields["version"], **measure_fields, **self._rest()}
        hint = (
            f"For example a case study, an attendance list or a photograph of an event. {uploads.hint(ACCEPTED_KINDS)}"
        )
        if performance_return.evidence_name:
            hint += f" A new file replaces {performance_return.evidence_name}."
        self.fields["evidence"].help_text = hint
        self.kind: documents.DocumentKind | None = None

    def _rest(self) -> dict[str, forms.Field]:
        return {name: field for name, field in self.fields.items() if name in {"narrative", "evidence"}}

    def clean_evidence(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("evidence")
        if not upload:
            return None
        self.kind = uploads.check(upload, ACCEPTED_KINDS)
        return upload

    def full_clean(self) -> None:
        super().full_clean()
        # A browser never sends a file back: if something else is wrong, say the file must be chosen again.
        if (
            self.is_bound
            and self.errors
            and self.files.get(self.add_prefix("evidence"))
            and "evidence" not in self.errors
        ):
            hint = f"{FILE_NOT_KEPT} {self.fields['evidence'].help_text}"
            self.fields["evidence"].help_text = hint
            self["evidence"].help_text = hint  # the bound field copied the hint while cleaning

    def figures(self) -> dict[int, int]:
        return {measure.pk: self.cleaned_data[measure_field_name(measure)] for measure in self.measures}

    def measure_fields(self) -> list[forms.BoundField]:
        return [self[measure_field_name(measure)] for measure in self.measures]


class ReturnReviewForm(forms.Form):
    version = version_field()
    role = forms.ChoiceField(
        label="Who are you reviewing it for?",
        choices=ReviewerRole.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who you are reviewing it for",
            "invalid_choice": "Select who you are reviewing it for",
        },
    )
    outcome = forms.ChoiceField(
        label="Do you accept the return?",
        choices=[(ReviewOutcome.ACCEPTED, "Yes, accept it"), (ReviewOutcome.QUERIED, "No, query it")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you accept or query the return",
            "invalid_choice": "Select whether you accept or query the return",
        },
    )
    comments = forms.CharField(
        label="Comments",
        help_text="Needed to query the return: say what should be corrected or explained. The recipient sees your comments.",
        required=False,
        max_length=COMMENTS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"Comments must be {COMMENTS_MAX_LENGTH:,} characters or fewer"},
    )

    def __init__(
        self, *args: Any, performance_return: PerformanceReturn, roles: list[ReviewerRole], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"version": performance_return.version})
        super().__init__(*args, **kwargs)
        self.only_role = roles[0] if len(roles) == 1 else None
        if self.only_role is not None:
            del self.fields["role"]
        else:
            self.fields["role"].choices = [(role.value, role.label) for role in roles]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["comments"] = (cleaned.get("comments") or "").strip()
        if (
            cleaned.get("outcome") == ReviewOutcome.QUERIED
            and not cleaned["comments"]
            and "comments" not in self.errors
        ):
            self.add_error("comments", "Enter what should be corrected or explained, to query the return")
        return cleaned

    def chosen_role(self) -> str:
        return self.only_role.value if self.only_role is not None else self.cleaned_data["role"]


OVERDUE = "overdue"


class ReturnFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *ReturnStatus.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    grant = forms.ModelChoiceField(
        label="Grant",
        required=False,
        queryset=Grant.objects.none(),
        empty_label="Any grant",
        error_messages={"invalid_choice": "Select a grant from the list"},
    )
    overdue = forms.BooleanField(
        label="Only overdue returns",
        help_text="Not in by the due date: never submitted, or queried and not yet submitted again.",
        required=False,
    )

    def __init__(self, *args: Any, grants: QuerySet[Grant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = grants  # type: ignore[attr-defined]

    def filter(self, returns: QuerySet[PerformanceReturn], *, today: Any) -> QuerySet[PerformanceReturn]:
        if not self.is_bound or not self.is_valid():
            return returns
        data = self.cleaned_data
        if data["status"]:
            returns = returns.filter(status=data["status"])
        if data["grant"]:
            returns = returns.filter(grant=data["grant"])
        if data["overdue"]:
            returns = returns.overdue(today)  # type: ignore[attr-defined]
        return returns
