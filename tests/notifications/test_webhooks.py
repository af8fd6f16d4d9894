"""Webhooks through the outbox: signed, once per event for the receiver, retried with backoff,
visible and re-sendable in admin, and safe across a worker killed mid-request."""

import json
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from partnership.notifications import outbox, webhooks
from partnership.notifications.actions import emit_event
from partnership.notifications.models import Delivery, WebhookEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch(org_tree):
    return org_tree("VNPT Nghệ An")


@pytest.fixture
def endpoint(branch, receiver):
    row = WebhookEndpoint.objects.create(
        unit=branch, url=receiver.url, secret=webhooks.new_secret()
    )
    receiver.secret = row.secret
    return row


def emit(unit, event="request.submitted", **data):
    """The change's transaction commits; its on-commit hook queues the delivery."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        return emit_event(unit=unit, event=event, payload={"reference": "YC-1", **data})


def come_due(row):
    Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())


def test_an_event_arrives_signed_with_its_idempotency_key(endpoint, branch, receiver):
    (row,) = emit(branch, note="Nghệ An")
    (got,) = receiver.requests
    assert got["verified"]
    event = json.loads(got["body"])
    assert event["event"] == "request.submitted" and event["unit"] == branch.pk
    assert event["data"] == {"reference": "YC-1", "note": "Nghệ An"}
    assert got["headers"]["Idempotency-Key"] == event["id"]
    assert got["headers"]["X-Webhook-Event"] == "request.submitted"
    # What a receiver checks: the signature covers the timestamp and the exact body.
    header, body = got["headers"]["X-Signature"], got["body"]
    assert webhooks.verify(endpoint.secret, header, body)
    assert not webhooks.verify(endpoint.secret, header, body.replace(b"YC-1", b"YC-2"))
    assert not webhooks.verify("whsec_other", header, body)
    assert not webhooks.verify(endpoint.secret, header, body, now=time.time() + 301)
    t = header.split(",")[0]
    assert not webhooks.verify(endpoint.secret, f"{t},v1={'0' * 64}", body)
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT and row.tries == 1
    assert row.channel == Delivery.Channel.WEBHOOK


def test_a_receiver_failing_three_times_then_answering_sees_the_event_once(
    endpoint, branch, receiver
):
    receiver.fail = 3
    (row,) = emit(branch)
    waits = []
    for _ in range(3):
        row.refresh_from_db()
        assert row.status == Delivery.Status.PENDING and "HTTP 500" in row.last_error
        waits.append(row.next_attempt_at - timezone.now())
        assert outbox.sweep() == 0  # not due yet: the retry time is on the row
        come_due(row)
        outbox.sweep()
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT and row.tries == 4
    # Backoff: 5, 10, 20 minutes (±20 %).
    for n, wait in enumerate(waits):
        assert timedelta(minutes=0.8 * 5 * 2**n - 0.1) < wait < timedelta(minutes=1.2 * 5 * 2**n)
    assert len(receiver.requests) == 4 and all(r["verified"] for r in receiver.requests)
    keys = {r["headers"]["Idempotency-Key"] for r in receiver.requests}
    assert len(keys) == 1 and list(receiver.processed) == list(keys)
    # Each try is signed anew (a fresh timestamp), the body is the same.
    assert len({r["body"] for r in receiver.requests}) == 1


def test_only_active_endpoints_of_the_unit_that_want_the_event(
    endpoint, branch, receiver, org_tree
):
    WebhookEndpoint.objects.create(
        unit=branch, url=receiver.url + "/moved", secret="s", events=["request.moved"]
    )
    WebhookEndpoint.objects.create(unit=branch, url=receiver.url + "/off", secret="s", active=False)
    WebhookEndpoint.objects.create(unit=org_tree("VNPT Hà Tĩnh"), url=receiver.url, secret="s")
    assert len(emit(branch, "request.submitted")) == 1  # the endpoint wanting every event
    assert len(emit(branch, "request.moved")) == 2
    assert emit(None) == []


def test_plain_http_only_to_loopback_and_only_when_allowed(settings):
    settings.WEBHOOKS_ALLOW_HTTP_LOOPBACK = False
    assert webhooks.url_allowed("https://erp.vnpt.example/hook")
    assert not webhooks.url_allowed("http://127.0.0.1:9/hook")
    settings.WEBHOOKS_ALLOW_HTTP_LOOPBACK = True
    assert webhooks.url_allowed("http://127.0.0.1:9/hook")
    assert webhooks.url_allowed("http://[::1]:9/hook")
    assert not webhooks.url_allowed("http://erp.vnpt.example/hook")
    assert not webhooks.url_allowed("http://10.0.0.1/hook")
    assert not webhooks.url_allowed("ftp://127.0.0.1/hook")


def test_rolled_back_change_sends_nothing(endpoint, branch, receiver):
    with pytest.raises(RuntimeError), transaction.atomic():
        emit_event(unit=branch, event="request.submitted", payload={})
        raise RuntimeError
    assert receiver.requests == [] and not Delivery.objects.exists()


def test_admin_registers_an_endpoint_shows_the_secret_once_and_resends_failed(
    client, make_user, branch, receiver, django_capture_on_commit_callbacks
):
    admin = make_user("content_admin")
    client.force_login(admin)
    refused = client.post(
        "/admin/notifications/webhookendpoint/add/",
        {"unit": branch.pk, "url": "http://erp.vnpt.example/hook", "active": "on"},
    )
    assert refused.status_code == 200 and not WebhookEndpoint.objects.exists()
    response = client.post(
        "/admin/notifications/webhookendpoint/add/",
        {"unit": branch.pk, "url": receiver.url, "events": ["request.moved"], "active": "on"},
        follow=True,
    )
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret.startswith("whsec_") and endpoint.events == ["request.moved"]
    assert endpoint.secret in response.content.decode()  # shown once…
    page = client.get(f"/admin/notifications/webhookendpoint/{endpoint.pk}/change/")
    assert page.status_code == 200 and endpoint.secret not in page.content.decode()  # …only
    receiver.secret = endpoint.secret

    receiver.fail, receiver.fail_status = 1, 410  # Gone: final, no retry
    (row,) = emit(branch, "request.moved")
    row.refresh_from_db()
    assert row.status == Delivery.Status.FAILED and "HTTP 410" in row.last_error
    listing = client.get(
        "/admin/notifications/delivery/?channel__exact=webhook&status__exact=failed"
    )
    assert receiver.url in listing.content.decode() and "HTTP 410" in listing.content.decode()
    assert ">1<" in client.get("/admin/notifications/webhookendpoint/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/notifications/delivery/",
            {"action": "send_again", "_selected_action": [row.pk]},
        )
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT
    assert len(receiver.processed) == 1 and len(receiver.requests) == 2


@pytest.mark.redis
@pytest.mark.worker
def test_a_worker_killed_mid_request_repeats_with_the_same_key(
    worker, receiver, org_tree, transactional_db
):
    branch = org_tree("VNPT Nghệ An")
    endpoint = WebhookEndpoint.objects.create(
        unit=branch, url=receiver.url, secret=webhooks.new_secret()
    )
    receiver.secret = endpoint.secret
    receiver.hold.clear()  # the receiver takes the event and is slow to answer
    first = worker()
    (row,) = emit(branch)
    assert receiver.arrived.wait(30), "the worker never reached the receiver"
    first.kill()  # SIGKILL while the request is in flight: the row stays `sending`
    receiver.hold.set()
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENDING and row.tries == 1
    # The retry time is on the row: the end of the lease (60 s), not 5 minutes.
    assert row.next_attempt_at == row.lease_until
    assert row.lease_until - timezone.now() < timedelta(seconds=61)
    worker()
    assert outbox.sweep() == 0
    assert outbox.sweep(now=timezone.now() + timedelta(seconds=61)) == 1
    receiver.wait_for(2)
    time.sleep(1)
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT and row.tries == 2
    assert len(receiver.requests) == 2 and all(r["verified"] for r in receiver.requests)
    keys = [r["headers"]["Idempotency-Key"] for r in receiver.requests]
    assert keys[0] == keys[1] and list(receiver.processed) == [keys[0]]  # processed once
