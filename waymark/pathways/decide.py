"""decide(facts, settings) -> Decision: the statutory route for a potential victim of modern slavery.

Every rule cites the section of DOMAIN.md (shared with the project) it comes from. Pure Python: no
Django. The order of actions is the order to do them in (DOMAIN.md 2, "Decision order").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from .facts import Facts
from .working_days import add_working_days

RULES_VERSION = "2026.11.2"

# The order codes take when several apply: what to do first comes first.
ACTION_ORDER = (
    "call_999",
    "children_social_care_referral",
    "age_assessment",
    "adult_safeguarding_concern",
    "police_report",
    "refer_to_first_responder",
    "nrm_referral",
    "ictg_referral",
    "duty_to_notify",
    "support_outside_nrm",
    "signpost_helpline",
)

# Who acts. The application maps each to an organisation from the partnership's settings.
OWNERS = (
    "referrer",
    "first_responder",
    "childrens_social_care",
    "adult_social_care",
    "police",
    "local_support_service",
)

HELPLINE = {"name": "Modern Slavery and Exploitation Helpline (24 hours)", "phone": "08000 121 700"}


@dataclass(frozen=True)
class Targets:
    """The partnership's own service standards, in working days. Not law: the law sets no deadline
    for making these referrals, so each partnership agrees its own (0 means the same working day)."""

    age_assessment: int = 5
    police_report: int = 1
    refer_to_first_responder: int = 1
    nrm_referral: int = 2
    ictg_referral: int = 2
    duty_to_notify: int = 2
    adult_safeguarding_concern: int = 0
    support_outside_nrm: int = 5
    signpost_helpline: int = 0


@dataclass(frozen=True)
class LocalSettings:
    """A partnership's local contacts (shown in explanations) and service standards."""

    childrens_social_care: str = ""
    adult_safeguarding: str = ""
    police: str = ""
    local_support_service: str = ""
    targets: Targets = field(default_factory=Targets)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> LocalSettings:
        contacts = dict(data or {})
        targets: Mapping[str, int] = contacts.pop("targets", None) or {}
        return cls(targets=Targets(**targets), **{k: str(v or "") for k, v in contacts.items()})


@dataclass(frozen=True)
class Action:
    code: str
    order: int
    owner: str
    due: str | None
    immediately: bool
    legal_basis: str
    explanation: str


@dataclass(frozen=True)
class Decision:
    rules_version: str
    treated_as_child: bool
    actions: list[Action]
    signposting: list[dict[str, str]]

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @property
    def codes(self) -> list[str]:
        return [a.code for a in self.actions]


def _contact(text: str) -> str:
    return f" Contact: {text}." if text else ""


