"""The questions for a partnership's levels and cohorts, restoring the defaults, and the cohort
tool's questionnaire.

The forms on an existing level or cohort carry its version as it was shown, so a change made
meanwhile by someone else is caught rather than overwritten (services_framework.StaleFramework)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from waymark.partners.models import Partnership

from . import cohort_rules
from .models import Cohort, TrainingLevel

TEXT_MAX_LENGTH = 4000
CONFLICT = "Someone else changed this while you were working on it. Check it below, then try again."
YES_NO = [("yes", "Yes"), ("no", "No")]


class VersionedForm(forms.Form):
    """On an existing record the form carries its version; adding one, it has none."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form is out of date. Reload the page, then try again",
            "invalid": "This form is out of date. Reload the page, then try again",
        },
    )

    def drop_version(self) -> None:
        del self.fields["version"]


def partnership_field(partnerships: QuerySet[Partnership], noun: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Partnership",
        help_text=f"The partnership whose {noun} this is.",
        queryset=partnerships,
        empty_label=None if partnerships.count() == 1 else "Choose a partnership",
        error_messages={"required": "Select the partnership", "invalid_choice": "Select a partnership from the list"},
    )


class LevelForm(VersionedForm):
    number = forms.IntegerField(
        label="Number",
        help_text="Higher levels cover the ones below them: level 2 includes what level 1 teaches.",
        min_value=1,
        max_value=20,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the level's number",
            "invalid": "The number must be a whole number, like 2",
            "min_value": "The number must be 1 or more",
            "max_value": "The number must be 20 or less",
        },
    )
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="For example, Identification and referral.",
        error_messages={"required": "Enter the level's name", "max_length": "The name must be 100 characters or fewer"},
    )
    description = forms.CharField(
        label="Who is it for? (optional)",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The description must be {TEXT_MAX_LENGTH} characters or fewer"},
    )
    learning_outcomes = forms.CharField(
        label="Learning outcomes (optional)",
        help_text="What someone trained to this level can do. One outcome a line.",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"The learning outcomes must be {TEXT_MAX_LENGTH} characters or fewer"},
    )
    is_standalone = forms.BooleanField(
        label="It stands apart from the numbered levels",
        help_text="For example a strategic level: it neither covers the levels below it nor is covered by them.",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        partnerships: QuerySet[Partnership] | None = None,
        level: TrainingLevel | None = None,
        **kwargs: Any,
    ) -> None:
        if level is not None:
            kwargs.setdefault(
                "initial",
                {
                    "version": level.version,
                    **{n: getattr(level, n) for n in self.base_fields if n not in {"version", "partnership"}},
                },
            )
        super().__init__(*args, **kwargs)
        self.level = level
        if level is None:
            self.drop_version()
            if partnerships is not None:
                self.fields = {"partnership": partnership_field(partnerships, "level"), **self.fields}

    def _partnership_id(self) -> int | None:
        if self.level is not None:
            return self.level.partnership_id
        partnership = self.cleaned_data.get("partnership")
        return partnership.pk if partnership else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        partnership_id = self._partnership_id()
        if partnership_id is None:
            return cleaned
        others = TrainingLevel.objects.filter(partnership_id=partnership_id)
        if self.level is not None:
            others = others.exclude(pk=self.level.pk)
        number, name = cleaned.get("number"), cleaned.get("name")
        if number and others.filter(number=number).exists():
            self.add_error("number", f"The partnership already has a level {number}: choose another number")
        if name and others.filter(name__iexact=name.strip()).exists():
            self.add_error("name", f"The partnership already has a level called {name.strip()}: choose another name")
        return cleaned


