"""The questions on the pages that change a person's record. Each form carries the version of the
record as it was shown, so a change made meanwhile by someone else is caught (services.StalePerson)
rather than silently overwritten. Lists (names, identifiers, addresses) are a row per entry, each
with "Remove", and one blank row to add another: they work without JavaScript."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from waymark.cases.vocabulary import Gender
from waymark.core.forms import GovukDateField, PastDatesForm
from waymark.core.templatetags.govuk import error_anchor

from .models import NameKind, Person
from .normalise import BirthDateKind, IdentifierKind, normalise_identifier, normalise_postcode
from .services_edit import AddressEntry, IdentifierEntry, NameEntry
from .views import IDENTIFIER_LABELS

OUT_OF_DATE = "This form is out of date. Reload the page, then try again"
CONFLICT = (
    "Someone else changed this record while you were working on it, so your changes have not been saved. "
    "Check what the record says now, then save your changes again."
)
MAX_ROWS = 50

Errors = list[tuple[str, str]]


def split_list(text: str) -> list[str]:
    """'Albanian, Italian' or one a line -> ['Albanian', 'Italian']."""
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _field_errors(form: forms.BaseForm) -> Errors:
    errors: Errors = [("", str(message)) for message in form.non_field_errors()]
    for field in form:
        errors += [(error_anchor(field), str(message)) for message in field.errors]
    return errors


def _numeric(width: int) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric", "class": f"govuk-input--width-{width}"})


class VersionForm(forms.Form):
    """A change to one part of the record, with the record's version as it was shown."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE}
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs["initial"] = {"version": person.version, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)

    def summary_errors(self) -> Errors:
        """(anchor, message) for the error summary."""
        return _field_errors(self)


# Date of birth, gender, nationalities and languages


