"""What keeps the services pages cheap at scale, checked for behaviour (not timing).

- the popularity sort reads per-day counts (ServiceDemand) that the actions keep right;
- the request lists count at most CAP rows, number pages up to CAP, then go on by keyset;
- every list page runs the same number of queries with 1 and 30 rows.
"""

import datetime
import html
import re
import uuid

import pytest
from django.db.models import Sum
from django.utils import timezone

from services import demand, paging, selectors
from services.models import ServiceDemand, ServiceRequest, Status

pytestmark = pytest.mark.django_db


def counted():
    """{service id: requests counted in the popularity window}."""
    rows = ServiceDemand.objects.filter(day__gte=demand.window_start())
    return {
        r["service_id"]: r["n"]
        for r in rows.values("service_id").annotate(n=Sum("requests"))
        if r["n"]
    }


def truth():
    """The same figure counted from the requests, as the page used to."""
    since = demand.window_start()
    result = {}
    for r in ServiceRequest.objects.all():
        if demand.day_of(r.submitted_at) >= since:
            result[r.service_id] = result.get(r.service_id, 0) + 1
    return result


def popularity(name):
    return {s.name: s.popularity for s in selectors.catalogue()}[name]


def test_request_counts_follow_submit_cancel_move_and_delete(
    catalogue, nghean_officer, nghean_liaison, submit, admin_user
):
    mytv, english = catalogue["mytv"], catalogue["english_service"]
    first = submit(nghean_officer)
    submit(nghean_officer, plan="app1", quantity=1)
    third = submit(nghean_officer, plan="english", quantity=1)
    assert counted() == truth() == {mytv.pk: 2, english.pk: 1}
    # The same form submitted twice: one request, counted once.
    key = uuid.uuid4()
    submit(nghean_officer, idempotency_key=key)
    submit(nghean_officer, idempotency_key=key)
    assert counted() == truth() == {mytv.pk: 3, english.pk: 1}

    # Cancelling keeps the request "made in the last 90 days", as the page always counted.
    from services.actions import set_status

    set_status(request=first, new_status=Status.CANCELLED, by=nghean_officer)
    assert counted() == truth()

    # Moved to another plan of another service, or to another day (admin corrections).
    from services.actions import correct_request, delete_requests

    correct_request(request=third, by=admin_user, plan=catalogue["app1"])
    assert third.service == mytv
    assert counted() == truth() == {mytv.pk: 4}
    correct_request(
        request=third, by=admin_user, submitted_at=timezone.now() - datetime.timedelta(days=120)
    )
    assert counted() == truth() == {mytv.pk: 3}

    # Deleted one by one or in bulk (the admin's delete and its bulk action): uncounted.
    delete_requests(requests=[first], by=admin_user)
    assert counted() == truth() == {mytv.pk: 2}
    delete_requests(requests=ServiceRequest.objects.filter(service=mytv), by=admin_user)
    assert counted() == truth() == {}

    # The rebuild (migration, bulk loads) agrees with what the actions kept.
    submit(nghean_officer, plan="english", quantity=1)
    kept = set(
        ServiceDemand.objects.filter(requests__gt=0).values_list("service", "day", "requests")
    )
    demand.rebuild()
    assert set(ServiceDemand.objects.values_list("service", "day", "requests")) == kept


def test_popularity_counts_the_last_90_days_only(catalogue, nghean_officer, submit):
    old = [submit(nghean_officer, plan="app1", quantity=1) for _ in range(3)]
    ServiceRequest.objects.filter(pk__in=[r.pk for r in old]).update(
        submitted_at=timezone.now() - datetime.timedelta(days=100)
    )
    demand.rebuild()  # update() bypasses save(), as a bulk load does
    submit(nghean_officer, plan="english", quantity=1)
    assert popularity("Truyền hình MyTV") == 0
    assert popularity("MyEnglish – Học Tiếng Anh trực tuyến") == 1
    names = [s.name for s in selectors.catalogue(sort="popular")]
    assert names == ["MyEnglish – Học Tiếng Anh trực tuyến", "Truyền hình MyTV"]
    # Yesterday's request still counts; the window is today and the 89 days before.
    recent = submit(nghean_officer, plan="app1", quantity=1)
    ServiceRequest.objects.filter(pk=recent.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=1)
    )
    demand.rebuild()
    assert popularity("Truyền hình MyTV") == 1


def test_catalogue_shows_the_cheapest_plan_on_sale(client, catalogue, member):
    client.force_login(member)
    body = client.get("/services/", {"sort": "price"}).content.decode()
    # MyTV's cheapest plan on sale is 42 000 before VAT (the ended 30 000 one no longer is).
    assert "42.000" in body
    assert "30.000" not in body


def test_catalogue_request_count_is_shown(client, catalogue, nghean_officer, member, submit):
    submit(nghean_officer, plan="english", quantity=1)
    submit(nghean_officer, plan="english", quantity=1)
    client.force_login(member)
    body = client.get("/services/").content.decode()
    assert "2 yêu cầu trong 90 ngày qua" in body or "2 requests in the last 90 days" in body


