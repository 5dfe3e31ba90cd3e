"""The questions a member of the public answers to report modern slavery, with GOV.UK error wording
and our own size limits (the site-wide upload limit is far larger than any honest report)."""

from __future__ import annotations

from typing import Any

from django import forms

from waymark.partners.models import Partnership

from .vocabulary import SPOT_THE_SIGNS

WHAT_SEEN_MAX = 5000
WHERE_MAX = 500
WHEN_MAX = 200
NAME_MAX = 200
PHONE_MAX = 40
EMAIL_MAX = 254

PHONE_EXAMPLE = "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"


def too_long(what: str, limit: int) -> str:
    return f"{what} must be {limit:,} characters or fewer"


class PlainTextField(forms.CharField):
    """Text whose line breaks count once: browsers send each as two characters, but the GOV.UK
    character count shows them as one, and a person must not be refused for a limit they kept."""

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return text.replace("\r\n", "\n") if text else text


class ChooseAreaForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Where did you see this?",
        help_text="Choose the area where it happened. If you are not sure, choose the nearest.",
        queryset=Partnership.objects.order_by("name"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select where you saw this", "invalid_choice": "Select where you saw this"},
    )


class PublicReportForm(forms.Form):
    what_seen = PlainTextField(
        label="What did you see?",
        help_text="Tell us what happened and who was involved, and anything that worried you.",
        max_length=WHAT_SEEN_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what you saw", "max_length": too_long("What you saw", WHAT_SEEN_MAX)},
    )
    where = PlainTextField(
        label="Where did you see it?",
        help_text="For example, an address, a street, the name of a business or a landmark.",
        max_length=WHERE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter where you saw it", "max_length": too_long("Where you saw it", WHERE_MAX)},
    )
    when = forms.CharField(
        label="When did you see it? (optional)",
        help_text="For example, last Tuesday evening, or most mornings at about 6am.",
        max_length=WHEN_MAX,
        required=False,
        error_messages={"max_length": too_long("When you saw it", WHEN_MAX)},
    )
    signs_seen = forms.MultipleChoiceField(
        label="Which of these signs did you notice? (optional)",
        help_text="Select all that apply.",
        choices=[(key, heading) for key, (heading, _) in SPOT_THE_SIGNS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select the signs you noticed from the list"},
    )
    contact_name = forms.CharField(
        label="Your name",
        max_length=NAME_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"max_length": too_long("Your name", NAME_MAX)},
    )
    contact_phone = forms.RegexField(
        label="Phone number",
        regex=r"^[0-9+()\- ]*[0-9][0-9+()\- ]*$",
        max_length=PHONE_MAX,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}),
        error_messages={"invalid": PHONE_EXAMPLE, "max_length": too_long("Phone number", PHONE_MAX)},
    )
    contact_email = forms.EmailField(
        label="E-mail address",
        max_length=EMAIL_MAX,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
            "max_length": too_long("E-mail address", EMAIL_MAX),
        },
    )
    # The honeypot: hidden from people and from assistive technology, so only a robot fills it in.
    website = forms.CharField(label="Leave this empty", required=False)

    CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No maxlength attribute (GOV.UK advice): it cuts pasted text off without saying so. The
        # limits are checked here instead, with a message that says what to do.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def signs_with_hints(self) -> list[tuple[object, str]]:
        """Each sign's checkbox with the examples under its heading, for the hint beside it."""
        return [(choice, SPOT_THE_SIGNS[choice.data["value"]][1]) for choice in self["signs_seen"]]

    def contact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CONTACT_FIELDS]

    def is_from_a_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def answers(self) -> dict[str, Any]:
        """What to store: everything except the honeypot."""
        return {name: value for name, value in self.cleaned_data.items() if name != "website"}
