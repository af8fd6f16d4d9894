"""announce(): one message to many people, written in chunks, sent in batches over one SMTP
connection each, never lost when the mail server or the broker is down, never sent twice."""

import math
import threading
import uuid
from datetime import timedelta

import pytest
from celery.signals import task_prerun
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import COMMENT_NOTICES, IDEA_NOTICES
from partnership.notifications import outbox
from partnership.notifications.actions import (
    announce,
    announce_to_unit,
    notify,
    set_preference,
    unsubscribe,
)
from partnership.notifications.models import Announcement, Delivery, Notification, Preference

from .conftest import free_port

User = get_user_model()
CLOSED_BROKER = "redis://127.0.0.1:1/0"


def people(n, **fields):
    """n active people in one INSERT (the factory is far too slow for hundreds)."""
    tag = uuid.uuid4().hex[:8]
    return User.objects.bulk_create(
        [
            User(email=f"ann-{tag}-{i}@doan-vnpt.test", full_name=f"Người {i}", **fields)
            for i in range(n)
        ]
    )


def of(users):
    return User.objects.filter(pk__in=[u.pk for u in users])


class CountingBackend(locmem.EmailBackend):
    """locmem, counting the connections opened (one per batch expected)."""

    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return True


@pytest.fixture
def counting_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened = 0
    return CountingBackend


@pytest.fixture
def batch_tasks():
    """The send_batch tasks that ran, with their arguments."""
    ran = []

    def seen(sender=None, args=None, **kwargs):
        if sender is not None and sender.name == "notifications.send_batch":
            ran.append(args[0])

    task_prerun.connect(seen, weak=False)
    yield ran
    task_prerun.disconnect(seen)


@pytest.mark.django_db
def test_preferences_and_unsubscribes_are_honoured_as_notify_does_them(
    make_user, django_capture_on_commit_callbacks
):
    actor = make_user()
    plain, digest, off, account_only = people(4, language="en")
    (gone,) = people(1, is_active=False)
    set_preference(user=digest, category=IDEA_NOTICES, mode=Preference.Mode.DIGEST)
    unsubscribe(user=off, categories=[IDEA_NOTICES])
    set_preference(user=account_only, category=COMMENT_NOTICES, mode=Preference.Mode.OFF)
    everyone = of([actor, plain, digest, off, account_only, gone])

    with django_capture_on_commit_callbacks(execute=True):
        done = announce(
            everyone,
            title="Cuộc thi ý tưởng 2026 đã mở",
            body="Gửi ý tưởng trước 30/6.",
            category=IDEA_NOTICES,
            url="/ideas/",
            actor=actor,
        )
    assert (done.recipients, done.emails) == (4, 2) and done.finished_at
    announced = Notification.objects.filter(event="notifications.announcement")
    # The inbox for everyone active but the one who announced; mail as each one chose.
    assert dict(announced.values_list("recipient_id", "wants_digest")) == {
        plain.pk: False,
        digest.pk: True,
        off.pk: False,
        account_only.pk: False,
    }
    assert set(Delivery.objects.values_list("recipient_id", flat=True)) == {
        plain.pk,
        account_only.pk,
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([plain.email, account_only.email])
    message = next(m for m in mail.outbox if m.to == [plain.email])
    assert message.subject == "Cuộc thi ý tưởng 2026 đã mở"
    assert "Gửi ý tưởng trước 30/6." in message.body
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]

    # notify() to the same people gives the same rows: one rule, reused.
    announced_rows = dict(announced.values_list("recipient_id", "wants_digest"))
    announced_mail = set(Delivery.objects.values_list("recipient_id", flat=True))
    Notification.objects.all().delete()
    notify(recipients=[plain, digest, off, account_only], event="x.y", category=IDEA_NOTICES)
    assert dict(Notification.objects.values_list("recipient_id", "wants_digest")) == announced_rows
    assert set(Delivery.objects.values_list("recipient_id", flat=True)) == announced_mail


