"""The compliance chart: the geometry of a horizontal bar chart of the share of each cohort trained,
drawn as inline SVG by templates/training/_compliance_chart.html (no JavaScript). The table beside
it holds the same numbers and is the primary content; the chart is an extra."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640
BAR_MAX = 500  # the width of a 100% bar; the percentage is written to its right
LABEL_LINE = 20  # the height of a line of the cohort's name
BAR_HEIGHT = 22
GAP = 18
LABEL_CHARACTERS = 70


@dataclass(frozen=True)
class Bar:
    label_lines: tuple[tuple[str, int], ...]  # (text, y) of each line of the cohort's name
    bar_y: int
    bar_width: int
    text: str
    text_x: int
    text_y: int


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    width: int
    height: int
    bar_max: int
    bars: tuple[Bar, ...]


def bar_width(share: Decimal | None) -> int:
    if share is None:
        return 0
    return round(BAR_MAX * min(max(share, Decimal(0)), Decimal(100)) / 100)


def bar_chart(title: str, rows: list[tuple[str, Decimal | None, str]]) -> Chart:
    """rows: (cohort name, share trained, the share as written). Each cohort's name sits above its
    bar, wrapped onto two lines at most."""
    bars = []
    y = 0
    for name, share, text in rows:
        lines = textwrap.wrap(name, LABEL_CHARACTERS, max_lines=2, placeholder="…") or [""]
        label_lines = []
        for line in lines:
            y += LABEL_LINE
            label_lines.append((line, y - 5))
        bar_y = y + 4
        width = bar_width(share)
        bars.append(
            Bar(
                label_lines=tuple(label_lines),
                bar_y=bar_y,
                bar_width=width,
                text=text,
                text_x=width + 8,
                text_y=bar_y + BAR_HEIGHT - 6,
            )
        )
        y = bar_y + BAR_HEIGHT + GAP
    description = "; ".join(f"{name}: {text}" for name, _, text in rows) or "No cohorts"
    return Chart(title, description + ".", WIDTH, max(y, 40), BAR_MAX, tuple(bars))
