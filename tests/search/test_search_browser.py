"""A person searches from the header with the keyboard and reads grouped results; axe-core
finds no serious violation on the search page (results, no results, empty) at 1280 and 375 px."""

import re

import pytest

from tests.browser.axe_check import serious_violations

from .conftest import QUERY

pytestmark = pytest.mark.browser


def h2s(page):
    return [" ".join(t.split()) for t in page.get_by_role("heading", level=2).all_text_contents()]


def test_header_search_by_keyboard_shows_grouped_results(page, live_server, make_rows):
    for kind in ("ideas", "news", "units"):
        make_rows(kind)
    make_rows("services", 6)

    page.goto("/")
    box = page.get_by_role("search", name="Tìm nhanh").get_by_role("searchbox")
    box.focus()
    page.keyboard.type(QUERY)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=nong\+nghiep"))

    assert page.title().startswith(f"“{QUERY}”")
    assert h2s(page) == [
        "Ý tưởng 1 kết quả",
        "Dịch vụ 6 kết quả",
        "Tin tức 1 kết quả",
        "Đơn vị 1 kết quả",
    ]
    services = page.locator("#results-services")
    assert services.locator("ol > li").count() == 5  # the first five of six
    services.get_by_role("link", name="Tất cả dịch vụ phù hợp").click()
    page.wait_for_url(re.compile(r"/services/\?q=nong\+nghiep"))


def test_phone_menu_search_then_the_page_form(page, live_server, make_rows):
    make_rows("ideas")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/news/")
    page.locator(".nav-toggle").click()  # the phone menu
    box = page.get_by_role("search", name="Tìm nhanh").get_by_role("searchbox")
    assert box.is_visible()
    box.fill("NÔNG NGHIỆP")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/"))
    assert h2s(page) == ["Ý tưởng 1 kết quả"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # search again from the page's own form
    form = page.get_by_role("search", name="Tìm trên cổng thông tin")
    form.get_by_label("Từ cần tìm").fill("không có gì như thế này")
    form.get_by_label("Từ cần tìm").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert "Không có nội dung nào khớp" in page.locator("main").inner_text()


def test_search_page_has_no_serious_accessibility_violations(browser, live_server, make_rows):
    for kind in ("ideas", "services", "news", "commitments", "activities", "units"):
        make_rows(kind, 2)
    pages = [
        (None, "/search/"),
        (None, f"/search/?q={QUERY.replace(' ', '+')}"),
        (None, "/search/?q=xyzzyqwv"),
        (None, "/search/?q=%21%21"),
        (None, "/search/?q=" + "a" * 300),
    ]
    failures = serious_violations(browser, live_server.url, pages, no_sideways_scroll=True)
    assert not failures, "\n".join(failures)
