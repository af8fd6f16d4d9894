"""Closure confirmed by the requester: VNPT says what it delivered, the requesting unit
confirms it works (rated 1–5) or reopens it, the portal confirms what nobody answered after
7 working days, and only confirmed completions count."""

import datetime

import pytest
from django.utils import timezone

from partnership import workflow
from partnership.notifications.models import Notification
from services import actions, selectors
from services.models import ServiceRequest, Status, WorkdayChange
from services.workdays import add_working_days
from tests.factories import person
from tests.services.steps import complete, post_step, start

pytestmark = pytest.mark.django_db

nghean_member = person("nghean_member", "member", unit="Tỉnh đoàn Nghệ An")


@pytest.fixture
def in_progress(submit, nghean_officer, nghean_liaison):
    return start(submit(nghean_officer), nghean_liaison)


@pytest.fixture
def completed(in_progress, nghean_liaison):
    return complete(in_progress, nghean_liaison)


def test_completion_says_what_was_delivered(in_progress, nghean_liaison, nghean_officer):
    with pytest.raises(workflow.MissingInput) as missing:
        actions.set_status(request=in_progress, new_status=Status.COMPLETED, by=nghean_liaison)
    assert set(missing.value.message_dict) == {"contract_number", "activated_on"}
    today = timezone.localdate()
    with pytest.raises(workflow.MissingInput) as future:
        actions.complete_request(
            request=in_progress,
            by=nghean_liaison,
            contract_number="HĐ-1",
            activated_on=today + datetime.timedelta(days=1),
        )
    assert "activated_on" in future.value.message_dict
    with pytest.raises(workflow.MissingInput) as before:
        actions.complete_request(
            request=in_progress,
            by=nghean_liaison,
            contract_number="HĐ-1",
            activated_on=today - datetime.timedelta(days=30),
        )
    assert "activated_on" in before.value.message_dict
    with pytest.raises(workflow.Forbidden):  # only VNPT completes
        actions.complete_request(
            request=in_progress, by=nghean_officer, contract_number="HĐ-1", activated_on=today
        )
    in_progress.refresh_from_db()
    assert in_progress.status == Status.IN_PROGRESS and in_progress.completed_at is None
    done = actions.complete_request(
        request=in_progress, by=nghean_liaison, contract_number=" TB-0912 ", activated_on=today
    )
    assert done.status == Status.COMPLETED
    assert done.contract_number == "TB-0912" and done.activated_on == today
    assert done.confirmation_due == add_working_days(today, 7)
    last = done.status_changes.last()
    assert last.by == nghean_liaison and "TB-0912" in last.comment
    told = Notification.objects.filter(
        recipient=done.requester, event="services.request_status_changed"
    ).latest("pk")
    assert told.context["contract_number"] == "TB-0912"
    assert told.context["confirmation_due"] == done.confirmation_due.isoformat()


def test_requesting_unit_confirms_with_a_rating(
    completed, nghean_officer, nghean_liaison, hanoi_officer, make_user
):
    with pytest.raises(workflow.Forbidden):  # VNPT does not confirm its own work
        actions.confirm_request(request=completed, by=nghean_liaison, rating=5)
    with pytest.raises(workflow.Forbidden):  # nor another province's officer
        actions.confirm_request(request=completed, by=hanoi_officer, rating=5)
    for bad in (None, 0, 6):
        with pytest.raises(workflow.MissingInput) as missing:
            actions.confirm_request(request=completed, by=nghean_officer, rating=bad)
        assert "rating" in missing.value.message_dict
    # An officer above the requesting unit confirms for it.
    central = make_user("union_officer", unit="trung-uong-doan")
    done = actions.confirm_request(
        request=completed, by=central, rating=4, comment="Đường truyền ổn định."
    )
    assert done.status == Status.CONFIRMED and done.rating == 4
    assert done.rating_comment == "Đường truyền ổn định." and not done.auto_confirmed
    assert done.confirmed_at is not None
    last = done.status_changes.last()
    assert (last.old_status, last.new_status, last.by) == ("completed", "confirmed", central)
    assert "4/5" in last.comment
    told = Notification.objects.filter(
        recipient=nghean_liaison, event="services.request_status_changed"
    ).latest("pk")
    assert told.context["new_status"] == "confirmed" and told.context["rating"] == 4
    with pytest.raises(workflow.IllegalMove):  # confirmed once
        actions.confirm_request(request=done, by=nghean_officer, rating=5)
    # Confirmed, VNPT may close it.
    actions.set_status(request=done, new_status=Status.CLOSED, by=nghean_liaison)


