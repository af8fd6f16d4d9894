"""axe-core (bundled with axe-playwright-python, offline) on every page type, in Vietnamese,
at 1280 px and 375 px: no serious or critical violation.

PAGES lists one URL per page type with the role that sees it; domain apps add theirs.
"""

import pytest

from tests.browser.axe_check import load_demo, serious_violations

pytestmark = pytest.mark.browser

# (role or None for anonymous, path[, status if not 200]): the format serious_violations takes
PAGES = [
    (None, "/"),
    (None, "/news/"),
    (None, "/news/trung-uong-doan-va-vnpt-ky-thoa-thuan-hop-tac-2019-2022/"),
    (None, "/units/"),
    (None, "/units/tinh-doan-nghe-an/"),
    (None, "/account/login/"),
    (None, "/account/signup/"),
    (None, "/account/password/reset/"),
    (None, "/khong-co-trang-nay/", 404),
    ("member", "/me/"),
    ("member", "/notifications/"),
    ("union_officer", "/me/people/"),
]


@pytest.fixture
def demo(db, settings, live_server):
    load_demo(settings)


def test_no_serious_violations(browser, live_server, demo, make_user):
    people = {}
    pages = []
    for role, *page in PAGES:
        if role and role not in people:
            unit = "Đoàn Trường Đại học Vinh" if role == "member" else "Tỉnh đoàn Nghệ An"
            people[role] = make_user(role, unit=unit).email
        pages.append((people.get(role), *page))
    failures = serious_violations(browser, live_server.url, pages)
    assert not failures, "\n".join(failures)
