"""The geometry of the dashboards' charts: numbers in, dataclasses out, which the templates
draw as SVG (backoffice/dashboards/includes/charts/). No database, no HTML.

Bar charts have no viewBox: the SVG is as wide as its column (`width="100%"`), horizontal
positions are percentages and vertical ones pixels, so bars stretch with the screen while
text keeps its size — readable at 375 px as on a desktop. The map has a viewBox and scales,
like a picture.

Every value is written beside its bar (the number, not only a length or a colour), and each
series of a grouped chart has its own pattern as well as its own shade.
"""

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format

from essaim.public.map_layout import COLUMNS as MAP_COLUMNS
from essaim.public.map_layout import LEVELS as MAP_LEVELS
from essaim.public.map_layout import POSITIONS as MAP_POSITIONS
from essaim.public.map_layout import ROWS as MAP_ROWS

# --- scales ------------------------------------------------------------------------------


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ value (1 for 0 or less): the top of an
    axis whose halves and quarters are round numbers."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value * (1 - 1e-12):
            return int(candidate) if candidate >= 1 and candidate == int(candidate) else candidate
    return 10 ** (exponent + 1)  # pragma: no cover - the loop always returns


def proportion(value: float, maximum: float, extent: float) -> float:
    """`value`'s share of `extent` on a scale that ends at `maximum`, rounded to 2 decimals;
    a value above zero never vanishes (at least 0.5 % of the extent)."""
    if maximum <= 0 or value <= 0:
        return 0.0
    share = min(value, maximum) / maximum * extent
    return round(max(share, extent * 0.005), 2)


# --- horizontal bars ---------------------------------------------------------------------

BAR_EXTENT = 78.0  # % of the width the longest bar takes; the rest holds its value
HBAR_LABEL_BASELINE = 15  # px from the top of a row to the baseline of its label
HBAR_FIRST_BAR = 22  # px from the top of a row to its first bar
HBAR_THICKNESS = 16  # px, one series
HBAR_GROUP_THICKNESS = 13  # px, each bar of a group
HBAR_GAP = 4  # px between the bars of a group
HBAR_ROW_GAP = 12  # px after a row
LEGEND_HEIGHT = 30


@dataclass(frozen=True)
class HBar:
    value: float
    value_text: str
    y: int  # top of the bar, px
    thickness: int
    length: float  # % of the width
    series: int  # 0, 1, 2…: the shade and pattern
    track: float | None = None  # % of the width: the whole this bar is part of (progress)

    @property
    def text_y(self) -> int:
        return self.y + self.thickness - 3

    @property
    def text_x(self) -> float:
        return max(self.length, self.track or 0)


LABEL_CHARACTERS = 40  # a line of label on a 375 px screen; the table has the whole label
LABEL_LINES = 2
LABEL_LINE_HEIGHT = 17


@dataclass(frozen=True)
class LabelLine:
    text: str
    y: int


@dataclass(frozen=True)
class HBarRow:
    label: str
    lines: list[LabelLine]
    bars: list[HBar]


def label_lines(text: str, *, length: int = LABEL_CHARACTERS, lines: int = LABEL_LINES):
    """`text` wrapped at words into at most `lines` lines of `length` characters, the last
    one cut with an ellipsis when the text is longer."""
    wrapped = textwrap.wrap(text, length, break_long_words=True) or [""]
    if len(wrapped) > lines:
        rest = " ".join(wrapped[lines - 1 :])
        wrapped = [*wrapped[: lines - 1], shorten(rest, length)]
    return wrapped


def _row(label: str, top: int) -> tuple[list[LabelLine], int]:
    """The label's lines from `top`, and the top of the row's first bar under them."""
    texts = label_lines(label)
    lines = [
        LabelLine(text, top + HBAR_LABEL_BASELINE + index * LABEL_LINE_HEIGHT)
        for index, text in enumerate(texts)
    ]
    return lines, top + HBAR_FIRST_BAR + (len(texts) - 1) * LABEL_LINE_HEIGHT


