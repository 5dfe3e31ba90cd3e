"""The cohort tool: from five questions about someone's job, the training cohort they belong in and
why; and the default levels and cohorts a new partnership starts with (it may edit them).

The rules, first match wins:

1. An elected member goes to the elected members cohort, whatever else is true.
2. Someone with first responder duties (they make NRM referrals) needs level 3.
3. A specialist (safeguarding or modern slavery lead, investigator, advocate) needs level 3.
4. A strategic leader (director, head of service, board member) needs the strategic level.
5. Someone with safeguarding responsibilities needs level 2, however little they meet the public.
6. Otherwise how often they meet the public decides: as the main part of the job or regularly,
   level 2; occasionally, level 1 refreshed more often; rarely or never, level 1.

Levels follow the three tiers of the Skills for Care modern slavery framework (1 awareness,
2 identification and referral, 3 first responder and specialist) plus a strategic level that stands
apart from them. The reason names the level the partnership's own cohort requires, so that it stays
true after the partnership edits its cohorts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class RoleType(StrEnum):
    STRATEGIC_LEADER = "strategic_leader"
    MANAGER = "manager"
    PRACTITIONER = "practitioner"
    SPECIALIST = "specialist"
    SUPPORT = "support"
    VOLUNTEER = "volunteer"


ROLE_TYPE_LABELS: dict[str, str] = {
    RoleType.STRATEGIC_LEADER: "Strategic leader (director, head of service, board member)",
    RoleType.MANAGER: "Manager or team leader",
    RoleType.PRACTITIONER: "Frontline practitioner or officer",
    RoleType.SPECIALIST: "Specialist (safeguarding or modern slavery lead, investigator, advocate)",
    RoleType.SUPPORT: "Administrative, technical or support role",
    RoleType.VOLUNTEER: "Volunteer",
}


class PublicContact(StrEnum):
    NEVER = "never"
    OCCASIONALLY = "occasionally"
    REGULARLY = "regularly"
    MAIN_PART = "main_part"


PUBLIC_CONTACT_LABELS: dict[str, str] = {
    PublicContact.NEVER: "Never or almost never",
    PublicContact.OCCASIONALLY: "Occasionally",
    PublicContact.REGULARLY: "Regularly",
    PublicContact.MAIN_PART: "It is the main part of the job",
}


class CohortKey(StrEnum):
    ELECTED_MEMBERS = "elected_members"
    STRATEGIC_LEADERS = "strategic_leaders"
    FIRST_RESPONDERS = "first_responders"
    FRONTLINE_REGULAR = "frontline_regular"
    OCCASIONAL_CONTACT = "occasional_contact"
    LITTLE_CONTACT = "little_contact"


STRATEGIC_LEVEL = 4


@dataclass(frozen=True)
class DefaultLevel:
    number: int
    name: str
    description: str
    learning_outcomes: str
    is_standalone: bool = False


@dataclass(frozen=True)
class DefaultCohort:
    key: CohortKey
    name: str
    description: str
    role_types: tuple[RoleType, ...]
    public_contact: PublicContact | None
    required_level: int
    refresh_months: int | None
    is_elected_members: bool = False


DEFAULT_LEVELS = (
    DefaultLevel(
        1,
        "Awareness",
        "For everyone: what modern slavery is and what to do if you are worried.",
        "Describe the main types of modern slavery and exploitation.\n"
        "Recognise common signs that someone may be a victim.\n"
        "Know who to tell in your organisation and how to report a concern.",
    ),
    DefaultLevel(
        2,
        "Identification and referral",
        "For staff who meet the public or hold safeguarding responsibilities.",
        "Spot the signs in the people you work with and ask safe questions.\n"
        "Follow the local referral routes: safeguarding, the police and the National Referral Mechanism.\n"
        "Explain consent, the Duty to Notify and what support a victim can expect.",
    ),
    DefaultLevel(
        3,
        "First responder and specialist",
        "For first responders and specialists who refer into the National Referral Mechanism.",
        "Complete a National Referral Mechanism referral or Duty to Notify with good evidence.\n"
        "Work with victims in a trauma-informed way, with interpreters where needed.\n"
        "Coordinate with partners on safety planning, immigration and support.",
    ),
    DefaultLevel(
        STRATEGIC_LEVEL,
        "Strategic",
        "For leaders and elected members who set direction and hold partners to account.",
        "Explain the partnership's statutory duties and the Modern Slavery Act 2015.\n"
        "Use data and the action plan to scrutinise the local response.\n"
        "Address modern slavery risks in procurement and supply chains.",
        is_standalone=True,
    ),
)

DEFAULT_COHORTS = (
    DefaultCohort(
        CohortKey.ELECTED_MEMBERS,
        "Elected members",
        "Councillors and other elected representatives.",
        (),
        None,
        STRATEGIC_LEVEL,
        48,
        is_elected_members=True,
    ),
    DefaultCohort(
        CohortKey.STRATEGIC_LEADERS,
        "Strategic leaders",
        "Directors, heads of service and board members.",
        (RoleType.STRATEGIC_LEADER,),
        None,
        STRATEGIC_LEVEL,
        36,
    ),
    DefaultCohort(
        CohortKey.FIRST_RESPONDERS,
        "First responders and specialists",
        "Staff who make National Referral Mechanism referrals, and specialist leads and investigators.",
        (RoleType.SPECIALIST,),
        None,
        3,
        24,
    ),
    DefaultCohort(
        CohortKey.FRONTLINE_REGULAR,
        "Frontline staff with regular public contact",
        "Staff who meet the public regularly or as the main part of their job, or who hold "
        "safeguarding responsibilities.",
        (RoleType.PRACTITIONER, RoleType.MANAGER, RoleType.VOLUNTEER),
        PublicContact.REGULARLY,
        2,
        24,
    ),
    DefaultCohort(
        CohortKey.OCCASIONAL_CONTACT,
        "Staff with occasional public contact",
        "Staff who sometimes meet the public.",
        (RoleType.MANAGER, RoleType.SUPPORT, RoleType.VOLUNTEER),
        PublicContact.OCCASIONALLY,
        1,
        24,
    ),
    DefaultCohort(
        CohortKey.LITTLE_CONTACT,
        "Staff with little or no public contact",
        "Staff who rarely or never meet the public.",
        (RoleType.SUPPORT,),
        PublicContact.NEVER,
        1,
        36,
    ),
)


def level_label(number: int) -> str:
    return "the strategic level" if number == STRATEGIC_LEVEL else f"level {number}"


# What each default cohort needs, in words, for the reason: "First responder duties: needs level 3".
DEFAULT_NEEDS: dict[str, str] = {c.key: level_label(c.required_level) for c in DEFAULT_COHORTS}


@dataclass(frozen=True)
class Answers:
    """The questionnaire, as a training lead answers it for one person."""

    role_type: RoleType
    public_contact: PublicContact
    safeguarding_responsibilities: bool = False
    first_responder_duties: bool = False
    elected_member: bool = False


@dataclass(frozen=True)
class Suggestion:
    cohort_key: CohortKey
    reason: str


def _why(answers: Answers) -> tuple[CohortKey, str]:
    if answers.elected_member:
        return CohortKey.ELECTED_MEMBERS, "Elected member"
    if answers.first_responder_duties:
        return CohortKey.FIRST_RESPONDERS, "First responder duties"
    if answers.role_type == RoleType.SPECIALIST:
        return CohortKey.FIRST_RESPONDERS, "Specialist role"
    if answers.role_type == RoleType.STRATEGIC_LEADER:
        return CohortKey.STRATEGIC_LEADERS, "Strategic leader"
    if answers.safeguarding_responsibilities:
        return CohortKey.FRONTLINE_REGULAR, "Safeguarding responsibilities"
    if answers.public_contact == PublicContact.MAIN_PART:
        return CohortKey.FRONTLINE_REGULAR, "Meets the public as the main part of the job"
    if answers.public_contact == PublicContact.REGULARLY:
        return CohortKey.FRONTLINE_REGULAR, "Meets the public regularly"
    if answers.public_contact == PublicContact.OCCASIONALLY:
        return CohortKey.OCCASIONAL_CONTACT, "Meets the public occasionally"
    return CohortKey.LITTLE_CONTACT, "Rarely or never meets the public"


def suggest_cohort(answers: Answers, needs: Mapping[str, str] = DEFAULT_NEEDS) -> Suggestion:
    """The cohort for these answers, with the reason in plain English. `needs` says in words what
    each cohort requires in this partnership (cohort key -> "level 3"); a cohort missing from it is
    named without a level."""
    key, why = _why(answers)
    need = needs.get(key)
    return Suggestion(key, f"{why}: needs {need}" if need else why)
