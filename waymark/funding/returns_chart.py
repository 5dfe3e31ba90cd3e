"""The returns chart: the geometry of a column chart of one measure over a grant's reporting periods
(a column per period, its figure written above it, the target as a dashed line), drawn as inline SVG
by templates/funding/_grant_returns.html (no JavaScript). The tables below it hold the same figures
and are the primary content; the chart is an extra.

Pure Python."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

WIDTH = 640
LEGEND_HEIGHT = 50  # the title, and the key saying what the dashes are
VALUE_SPACE = 24  # above the tallest column, for its figure
PLOT_HEIGHT = 160
LABEL_LINE = 18  # each of the two lines naming a period
COLUMN_MAX = 64
NOT_REPORTED = "–"


@dataclass(frozen=True)
class Column:
    x: int
    y: int
    width: int
    height: int
    centre: int
    value_text: str
    value_y: int
    label_lines: tuple[tuple[str, int], ...]  # (text, y) of the period's name, under the baseline


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    baseline_y: int
    columns: tuple[Column, ...]
    target_y: int | None
    target_text: str
    title_y: int
    key_y: int  # the line under the title saying what the dashes are


def period_label(start: date, end: date) -> tuple[str, str]:
    """A period's name in two short lines: "Apr–Jun" and "2026"; "Jan" and "2027"; "Oct–Mar" and
    "2026–27"."""
    first, last = calendar.month_abbr[start.month], calendar.month_abbr[end.month]
    months = first if (start.year, start.month) == (end.year, end.month) else f"{first}–{last}"
    years = str(start.year) if start.year == end.year else f"{start.year}–{end.year % 100:02d}"
    return months, years


def scale_top(highest: int) -> int:
    """The figure at the top of the plot: a round number with room above the highest figure (so its
    label clears the top), 1, 2, 3, 4, 5, 6 or 8 times a power of ten."""
    wanted = max(highest, 0) * 1.1
    power = 1
    while True:
        for multiple in (1, 2, 3, 4, 5, 6, 8):
            if multiple * power >= wanted:
                return multiple * power
        power *= 10


def column_chart(
    chart_id: str, title: str, periods: list[tuple[tuple[str, str], int | None]], target: int | None
) -> Chart:
    """periods: (the period's two-line name, the figure reported or None) in order."""
    top = scale_top(max([value or 0 for _, value in periods] + [target or 0]))
    plot_top = LEGEND_HEIGHT + VALUE_SPACE
    baseline = plot_top + PLOT_HEIGHT
    slot = WIDTH / max(len(periods), 1)
    width = int(min(COLUMN_MAX, slot * 0.6))
    columns = []
    for index, (lines, value) in enumerate(periods):
        centre = int(slot * index + slot / 2)
        height = round(PLOT_HEIGHT * (value or 0) / top)
        columns.append(
            Column(
                x=centre - width // 2,
                y=baseline - height,
                width=width,
                height=height,
                centre=centre,
                value_text=NOT_REPORTED if value is None else f"{value:,}",
                value_y=baseline - height - 6,
                label_lines=tuple((line, baseline + LABEL_LINE * (n + 1)) for n, line in enumerate(lines)),
            )
        )
    target_y = None if target is None else baseline - round(PLOT_HEIGHT * target / top)
    target_text = f"Target for each period: {target:,}" if target is not None else ""
    said = "; ".join(
        f"{' '.join(lines)}: {'not reported' if value is None else f'{value:,}'}" for lines, value in periods
    )
    description = f"{said or 'No periods'}." + (f" Target for each period: {target:,}." if target is not None else "")
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=baseline + LABEL_LINE * 2 + 8,
        baseline_y=baseline,
        columns=tuple(columns),
        target_y=target_y,
        target_text=target_text,
        title_y=18,
        key_y=42,
    )
