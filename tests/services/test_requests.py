import datetime
import uuid

import pytest

from partnership.notifications.models import Notification
from services import actions, selectors
from services.models import ServiceRequest, Status, StatusChange
from tests.services.steps import attachment_url, complete, post_attachment, post_step, start

pytestmark = pytest.mark.django_db


def form_data(plan, **extra):
    return {
        "plan": plan.pk,
        "quantity": 3,
        "contact_name": "Lê Văn Cường",
        "contact_phone": "0912345678",
        "address": "Số 1 Trường Thi, Vinh",
        "wished_on": "",
        "note": "",
        "idempotency_key": str(uuid.uuid4()),
        **extra,
    }


def test_officer_requests_for_the_unit_routed_to_the_province_branch(
    client, catalogue, nghean_officer, nghean_liaison, org_tree
):
    client.force_login(nghean_officer)
    response = client.post("/services/mytv/request/", form_data(catalogue["stb7"]))
    request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == request.get_absolute_url()
    assert request.vnpt_unit == org_tree("VNPT Nghệ An")
    assert request.unit == org_tree("Tỉnh đoàn Nghệ An")
    assert request.for_unit and request.quantity == 3
    assert request.status == Status.SUBMITTED
    assert request.first_response_due > request.submitted_at.date()
    assert StatusChange.objects.filter(request=request, new_status=Status.SUBMITTED).count() == 1
    notified = Notification.objects.filter(event="services.request_submitted")
    assert list(notified.values_list("recipient", flat=True)) == [nghean_liaison.pk]


def test_central_units_are_routed_to_group_hq(catalogue, make_user, submit, org_tree):
    officer = make_user("union_officer", unit="Văn phòng Trung ương Đoàn")
    assert submit(officer).vnpt_unit == org_tree("vnpt")


def test_double_submit_creates_one_request(client, catalogue, nghean_officer):
    client.force_login(nghean_officer)
    data = form_data(catalogue["stb7"])
    first = client.post("/services/mytv/request/", data)
    second = client.post("/services/mytv/request/", data)
    assert ServiceRequest.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("quantity", "message"),
    [("0", "at least 1"), ("-2", "at least 1"), ("1001", "At most 1000"), ("abc", "whole number")],
)
def test_bad_quantity_is_refused_with_a_field_message(
    client, catalogue, nghean_officer, quantity, message
):
    client.force_login(nghean_officer)
    client.cookies["portal_language"] = "en"
    response = client.post(
        "/services/mytv/request/", form_data(catalogue["stb7"], quantity=quantity)
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["quantity"])
    assert response.context["form"]["contact_name"].value() == "Lê Văn Cường"  # kept
    assert ServiceRequest.objects.count() == 0


def test_ended_plan_cannot_be_requested(client, catalogue, nghean_officer):
    client.force_login(nghean_officer)
    response = client.post("/services/mytv/request/", form_data(catalogue["ended"]))
    assert "plan" in response.context["form"].errors
    assert ServiceRequest.objects.count() == 0
    with pytest.raises(actions.IneligiblePlan):
        actions.submit_request(
            plan=catalogue["ended"], by=nghean_officer, quantity=1, contact_name="x",
            contact_phone="1", idempotency_key=uuid.uuid4(),
        )  # fmt: skip


def test_member_requests_a_member_plan_for_themself(client, catalogue, make_user, org_tree):
    member = make_user("member", unit="Đoàn Trường Đại học Vinh")
    client.force_login(member)
    response = client.post(
        "/services/myenglish/request/", form_data(catalogue["english"], quantity=1)
    )
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    assert not request.for_unit
    assert request.vnpt_unit == org_tree("VNPT Nghệ An")


def test_member_cannot_take_a_unit_plan_nor_several_personal_ones(client, catalogue, member):
    client.force_login(member)
    response = client.post("/services/mytv/request/", form_data(catalogue["vip15"], quantity=1))
    assert "plan" in response.context["form"].errors
    response = client.post("/services/mytv/request/", form_data(catalogue["app1"], quantity=5))
    assert "quantity" in response.context["form"].errors
    assert ServiceRequest.objects.count() == 0


