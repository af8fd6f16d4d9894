"""Issue 17 points 1 and 4: a request's price (second-subscription price, VAT, stored as sent),
the plan's quantity bounds, working days from the `holidays` package plus the admin's
announced changes, the queue's due dates, reminders and escalation sent once each."""

import datetime
import io
import uuid

import pytest
from django.utils import timezone

from partnership.notifications.models import Notification
from partnership.notifications.rendering import render_body
from services import actions
from services.models import DeadlineAlert, Plan, ServiceRequest, WorkdayChange
from services.pricing import quote
from services.workdays import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def app7(catalogue):
    return Plan.objects.create(
        service=catalogue["mytv"], code="app-7", name="App MyTV Chuẩn 7 tháng", tier="Chuẩn",
        term_months=7, months_paid=6, monthly_price=42_000, second_monthly_price=29_000,
        valid_from=datetime.date(2020, 1, 1), for_units=True, for_members=True, for_officers=True,
    )  # fmt: skip


@pytest.fixture
def class_plan(catalogue):
    return Plan.objects.create(
        service=catalogue["english_service"], code="lop-doan",
        name="MyEnglish cho chi đoàn (tối thiểu 20 tài khoản)", term_months=7, months_paid=6,
        monthly_price=70_000, valid_from=datetime.date(2020, 1, 1), for_units=True,
        min_quantity=20,
    )  # fmt: skip


def test_the_second_subscription_price_applies_from_the_second_unit(app7):
    q = quote(app7, 2)
    assert (q.before_vat, q.vat, q.total) == (426_000, 42_600, 468_600)
    assert quote(app7, 1).total == 277_200
    assert quote(app7, 3).total == 277_200 + 2 * 191_400


def test_a_plan_without_second_price_costs_the_same_for_each(catalogue):
    assert quote(catalogue["stb7"], 3).total == 3 * catalogue["stb7"].term_total_with_vat


def test_the_request_keeps_the_price_it_was_sent_at(app7, nghean_officer, submit):
    request = submit(nghean_officer, plan=app7, quantity=2)
    Plan.objects.filter(pk=app7.pk).update(monthly_price=99_000, second_monthly_price=None)
    request.refresh_from_db()
    assert (request.amount_before_vat, request.vat_amount, request.amount_total) == (
        426_000,
        42_600,
        468_600,
    )


def test_the_minimum_quantity_is_enforced_by_the_action(class_plan, nghean_officer, submit):
    with pytest.raises(actions.RequestError, match="20"):
        submit(nghean_officer, plan=class_plan, quantity=5)
    assert submit(nghean_officer, plan=class_plan, quantity=20).quantity == 20


def test_the_maximum_quantity_is_enforced_by_the_action(app7, nghean_officer, submit):
    Plan.objects.filter(pk=app7.pk).update(max_quantity=10)
    app7.refresh_from_db()
    with pytest.raises(actions.RequestError, match="10"):
        submit(nghean_officer, plan=app7, quantity=11)


def test_the_form_shows_the_total_and_the_receiving_branch(client, app7, nghean_officer):
    client.force_login(nghean_officer)
    url = f"/services/{app7.service.slug}/request/"
    page = client.get(url, {"plan": app7.pk}).content.decode()
    assert "VNPT Nghệ An" in page
    assert "277.200\u00a0₫" in page  # 1 subscription, server-rendered
    # Without JavaScript: "Recalculate the total" re-renders the form, nothing is sent.
    preview = client.post(url, {"plan": app7.pk, "quantity": 2, "preview": "1",
                                "contact_name": "A", "contact_phone": "0912345678",
                                "idempotency_key": uuid.uuid4()})  # fmt: skip
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "426.000\u00a0₫" in text and "42.600\u00a0₫" in text and "468.600\u00a0₫" in text
    assert not ServiceRequest.objects.exists()


def test_the_form_refuses_five_on_a_twenty_minimum(client, class_plan, nghean_officer):
    client.force_login(nghean_officer)
    response = client.post(
        f"/services/{class_plan.service.slug}/request/",
        {"plan": class_plan.pk, "quantity": 5, "contact_name": "A",
         "contact_phone": "0912345678", "idempotency_key": uuid.uuid4()},
    )  # fmt: skip
    assert response.status_code == 200
    assert "quantity" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_price_on_the_request_page_thread_queue_and_exports(
    client, app7, nghean_officer, nghean_liaison, submit
):
    from openpyxl import load_workbook

    request = submit(nghean_officer, plan=app7, quantity=2)
    client.force_login(nghean_officer)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "426.000\u00a0₫" in page and "42.600\u00a0₫" in page
    assert page.count("468.600\u00a0₫") >= 2  # the facts and the thread's first entry
    mail = Notification.objects.filter(event="services.request_submitted").first()
    assert "468.600" in render_body(mail, language="vi")
    client.force_login(nghean_liaison)
    assert "468.600\u00a0₫" in client.get("/services/queue/").content.decode()
    csv = client.get("/services/queue/", {"export": "csv"}).content.decode("utf-8-sig")
    assert "426000,42600,468600" in csv and "554400" not in csv
    xlsx = client.get("/services/queue/", {"export": "xlsx"})
    row = list(load_workbook(io.BytesIO(xlsx.content)).active.values)[1]
    assert row[4:7] == (426_000, 42_600, 468_600)


# --- working days -------------------------------------------------------------------------


