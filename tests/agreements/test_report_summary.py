"""The dashboard's summary rows follow every action on reports and equal a rebuild from scratch."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from agreements import actions, selectors, summary
from agreements.models import ProgressReport, ReportStatus, ReportSummary

pytestmark = pytest.mark.django_db


def _rows():
    return {
        (r.indicator_id, r.unit_id): (
            r.draft,
            r.submitted,
            r.returned,
            r.approved,
            r.approved_sum,
            r.latest_value,
        )
        for r in ReportSummary.objects.all()
    }


def _report(indicator, officer, year, quarter, value):
    return actions.create_report(
        indicator=indicator,
        unit=officer.unit,
        year=year,
        quarter=quarter,
        value=Decimal(value),
        narrative="Đã triển khai.",
        by=officer,
    )


def test_rows_follow_the_actions_and_equal_a_rebuild(
    union_indicator, vnpt_indicator, hanoi_officer, hanoi_liaison, tw_officer
):
    first = _report(union_indicator, hanoi_officer, 2021, 1, "3")
    later = _report(union_indicator, hanoi_officer, 2021, 2, "5")
    key = (union_indicator.pk, hanoi_officer.unit_id)
    assert _rows()[key] == (2, 0, 0, 0, Decimal(0), None)

    actions.submit_report(report=first, by=hanoi_officer)
    actions.submit_report(report=later, by=hanoi_officer)
    actions.approve_report(report=later, by=hanoi_liaison)
    assert _rows()[key] == (0, 1, 0, 1, Decimal(5), Decimal(5))
    # A stock indicator counts the latest confirmed period, not the last confirmed one.
    actions.approve_report(report=first, by=hanoi_liaison)
    assert _rows()[key] == (0, 0, 0, 2, Decimal(8), Decimal(5))

    other = _report(vnpt_indicator, hanoi_liaison, 2021, 1, "7")
    actions.submit_report(report=other, by=hanoi_liaison)
    actions.return_report(report=other, by=tw_officer, comment="Thiếu biên bản.")
    assert _rows()[(vnpt_indicator.pk, hanoi_liaison.unit_id)] == (0, 0, 1, 0, 0, None)

    kept = _rows()
    out = io.StringIO()
    call_command("rebuild_report_summary", stdout=out)
    assert "2 summary rows" in out.getvalue()
    assert _rows() == kept

    actions.delete_reports(reports=[other])
    assert (vnpt_indicator.pk, hanoi_liaison.unit_id) not in _rows()


def test_a_report_moved_to_another_unit_leaves_its_old_row(
    union_indicator, hanoi_officer, tw_officer
):
    report = _report(union_indicator, hanoi_officer, 2021, 1, "2")
    report.unit = tw_officer.unit
    actions.save_report_in_admin(report=report, was=(union_indicator.pk, hanoi_officer.unit_id))
    assert set(_rows()) == {(union_indicator.pk, tw_officer.unit_id)}


def test_dashboard_roll_ups_equal_the_reports(
    union_indicator, vnpt_indicator, hanoi_officer, hanoi_liaison
):
    for quarter, status in enumerate(ReportStatus.values, start=1):
        ProgressReport.objects.create(
            indicator=vnpt_indicator,
            unit=hanoi_liaison.unit,
            year=2021,
            quarter=quarter,
            value=Decimal(quarter),
            status=status,
        )
    ProgressReport.objects.create(
        indicator=union_indicator,
        unit=hanoi_officer.unit,
        year=2020,
        quarter=4,
        value=Decimal("4"),
        status=ReportStatus.APPROVED,
    )
    summary.rebuild()  # rows written in bulk, as the demo and the scale data load them
    agreement = union_indicator.commitment.agreement
    by_province = dict(selectors.rollup_by_province(agreement))
    assert by_province["Hà Nội"] == {"draft": 1, "submitted": 1, "returned": 1, "approved": 2}
    progress = selectors.indicator_progress(selectors.indicators_of(agreement))
    assert (progress[vnpt_indicator.pk].reported, progress[vnpt_indicator.pk].reports) == (4, 1)
    assert progress[union_indicator.pk].reported == 4
    assert summary.rebuild() == 2
