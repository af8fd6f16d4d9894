"""Journeys on the agreement: a quarterly report confirmed by the other party; a visitor."""

import re

import pytest

from agreements.models import ProgressReport, ReportStatus
from tests.agreements.conftest import agreement, union_indicator  # noqa: F401 (fixtures)
from tests.factories import logged_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _session(browser, live_server, user):
    page = logged_in(browser, live_server.url, user)
    page.wait_for_url(re.compile(r"/me/$"))
    return page


def test_officer_reports_reviewer_returns_then_approves(
    browser,
    live_server,
    make_user,
    union_indicator,  # noqa: F811
    shots,
):
    officer = make_user("union_officer", unit="Thành đoàn Hà Nội")
    reviewer = make_user("vnpt_liaison", unit="VNPT Hà Nội")
    commitment_url = union_indicator.commitment.get_absolute_url()

    mine = _session(browser, live_server, officer)
    mine.goto(commitment_url)
    mine.get_by_role("link", name="Lập báo cáo tiến độ").first.click()
    mine.get_by_label("Năm").fill("2023")
    mine.get_by_label("Quý").select_option("1")
    mine.get_by_label("Giá trị đạt được").fill("1")
    mine.get_by_label("Thuyết minh").fill("Thành đoàn đã dùng văn phòng điện tử VNPT.")
    mine.get_by_label("Tệp minh chứng").set_input_files(
        {"name": "bien-ban-q1.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    mine.get_by_role("button", name="Lưu nháp").click()
    # Outside the term: told on the field, the text and the uploaded file are kept.
    mine.get_by_text("nằm ngoài thời hạn của thỏa thuận").wait_for()
    assert mine.get_by_label("bien-ban-q1.pdf").is_checked()
    assert "văn phòng điện tử" in mine.get_by_label("Thuyết minh").input_value()
    mine.get_by_label("Năm").fill("2021")
    mine.get_by_role("button", name="Lưu nháp").click()
    mine.get_by_text("Đã lưu bản nháp").wait_for()
    mine.get_by_role("button", name="Gửi để xác nhận").click()
    mine.get_by_text("Đã gửi báo cáo để bên kia xác nhận").wait_for()
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.evidence.count() == 1

    theirs = _session(browser, live_server, reviewer)
    theirs.goto("/agreement/dashboard/")
    theirs.get_by_role("link", name="Quý 1/2021").click()
    theirs.get_by_label("Trả lại để chỉnh sửa").check()
    theirs.get_by_label("Ý kiến gửi đơn vị báo cáo").fill("Đề nghị bổ sung số văn bản đã xử lý.")
    theirs.get_by_role("button", name="Gửi quyết định").click()
    theirs.get_by_text("Đã trả lại báo cáo").wait_for()

    mine.goto(report.get_absolute_url())
    mine.get_by_text("Đề nghị bổ sung số văn bản đã xử lý.").first.wait_for()
    mine.get_by_role("link", name="Sửa").click()
    mine.get_by_label("Thuyết minh").fill("Đã xử lý 420 văn bản trên phần mềm.")
    mine.get_by_role("button", name="Lưu nháp").click()
    mine.get_by_text("Đã lưu thay đổi").wait_for()
    mine.get_by_role("button", name="Gửi để xác nhận").click()
    mine.get_by_text("Đã gửi báo cáo để bên kia xác nhận").wait_for()

    theirs.goto(report.get_absolute_url())
    theirs.get_by_label("Xác nhận (duyệt)").check()
    theirs.get_by_role("button", name="Gửi quyết định").click()
    theirs.get_by_text("Đã xác nhận báo cáo").wait_for()
    shots(theirs, "agreements-report-approved")

    mine.goto(report.get_absolute_url())
    mine.get_by_text("Đã khóa").wait_for()
    assert mine.get_by_role("button", name="Gửi để xác nhận").count() == 0
    assert mine.get_by_role("link", name="Sửa").count() == 0
    history = mine.locator(".history li")
    assert history.count() == 5

    mine.goto("/agreement/commitments/")
    assert mine.locator("progress").first.get_attribute("value") == "3"  # 1 of 34
    assert mine.get_by_text("báo cáo đã xác nhận: 1").first.is_visible()
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_visitor_reads_the_agreement_and_its_progress(page, union_indicator, shots):  # noqa: F811
    page.goto("/")
    page.get_by_role("link", name=union_indicator.commitment.agreement.title).first.click()
    page.get_by_role("heading", name=union_indicator.commitment.agreement.title).wait_for()
    assert page.get_by_text("23/08/2019").first.is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    page.emulate_media(media="screen")
    shots(page, "agreements-agreement")
    page.get_by_role("link", name="Xem tiến độ từng cam kết").first.click()
    page.get_by_role("heading", name="Cam kết và tiến độ").wait_for()
    assert page.locator("progress").count() >= 2
    page.get_by_label("Bên", exact=True).select_option("vnpt")
    page.get_by_role("button", name="Lọc").click()
    assert page.locator("progress").count() == 1
    shots(page, "agreements-commitments")
    page.get_by_role("link", name=re.compile("V.5")).click()
    page.get_by_role("heading", name="Báo cáo đã xác nhận").wait_for()
    assert page.get_by_text("Chưa có báo cáo nào của cam kết này được xác nhận.").is_visible()
