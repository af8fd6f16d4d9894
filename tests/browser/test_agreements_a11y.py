"""axe-core on every agreement page type with the demo data, at 1280 px and 375 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}


@pytest.fixture
def demo(db, settings, live_server):
    import io

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def _pages():
    from agreements.models import Commitment, Indicator, JointActivity, ProgressReport

    report = ProgressReport.objects.filter(
        status="submitted", unit__name="Thành đoàn Hà Nội"
    ).first()
    return [
        (None, "/agreement/"),
        (None, "/agreement/commitments/?province=Ngh%E1%BB%87+An"),
        (None, Commitment.objects.get(code="V.5").get_absolute_url()),
        (None, "/agreement/activities/"),
        (None, "/agreement/reports/"),
        (None, "/agreement/activities/calendar/?month=2021-03"),
        (None, JointActivity.objects.first().get_absolute_url()),
        ("vnpt.hanoi@example.com", "/agreement/dashboard/"),
        ("vnpt.hanoi@example.com", report.get_absolute_url()),
        (
            "officer.hanoi@example.com",
            f"/agreement/indicators/{Indicator.objects.get(commitment__code='Đ.1', order=0).pk}/report/",
        ),
    ]


def test_agreement_pages_have_no_serious_violations(browser, live_server, demo):
    from partnership.accounts.models import User

    axe, failures, contexts = Axe(), [], {}
    for email, path in _pages():
        if email not in contexts:
            context = browser.new_context(locale="vi-VN", base_url=live_server.url, bypass_csp=True)
            page = context.new_page()
            if email:
                user = User.objects.get(email=email)
                user.set_password(PASSWORD)
                user.save()
                page.goto("/account/login/")
                page.locator("#id_login").fill(email)
                page.locator("#id_password").fill(PASSWORD)
                page.locator("form.form button[type=submit]").click()
                page.wait_for_load_state()
            contexts[email] = (context, page)
        page = contexts[email][1]
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(path)
            assert response.status == 200, path
            for v in axe.run(page).response["violations"]:
                if v["impact"] in SERIOUS:
                    targets = [n["target"] for n in v["nodes"]][:3]
                    failures.append(f"{path} @{width}px: {v['id']}: {v['help']} {targets}")
    for context, _page in contexts.values():
        context.close()
    assert not failures, "\n".join(failures)