def _requests_for(officer, n, catalogue):
    """n requests of the officer's unit, routed like submit_request, one minute apart."""
    from partnership.organisations.selectors import serving_vnpt_unit

    now = timezone.now()
    ServiceRequest.objects.bulk_create(
        [
            ServiceRequest(
                reference=f"YC-T{i:06d}", plan=catalogue["stb7"], service=catalogue["mytv"],
                requester=officer, unit=officer.unit, vnpt_unit=serving_vnpt_unit(officer.unit),
                contact_name="A", contact_phone="0912345678",
                submitted_at=now - datetime.timedelta(minutes=i),
            )
            for i in range(n)
        ]
    )  # fmt: skip
    return list(ServiceRequest.objects.order_by("-submitted_at", "-pk"))


def refs(response):
    return [r.reference for r in response.context["page_obj"]]


def _next_link(response):
    found = re.search(r'href="(\?[^"]*)" rel="next"', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def test_lists_count_up_to_the_cap_then_go_on_by_keyset(
    client, catalogue, nghean_officer, nghean_liaison, monkeypatch
):
    monkeypatch.setattr(paging, "PER_PAGE", 2)
    monkeypatch.setattr(paging, "CAP", 4)
    made = _requests_for(nghean_officer, 7, catalogue)
    expected = [r.reference for r in made]
    client.force_login(nghean_liaison)

    first = client.get("/services/queue/")
    body = first.content.decode()
    assert refs(first) == expected[:2]
    assert first.context["page_obj"].paginator.capped
    assert "Trang 1 (hơn 4 yêu cầu)" in body or "Page 1 (over 4 requests)" in body
    second = client.get("/services/queue/", {"page": 2})
    assert refs(second) == expected[2:4]
    # The last numbered page links on by keyset (the one pager's ?after= cursor)...
    link = _next_link(second)
    assert "after=" in link and "p=3" in link

    seen = []
    while link:
        response = client.get("/services/queue/" + link)
        assert response.status_code == 200
        seen += refs(response)
        link = _next_link(response)
    assert seen == expected[4:]

    # ...and the continuation links bookmarked before it (?before=<request id>) still work.
    response = client.get("/services/queue/", {"before": made[3].pk})
    assert refs(response) == expected[4:6]

    # Below the cap, pages are numbered with their total as before.
    monkeypatch.setattr(paging, "CAP", 1000)
    response = client.get("/services/queue/", {"page": 4})
    assert refs(response) == expected[6:]
    assert "Trang 4 / 4" in response.content.decode() or "Page 4 of 4" in response.content.decode()


def test_filters_still_narrow_the_lists(client, catalogue, nghean_officer, nghean_liaison, submit):
    done = submit(nghean_officer, plan="app1", quantity=1)
    submit(nghean_officer, plan="english", quantity=1)
    from services.actions import set_status

    set_status(request=done, new_status=Status.ACCEPTED, by=nghean_liaison)
    client.force_login(nghean_liaison)
    assert refs(client.get("/services/queue/", {"status": "accepted"})) == [done.reference]
    assert len(refs(client.get("/services/queue/", {"q": "english"}))) == 1
    assert refs(client.get("/services/queue/", {"q": done.reference.lower()})) == [done.reference]
    client.force_login(nghean_officer)
    unit = nghean_officer.unit.pk
    assert len(refs(client.get("/services/requests/", {"unit": unit}))) == 2


@pytest.mark.parametrize(
    "who, url",
    [
        ("liaison", "/services/queue/"),
        ("officer", "/services/requests/"),
        ("member", "/services/requests/"),
    ],
)
def test_list_queries_do_not_grow_with_rows(
    client, catalogue, nghean_officer, nghean_liaison, make_user, who, url,
    django_assert_max_num_queries, django_assert_num_queries,
):  # fmt: skip
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = make_user("member", unit="Đoàn Trường Đại học Vinh")
    requester = member if who == "member" else nghean_officer
    viewer = {"liaison": nghean_liaison, "officer": nghean_officer, "member": member}[who]
    _requests_for(requester, 1, catalogue)
    ServiceRequest.objects.update(assignee=nghean_liaison)
    client.force_login(viewer)
    with CaptureQueriesContext(connection) as one:
        assert len(refs(client.get(url))) == 1
    ServiceRequest.objects.all().delete()
    rows = _requests_for(requester, 30, catalogue)
    # Some with a liaison in charge: liaisons are read once for the page, not per row.
    ServiceRequest.objects.filter(pk__in=[r.pk for r in rows[::2]]).update(assignee=nghean_liaison)
    with django_assert_max_num_queries(len(one)):
        assert len(refs(client.get(url))) == 20


def test_catalogue_queries_do_not_grow_with_services(client, catalogue, member, submit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from services.models import Plan, Promotion, Service

    client.force_login(member)
    with CaptureQueriesContext(connection) as few:
        client.get("/services/", {"sort": "popular"})
    tv = catalogue["mytv"]
    today = timezone.localdate()
    for i in range(30):
        s = Service.objects.create(
            category=tv.category, slug=f"s{i}", name=f"Dịch vụ {i}", summary="x",
            provider=tv.provider, published=True,
        )  # fmt: skip
        Plan.objects.create(
            service=s, code=f"p{i}", name="Gói", monthly_price=1000 + i, for_members=True,
            valid_from=datetime.date(2020, 1, 1),
        )  # fmt: skip
        Promotion.objects.create(service=s, title="KM", starts_on=today, ends_on=today)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/services/", {"sort": "popular"})
    assert len(response.context["page_obj"]) == 20
    assert len(many) <= len(few)
