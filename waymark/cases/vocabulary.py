"""The words cases are recorded in: the Home Office form's exploitation types and their statistics
categories, the ILO and UK "spot the signs" indicators, and gender (DOMAIN.md 3)."""

from __future__ import annotations

from django.db import models


class ExploitationType(models.TextChoices):
    """The Home Office NRM form's "types of exploitation" checklist, in its own words (DOMAIN.md 3.2)."""

    FORCED_TO_WORK = "forced-to-work", "Forced to work for nothing or almost nothing"
    WAGES_TAKEN = "wages-taken", "Wages taken by force or coercion"
    FRAUD = "forced-to-commit-fraud", "Forced to commit fraud (for example benefits)"
    PROSTITUTION = "prostitution", "Forced into prostitution"
    CHILD_SEXUAL = "child-exploitation", "Child sexual exploitation"
    TAKEN_SOMEWHERE = "taken-somewhere", "Taken somewhere, held against their will and sexually assaulted"
    CRIME = "forced-to-commit-crime", "Forced to commit a crime (cannabis growing, drug dealing, begging, county lines)"
    ORGANS = "organs-removed", "Organs removed against their will"
    HOUSEHOLD = "unpaid-household-work", "Forced to do unpaid or low-paid household work"
    OTHER = "other", "Other"


# Each form type's category in the Home Office statistics (DOMAIN.md 3.3).
STATISTICS_CATEGORY = {
    ExploitationType.FORCED_TO_WORK: "Labour",
    ExploitationType.WAGES_TAKEN: "Labour",
    ExploitationType.FRAUD: "Criminal",
    ExploitationType.PROSTITUTION: "Sexual",
    ExploitationType.CHILD_SEXUAL: "Sexual",
    ExploitationType.TAKEN_SOMEWHERE: "Sexual",
    ExploitationType.CRIME: "Criminal",
    ExploitationType.ORGANS: "Organ Harvesting",
    ExploitationType.HOUSEHOLD: "Domestic",
    ExploitationType.OTHER: "Not specified or unknown",
}
# The order the statistics name categories in combinations, e.g. "Sexual, Labour & Criminal".
CATEGORY_ORDER = ("Sexual", "Labour", "Domestic", "Criminal", "Organ Harvesting")


def statistics_category(types: list[str]) -> str:
    """The Home Office statistics label for a set of form types, e.g. ["prostitution", "forced-to-work"]
    gives "Sexual & Labour"; none, or only "other", gives "Not specified or unknown"."""
    categories = {STATISTICS_CATEGORY[ExploitationType(t)] for t in types} & set(CATEGORY_ORDER)
    named = [c for c in CATEGORY_ORDER if c in categories]
    if not named:
        return "Not specified or unknown"
    if len(named) == 1:
        return named[0]
    return ", ".join(named[:-1]) + " & " + named[-1]


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "They do not identify as male or female"
    UNKNOWN = "unknown", "Not known"


# ILO indicators of forced labour, exact list (DOMAIN.md 3.1).
ILO_INDICATORS = {
    "ilo-abuse-of-vulnerability": "Abuse of vulnerability",
    "ilo-deception": "Deception",
    "ilo-restriction-of-movement": "Restriction of movement",
    "ilo-isolation": "Isolation",
    "ilo-violence": "Physical and sexual violence",
    "ilo-intimidation": "Intimidation and threats",
    "ilo-identity-documents": "Retention of identity documents",
    "ilo-withholding-wages": "Withholding of wages",
    "ilo-debt-bondage": "Debt bondage",
    "ilo-conditions": "Abusive working and living conditions",
    "ilo-overtime": "Excessive overtime",
}

# The UK "spot the signs" headings, with the signs under each (DOMAIN.md 3.2).
SPOT_THE_SIGNS = {
    "signs-physical-appearance": (
        "Physical appearance",
        "Signs of physical or psychological abuse; malnourished or unkempt; withdrawn, neglected; untreated injuries",
    ),
    "signs-isolation": (
        "Isolation",
        "Rarely allowed to travel alone; under the control or influence of others; rarely interacts; "
        "unfamiliar with neighbourhood or workplace",
    ),
    "signs-living-conditions": (
        "Poor living conditions",
        "Dirty, cramped or overcrowded accommodation; living and working at the same address",
    ),
    "signs-restricted-freedom": (
        "Few or no personal effects, or restricted freedom of movement",
        "No ID documents; few possessions; same clothes every day; clothes unsuitable for the work; "
        "documents held by others; little opportunity to move freely",
    ),
    "signs-unusual-travel": (
        "Unusual travel times",
        "Dropped off or collected for work very early or late at night, on a regular basis",
    ),
    "signs-reluctance": (
        "Reluctance to seek help",
        "Avoids eye contact; frightened or hesitant to talk to strangers; fear of law enforcers, deportation, "
        "or violence to self or family",
    ),
}

INDICATOR_LABELS = {**ILO_INDICATORS, **{k: label for k, (label, _) in SPOT_THE_SIGNS.items()}}


class ExploitationLocation(models.TextChoices):
    UK = "uk", "In the UK"
    OVERSEAS = "overseas", "Overseas"
    BOTH = "uk_and_overseas", "In the UK and overseas"
    UNKNOWN = "unknown", "Not known"
