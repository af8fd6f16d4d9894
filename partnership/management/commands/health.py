"""`manage.py health`: is the database, the broker and a worker reachable? Exit 1 if not.

Every check has a timeout of a few seconds, so a monitor or a deploy script never hangs.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


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


class Command(BaseCommand):
    help = "Check the database, the Celery broker and a Celery worker; exit 1 if one is down."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=3.0, help="seconds per check")

    def handle(self, *args, timeout, **options):
        url = settings.CELERY_BROKER_URL
        down = []
        checks = [
            ("database", lambda: check_database()),
            ("broker", lambda: check_broker(url, timeout)),
            ("worker", lambda: check_worker(url, timeout)),
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
