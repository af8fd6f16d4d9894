"""Admin: failed deliveries visible and re-sendable. `manage.py health`: exit 1 when down."""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from ideas.models import IDEA_NOTICES
from partnership.notifications.actions import notify
from partnership.notifications.models import Delivery

from .conftest import post_admin_action

pytestmark = pytest.mark.django_db


def delivery(user, status, error=""):
    with transaction.atomic():
        (n,) = notify(recipients=[user], event="x.y", category=IDEA_NOTICES, url="/ideas/")
    sent_at = timezone.now() if status == Delivery.Status.SENT else None
    Delivery.objects.filter(notification=n).update(
        status=status, tries=6, last_error=error, sent_at=sent_at
    )
    return Delivery.objects.get(notification=n)


def test_admin_lists_filters_and_sends_failed_mail_again(
    client, make_user, django_capture_on_commit_callbacks
):
    admin = make_user("content_admin")
    client.force_login(admin)
    failed = delivery(make_user(), Delivery.Status.FAILED, "451 4.3.0 Mailbox busy")
    sent = delivery(make_user(), Delivery.Status.SENT)
    html = client.get("/admin/notifications/delivery/?status__exact=failed").content.decode()
    assert "451 4.3.0 Mailbox busy" in html and f">{sent.pk}<" not in html
    assert (
        client.get(
            "/admin/notifications/delivery/?channel__exact=email&status__exact=failed&created_at__year=2026"
        ).status_code
        == 200
    )
    assert client.get(f"/admin/notifications/delivery/{failed.pk}/change/").status_code == 200
    assert (
        client.get(
            f"/admin/notifications/notification/{failed.notification_id}/change/"
        ).status_code
        == 200
    )
    post_admin_action(client, django_capture_on_commit_callbacks, "send_again", [failed, sent])
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.SENT and failed.tries == 1
    assert [m.to for m in mail.outbox] == [[failed.recipient.email]]  # the sent one: not again


@pytest.mark.parametrize(
    "changelist, picked, queued, left_alone",
    [
        ("?status__exact=failed", ["failed"], 1, 0),  # the filter no longer matches afterwards
        ("?status__exact=failed", ["failed", "failed"], 2, 0),
        ("", ["failed", "sent"], 1, 1),
        ("?status__exact=sent", ["sent"], 0, 1),
    ],
)
def test_send_again_reports_the_right_counts(
    client, make_user, django_capture_on_commit_callbacks, changelist, picked, queued, left_alone
):
    client.force_login(make_user("content_admin"))
    chosen = [delivery(make_user(), getattr(Delivery.Status, s.upper())) for s in picked]
    response = post_admin_action(
        client, django_capture_on_commit_callbacks, "send_again", chosen, query=changelist
    )
    shown = [(m.level_tag, m.message) for m in response.context["messages"]]
    expected = [("success", f"Đã xếp hàng gửi lại {queued} thư.")]
    if left_alone:
        expected.append(
            ("warning", f"{left_alone} thư đã gửi hoặc đang được gửi nên được giữ nguyên.")
        )
    assert shown == expected
    assert Delivery.objects.filter(
        pk__in=[d.pk for d in chosen], status=Delivery.Status.SENT
    ).count() == len(chosen)


def test_health_all_ok_in_process(settings):
    out = io.StringIO()
    call_command("health", stdout=out)
    text = out.getvalue()
    assert "database: ok" in text and "broker: ok" in text and "worker: ok" in text


def test_health_exits_non_zero_when_broker_is_down(settings):
    from partnership.celery import app

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    app.conf.task_always_eager = False
    out = io.StringIO()
    try:
        with pytest.raises(CommandError) as error:
            call_command("health", "--timeout=1", stdout=out)
    finally:
        app.conf.task_always_eager = True
    assert error.value.returncode == 1
    assert "database: ok" in out.getvalue()
    assert "broker: DOWN" in out.getvalue() and "worker: DOWN" in out.getvalue()


def test_health_command_process_exit_code_and_time():
    env = {**os.environ, "DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:1/0"}
    env.pop("CELERY_BROKER_URL", None)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", "health", "--timeout=1"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "broker: DOWN" in result.stdout
    assert time.monotonic() - started < 30  # Django boot included; the checks take ~1 s


def test_health_reports_a_stuck_outbox(member):
    import datetime

    out = io.StringIO()
    call_command("health", stdout=out)
    assert "outbox: ok (nothing due)" in out.getvalue()
    waiting = delivery(member, Delivery.Status.PENDING)
    Delivery.objects.filter(pk=waiting.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    out = io.StringIO()
    call_command("health", stdout=out)
    assert "outbox: ok (1 mail due, the oldest for 3 min)" in out.getvalue()
    Delivery.objects.filter(pk=waiting.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=40)
    )
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("health", "--outbox-late=15", stdout=out)
    assert error.value.returncode == 1
    assert "outbox: DOWN" in out.getvalue() and "draining" in out.getvalue()
