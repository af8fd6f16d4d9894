import datetime
import io

import pytest
from django.utils import timezone

from partnership.notifications.models import Notification
from services import actions
from services.models import ServiceRequest, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests(catalogue, make_user, submit):
    nghean = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    vinh = make_user("member", "union_officer", unit="Đoàn Trường Đại học Vinh")
    hanoi = make_user("union_officer", unit="Thành đoàn Hà Nội")
    return {
        "nghean": submit(nghean),
        "vinh": submit(vinh, plan="app1", quantity=2),
        "hanoi": submit(hanoi, plan="app1", quantity=5),
        "officers": {"nghean": nghean, "vinh": vinh, "hanoi": hanoi},
    }


def refs(response):
    return {r.reference for r in response.context["page_obj"]}


def test_liaison_sees_only_their_branch(client, requests, nghean_liaison):
    client.force_login(nghean_liaison)
    response = client.get("/services/queue/")
    assert refs(response) == {requests["nghean"].reference, requests["vinh"].reference}
    assert client.get(requests["hanoi"].get_absolute_url()).status_code == 404
    assert client.get(requests["nghean"].get_absolute_url()).status_code == 200


def test_other_branch_cannot_act(client, requests, hanoi_liaison):
    client.force_login(hanoi_liaison)
    reference = requests["nghean"].reference
    response = client.post(
        f"/services/request/{reference}/move/",
        {"new_status": "accepted", "expected_status": "submitted"},
    )
    assert response.status_code == 404
    assert client.post(f"/services/request/{reference}/claim/").status_code == 404
    assert ServiceRequest.objects.get(reference=reference).status == Status.SUBMITTED


def test_group_hq_sees_all(client, requests, hq_liaison):
    client.force_login(hq_liaison)
    assert len(refs(client.get("/services/queue/"))) == 3


def test_officers_see_their_unit_and_below(client, requests):
    officers = requests["officers"]
    client.force_login(officers["nghean"])
    assert refs(client.get("/services/requests/")) == {
        requests["nghean"].reference,
        requests["vinh"].reference,
    }
    client.force_login(officers["vinh"])
    assert refs(client.get("/services/requests/")) == {requests["vinh"].reference}
    assert client.get(requests["nghean"].get_absolute_url()).status_code == 404


def test_members_and_officers_have_no_queue(client, requests):
    client.force_login(requests["officers"]["nghean"])
    assert client.get("/services/queue/").status_code == 404


def test_queue_filters(client, requests, hq_liaison, catalogue):
    client.force_login(hq_liaison)
    assert refs(client.get("/services/queue/", {"status": "submitted"})) == {
        requests["nghean"].reference,
        requests["vinh"].reference,
        requests["hanoi"].reference,
    }
    ServiceRequest.objects.filter(pk=requests["hanoi"].pk).update(
        first_response_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert refs(client.get("/services/queue/", {"overdue": "on"})) == {requests["hanoi"].reference}
    assert refs(client.get("/services/queue/", {"q": "ha noi"})) == {requests["hanoi"].reference}
    nghean_unit = requests["nghean"].unit
    assert refs(client.get("/services/queue/", {"unit": nghean_unit.pk})) == {
        requests["nghean"].reference,
        requests["vinh"].reference,
    }
    assert (
        refs(client.get("/services/queue/", {"service": catalogue["english_service"].pk})) == set()
    )


def test_csv_and_excel_export_of_the_filtered_list(client, requests, nghean_liaison):
    from openpyxl import load_workbook

    client.force_login(nghean_liaison)
    csv = client.get("/services/queue/", {"export": "csv", "q": "vinh"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Mã yêu cầu" in text.splitlines()[0]
    assert requests["vinh"].reference in text
    assert requests["nghean"].reference not in text
    xlsx = client.get("/services/queue/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Mã yêu cầu"
    assert {r[0] for r in rows[1:]} == {requests["nghean"].reference, requests["vinh"].reference}
    assert requests["hanoi"].reference not in xlsx.content.decode("latin-1")


def test_overdue_reminder_task(requests, nghean_liaison):
    from services.tasks import remind_overdue_requests

    ServiceRequest.objects.filter(pk=requests["nghean"].pk).update(
        first_response_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert remind_overdue_requests() == 1
    assert remind_overdue_requests() == 0  # once a day
    reminders = Notification.objects.filter(event="services.request_overdue")
    assert list(reminders.values_list("recipient", flat=True)) == [nghean_liaison.pk]
    actions.set_status(
        request=requests["vinh"], new_status=Status.ACCEPTED, by=nghean_liaison
    )  # answered in time: never overdue


def test_request_page_flags_overdue(client, requests):
    ServiceRequest.objects.filter(pk=requests["nghean"].pk).update(
        first_response_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(requests["officers"]["nghean"])
    assert client.get(requests["nghean"].get_absolute_url()).context["overdue"] is True