@pytest.mark.django_db
def test_one_notification_each_and_one_task_and_connection_per_batch(
    settings, counting_mail, batch_tasks, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_BATCH_SIZE = 10
    settings.NOTIFICATIONS_ANNOUNCE_CHUNK = 25  # rounded down to whole batches: 20
    crowd = people(45)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        done = announce(of(crowd), title="Thông báo", category=IDEA_NOTICES)
    # chunks of 20, 20, 5: each commits and queues its own mail (badges are counted per
    # request from the database: nothing to retire)
    assert len(callbacks) == 3
    assert done.recipients == done.emails == 45
    assert Notification.objects.count() == 45
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        u.pk for u in crowd
    )
    assert len(batch_tasks) == math.ceil(45 / 10) == 5
    assert sorted(len(b) for b in batch_tasks) == [5, 10, 10, 10, 10]
    assert counting_mail.opened == 5  # one connection per batch
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in crowd)
    assert set(Delivery.objects.values_list("status", "tries")) == {("sent", 1)}


@pytest.mark.django_db
def test_creating_costs_queries_per_chunk_not_per_recipient(settings):
    settings.NOTIFICATIONS_BATCH_SIZE = 50
    settings.NOTIFICATIONS_ANNOUNCE_CHUNK = 100
    counts = {}
    for n in (100, 400):
        crowd = people(n)
        with CaptureQueriesContext(connection) as queries:
            announce(of(crowd), title=f"{n}", category=IDEA_NOTICES)
        counts[n] = len(queries)
    per_chunk = (counts[400] - counts[100]) / 3
    assert per_chunk <= 10, counts  # lock, ids, preferences, 2 inserts, progress, savepoints
    assert counts[400] <= 12 + 10 * 4, counts  # 4 chunks (+ one empty read at the end)
    assert Notification.objects.count() == 500


@pytest.mark.django_db
def test_later_chunks_are_left_to_the_sweeper_later(settings):
    """Rows waiting their turn behind a big fan-out are not re-queued by the minutely sweep."""
    settings.NOTIFICATIONS_BATCH_SIZE = 50
    settings.NOTIFICATIONS_ANNOUNCE_CHUNK = 100
    settings.NOTIFICATIONS_DRAIN_RATE = 10  # mails per second
    crowd = sorted(people(250), key=lambda u: u.pk)
    before = timezone.now()
    announce(of(crowd), title="Xếp hàng", category=IDEA_NOTICES)  # nothing queued: no commit
    due = dict(Delivery.objects.values_list("recipient_id", "next_attempt_at"))
    first, last = due[crowd[0].pk], due[crowd[-1].pk]
    assert timedelta(seconds=119) < first - before < timedelta(seconds=125)
    assert timedelta(seconds=139) < last - before < timedelta(seconds=145)  # 200 ahead of it
    assert outbox.sweep(now=before + timedelta(seconds=130)) == 100  # only the first chunk