def shorten(text: str, length: int) -> str:
    """`text` cut at a word to at most `length` characters, with an ellipsis when cut."""
    if len(text) <= length:
        return text
    head = text[: length - 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(" ,;:—-") + "…"


@dataclass(frozen=True)
class LegendItem:
    label: str
    series: int
    x: float  # %, the swatch's left edge


@dataclass(frozen=True)
class HBarChart:
    rows: list[HBarRow]
    height: int
    maximum: float
    legend: list[LegendItem] = field(default_factory=list)
    kind: str = "hbar"

    @property
    def is_empty(self) -> bool:
        return not any(bar.value for row in self.rows for bar in row.bars)

    @property
    def has_patterns(self) -> bool:
        """Whether the SVG needs its patterns (a second series, or progress tracks)."""
        return bool(self.legend) or any(
            bar.track is not None for row in self.rows for bar in row.bars
        )


def _legend(series_labels: Sequence[str]) -> list[LegendItem]:
    if len(series_labels) < 2:
        return []
    share = 100 / len(series_labels)
    return [
        LegendItem(label, index, round(index * share, 2))
        for index, label in enumerate(series_labels)
    ]


def grouped_hbars(
    rows: Sequence[tuple[str, Sequence[float]]],
    *,
    series: Sequence[str] = (),
    formatter=None,
    maximum: float | None = None,
) -> HBarChart:
    """One row per (label, values); one bar per value, the same scale for all. `series`
    names the values of each row (a legend when there are two or more)."""
    formatter = formatter or _plain_number
    width = max((len(values) for _label, values in rows), default=1) or 1
    legend = _legend(series)
    top = LEGEND_HEIGHT if legend else 0
    largest = max((v for _label, values in rows for v in values), default=0)
    scale = maximum if maximum is not None else largest
    thickness = HBAR_THICKNESS if width == 1 else HBAR_GROUP_THICKNESS
    chart_rows = []
    y = top
    for label, values in rows:
        bars = []
        lines, bar_y = _row(label, y)
        for index, value in enumerate(values):
            bars.append(
                HBar(
                    value=value,
                    value_text=formatter(value),
                    y=bar_y,
                    thickness=thickness,
                    length=proportion(value, scale, BAR_EXTENT),
                    series=index,
                )
            )
            bar_y += thickness + HBAR_GAP
        chart_rows.append(HBarRow(label=label, lines=lines, bars=bars))
        y = bar_y - HBAR_GAP + HBAR_ROW_GAP
    return HBarChart(rows=chart_rows, height=max(y, top + 1), maximum=scale, legend=legend)


def hbars(rows: Sequence[tuple[str, float]], *, formatter=None, maximum=None) -> HBarChart:
    """One bar per (label, value), longest bar for the largest value (or `maximum`)."""
    return grouped_hbars(
        [(label, [value]) for label, value in rows], formatter=formatter, maximum=maximum
    )


def progress_hbars(rows: Sequence[tuple[str, float, float, str]]) -> HBarChart:
    """One bar per (label, done, whole, text): the whole drawn as a hatched track, the done
    part filled over it; every track on the same scale (the largest whole)."""
    largest = max((whole for _l, _d, whole, _t in rows), default=0)
    chart_rows = []
    y = 0
    for label, done, whole, text in rows:
        lines, bar_y = _row(label, y)
        bar = HBar(
            value=done,
            value_text=text,
            y=bar_y,
            thickness=HBAR_THICKNESS,
            length=proportion(done, largest, BAR_EXTENT),
            series=0,
            track=proportion(whole, largest, BAR_EXTENT),
        )
        chart_rows.append(HBarRow(label=label, lines=lines, bars=[bar]))
        y = bar_y + HBAR_THICKNESS + HBAR_ROW_GAP
    return HBarChart(rows=chart_rows, height=max(y, 1), maximum=largest)


# --- columns: histograms and time series -------------------------------------------------

COLUMN_TOP = 26  # px above the tallest column: its value
COLUMN_PLOT_HEIGHT = 160
COLUMN_AXIS = 30  # px below the baseline: the axis labels


@dataclass(frozen=True)
class Column:
    value: float
    value_text: str
    label: str
    x: float  # %, left edge
    width: float  # %
    y: int  # px, top
    height: int  # px

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 3)

    @property
    def text_y(self) -> int:
        return self.y - 6


@dataclass(frozen=True)
class Tick:
    x: float  # %
    text: str
    anchor: str  # start, middle, end


@dataclass(frozen=True)
class Gridline:
    y: int
    text: str

    @property
    def label_y(self) -> int:
        return self.y - 5