def decide(facts: Facts, settings: LocalSettings | None = None, *, today: date | None = None) -> Decision:
    settings = settings or LocalSettings()
    decided_on = facts.decided_on or today or date.today()
    nation = facts.nation
    child = facts.treated_as_child
    fro = facts.referrer_is_first_responder is True
    # The organisation that makes the NRM referral: the referrer if it is a First Responder
    # Organisation, otherwise the one it hands the case to (DOMAIN.md 1.1, 1.2).
    referring_owner = "referrer" if fro else "first_responder"
    pending: list[tuple[str, str, bool, str, str]] = []  # code, owner, immediately, basis, explanation

    def add(code: str, owner: str, immediately: bool, basis: str, explanation: str) -> None:
        pending.append((code, owner, immediately, basis, explanation))

    if facts.immediate_danger:
        add(
            "call_999",
            "referrer",
            True,
            "Emergency response (DOMAIN.md 2, step 1)",
            "Someone is in immediate danger: call 999 now, before anything else. (DOMAIN.md 2, step 1)",
        )

    if child:
        guardian = (
            " In Northern Ireland the child is also entitled to an independent guardian (s21, 2015 Act)."
            if nation == "northern_ireland"
            else ""
        )
        add(
            "children_social_care_referral",
            "referrer",
            True,
            "Children Act 1989 s47 and s17 (DOMAIN.md 2, step 2)",
            "A child, or someone whose age is not known, must be referred to children's social care to be "
            "safeguarded before the NRM referral goes ahead. The local authority makes enquiries where there "
            f"is reasonable cause to suspect significant harm.{guardian}{_contact(settings.childrens_social_care)} "
            "(DOMAIN.md 1.3, 2)",
        )
        if facts.age_group == "unknown":
            add(
                "age_assessment",
                "childrens_social_care",
                False,
                "Local authority age assessment (DOMAIN.md 1.3, 2)",
                "Their age is not known, so the local authority assesses it. Until it decides, they are "
                "treated as a child. (DOMAIN.md 1.3)",
            )
    else:
        needs = facts.care_and_support_needs
        if needs is not False:
            maybe = (
                ""
                if needs
                else " Their care and support needs are not known yet: raise the concern if they may have any."
            )
            add(
                "adult_safeguarding_concern",
                "referrer",
                False,
                "Care Act 2014 s42 (DOMAIN.md 2, step 3)",
                "An adult with care and support needs who is experiencing, or at risk of, abuse (modern slavery "
                "is a category of abuse) and cannot protect themselves: raise an adult safeguarding concern with "
                f"the local authority, which must make enquiries.{maybe}{_contact(settings.adult_safeguarding)} "
                "(DOMAIN.md 2, step 3)",
            )
        if needs is not True:
            on_behalf = facts.cooperates_with_authorities is True
            how = (
                "on their behalf, as they are willing to co-operate"
                if on_behalf
                else "as an anonymous third-party report, as they have not agreed to co-operate"
            )
            add(
                "police_report",
                "referrer",
                False,
                "Referral to police for adults without care and support needs (DOMAIN.md 2, step 4)",
                f"Report to the police {how}. All cases should be referred to the police. For non-emergencies "
                f"call 101.{_contact(settings.police)} (DOMAIN.md 2, step 4)",
            )

    if not fro:
        add(
            "refer_to_first_responder",
            "referrer",
            False,
            "Only First Responder Organisations may refer into the NRM (DOMAIN.md 1.1, 1.2)",
            "Your organisation is not a First Responder Organisation, so it cannot refer into the National "
            "Referral Mechanism itself: pass the case to one (the police, the local authority, or a designated "
            "charity) without delay. (DOMAIN.md 1.2)",
        )

    support = {
        "england": "Adults in England and Wales get support through the Modern Slavery Victim Care Contract "
        "during a recovery period of at least 30 days. (DOMAIN.md 1.7, 1.8)",
        "wales": "Adults in England and Wales get support through the Modern Slavery Victim Care Contract "
        "during a recovery period of at least 30 days. (DOMAIN.md 1.7, 1.8)",
        "scotland": "Adults in Scotland get support for 90 days from a positive reasonable grounds decision, "
        "or until a conclusive determination if sooner. (DOMAIN.md 1.11)",
        "northern_ireland": "Adults in Northern Ireland get support from the Department of Justice for 45 days "
        "from the reasonable grounds determination, or longer if it decides. (DOMAIN.md 1.11)",
    }[nation]

    if child:
        add(
            "nrm_referral",
            referring_owner,
            False,
            "National Referral Mechanism; children need no consent (DOMAIN.md 1.3)",
            "Refer the child into the National Referral Mechanism after children's social care has been "
            "contacted. A child's consent is not needed. Children are supported by the local authority. "
            "(DOMAIN.md 1.3, 1.8)",
        )
        if facts.ictg_service_in_area and nation in ("england", "wales"):
            add(
                "ictg_referral",
                referring_owner,
                False,
                "Modern Slavery Act 2015 s48, Independent Child Trafficking Guardians (DOMAIN.md 1.10)",
                "An Independent Child Trafficking Guardian service operates here: refer the child to it as well "
                "as to the NRM (24-hour line 0800 043 4303). (DOMAIN.md 1.10)",
            )
    elif facts.consents_to_nrm:
        exploited_as_child = (
            " Record that they were under 18 during the exploitation: the Home Office form asks."
            if facts.under_18_during_exploitation
            else ""
        )
        add(
            "nrm_referral",
            referring_owner,
            False,
            "National Referral Mechanism with the adult's informed consent (DOMAIN.md 1.3)",
            "The adult has given informed consent: refer them into the National Referral Mechanism. "
            f"{support}{exploited_as_child} (DOMAIN.md 1.3)",
        )
    else:
        anonymous = (
            "They are willing to co-operate with the authorities, so their name and contact details may be included."
            if facts.cooperates_with_authorities
            else "Include only their gender and nationality: nothing that could identify them, as they have "
            "not consented."
        )
        if facts.referrer_is_public_authority and nation in ("england", "wales"):
            add(
                "duty_to_notify",
                "referrer",
                False,
                "Modern Slavery Act 2015 s52, Duty to Notify (DOMAIN.md 1.4)",
                "The adult has not consented to an NRM referral, and your organisation is a public authority "
                "under the Duty to Notify: notify the Home Office through the Duty to Notify form. "
                f"{anonymous} If they later consent, an NRM referral discharges the duty instead. (DOMAIN.md 1.3, 1.4)",
            )
        elif facts.referrer_is_public_authority and nation == "scotland":
            add(
                "duty_to_notify",
                "referrer",
                False,
                "Human Trafficking and Exploitation (Scotland) Act 2015 s38 (DOMAIN.md 1.11)",
                "In Scotland, named public bodies notify the Chief Constable of Police Scotland. "
                f"{anonymous} (DOMAIN.md 1.11)",
            )
        elif nation in ("england", "wales"):
            # The referrer is not under the duty, but the public authority it reports to is: the
            # council for an adult with care and support needs, otherwise the police (DOMAIN.md 1.4; 2, step 4).
            receiver = "adult_social_care" if facts.care_and_support_needs else "police"
            add(
                "duty_to_notify",
                receiver,
                False,
                "Modern Slavery Act 2015 s52, Duty to Notify (DOMAIN.md 1.4)",
                "The adult has not consented to an NRM referral. Your organisation is not under the Duty to "
                f"Notify, but the {'local authority' if receiver == 'adult_social_care' else 'police force'} "
                "you report to is, and notifies the Home Office through the Duty to Notify form. "
                f"{anonymous} (DOMAIN.md 1.4; 2, step 4)",
            )
        if facts.consents_to_nrm is False:
            add(
                "support_outside_nrm",
                "local_support_service",
                False,
                "Support for adults who decline the NRM (DOMAIN.md 1.3, 2)",
                "The adult has declined the National Referral Mechanism. Offer support outside it, and make sure "
                f"they know they can change their mind.{_contact(settings.local_support_service)} (DOMAIN.md 1.3, 2)",
            )

    if not fro or (not child and facts.consents_to_nrm is not True):
        add(
            "signpost_helpline",
            "referrer",
            False,
            "Advice and anonymous routes (DOMAIN.md 2, step 5)",
            "For advice at any time, call the Modern Slavery and Exploitation Helpline on 08000 121 700 "
            "(free, confidential, 24 hours). Give the person the number too: they may call anonymously. "
            "(DOMAIN.md 2, step 5)",
        )

    pending.sort(key=lambda item: ACTION_ORDER.index(item[0]))
    actions = []
    for order, (code, owner, immediately, basis, explanation) in enumerate(pending, start=1):
        due = decided_on if immediately else add_working_days(decided_on, getattr(settings.targets, code), nation)
        actions.append(Action(code, order, owner, due.isoformat(), immediately, basis, explanation))

    return Decision(RULES_VERSION, child, actions, _signposting(facts))


