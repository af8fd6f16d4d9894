"""A real Celery worker process and a broker that goes away: the worker reconnects while the
outage is short and, once it gives up (CELERY_BROKER_CONNECTION_MAX_RETRIES), exits with a
non-zero status so that its supervisor (systemd Restart=on-failure) starts it again."""

import contextlib
import os
import select
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")


class BrokerLink:
    """A TCP relay in front of Redis that can be cut (new connections refused, open ones
    closed) and restored on the same port, to play a broker outage for one process only."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self.server: socket.socket | None = None
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()

    def up(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen()
        self.port = server.getsockname()[1]
        self.server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def down(self) -> None:
        if self.server:
            self.server.close()
            self.server = None
        with self.lock:
            for s in self.open:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.open.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.open += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        peers = {a: b, b: a}
        try:
            while True:
                ready, _, _ = select.select([a, b], [], [], 1)
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    peers[s].sendall(data)
        except (OSError, ValueError):
            return


def start_worker(broker_url: str, log_path: Path, max_retries: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "1",
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_BROKER_CONNECTION_MAX_RETRIES": str(max_retries),
    }
    env.pop("DATABASE_URL", None)  # the worker runs no task here; it needs no test database
    queue = f"supervision-{uuid.uuid4().hex[:10]}"  # consumes nobody else's tasks
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "partnership", "worker", "--pool=solo",
            "-Q", queue, "-n", f"{queue}@localhost", "--without-gossip", "--without-mingle",
            "--without-heartbeat", "-l", "info",
        ],
        cwd=ROOT, env=env, stdout=log_path.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def wait_for(log_path: Path, text: str, *, count: int = 1, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if log_path.read_text(errors="replace").count(text) >= count:
            return
        time.sleep(0.2)
    raise AssertionError(f"no {text!r} ({count}×) in the worker's log:\n{log_path.read_text()}")


def test_worker_exits_non_zero_when_the_broker_never_answers(tmp_path):
    log = tmp_path / "worker.log"
    started = time.monotonic()
    worker = start_worker("redis://127.0.0.1:1/0", log, max_retries=2)  # port 1 refuses
    try:
        code = worker.wait(timeout=90)
    finally:
        worker.kill()
    text = log.read_text(errors="replace")
    assert code != 0, text
    assert "Trying again in" in text and "(2/2)" in text
    assert "Unrecoverable error" in text
    assert time.monotonic() - started < 60  # two retries: 2 s + 4 s, Django boot included


def test_worker_reconnects_after_a_short_outage_and_exits_after_a_long_one(tmp_path):
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    redis = urlsplit(REDIS_URL)
    link = BrokerLink((redis.hostname or "127.0.0.1", redis.port or 6379))
    link.up()
    credentials = redis.netloc.rpartition("@")[0]
    netloc = f"{credentials}@127.0.0.1:{link.port}" if credentials else f"127.0.0.1:{link.port}"
    via_link = urlunsplit(redis._replace(netloc=netloc))
    log = tmp_path / "worker.log"
    worker = start_worker(via_link, log, max_retries=3)
    try:
        wait_for(log, " ready.")
        link.down()  # short outage: the worker notices and retries
        wait_for(log, "Trying again in", timeout=30)
        link.up()
        wait_for(log, "Connected to redis://", count=2, timeout=30)
        assert worker.poll() is None, "the worker should have reconnected, not exited"
        link.down()  # long outage: three retries (2 s, 4 s, 6 s), then exit 1
        started = time.monotonic()
        code = worker.wait(timeout=90)
        assert code != 0, log.read_text()
        assert time.monotonic() - started < 60
        assert "Unrecoverable error" in log.read_text()
    finally:
        link.down()
        worker.kill()
