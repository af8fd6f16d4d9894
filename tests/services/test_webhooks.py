"""Request events reach the webhook endpoints of the handling branch and of the requesting
unit: submitted, moved, message added, overdue; signed, each once."""

import datetime
import json

import pytest
from django.utils import timezone

from partnership.notifications import webhooks
from partnership.notifications.models import Delivery, WebhookEndpoint
from services import actions
from services.models import ServiceRequest, Status
from tests.notifications.conftest import receiver  # noqa: F401 (the loopback receiver)

pytestmark = pytest.mark.django_db


def test_request_events_reach_the_branch_and_the_unit_once_each(
    receiver,  # noqa: F811
    nghean_officer,
    nghean_liaison,
    submit,
    django_capture_on_commit_callbacks,
):
    secret = webhooks.new_secret()
    receiver.secret = secret
    branch, unit = nghean_liaison.unit, nghean_officer.unit
    WebhookEndpoint.objects.create(unit=branch, url=receiver.url + "/branch", secret=secret)
    WebhookEndpoint.objects.create(
        unit=unit, url=receiver.url + "/unit", secret=secret, events=["request.moved"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(nghean_officer)
    with django_capture_on_commit_callbacks(execute=True):
        actions.set_status(
            request=request, new_status=Status.NEEDS_INFO, by=nghean_liaison, comment="Địa chỉ?"
        )
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_message(request=request, by=nghean_liaison, body="Cần thêm địa chỉ lắp đặt")
    with django_capture_on_commit_callbacks(execute=True):
        late = submit(nghean_officer)
    ServiceRequest.objects.filter(pk=late.pk).update(
        first_response_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.remind_overdue()
    assert all(r["verified"] for r in receiver.requests)
    seen = [
        (r["headers"]["X-Webhook-Event"], json.loads(r["body"])["unit"]) for r in receiver.requests
    ]
    assert seen == [
        ("request.submitted", branch.pk),
        ("request.moved", branch.pk),
        ("request.moved", unit.pk),
        ("request.message_added", branch.pk),
        ("request.submitted", branch.pk),
        ("request.overdue", branch.pk),
    ]
    assert len(receiver.processed) == 6  # six events, each processed once
    moved = json.loads(receiver.requests[1]["body"])["data"]
    assert moved["reference"] == request.reference and moved["status"] == Status.NEEDS_INFO
    assert moved["change"]["new_status"] == Status.NEEDS_INFO
    message = json.loads(receiver.requests[3]["body"])["data"]
    assert message["message"] == "Cần thêm địa chỉ lắp đặt"
    assert set(Delivery.objects.filter(channel="webhook").values_list("status", flat=True)) == {
        "sent"
    }
