"""Service requests in a real browser: an officer, a VNPT liaison and a member."""

import re

import pytest
from django.utils import timezone

from partnership.notifications.models import Notification
from services import demo
from services.models import Plan, ServiceRequest, Status
from tests.factories import PASSWORD, browser_page

pytestmark = pytest.mark.browser


class _Quiet:
    def write(self, *args, **kwargs):
        pass


def log_in(page, user):
    page.goto("/account/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def second_page(browser, live_server):
    return browser_page(browser, live_server.url)


def test_officer_requests_mytv_liaison_asks_info_and_completes(
    page, browser, live_server, make_user, shots
):
    demo.load(_Quiet())
    officer = make_user("member", "union_officer", unit="Tỉnh đoàn Nghệ An")
    liaison = make_user("vnpt_liaison", unit="VNPT Nghệ An")

    # The officer finds MyTV without typing the accents and compares the plans.
    log_in(page, officer)
    page.goto("/services/")
    page.get_by_label("Tìm kiếm").fill("truyen hinh")
    page.get_by_role("button", name="Áp dụng").click()
    page.get_by_role("link", name="Truyền hình MyTV").click()
    table = page.locator("table.plans")
    assert "46.200\u00a0₫" in table.inner_text()  # App MyTV Chuẩn with 10 % VAT
    row = page.locator(f"#plan-{Plan.objects.get(code='mytv-chuan-stb-7t').pk}")
    assert "MyTV Chuẩn 7 tháng" in row.inner_text()
    assert "trả 6" in row.inner_text()
    shots(page, "services-compare")
    row.get_by_role("link", name=re.compile("Đăng ký")).click()

    page.get_by_label("Số lượng").fill("3")
    page.get_by_label("Địa chỉ / nơi lắp đặt").fill("Số 1 Trường Thi, TP. Vinh")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.get_by_text("đã được gửi tới VNPT Nghệ An").wait_for()
    request = ServiceRequest.objects.get(requester=officer)
    assert (request.quantity, request.plan.code) == (3, "mytv-chuan-stb-7t")
    assert request.vnpt_unit.name == "VNPT Nghệ An"

    # The VNPT Nghệ An liaison finds it in the queue and asks for information.
    vnpt = second_page(browser, live_server)
    log_in(vnpt, liaison)
    vnpt.get_by_role("link", name="Hàng đợi VNPT").first.click()
    vnpt.get_by_role("link", name=request.reference).click()
    vnpt.get_by_label("Ghi chú").fill("Đề nghị cho biết số điện thoại kỹ thuật tại điểm lắp đặt.")
    vnpt.get_by_role("button", name="Đề nghị bổ sung thông tin").click()
    vnpt.locator("#request-status", has_text="Cần bổ sung thông tin").wait_for()

    # The officer answers; the request goes back to VNPT.
    page.reload()
    page.get_by_label("Tin nhắn").fill("Kỹ thuật: anh Hùng, 0912 000 111.")
    page.get_by_role("button", name="Gửi trả lời").click()
    page.locator("#request-status", has_text="Đã gửi").wait_for()
    shots(page, "services-request-officer")

    # The liaison takes it to completion.
    vnpt.reload()
    assert "0912 000 111" in vnpt.locator(".thread").inner_text()
    for button, status in [
        ("Tiếp nhận", "Đã tiếp nhận"),
        ("Bắt đầu triển khai", "Đang triển khai"),
    ]:
        vnpt.get_by_role("button", name=button, exact=True).click()
        vnpt.locator("#request-status", has_text=status).wait_for()
    # Completing says what was delivered (tests/browser/test_closure_journey.py goes on).
    vnpt.get_by_label("Số hợp đồng hoặc thuê bao").fill("HĐ-2026/117")
    vnpt.get_by_label("Ngày kích hoạt").fill(timezone.localdate().isoformat())
    vnpt.get_by_role("button", name="Báo hoàn thành", exact=True).click()
    vnpt.locator("#request-status", has_text="Đã hoàn thành, chờ xác nhận").wait_for()
    shots(vnpt, "services-request-liaison")
    vnpt.context.close()

    request.refresh_from_db()
    assert request.status == Status.COMPLETED
    assert list(request.status_changes.values_list("new_status", flat=True)) == [
        "submitted", "needs_info", "submitted", "accepted", "in_progress", "completed",
    ]  # fmt: skip
    assert (
        Notification.objects.filter(
            recipient=officer, event="services.request_status_changed"
        ).count()
        == 4  # every move except the one the officer made by answering
    )
    assert set(Notification.objects.filter(recipient=liaison).values_list("event", flat=True)) == {
        "services.request_submitted",
        "services.request_message",
        "services.request_status_changed",
    }
    page.goto("/notifications/")
    assert request.reference in page.locator("main").inner_text()


def test_member_requests_a_member_plan_and_an_ended_plan_is_refused(page, make_user, shots):
    demo.load(_Quiet())
    member = make_user("member", unit="Đoàn Trường Đại học Vinh")
    log_in(page, member)

    page.goto("/services/?q=tieng+anh")
    page.get_by_role("link", name="MyEnglish – Học tiếng Anh trực tuyến").click()
    # A plan for union units only is shown to the member, with the reason.
    unit_plan = page.locator("tr", has_text="MyEnglish cho chi đoàn")
    assert "chỉ dành cho" in unit_plan.inner_text()
    page.locator("tr", has_text="MyEnglish 7 tháng").get_by_role(
        "link", name=re.compile("Đăng ký")
    ).click()
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.get_by_text("đã được gửi tới VNPT Nghệ An").wait_for()
    request = ServiceRequest.objects.get(requester=member)
    assert not request.for_unit and request.plan.code == "myenglish-7t"

    # A plan whose sale ended is shown, with the reason, and cannot be requested.
    page.goto("/services/mytv/")
    ended = page.locator("tr", has_text="ưu đãi Tháng Thanh niên 2026")
    assert "Gói cước này đã ngừng cung cấp." in ended.inner_text()
    assert ended.get_by_role("link", name=re.compile("Đăng ký")).count() == 0
    shots(page, "services-member-plans")

    plan = Plan.objects.get(code="mytv-nang-cao-thang-thanh-nien-2026")
    page.goto(f"/services/mytv/request/?plan={plan.pk}")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.locator(".field-error", has_text="Gói cước này đã ngừng cung cấp.").wait_for()
    assert ServiceRequest.objects.filter(requester=member).count() == 1
