"""Whether a meeting is quorate: enough of the group's member organisations were present.

An organisation counts as present if any one of its representatives (or deputies) attended.
The group's quorum is a number of member organisations; where none is set, more than half of the
member organisations must be present.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Quoracy:
    members: int
    present: int
    required: int

    @property
    def is_quorate(self) -> bool:
        return self.members > 0 and self.present >= self.required


def required_present(members: int, quorum: int | None) -> int:
    """How many member organisations must be present: the quorum, or a majority (more than half)."""
    if quorum is None:
        return members // 2 + 1
    return quorum


def quoracy(members: Iterable[Hashable], present: Iterable[Hashable], quorum: int | None = None) -> Quoracy:
    """`members`: the member organisations; `present`: the organisations of the representatives who
    were present (repeats and non-members are ignored)."""
    member_set = set(members)
    present_members = set(present) & member_set
    return Quoracy(len(member_set), len(present_members), required_present(len(member_set), quorum))


def is_quorate(members: Iterable[Hashable], present: Iterable[Hashable], quorum: int | None = None) -> bool:
    return quoracy(members, present, quorum).is_quorate
