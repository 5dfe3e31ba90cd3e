"""The referral pathway engine: facts about a potential victim in, the statutory route out.

Pure Python with no Django import, so the rules can be read, tested and reused on their own.
"""

from .decide import ACTION_ORDER, OWNERS, RULES_VERSION, Action, Decision, LocalSettings, Targets, decide
from .facts import Facts, FactsError

__all__ = [
    "ACTION_ORDER",
    "OWNERS",
    "RULES_VERSION",
    "Action",
    "Decision",
    "Facts",
    "FactsError",
    "LocalSettings",
    "Targets",
    "decide",
]