class BirthDateForm(VersionForm, PastDatesForm):
    kind = forms.ChoiceField(
        label="What do you know about their date of birth?",
        choices=[
            (BirthDateKind.EXACT.value, "The exact date"),
            (BirthDateKind.YEAR.value, "The year only"),
            (BirthDateKind.ESTIMATED.value, "Their age, estimated on a date"),
            (BirthDateKind.UNKNOWN.value, "Not known"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you know about their date of birth"},
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2007")
    birth_year = forms.IntegerField(
        label="Year of birth",
        required=False,
        widget=_numeric(4),
        help_text="For example, 2007",
        error_messages={"invalid": "Year of birth must be a number, like 2007"},
    )
    estimated_age = forms.IntegerField(
        label="Estimated age",
        required=False,
        min_value=0,
        max_value=120,
        widget=_numeric(3),
        error_messages={
            "invalid": "Estimated age must be a number, like 17",
            "min_value": "Estimated age must be 0 or more",
            "max_value": "Estimated age must be 120 or less",
        },
    )
    age_estimated_on = GovukDateField(
        label="Date the age was estimated", required=False, help_text="For example, the day they were referred"
    )

    # The fields each answer needs, with the message when one is left blank.
    NEEDS: ClassVar[dict[str, dict[str, str]]] = {
        BirthDateKind.EXACT: {"date_of_birth": "Enter their date of birth"},
        BirthDateKind.YEAR: {"birth_year": "Enter the year they were born"},
        BirthDateKind.ESTIMATED: {
            "estimated_age": "Enter their estimated age",
            "age_estimated_on": "Enter the date their age was estimated",
        },
        BirthDateKind.UNKNOWN: {},
    }

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs["initial"] = {
            "kind": person.birth_date_kind,
            "date_of_birth": person.date_of_birth,
            "birth_year": person.birth_year if person.birth_date_kind == BirthDateKind.YEAR else None,
            "estimated_age": person.estimated_age,
            "age_estimated_on": person.age_estimated_on,
        }
        super().__init__(*args, person=person, **kwargs)

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not 1900 <= year <= this_year:
            raise forms.ValidationError(f"Year of birth must be between 1900 and {this_year}")
        return year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind is None:
            return cleaned
        needed = self.NEEDS[kind]
        for name in ("date_of_birth", "birth_year", "estimated_age", "age_estimated_on"):
            if name not in needed:
                # An answer under another option is ignored, even if it would not do.
                self.errors.pop(name, None)
                cleaned[name] = None
            elif cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, needed[name])
        return cleaned


class GenderForm(VersionForm):
    gender = forms.ChoiceField(
        label="What is their gender?",
        choices=Gender.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select their gender"},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs["initial"] = {"gender": person.gender or None}
        super().__init__(*args, person=person, **kwargs)


class NationalitiesForm(VersionForm):
    nationalities = forms.CharField(
        label="Nationalities",
        max_length=300,
        required=False,
        help_text="If more than one, separate them with commas. Leave blank if not known.",
        error_messages={"max_length": "Nationalities must be 300 characters or fewer"},
    )
    languages = forms.CharField(
        label="Languages they speak",
        max_length=300,
        required=False,
        help_text="If more than one, separate them with commas. Leave blank if not known.",
        error_messages={"max_length": "Languages must be 300 characters or fewer"},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs["initial"] = {
            "nationalities": ", ".join(person.nationalities),
            "languages": ", ".join(person.languages),
        }
        super().__init__(*args, person=person, **kwargs)


# Lists: names, identifiers, addresses


class RowsFormSet(forms.BaseFormSet):
    """Rows whose "Delete" box is labelled as the row's form says ("Remove this name")."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = getattr(form, "remove_label", "Remove")


def _rows(form: type[forms.Form]) -> type[forms.BaseFormSet]:
    return forms.formset_factory(
        form,
        formset=RowsFormSet,
        extra=1,
        can_delete=True,
        can_delete_extra=False,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
    )


class RowsForm:
    """A list on one page: the version (and any fields of its own, in `main`) and a row per entry."""

    prefix: ClassVar[str]
    rows_class: ClassVar[type[forms.BaseFormSet]]

    def __init__(self, data: Any, *, person: Person, main: VersionForm | None = None) -> None:
        self.main = main or VersionForm(data, person=person)
        initial = None if data is not None else self.initial_rows(person)
        self.rows = self.rows_class(data, prefix=self.prefix, initial=initial)

    def initial_rows(self, person: Person) -> list[dict[str, Any]]:
        raise NotImplementedError

    @property
    def is_bound(self) -> bool:
        return self.main.is_bound

    def is_valid(self) -> bool:
        main, rows = self.main.is_valid(), self.rows.is_valid()
        return main and rows and self.check_whole()

    def check_whole(self) -> bool:
        """Checks across the rows; add errors to `self.main` and say False."""
        return True

    @property
    def version(self) -> int:
        return int(self.main.cleaned_data["version"])

    def kept(self) -> list[dict[str, Any]]:
        """The cleaned rows the user kept or added (not removed, not the blank row left blank)."""
        kept = []
        for index, form in enumerate(self.rows.forms):
            if index >= self.rows.initial_form_count() and not form.has_changed():
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            kept.append(form.cleaned_data)
        return kept

    def summary_errors(self) -> Errors:
        errors = self.main.summary_errors()
        errors += [("", str(message)) for message in self.rows.non_form_errors()]
        for index, form in enumerate(self.rows.forms):
            if index < len(self.rows.errors) and self.rows.errors[index]:
                errors += _field_errors(form)
        return errors


class OtherNameForm(forms.Form):
    remove_label = "Remove this name"
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label="Kind of name",
        choices=[(NameKind.ALIAS.value, "Also known as"), (NameKind.PREVIOUS.value, "Previous name")],
        initial=NameKind.ALIAS.value,
        widget=forms.RadioSelect(attrs={"inline": True, "small": True}),
        error_messages={"required": "Select the kind of name"},
    )
    given_names = forms.CharField(label="Given names", max_length=200, required=False)
    family_name = forms.CharField(label="Family name", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("given_names", "").strip() and not cleaned.get("family_name", "").strip():
            self.add_error("given_names", "Enter the name, or select Remove this name")
        return cleaned


class NamesForm(RowsForm):
    """The name in use, and the other names they are known by or used before."""

    prefix = "other"
    rows_class = _rows(OtherNameForm)

    class Main(VersionForm):
        given_names = forms.CharField(label="Given names", max_length=200, required=False)
        family_name = forms.CharField(label="Family name", max_length=200, required=False)

    def __init__(self, data: Any, *, person: Person) -> None:
        primary = person.names.filter(kind=NameKind.PRIMARY).order_by("id").first()
        initial = {"given_names": primary.given_names, "family_name": primary.family_name} if primary else {}
        self.primary_id = primary.pk if primary else None
        super().__init__(data, person=person, main=self.Main(data, person=person, initial=initial))

    def initial_rows(self, person: Person) -> list[dict[str, Any]]:
        others = person.names.exclude(kind=NameKind.PRIMARY).order_by("kind", "id")
        return [
            {"id": n.pk, "kind": n.kind, "given_names": n.given_names, "family_name": n.family_name} for n in others
        ]

    def check_whole(self) -> bool:
        main = self.main.cleaned_data
        if main["given_names"].strip() or main["family_name"].strip() or self.kept():
            return True
        self.main.add_error("given_names", "Enter the name they use, or a name they are known by")
        return False

    def entries(self) -> list[NameEntry]:
        main = self.main.cleaned_data
        names = []
        if main["given_names"].strip() or main["family_name"].strip():
            names.append(NameEntry(self.primary_id, NameKind.PRIMARY, main["given_names"], main["family_name"]))
        names += [NameEntry(r["id"], r["kind"], r["given_names"], r["family_name"]) for r in self.kept()]
        return names


IDENTIFIER_CHOICES = [(kind.value, IDENTIFIER_LABELS.get(kind.value, kind.value)) for kind in IdentifierKind]
IDENTIFIER_MISSING = {
    IdentifierKind.PASSPORT: "Enter the passport number",
    IdentifierKind.NI_NUMBER: "Enter the National Insurance number",
    IdentifierKind.PHONE: "Enter the phone number",
    IdentifierKind.EMAIL: "Enter the email address",
    IdentifierKind.SOCIAL: "Enter the social media handle",
    IdentifierKind.OTHER: "Enter the document number",
}
IDENTIFIER_FORMAT = {
    IdentifierKind.PASSPORT: "Enter a passport number in the correct format, like 502135326",
    IdentifierKind.NI_NUMBER: "Enter a National Insurance number in the correct format, like QQ 12 34 56 C",
    IdentifierKind.PHONE: "Enter a phone number in the correct format, like 07700 900 982",
    IdentifierKind.EMAIL: "Enter an email address in the correct format, like name@example.com",
    IdentifierKind.SOCIAL: "Enter a social media handle in the correct format, like @name",
    IdentifierKind.OTHER: "Enter a document number in the correct format, using letters and numbers",
}


class IdentifierForm(forms.Form):
    remove_label = "Remove this identifier"
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("", "Select the kind"), *IDENTIFIER_CHOICES], required=False)
    value = forms.CharField(label="Number, address or handle", max_length=200, required=False)
    country = forms.CharField(
        label="Issuing country (optional)", max_length=60, required=False, help_text="For a passport or other document"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, value = cleaned.get("kind"), cleaned.get("value", "").strip()
        if not kind:
            self.add_error("kind", "Select the kind of identifier")
        elif not value:
            self.add_error("value", IDENTIFIER_MISSING[IdentifierKind(kind)])
        elif normalise_identifier(kind, value) is None:
            self.add_error("value", IDENTIFIER_FORMAT[IdentifierKind(kind)])
        return cleaned


class IdentifiersForm(RowsForm):
    prefix = "identifier"
    rows_class = _rows(IdentifierForm)

    def initial_rows(self, person: Person) -> list[dict[str, Any]]:
        return [
            {"id": i.pk, "kind": i.kind, "value": i.value, "country": i.country}
            for i in person.identifiers.order_by("id")
        ]

    def entries(self) -> list[IdentifierEntry]:
        return [IdentifierEntry(r["id"], r["kind"], r["value"], r["country"]) for r in self.kept()]


CURRENT, PREVIOUS = "current", "previous"


class AddressForm(forms.Form):
    remove_label = "Remove this address"
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    address = forms.CharField(
        label="Address",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Building and street. For an address abroad, put its postcode here too.",
    )
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(
        label="UK postcode",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    current = forms.ChoiceField(
        label="Do they live there now?",
        choices=[(CURRENT, "Current address"), (PREVIOUS, "Previous address")],
        initial=CURRENT,
        widget=forms.RadioSelect(attrs={"inline": True, "small": True}),
        error_messages={"required": "Select whether this is their current or a previous address"},
    )

    def clean_postcode(self) -> str:
        written = self.cleaned_data.get("postcode", "").strip()
        if written and normalise_postcode(written) is None:
            raise forms.ValidationError("Enter a real UK postcode, like SW1A 1AA, or leave it blank")
        return written

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(str(cleaned.get(f, "")).strip() for f in ("address", "town", "postcode")) and not self.errors:
            self.add_error("address", "Enter the address, or select Remove this address")
        return cleaned


class AddressesForm(RowsForm):
    prefix = "address"
    rows_class = _rows(AddressForm)

    def initial_rows(self, person: Person) -> list[dict[str, Any]]:
        return [
            {
                "id": a.pk,
                "address": a.address,
                "town": a.town,
                "postcode": a.postcode,
                "current": CURRENT if a.current else PREVIOUS,
            }
            for a in person.addresses.order_by("-current", "id")
        ]

    def entries(self) -> list[AddressEntry]:
        return [
            AddressEntry(r["id"], r["address"], r["town"], r["postcode"], r["current"] == CURRENT) for r in self.kept()
        ]
