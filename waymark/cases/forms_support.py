"""The questions for support episodes and for the supported person's feedback.

Edits carry the episode's version as it was shown, so a change made meanwhile by someone else is
caught rather than overwritten (services_support.StaleSupportEpisode)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from waymark.accounts.models import User
from waymark.core.forms import GovukDateField, PastDatesForm

from .models import CasePerson, SupportEpisode
from .support_vocabulary import NOT_ANSWERED, RATING_WORDS, SupportKind

TEXT_MAX_LENGTH = 4000
DATE_HINT = "For example, 27 3 2026"


def _date_field(label: str, noun: str, *, required: bool = True) -> GovukDateField:
    return GovukDateField(
        label=label, required=required, help_text=DATE_HINT, error_messages={"required": f"Enter {noun}"}
    )


class PersonChoiceField(forms.ModelChoiceField):
    """The people named in the case, labelled as this user may see them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.labels: dict[int, str] = {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: CasePerson) -> str:
        return self.labels.get(obj.pk, str(obj))


class SupportForm(PastDatesForm):
    """Dates here are never in the future."""


class VersionedForm(SupportForm):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "This form is out of date. Reload the page, then try again",
            "invalid": "This form is out of date. Reload the page, then try again",
        },
    )

    def __init__(self, *args: Any, episode: SupportEpisode, **kwargs: Any) -> None:
        self.episode = episode
        kwargs.setdefault("initial", {}).setdefault("version", episode.version)
        super().__init__(*args, **kwargs)


def _support_choices(label: str, help_text: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=SupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"small": True}),
        help_text=help_text,
    )


class EpisodeFields(forms.Form):
    """The questions shared by starting an episode and changing it."""

    advocate = forms.ModelChoiceField(
        label="Advocate (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody yet",
        help_text="The person in your organisation who supports them.",
    )
    person = PersonChoiceField(
        label="Who is being supported? (optional)",
        queryset=CasePerson.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    started_on = _date_field("Date the support started", "the date the support started")
    needs = _support_choices("What do they need? (optional)", "Select all that apply.")
    services = _support_choices("What support has been given? (optional)", "Select all that apply.")
    outcomes = forms.CharField(
        label="Outcomes so far (optional)",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What has changed for them. Seen by everyone who can see the case.",
    )

    def setup(self, *, advocates: QuerySet[User], people: QuerySet[CasePerson], labels: dict[int, str]) -> None:
        self.fields["advocate"].queryset = advocates  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].labels = labels  # type: ignore[attr-defined]
        if not people.exists():
            del self.fields["person"]


class StartEpisodeForm(EpisodeFields, SupportForm):
    def __init__(
        self,
        *args: Any,
        advocates: QuerySet[User],
        people: QuerySet[CasePerson],
        labels: dict[int, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup(advocates=advocates, people=people, labels=labels)


class EditEpisodeForm(EpisodeFields, VersionedForm):
    ended_on = _date_field("Date the support ended (optional)", "the date the support ended", required=False)

    field_order = ["version", "advocate", "person", "started_on", "ended_on", "needs", "services", "outcomes"]

    def __init__(
        self,
        *args: Any,
        advocates: QuerySet[User],
        people: QuerySet[CasePerson],
        labels: dict[int, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup(advocates=advocates, people=people, labels=labels)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.not_before("ended_on", cleaned.get("started_on"), "the date the support started")
        return cleaned


class EndEpisodeForm(VersionedForm):
    ended_on = _date_field("Date the support ended", "the date the support ended")
    outcomes = forms.CharField(
        label="Outcomes (optional)",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What changed for them, and where they go from here. Seen by everyone who can see the case.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.not_before("ended_on", self.episode.started_on, "the date the support started")
        return cleaned


def _to_rating(value: str) -> int | None:
    return None if value == "none" else int(value)


def _rating(question: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=question,
        choices=[(str(n), words) for n, words in RATING_WORDS.items()] + [("none", NOT_ANSWERED)],
        coerce=_to_rating,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": f"Select an answer to “{question}”"},
    )


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class FeedbackForm(SupportForm):
    given_on = _date_field("Date they gave this feedback", "the date they gave this feedback")
    felt_safe = _rating("Did they feel safe?")
    felt_listened_to = _rating("Did they feel listened to?")
    got_help_needed = _rating("Did they get the help they needed?")
    would_recommend = forms.TypedChoiceField(
        label="Would they recommend this support to someone in their position?",
        choices=[("yes", "Yes"), ("no", "No"), ("none", NOT_ANSWERED)],
        coerce=_yes_no,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they would recommend this support"},
    )
    in_their_words = forms.CharField(
        label="In their words (optional)",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What they said about the support, as they said it.",
    )
    consent_to_use_in_reports = forms.TypedChoiceField(
        label="Have they agreed that their words may be used in partnership reports?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"inline": True}),
        help_text="If they agree, what they said may be quoted anonymously in the partnership's reports: "
        "without their name or anything else that could identify them. If not, their words are seen only "
        "by your organisation.",
        error_messages={"required": "Select whether they have agreed that their words may be used in reports"},
    )

    def __init__(self, *args: Any, episode: SupportEpisode, **kwargs: Any) -> None:
        self.episode = episode
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.not_before("given_on", self.episode.started_on, "the date the support started")
        return cleaned
