"""Real components for the notification tests: an SMTP server (aiosmtpd) in a thread, and a
Celery worker process on a queue of its own against the test database and REDIS_URL."""

import asyncio
import email
import email.policy
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
REDIS_URL = os.environ.get("REDIS_URL", "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """aiosmtpd handler: records accepted mail; can refuse (451) or hold a session."""

    def __init__(self):
        self.messages = []
        self.refuse = 0  # refuse this many RCPT commands with 451, then accept
        self.refuse_code = "451 4.3.0 Mailbox busy, try again later"
        self.hold = None  # a threading.Event: RCPT waits until it is set
        self.held = threading.Event()

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
        return "250 Message accepted"

    def wait_for(self, count, timeout=30.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end and len(self.messages) < count:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    if mailbox.hold is not None:
        mailbox.hold.set()
    controller.stop()


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


@pytest.fixture
def broker(settings):
    """The real Redis as broker, tasks on a queue of this test's own."""
    needs_redis()
    from partnership.celery import app

    queue = f"notif-test-{uuid.uuid4().hex[:10]}"
    settings.CELERY_BROKER_URL = REDIS_URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.NOTIFICATIONS_QUEUE = queue
    app.conf.task_always_eager = False
    yield queue
    app.conf.task_always_eager = True


class Worker:
    def __init__(self, queue, email_url):
        self.queue, self.email_url = queue, email_url
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
        }
        (ROOT / "var").mkdir(exist_ok=True)
        self.log = open(  # noqa: SIM115 (closed in stop)
            ROOT / "var" / f"{self.queue}.log", "ab"
        )
        self.name = f"{self.queue}-{uuid.uuid4().hex[:4]}@localhost"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "partnership",
                "worker",
                "--pool=solo",
                "-Q",
                self.queue,
                "-n",
                self.name,
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_ready()
        return self

    def wait_ready(self, timeout=30.0):
        from partnership.celery import app

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            assert self.proc.poll() is None, f"worker exited, see var/{self.queue}.log"
            with app.connection_for_write(REDIS_URL) as conn:
                if app.control.inspect(
                    destination=[self.name], timeout=0.5, connection=conn
                ).ping():
                    return
        raise AssertionError(f"worker not ready, see var/{self.queue}.log")

    def kill(self):
        self.proc.kill()  # SIGKILL: no warm shutdown, nothing acknowledged
        self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()  # a test worker: no need for a warm shutdown
            self.proc.wait(10)
        if self.log:
            self.log.close()


@pytest.fixture
def worker(broker, smtp, transactional_db):
    """A factory: start a real Celery worker process (PostgreSQL only: it must share the DB)."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs the PostgreSQL test database")
    started = []

    def start():
        w = Worker(broker, f"smtp://127.0.0.1:{smtp.port}").start()
        started.append(w)
        return w

    yield start
    for w in started:
        w.stop()
