"""Who is who in a staff register, so that importing the same list again adds no duplicates.

A member of staff is identified within their organisation's register by the organisation's own
reference for them (a payroll or HR number) when there is one, otherwise by their name and job
title, compared without regard to case, accents, punctuation or spacing. So "Anne-Marie O'Neil,
Housing Officer" and "anne marie oneil, housing  officer" are the same person; two people of the same
name in the same job need references to be told apart.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, hyphens as spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.replace("-", " "))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _NOT_WORD.sub("", plain.casefold())).strip()


def identity_key(*, reference: str, full_name: str, job_title: str) -> str:
    """The register's uniqueness key: "ref:<reference>" or "name:<name>|<job title>"."""
    if reference.strip():
        return "ref:" + _SPACES.sub("", reference).casefold()
    return f"name:{fold(full_name)}|{fold(job_title)}"
