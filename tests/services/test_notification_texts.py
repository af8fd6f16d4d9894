import datetime

import pytest
from django.utils import timezone

from partnership.notifications.models import Notification
from partnership.notifications.rendering import render_body, render_subject
from services import actions
from services.models import ServiceRequest, Status

pytestmark = pytest.mark.django_db


def test_every_services_event_renders_its_own_text_in_vietnamese_and_english(
    catalogue, nghean_officer, nghean_liaison, submit
):
    request = submit(nghean_officer)
    actions.set_status(
        request=request, new_status=Status.NEEDS_INFO, by=nghean_liaison, comment="Địa chỉ?"
    )
    actions.post_message(request=request, by=nghean_officer, body="Số 1 Trường Thi")
    ServiceRequest.objects.filter(pk=request.pk).update(
        status=Status.SUBMITTED,
        first_response_at=None,
        first_response_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    actions.remind_overdue()
    events = {
        "services.request_submitted": "Yêu cầu dịch vụ mới",
        "services.request_status_changed": "Cần bổ sung thông tin",
        "services.request_message": "Tin nhắn mới về yêu cầu",
        "services.request_overdue": "Quá hạn",
    }
    for event, vietnamese in events.items():
        notification = Notification.objects.filter(event=event).order_by("pk").first()
        assert notification is not None, event
        subject = render_subject(notification, language="vi")
        body = render_body(notification, language="vi")
        assert vietnamese in subject, (event, subject)
        assert request.reference in subject + body
        assert "/services/request/" in body
        english = render_subject(notification, language="en")
        assert english != subject
    status_body = render_body(
        Notification.objects.filter(
            event="services.request_status_changed", recipient=nghean_officer
        ).get(),
        language="vi",
    )
    assert "Địa chỉ?" in status_body
    assert "Cần bổ sung thông tin" in status_body  # the move, not today's status