def _signposting(facts: Facts) -> list[dict[str, str]]:
    """Numbers to give the person or use for advice (DOMAIN.md 1.8, 1.10, 1.11, 2 step 5)."""
    items = [HELPLINE]
    if not facts.immediate_danger:
        items.append({"name": "Police non-emergency", "phone": "101"})
    items.append({"name": "Crimestoppers (100% anonymous)", "phone": "0800 555 111"})
    if facts.treated_as_child:
        if facts.ictg_service_in_area and facts.nation in ("england", "wales"):
            items.append(
                {"name": "Independent Child Trafficking Guardian service (24 hours)", "phone": "0800 043 4303"}
            )
    elif facts.nation in ("england", "wales"):
        items.append({"name": "The Salvation Army adult victim referral line (24 hours)", "phone": "0800 808 3733"})
    elif facts.nation == "scotland":
        items.append({"name": "TARA (women, sexual exploitation, 24 hours)", "phone": "0141 276 7724"})
        items.append({"name": "Migrant Help Scotland", "phone": "0141 884 7900"})
    else:
        items.append({"name": "Migrant Help Northern Ireland (men, labour exploitation)", "phone": "028 9244 8449"})
        items.append({"name": "Belfast and Lisburn Women's Aid", "phone": "028 9066 2385"})
    items.append({"name": "Gangmasters and Labour Abuse Authority (labour abuse)", "phone": "0800 432 0804"})
    return items
