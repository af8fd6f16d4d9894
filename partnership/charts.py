"""Charts drawn on the server as inline SVG: horizontal bars, columns over time and the
34-province tile map.

The module knows no domain app: a view (or the app's selectors) passes plain numbers and
labels, a builder here turns them into geometry, and `{% chart c %}` (partnership/
templatetags/charts.py) draws it with `templates/charts/<kind>.html`. Every chart is an
`<svg role="img">` named by its title, followed by the same figures as a table for screen
readers and anyone who would rather read them. The SVG scales with its `viewBox` (no fixed
width), so it fits a 375 px phone; every bar, column and tile carries its number, so no
figure is told by colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.text import slugify

from partnership.organisations.provinces import TILES
from partnership.text import fold

Number = int | float | Decimal
Label = str | Promise


def fmt(value: Number | None, suffix: str = "") -> str:
    """1234.5 -> "1.234,5" in Vietnamese: the figure as the tables print it."""
    if value is None:
        return "–"
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    places = None if isinstance(value, int) else 2
    text = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    if places:
        text = text.rstrip("0").rstrip(",.")
    return f"{text}{suffix}"


def anchor(name: str, prefix: str = "province") -> str:
    """Đà Nẵng -> province-da-nang: the id of a table row a tile or bar links to."""
    return f"{prefix}-{slugify(fold(name))}"


# --- Horizontal bars ---------------------------------------------------------------------

WIDTH = 360  # viewBox width of every chart; CSS scales it to the column
BAR_ROW = 34  # a label line above each bar, then the bar
BAR_HEIGHT = 14
VALUE_ROOM = 56  # right of the longest bar, for its number


@dataclass
class Bar:
    label: Label
    value: Number | None
    text: str
    y: int
    width: float
    href: str = ""


@dataclass
class BarChart:
    title: Label
    bars: list[Bar]
    value_label: Label
    label_heading: Label
    height: int
    width: int = WIDTH
    id: str = "chart"
    template: str = "charts/bars.html"

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT

    @property
    def is_empty(self) -> bool:
        return not self.bars


def bar_chart(
    rows: Sequence[tuple[Label, Number | None]],
    *,
    key: str,
    title: Label,
    label_heading: Label,
    value_label: Label,
    suffix: str = "",
    max_value: Number | None = None,
    hrefs: Sequence[str] | None = None,
) -> BarChart:
    """One bar per (label, value); the longest bar is the largest value, or `max_value`
    (100 for rates). A value of None draws no bar and reads "–"."""
    values = [float(v) for _, v in rows if v is not None]
    top = float(max_value) if max_value is not None else max(values, default=0.0)
    span = WIDTH - VALUE_ROOM
    bars = []
    for index, (label, value) in enumerate(rows):
        length = 0.0
        if value is not None and top > 0:
            length = round(span * max(0.0, min(float(value), top)) / top, 1)
        bars.append(
            Bar(
                label=label,
                value=value,
                text=fmt(value, suffix),
                y=index * BAR_ROW,
                width=length,
                href=hrefs[index] if hrefs else "",
            )
        )
    return BarChart(
        id=f"chart-{key}",
        title=title,
        bars=bars,
        value_label=value_label,
        label_heading=label_heading,
        height=max(len(bars) * BAR_ROW, BAR_ROW),
    )


# --- Columns over time -------------------------------------------------------------------

PLOT_LEFT = 44  # room for the axis figures
PLOT_TOP = 22  # room above the tallest column for its figure
PLOT_HEIGHT = 150
AXIS_ROOM = 24  # below the plot, for the period labels
MAX_STEP = 48  # a few columns stay columns, not a wall
EACH_FIGURE = 26  # columns at least this wide carry their own figure; narrower, the last only


@dataclass
class Column:
    label: Label
    value: Number
    text: str
    x: float
    y: float
    width: float
    height: float
    href: str = ""


@dataclass
class Tick:
    x: float
    label: Label


@dataclass
class ColumnChart:
    title: Label
    columns: list[Column]
    ticks: list[Tick]
    period_heading: Label
    value_label: Label
    axis_max: str
    target: Number | None = None
    target_text: str = ""
    target_y: float | None = None
    target_label: Label = ""
    width: int = WIDTH
    plot_left: int = PLOT_LEFT
    plot_top: int = PLOT_TOP
    plot_bottom: int = PLOT_TOP + PLOT_HEIGHT
    height: int = PLOT_TOP + PLOT_HEIGHT + AXIS_ROOM
    id: str = "chart"
    template: str = "charts/columns.html"

    @property
    def is_empty(self) -> bool:
        return not self.columns

    @property
    def last(self) -> Column | None:
        return self.columns[-1] if self.columns else None

    @property
    def labels(self) -> list[tuple[float, float, str, str]]:
        """(x, y, text-anchor, figure) written above columns: over each one when they are
        wide enough, else over the last only, ending at its right edge (never past the
        chart's)."""
        if self.columns and self.columns[0].width + 2 >= EACH_FIGURE:
            return [(round(c.x + c.width / 2, 1), c.y - 5, "middle", c.text) for c in self.columns]
        return [(round(c.x + c.width, 1), c.y - 5, "end", c.text) for c in self.columns[-1:]]


def column_chart(
    points: Sequence[tuple[Label, Number]],
    *,
    key: str,
    title: Label,
    period_heading: Label,
    value_label: Label,
    ticks: Mapping[int, Label] | None = None,
    target: Number | None = None,
    target_label: Label = "",
) -> ColumnChart:
    """One column per (period, value) in order, with an optional target drawn as a dashed
    line; `ticks` names some periods under the axis (index -> label), all of them if None."""
    top = max([float(v) for _, v in points] + [float(target or 0)], default=0.0)
    span = WIDTH - PLOT_LEFT - 4
    step = min(span / len(points), MAX_STEP) if points else span
    gap = min(2.0, step / 5) if step < MAX_STEP else step / 3

    def y_of(value: float) -> float:
        if top <= 0:
            return PLOT_TOP + PLOT_HEIGHT
        return round(PLOT_TOP + PLOT_HEIGHT * (1 - max(0.0, value) / top), 1)

    columns = []
    for index, (label, value) in enumerate(points):
        y = y_of(float(value))
        columns.append(
            Column(
                label=label,
                value=value,
                text=fmt(value),
                x=round(PLOT_LEFT + index * step + gap / 2, 1),
                y=y,
                width=round(step - gap, 1),
                height=round(PLOT_TOP + PLOT_HEIGHT - y, 1),
            )
        )
    named = ticks if ticks is not None else {i: label for i, (label, _) in enumerate(points)}
    return ColumnChart(
        id=f"chart-{key}",
        title=title,
        columns=columns,
        ticks=[Tick(x=round(PLOT_LEFT + i * step, 1), label=label) for i, label in named.items()],
        period_heading=period_heading,
        value_label=value_label,
        axis_max=fmt(top if top > 0 else 0),
        target=target,
        target_text=fmt(target) if target is not None else "",
        target_y=y_of(float(target)) if target is not None else None,
        target_label=target_label,
    )


# --- The 34-province tile map ------------------------------------------------------------

TILE_W = 64
TILE_H = 44
TILE_GAP = 4
SHADES = 4  # shade-0 (nothing) to shade-4 (the most)


@dataclass
class Tile:
    name: str
    code: str
    x: int
    y: int
    value: Number
    text: str
    shade: int
    href: str = ""

    @property
    def label(self) -> str:
        return self.name


@dataclass
class TileMap:
    id: str
    title: Label
    tiles: list[Tile]
    name_heading: Label
    value_label: Label
    tile_width: int = TILE_W
    tile_height: int = TILE_H
    template: str = "charts/tiles.html"

    @property
    def width(self) -> int:
        return (1 + max(col for _, col, _ in TILES.values())) * (TILE_W + TILE_GAP) - TILE_GAP

    @property
    def height(self) -> int:
        return (1 + max(row for _, _, row in TILES.values())) * (TILE_H + TILE_GAP) - TILE_GAP

    @property
    def is_empty(self) -> bool:
        return not any(t.value for t in self.tiles)

    @property
    def legend(self) -> list[int]:
        return list(range(SHADES + 1))


def shade(value: Number, top: Number) -> int:
    """0 for nothing, then 1..SHADES by the share of the largest value."""
    if not value or not top or value <= 0:
        return 0
    return max(1, min(SHADES, math.ceil(SHADES * float(value) / float(top))))


def tile_map(
    values: Mapping[str, Number],
    *,
    key: str,
    title: Label,
    name_heading: Label,
    value_label: Label,
    hrefs: Mapping[str, str] | None = None,
) -> TileMap:
    """One tile per current province (positions in `organisations.provinces.TILES`),
    shaded by its value with the number written on it; provinces absent from `values`
    read 0. Names that are not current provinces are ignored: roll them up first."""
    top = max([v for name, v in values.items() if name in TILES] + [0])
    tiles = []
    for name, (code, col, row) in TILES.items():
        value = values.get(name, 0)
        tiles.append(
            Tile(
                name=name,
                code=code,
                x=col * (TILE_W + TILE_GAP),
                y=row * (TILE_H + TILE_GAP),
                value=value,
                text=fmt(value),
                shade=shade(value, top),
                href=(hrefs or {}).get(name, ""),
            )
        )
    return TileMap(f"chart-{key}", title, tiles, name_heading, value_label)
