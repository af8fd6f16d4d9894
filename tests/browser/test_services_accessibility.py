"""axe-core on every services page type, in Vietnamese, at 1280 px and 375 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from services import actions, demo
from services.models import Plan
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser
SERIOUS = {"serious", "critical"}


class _Quiet:
    def write(self, *args, **kwargs):
        pass


def _login(page, user):
    page.goto("/account/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def test_services_pages_have_no_serious_violations(browser, live_server, make_user):
    import uuid

    demo.load(_Quiet())
    officer = make_user("member", "union_officer", unit="Tỉnh đoàn Nghệ An")
    liaison = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    request = actions.submit_request(
        plan=Plan.objects.get(code="mytv-chuan-stb-7t"), by=officer, quantity=3,
        contact_name="Lê Văn Cường", contact_phone="0912345678", idempotency_key=uuid.uuid4(),
    )  # fmt: skip
    actions.post_message(request=request, by=officer, body="Lắp tại hội trường tầng 2.")
    pages = [
        (None, "/services/"),
        (None, "/services/?q=truyen+hinh&device=yes"),
        (None, "/services/category/giao-duc/"),
        (None, "/services/mytv/"),
        (officer, "/services/mytv/request/"),
        (officer, "/services/requests/"),
        (officer, request.get_absolute_url()),
        (liaison, "/services/queue/"),
        (liaison, request.get_absolute_url()),
    ]
    axe, failures, contexts = Axe(), [], {}
    for user, path in pages:
        key = user.pk if user else None
        if key not in contexts:
            context = browser.new_context(locale="vi-VN", base_url=live_server.url, bypass_csp=True)
            page = context.new_page()
            if user:
                _login(page, user)
            contexts[key] = (context, page)
        page = contexts[key][1]
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            for v in axe.run(page).response["violations"]:
                if v["impact"] in SERIOUS:
                    targets = [n["target"] for n in v["nodes"]][:3]
                    failures.append(f"{path} @{width}px: {v['id']}: {v['help']} {targets}")
            assert page.evaluate("document.documentElement.scrollWidth") <= max(width, 400), (
                f"{path} scrolls sideways at {width}px"
            )
    for context, _page in contexts.values():
        context.close()
    assert not failures, "\n".join(failures)
