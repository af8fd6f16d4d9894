"""In a real browser: a visitor served a cached page can still switch language and log in."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_on_a_cached_page_switches_language_and_logs_in(
    browser, live_server, article, member
):
    first = browser.new_context(locale="vi-VN", base_url=live_server.url)
    response = first.new_page().goto("/news/")
    assert response.headers["x-page-cache"] == "miss"
    first.close()

    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    response = page.goto("/news/")
    assert response.headers["x-page-cache"] == "hit"  # the page the first visitor caused
    assert "csrfmiddlewaretoken" not in page.content()
    assert page.locator("html").get_attribute("lang") == "vi"

    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/news/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name=article.title).is_visible()

    page.get_by_role("link", name="Log in").click()
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/news/")
    header = page.locator(".nav-account")
    assert header.get_by_role("link", name=member.get_short_name()).is_visible()
    assert page.locator("html").get_attribute("lang") == "en"

    # Back as a stranger in Vietnamese: the cached anonymous page, never the member's.
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("button", name="Tiếng Việt").click()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert (
        not page.locator(".nav-account").get_by_role("link", name=member.get_short_name()).count()
    )
    context.close()