@dataclass(frozen=True)
class Marker:
    """A vertical line across the plot (the deadline) with its label at the top."""

    x: float  # %
    text: str
    anchor: str


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    ticks: list[Tick]
    gridlines: list[Gridline]
    maximum: float
    baseline: int  # px
    height: int  # px
    show_values: bool
    touching: bool  # histogram: columns side by side
    marker: Marker | None = None
    kind: str = "columns"

    @property
    def is_empty(self) -> bool:
        return not any(column.value for column in self.columns)

    @property
    def tick_y(self) -> int:
        return self.baseline + 20

    @property
    def plot_top(self) -> int:
        return COLUMN_TOP - 8

    @property
    def marker_label_y(self) -> int:
        return self.plot_top + 10


def _columns(values: Sequence[float], labels: Sequence[str], *, gap: float, formatter):
    count = len(values)
    slot = 100 / count if count else 100
    scale = nice_ceiling(max(values, default=0))
    baseline = COLUMN_TOP + COLUMN_PLOT_HEIGHT
    columns = []
    for index, (value, label) in enumerate(zip(values, labels, strict=True)):
        height = round(proportion(value, scale, COLUMN_PLOT_HEIGHT))
        if value > 0:
            height = max(height, 1)
        columns.append(
            Column(
                value=value,
                value_text=formatter(value),
                label=label,
                x=round(index * slot + slot * gap / 2, 3),
                width=round(slot * (1 - gap), 3),
                y=baseline - height,
                height=height,
            )
        )
    return columns, scale, baseline


def category_columns(rows: Sequence[tuple[str, float]], *, formatter=None) -> ColumnChart:
    """One column per (label, value), labelled underneath, its value on top (few columns:
    the marks of a criterion, 0 to 4)."""
    formatter = formatter or _plain_number
    values = [value for _label, value in rows]
    labels = [label for label, _value in rows]
    columns, scale, baseline = _columns(values, labels, gap=0.35, formatter=formatter)
    ticks = [Tick(column.centre, column.label, "middle") for column in columns]
    return ColumnChart(
        columns=columns,
        ticks=ticks,
        gridlines=[Gridline(baseline, "")],
        maximum=scale,
        baseline=baseline,
        height=baseline + COLUMN_AXIS,
        show_values=True,
        touching=False,
    )


def histogram(
    values: Sequence[float], *, lower: float, upper: float, bins: int, edge_every: int = 2
) -> ColumnChart:
    """Counts of `values` in `bins` equal intervals of [lower, upper]: each interval holds
    its lower edge, the last one its upper edge too. Edges are labelled every `edge_every`."""
    counts = histogram_counts(values, lower=lower, upper=upper, bins=bins)
    width = (upper - lower) / bins
    labels = [interval_label(lower + i * width, lower + (i + 1) * width) for i in range(bins)]
    columns, scale, baseline = _columns(counts, labels, gap=0, formatter=_plain_number)
    ticks = []
    for index in range(0, bins + 1, edge_every):
        anchor = "start" if index == 0 else "end" if index == bins else "middle"
        ticks.append(
            Tick(round(index * 100 / bins, 3), _plain_number(lower + index * width), anchor)
        )
    return ColumnChart(
        columns=columns,
        ticks=ticks,
        gridlines=[Gridline(baseline, "")],
        maximum=scale,
        baseline=baseline,
        height=baseline + COLUMN_AXIS,
        show_values=True,
        touching=True,
    )


