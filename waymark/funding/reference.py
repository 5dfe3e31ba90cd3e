"""Decision report reference numbers in the office's own format.

A format is text with placeholders: `{number}` (the report's sequence number in its year; `{number:03}`
pads it to three digits), `{yy}` (two-digit year) and `{yyyy}`. `{number:03}-{yy}` gives `153-22`;
`{number:03}/{yyyy}` gives `043/2021`. The sequence restarts each calendar year.
"""

from __future__ import annotations

import re

DEFAULT_FORMAT = "{number:03}-{yy}"

_PLACEHOLDER = re.compile(r"\{(number(?::0?(\d))?|yy|yyyy)\}")
_ANY_BRACE = re.compile(r"[{}]")


class BadFormat(ValueError):
    pass


def check(pattern: str) -> None:
    """Raise BadFormat with a user-facing sentence when the format cannot make references."""
    if not pattern.strip():
        raise BadFormat("Enter a reference format")
    if len(pattern) > 40:
        raise BadFormat("The reference format must be 40 characters or fewer")
    if "{number" not in pattern:
        raise BadFormat("The reference format must include {number}, so each report gets its own")
    leftover = _PLACEHOLDER.sub("", pattern)
    if _ANY_BRACE.search(leftover):
        raise BadFormat("Use only the placeholders {number}, {number:03}, {yy} and {yyyy}")


def make(pattern: str, *, number: int, year: int) -> str:
    check(pattern)

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "yy":
            return f"{year % 100:02d}"
        if name == "yyyy":
            return f"{year:04d}"
        width = int(match.group(2) or 0)
        return f"{number:0{width}d}" if width else str(number)

    return _PLACEHOLDER.sub(fill, pattern)
