"""Issue 17 point 3 in a real browser: an indicator the portal counts takes no report of the
same work; where work outside the portal is reported too, the form shows the portal's own count
and takes only the rest, and the commitment adds the two without counting anything twice."""

import re

import pytest

from agreements import actions
from agreements.models import ProgressReport, ReportStatus
from tests.agreements.conftest import agreement, vnpt_indicator  # noqa: F401 (fixtures)
from tests.agreements.test_one_source import counted  # noqa: F401 (fixture)
from tests.factories import logged_in

pytestmark = pytest.mark.browser


def test_the_report_form_takes_only_what_the_portal_did_not_record(
    browser,
    live_server,
    make_user,
    counted,  # noqa: F811
    shots,
):
    liaison = make_user("vnpt_liaison", unit="vnpt")
    page = logged_in(browser, live_server.url, liaison)
    page.wait_for_url(re.compile(r"/me/$"))
    form_url = f"/agreement/indicators/{counted.pk}/report/"
    # Counted automatically only: there is nothing to report by hand.
    assert page.goto(live_server.url + form_url).status == 404

    counted.off_portal_reports = True
    counted.save()
    page.goto(live_server.url + form_url)
    note = page.locator("#counted-automatically")
    assert "1" in note.inner_text() and "ngoài" in note.inner_text()
    value = page.get_by_label("Giá trị ngoài portal (chưa ghi nhận trên cổng)")
    value.fill("3")
    page.get_by_label("Năm").fill("2021")
    page.get_by_label("Quý").select_option("2")
    page.get_by_label("Thuyết minh").fill("3 buổi tập huấn tại chỗ, không đăng ký qua Cổng.")
    shots(page, "one-source-form")
    page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_text("Đã lưu bản nháp").wait_for()
    page.get_by_role("button", name="Gửi để xác nhận").click()
    page.get_by_text("Đã gửi báo cáo để bên kia xác nhận").wait_for()

    report = ProgressReport.objects.get(indicator=counted)
    reviewer = make_user("union_officer", unit="Văn phòng Trung ương Đoàn")
    actions.approve_report(report=report, by=reviewer)
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED
    page.goto(live_server.url + counted.commitment.get_absolute_url())
    figures = page.locator(".indicator-figures", has_text="ngoài portal").inner_text()
    # 1 counted by the portal + 3 confirmed outside it, each labelled, and 4 in all.
    assert re.search(r"^4 ", figures), figures
    assert re.search(r"ngoài portal\)?[^0-9]*3", figures), figures
    assert re.search(r"\): 1$", figures.strip()), figures
