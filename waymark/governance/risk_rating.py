"""A risk's score (likelihood x impact, each 1 to 5) and its rating band.

DOMAIN.md sets no bands, so these follow the common 5x5 public-sector matrix:
1-4 low, 5-9 medium, 10-16 high, 20-25 very high (no product of two numbers from 1 to 5 falls
between 16 and 20).
"""

from __future__ import annotations

from enum import StrEnum

SCALE = range(1, 6)


class Band(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# (highest score in the band, band), lowest first
BANDS = ((4, Band.LOW), (9, Band.MEDIUM), (16, Band.HIGH), (25, Band.VERY_HIGH))


def score(likelihood: int, impact: int) -> int:
    if likelihood not in SCALE or impact not in SCALE:
        raise ValueError("Likelihood and impact are each from 1 to 5.")
    return likelihood * impact


def band(score_: int) -> Band:
    for highest, name in BANDS:
        if score_ <= highest:
            return name
    raise ValueError("A score is at most 25.")


def rating(likelihood: int, impact: int) -> tuple[int, Band]:
    value = score(likelihood, impact)
    return value, band(value)
