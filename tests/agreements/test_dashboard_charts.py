"""The agreement dashboard's pictures: each indicator's cumulative figure per quarter against
its target, and confirmed reports on the 34-province tile map, each with its data table."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements import selectors
from agreements.models import ReportStatus

from .test_views import _report

pytestmark = pytest.mark.django_db


def test_quarterly_progress_is_cumulative(
    agreement, union_indicator, vnpt_indicator, hanoi_officer, hanoi_liaison, tw_officer
):
    # A flow (the VNPT indicator) adds up; a stock (the Union one) keeps each unit's latest.
    _report(vnpt_indicator, hanoi_liaison, ReportStatus.APPROVED, tw_officer, quarter=1, value=4)
    _report(vnpt_indicator, hanoi_liaison, ReportStatus.APPROVED, tw_officer, quarter=3, value=6)
    _report(vnpt_indicator, hanoi_liaison, ReportStatus.SUBMITTED, quarter=4, value=50)
    _report(union_indicator, hanoi_officer, ReportStatus.APPROVED, hanoi_liaison, value=3)
    _report(
        union_indicator, hanoi_officer, ReportStatus.APPROVED, hanoi_liaison, quarter=2, value=5
    )
    series = {i.pk: s for i, s in selectors.quarterly_progress(agreement)}
    flow = {(y, q): v for y, q, v in series[vnpt_indicator.pk]}
    stock = {(y, q): v for y, q, v in series[union_indicator.pk]}
    assert (flow[(2020, 4)], flow[(2021, 1)], flow[(2021, 2)], flow[(2021, 3)]) == (0, 4, 4, 10)
    assert flow[(2021, 4)] == 10  # a report awaiting confirmation does not count yet
    assert (stock[(2021, 1)], stock[(2021, 2)], stock[(2022, 4)]) == (3, 5, 5)
    assert [(y, q) for y, q, _v in series[vnpt_indicator.pk]] == agreement.periods()
    assert isinstance(flow[(2022, 4)], Decimal)


def test_each_chart_is_one_grouped_query(
    agreement,
    union_indicator,
    vnpt_indicator,
    hanoi_liaison,
    tw_officer,
    django_assert_num_queries,
):
    _report(vnpt_indicator, hanoi_liaison, ReportStatus.APPROVED, tw_officer, value=4)
    # The tile map reads the province table's rows (summary rows, one grouped statement).
    with django_assert_num_queries(1):
        assert dict(selectors.rollup_by_province(agreement))["Hà Nội"]["approved"] == 1
    # The indicators (and their linked services), then every report in one statement; the
    # dashboard passes the indicators it already read, which leaves the one statement.
    with django_assert_num_queries(3):
        selectors.quarterly_progress(agreement)
    indicators = list(selectors.indicators_of(agreement))
    with django_assert_num_queries(1):
        selectors.quarterly_progress(agreement, indicators)


def test_dashboard_shows_the_charts_with_their_tables(
    client, agreement, vnpt_indicator, hanoi_liaison, tw_officer
):
    _report(vnpt_indicator, hanoi_liaison, ReportStatus.APPROVED, tw_officer, value=4)
    client.force_login(tw_officer)
    html = client.get(reverse("agreements:dashboard")).content.decode()
    svgs = re.findall(r"<svg role=\"img\"[^>]*>", html)  # the search icon aside
    assert len(svgs) == 1 + 2  # the tile map and one chart per indicator
    assert all('role="img"' in s and "aria-labelledby=" in s for s in svgs)
    tiles = html.split('id="chart-provinces"')[1].split("</figure>")[0]
    assert tiles.count('<g class="chart-tile ') == 34
    # The Hà Nội tile shows its figure and leads to the province's row of the table below.
    assert '<g class="chart-tile shade-4"><title>Hà Nội: 1</title>' in tiles
    assert '<a href="#province-ha-noi" tabindex="-1" data-province="Hà Nội">' in tiles
    assert 'id="province-ha-noi"' in html
    assert 'id="chart-provinces-table"' in html
    assert f'id="chart-indicator-{vnpt_indicator.pk}-table"' in html
