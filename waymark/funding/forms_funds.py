"""The questions about funds: adding and editing a fund, adding a contributor to a joint pot, and the
money field every funding form uses (it takes "26,000" or "£26,000.50" as people write amounts).

A form on an existing fund carries its version as it was shown, so a change made meanwhile by
someone else is caught rather than overwritten (services_funds.StaleRecord)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from waymark.accounts.models import User
from waymark.core.forms import GovukDateField
from waymark.partners.models import Organisation, Partnership

from . import financial_year
from .models import Fund

TEXT_MAX_LENGTH = 4000
CONFLICT = "Someone else changed this {noun} while you were working on it. Check it below, then try again."
MONEY_LIMIT = Decimal("10000000000")  # the money columns hold up to 12 digits, 2 after the point
_MONEY_PATTERN = re.compile(r"(\d+(\.\d{1,2})?|\.\d{1,2})")


def version_field() -> forms.IntegerField:
    out_of_date = "This form is out of date. Reload the page, then try again"
    return forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": out_of_date, "invalid": out_of_date}
    )


def text_field(label: str, noun: str, *, required: bool = True, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {noun}",
            "max_length": f"{noun[0].upper()}{noun[1:]} must be {TEXT_MAX_LENGTH:,} characters or fewer",
        },
    )


def line_field(
    label: str, noun: str, *, required: bool = True, max_length: int = 200, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        error_messages={
            "required": f"Enter {noun}",
            "max_length": f"{noun[0].upper()}{noun[1:]} must be {max_length} characters or fewer",
        },
    )


def parse_money(text: str) -> Decimal:
    """'26,000', '£26,000.50', '26000' -> Decimal with two places. ValueError('negative') for an amount
    below zero, ValueError('invalid') for anything that is not an amount of money."""
    compact = re.sub(r"[\s,£]", "", text)
    if compact.startswith(("-", "−")) and _MONEY_PATTERN.fullmatch(compact[1:]):
        raise ValueError("negative")
    if not _MONEY_PATTERN.fullmatch(compact):
        raise ValueError("invalid")
    try:
        return Decimal(compact).quantize(Decimal("0.01"))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
        raise ValueError("invalid") from error


class MoneyField(forms.CharField):
    """An amount in pounds, typed as people write it. What was typed is shown again after an error."""

    def __init__(self, *, label: str, noun: str, **kwargs: Any) -> None:
        self.noun = noun
        kwargs.setdefault("help_text", "In pounds, for example 26,000 or £26,000.50.")
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}),
        )
        super().__init__(label=label, **kwargs)
        self.error_messages["required"] = f"Enter {noun}"

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            if len(text) > 40:
                raise ValueError("invalid")
            amount = parse_money(text)
        except ValueError as error:
            sentence = self.noun[0].upper() + self.noun[1:]
            if str(error) == "negative":
                raise forms.ValidationError(f"{sentence} must be £0 or more", code="negative") from None
            raise forms.ValidationError(
                f"Enter {self.noun} as an amount in pounds, like 26,000 or 26,000.50", code="invalid"
            ) from None
        if amount >= MONEY_LIMIT:
            sentence = self.noun[0].upper() + self.noun[1:]
            raise forms.ValidationError(f"{sentence} must be less than £10,000,000,000", code="too_large")
        return amount

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:,.2f}"
        return value


def member_organisations(partnerships: QuerySet[Partnership]) -> QuerySet[Organisation]:
    return Organisation.objects.active().in_partnerships(partnerships).order_by("name")


def people_in(partnerships: QuerySet[Partnership]) -> QuerySet[User]:
    return User.objects.filter(is_active=True, role_assignments__partnership__in=partnerships).distinct()


def year_choices(*, keep: int | None = None) -> list[tuple[int, str]]:
    """Three years back to two ahead of this financial year, and the fund's own year if older."""
    this_year = financial_year.year_of(timezone.localdate())
    years = set(range(this_year - 3, this_year + 3)) | ({keep} if keep else set())
    return [(year, f"{financial_year.label(year)} (1 April {year} to 31 March {year + 1})") for year in sorted(years)]


