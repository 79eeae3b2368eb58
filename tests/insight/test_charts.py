"""The charts' geometry: lengths proportional to values, nothing drawn for zero or no data,
one value, huge values, long labels, the map's levels."""

import pytest

from essaim.insight import charts


def test_nice_ceiling():
    assert [charts.nice_ceiling(v) for v in (0, 1, 3, 7, 11, 24, 26, 99, 101)] == [
        1,
        1,
        5,
        10,
        20,
        25,
        50,
        100,
        200,
    ]
    assert charts.nice_ceiling(0.3) == 0.5
    assert charts.nice_ceiling(10_000_000) == 10_000_000


def test_bar_lengths_are_proportional_to_the_values():
    chart = charts.hbars([("a", 8), ("b", 4), ("c", 2), ("d", 1)])
    lengths = [row.bars[0].length for row in chart.rows]
    assert lengths == [78.0, 39.0, 19.5, 9.75]  # the longest takes BAR_EXTENT
    assert [row.bars[0].value_text for row in chart.rows] == ["8", "4", "2", "1"]
    # rows one under the other, each bar under its label
    tops = [row.bars[0].y for row in chart.rows]
    assert tops == sorted(tops) and len(set(tops)) == 4
    for row in chart.rows:
        assert row.lines[-1].y < row.bars[0].y


def test_zero_and_empty_data_draw_nothing():
    chart = charts.hbars([("a", 0), ("b", 0)])
    assert chart.is_empty
    assert [row.bars[0].length for row in chart.rows] == [0.0, 0.0]
    empty = charts.hbars([])
    assert empty.is_empty and empty.rows == []
    columns = charts.category_columns([])
    assert columns.is_empty and columns.columns == []
    histogram = charts.histogram([], lower=0, upper=20, bins=10)
    assert histogram.is_empty and [c.value for c in histogram.columns] == [0] * 10
    assert all(c.height == 0 for c in histogram.columns)


def test_one_value_fills_the_scale():
    (row,) = charts.hbars([("seul", 3)]).rows
    assert row.bars[0].length == charts.BAR_EXTENT
    (column,) = charts.category_columns([("0", 1)]).columns
    assert column.height == charts.COLUMN_PLOT_HEIGHT
    assert column.y + column.height == charts.COLUMN_TOP + charts.COLUMN_PLOT_HEIGHT


def test_huge_values_keep_small_ones_visible_and_are_written_in_full():
    chart = charts.hbars([("énorme", 10**12), ("petit", 1)])
    huge, small = (row.bars[0] for row in chart.rows)
    assert huge.length == charts.BAR_EXTENT
    assert 0 < small.length < 1  # never a value drawn as nothing
    assert huge.value_text == "1\u00a0000\u00a0000\u00a0000\u00a0000"


def test_a_maximum_sets_the_scale():
    (bar,) = charts.hbars([("engagé", 50)], maximum=200).rows[0].bars
    assert bar.length == pytest.approx(charts.BAR_EXTENT / 4)


def test_grouped_bars_share_one_scale_and_a_legend():
    chart = charts.grouped_hbars(
        [("Appel 1", [10, 5, 1]), ("Appel 2", [20, 0, 0])],
        series=["Déposés", "Recevables", "Lauréats"],
    )
    first, second = chart.rows
    assert [b.length for b in first.bars] == [39.0, 19.5, 3.9]
    assert [b.series for b in first.bars] == [0, 1, 2]
    assert second.bars[0].length == charts.BAR_EXTENT
    assert [item.label for item in chart.legend] == ["Déposés", "Recevables", "Lauréats"]
    assert chart.has_patterns
    assert first.lines[0].y > charts.LEGEND_HEIGHT  # under the legend


def test_progress_bars_draw_the_whole_as_a_track():
    chart = charts.progress_hbars([("Anne", 2, 4, "2 sur 4"), ("Bruno", 3, 3, "3 sur 3")])
    anne, bruno = (row.bars[0] for row in chart.rows)
    assert (anne.length, anne.track) == (39.0, 78.0)
    assert (bruno.length, bruno.track) == (58.5, 58.5)
    assert anne.text_x == 78.0  # the text after the track, not inside it


