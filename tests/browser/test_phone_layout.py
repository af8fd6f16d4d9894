"""The key pages on a 375 px phone, in Chromium: no page wider than the screen, every table
within it (stacked as cards), actions on screen, and a 3 000-character word in a request
message wraps instead of stretching the page."""

import io

import pytest
from django.core.management import call_command

from tests.browser.axe_check import log_in, with_test_password
from tests.conftest import OUTPUT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375
LONG_WORD = "Đoàn" + "x" * 2996

# What each check measures, in the page: the page's own width, the widest table, the
# right edge of every link or button inside a table (the "Đăng ký" of a plan, a request's
# reference), and any element that scrolls sideways.
MEASURE = """() => {
  const right = (el) => el.getBoundingClientRect().right;
  const tables = [...document.querySelectorAll("main table")];
  const actions = [...document.querySelectorAll("main table a, main table button")];
  const scrollers = [...document.querySelectorAll("main *")].filter(
    (el) => el.scrollWidth > el.clientWidth + 1
      && ["auto", "scroll"].includes(getComputedStyle(el).overflowX));
  return {
    page: document.documentElement.scrollWidth,
    tables: tables.length,
    widestTable: Math.max(0, ...tables.map(right)),
    actions: actions.length,
    furthestAction: Math.max(0, ...actions.map(right)),
    scrollers: scrollers.map((el) => el.className || el.tagName),
  };
}"""


@pytest.fixture
def demo(org_tree, settings, live_server):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    with_test_password(
        "member@doan-vnpt.test",
        "officer.hanoi@doan-vnpt.test",
        "officer.nghean@doan-vnpt.test",
        "vnpt.hanoi@doan-vnpt.test",
        "vnpt.hq@doan-vnpt.test",
    )


def _pages():
    from services import actions
    from services.models import ServiceRequest

    request = ServiceRequest.objects.get(reference="YC-DEMO01")
    actions.post_message(request=request, by=request.requester, body=f"Ghi chú: {LONG_WORD}")
    return [
        ("plans", None, "/services/mytv/"),
        ("plans-officer", "officer.hanoi@doan-vnpt.test", "/services/mytv/"),
        ("my-requests", "officer.hanoi@doan-vnpt.test", "/services/requests/"),
        ("vnpt-queue", "vnpt.hq@doan-vnpt.test", "/services/queue/"),
        ("request-long-word", "vnpt.hq@doan-vnpt.test", request.get_absolute_url()),
        ("request-requester", "officer.nghean@doan-vnpt.test", request.get_absolute_url()),
        ("agreement-dashboard", "vnpt.hanoi@doan-vnpt.test", "/agreement/dashboard/"),
        ("agreement-reports", None, "/agreement/reports/"),
        ("ideas-dashboard", "officer.hanoi@doan-vnpt.test", "/ideas/dashboard/"),
        ("ideas-mine", "member@doan-vnpt.test", "/ideas/mine/"),
    ]


def test_key_pages_fit_a_phone(browser, live_server, demo):
    OUTPUT.mkdir(exist_ok=True)
    pages = _pages()
    failures, contexts = [], {}
    for name, email, path in pages:
        if email not in contexts:
            context = browser.new_context(
                locale="vi-VN", base_url=live_server.url, viewport={"width": PHONE, "height": 800}
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            if email:
                log_in(page, email)
            contexts[email] = (context, page)
        page = contexts[email][1]
        page.set_viewport_size({"width": PHONE, "height": 800})
        assert page.goto(path).status == 200, path
        m = page.evaluate(MEASURE)
        page.screenshot(path=str(OUTPUT / f"phone-{name}-375.png"), full_page=True)
        if m["page"] > PHONE:
            failures.append(f"{path} as {email}: page {m['page']} px wide")
        if m["widestTable"] > PHONE + 0.5:
            failures.append(f"{path} as {email}: a table reaches {m['widestTable']:.0f} px")
        if m["furthestAction"] > PHONE + 0.5:
            failures.append(f"{path} as {email}: a link in a table at {m['furthestAction']:.0f} px")
        if m["scrollers"]:
            failures.append(f"{path} as {email}: scrolls sideways inside {m['scrollers']}")
        if name in ("plans-officer", "vnpt-queue", "my-requests", "agreement-dashboard"):
            assert m["tables"] and m["actions"], f"{path}: no table or no action measured"
        if name == "request-long-word":
            assert page.get_by_text("Ghi chú: Đoànxxx", exact=False).is_visible()
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(OUTPUT / f"phone-{name}-1280.png"), full_page=True)
    for context, _page in contexts.values():
        context.close()
    assert not failures, "\n".join(failures)
