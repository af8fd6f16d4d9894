"""Completed catalogue requests and VNPT-supported ideas count toward indicators by themselves."""

import datetime

import pytest

from agreements.models import Agreement, AutoSource, Indicator
from agreements.selectors import indicator_progress

pytestmark = pytest.mark.django_db


class _Out:
    def write(self, text):
        pass


def test_completed_service_requests_count_separately_from_reports(agreement, union_indicator):
    from partnership.accounts import demo as accounts_demo
    from services import demo as services_demo
    from services.models import Service, ServiceRequest, Status

    accounts_demo.load(_Out())
    services_demo.load(_Out())
    counted = Indicator.objects.create(
        commitment=union_indicator.commitment,
        name="Yêu cầu dịch vụ đã hoàn thành",
        unit_of_measure="yêu cầu",
        target=100,
        auto_source=AutoSource.SERVICE_REQUESTS,
    )
    assert indicator_progress([counted])[counted.pk].automatic == 0  # no service linked yet
    services = list(Service.objects.all())
    union_indicator.commitment.services.set(services)
    completed = ServiceRequest.objects.filter(
        service__in=services, status__in=[Status.COMPLETED, Status.CLOSED]
    ).count()
    assert completed > 0
    progress = indicator_progress([counted])[counted.pk]
    assert progress.automatic == completed and progress.reported == 0
    assert progress.total == completed
    # A renewal that started before the requests takes them over.
    renewal = Agreement.objects.create(
        title="Gia hạn",
        slug="gia-han",
        union_party=agreement.union_party,
        vnpt_party=agreement.vnpt_party,
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2030, 12, 31),
    )
    agreement.succeeded_by = renewal
    agreement.save()
    counted.refresh_from_db()
    # only the demo's 2020–2022 requests (made under former provinces) stay with the first term
    before = ServiceRequest.objects.filter(
        service__in=services,
        status__in=[Status.COMPLETED, Status.CLOSED],
        completed_at__date__lt=renewal.starts_on,
    ).count()
    assert before < completed
    assert indicator_progress([counted])[counted.pk].automatic == before


def test_ideas_supported_by_vnpt_count(agreement, vnpt_indicator):
    from ideas import demo as ideas_demo
    from ideas.models import Idea
    from partnership.accounts import demo as accounts_demo

    accounts_demo.load(_Out())
    ideas_demo.load(_Out())
    vnpt_indicator.auto_source = AutoSource.SUPPORTED_IDEAS
    vnpt_indicator.save()
    expected = Idea.objects.filter(vnpt_supported=True, vnpt_supported_at__isnull=False).count()
    assert expected > 0
    assert indicator_progress([vnpt_indicator])[vnpt_indicator.pk].automatic == expected