def test_the_requester_personally_confirms(submit, nghean_member, nghean_liaison, catalogue):
    request = start(submit(nghean_member, plan="app1", quantity=1), nghean_liaison)
    complete(request, nghean_liaison, contract_number="TB-1")
    assert actions.allowed_moves(request, nghean_member) == [Status.IN_PROGRESS, Status.CONFIRMED]
    done = actions.confirm_request(request=request, by=nghean_member, rating=3)
    assert done.status == Status.CONFIRMED


def test_vnpt_cannot_close_an_unconfirmed_completion(completed, nghean_liaison):
    with pytest.raises(workflow.IllegalMove):
        actions.set_status(request=completed, new_status=Status.CLOSED, by=nghean_liaison)


def test_reopening_sends_it_back_to_vnpt(completed, nghean_officer, nghean_liaison, catalogue):
    with pytest.raises(workflow.MissingInput):  # a reason is required
        actions.reopen_request(request=completed, by=nghean_officer, reason="  ")
    with pytest.raises(workflow.Forbidden):  # VNPT does not reopen
        actions.reopen_request(request=completed, by=nghean_liaison, reason="x")
    reopened = actions.reopen_request(
        request=completed, by=nghean_officer, reason="Hai điểm chưa có tín hiệu."
    )
    assert reopened.status == Status.IN_PROGRESS
    assert reopened.completed_at is None and reopened.confirmation_due is None
    last = reopened.status_changes.last()
    assert (last.old_status, last.new_status, last.by) == (
        "completed",
        "in_progress",
        nghean_officer,
    )
    assert last.comment == "Hai điểm chưa có tín hiệu."
    assert Notification.objects.filter(
        recipient=nghean_liaison, event="services.request_status_changed", actor=nghean_officer
    ).exists()
    # Back in VNPT's open queue, not counted, and completed again by VNPT.
    queue = selectors.filter_requests(selectors.queue_for(nghean_liaison), status="open")
    assert reopened in queue
    assert selectors.completed_request_count(service_ids=[catalogue["mytv"].pk]) == 0
    again = complete(reopened, nghean_liaison)
    assert again.status == Status.COMPLETED and again.confirmation_due is not None
    satisfaction = selectors.satisfaction_by_branch()
    assert [(s.subject, s.reopened, s.awaiting) for s in satisfaction] == [(again.vnpt_unit, 1, 1)]


def test_only_confirmed_completions_count(completed, nghean_officer, catalogue):
    ids = [catalogue["mytv"].pk]
    assert selectors.completed_request_count(service_ids=ids) == 0
    actions.confirm_request(request=completed, by=nghean_officer, rating=5)
    assert selectors.completed_request_count(service_ids=ids) == 1


def test_the_portal_confirms_after_seven_working_days(
    completed, nghean_officer, nghean_liaison, catalogue
):
    # Completed on Wednesday 3 February 2027, just before Tết Đinh Mùi: the days off of Tết
    # do not count, and neither does a day off the government announced.
    completed_on = datetime.date(2027, 2, 3)
    WorkdayChange.objects.create(
        day=datetime.date(2027, 2, 17), kind=WorkdayChange.Kind.DAY_OFF, reason="Thông báo"
    )
    due = add_working_days(completed_on, 7)
    assert (due - completed_on).days >= 14  # a week of Tết, a weekend and the announced day
    ServiceRequest.objects.filter(pk=completed.pk).update(confirmation_due=due)
    assert actions.auto_confirm_completed(today=due) == 0  # the requester has the whole day
    completed.refresh_from_db()
    assert completed.status == Status.COMPLETED
    assert actions.auto_confirm_completed(today=due + datetime.timedelta(days=1)) == 1
    completed.refresh_from_db()
    assert completed.status == Status.CONFIRMED and completed.auto_confirmed
    assert completed.rating is None and completed.confirmed_at is not None
    last = completed.status_changes.last()
    assert (last.new_status, last.by) == ("confirmed", None)
    assert "7" in last.comment
    for person_ in (nghean_officer, nghean_liaison):
        told = Notification.objects.filter(
            recipient=person_, event="services.request_status_changed"
        ).latest("pk")
        assert told.context["automatically"] is True and told.actor is None
    assert selectors.completed_request_count(service_ids=[catalogue["mytv"].pk]) == 1
    # Run again: nothing more to do.
    assert actions.auto_confirm_completed(today=due + datetime.timedelta(days=30)) == 0


