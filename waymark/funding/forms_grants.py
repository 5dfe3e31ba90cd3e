"""The questions about grants: adding and editing a grant (after the commissioner's decision its
amount, fund and recipient are no longer asked), its cost lines, match funding, in-kind support and
measures, the steps after approval (agreement signed, active, closed), and filtering the list.

Forms on an existing grant carry its version as it was shown (services_grants.StaleRecord)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from waymark.accounts.models import User
from waymark.core.forms import GovukDateField
from waymark.partners.models import Organisation, Partnership

from .forms_funds import MoneyField, line_field, member_organisations, people_in, text_field, version_field
from .models import (
    SUGGESTED_MEASURES,
    Fund,
    Grant,
    GrantStatus,
    Recurrence,
    ReportingFrequency,
)

LOCKED_AFTER_DECISION = ("fund", "recipient", "amount")


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class FundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} {obj.year_label} ({obj.partnership})"


class GrantForm(forms.Form):
    version = version_field()
    fund = FundChoiceField(
        label="Which fund is it from?",
        queryset=Fund.objects.none(),
        empty_label="Select a fund",
        error_messages={"required": "Select the fund", "invalid_choice": "Select a fund you manage"},
    )
    recipient = forms.ModelChoiceField(
        label="Which organisation receives the grant?",
        help_text="A member of the fund's partnership.",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the organisation that receives the grant",
            "invalid_choice": "Select an organisation that is a member of the fund's partnership",
        },
    )
    title = line_field("Title", "the title", help_text="A short name, for example Partnership coordinator post.")
    purpose = text_field("What is the grant for?", "what the grant is for")
    amount = MoneyField(label="Amount", noun="the amount of the grant", help_text="In pounds, for example 34,000.")
    starts_on = GovukDateField(
        label="Start date",
        help_text="In the fund's financial year. For example, 1 4 2026.",
        error_messages={"required": "Enter the start date"},
    )
    ends_on = GovukDateField(
        label="End date", help_text="For example, 31 3 2027.", error_messages={"required": "Enter the end date"}
    )
    recurrence = forms.ChoiceField(
        label="Is it one-off or recurring?",
        help_text="A recurring grant can be renewed for the next financial year.",
        choices=Recurrence.choices,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether the grant is one-off or recurring"},
    )
    conditions = text_field(
        "Conditions",
        "the conditions",
        help_text="The standard funding agreement, and any special conditions.",
        rows=6,
    )
    reporting_frequency = forms.ChoiceField(
        label="How often does the recipient report on its measures?",
        choices=ReportingFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how often the recipient reports"},
    )
    sustainability_plan = text_field(
        "Sustainability plan (optional)",
        "the sustainability plan",
        required=False,
        help_text="How the work carries on after the grant ends.",
    )
    no_liability_beyond_period = forms.BooleanField(
        label="The funder takes on no liability beyond the end of the grant period",
        required=False,
        help_text="The grant's page then says: no liability beyond its end date.",
    )
    scrutineer = forms.ModelChoiceField(
        label="Scrutineer (optional)",
        help_text="Someone in the partnership who reviews the performance returns with the commissioner's office.",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody named",
        error_messages={"invalid_choice": "Select someone who has a role in the fund's partnership"},
    )

    def __init__(
        self,
        *args: Any,
        partnerships: QuerySet[Partnership],
        grant: Grant | None = None,
        fund: Fund | None = None,
        conditions: str = "",
        **kwargs: Any,
    ) -> None:
        if grant is not None:
            initial = {
                name: getattr(grant, name)
                for name in self.base_fields
                if name not in {"fund", "recipient", "scrutineer"}
            }
            initial.update(fund=grant.fund_id, recipient=grant.recipient_id, scrutineer=grant.scrutineer_id)
            kwargs.setdefault("initial", initial)
        else:
            kwargs.setdefault(
                "initial",
                {
                    "fund": fund.pk if fund else None,
                    "conditions": conditions,
                    "recurrence": Recurrence.ONE_OFF,
                    "reporting_frequency": ReportingFrequency.QUARTERLY,
                    "no_liability_beyond_period": True,
                    "starts_on": fund.starts_on if fund else None,
                    "ends_on": fund.ends_on if fund else None,
                },
            )
        super().__init__(*args, **kwargs)
        self.grant = grant
        self.locked = grant is not None and grant.status != GrantStatus.PROPOSED
        if grant is None:
            del self.fields["version"]
        else:
            partnerships = Partnership.objects.filter(pk=grant.fund.partnership_id)
        if self.locked:
            for name in LOCKED_AFTER_DECISION:
                del self.fields[name]
        else:
            self.fields["fund"].queryset = (  # type: ignore[attr-defined]
                Fund.objects.filter(partnership__in=partnerships)
                .select_related("partnership")
                .order_by("-start_year", "name")
            )
            self.fields["recipient"].queryset = member_organisations(partnerships)  # type: ignore[attr-defined]
        self.fields["scrutineer"].queryset = people_in(partnerships).order_by("full_name")  # type: ignore[attr-defined]

    def chosen_fund(self) -> Fund | None:
        if self.locked:
            assert self.grant is not None
            return self.grant.fund
        return self.cleaned_data.get("fund")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end <= start:
            self.add_error("ends_on", "The end date must be after the start date")
        fund = self.chosen_fund()
        if fund is None:
            return cleaned
        if start and not (fund.starts_on <= start <= fund.ends_on) and "starts_on" not in self.errors:
            self.add_error(
                "starts_on",
                f"The start date must be in the fund's financial year, {_long(fund.starts_on)} to {_long(fund.ends_on)}",
            )
        in_partnership = Partnership.objects.filter(pk=fund.partnership_id)
        recipient = cleaned.get("recipient")
        if recipient is not None and not member_organisations(in_partnership).filter(pk=recipient.pk).exists():
            self.add_error("recipient", f"Select an organisation that is a member of {fund.partnership}")
        scrutineer = cleaned.get("scrutineer")
        if scrutineer is not None and not people_in(in_partnership).filter(pk=scrutineer.pk).exists():
            self.add_error("scrutineer", f"Select someone who has a role in {fund.partnership}")
        return cleaned

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class CostLineForm(forms.Form):
    description = line_field(
        "What does it pay for?", "what the cost line pays for", help_text="For example, Salary, or On-costs."
    )
    amount = MoneyField(label="Amount", noun="the amount", help_text="In pounds, for example 26,000.")
    note = line_field(
        "Note (optional)",
        "the note",
        required=False,
        max_length=300,
        help_text="For example, including travel, pension and management.",
    )


class MatchFundingForm(forms.Form):
    source = line_field("Source", "the source of the match funding", help_text="For example, Lottery Community Fund.")
    amount = MoneyField(label="Amount", noun="the amount", help_text="In pounds, for example 5,000.")
    confirmed = forms.BooleanField(label="The match funding is confirmed", required=False)


class InKindForm(forms.Form):
    provider = line_field("Who provides it?", "who provides it", help_text="For example, Testford Council.")
    description = line_field(
        "What is provided?",
        "what is provided",
        max_length=300,
        help_text="For example, office accommodation, room hire or administrative support.",
    )
    estimated_value = MoneyField(
        label="Estimated value (optional)",
        noun="the estimated value",
        required=False,
        help_text="In pounds, for example 2,400. Leave blank if not known.",
    )


def _target_field(name: str) -> forms.IntegerField:
    message = f"Enter the target for {name} as a whole number, like 20"
    return forms.IntegerField(
        label="Target for each reporting period (optional)",
        required=False,
        min_value=0,
        max_value=1_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": message,
            "min_value": f"The target for {name} must be 0 or more",
            "max_value": f"The target for {name} must be 1,000,000 or fewer",
        },
    )


class MeasuresForm(forms.Form):
    """The measures the recipient reports each period: the suggested ones as checkboxes, any already
    chosen, and one more typed in, each with an optional target."""

    measures = forms.MultipleChoiceField(
        label="Which measures does the recipient report?",
        help_text="Select all that apply.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select measures from the list"},
    )
    other_name = line_field(
        "Another measure (optional)", "the other measure", required=False, help_text="For example, Victims housed."
    )

    def __init__(self, *args: Any, grant: Grant, **kwargs: Any) -> None:
        current = list(grant.measures.all())
        self.reported = set(grant.measures.filter(values__isnull=False).values_list("name", flat=True))
        names = list(SUGGESTED_MEASURES) + [m.name for m in current if m.name not in SUGGESTED_MEASURES]
        initial: dict[str, Any] = {"measures": [m.name for m in current]}
        targets = {m.name: m.target for m in current}
        initial.update({f"target_{i}": targets[name] for i, name in enumerate(names) if name in targets})
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.names = names
        self.fields["measures"].choices = [(name, name) for name in names]  # type: ignore[attr-defined]
        for i, name in enumerate(names):
            self.fields[f"target_{i}"] = _target_field(name)
        self.fields["other_target"] = _target_field("the other measure")

    def options(self) -> list[dict[str, Any]]:
        """Each checkbox with its target box, for the template."""
        chosen = set(self["measures"].value() or [])
        return [
            {"index": i, "name": name, "checked": name in chosen, "target": self[f"target_{i}"]}
            for i, name in enumerate(self.names)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = cleaned.get("measures") or []
        dropped = sorted(self.reported - set(chosen))
        if dropped and "measures" not in self.errors:
            self.add_error(
                "measures",
                f"{', '.join(dropped)} cannot be removed: performance returns have already reported "
                f"{'it' if len(dropped) == 1 else 'them'}",
            )
        other = (cleaned.get("other_name") or "").strip()
        if cleaned.get("other_target") is not None and not other:
            self.add_error("other_name", "Enter the name of the other measure, or clear its target")
        if other and other.lower() in {name.lower() for name in chosen}:
            self.add_error("other_name", f"{other} is already chosen above")
        measures: list[tuple[str, int | None]] = [
            (name, cleaned.get(f"target_{i}")) for i, name in enumerate(self.names) if name in chosen
        ]
        if other:
            measures.append((other, cleaned.get("other_target")))
        cleaned["chosen"] = measures
        return cleaned


class AgreementSignedForm(forms.Form):
    version = version_field()
    signed_on = GovukDateField(
        label="Date the funding agreement was signed",
        error_messages={"required": "Enter the date the funding agreement was signed"},
    )

    def __init__(self, *args: Any, grant: Grant, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": grant.version})
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["signed_on"].help_text = f"For example, {today.day} {today.month} {today.year}."

    def clean_signed_on(self) -> date:
        signed_on: date = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError("The date the agreement was signed must be today or in the past")
        return signed_on


class ConfirmStepForm(forms.Form):
    version = version_field()

    def __init__(self, *args: Any, grant: Grant, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": grant.version})
        super().__init__(*args, **kwargs)


class CloseForm(forms.Form):
    version = version_field()
    closed_on = GovukDateField(label="Date closed", error_messages={"required": "Enter the date the grant closed"})
    underspend_returned = MoneyField(
        label="Underspend returned to the fund (optional)",
        noun="the underspend returned",
        required=False,
        help_text="What the recipient did not spend and gave back. In pounds, for example 1,250. Leave blank if none.",
    )

    def __init__(self, *args: Any, grant: Grant, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": grant.version})
        super().__init__(*args, **kwargs)
        self.grant = grant
        today = timezone.localdate()
        self.fields["closed_on"].help_text = f"For example, {today.day} {today.month} {today.year}."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        closed_on = cleaned.get("closed_on")
        if closed_on is not None:
            if closed_on > timezone.localdate():
                self.add_error("closed_on", "The date closed must be today or in the past")
            elif self.grant.agreement_signed_on and closed_on < self.grant.agreement_signed_on:
                self.add_error(
                    "closed_on",
                    "The date closed must be the same as or after the date the agreement was signed "
                    f"({_long(self.grant.agreement_signed_on)})",
                )
        underspend = cleaned.get("underspend_returned")
        if underspend is None:
            cleaned["underspend_returned"] = Decimal("0.00")
        elif underspend > self.grant.amount:
            self.add_error(
                "underspend_returned",
                f"The underspend returned cannot be more than the grant, £{self.grant.amount:,.2f}",
            )
        return cleaned


class GrantFilterForm(forms.Form):
    fund = FundChoiceField(
        label="Fund",
        required=False,
        queryset=Fund.objects.none(),
        empty_label="Any fund",
        error_messages={"invalid_choice": "Select a fund from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *GrantStatus.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    recipient = forms.ModelChoiceField(
        label="Recipient",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="Any recipient",
        error_messages={"invalid_choice": "Select a recipient from the list"},
    )

    def __init__(self, *args: Any, grants: QuerySet[Grant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grant_ids = grants.values("pk")
        self.fields["fund"].queryset = (  # type: ignore[attr-defined]
            Fund.objects.filter(grants__in=grant_ids)
            .distinct()
            .select_related("partnership")
            .order_by("-start_year", "name")
        )
        self.fields["recipient"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(grants__in=grant_ids).distinct().order_by("name")
        )

    def filter(self, grants: QuerySet[Grant]) -> QuerySet[Grant]:
        if not self.is_bound or not self.is_valid():
            return grants
        data = self.cleaned_data
        if data["fund"]:
            grants = grants.filter(fund=data["fund"])
        if data["status"]:
            grants = grants.filter(status=data["status"])
        if data["recipient"]:
            grants = grants.filter(recipient=data["recipient"])
        return grants