def test_central_staff_plan_only_for_central_units(catalogue, make_user, nghean_officer, submit):
    with pytest.raises(actions.IneligiblePlan):
        submit(nghean_officer, plan="central", quantity=1)
    tw = make_user("member", unit="Văn phòng Trung ương Đoàn")
    assert submit(tw, plan="central", quantity=1).status == Status.SUBMITTED


def test_grassroots_level_excluded(catalogue, make_user, submit):
    grassroots = make_user("union_officer", unit="Đoàn Trường Đại học Vinh")
    with pytest.raises(actions.IneligiblePlan):
        submit(grassroots, plan="vip15")


def test_anonymous_is_sent_to_login(client, catalogue):
    response = client.get("/services/mytv/request/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_full_pipeline_with_need_info_answer_and_completion(
    catalogue, nghean_officer, nghean_liaison, submit
):
    request = submit(nghean_officer)
    actions.set_status(
        request=request, new_status=Status.NEEDS_INFO, by=nghean_liaison, comment="Địa chỉ?"
    )
    assert request.first_response_at is not None
    assert request.assignee == nghean_liaison
    actions.post_message(request=request, by=nghean_officer, body="Số 1 Trường Thi")
    assert request.status == Status.SUBMITTED
    start(request, nghean_liaison)
    complete(request, nghean_liaison)
    assert request.completed_at is not None
    actions.confirm_request(request=request, by=nghean_officer, rating=4)
    actions.set_status(request=request, new_status=Status.CLOSED, by=nghean_liaison)
    moves = list(request.status_changes.values_list("old_status", "new_status"))
    assert moves == [
        ("", "submitted"),
        ("submitted", "needs_info"),
        ("needs_info", "submitted"),
        ("submitted", "accepted"),
        ("accepted", "in_progress"),
        ("in_progress", "completed"),
        ("completed", "confirmed"),
        ("confirmed", "closed"),
    ]
    officer_events = set(
        Notification.objects.filter(recipient=nghean_officer).values_list("event", flat=True)
    )
    assert officer_events == {"services.request_status_changed"}
    liaison_events = set(
        Notification.objects.filter(recipient=nghean_liaison).values_list("event", flat=True)
    )
    assert liaison_events == {
        "services.request_submitted",
        "services.request_message",
        "services.request_status_changed",
    }


def test_illegal_moves_raise(catalogue, nghean_officer, nghean_liaison, submit):
    request = submit(nghean_officer)
    with pytest.raises(actions.IllegalTransition):
        actions.set_status(request=request, new_status=Status.COMPLETED, by=nghean_liaison)
    with pytest.raises(actions.IllegalTransition):  # the requester cannot accept
        actions.set_status(request=request, new_status=Status.ACCEPTED, by=nghean_officer)
    with pytest.raises(actions.RequestError):  # reject needs a reason
        actions.set_status(request=request, new_status=Status.REJECTED, by=nghean_liaison)
    assert request.status_changes.count() == 1
    actions.set_status(request=request, new_status=Status.CANCELLED, by=nghean_officer)
    with pytest.raises(actions.IllegalTransition):
        actions.set_status(request=request, new_status=Status.ACCEPTED, by=nghean_liaison)


def test_stale_move_is_refused(catalogue, nghean_officer, nghean_liaison, make_user, submit):
    other = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    request = submit(nghean_officer)
    actions.set_status(
        request=request, new_status=Status.ACCEPTED, by=nghean_liaison, expected_status="submitted"
    )
    with pytest.raises(actions.StaleTransition):
        actions.set_status(
            request=request, new_status=Status.REJECTED, by=other, comment="x",
            expected_status="submitted",
        )  # fmt: skip