def test_the_beat_runs_the_auto_confirmation(settings):
    from services import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["services-auto-confirm-completed"]
    assert entry["task"] == tasks.auto_confirm_completed.name
    assert settings.SERVICE_CONFIRMATION_WORKING_DAYS == 7


def test_satisfaction_per_branch_and_service(
    submit, nghean_officer, nghean_liaison, hanoi_officer, hanoi_liaison, catalogue
):
    def deliver(by, liaison, rating):
        request = start(submit(by), liaison)
        complete(request, liaison, contract_number="HĐ")
        if rating:
            actions.confirm_request(request=request, by=by, rating=rating)
        return request

    deliver(nghean_officer, nghean_liaison, 4)
    deliver(nghean_officer, nghean_liaison, 2)
    deliver(hanoi_officer, hanoi_liaison, 5)
    deliver(hanoi_officer, hanoi_liaison, None)  # awaiting
    rows = {s.subject.name: s for s in selectors.satisfaction_by_branch()}
    assert rows["VNPT Nghệ An"].mean_rating == 3 and rows["VNPT Nghệ An"].by_requester == 2
    assert rows["VNPT Hà Nội"].mean_rating == 5 and rows["VNPT Hà Nội"].awaiting == 1
    [service] = selectors.satisfaction_by_service()
    assert service.subject == catalogue["mytv"]
    assert (service.confirmed, service.rated, service.awaiting) == (3, 3, 1)
    assert round(service.mean_rating, 2) == 3.67
    assert selectors.service_rating(catalogue["mytv"]) == (pytest.approx(11 / 3), 3)


# --- the pages -------------------------------------------------------------------------------


def _post_and_reload(client, user, request, step, data):
    """post_step, answered by a redirect back to the page (done, or refused with a message),
    then `request` as the database now has it."""
    assert post_step(client, user, request, step, data).status_code == 302
    request.refresh_from_db()
    return request


