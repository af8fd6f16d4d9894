"""End to end with the real things: Redis as broker, a Celery worker process, an SMTP server.

Run when REDIS_URL is set and the database is PostgreSQL (the worker must see the rows the
test commits, hence transactional_db); skipped otherwise.
"""

import io
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from partnership.notifications import categories, outbox
from partnership.notifications.actions import notify
from partnership.notifications.models import Delivery
from tests.factories import UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.worker]
# People without a unit: no need to reload the organisation tree after each flush.

SETTLE = 1.0  # seconds to wait for a second (duplicate) mail that must not come


def body(message):
    return message.get_body(("plain",)).get_content()


def test_a_change_gives_exactly_one_mail_each_in_their_language(worker, smtp, client):
    worker()
    vi = UserFactory(language="vi", full_name="Nguyễn Văn An")
    en = UserFactory(language="en", full_name="Jane Doe")
    client.force_login(vi)
    assert client.post("/notifications/preferences/test/").status_code == 302
    with transaction.atomic():
        notify(
            recipients=[en],
            event="notifications.test",
            category=categories.ACCOUNT,
            url="/notifications/preferences/",
        )
    smtp.wait_for(2)
    time.sleep(SETTLE)
    assert len(smtp.messages) == 2
    mails = {tuple(rcpts): msg for rcpts, msg in smtp.messages}
    vi_mail, en_mail = mails[(vi.email,)], mails[(en.email,)]
    assert vi_mail["Subject"].strip() == "Thông báo thử từ Cổng Hợp tác Đoàn – VNPT"
    assert body(vi_mail).startswith("Xin chào An,")
    assert "http://127.0.0.1:8000/notifications/preferences/" in body(vi_mail)
    assert 'lang="vi"' in vi_mail.get_body(("html",)).get_content()
    assert en_mail["Subject"].strip() == "Test notification from the Đoàn – VNPT portal"
    assert body(en_mail).startswith("Hello Doe,")
    assert set(Delivery.objects.values_list("status", "tries")) == {("sent", 1)}
    out = io.StringIO()
    call_command("health", "--timeout=1", stdout=out)
    assert "worker: ok" in out.getvalue()


def test_broker_down_then_the_sweeper_delivers_exactly_once(worker, smtp, client, settings):
    from django.conf import settings as live

    worker()
    user = UserFactory(language="en")
    client.force_login(user)
    redis_url = live.CELERY_BROKER_URL
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    started = time.monotonic()
    response = client.post("/notifications/preferences/test/")
    assert response.status_code == 302 and time.monotonic() - started < 5
    d = Delivery.objects.get(recipient=user)
    assert d.status == Delivery.Status.PENDING and d.tries == 0
    time.sleep(SETTLE)
    assert smtp.messages == []
    settings.CELERY_BROKER_URL = redis_url  # the broker is back: beat runs the sweeper
    assert outbox.sweep() == 1
    assert outbox.sweep() == 0
    smtp.wait_for(1)
    time.sleep(SETTLE)
    assert [rcpts for rcpts, _m in smtp.messages] == [[user.email]]
    d.refresh_from_db()
    assert d.status == Delivery.Status.SENT and d.tries == 1


def test_worker_killed_mid_send_delivers_once_after_restart(worker, smtp):
    smtp.hold = threading.Event()  # the SMTP session stalls at RCPT: the worker is mid-send
    first = worker()
    user = UserFactory()
    with transaction.atomic():
        notify(recipients=[user], event="notifications.test", category=categories.ACCOUNT)
    assert smtp.held.wait(30), "the worker never reached the SMTP server"
    first.kill()  # SIGKILL: nothing acknowledged, the row stays claimed
    smtp.hold.set()
    d = Delivery.objects.get(recipient=user)
    assert d.status == Delivery.Status.SENDING and d.tries == 1
    worker()
    # Until the lease runs out nobody touches the row (the dead worker might come back)...
    assert outbox.sweep() == 0
    # ...after it (5 minutes), the sweeper hands it to the new worker.
    assert outbox.sweep(now=timezone.now() + timedelta(seconds=301)) == 1
    smtp.wait_for(1)
    time.sleep(SETTLE)
    assert [rcpts for rcpts, _m in smtp.messages] == [[user.email]]
    d.refresh_from_db()
    assert d.status == Delivery.Status.SENT and d.tries == 2


def test_worker_killed_mid_batch_repeats_at_most_the_open_mail_with_the_same_message_id(
    worker, smtp
):
    """SIGKILL just after the SMTP server took the 3rd mail of a batch of 5, before its "250"
    reached the worker (so before the row could be marked sent)."""
    smtp.hold_data_at = 3
    first = worker()
    people = [UserFactory() for _ in range(5)]
    with transaction.atomic():
        notify(recipients=people, event="notifications.test", category=categories.ACCOUNT)
    assert smtp.data_held.wait(30), "the worker never reached the third mail"
    first.kill()
    smtp.release_data.set()
    rows = list(Delivery.objects.order_by("pk"))
    # Marked per message: the two mails the server confirmed are `sent` already.
    assert [d.status for d in rows] == ["sent", "sent", "sending", "sending", "sending"]
    for d in rows[2:]:
        # The retry time is on the row: the end of the lease, 60 s (it was 5 minutes).
        assert d.next_attempt_at == d.lease_until
        assert d.lease_until - timezone.now() <= timedelta(seconds=60)
    worker()
    assert outbox.sweep(now=timezone.now() + timedelta(seconds=30)) == 0  # the lease holds
    assert outbox.sweep(now=timezone.now() + timedelta(seconds=61)) == 3
    smtp.wait_for(6)
    time.sleep(SETTLE)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    ids = [m["Message-ID"] for _r, m in smtp.messages]
    assert len(smtp.messages) == 6 and len(set(ids)) == 5
    # The one repeat is the open mail, with the same Message-ID: a server or client that
    # drops repeats drops it.
    by_id = {}
    for rcpts, m in smtp.messages:
        by_id.setdefault(m["Message-ID"], []).append(rcpts)
    (repeated,) = [r for r in by_id.values() if len(r) == 2]
    assert repeated == [[people[2].email], [people[2].email]]
    for d, person in zip(rows, people, strict=True):
        assert outbox.message_id(d.idempotency_key) in by_id
        assert by_id[outbox.message_id(d.idempotency_key)][0] == [person.email]