def test_liaison_of_another_branch_cannot_move(catalogue, nghean_officer, hanoi_liaison, submit):
    request = submit(nghean_officer)
    with pytest.raises(actions.IllegalTransition):
        actions.set_status(request=request, new_status=Status.ACCEPTED, by=hanoi_liaison)


def test_claim(catalogue, nghean_officer, nghean_liaison, make_user, submit):
    other = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    request = submit(nghean_officer)
    actions.claim_request(request=request, by=nghean_liaison)
    with pytest.raises(actions.StaleTransition):
        actions.claim_request(request=request, by=other)
    assert request.assignee == nghean_liaison


def test_move_view_shows_the_error_and_changes_nothing(
    client, catalogue, nghean_officer, nghean_liaison, submit
):
    request = submit(nghean_officer)
    client.force_login(nghean_liaison)
    # A rejection needs a comment: refused, nothing changes; an acceptance goes through.
    for new_status, code, status in [
        ("rejected", 400, Status.SUBMITTED),
        ("accepted", 302, Status.ACCEPTED),
    ]:
        response = client.post(
            f"/services/request/{request.reference}/move/",
            {"new_status": new_status, "comment": "", "expected_status": "submitted"},
        )
        assert response.status_code == code
        request.refresh_from_db()
        assert request.status == status


