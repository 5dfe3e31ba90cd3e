"""The words for support outside the NRM and for the supported person's feedback.

Needs and services share one list: the support the Modern Slavery Victim Care Contract offers
(DOMAIN.md 1.8), with "Other" for anything else.
"""

from __future__ import annotations

from django.db import models


class SupportKind(models.TextChoices):
    ACCOMMODATION = "accommodation", "Safe accommodation"
    PRACTICAL = "practical", "Practical help and advice"
    INTERPRETATION = "interpretation", "Interpretation and translation"
    FINANCIAL = "financial", "Financial support"
    HEALTHCARE = "healthcare", "Healthcare"
    LEGAL = "legal", "Specialist legal advice"
    EDUCATION = "education", "Education for school-aged dependent children"
    TRANSPORT = "transport", "Transport to appointments"
    FUTURE_PLANNING = "future_planning", "Future-planning support"
    OTHER = "other", "Other"


SUPPORT_LABELS = dict(SupportKind.choices)


def support_labels(codes: list[str]) -> list[str]:
    return [SUPPORT_LABELS.get(code, code) for code in codes]


# How far the person felt something, from 1 to 5: the words they are asked to choose from.
RATING_WORDS = {1: "Not at all", 2: "A little", 3: "Somewhat", 4: "Mostly", 5: "Completely"}
NOT_ANSWERED = "They did not want to answer"


def rating_words(value: int | None) -> str:
    return RATING_WORDS.get(value, NOT_ANSWERED) if value is not None else NOT_ANSWERED
