"""A VNPT branch's system through the API alone, and what its key may and may not do."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from partnership.api.models import ApiKey, Scope
from partnership.notifications.models import Notification
from services.models import ServiceRequest, Status
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

API = "/api/v1/branch/requests/"


def api(secret):
    client = Client()
    client.defaults.update(bearer(secret))
    return client


def move(client, reference, **body):
    return client.post(f"{API}{reference}/move/", body, content_type="application/json")


def officer_page(officer, reference):
    c = Client()
    c.force_login(officer)
    response = c.get(f"/services/request/{reference}/")
    assert response.status_code == 200
    return c, response.content.decode()


def test_branch_journey_through_the_api(branch):
    system, officer = api(branch["key"]), branch["officer"]
    reference = branch["request"].reference

    listed = system.get(API, {"status": "submitted"}).json()
    assert [r["reference"] for r in listed["results"]] == [reference]

    accepted = move(system, reference, to="accepted", expected_status="submitted")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    _c, page = officer_page(officer, reference)
    assert "Đã tiếp nhận" in page or "Accepted" in page

    asked = move(system, reference, to="needs_info", comment="Cho biết số phòng lắp đặt?")
    assert asked.status_code == 200
    officer_client, page = officer_page(officer, reference)
    assert "Cho biết số phòng lắp đặt?" in page

    # The officer answers on the page: the request goes back to the branch.
    officer_client.post(f"/services/request/{reference}/message/", {"body": "Phòng 204"})
    detail = system.get(f"{API}{reference}/").json()
    assert detail["status"] == "submitted"
    assert detail["messages"][-1]["body"] == "Phòng 204"
    changed = system.get(API, {"changed_since": detail["updated_at"]}).json()["results"]
    assert [r["reference"] for r in changed] == [reference]

    for status in ("accepted", "in_progress"):
        assert move(system, reference, to=status).status_code == 200
    today = timezone.localdate().isoformat()
    done = move(
        system, reference, to="completed", contract_number="HĐ-2026/117", activated_on=today
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "completed"
    assert done.json()["contract_number"] == "HĐ-2026/117"
    assert done.json()["activated_on"] == today and done.json()["confirmation_due"]
    _c, page = officer_page(officer, reference)
    assert "HĐ-2026/117" in page

    history = [(c["new_status"], c["by"]) for c in done.json()["history"]]
    liaison = str(branch["liaison"])
    assert history[1:] == [
        ("accepted", liaison),
        ("needs_info", liaison),
        ("submitted", str(officer)),
        ("accepted", liaison),
        ("in_progress", liaison),
        ("completed", liaison),
    ]
    moves = Notification.objects.filter(
        recipient=officer, event="services.request_status_changed"
    ).values_list("context__new_status", flat=True)
    assert sorted(moves) == sorted(
        ["accepted", "needs_info", "accepted", "in_progress", "completed"]
    )


def test_complete_needs_a_contract_number_and_bodies_are_checked(branch):
    system, reference = api(branch["key"]), branch["request"].reference
    for status in ("accepted", "in_progress"):
        move(system, reference, to=status)
    response = move(system, reference, to="completed")
    assert response.status_code == 400
    assert {"contract_number", "activated_on"} <= response.json()["fields"].keys()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    future = move(system, reference, to="completed", contract_number="1", activated_on=tomorrow)
    assert future.status_code == 400 and "activated_on" in future.json()["fields"]
    assert move(system, reference, to="needs_info").json()["fields"].keys() == {"comment"}
    bad = move(system, reference, to="teleported")
    assert bad.status_code == 400 and "to" in bad.json()["fields"]
    garbage = system.post(f"{API}{reference}/move/", "{not json", content_type="application/json")
    assert garbage.status_code == 400
    assert ServiceRequest.objects.get(reference=reference).status == Status.IN_PROGRESS


def test_refused_moves_are_conflicts(branch):
    system, reference = api(branch["key"]), branch["request"].reference
    today = timezone.localdate().isoformat()
    illegal = move(system, reference, to="completed", contract_number="1", activated_on=today)
    assert illegal.status_code == 409
    assert move(system, reference, to="accepted").status_code == 200
    stale = move(system, reference, to="needs_info", comment="?", expected_status="submitted")
    assert stale.status_code == 409
    assert ServiceRequest.objects.get(reference=reference).status == Status.ACCEPTED


def test_read_scope_refuses_moves(branch, issue_key):
    reader = api(issue_key(branch["liaison"], scope=Scope.READ))
    reference = branch["request"].reference
    assert reader.get(f"{API}{reference}/").status_code == 200
    assert move(reader, reference, to="accepted").status_code == 403
    assert reader.post(f"{API}{reference}/claim/").status_code == 403
    assert ServiceRequest.objects.get(reference=reference).status == Status.SUBMITTED


def test_revoked_and_unknown_keys_are_refused(branch):
    system = api(branch["key"])
    assert system.get(API).status_code == 200
    ApiKey.objects.update(revoked_at=timezone.now())
    assert system.get(API).status_code == 401
    assert api(branch["key"][:-2] + "xx").get(API).status_code == 401
    assert api("vnpt_nothing_here").get(API).status_code == 401
    assert Client().get(API).status_code in (401, 403)


def test_key_never_sees_another_branch(branch, make_user, submit, issue_key):
    hanoi_request = submit(make_user("union_officer", unit="Thành đoàn Hà Nội"), plan="app1")
    hanoi_key = issue_key(make_user("vnpt_liaison", unit="VNPT Hà Nội"))
    nghean = api(branch["key"])
    listed = {r["reference"] for r in nghean.get(API).json()["results"]}
    assert hanoi_request.reference not in listed
    assert nghean.get(f"{API}{hanoi_request.reference}/").status_code == 404
    assert move(nghean, hanoi_request.reference, to="accepted").status_code == 404
    assert api(hanoi_key).get(f"{API}{branch['request'].reference}/").status_code == 404
    assert ServiceRequest.objects.get(pk=hanoi_request.pk).status == Status.SUBMITTED


def test_key_of_a_liaison_who_left_stops(branch):
    from partnership.organisations.demo import unit

    liaison = branch["liaison"]
    liaison.unit = unit("VNPT Hà Nội")
    liaison.save()
    assert api(branch["key"]).get(API).status_code == 401


def test_key_stored_hashed_and_shown_once_in_admin(client, make_user, nghean_liaison):
    admin = make_user("content_admin", unit="Trung ương Đoàn")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    response = client.post(
        "/admin/api/apikey/add/",
        {
            "name": "CRM Nghệ An",
            "unit": nghean_liaison.unit_id,
            "acting_user": nghean_liaison.pk,
            "scope": "act",
        },
        follow=True,
    )
    assert response.status_code == 200
    key = ApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    secret = next(w for m in shown for w in m.split() if w.startswith("vnpt_"))
    assert secret not in key.hashed and key.matches(secret)
    assert secret not in client.get(f"/admin/api/apikey/{key.pk}/change/").content.decode()
    assert api(secret).get(API).status_code == 200
    client.post(
        "/admin/api/apikey/",
        {"action": "revoke", "_selected_action": [key.pk]},
    )
    assert api(secret).get(API).status_code == 401


def test_officer_reads_own_requests_by_session_only(branch, client):
    client.force_login(branch["officer"])
    mine = client.get("/api/v1/me/requests/").json()["results"]
    assert [r["reference"] for r in mine] == [branch["request"].reference]
    assert client.get("/api/v1/me/reports/").status_code == 200
    # Session callers read; they act on the site, not through the API.
    assert client.get(API).status_code in (401, 403)
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(branch["officer"])
    assert csrf.post("/api/v1/me/requests/").status_code == 405  # read-only: no POST at all
    assert Client().get("/api/v1/me/requests/").status_code in (401, 403)


def test_overdue_filter(branch):
    ServiceRequest.objects.update(first_response_due=timezone.localdate() - datetime.timedelta(3))
    system = api(branch["key"])
    assert len(system.get(API, {"overdue": "true"}).json()["results"]) == 1
    assert system.get(API, {"status": "nope"}).status_code == 400
    assert system.get(API, {"changed_since": "yesterday"}).status_code == 400


def test_requests_carry_the_price_stored_at_submission(branch):
    request = branch["request"]
    stored = ServiceRequest.objects.get(pk=request.pk)
    assert stored.amount_total  # the one pricing function filled it when it was sent
    system = api(branch["key"])
    listed = system.get(API).json()["results"][0]
    detail = system.get(f"{API}{request.reference}/").json()
    for row in (listed, detail):
        assert row["amount_before_vat"] == stored.amount_before_vat
        assert row["vat_amount"] == stored.vat_amount
        assert row["amount_total"] == stored.amount_total
        assert row["amount_before_vat"] + row["vat_amount"] == row["amount_total"]
        assert row["vat_rate"] == stored.vat_rate