class CohortForm(VersionedForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, Frontline staff with regular public contact.",
        error_messages={
            "required": "Enter the cohort's name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Who is in it? (optional)",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The description must be {TEXT_MAX_LENGTH} characters or fewer"},
    )
    required_level = forms.ModelChoiceField(
        label="Level of training it needs",
        queryset=TrainingLevel.objects.none(),
        empty_label="Choose a level",
        error_messages={
            "required": "Select the level of training it needs",
            "invalid_choice": "Select a level from the list",
        },
    )
    refresh_months = forms.IntegerField(
        label="Refresh every (months) (optional)",
        help_text="How long training stays current for this cohort, for example 24. Leave blank if it never expires.",
        required=False,
        min_value=1,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "The refresh interval must be a whole number of months, like 24",
            "min_value": "The refresh interval must be 1 month or more",
            "max_value": "The refresh interval must be 120 months or fewer",
        },
    )

    def __init__(
        self,
        *args: Any,
        levels: QuerySet[TrainingLevel],
        partnerships: QuerySet[Partnership] | None = None,
        cohort: Cohort | None = None,
        **kwargs: Any,
    ) -> None:
        if cohort is not None:
            initial = {n: getattr(cohort, n) for n in ("name", "description", "refresh_months", "is_active")}
            kwargs.setdefault(
                "initial", {"version": cohort.version, "required_level": cohort.required_level_id, **initial}
            )
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["required_level"].queryset = levels.select_related("partnership")
        if len({level.partnership_id for level in levels}) > 1:
            self.fields["required_level"].label_from_instance = lambda level: f"{level} ({level.partnership})"
        if cohort is not None:
            self.fields["is_active"] = forms.BooleanField(
                label="In use",
                help_text="A cohort no longer in use is not suggested by the cohort tool.",
                required=False,
            )
        else:
            self.drop_version()
            if partnerships is not None:
                self.fields = {"partnership": partnership_field(partnerships, "cohort"), **self.fields}

    def _partnership_id(self) -> int | None:
        if self.cohort is not None:
            return self.cohort.partnership_id
        partnership = self.cleaned_data.get("partnership")
        return partnership.pk if partnership else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        partnership_id = self._partnership_id()
        if partnership_id is None:
            return cleaned
        level = cleaned.get("required_level")
        if level is not None and level.partnership_id != partnership_id:
            self.add_error("required_level", "Select a level of the cohort's partnership")
        name = cleaned.get("name")
        others = Cohort.objects.filter(partnership_id=partnership_id)
        if self.cohort is not None:
            others = others.exclude(pk=self.cohort.pk)
        if name and others.filter(name__iexact=name.strip()).exists():
            self.add_error("name", f"The partnership already has a cohort called {name.strip()}: choose another name")
        return cleaned


class RestoreDefaultsForm(forms.Form):
    def __init__(self, *args: Any, partnerships: QuerySet[Partnership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"] = partnership_field(partnerships, "levels and cohorts")


# The cohort tool


def _yes_no(label: str, help_text: str, error: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": error, "invalid_choice": error},
    )


class CohortToolForm(forms.Form):
    """The five questions of the cohort tool (cohort_rules.Answers), asked about a role."""

    role_type = forms.ChoiceField(
        label="What kind of role is it?",
        choices=list(cohort_rules.ROLE_TYPE_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of role", "invalid_choice": "Select the kind of role"},
    )
    public_contact = forms.ChoiceField(
        label="How often does the role meet the public?",
        help_text="Face to face, on the phone or in people's homes: anyone who might be a victim or know one.",
        choices=list(cohort_rules.PUBLIC_CONTACT_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how often the role meets the public",
            "invalid_choice": "Select how often the role meets the public",
        },
    )
    safeguarding_responsibilities = _yes_no(
        "Does the role hold safeguarding responsibilities?",
        "For example a designated safeguarding lead, or someone who takes safeguarding concerns from colleagues.",
        "Select yes if the role holds safeguarding responsibilities",
    )
    first_responder_duties = _yes_no(
        "Does the role have first responder duties?",
        "They make National Referral Mechanism referrals or Duty to Notify reports for their organisation.",
        "Select yes if the role has first responder duties",
    )
    elected_member = _yes_no(
        "Is the person an elected member?",
        "For example a councillor or a police and crime commissioner.",
        "Select yes if the person is an elected member",
    )

    def __init__(self, *args: Any, partnerships: QuerySet[Partnership] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partnerships is not None and partnerships.count() > 1:
            self.fields = {"partnership": partnership_field(partnerships, "cohorts"), **self.fields}
            self.fields["partnership"].help_text = "The cohort tool suggests one of this partnership's cohorts."

    def answers(self) -> cohort_rules.Answers:
        data = self.cleaned_data
        return cohort_rules.Answers(
            role_type=cohort_rules.RoleType(data["role_type"]),
            public_contact=cohort_rules.PublicContact(data["public_contact"]),
            safeguarding_responsibilities=data["safeguarding_responsibilities"],
            first_responder_duties=data["first_responder_duties"],
            elected_member=data["elected_member"],
        )

    def answer_items(self) -> list[tuple[str, str]]:
        """The questions and answers in words, for the page that shows the suggestion."""
        items = []
        for name in (
            "role_type",
            "public_contact",
            "safeguarding_responsibilities",
            "first_responder_duties",
            "elected_member",
        ):
            field = self.fields[name]
            value = self.data.get(self.add_prefix(name), "")
            label = dict(field.choices).get(value, "")  # type: ignore[attr-defined]
            items.append((str(field.label), str(label)))
        return items


ANSWER_FIELDS = (
    "role_type",
    "public_contact",
    "safeguarding_responsibilities",
    "first_responder_duties",
    "elected_member",
)
