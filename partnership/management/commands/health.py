"""`manage.py health`: is the database, the broker and a worker reachable, and is the mail
outbox being drained? Exit 1 if not.

Every check has a timeout of a few seconds, so a monitor or a deploy script never hangs.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def check_broker(url: str, timeout: float) -> str:
    from kombu import Connection

    with Connection(
        url,
        connect_timeout=timeout,
        transport_options={
            **getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
            "socket_connect_timeout": timeout,
            "socket_timeout": timeout,
        },
    ) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
        parts = urlsplit(url)  # shown without the credentials
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}"


def check_worker(url: str, timeout: float) -> str:
    from partnership.celery import app

    if app.conf.task_always_eager:
        return "tasks run in-process (no REDIS_URL): no worker needed"
    with app.connection_for_write(url) as conn:
        replies = app.control.inspect(timeout=timeout, connection=conn).ping() or {}
    if not replies:
        raise RuntimeError("no worker answered the ping")
    return ", ".join(sorted(replies))


def check_outbox(late_minutes: float) -> str:
    """Mail due but not sent: a few are normal (a batch in flight, retries with backoff); the
    oldest due longer than `late_minutes` ago means nothing drains the outbox."""
    from partnership.notifications.models import Delivery

    now = timezone.now()
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
    oldest = due.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first()
    if oldest is None:
        return "nothing due"
    count = due.order_by()[:10_001].count()
    shown = "more than 10 000" if count > 10_000 else str(count)
    late = (now - oldest) / datetime.timedelta(minutes=1)
    summary = f"{shown} mail{'' if count == 1 else 's'} due, the oldest for {late:.0f} min"
    if late > late_minutes:
        raise RuntimeError(f"{summary}: is a worker draining the outbox?")
    return summary


class Command(BaseCommand):
    help = "Check the database, broker, worker and mail outbox; exit 1 if one is down."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=3.0, help="seconds per check")
        parser.add_argument(
            "--outbox-late",
            type=float,
            default=15.0,
            help="minutes a due mail may wait before the outbox counts as stuck",
        )

    def handle(self, *args, timeout, outbox_late, **options):
        url = settings.CELERY_BROKER_URL
        down = []
        checks = [
            ("database", lambda: check_database()),
            ("broker", lambda: check_broker(url, timeout)),
            ("worker", lambda: check_worker(url, timeout)),
            ("outbox", lambda: check_outbox(outbox_late)),
        ]
        for name, check in checks:
            if name == "worker" and "broker" in down:
                self.stdout.write(f"{name}: DOWN (broker unreachable)")
                down.append(name)
                continue
            try:
                detail = check()
            except Exception as exc:
                self.stdout.write(f"{name}: DOWN ({type(exc).__name__}: {exc})")
                down.append(name)
            else:
                self.stdout.write(f"{name}: ok ({detail})")
        if down:
            raise CommandError(f"down: {', '.join(down)}", returncode=1)
        self.stdout.write("all ok")
