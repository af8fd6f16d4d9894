"""Requests made under a province merged away belong to its successor (issue 17, point 2)."""

import datetime

import pytest
from django.utils import timezone

from services import selectors
from services.models import ServiceRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_request(catalogue, make_user, submit, org_tree):
    """A 2020 request of Tỉnh đoàn Hà Giang, received by VNPT Hà Giang, answered late."""
    requester = make_user("member", unit="Tỉnh đoàn Hà Giang")
    request = submit(requester, plan="app1", quantity=1)
    at = timezone.make_aware(datetime.datetime(2020, 10, 12, 9))
    ServiceRequest.objects.filter(pk=request.pk).update(
        vnpt_unit=org_tree("VNPT Hà Giang"),
        submitted_at=at,
        first_response_due=datetime.date(2020, 10, 14),
        first_response_at=at + datetime.timedelta(days=5),
    )
    request.refresh_from_db()
    return request


def refs(response):
    return {r.reference for r in response.context["page_obj"]}


def test_successor_officer_lists_filters_and_picks_units_of_today(
    client, old_request, make_user, org_tree
):
    officer = make_user("union_officer", unit="Tỉnh đoàn Tuyên Quang")
    client.force_login(officer)
    tuyen_quang = org_tree("Tỉnh đoàn Tuyên Quang")
    response = client.get("/services/requests/", {"unit": tuyen_quang.pk})
    assert refs(response) == {old_request.reference}
    assert "Tỉnh đoàn Hà Giang (nay là Tuyên Quang)" in response.content.decode()
    picker = response.context["form"].fields["unit"].queryset
    assert tuyen_quang in picker and org_tree("Tỉnh đoàn Hà Giang") not in picker
    other = make_user("union_officer", unit="Tỉnh đoàn Thái Nguyên")
    client.force_login(other)
    assert refs(client.get("/services/requests/")) == set()


def test_successor_branch_queue_search_and_export(client, old_request, make_user, org_tree):
    liaison = make_user("vnpt_liaison", unit="VNPT Tuyên Quang")
    assert selectors.can_act_as_vnpt(liaison, old_request)
    client.force_login(liaison)
    assert refs(client.get("/services/queue/")) == {old_request.reference}
    for q in ("Hà Giang", "tuyen quang"):  # the former name finds its successor, and back
        assert refs(client.get("/services/queue/", {"q": q})) == {old_request.reference}
    csv = client.get("/services/queue/", {"export": "csv"}).content.decode("utf-8-sig")
    assert old_request.reference in csv and "Tỉnh đoàn Hà Giang" in csv  # its original name
    hq = make_user("vnpt_liaison", unit="vnpt")
    client.force_login(hq)
    queue = client.get("/services/queue/", {"unit": org_tree("Tỉnh đoàn Tuyên Quang").pk})
    assert refs(queue) == {old_request.reference}


def test_branch_rates_count_the_former_branch_for_its_successor(old_request, org_tree):
    rows = {b.branch.name: b for b in selectors.on_time_by_branch()}
    assert "VNPT Hà Giang" not in rows
    assert rows["VNPT Tuyên Quang"].answered_late == 1