def test_tet_2028_is_not_a_working_day():
    # Tết Mậu Thân: 26/1/2028; the hand-kept table stopped at 2027.
    for day in range(24, 29):
        assert not is_working_day(datetime.date(2028, 1, day))
    assert is_working_day(datetime.date(2028, 2, 1))


def test_an_announced_change_is_honoured_at_once():
    saturday, monday = datetime.date(2027, 2, 20), datetime.date(2027, 3, 1)
    assert not is_working_day(saturday)
    WorkdayChange.objects.create(day=saturday, kind="working_day", reason="Làm bù")
    assert is_working_day(saturday)  # the cache forgot the old table
    assert add_working_days(datetime.date(2027, 2, 19), 1) == saturday
    WorkdayChange.objects.create(day=monday, kind="day_off", reason="Nghỉ thêm")
    assert not is_working_day(monday)
    WorkdayChange.objects.filter(day=saturday).delete()
    assert not is_working_day(saturday)


def test_working_days_between():
    assert working_days_between(datetime.date(2026, 11, 26), datetime.date(2026, 11, 30)) == 2
    assert working_days_between(datetime.date(2026, 11, 30), datetime.date(2026, 11, 26)) == 0


# --- the queue's due dates ------------------------------------------------------------------


def test_due_date_shown_and_sortable_in_the_queue(client, catalogue, make_user, submit,
                                                   nghean_liaison):  # fmt: skip
    officer = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    today = timezone.localdate()
    made = [submit(officer, plan="app1", quantity=1) for _ in range(3)]
    dues = [today + datetime.timedelta(days=d) for d in (5, -2, 1)]
    for request, due in zip(made, dues, strict=True):
        ServiceRequest.objects.filter(pk=request.pk).update(first_response_due=due)
    client.force_login(nghean_liaison)
    newest = client.get("/services/queue/")
    assert [r.pk for r in newest.context["page_obj"]] == [m.pk for m in reversed(made)]
    assert dues[0].strftime("%d/%m/%Y") in newest.content.decode()
    by_due = client.get("/services/queue/", {"sort": "due"})
    assert [r.first_response_due for r in by_due.context["page_obj"]] == sorted(dues)
    assert 'aria-sort="ascending"' in by_due.content.decode()


# --- reminders and escalation -----------------------------------------------------------------


def test_reminder_and_escalation_are_each_sent_once(
    catalogue, make_user, submit, nghean_liaison, hq_liaison, settings
):
    from services.tasks import send_deadline_alerts

    settings.SERVICE_REMINDER_WORKING_DAYS = 1
    settings.SERVICE_ESCALATION_WORKING_DAYS = 2
    officer = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    soon, late, fine = (submit(officer, plan="app1", quantity=1) for _ in range(3))
    today = timezone.localdate()
    ServiceRequest.objects.filter(pk=soon.pk).update(first_response_due=today)
    # Overdue by 3 working days, whatever today is.
    ServiceRequest.objects.filter(pk=late.pk).update(
        first_response_due=_working_days_before(today, 3)
    )
    ServiceRequest.objects.filter(pk=fine.pk).update(first_response_due=add_working_days(today, 5))
    assert send_deadline_alerts() == {"reminders": 1, "escalations": 1}
    assert send_deadline_alerts() == {"reminders": 0, "escalations": 0}
    reminders = Notification.objects.filter(event="services.request_due_soon")
    assert set(reminders.values_list("object_id", flat=True)) == {soon.pk}
    assert set(reminders.values_list("recipient", flat=True)) == {nghean_liaison.pk}
    escalations = Notification.objects.filter(event="services.request_escalated")
    assert hq_liaison.pk in set(escalations.values_list("recipient", flat=True))
    assert escalations.filter(recipient=hq_liaison).count() == 1
    assert DeadlineAlert.objects.count() == 2


def test_an_answered_request_is_never_escalated(catalogue, make_user, submit, nghean_liaison):
    officer = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    request = submit(officer, plan="app1", quantity=1)
    actions.set_status(request=request, new_status="accepted", by=nghean_liaison)
    ServiceRequest.objects.filter(pk=request.pk).update(
        first_response_due=timezone.localdate() - datetime.timedelta(days=30)
    )
    assert actions.send_deadline_alerts() == {"reminders": 0, "escalations": 0}


def test_on_time_rate_per_branch(client, catalogue, make_user, submit, nghean_liaison):
    officer = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    on_time, late, waiting = (submit(officer, plan="app1", quantity=1) for _ in range(3))
    today = timezone.localdate()
    actions.set_status(request=on_time, new_status="accepted", by=nghean_liaison)
    actions.set_status(request=late, new_status="accepted", by=nghean_liaison)
    ServiceRequest.objects.filter(pk=late.pk).update(
        first_response_due=today - datetime.timedelta(days=3)
    )
    ServiceRequest.objects.filter(pk=waiting.pk).update(
        first_response_due=today - datetime.timedelta(days=1)
    )
    client.force_login(nghean_liaison)
    page = client.get("/services/dashboard/")
    (row,) = page.context["branches"]
    assert (row.answered_on_time, row.answered_late, row.overdue) == (1, 1, 1)
    assert row.on_time_rate == 33
    assert "33%" in page.content.decode()


def _working_days_before(day: datetime.date, n: int) -> datetime.date:
    while n:
        day -= datetime.timedelta(days=1)
        n -= is_working_day(day)
    return day
