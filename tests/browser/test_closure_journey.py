"""Closure in a real browser: the VNPT liaison completes a request with the contract number,
the requesting unit's officer confirms it works with a rating of 4, and the services
dashboard shows the rating for the branch and the service."""

import uuid

import pytest
from django.utils import timezone

from partnership.notifications.models import Notification
from services import actions, demo, selectors
from services.models import Plan, Status
from tests.factories import browser_page, log_in

pytestmark = pytest.mark.browser


class _Quiet:
    def write(self, *args, **kwargs):
        pass


def test_liaison_completes_officer_confirms_with_a_rating_dashboard_shows_it(
    page, browser, live_server, make_user, shots
):
    demo.load(_Quiet())
    officer = make_user("member", "union_officer", unit="Tỉnh đoàn Nghệ An")
    liaison = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    request = actions.submit_request(
        plan=Plan.objects.get(code="meeting-50"),
        by=officer,
        quantity=1,
        contact_name="Lê Văn Cường",
        contact_phone="0912345678",
        idempotency_key=uuid.uuid4(),
    )
    for status in (Status.ACCEPTED, Status.IN_PROGRESS):
        actions.set_status(request=request, new_status=status, by=liaison)

    # The liaison completes it: without the contract number, the form says what is missing.
    log_in(page, liaison)
    page.goto(f"/services/request/{request.reference}/")
    page.get_by_role("button", name="Báo hoàn thành", exact=True).click()
    page.locator(".field-error", has_text="số hợp đồng hoặc số thuê bao").wait_for()
    page.get_by_label("Số hợp đồng hoặc thuê bao").fill("HĐ-2026/NA-042")
    page.get_by_label("Ngày kích hoạt").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Báo hoàn thành", exact=True).click()
    page.locator("#request-status", has_text="Đã hoàn thành, chờ xác nhận").wait_for()
    assert "HĐ-2026/NA-042" in page.locator("#delivered").inner_text()
    page.context.close()

    # The officer confirms: a rating is required, then it is recorded with the comment.
    officer_page = browser_page(browser, live_server.url)
    log_in(officer_page, officer)
    officer_page.goto(f"/services/request/{request.reference}/")
    closure = officer_page.locator("#closure")
    assert "Dịch vụ đã hoạt động tốt chưa?" in closure.inner_text()
    shots(officer_page, "services-closure-confirm")
    officer_page.get_by_role("button", name="Xác nhận hoạt động tốt").click()
    officer_page.locator(".field-error", has_text="Hãy chọn mức đánh giá").wait_for()
    officer_page.get_by_label("4 – Hài lòng").check()
    officer_page.get_by_label("Nhận xét (không bắt buộc)").fill("Kết nối 50 điểm cầu ổn định.")
    officer_page.get_by_role("button", name="Xác nhận hoạt động tốt").click()
    officer_page.locator("#request-status", has_text="Đã xác nhận").wait_for()
    assert "4/5" in officer_page.locator("#request-rating").inner_text()
    history = officer_page.locator(".timeline").inner_text()
    assert "Mức hài lòng: 4/5" in history and officer.full_name in history

    request.refresh_from_db()
    assert (request.status, request.rating, request.auto_confirmed) == ("confirmed", 4, False)
    assert Notification.objects.filter(
        recipient=liaison, event="services.request_status_changed", context__rating=4
    ).exists()

    # The dashboard shows the rating for the branch and for the service.
    officer_page.goto("/services/dashboard/")
    branches = officer_page.locator("#satisfaction-branches")
    # Columns: by the requester, by the portal, awaiting, reopened, ratings, average; each
    # row as the selectors count it (the demo may have rated this branch and service too).
    for table, rows, name in [
        (branches, selectors.satisfaction_by_branch(), "VNPT Nghệ An"),
        (officer_page.locator("#satisfaction-services"), selectors.satisfaction_by_service(),
         request.service.name),
    ]:  # fmt: skip
        [counted] = [r for r in rows if r.subject.name == name]
        assert counted.by_requester >= 1 and counted.rated >= 1
        mean = f"{counted.mean_rating:.1f}".replace(".", ",")
        expected = [counted.by_requester, counted.by_portal, counted.awaiting, counted.reopened,
                    counted.rated, mean]  # fmt: skip
        cells = table.locator("tr", has_text=name).first.locator("td").all_inner_texts()
        assert [c.strip() for c in cells] == [str(v) for v in expected]
    shots(officer_page, "services-closure-dashboard")
    # The service's page shows the average rating.
    officer_page.goto(f"/services/{request.service.slug}/")
    mean, count = selectors.service_rating(request.service)
    rating = officer_page.locator("#service-rating").inner_text()
    assert f"{mean:.1f}".replace(".", ",") + "/5" in rating and str(count) in rating
    officer_page.context.close()