def test_long_labels_wrap_on_two_lines_at_most():
    label = "Faire évoluer les conditions de travail des agents et repenser l'accueil des usagers"
    (row,) = charts.hbars([(label, 1)]).rows
    assert len(row.lines) == 2
    assert all(len(line.text) <= charts.LABEL_CHARACTERS for line in row.lines)
    assert row.lines[1].text.endswith("…")
    assert row.label == label  # the table has it whole
    (short,) = charts.hbars([("Court", 1)]).rows
    assert row.bars[0].y - short.bars[0].y == charts.LABEL_LINE_HEIGHT


def test_histogram_bins_hold_their_lower_edge_and_the_last_its_upper_edge():
    chart = charts.histogram([0, 1.99, 2, 10, 19.9, 20], lower=0, upper=20, bins=10)
    assert [c.value for c in chart.columns] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert [t.text for t in chart.ticks] == ["0", "4", "8", "12", "16", "20"]
    assert [t.anchor for t in chart.ticks] == [
        "start",
        "middle",
        "middle",
        "middle",
        "middle",
        "end",
    ]
    # touching columns that cover the width
    assert chart.columns[0].x == 0 and chart.columns[-1].x + chart.columns[-1].width == 100
    # heights proportional on a round scale (2 → scale 2)
    assert chart.maximum == 2
    assert chart.columns[0].height == charts.COLUMN_PLOT_HEIGHT
    assert chart.columns[1].height == charts.COLUMN_PLOT_HEIGHT // 2


def test_time_series_marks_the_deadline_and_labels_a_few_weeks_apart():
    rows = [(f"{d} mai", f"{d} mai 2024", d % 3) for d in range(1, 36)]
    chart = charts.time_series(rows, marker_after=29, marker_text="Clôture")
    assert chart.marker.x == pytest.approx(30 / 35 * 100, abs=0.01)
    assert chart.marker.anchor == "end"
    assert [t.text for t in chart.ticks] == ["1 mai", "15 mai", "29 mai"]
    assert not chart.show_values
    # scale 2: gridlines at 0, 1 and 2
    assert [g.text for g in chart.gridlines] == ["", "1", "2"]
    odd = charts.time_series([("1", "1", 1)])
    assert [g.text for g in odd.gridlines] == ["", "1"]  # no gridline at half a dossier


def test_map_levels_follow_the_public_map():
    assert [charts.map_level(v, 8) for v in (0, 1, 2, 3, 4, 8)] == [0, 1, 1, 2, 2, 4]
    assert charts.level_bands(8) == [(0, 0, 0), (1, 1, 2), (2, 3, 4), (3, 5, 6), (4, 7, 8)]
    assert charts.level_bands(2) == [(0, 0, 0), (2, 1, 1), (4, 2, 2)]  # empty levels left out
    assert charts.level_bands(0) == [(0, 0, 0)]


def test_tile_map_places_every_departement_once():
    names = {"33": "Gironde"}
    chart = charts.tile_map({"33": 4, "35": 1}, names, band_text=lambda lo, hi: f"{lo}-{hi}")
    codes = [tile.code for tile in chart.tiles]
    assert len(codes) == len(set(codes)) == 101
    gironde = next(t for t in chart.tiles if t.code == "33")
    assert (gironde.value, gironde.level, gironde.name) == (4, 4, "Gironde")
    assert next(t for t in chart.tiles if t.code == "35").level == 1
    assert (chart.width, chart.height) == (13 * charts.TILE, 15 * charts.TILE)
    assert [band.text for band in chart.legend] == ["0-0", "1-1", "2-2", "3-3", "4-4"]
    assert charts.tile_map({}, {}, band_text=lambda lo, hi: "").is_empty


def test_numbers_are_written_the_french_way():
    assert charts.format_number(12000) == "12\u00a0000"  # Django's French thousands
    assert charts.format_number(2.5) == "2,5"
    assert charts.format_number(10.0) == "10"