class FundForm(forms.Form):
    version = version_field()
    partnership = forms.ModelChoiceField(
        label="Which partnership is the fund for?",
        queryset=Partnership.objects.none(),
        empty_label="Select a partnership",
        error_messages={
            "required": "Select the partnership",
            "invalid_choice": "Select a partnership you manage funds for",
        },
    )
    name = line_field(
        "Name",
        "the name of the fund",
        help_text="For example, Community Safety Fund. Each year's fund from the same budget has the same name.",
    )
    owner = forms.ModelChoiceField(
        label="Which body holds the fund?",
        help_text="For example, the commissioner's office.",
        queryset=Organisation.objects.none(),
        empty_label="Select an organisation",
        error_messages={
            "required": "Select the body that holds the fund",
            "invalid_choice": "Select an organisation that is a member of the partnership",
        },
    )
    start_year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        choices=[],
        error_messages={"required": "Select the financial year", "invalid_choice": "Select the financial year"},
    )
    opening_budget = MoneyField(
        label="Opening budget",
        noun="the opening budget",
        help_text="What the holder puts in for the year, not counting contributions or the reserve. In pounds, "
        "for example 50,000. Enter 0 for a joint pot funded only by contributions.",
    )
    reserve_brought_forward = MoneyField(
        label="Reserve brought forward (optional)",
        noun="the reserve brought forward",
        required=False,
        help_text="What was left in last year's fund. In pounds, for example 6,000. Leave blank if none.",
    )
    description = text_field("Description (optional)", "the description", required=False)

    def __init__(
        self, *args: Any, partnerships: QuerySet[Partnership], fund: Fund | None = None, **kwargs: Any
    ) -> None:
        if fund is not None:
            initial = {
                name: getattr(fund, name)
                for name in (
                    "version",
                    "name",
                    "start_year",
                    "opening_budget",
                    "reserve_brought_forward",
                    "description",
                )
            }
            initial["owner"] = fund.owner_id
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fund = fund
        self.fields["start_year"].choices = year_choices(keep=fund.start_year if fund else None)  # type: ignore[attr-defined]
        self.only_partnership: Partnership | None = None
        if fund is None:
            del self.fields["version"]
            self.initial.setdefault("start_year", financial_year.year_of(timezone.localdate()))
            if partnerships.count() == 1:
                self.only_partnership = partnerships.first()
                del self.fields["partnership"]
            else:
                self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        else:
            del self.fields["partnership"]
            self.only_partnership = fund.partnership
            partnerships = Partnership.objects.filter(pk=fund.partnership_id)
            if fund.grants.exists():
                # Its grants' dates were set in its year: moving the fund would leave them outside it.
                del self.fields["start_year"]
        self.fields["owner"].queryset = member_organisations(partnerships)  # type: ignore[attr-defined]

    def chosen_partnership(self) -> Partnership | None:
        return self.only_partnership or self.cleaned_data.get("partnership")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reserve_brought_forward") is None:
            cleaned["reserve_brought_forward"] = Decimal("0.00")
        partnership = self.chosen_partnership()
        if partnership is None:
            return cleaned
        owner = cleaned.get("owner")
        if (
            owner is not None
            and not member_organisations(Partnership.objects.filter(pk=partnership.pk)).filter(pk=owner.pk).exists()
        ):
            self.add_error("owner", f"Select an organisation that is a member of {partnership}")
        name = (cleaned.get("name") or "").strip()
        year = cleaned.get("start_year", self.fund.start_year if self.fund else None)
        if name and year is not None:
            clash = Fund.objects.filter(partnership=partnership, name__iexact=name, start_year=year)
            if self.fund is not None:
                clash = clash.exclude(pk=self.fund.pk)
            if clash.exists():
                self.add_error(
                    "name",
                    f"{partnership} already has a {name} for {financial_year.label(year)}: choose another name or year",
                )
        return cleaned

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name not in {"version", "partnership"}}


class ContributionForm(forms.Form):
    contributor = forms.ModelChoiceField(
        label="Contributing organisation",
        help_text="A member of the partnership. Leave as it is and enter a name below if it is not in Waymark.",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not an organisation in Waymark",
        error_messages={"invalid_choice": "Select an organisation that is a member of the partnership"},
    )
    contributor_name = line_field(
        "Contributor's name (if not in the list)",
        "the contributor's name",
        required=False,
        help_text="For example, Testshire County Council.",
    )
    amount = MoneyField(label="Amount", noun="the amount", help_text="In pounds, for example 4,000.")
    received_on = GovukDateField(
        label="Date received (optional)", required=False, help_text="Leave blank if it has not been received yet."
    )
    note = line_field("Note (optional)", "the note", required=False, max_length=300)

    field_order = ["contributor", "contributor_name", "amount", "received_on", "note"]

    def __init__(self, *args: Any, fund: Fund, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contributor"].queryset = member_organisations(  # type: ignore[attr-defined]
            Partnership.objects.filter(pk=fund.partnership_id)
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organisation = cleaned.get("contributor")
        name = (cleaned.get("contributor_name") or "").strip()
        cleaned["contributor_name"] = name
        received = cleaned.get("received_on")
        if received and received > timezone.localdate():
            self.add_error("received_on", "The date received must be today or in the past")
        if "contributor" in self.errors:
            return cleaned
        if organisation is None and not name:
            self.add_error("contributor", "Select the contributing organisation, or enter the contributor's name")
        elif organisation is not None and name:
            self.add_error("contributor_name", "Select an organisation or enter a name, not both")
        return cleaned
