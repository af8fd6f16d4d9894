"""One place that runs axe-core (bundled, offline) over a list of pages at phone and desktop
widths, logged in as whoever each page is for, and reports serious or critical violations."""

import io
from typing import Any

from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD

SERIOUS = {"serious", "critical"}
WIDTHS = (1280, 375)


def log_in(page, email):
    page.goto("/account/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def serious_violations(browser, base_url, pages, *, no_sideways_scroll=False) -> list[str]:
    """`pages`: (e-mail of the person logged in, or None, path[, expected status, 200 if not
    given]). The person's password must be tests.factories.PASSWORD."""
    axe, failures, contexts = Axe(), [], {}
    for email, path, *expected in pages:
        if email not in contexts:
            context = browser.new_context(locale="vi-VN", base_url=base_url, bypass_csp=True)
            page = context.new_page()
            if email:
                log_in(page, email)
            contexts[email] = (context, page)
        page = contexts[email][1]
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(path)
            if response.status != (expected[0] if expected else 200):
                failures.append(f"{path} as {email}: HTTP {response.status}")
                continue
            for v in axe.run(page).response["violations"]:
                if v["impact"] in SERIOUS:
                    targets = [n["target"] for n in v["nodes"]][:3]
                    failures.append(
                        f"{path} @{width}px: {v['id']} ({v['impact']}): {v['help']} {targets}"
                    )
            if no_sideways_scroll and page.evaluate("document.documentElement.scrollWidth") > max(
                width, 400
            ):
                failures.append(f"{path} scrolls sideways at {width}px")
    for context, _page in contexts.values():
        context.close()
    return failures


def with_test_password(*emails):
    """Give demo accounts the test password so the checks can log in as them."""
    from partnership.accounts.models import User

    for user in User.objects.filter(email__in=emails):
        user.set_password(PASSWORD)
        user.save()


def load_demo(settings: Any, *emails: str) -> None:
    """The demo data, with DEBUG on (the pages then fail loudly), and the test password for the
    demo accounts `emails` so the checks can log in as them."""
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    with_test_password(*emails)
