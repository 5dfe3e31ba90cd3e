"""Forms for recording a case's NRM referral, one topic per page. Each carries the version of the
record it started from, so a stale submission can be caught (services_nrm.StaleNRMRecord)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet

from waymark.core.forms import GovukDateField, PastDatesForm
from waymark.partners.models import Organisation

from . import nrm_rules
from .models import CompetentAuthority, ConclusiveOutcome, GroundsOutcome, NRMReferral


def _date_field(label: str, noun: str, *, required: bool = True, help_text: str = "") -> GovukDateField:
    return GovukDateField(
        label=label,
        required=required,
        help_text=help_text or "For example, 27 3 2026",
        error_messages={"required": f"Enter {noun}"},
    )


class NRMForm(PastDatesForm):
    """The version the user started from, and the check every date shares: not in the future."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": "This page is out of date. Go back to the NRM record and try again."},
    )

    def __init__(self, *args: Any, nrm: NRMReferral | None, **kwargs: Any) -> None:
        self.nrm = nrm
        kwargs.setdefault("initial", {}).setdefault("version", nrm.version if nrm else 0)
        super().__init__(*args, **kwargs)


class ReferralForm(NRMForm):
    referred_on = _date_field("Date of the referral", "the date of the referral")
    first_responder_organisation = forms.ModelChoiceField(
        label="First Responder Organisation that made the referral",
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the First Responder Organisation that made the referral"},
    )
    competent_authority = forms.ChoiceField(
        label="Competent authority deciding the case",
        choices=CompetentAuthority.choices,
        widget=forms.RadioSelect,
        help_text="The IECA decides for people in immigration detention, foreign national offenders and "
        "cases managed by the National Returns Command or the Third Country Unit; the SCA decides the rest.",
        error_messages={"required": "Select the competent authority deciding the case"},
    )
    home_office_reference = forms.CharField(
        label="Home Office reference (optional)", max_length=50, required=False, widget=forms.TextInput
    )

    def __init__(self, *args: Any, first_responders: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_responder_organisation"].queryset = first_responders  # type: ignore[attr-defined]


class RGDecisionForm(NRMForm):
    rg_decision_on = _date_field("Date of the reasonable grounds decision", "the date of the decision")
    rg_outcome = forms.ChoiceField(
        label="Outcome",
        choices=GroundsOutcome.choices,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether the decision was positive or negative"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.not_before("rg_decision_on", self.nrm.referred_on if self.nrm else None, "the date of the referral")
        return cleaned


class CGDecisionForm(NRMForm):
    cg_decision_on = _date_field("Date of the conclusive grounds decision", "the date of the decision")
    cg_outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the decision"},
    )

    def __init__(self, *args: Any, nation: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ConclusiveOutcome.choices)
        self.fields["cg_outcome"].choices = [(code, labels[code]) for code in nrm_rules.cg_outcomes(nation)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        rg_decision_on = self.nrm.rg_decision_on if self.nrm else None
        if rg_decision_on is None:
            self.add_error(
                "cg_decision_on", "Record the reasonable grounds decision before the conclusive grounds decision"
            )
        elif self.nrm and self.nrm.rg_outcome != "positive":
            # A negative reasonable grounds decision ends the NRM: there is no recovery period and no
            # conclusive grounds stage (DOMAIN.md 1.1, 1.7). A reconsideration may change that.
            self.add_error(
                "cg_decision_on",
                "The reasonable grounds decision was negative, so there is no conclusive grounds decision to record",
            )
        self.not_before("cg_decision_on", rg_decision_on, "the date of the reasonable grounds decision")
        return cleaned


class DutyToNotifyForm(NRMForm):
    duty_to_notify_sent_on = _date_field("Date the Duty to Notify was sent", "the date the Duty to Notify was sent")


class SupportReferralsForm(NRMForm):
    victim_care_contract_referred_on = _date_field(
        "Referred to the Modern Slavery Victim Care Contract (optional)",
        "",
        required=False,
        help_text="Adults in England and Wales, through The Salvation Army. For example, 27 3 2026",
    )
    accommodation_referred_on = _date_field("Referred for safe accommodation (optional)", "", required=False)
    ictg_referred_on = _date_field(
        "Referred to the Independent Child Trafficking Guardian service (optional)",
        "",
        required=False,
        help_text="Children, where the service operates, in addition to the NRM referral. For example, 27 3 2026",
    )


RECONSIDERATION_DECISIONS = [("rg", "Reasonable grounds decision"), ("cg", "Conclusive grounds decision")]


class ReconsiderationRequestForm(NRMForm):
    decision = forms.ChoiceField(
        label="Which decision should be reconsidered?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select which decision should be reconsidered"},
    )
    requested_on = _date_field("Date of the request", "the date of the request")
    requested_by = forms.ModelChoiceField(
        label="Organisation asking for the reconsideration",
        queryset=Organisation.objects.none(),
        help_text="It must be the first responder or the support provider involved in the case.",
        error_messages={"required": "Select the organisation asking for the reconsideration"},
    )
    reason = forms.CharField(
        label="Why the decision should be reconsidered (optional)", required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requested_by"].queryset = organisations  # type: ignore[attr-defined]
        decided = {"rg": bool(self.nrm and self.nrm.rg_decision_on), "cg": bool(self.nrm and self.nrm.cg_decision_on)}
        self.fields["decision"].choices = [(code, label) for code, label in RECONSIDERATION_DECISIONS if decided[code]]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.nrm:
            decided_on = {"rg": self.nrm.rg_decision_on, "cg": self.nrm.cg_decision_on}.get(cleaned.get("decision", ""))
            self.not_before("requested_on", decided_on, "the date of the decision")
            # Only the first responder or the support provider may ask (DOMAIN.md 1.6).
            allowed = {
                self.nrm.first_responder_organisation_id,
                self.nrm.case.partnership.local_support_organisation_id,
            }
            asker = cleaned.get("requested_by")
            if asker is not None and asker.pk not in allowed - {None}:
                self.add_error(
                    "requested_by",
                    "Select the first responder or the support provider: only they may ask for a reconsideration",
                )
        return cleaned


class ReconsiderationResultForm(NRMForm):
    decided_on = _date_field("Date of the result", "the date of the result")
    upheld = forms.TypedChoiceField(
        label="Does the original decision stand?",
        choices=[("yes", "Yes, the original decision stands"), ("no", "No, the decision was changed")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the original decision stands"},
    )

    def __init__(self, *args: Any, requested_on: date, **kwargs: Any) -> None:
        self.requested_on = requested_on
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.not_before("decided_on", self.requested_on, "the date of the request")
        return cleaned