def test_completion_form_keeps_input_and_says_what_is_missing(client, in_progress, nghean_liaison):
    client.force_login(nghean_liaison)
    page = client.get(f"/services/request/{in_progress.reference}/")
    assert page.context["complete_form"] is not None and "confirm_form" not in page.context
    missing = post_step(
        client, nghean_liaison, in_progress, "complete",
        {"complete-expected_status": "in_progress", "complete-contract_number": "HĐ-9"},
    )  # fmt: skip
    assert missing.status_code == 400
    form = missing.context["complete_form"]
    assert list(form.errors) == ["activated_on"] and form["contract_number"].value() == "HĐ-9"
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    refused = post_step(
        client, nghean_liaison, in_progress, "complete",
        {"complete-expected_status": "in_progress", "complete-contract_number": "HĐ-9",
         "complete-activated_on": future},
    )  # fmt: skip
    assert refused.status_code == 400 and "activated_on" in refused.context["complete_form"].errors
    done = _post_and_reload(
        client, nghean_liaison, in_progress, "complete",
        {"complete-expected_status": "in_progress", "complete-contract_number": "HĐ-9",
         "complete-activated_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    assert (done.status, done.contract_number) == ("completed", "HĐ-9")


def test_confirm_and_reopen_pages_by_role(
    client, completed, nghean_officer, nghean_liaison, hanoi_officer
):
    url = f"/services/request/{completed.reference}/"
    # Another province's officer does not see the request at all.
    assert post_step(client, hanoi_officer, completed, "confirm", {}).status_code == 404
    # The liaison sees no confirmation form and may not confirm.
    client.force_login(nghean_liaison)
    assert "confirm_form" not in client.get(url).context
    refused = _post_and_reload(
        client, nghean_liaison, completed, "confirm",
        {"confirm-expected_status": "completed", "confirm-rating": "5"},
    )  # fmt: skip
    assert refused.status == Status.COMPLETED
    # The officer: no rating, the form says so; with one, confirmed.
    client.force_login(nghean_officer)
    page = client.get(url)
    assert page.context["confirm_form"] and page.context["reopen_form"]
    assert [code for code, _label in page.context["moves"]] == []
    unrated = post_step(
        client, nghean_officer, completed, "confirm", {"confirm-expected_status": "completed"}
    )
    assert unrated.status_code == 400 and "rating" in unrated.context["confirm_form"].errors
    no_reason = post_step(
        client, nghean_officer, completed, "reopen", {"reopen-expected_status": "completed"}
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.context["reopen_form"].errors
    ok = _post_and_reload(
        client, nghean_officer, completed, "confirm",
        {"confirm-expected_status": "completed", "confirm-rating": "4", "confirm-comment": "Tốt"},
    )  # fmt: skip
    assert (ok.status, ok.rating, ok.rating_comment) == ("confirmed", 4, "Tốt")
    assert "4/5" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("confirmed", "then"), [(False, Status.IN_PROGRESS), (True, Status.CONFIRMED)]
)
def test_reopen_page_sends_it_back_unless_confirmed(
    client, completed, nghean_officer, confirmed, then
):
    # Confirmed: reopening is no longer open, said at the top of the page.
    if confirmed:
        actions.confirm_request(request=completed, by=nghean_officer, rating=4)
    request = _post_and_reload(
        client, nghean_officer, completed, "reopen",
        {"reopen-expected_status": "completed", "reopen-reason": "Chưa có tín hiệu"},
    )  # fmt: skip
    assert request.status == then


def test_dashboard_and_export_show_the_closure(client, completed, nghean_officer):
    actions.confirm_request(request=completed, by=nghean_officer, rating=5)
    client.force_login(nghean_officer)
    page = client.get("/services/dashboard/")
    assert page.status_code == 200
    assert [s.mean_rating for s in page.context["satisfaction_branches"]] == [5]
    assert 'id="satisfaction-services"' in page.content.decode()
    export = client.get("/services/requests/?export=csv")
    assert "HĐ-2026/117" in export.content.decode("utf-8-sig")


def test_closure_notifications_read_well_in_vietnamese(completed, nghean_officer, nghean_liaison):
    from partnership.notifications.rendering import render_body, render_subject

    told = Notification.objects.filter(
        recipient=nghean_officer, event="services.request_status_changed"
    ).latest("pk")
    body = render_body(told, language="vi")
    assert "Đã hoàn thành, chờ xác nhận" in render_subject(told, language="vi")
    assert "Đã bàn giao: số hợp đồng hoặc thuê bao HĐ-2026/117" in body
    assert f"{completed.confirmation_due:%d/%m/%Y}" in body
    ServiceRequest.objects.filter(pk=completed.pk).update(
        confirmation_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert actions.auto_confirm_completed() == 1
    portal = Notification.objects.filter(
        recipient=nghean_liaison, event="services.request_status_changed"
    ).latest("pk")
    assert "cổng đã tự động xác nhận" in render_body(portal, language="vi")
    assert "confirmed it" in render_body(portal, language="en")


def test_home_panel_asks_the_requesting_unit_to_confirm(client, completed, nghean_officer):
    client.force_login(nghean_officer)
    body = client.get("/").content.decode()
    assert "1 yêu cầu đã hoàn thành cần xác nhận" in body
    listed = client.get("/services/requests/?status=completed")
    assert [r.reference for r in listed.context["page_obj"].object_list] == [completed.reference]
    actions.confirm_request(request=completed, by=nghean_officer, rating=5)
    assert "cần xác nhận" not in client.get("/").content.decode()