def test_message_with_attachment_and_permission_checked_download(
    client, catalogue, nghean_officer, nghean_liaison, hanoi_liaison, submit
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = submit(nghean_officer)
    pdf = SimpleUploadedFile(
        "bao-gia.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", "application/pdf"
    )
    message = post_attachment(client, nghean_liaison, request, "Báo giá", pdf)
    assert message.attachment_name == "bao-gia.pdf"
    assert not message.attachment.name.endswith("bao-gia.pdf")
    url = attachment_url(message)
    download = client.get(url)
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    client.force_login(hanoi_liaison)
    assert client.get(url).status_code == 404
    request.refresh_from_db()
    assert request.first_response_at is not None


def test_fake_pdf_attachment_is_refused(client, catalogue, nghean_officer, submit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = submit(nghean_officer)
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    data = {"body": "Xem", "attachment": fake}
    response = post_step(client, nghean_officer, request, "message", data)
    assert response.status_code == 400
    assert "attachment" in response.context["message_form"].errors
    assert request.messages.count() == 0


def test_completed_request_count(catalogue, nghean_officer, nghean_liaison, submit, org_tree):
    done = submit(nghean_officer)
    submit(nghean_officer)  # still open
    start(done, nghean_liaison)
    today = datetime.date.today()
    complete(done, nghean_liaison, contract_number="TB-0912", activated_on=today)
    ids = [catalogue["mytv"].pk]
    # Completed but not yet confirmed by the requesting unit: not counted.
    assert selectors.completed_request_count(service_ids=ids) == 0
    actions.confirm_request(request=done, by=nghean_officer, rating=5)
    assert selectors.completed_request_count(service_ids=ids) == 1
    assert selectors.completed_request_count(service_ids=ids, unit_ids=[done.unit_id]) == 1
    assert (
        selectors.completed_request_count(
            service_ids=ids, unit_ids=[org_tree("Thành đoàn Hà Nội").pk]
        )
        == 0
    )
    assert selectors.completed_request_count(service_ids=ids, since=today, until=today) == 1
    assert (
        selectors.completed_request_count(service_ids=ids, since=today + datetime.timedelta(days=1))
        == 0
    )
    assert selectors.completed_request_count(service_ids=[catalogue["english_service"].pk]) == 0


def test_bad_phone_is_refused(client, catalogue, nghean_officer):
    client.force_login(nghean_officer)
    response = client.post(
        "/services/mytv/request/", form_data(catalogue["stb7"], contact_phone="gọi tôi")
    )
    assert "contact_phone" in response.context["form"].errors
    assert ServiceRequest.objects.count() == 0


def test_export_does_not_let_spreadsheet_formulas_through(
    client, catalogue, make_user, nghean_liaison, submit
):
    sneaky = make_user("union_officer", unit="Tỉnh đoàn Nghệ An", full_name="=HYPERLINK(1)")
    request = submit(sneaky)
    ServiceRequest.objects.filter(pk=request.pk).update(contact_name="=1+2")
    client.force_login(nghean_liaison)
    text = client.get("/services/queue/", {"export": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "'=1+2" in text
    assert ",=" not in text


def test_a_checked_file_is_kept_when_the_message_is_refused(
    client, catalogue, nghean_officer, make_user, submit
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from partnership.files.models import PendingUpload

    request = submit(nghean_officer)
    client.force_login(nghean_officer)
    url = f"/services/request/{request.reference}/message/"
    pdf = SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")
    response = client.post(url, {"body": "x" * 5001, "attachment": pdf})
    assert response.status_code == 400
    assert "danh-sach.pdf" in response.content.decode()
    pending = PendingUpload.objects.get()
    assert str(pending.token) in response.content.decode()
    # Someone else cannot use the token.
    other = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    client.force_login(other)
    client.post(url, {"body": "", "pending_upload": str(pending.token)})
    assert request.messages.count() == 0
    client.force_login(nghean_officer)
    response = client.post(url, {"body": "Danh sách", "pending_upload": str(pending.token)})
    assert response.status_code == 302
    message = request.messages.get()
    assert message.attachment_name == "danh-sach.pdf"
    assert message.attachment.name == pending.file.name
    assert not PendingUpload.objects.exists()


def test_an_abandoned_message_file_is_purged_by_the_one_task_and_a_sent_one_kept(
    client, catalogue, nghean_officer, submit, django_capture_on_commit_callbacks
):
    import os

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from partnership.files.models import PendingUpload
    from partnership.files.tasks import purge_abandoned_uploads

    request = submit(nghean_officer)
    client.force_login(nghean_officer)
    url = f"/services/request/{request.reference}/message/"

    def refused_with(name):
        pdf = SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF", "application/pdf")
        assert client.post(url, {"body": "x" * 5001, "attachment": pdf}).status_code == 400
        return PendingUpload.objects.get(original_name=name)

    abandoned, sent = refused_with("bo-do.pdf"), refused_with("gui-di.pdf")
    assert client.post(url, {"body": "Gửi", "pending_upload": str(sent.token)}).status_code == 302
    message = request.messages.get()
    PendingUpload.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_abandoned_uploads.delay().get() == 1
    assert not PendingUpload.objects.exists()
    assert not os.path.exists(abandoned.file.path)
    assert message.attachment.name == sent.file.name and os.path.exists(message.attachment.path)
    download = client.get(f"{url}{message.pk}/attachment/")  # the sent file is still served
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4\n%%EOF"


def test_cancelling_asks_for_confirmation_apart_from_the_messages(
    client, catalogue, nghean_officer, submit
):
    request = submit(nghean_officer)
    client.force_login(nghean_officer)
    page = client.get(request.get_absolute_url()).content.decode()
    thread = page.index('id="thread-title"')
    cancel = page.index('id="cancel-title"')
    assert thread < cancel  # its own section, after the message box, not a button beside it
    message_form = page[thread:cancel]
    assert 'value="cancelled"' not in message_form
    assert 'name="confirm"' in page[cancel:]
    url = f"/services/request/{request.reference}/move/"
    sent = {"new_status": "cancelled", "expected_status": "submitted", "comment": "Nhầm gói"}
    refused = client.post(url, sent)
    assert refused.status_code == 400
    assert "Đánh dấu ô xác nhận" in refused.content.decode()
    assert "Nhầm gói" in refused.content.decode()  # the reason typed is kept
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED
    assert client.post(url, {**sent, "confirm": "yes"}).status_code == 302
    request.refresh_from_db()
    assert request.status == Status.CANCELLED
