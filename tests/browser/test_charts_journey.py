"""The dashboards' charts on a 375 px phone, in Chromium: each chart is a named image within
the screen, its figures are a table right after it, and a province tile leads to the
province's row."""

import io

import pytest
from django.core.management import call_command

from tests.browser.axe_check import log_in, with_test_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375

# Per chart: its accessible name, its right edge, and whether its data table follows it.
MEASURE = """() => [...document.querySelectorAll("main figure.chart")].map((figure) => {
  const svg = figure.querySelector("svg[role=img]");
  const name = svg && document.getElementById(svg.getAttribute("aria-labelledby").split(" ")[0]);
  const table = document.getElementById(figure.id + "-table");
  return {
    id: figure.id,
    name: name ? name.textContent.trim() : "",
    right: svg ? svg.getBoundingClientRect().right : 0,
    width: svg ? svg.getBoundingClientRect().width : 0,
    table: !!table && figure.nextElementSibling.contains(table),
    rows: table ? table.tBodies[0].rows.length : 0,
  };
})"""

DASHBOARDS = [
    ("vnpt.hanoi@doan-vnpt.test", "/agreement/dashboard/", "chart-provinces"),
    ("vnpt.hq@doan-vnpt.test", "/services/dashboard/", "chart-requests"),
    ("officer.hanoi@doan-vnpt.test", "/ideas/dashboard/", "chart-ideas-per-month"),
]


@pytest.fixture
def demo(org_tree, settings, live_server):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    with_test_password(*(email for email, _path, _chart in DASHBOARDS))


def test_dashboard_charts_fit_a_phone_and_come_with_their_tables(browser, live_server, demo, shots):
    for email, path, first in DASHBOARDS:
        context = browser.new_context(
            locale="vi-VN", base_url=live_server.url, viewport={"width": PHONE, "height": 800}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, email)
        assert page.goto(path).status == 200
        charts = page.evaluate(MEASURE)
        assert first in [c["id"] for c in charts], path
        for chart in charts:
            assert chart["name"], chart
            assert chart["width"] > 200 and chart["right"] <= PHONE, chart
            assert chart["table"] and chart["rows"], chart
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, path
        # The table is there for whoever opens it.
        table = page.locator(f"#{first}-table")
        assert not table.is_visible()
        page.locator(f"#{first} + details summary").click()
        assert table.is_visible()
        assert table.bounding_box()["x"] + table.bounding_box()["width"] <= PHONE
        shots(page, "charts" + path.replace("/", "-").rstrip("-"))
        if first == "chart-provinces":
            page.set_viewport_size({"width": PHONE, "height": 800})
            page.locator('#chart-provinces a[data-province="Hà Nội"]').click()
            assert page.url.endswith("#province-ha-noi")
            assert page.locator("#province-ha-noi").is_visible()
        context.close()
