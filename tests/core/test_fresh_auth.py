"""Who the visitor is and what they may do is never answered from the cache.

The session (database sessions), the user row, its unit and its roles are read from the
database on every request (partnership/accounts/middleware.py, accounts.selectors.visitor),
so a withdrawn role, a deactivated account or a logged-out session is refused on the very next
request, even when the change was made while Redis was down and Redis came back afterwards
with everything it held before (docs/security.md). The outage tests run a throwaway
redis-server of their own: stopped after a snapshot, changed, started again from the snapshot.
"""

import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import PROGRESS_NOTICES
from partnership.accounts.actions import set_role
from partnership.notifications.actions import mark_read, notify

MARK = "fresh-auth:written-before-the-outage"


class ThrowawayRedis:
    """A redis-server on a free port, no automatic persistence; `snapshot_and_stop` keeps
    what it holds in dump.rdb, which `start` loads again (stale data after an outage)."""

    def __init__(self, directory):
        self.directory = directory
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def cli(self, *args: str) -> str:
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, timeout=5
        ).stdout.strip()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no",
                "--dir", str(self.directory), "--dbfilename", "dump.rdb",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while self.cli("ping") != "PONG":
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def snapshot_and_stop(self) -> None:
        assert self.cli("save") == "OK"
        self.stop()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path, settings):
    if shutil.which("redis-server") is None:  # CI has it (.ci/run starts one)
        pytest.skip("needs the redis-server program")
    server = ThrowawayRedis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "partnership.cache.FailOpenRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "local": settings.CACHES["local"],
    }
    try:
        yield server
    finally:
        server.stop()


def _back_with_stale_data(server: ThrowawayRedis) -> None:
    server.start()
    deadline = time.monotonic() + 10
    while True:  # the fail-open cache leaves a Redis that failed alone for a few seconds
        caches["default"]._down_until = 0.0
        if cache.get(MARK) == "stale":
            return
        assert time.monotonic() < deadline, "Redis came back without its old data"
        time.sleep(0.05)


@pytest.fixture(params=["redis up", "redis down during the change"])
def change(request, redis_server):
    """Runs a change the way the case asks: with Redis up, or with Redis stopped (after a
    snapshot of everything the warm pages put in it) and started again afterwards."""
    outage = request.param != "redis up"

    def run(apply):
        cache.set(MARK, "stale", timeout=None)
        if outage:
            redis_server.snapshot_and_stop()
        apply()
        if outage:
            _back_with_stale_data(redis_server)

    return run


def _warm(client, path):
    for _ in range(2):
        assert client.get(path).status_code == 200


def _refused(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_withdrawn_role_is_refused_on_the_next_request(client, make_user, change):
    user = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client, "/ideas/dashboard/")
    change(lambda: set_role(user=user, role="union_officer", granted=False, by=None))
    assert client.get("/ideas/dashboard/").status_code == 404


def test_a_deactivated_account_is_refused_on_the_next_request(client, make_user, change):
    user = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client, "/ideas/dashboard/")
    _warm(client, "/me/")

    def deactivate():
        get_user_model().objects.filter(pk=user.pk).update(is_active=False)  # no signal at all

    change(deactivate)
    assert _refused(client.get("/me/"))
    assert client.get("/ideas/dashboard/").status_code != 200


def test_a_logged_out_session_is_refused_on_the_next_request(client, make_user, change):
    from django.test import Client

    user = make_user("member", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client, "/me/")
    other_tab = Client()  # the same session cookie, in another tab or a stolen copy
    other_tab.cookies.load({k: v.value for k, v in client.cookies.items()})
    _warm(other_tab, "/me/")
    change(lambda: client.post(reverse("account_logout")))
    assert _refused(client.get("/me/"))
    assert _refused(other_tab.get("/me/"))


def test_a_new_password_ends_the_other_sessions_at_once(client, make_user, change):
    user = make_user("member", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client, "/me/")

    def new_password():
        fresh = get_user_model().objects.get(pk=user.pk)
        fresh.set_password("a-new-long-passphrase-2026")
        fresh.save(update_fields=["password"])

    change(new_password)
    assert _refused(client.get("/me/"))


