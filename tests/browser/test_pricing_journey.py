"""Issue 17 points 1 and 4 in a real browser: the request form's total before sending (live,
and without JavaScript), and the VNPT queue sorted by due date."""

import datetime
import re

import pytest
from django.utils import timezone

from services import demo
from services.models import Plan, ServiceRequest
from tests.browser.test_services_journey import _Quiet, log_in

pytestmark = pytest.mark.browser


def test_the_request_form_shows_the_total_before_sending(
    page, browser, live_server, make_user, shots
):
    demo.load(_Quiet())
    officer = make_user("member", "union_officer", unit="Tỉnh đoàn Nghệ An")
    plan = Plan.objects.get(code="mytv-chuan-app-7t")  # App MyTV Chuẩn 7 tháng
    log_in(page, officer)
    page.goto(f"/services/{plan.service.slug}/request/?plan={plan.pk}")
    total = page.locator('#quote [data-quote="total"]')
    assert total.inner_text() == "277.200\u00a0₫"  # rendered by the server
    assert "VNPT Nghệ An" in page.locator("#serving-unit").inner_text()
    assert page.locator("#quote-refresh").count() == 0  # the script recomputes instead
    page.get_by_label("Số lượng").fill("2")
    # The second subscription at its own price: 277.200 + 191.400, not 2 × 277.200.
    page.locator('#quote [data-quote="total"]', has_text="468.600").wait_for()
    assert page.locator('#quote [data-quote="before_vat"]').inner_text() == "426.000\u00a0₫"
    assert page.locator('#quote [data-quote="vat"]').inner_text() == "42.600\u00a0₫"
    shots(page, "services-request-total")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.get_by_text("đã được gửi tới VNPT Nghệ An").wait_for()
    request = ServiceRequest.objects.get(requester=officer)
    assert request.amount_total == 468_600
    assert "468.600\u00a0₫" in page.locator("main").inner_text()

    # Without JavaScript the button asks the server, and nothing is sent.
    context = browser.new_context(
        locale="vi-VN", base_url=live_server.url, java_script_enabled=False
    )
    plain = context.new_page()
    log_in(plain, officer)
    plain.goto(f"/services/{plan.service.slug}/request/?plan={plan.pk}")
    plain.get_by_label("Số lượng").fill("3")
    plain.get_by_role("button", name="Tính lại tổng tiền").click()
    assert plain.locator('#quote [data-quote="total"]').inner_text() == "660.000\u00a0₫"
    assert ServiceRequest.objects.filter(requester=officer).count() == 1
    context.close()


def test_the_queue_sorts_by_due_date(page, make_user, submit_three):
    liaison = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    log_in(page, liaison)
    page.goto("/services/queue/")
    due_cells = page.locator("table.requests-table td.due")
    shown = due_cells.all_inner_texts()
    assert len(shown) == 3 and shown != sorted(shown, key=_day)
    page.get_by_role("link", name=re.compile("Hạn phản hồi")).click()
    page.wait_for_url(re.compile(r"sort=due"))
    by_due = page.locator("table.requests-table td.due").all_inner_texts()
    assert by_due == sorted(shown, key=_day)
    assert page.locator("th[aria-sort=ascending]").count() == 1


def _day(text: str) -> datetime.date:
    return datetime.datetime.strptime(text.strip(), "%d/%m/%Y").date()


@pytest.fixture
def submit_three(live_server, make_user):
    import uuid

    from services.actions import submit_request

    demo.load(_Quiet())
    officer = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    plan = Plan.objects.get(code="mytv-chuan-app-7t")
    today = timezone.localdate()
    for days in (6, -3, 2):  # newest first in the queue: 2, -3, 6, not in due order
        request = submit_request(
            plan=plan, by=officer, quantity=1, contact_name="Lê Văn Cường",
            contact_phone="0912345678", idempotency_key=uuid.uuid4(),
        )  # fmt: skip
        ServiceRequest.objects.filter(pk=request.pk).update(
            first_response_due=today + datetime.timedelta(days=days)
        )
