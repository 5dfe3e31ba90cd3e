"""Northshire's funding demo data (owned by the demo helper; filled in by issue 8)."""

from __future__ import annotations


def seed_funding() -> int:
    return 0
