"""The chart module (partnership/charts.py): numbers become lengths, empty data draws no
chart, the tile map has one tile per current province, and every chart renders as an
`<svg role="img">` with its data table."""

import re
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from partnership import charts
from partnership.organisations.provinces import CURRENT, MERGED_INTO, TILES


def _render(chart):
    return Template("{% load charts %}{% chart c %}").render(Context({"c": chart}))


def test_bar_lengths_are_proportional_to_the_values():
    chart = charts.bar_chart(
        [("A", 50), ("B", 100), ("C", 0), ("D", None)],
        key="t",
        title="T",
        label_heading="Name",
        value_label="N",
    )
    span = charts.WIDTH - charts.VALUE_ROOM
    assert [b.width for b in chart.bars] == [span / 2, span, 0, 0]
    assert [b.text for b in chart.bars] == ["50", "100", "0", "–"]
    assert chart.height == 4 * charts.BAR_ROW


def test_rates_are_drawn_against_a_fixed_maximum():
    chart = charts.bar_chart(
        [("A", 40), ("B", 150)],
        key="t",
        title="T",
        label_heading="Name",
        value_label="%",
        suffix="%",
        max_value=100,
    )
    span = charts.WIDTH - charts.VALUE_ROOM
    assert [b.width for b in chart.bars] == [round(span * 0.4, 1), span]
    assert chart.bars[0].text == "40%"


def test_empty_data_draws_no_chart_and_says_so():
    with translation.override("en"):
        bars = charts.bar_chart([], key="b", title="T", label_heading="H", value_label="V")
        columns = charts.column_chart([], key="c", title="T", period_heading="P", value_label="V")
        assert bars.is_empty and columns.is_empty
        for chart in (bars, columns):
            html = _render(chart)
            assert "<svg" not in html and "<table" not in html
            assert "No figures yet." in html


def test_columns_reach_up_to_their_share_of_the_largest_value_or_the_target():
    chart = charts.column_chart(
        [("Q1", Decimal(10)), ("Q2", Decimal(20)), ("Q3", Decimal(40))],
        key="c",
        title="T",
        period_heading="Quarter",
        value_label="Value",
        target=80,
        target_label="Target",
    )
    heights = [c.height for c in chart.columns]
    assert heights == [18.8, 37.5, 75.0]  # an eighth, a quarter, half of the plot
    assert chart.target_y == charts.PLOT_TOP  # the target is the top of the scale
    assert chart.columns[-1].x + chart.columns[-1].width <= charts.WIDTH
    assert [t.label for t in chart.ticks] == ["Q1", "Q2", "Q3"]


def test_the_tile_map_has_one_tile_per_current_province():
    assert set(TILES) == set(CURRENT) and len(TILES) == 34
    assert len({(col, row) for _code, col, row in TILES.values()}) == 34
    assert len({code for code, _c, _r in TILES.values()}) == 34
    chart = charts.tile_map(
        {"Hà Nội": 8, "Nghệ An": 2, "Hà Giang": 5},
        key="m",
        title="T",
        name_heading="Province",
        value_label="Reports",
        hrefs={"Hà Nội": "#province-ha-noi"},
    )
    assert len(chart.tiles) == 34
    by_name = {t.name: t for t in chart.tiles}
    assert "Hà Giang" not in by_name  # former provinces are rolled up by the caller
    assert (by_name["Hà Nội"].shade, by_name["Nghệ An"].shade, by_name["Huế"].shade) == (4, 1, 0)
    assert by_name["Hà Nội"].href == "#province-ha-noi"
    html = _render(chart)
    assert html.count('<g class="chart-tile ') == 34
    assert html.count('<tr><th scope="row">') == 34
    assert 'href="#province-ha-noi"' in html
    assert not set(MERGED_INTO) & set(TILES)


def test_rendered_charts_are_named_images_with_a_table_and_no_fixed_width():
    with translation.override("vi"):
        chart = charts.bar_chart(
            [("VNPT Hà Nội", 1234.5)],
            key="b",
            title="Số yêu cầu",
            label_heading="Đơn vị",
            value_label="Yêu cầu",
        )
        html = _render(chart)
    svg = re.search(r"<svg[^>]*>", html).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="chart-b-title"' in svg
    assert 'id="chart-b-title"' in html and "Số yêu cầu" in html
    assert "width=" not in svg and 'viewBox="0 0 360 34"' in svg
    # Coordinates are never written the Vietnamese way (a comma would break the SVG) ...
    assert re.search(r'<rect [^>]*width="\d+(\.\d+)?"', html)
    # ... while the figures are.
    assert "1.234,5" in html
    assert '<table class="chart-table" id="chart-b-table">' in html


def test_anchor_folds_vietnamese_names():
    assert charts.anchor("Đà Nẵng") == "province-da-nang"
    assert charts.anchor("TP. Hồ Chí Minh") == "province-tp-ho-chi-minh"
