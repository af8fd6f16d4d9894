"""Issue 17 point 3: an indicator is counted automatically or reported, never both for the same
work; where both are needed, reports carry only what the portal did not record."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import actions, summary
from agreements.models import AutoSource, ProgressReport, ReportStatus
from agreements.selectors import indicator_progress
from tests.factories import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(agreement, vnpt_indicator):
    """The VNPT indicator, counted from one participant of a joint activity."""
    vnpt_indicator.auto_source = AutoSource.ACTIVITY_PARTICIPANTS
    vnpt_indicator.save()
    activity = make_activity(
        agreement, "Tình nguyện", "tinh-nguyen", theme="volunteering",
        starts_on=datetime.date(2021, 5, 1), ends_on=datetime.date(2021, 5, 1),
        province="Hà Nội", participants=1,
    )  # fmt: skip
    activity.indicators.add(vnpt_indicator)
    return vnpt_indicator


def _approved(indicator, unit, value) -> ProgressReport:
    return ProgressReport.objects.create(
        indicator=indicator, unit=unit, year=2021, quarter=2, value=Decimal(value),
        status=ReportStatus.APPROVED,
    )  # fmt: skip


def test_three_reported_and_one_counted_no_longer_make_four(counted, hq_liaison, client):
    _approved(counted, hq_liaison.unit, 3)  # a report of the same work, left from before
    progress = indicator_progress([counted])[counted.pk]
    assert (progress.automatic, progress.reported, progress.total) == (1, 0, 1)
    with pytest.raises(ValidationError):
        actions.create_report(
            indicator=counted, unit=hq_liaison.unit, year=2021, quarter=3, value=3, by=hq_liaison
        )
    client.force_login(hq_liaison)
    url = reverse("agreements:report_create", args=[counted.pk])
    assert client.get(url).status_code == 404
    commitment = client.get(counted.commitment.get_absolute_url()).content.decode()
    assert url not in commitment


def test_off_portal_reports_are_added_without_double_counting(counted, hq_liaison, client):
    counted.off_portal_reports = True
    counted.save()
    client.force_login(hq_liaison)
    form = client.get(reverse("agreements:report_create", args=[counted.pk]))
    html = form.content.decode()
    assert form.status_code == 200
    assert "ngoài portal" in html and 'id="counted-automatically"' in html
    assert form.context["counted"].automatic == 1
    report = actions.create_report(
        indicator=counted, unit=hq_liaison.unit, year=2021, quarter=2, value=3, by=hq_liaison
    )
    ProgressReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
    summary.refresh(counted.pk, hq_liaison.unit_id)  # a raw update sends no signal
    progress = indicator_progress([counted])[counted.pk]
    assert (progress.automatic, progress.reported, progress.total) == (1, 3, 4)
    page = client.get(counted.commitment.get_absolute_url()).content.decode()
    assert "ngoài portal" in page
