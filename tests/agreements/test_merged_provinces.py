"""Reports made under a province merged away roll up to its successor (issue 17, point 2)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agreements import selectors
from agreements.forms import ReportFilterForm
from agreements.models import ProgressReport, ReportStatus
from partnership.organisations import provinces


def _historical(indicator, unit, *, year=2020, quarter=3, value=7, status=ReportStatus.APPROVED):
    return ProgressReport.objects.create(
        indicator=indicator,
        unit=unit,
        year=year,
        quarter=quarter,
        value=Decimal(value),
        narrative=f"Quý {quarter}/{year} tại {unit.province}",
        status=status,
    )


@pytest.fixture
def ha_giang_report(vnpt_indicator, org_tree):
    return _historical(vnpt_indicator, org_tree("VNPT Hà Giang"))


def test_dashboard_row_of_the_successor_counts_the_former_province(
    agreement,
    vnpt_indicator,
    ha_giang_report,
    org_tree,
):
    _historical(vnpt_indicator, org_tree("VNPT Tuyên Quang"), year=2022, status="submitted")
    rows = dict(selectors.rollup_by_province(agreement))
    assert "Hà Giang" not in rows
    assert rows["Tuyên Quang"]["approved"] == 1 and rows["Tuyên Quang"]["submitted"] == 1


def test_report_list_filter_finds_the_former_province_under_its_original_name(
    client, ha_giang_report
):
    url = reverse("agreements:reports")
    for province in ("Tuyên Quang", "Hà Giang"):  # an old link's former name: its successor
        page = client.get(url, {"province": province})
        assert list(page.context["page_obj"]) == [ha_giang_report]
        assert "VNPT Hà Giang (nay là Tuyên Quang)" in page.content.decode()
    assert not list(client.get(url, {"province": "Thái Nguyên"}).context["page_obj"])


def test_report_search_follows_the_merger_both_ways(ha_giang_report, vnpt_indicator, org_tree):
    today = _historical(vnpt_indicator, org_tree("VNPT Tuyên Quang"), year=2022)
    user = type("Visitor", (), {"is_authenticated": False})()
    assert set(selectors.reports_filtered(user, q="tuyen quang")) == {ha_giang_report, today}
    assert set(selectors.reports_filtered(user, q="Hà Giang")) == {ha_giang_report, today}
    assert not selectors.reports_filtered(user, q="Thái Nguyên").exists()


def test_progress_and_export_of_the_successor_include_the_former_province(
    client,
    ha_giang_report,
    vnpt_indicator,
    make_user,
):
    progress = selectors.indicator_progress([vnpt_indicator], province="Tuyên Quang")
    assert progress[vnpt_indicator.pk].reported == Decimal(7)
    assert selectors.indicator_progress([vnpt_indicator], province="Thái Nguyên")[
        vnpt_indicator.pk
    ].reported == Decimal(0)
    client.force_login(make_user("vnpt_liaison", unit="VNPT Tuyên Quang"))
    response = client.get(reverse("agreements:export"), {"province": "Tuyên Quang"})
    vnpt_sheet = load_workbook(io.BytesIO(response.content)).worksheets[1]
    row = next(r for r in vnpt_sheet.iter_rows(values_only=True) if vnpt_indicator.name in r)
    assert row[7] == 7  # reported, the former province's report included


def test_successor_liaison_sees_the_former_branch_reports(ha_giang_report, make_user, org_tree):
    draft = _historical(
        ha_giang_report.indicator, org_tree("VNPT Hà Giang"), quarter=4, status="draft"
    )
    liaison = make_user("vnpt_liaison", unit="VNPT Tuyên Quang")
    assert set(selectors.my_unit_reports(liaison)) == {ha_giang_report, draft}
    other = make_user("vnpt_liaison", unit="VNPT Thái Nguyên")
    assert not selectors.my_unit_reports(other).exists()


def test_province_pickers_offer_the_34_provinces_of_today():
    choices = [value for value, _label in ReportFilterForm().fields["province"].choices]
    assert choices == ["", *provinces.CURRENT] and len(choices) == 35
