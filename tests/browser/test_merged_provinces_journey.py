"""A visitor filters a province of today and finds what was done under a former province."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agreements.models import ProgressReport, ReportStatus
from ideas.models import Status
from tests.agreements.conftest import agreement, vnpt_indicator  # noqa: F401 (fixtures)
from tests.factories import make_idea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_successor_province_shows_2020_records_of_the_former_province(
    page,
    make_user,
    org_tree,
    vnpt_indicator,  # noqa: F811
    shots,
):
    author = make_user("member", unit="Tỉnh đoàn Hà Giang")
    make_idea(
        author,
        status=Status.AWARDED,
        title="Bản đồ số điểm du lịch cao nguyên đá",
        submitted_at=timezone.make_aware(datetime.datetime(2020, 9, 14, 10)),
    )
    make_idea(make_user("member", unit="Thành đoàn Hà Nội"), status=Status.AWARDED, title="Khác")
    ProgressReport.objects.create(
        indicator=vnpt_indicator,
        unit=org_tree("VNPT Hà Giang"),
        year=2020,
        quarter=3,
        value=Decimal(4),
        status=ReportStatus.APPROVED,
    )

    # The idea gallery: only the 34 provinces of today to pick from
    page.goto("/ideas/")
    options = page.locator("#id_province option")
    expect(options).to_have_count(35)
    expect(page.locator("#id_province option", has_text="Hà Giang")).to_have_count(0)
    page.locator("#id_province").select_option("Tuyên Quang")
    page.get_by_role("button", name="Áp dụng").click()
    expect(page).to_have_url(re.compile(r"province=Tuy"))
    card = page.locator("article", has_text="Bản đồ số điểm du lịch cao nguyên đá")
    expect(card).to_contain_text("Hà Giang (nay là Tuyên Quang)")
    expect(page.get_by_text("Khác", exact=True)).to_have_count(0)
    shots(page, "merged-provinces-gallery")

    # The agreement's reports: the 2020 report of the former VNPT branch, under its own name
    page.goto("/agreement/reports/")
    page.locator("#id_province").select_option("Tuyên Quang")
    page.get_by_role("button", name="Lọc").click()
    row = page.locator("tr", has_text="VNPT Hà Giang (nay là Tuyên Quang)")
    expect(row).to_contain_text("2020")

    # The site search: the former name finds its successor
    page.goto("/search/?q=H%C3%A0+Giang")
    expect(page.get_by_role("link", name="Tỉnh đoàn Tuyên Quang")).to_be_visible()
