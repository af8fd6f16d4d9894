"""The services dashboard's pictures: requests received and on-time rate per branch, as bar
charts with their data tables, from one grouped statement."""

import datetime
import re

import pytest
from django.utils import timezone

from services import actions, selectors
from services.models import ServiceRequest

pytestmark = pytest.mark.django_db


def test_requests_and_on_time_rate_per_branch(
    client, catalogue, make_user, submit, nghean_liaison, django_assert_num_queries
):
    officer = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    on_time, late, fresh = (submit(officer, plan="app1", quantity=1) for _ in range(3))
    actions.set_status(request=on_time, new_status="accepted", by=nghean_liaison)
    actions.set_status(request=late, new_status="accepted", by=nghean_liaison)
    ServiceRequest.objects.filter(pk=late.pk).update(
        first_response_due=timezone.localdate() - datetime.timedelta(days=3)
    )
    # One grouped statement on the requests, one for the branches' names.
    with django_assert_num_queries(2):
        (row,) = selectors.on_time_by_branch()
    assert (row.requests, row.answered_on_time, row.answered_late, row.on_time_rate) == (
        3,
        1,
        1,
        50,
    )
    client.force_login(nghean_liaison)
    response = client.get("/services/dashboard/")
    html = response.content.decode()
    svgs = re.findall(r'<svg role="img"[^>]*>', html)
    assert len(svgs) == 2
    requests_chart, rate_chart = (
        response.context["requests_chart"],
        response.context["on_time_chart"],
    )
    assert [(b.label, b.text) for b in requests_chart.bars] == [(row.branch.name, "3")]
    assert [b.text for b in rate_chart.bars] == ["50%"]
    assert rate_chart.bars[0].width == requests_chart.bars[0].width / 2  # 50 of 100
    assert 'id="chart-requests-table"' in html and 'id="chart-on-time-table"' in html
    assert fresh.vnpt_unit == row.branch
