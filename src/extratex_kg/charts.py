"""Charts as inline SVG drawn on the server: bar, grouped bar and timeline, with no script.

Every chart can be read without seeing it: the SVG has a ``<title>`` and a ``<desc>`` (its text
alternative, every value in words), ``role="img"``, axis labels, and each value written as
text beside its bar or point. Colour is never the only cue: grouped bars name their series.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from extratex_kg.queries import Chart

WIDTH = 760
BAR = 20  # height of a bar, and of a timeline row
GAP = 10
CHAR = 7.4  # average width of a character at the font size, for laying out labels
LABEL = 46  # characters of a category label; longer ones are cut, whole in their tooltip
PALETTE = ("#1f5fa8", "#c2571a", "#2e7d32", "#7b3fa0", "#8a6d00", "#00798c")
_DATE = re.compile(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Bar:
    """One bar: its category, value, the text shown beside it, and its series (grouped bars)."""

    category: str
    value: float
    text: str
    series: str = ""


@dataclass(frozen=True)
class Event:
    """One point on a timeline: its label, when (a fractional year) and the date as text."""

    label: str
    when: float
    text: str


def chart_svg(
    chart: Chart, title: str, rows: Sequence[Mapping[str, object]], ident: str = "chart"
) -> str | None:
    """The chart a saved query's hint asks for, from its plain rows; None when nothing can be drawn."""
    axis = chart.axis or words(chart.value)
    if chart.type == "timeline":
        events = [e for row in rows if (e := _event(chart, row)) is not None]
        return timeline(title, events, words(chart.category), ident) if events else None
    bars = [b for row in rows if (b := _bar(chart, row)) is not None]
    if not bars:
        return None
    if chart.type == "grouped-bar":
        return grouped_bar_chart(title, bars, axis, words(chart.category), ident)
    return bar_chart(title, bars, axis, words(chart.category), ident)


