"""axe-core (bundled with axe-playwright-python, offline) on every page type, in Vietnamese,
at 1280 px and 375 px: no serious or critical violation.

PAGES lists one URL per page type with the role that sees it; domain apps add theirs.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

# (name, role or None for anonymous, path or callable(units) -> path)
PAGES = [
    ("home", None, "/"),
    ("news-list", None, "/news/"),
    ("news-detail", None, "/news/trung-uong-doan-va-vnpt-ky-thoa-thuan-hop-tac-2019-2022/"),
    ("units", None, "/units/"),
    ("unit-detail", None, "/units/tinh-doan-nghe-an/"),
    ("login", None, "/account/login/"),
    ("signup", None, "/account/signup/"),
    ("password-reset", None, "/account/password/reset/"),
    ("not-found", None, "/khong-co-trang-nay/"),
    ("profile", "member", "/me/"),
    ("inbox", "member", "/notifications/"),
    ("people", "union_officer", "/me/people/"),
]

SERIOUS = {"serious", "critical"}


@pytest.fixture
def demo(db, settings, live_server):
    import io

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def _login(page, user):
    page.goto("/account/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def test_no_serious_violations(browser, live_server, demo, make_user):
    axe = Axe()
    contexts = {}
    failures = []
    for name, role, path in PAGES:
        if role not in contexts:
            context = browser.new_context(locale="vi-VN", base_url=live_server.url, bypass_csp=True)
            page = context.new_page()
            if role:
                unit = "Đoàn Trường Đại học Vinh" if role == "member" else "Tỉnh đoàn Nghệ An"
                _login(page, make_user(role, unit=unit))
            contexts[role] = (context, page)
        page = contexts[role][1]
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            for v in axe.run(page).response["violations"]:
                if v["impact"] in SERIOUS:
                    targets = [n["target"] for n in v["nodes"]][:3]
                    failures.append(
                        f"{name} @{width}px: {v['id']} ({v['impact']}): {v['help']} {targets}"
                    )
    for context, _page in contexts.values():
        context.close()
    assert not failures, "\n".join(failures)
