"""axe-core (bundled with axe-playwright-python, offline) on every page type, in Vietnamese,
at 1280 px and 375 px: no serious or critical violation.

PAGES lists one URL per page type with the role that sees it; domain apps add theirs.
"""

import pytest

from tests.browser.axe_check import load_demo, serious_violations

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


@pytest.fixture
def demo(db, settings, live_server):
    load_demo(settings)


def test_no_serious_violations(browser, live_server, demo, make_user):
    people = {}
    pages = []
    for name, role, path in PAGES:
        if role and role not in people:
            unit = "Đoàn Trường Đại học Vinh" if role == "member" else "Tỉnh đoàn Nghệ An"
            people[role] = make_user(role, unit=unit).email
        pages.append((people.get(role), path, 404 if name == "not-found" else 200))
    failures = serious_violations(browser, live_server.url, pages)
    assert not failures, "\n".join(failures)