def _bar(chart: Chart, row: Mapping[str, object]) -> Bar | None:
    value = row.get(chart.value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    text = row.get(chart.label) if chart.label else None
    series = str(row.get(chart.series) or "") if chart.series else ""
    return Bar(str(row.get(chart.category) or ""), float(value), str(text or number(value)), series)


def _event(chart: Chart, row: Mapping[str, object]) -> Event | None:
    when = fractional_year(str(row.get(chart.value) or ""))
    if when is None:
        return None
    text = row.get(chart.label) if chart.label else row.get(chart.value)
    return Event(str(row.get(chart.category) or ""), when, str(text))


def words(column: str) -> str:
    """A column name in words: ``countryName`` → ``country name``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", column).lower()


def fractional_year(value: str) -> float | None:
    """A date at its precision (``1972``, ``2007-04``, ``2009-03-23``) as a year with a fraction."""
    match = _DATE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return int(year) + (int(month) - 1) / 12 + (int(day) - 1) / 365.25


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high], about ``count`` of them."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = [start]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return [round(t, 10) for t in ticks]


class _Canvas:
    """An SVG under construction: a label column, a plot area and a text column on the right."""

    def __init__(self, labels: Sequence[str], texts: Sequence[str]) -> None:
        self.left = 16 + CHAR * min(LABEL, max((len(s) for s in labels), default=4))
        self.right = min(300.0, 24 + CHAR * max((len(s) for s in texts), default=4))
        self.plot = max(240.0, WIDTH - self.left - self.right)
        self.top = 16
        self.parts: list[str] = []

    def text(self, x: float, y: float, content: str, anchor: str = "start", extra: str = "") -> None:
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(content)}</text>'
        )

    def label(self, y: float, content: str) -> None:
        """A category label, right-aligned left of the plot; cut to LABEL characters, whole in a tooltip."""
        shown = content if len(content) <= LABEL else content[: LABEL - 1] + "…"
        self.parts.append(
            f'<text x="{self.left - 8:.1f}" y="{y:.1f}" text-anchor="end">'
            f"{escape(shown)}<title>{escape(content)}</title></text>"
        )

    def rect(self, x: float, y: float, width: float, height: float, fill: str) -> None:
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height}" fill="{fill}"/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = "#ccc") -> None:
        self.parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}"/>'
        )

    def axis(
        self, ticks: Sequence[float], scale: float, bottom: float, label: str, fmt: str = "number"
    ) -> None:
        """Grid lines with their values along the bottom, and the axis label under them."""
        for tick in ticks:
            x = self.left + (tick - ticks[0]) * scale
            self.line(x, self.top - 6, x, bottom)
            self.text(x, bottom + 16, number(tick) if fmt == "number" else str(int(tick)), "middle")
        self.line(self.left, bottom, self.left + (ticks[-1] - ticks[0]) * scale, bottom, "#555")
        self.text(self.left + self.plot / 2, bottom + 36, label, "middle", ' font-weight="bold"')

    def svg(self, title: str, description: str, height: float, ident: str) -> str:
        width = self.left + self.plot + self.right
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" aria-labelledby="{ident}-title {ident}-desc" '
            f'font-family="system-ui, sans-serif" font-size="13">'
            f'<title id="{ident}-title">{escape(title)}</title>'
            f'<desc id="{ident}-desc">{escape(description)}</desc>'
        )
        return head + "".join(self.parts) + "</svg>"


def bar_chart(title: str, bars: Sequence[Bar], axis: str, category_axis: str, ident: str = "chart") -> str:
    """Horizontal bars, one per category, each with its value (or stated words) beside it."""
    canvas = _Canvas([b.category for b in bars], [b.text for b in bars])
    ticks = nice_ticks(min(0.0, *(b.value for b in bars)), max(0.0, *(b.value for b in bars)))
    scale = canvas.plot / (ticks[-1] - ticks[0])
    for i, bar in enumerate(bars):
        y = canvas.top + i * (BAR + GAP)
        zero = canvas.left - ticks[0] * scale
        canvas.rect(min(zero, zero + bar.value * scale), y, abs(bar.value) * scale, BAR, PALETTE[0])
        canvas.label(y + BAR - 6, bar.category)
        canvas.text(zero + max(bar.value, 0) * scale + 6, y + BAR - 6, bar.text)
    bottom = canvas.top + len(bars) * (BAR + GAP)
    canvas.axis(ticks, scale, bottom, axis)
    spoken = "; ".join(f"{b.category}: {b.text}" for b in bars)
    description = f"Bar chart of {axis} by {category_axis}, {len(bars)} bars. {spoken}."
    return canvas.svg(title, description, bottom + 50, ident)


def grouped_bar_chart(
    title: str, bars: Sequence[Bar], axis: str, category_axis: str, ident: str = "chart"
) -> str:
    """Groups of horizontal bars, one group per category and one bar per series within it."""
    series = list(dict.fromkeys(b.series for b in bars))
    categories = list(dict.fromkeys(b.category for b in bars))
    texts = [f"{b.series}: {b.text}" for b in bars]
    canvas = _Canvas(categories, texts)
    canvas.top = 16 + 20 * len(series)
    ticks = nice_ticks(min(0.0, *(b.value for b in bars)), max(0.0, *(b.value for b in bars)))
    scale = canvas.plot / (ticks[-1] - ticks[0])
    for i, name in enumerate(series):  # the legend
        canvas.rect(canvas.left, 4 + 20 * i, 14, 14, PALETTE[i % len(PALETTE)])
        canvas.text(canvas.left + 20, 16 + 20 * i, name)
    y = float(canvas.top)
    zero = canvas.left - ticks[0] * scale
    for category in categories:
        group = [b for b in bars if b.category == category]
        canvas.label(y + BAR - 6, category)
        for bar in group:
            colour = PALETTE[series.index(bar.series) % len(PALETTE)]
            canvas.rect(min(zero, zero + bar.value * scale), y, abs(bar.value) * scale, BAR, colour)
            canvas.text(zero + max(bar.value, 0) * scale + 6, y + BAR - 6, f"{bar.series}: {bar.text}")
            y += BAR + 2
        y += GAP * 1.5
    canvas.axis(ticks, scale, y, axis)
    spoken = "; ".join(f"{b.category}, {b.series}: {b.text}" for b in bars)
    description = (
        f"Grouped bar chart of {axis} by {category_axis} and series ({', '.join(series)}). {spoken}."
    )
    return canvas.svg(title, description, y + 50, ident)


def timeline(title: str, events: Sequence[Event], category_axis: str, ident: str = "chart") -> str:
    """Events in time order along a horizontal axis of years, one row each, dated in words."""
    events = sorted(events, key=lambda e: (e.when, e.label))
    canvas = _Canvas([e.label for e in events], [e.text for e in events])
    low, high = math.floor(events[0].when), math.floor(events[-1].when) + 1
    ticks = nice_ticks(low, high, 6)
    scale = canvas.plot / (ticks[-1] - ticks[0])
    for i, event in enumerate(events):
        y = canvas.top + i * (BAR + GAP) + BAR / 2
        x = canvas.left + (event.when - ticks[0]) * scale
        canvas.line(canvas.left, y, x, y, "#9ab")
        canvas.parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{PALETTE[0]}"/>')
        canvas.label(y + 4, event.label)
        canvas.text(x + 10, y + 4, event.text)
    bottom = canvas.top + len(events) * (BAR + GAP)
    canvas.axis(ticks, scale, bottom, "Year", "year")
    spoken = "; ".join(f"{e.label}: {e.text}" for e in events)
    description = f"Timeline of {len(events)} dates by {category_axis}, oldest first. {spoken}."
    return canvas.svg(title, description, bottom + 50, ident)
