"""The questions of sign-off, decision and publication: an officer's approval (or return for changes),
the commissioner's decision, the publication decision with its redactions and each appendix's
publication, and the redaction sign-off.

Every signing form asks for a fresh code from the authenticator app (or a backup code), and carries
the report's version as it was shown, so that nobody signs a text that changed under them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from waymark.accounts.forms import CodeForm
from waymark.cases import documents
from waymark.core import uploads

from . import report_sections
from .decision_flow import DECIDED, OFFICER_LABELS, Officer, State
from .models import Appendix, AppendixPublication, DecisionReport
from .services_decisions import DECISION_CAPACITIES

TEXT_MAX_LENGTH = 10000
WRONG_CODE = (
    "The code is not right. Enter the newest code from your authenticator app (a code cannot be used twice), "
    "or one of your backup codes"
)
THROTTLED = (
    "The code is not right. After a wrong code, no code is accepted for a few seconds: wait a moment, then enter "
    "the newest code from your app"
)
CHANGED = (
    "The report was changed while you were reading it. Read it again, then sign with a new code. Nothing was signed."
)
ACCEPTED_KINDS = (documents.PDF, documents.DOC, documents.DOCX)
APPROVE, RETURN = "approve", "return"
AGREE, DISAGREE = "agree", "disagree"


class FreshCodeInput(forms.TextInput):
    """A code is never shown again after a failed attempt: each attempt needs the newest one."""

    def format_value(self, value: Any) -> str | None:
        return None


def _version_field() -> forms.IntegerField:
    out_of_date = "This form is out of date. Reload the page, then try again"
    return forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": out_of_date, "invalid": out_of_date}
    )


def _text(label: str, *, help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"{label.split(' (')[0]} must be {TEXT_MAX_LENGTH:,} characters or fewer"},
    )


class SigningForm(CodeForm):
    """The fresh two-factor check that every signature needs, and the version of the text signed."""

    version = _version_field()

    def __init__(self, *args: Any, report: DecisionReport, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("version", report.version)
        super().__init__(*args, **kwargs)
        self.report = report
        code = self.fields.pop("code")
        code.label = "Code from your authenticator app"
        code.help_text = (
            "To confirm it is you signing, enter the newest 6-digit code from your app, or one of your 8-digit "
            "backup codes."
        )
        code.widget = FreshCodeInput(attrs=code.widget.attrs)
        self.fields["code"] = code  # last, after the questions

    def field_for_refusal(self) -> str | None:
        """Which field a refusal from decision_flow is about (None: the whole form)."""
        return None


class OfficerSignOffForm(SigningForm):
    officer = forms.ChoiceField(
        label="Which officer are you approving as?",
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": "Select which officer you are approving as"},
    )
    outcome = forms.ChoiceField(
        label="Do you approve the report?",
        choices=[(APPROVE, "Yes, I approve it"), (RETURN, "No, return it for changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve the report or return it for changes"},
    )
    comments = _text(
        "Comments (optional if you approve)",
        help_text="If you return it, say what needs to change. Comments are not published.",
    )

    field_order = ["officer", "outcome", "comments"]

    def __init__(self, *args: Any, officers: list[Officer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.officers = officers
        if len(officers) == 1:
            del self.fields["officer"]
        else:
            self.fields["officer"].choices = [(o.value, OFFICER_LABELS[o]) for o in officers]  # type: ignore[attr-defined]

    @property
    def chosen_officer(self) -> Officer:
        return Officer(self.cleaned_data.get("officer") or self.officers[0])

    @property
    def approve(self) -> bool:
        return bool(self.cleaned_data["outcome"] == APPROVE)

    def field_for_refusal(self) -> str | None:
        if self.report.flow_state == State.AWAITING_SIGN_OFF and not self.approve:
            return "comments"  # "Say what needs to change"
        return None


class DecisionForm(SigningForm):
    outcome = forms.ChoiceField(
        label="Your decision",
        choices=[(AGREE, "I agree the recommendations"), (DISAGREE, "I disagree")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree or disagree"},
    )
    reasons = _text(
        "Reasons (required if you disagree)",
        help_text="Why you disagree, or anything to record with your agreement.",
    )
    capacity = forms.ChoiceField(
        label="You are deciding as",
        choices=[(c, c) for c in DECISION_CAPACITIES],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you decide as the commissioner or the deputy"},
    )

    field_order = ["outcome", "reasons", "capacity"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("capacity", DECISION_CAPACITIES[0])
        super().__init__(*args, **kwargs)

    @property
    def agree(self) -> bool:
        return bool(self.cleaned_data["outcome"] == AGREE)

    def field_for_refusal(self) -> str | None:
        if self.report.flow_state == State.AWAITING_DECISION and not self.agree:
            return "reasons"  # "Give the reasons for disagreeing"
        return None


class RedactionSignOffForm(SigningForm):
    pass


class PublicationForm(forms.Form):
    publish = forms.TypedChoiceField(
        label="Is the report published?",
        choices=[("yes", "Yes, publish it on the public register"), ("no", "No, do not publish it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the report is published"},
    )
    reason_not_published = _text(
        "If it is not published: why not (citing its classification)",
        help_text="For example: OFFICIAL-SENSITIVE, as it names the staff of a provider.",
    )
    redacted_sections = forms.MultipleChoiceField(
        label="Which sections of the decision sheet are redacted?",
        help_text="Leave all unticked if nothing is redacted. A redacted section shows only a notice that it was redacted.",
        required=False,
        choices=[(spec.key, f"{spec.number}. {spec.heading}") for spec in report_sections.SECTIONS if spec.redactable],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select sections from the list"},
    )
    redaction_details = _text(
        "What is redacted, and why",
        help_text="Needed when a section is redacted or an appendix is published in a redacted version. "
        "This is not published.",
    )

    def __init__(self, *args: Any, report: DecisionReport, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        if report.publish is not None:
            initial.setdefault("publish", "yes" if report.publish else "no")
        initial.setdefault("reason_not_published", report.reason_not_published)
        initial.setdefault("redacted_sections", list(report.redacted_sections or []))
        initial.setdefault("redaction_details", report.redaction_details)
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["reason_not_published"].help_text = (
            f"This report is classified {report.get_classification_display()}. "
            + self.fields["reason_not_published"].help_text
        )

    def field_for_refusal(self) -> str | None:
        if self.report.flow_state in DECIDED:
            return "reason_not_published"  # "Say why the report is not published, citing its classification"
        return None


class AppendixPublicationForm(forms.Form):
    publication = forms.ChoiceField(
        label="How is it published?",
        choices=[c for c in AppendixPublication.choices if c[0] != AppendixPublication.UNDECIDED],
        widget=forms.RadioSelect,
    )
    redacted_file = forms.FileField(
        label="If redacted: upload the redacted version",
        required=False,
        max_length=255,
        widget=forms.FileInput(attrs={"accept": ",".join(e for k in ACCEPTED_KINDS for e in k.extensions)}),
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "max_length": "The name of the selected file must be 255 characters or fewer",
        },
    )
    reason = _text(
        "If redacted or not published: what is left out, and why", rows=3, help_text="This is not published."
    )

    def __init__(self, *args: Any, appendix: Appendix, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"appendix-{appendix.pk}")
        initial = kwargs.setdefault("initial", {})
        if appendix.publication != AppendixPublication.UNDECIDED:
            initial.setdefault("publication", appendix.publication)
        initial.setdefault("reason", appendix.publication_reason)
        super().__init__(*args, **kwargs)
        self.appendix = appendix
        self.kind: documents.DocumentKind | None = None
        title = appendix.title
        self.fields["publication"].label = f"How is “{title}” published?"
        self.fields["publication"].error_messages["required"] = f"Select how “{title}” is published"
        hint = uploads.hint(ACCEPTED_KINDS)
        if appendix.redacted_document:
            hint += f" A redacted version is uploaded already ({appendix.redacted_document_name}): upload another only to replace it."
        self.fields["redacted_file"].help_text = hint

    def clean_redacted_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("redacted_file")
        if not upload:
            return None
        self.kind = uploads.check(upload, ACCEPTED_KINDS)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        title = self.appendix.title
        publication = cleaned.get("publication")
        if publication == AppendixPublication.PUBLISH_REDACTED:
            missing = not cleaned.get("redacted_file") and not self.appendix.redacted_document
            if missing and "redacted_file" not in self.errors:
                self.add_error("redacted_file", f"Upload the redacted version of “{title}”")
            if not (cleaned.get("reason") or "").strip():
                self.add_error("reason", f"Say what the redacted version of “{title}” leaves out, and why")
        elif publication == AppendixPublication.WITHHOLD and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", f"Say why “{title}” is not published")
        return cleaned


def redaction_details_needed(form: PublicationForm, appendix_forms: list[AppendixPublicationForm]) -> bool:
    """Checked once every form is valid: a redaction needs to be described."""
    data = form.cleaned_data
    if not data.get("publish"):
        return False
    redacting = bool(data.get("redacted_sections")) or any(
        f.cleaned_data.get("publication") == AppendixPublication.PUBLISH_REDACTED for f in appendix_forms
    )
    return redacting and not (data.get("redaction_details") or "").strip()