@pytest.mark.django_db
def test_same_key_is_announced_once_and_an_interrupted_fan_out_resumes(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_BATCH_SIZE = 5
    settings.NOTIFICATIONS_ANNOUNCE_CHUNK = 5
    crowd = people(12)
    with django_capture_on_commit_callbacks(execute=True):
        first = announce(of(crowd), title="Một lần", category=IDEA_NOTICES, key="k-1")
        again = announce(of(crowd), title="Một lần", category=IDEA_NOTICES, key="k-1")
    assert first.pk == again.pk and again.recipients == 12
    assert Notification.objects.count() == 12 and len(mail.outbox) == 12

    # A fan-out that stopped after its first chunk (the process was killed):
    crowd = sorted(people(12), key=lambda u: u.pk)
    Announcement.objects.create(
        key="k-2",
        event="notifications.announcement",
        category=IDEA_NOTICES,
        title="Tiếp tục",
        cursor=crowd[4].pk,
        recipients=5,
        emails=5,
    )
    with django_capture_on_commit_callbacks(execute=True):
        resumed = announce(of(crowd), title="Tiếp tục", category=IDEA_NOTICES, key="k-2")
    assert (resumed.recipients, resumed.emails) == (12, 12) and resumed.finished_at
    assert sorted(
        Notification.objects.filter(context__title="Tiếp tục").values_list(
            "recipient_id", flat=True
        )
    ) == [u.pk for u in crowd[5:]]


@pytest.mark.django_db
def test_mail_server_refusing_connections_loses_nothing(
    settings, smtp_settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_BATCH_SIZE = 4
    crowd = people(6, language="en")
    settings.EMAIL_PORT = free_port()  # nobody listens: connection refused
    with django_capture_on_commit_callbacks(execute=True):
        announce(of(crowd), title="Mất điện?", category=IDEA_NOTICES)
    rows = Delivery.objects.all()
    assert rows.count() == 6
    for d in rows:  # each back in the queue with the first backoff (5 min ± 20 %)
        assert d.status == Delivery.Status.PENDING and d.tries == 1
        assert "ConnectionRefused" in d.last_error
        assert timedelta(minutes=3.9) < d.next_attempt_at - timezone.now() < timedelta(minutes=6.1)
    assert outbox.sweep() == 0  # not due yet

    settings.EMAIL_PORT = smtp_settings.port  # the server is back, the time has come
    rows.update(next_attempt_at=timezone.now())
    assert outbox.sweep() == 6
    smtp_settings.wait_for(6)
    assert sorted(r[0] for r, _m in smtp_settings.messages) == sorted(u.email for u in crowd)
    assert smtp_settings.connections == 2  # two batches, one connection each
    assert set(rows.values_list("status", "tries")) == {("sent", 2)}


@pytest.mark.django_db
def test_one_refused_recipient_fails_alone_the_batch_goes_on(
    settings, smtp_settings, django_capture_on_commit_callbacks
):
    smtp = smtp_settings
    smtp.refuse = 1  # the first RCPT of the session gets a 451
    crowd = people(5, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        announce(of(crowd), title="Một người bận", category=IDEA_NOTICES)
    smtp.wait_for(4)
    assert len(smtp.messages) == 4 and smtp.connections == 1
    statuses = sorted(Delivery.objects.values_list("status", flat=True))
    assert statuses == ["pending", "sent", "sent", "sent", "sent"]
    assert "451" in Delivery.objects.get(status="pending").last_error


@pytest.mark.django_db
def test_broker_down_leaves_every_row_to_the_sweeper(
    settings, counting_mail, django_capture_on_commit_callbacks
):
    from partnership.celery import app

    settings.NOTIFICATIONS_BATCH_SIZE = 10
    settings.NOTIFICATIONS_ANNOUNCE_CHUNK = 10
    crowd = people(30)
    settings.CELERY_BROKER_URL = CLOSED_BROKER
    app.conf.task_always_eager = False
    try:
        with django_capture_on_commit_callbacks(execute=True):
            done = announce(of(crowd), title="Redis nghỉ", category=IDEA_NOTICES)
    finally:
        app.conf.task_always_eager = True
    assert done.finished_at and done.emails == 30  # the fan-out itself does not need it
    assert mail.outbox == []
    rows = Delivery.objects.all()
    assert set(rows.values_list("status", "tries")) == {("pending", 0)}
    assert not rows.filter(next_attempt_at__gt=timezone.now()).exists()  # due at once

    # The broker is back: beat's sweep queues them in batches.
    assert outbox.sweep() == 30
    assert len(mail.outbox) == 30 and counting_mail.opened == 3
    assert set(rows.values_list("status", "tries")) == {("sent", 1)}


@pytest.mark.django_db(transaction=True)
def test_two_workers_draining_the_same_rows_send_each_mail_once(settings, smtp_settings):
    if connection.vendor != "postgresql":
        pytest.skip(
            "row locks (FOR UPDATE SKIP LOCKED) need PostgreSQL; on SQLite the status guard "
            "decides and writers are serialised anyway"
        )
    settings.NOTIFICATIONS_BATCH_SIZE = 1000
    crowd = people(60, language="en")
    announce(of(crowd), title="Song song", category=IDEA_NOTICES)  # queues on commit: eager
    mail_sent = len(smtp_settings.wait_for(60))
    assert mail_sent == 60
    # Back to the start, as if the sweeper and the original tasks both got them.
    Delivery.objects.update(status="pending", tries=0, sent_at=None)
    smtp_settings.messages.clear()
    items = list(Delivery.objects.order_by("pk").values_list("pk", "tries"))
    start = threading.Barrier(3)
    results = []

    def drain(part):
        try:
            start.wait()
            results.append(outbox.deliver(part))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=drain, args=(items,)),  # all of them
        threading.Thread(target=drain, args=(items[::-1],)),  # all, the other way round
        threading.Thread(target=drain, args=(items[20:40],)),  # an overlapping batch
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(r["sent"] for r in results) == 60, results
    smtp_settings.wait_for(60)
    recipients = [r[0] for r, _m in smtp_settings.messages]
    assert sorted(recipients) == sorted(u.email for u in crowd)  # each exactly once
    assert set(Delivery.objects.values_list("status", "tries")) == {("sent", 1)}


@pytest.mark.django_db
def test_campaign_admin_action_announces_to_the_unit_once(
    admin_client, admin_user, org_tree, django_capture_on_commit_callbacks
):
    from ideas.models import Campaign

    hanoi = org_tree("Thành đoàn Hà Nội")
    below = type(hanoi).objects.under(hanoi).exclude(pk=hanoi.pk).first()
    inside = people(3, unit=hanoi) + people(2, unit=below)
    outside = people(2, unit=org_tree("Tỉnh đoàn Nghệ An"))
    now = timezone.now()
    campaign = Campaign.objects.create(
        title="Sáng kiến Thủ đô 2026",
        slug="sang-kien-thu-do-2026",
        description="Ý tưởng cho chuyển đổi số của Thủ đô.",
        organising_unit=hanoi,
        submission_opens=now,
        submission_closes=now + timedelta(days=30),
    )
    data = {"action": "announce_to_unit_people", "_selected_action": [campaign.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/ideas/campaign/", data, follow=True)
    (message,) = [str(m) for m in response.context["messages"]]
    assert "Sáng kiến Thủ đô 2026" in message and " 5 " in message and str(hanoi) in message
    got = Notification.objects.filter(event="notifications.announcement")
    assert sorted(got.values_list("recipient_id", flat=True)) == sorted(u.pk for u in inside)
    assert got.first().url == campaign.get_absolute_url()
    assert got.first().target == campaign
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in inside)
    assert not {u.email for u in outside} & {m.to[0] for m in mail.outbox}

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/ideas/campaign/", data, follow=True)
    assert got.count() == 5 and len(mail.outbox) == 5  # selecting it again sends nothing
    assert Announcement.objects.get().unit == hanoi
    assert admin_user.pk not in set(got.values_list("recipient_id", flat=True))


@pytest.mark.django_db
def test_a_unit_announcement_runs_in_task_slices_until_done(
    settings, org_tree, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_BATCH_SIZE = 5
    settings.NOTIFICATIONS_ANNOUNCE_CHUNK = 5
    settings.NOTIFICATIONS_FAN_OUT_SECONDS = 0  # one chunk per task, then it queues itself
    unit = org_tree("Tỉnh đoàn Nghệ An")
    crowd = people(12, unit=unit)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        done = announce_to_unit(unit, title="Từng phần", category=IDEA_NOTICES, key="u-1")
        assert Notification.objects.count() == 0  # nothing before the commit
    assert len(callbacks) > 3  # the fan-out task, then each chunk's mail (and the next slice)
    done.refresh_from_db()
    assert (done.recipients, done.emails) == (12, 12) and done.finished_at
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        u.pk for u in crowd
    )
    assert len(mail.outbox) == 12


@pytest.mark.django_db
def test_a_unit_announcement_whose_task_was_lost_is_restarted_by_the_sweeper(
    settings, org_tree, django_capture_on_commit_callbacks
):
    from partnership.celery import app

    unit = org_tree("Tỉnh đoàn Nghệ An")
    crowd = people(7, unit=unit)
    settings.CELERY_BROKER_URL = CLOSED_BROKER
    app.conf.task_always_eager = False
    try:
        with django_capture_on_commit_callbacks(execute=True):
            lost = announce_to_unit(unit, title="Bị mất", category=IDEA_NOTICES)
    finally:
        app.conf.task_always_eager = True
    assert Notification.objects.count() == 0 and not lost.finished_at
    assert outbox.sweep() == 0  # not stalled for long enough yet: it may still be queued
    assert Notification.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        outbox.sweep(now=timezone.now() + timedelta(minutes=3))
    lost.refresh_from_db()
    assert lost.finished_at and lost.recipients == 7
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in crowd)
    outbox.sweep(now=timezone.now() + timedelta(minutes=10))  # finished: left alone
    assert Notification.objects.count() == 7


@pytest.mark.redis
@pytest.mark.worker
def test_a_real_worker_sends_an_announcement_in_batches(worker, smtp, settings):
    worker()
    settings.NOTIFICATIONS_BATCH_SIZE = 20
    crowd = people(70, language="vi")
    done = announce(of(crowd), title="Thông báo thật", category=IDEA_NOTICES)
    assert done.emails == 70
    smtp.wait_for(70, timeout=60)
    assert sorted(r[0] for r, _m in smtp.messages) == sorted(u.email for u in crowd)
    assert smtp.connections == 4  # ceil(70 / 20) batches, one connection each
    assert set(Delivery.objects.values_list("status", "tries")) == {("sent", 1)}