def test_a_granted_role_and_a_new_unit_count_on_the_next_request(
    client, make_user, org_tree, change
):
    user = make_user("member", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client, "/me/")
    assert client.get("/ideas/dashboard/").status_code == 404

    def promote():
        set_role(user=user, role="union_officer", granted=True, by=None)
        get_user_model().objects.filter(pk=user.pk).update(unit=org_tree("Thành đoàn Hà Nội"))

    change(promote)
    page = client.get("/ideas/dashboard/")
    assert page.status_code == 200
    assert "Thành đoàn Hà Nội" in page.content.decode()


def test_pages_render_while_redis_is_down(client, make_user, redis_server):
    user = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client, "/ideas/dashboard/")
    redis_server.stop()
    started = time.monotonic()
    for path in ("/", "/ideas/", "/ideas/dashboard/", "/notifications/", "/me/"):
        assert client.get(path).status_code == 200, path
    assert time.monotonic() - started < 10


def test_pages_render_and_auth_holds_while_redis_hangs(client, make_user, redis_server):
    user = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client, "/ideas/dashboard/")
    redis_server.process.send_signal(signal.SIGSTOP)  # alive, accepting, never answering
    try:
        started = time.monotonic()
        assert client.get("/ideas/dashboard/").status_code == 200
        set_role(user=user, role="union_officer", granted=False, by=None)
        assert client.get("/ideas/dashboard/").status_code == 404
        assert client.get("/me/").status_code == 200
        assert time.monotonic() - started < 10  # one timeout, then Redis is left alone
    finally:
        redis_server.process.send_signal(signal.SIGCONT)


# --- without Redis: what a request reads -----------------------------------------------------


def _sql(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries]


def test_a_request_reads_the_session_and_the_visitor_in_one_query_each(client, make_user):
    user = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client, "/notifications/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/notifications/")
    assert response.status_code == 200
    sql = _sql(queries)
    assert sum("django_session" in q for q in sql) == 1
    visitor = [q for q in sql if 'FROM "accounts_user"' in q and "auth_group" in q]
    assert len(visitor) == 1  # row, unit, roles and the unread badge together
    assert '"organisations_unit"' in visitor[0]
    assert '"notifications_notification"' in visitor[0]
    assert not [q for q in sql if q.startswith('SELECT "auth_group"')]
    assert not [q for q in sql if q.startswith('SELECT COUNT(*) AS "__count"')]
    assert user.get_short_name() in response.content.decode()


def test_the_visitor_query_reads_every_role_or_none(make_user):
    from partnership.accounts.selectors import visitor

    user = make_user("member", "reviewer", unit="Tỉnh đoàn Nghệ An")
    assert visitor(user.pk).role_codes == {"member", "reviewer"}
    assert visitor(user.pk).unit.name == "Tỉnh đoàn Nghệ An"
    plain = make_user(unit=None)
    assert visitor(plain.pk).role_codes == frozenset()
    assert visitor(plain.pk).unit is None
    get_user_model().objects.filter(pk=plain.pk).update(is_active=False)
    assert visitor(plain.pk) is None
    assert visitor(10**9) is None


def test_a_renamed_unit_shows_on_the_next_page(client, make_user, org_tree):
    user = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client, "/ideas/dashboard/")
    unit = org_tree("Tỉnh đoàn Nghệ An")
    unit.name = "Tỉnh đoàn Nghệ An (đổi tên)"
    unit.save()
    assert "Tỉnh đoàn Nghệ An (đổi tên)" in client.get("/ideas/dashboard/").content.decode()


def _badge(client) -> str:
    html = client.get("/me/").content.decode()
    start = html.find('class="inbox-link"')
    return html[start : html.find("</a>", start)]


def test_the_badge_and_the_inbox_follow_new_and_read_notifications_at_once(
    client, make_user, org_tree
):
    user = make_user("member", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    assert 'class="badge"' not in _badge(client)
    _warm(client, "/notifications/")
    with transaction.atomic():
        notify(
            recipients=[user],
            event="testing.unit_changed",
            category=PROGRESS_NOTICES,
            obj=org_tree("Tỉnh đoàn Nghệ An"),
        )
    assert ">1</span>" in _badge(client)
    assert client.get("/notifications/").content.decode().count('class="notification unread"') == 1
    mark_read(user=user)
    assert 'class="badge"' not in _badge(client)
    inbox = client.get("/notifications/").content.decode()
    assert 'class="notification unread"' not in inbox
    assert inbox.count('class="notification"') == 1