def histogram_counts(values: Sequence[float], *, lower: float, upper: float, bins: int) -> list:
    """How many values fall in each of `bins` equal intervals of [lower, upper]; values out
    of range are clamped into the first or last interval."""
    counts = [0] * bins
    width = (upper - lower) / bins
    for value in values:
        index = int((value - lower) // width) if width else 0
        counts[min(max(index, 0), bins - 1)] += 1
    return counts


def interval_label(start: float, end: float) -> str:
    return f"{_plain_number(start)}–{_plain_number(end)}"


def time_series(
    rows: Sequence[tuple[str, str, float]],
    *,
    tick_every: int | None = None,
    marker_after: int | None = None,
    marker_text: str = "",
) -> ColumnChart:
    """One column per period (short label, long label, value), no value on top (too many);
    gridlines at half and full scale carry the numbers. `tick_every` labels one period in
    so many (by default four or five labels in all, a week or weeks apart); `marker_after` draws the marker at the
    right edge of that period (index)."""
    values = [value for _short, _long, value in rows]
    labels = [long for _short, long, _value in rows]
    columns, scale, baseline = _columns(values, labels, gap=0.2, formatter=_plain_number)
    count = len(rows)
    if tick_every is None:
        # at most four or five labels: they must not touch on a 375 px screen
        tick_every = 1 if count <= 5 else 7 * math.ceil(count / 28)
    ticks = []
    for index in range(0, count, tick_every):
        anchor = "start" if index == 0 else "middle"
        ticks.append(Tick(columns[index].centre if index else 0, rows[index][0], anchor))
    gridlines = [Gridline(baseline, ""), Gridline(COLUMN_TOP, _plain_number(scale))]
    if scale % 2 == 0:  # counts: no gridline at half a dossier
        gridlines.insert(
            1, Gridline(COLUMN_TOP + COLUMN_PLOT_HEIGHT // 2, _plain_number(scale // 2))
        )
    marker = None
    if marker_after is not None and count:
        x = round(min(marker_after + 1, count) * 100 / count, 3)
        marker = Marker(x=x, text=marker_text, anchor="end" if x > 60 else "start")
    return ColumnChart(
        columns=columns,
        ticks=ticks,
        gridlines=gridlines,
        maximum=scale,
        baseline=baseline,
        height=baseline + COLUMN_AXIS,
        show_values=False,
        touching=False,
        marker=marker,
    )


# --- the map of France -------------------------------------------------------------------

TILE = 40  # viewBox units per grid square
TILE_INSET = 2


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    value: int
    level: int  # 0 (none) to MAP_LEVELS
    x: int
    y: int
    size: int

    @property
    def code_y(self) -> int:
        return self.y + (15 if self.value else 23)

    @property
    def value_y(self) -> int:
        return self.y + 31

    @property
    def centre_x(self) -> int:
        return self.x + self.size // 2


@dataclass(frozen=True)
class LegendBand:
    level: int
    text: str


@dataclass(frozen=True)
class TileMap:
    tiles: list[Tile]
    width: int
    height: int
    legend: list[LegendBand]
    maximum: int
    kind: str = "map"

    @property
    def is_empty(self) -> bool:
        return not self.maximum


def map_level(value: int, maximum: int, levels: int = MAP_LEVELS) -> int:
    """The public map's rule (public.map_layout.map_cells): 0 for none, else the share of
    the busiest département in `levels` equal steps, rounded up."""
    if not value or maximum <= 0:
        return 0
    return max(1, -(-levels * value // maximum))


def level_bands(maximum: int, levels: int = MAP_LEVELS) -> list[tuple[int, int, int]]:
    """(level, lowest, highest) of the values each level stands for, levels that hold no
    whole number left out (a small maximum has fewer bands)."""
    bands = [(0, 0, 0)]
    if maximum <= 0:
        return bands
    previous = 0
    for level in range(1, levels + 1):
        highest = level * maximum // levels
        if highest > previous:
            bands.append((level, previous + 1, highest))
            previous = highest
    return bands


def tile_map(values: dict[str, int], names: dict[str, str], *, band_text) -> TileMap:
    """Every département of the public map's grid (map_layout), shaded by `values`.
    `band_text(lowest, highest)` writes a legend band."""
    maximum = max(values.values(), default=0)
    tiles = []
    for code, (column, row) in MAP_POSITIONS.items():
        value = values.get(code, 0)
        tiles.append(
            Tile(
                code=code,
                name=names.get(code, code),
                value=value,
                level=map_level(value, maximum),
                x=(column - 1) * TILE + TILE_INSET,
                y=(row - 1) * TILE + TILE_INSET,
                size=TILE - 2 * TILE_INSET,
            )
        )
    tiles.sort(key=lambda tile: (tile.y, tile.x))
    legend = [LegendBand(level, band_text(low, high)) for level, low, high in level_bands(maximum)]
    return TileMap(
        tiles=tiles,
        width=MAP_COLUMNS * TILE,
        height=MAP_ROWS * TILE,
        legend=legend,
        maximum=maximum,
    )


# --- numbers -----------------------------------------------------------------------------


def _plain_number(value: float) -> str:
    """A count or a mark as the reader's language writes it: '12 000', '2,5' in French;
    one decimal at most."""
    if value == int(value):
        return number_format(int(value), use_l10n=True, force_grouping=True)
    return number_format(round(value, 1), decimal_pos=1, use_l10n=True, force_grouping=True)


format_number = _plain_number
