"""Real components for the notification tests: an SMTP server (aiosmtpd) in a thread, and a
Celery worker process on a queue of its own against the test database and REDIS_URL."""

import asyncio
import email
import email.policy
import json
import os
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from tests.processes import celery_worker_argv, free_port

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
REDIS_URL = os.environ.get("REDIS_URL", "")


class Mailbox:
    """aiosmtpd handler: records accepted mail; can refuse (451) or hold a session."""

    def __init__(self):
        self.messages = []
        self.connections = 0  # SMTP sessions opened (one EHLO each)
        self.refuse = 0  # refuse this many RCPT commands with 451, then accept
        self.refuse_code = "451 4.3.0 Mailbox busy, try again later"
        self.hold = None  # a threading.Event: RCPT waits until it is set
        self.held = threading.Event()
        # Hold the answer to the n-th DATA (the mail is recorded, "250" not yet sent).
        self.hold_data_at = 0
        self.data_held = threading.Event()
        self.release_data = threading.Event()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname  # the 5-argument hook's duty
        self.connections += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.hold is not None:
            self.held.set()
            while not self.hold.is_set():
                await asyncio.sleep(0.05)
        if self.refuse:
            self.refuse -= 1
            return self.refuse_code
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        if self.hold_data_at and len(self.messages) == self.hold_data_at:
            self.data_held.set()
            while not self.release_data.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted"

    def wait_for(self, count, timeout=30.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end and len(self.messages) < count:
            time.sleep(0.05)
        return self.messages


@pytest.fixture(scope="module")
def _smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    if mailbox.hold is not None:
        mailbox.hold.set()
    mailbox.release_data.set()
    controller.stop()


@pytest.fixture
def smtp(_smtp_server):
    """The module's SMTP server, emptied and accepting everything again."""
    box = _smtp_server
    if box.hold is not None:
        box.hold.set()
    box.messages.clear()
    box.connections = 0
    box.refuse, box.refuse_code = 0, "451 4.3.0 Mailbox busy, try again later"
    box.hold = None
    box.held.clear()
    box.release_data.set()  # a session still held by the last test goes on
    box.hold_data_at = 0
    box.data_held.clear()
    box.release_data = threading.Event()
    return box


@pytest.fixture
def smtp_settings(settings, smtp):
    """Django in this process sends through the test SMTP server."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return smtp


@pytest.fixture
def event_templates(settings):
    """Templates for the test event "testing.unit_changed" (as a domain app would ship)."""
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [*engine["DIRS"], HERE / "templates"]
    settings.TEMPLATES = [engine]


def needs_redis():
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set")


@pytest.fixture(scope="module")
def _queue():
    return f"notif-test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def broker(settings, _queue):
    """The real Redis as broker, tasks on a queue of this module's own."""
    needs_redis()
    from partnership.celery import app

    settings.CELERY_BROKER_URL = REDIS_URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.NOTIFICATIONS_QUEUE = _queue
    app.conf.task_always_eager = False
    yield _queue
    app.conf.task_always_eager = True


class Worker:
    def __init__(self, queue, email_url, log_dir):
        self.queue, self.email_url, self.log_dir = queue, email_url, log_dir
        self.proc = None
        self.log = None

    def start(self):
        db = connection.settings_dict
        database_url = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": database_url,
            "CONN_MAX_AGE": "0",
            "REDIS_URL": REDIS_URL,
            "CELERY_BROKER_URL": REDIS_URL,
            "EMAIL_URL": self.email_url,
            "WEBHOOKS_ALLOW_HTTP_LOOPBACK": "1",
        }
        self.name = f"{self.queue}-{uuid.uuid4().hex[:4]}@localhost"
        self.log_path = self.log_dir / f"{self.name}.log"
        self.log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            celery_worker_argv(
                name=self.name, pool="solo", loglevel="info", options=("-Q", self.queue)
            ),
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_ready()
        return self

    @property
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, timeout=60.0):
        from partnership.celery import app

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            assert self.proc.poll() is None, f"worker exited, see {self.log_path}"
            with app.connection_for_write(REDIS_URL) as conn:
                if app.control.inspect(
                    destination=[self.name], timeout=0.5, connection=conn
                ).ping():
                    return
        raise AssertionError(f"worker not ready, see {self.log_path}")

    def kill(self):
        self.proc.kill()  # SIGKILL: no warm shutdown, nothing acknowledged
        self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()  # a test worker: no need for a warm shutdown
            self.proc.wait(10)
        if self.log:
            self.log.close()


@pytest.fixture(scope="module")
def _workers(tmp_path_factory):
    started = []
    yield started
    for w in started:
        w.stop()


@pytest.fixture
def worker(broker, smtp, transactional_db, _workers, tmp_path_factory):
    """Get the module's running Celery worker process, starting one if there is none (or
    the last one was killed). PostgreSQL only: the worker must share the test database."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs the PostgreSQL test database")

    def get():
        if not (_workers and _workers[-1].alive):
            log_dir = tmp_path_factory.mktemp("celery")
            _workers.append(Worker(broker, f"smtp://127.0.0.1:{smtp.port}", log_dir).start())
        return _workers[-1]

    return get


class Receiver:
    """A webhook receiver on loopback, as a unit's system would run one: it checks each
    request's signature, answers 500 to the first `fail` requests, can hold its answer, and
    processes each event once (by its Idempotency-Key)."""

    def __init__(self) -> None:
        self.secret = ""
        self.requests: list[dict] = []  # every request that arrived
        self.processed: dict[str, dict] = {}  # Idempotency-Key → event, first time only
        self.fail = 0
        self.fail_status = 500
        self.hold = threading.Event()
        self.hold.set()
        self.arrived = threading.Event()

    def handle(self, headers, body: bytes) -> int:
        from partnership.notifications.webhooks import verify

        good = verify(self.secret, headers.get("X-Signature", ""), body)
        self.requests.append({"headers": dict(headers), "body": body, "verified": good})
        self.arrived.set()
        self.hold.wait(60)
        if not good:
            return 401
        if self.fail:
            self.fail -= 1
            return self.fail_status
        key = headers["Idempotency-Key"]
        if key not in self.processed:
            self.processed[key] = json.loads(body)
        return 200

    def wait_for(self, count: int, timeout: float = 30.0) -> list[dict]:
        end = time.monotonic() + timeout
        while time.monotonic() < end and len(self.requests) < count:
            time.sleep(0.05)
        return self.requests


@pytest.fixture
def receiver(settings):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    box = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the http.server API)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status = box.handle(self.headers, body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    box.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    settings.WEBHOOKS_ALLOW_HTTP_LOOPBACK = True
    yield box
    box.hold.set()
    server.shutdown()
    server.server_close()


def post_admin_action(
    client: Any, capture: Callable, action: str, deliveries: list[Any], query: str = ""
) -> Any:
    """Run the delivery admin's `action` on `deliveries` from its list (filtered by `query`),
    commit hooks run so mail goes out, and check the admin answered."""
    with capture(execute=True):
        response = client.post(
            f"/admin/notifications/delivery/{query}",
            {"action": action, "_selected_action": [d.pk for d in deliveries]},
            follow=True,
        )
    assert response.status_code == 200
    return response
