"""The visitor and their unread count come from the cache, and never after they change.

partnership/usercache.py keeps per-person values under a generation; the middleware reads the
user (unit and roles included) from it, the header's badge its count. These tests warm the
cache first, then change the person the way the portal or an admin does, and look at the very
next page.
"""

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from partnership.accounts.actions import set_role
from partnership.notifications.actions import mark_read, notify
from partnership.notifications.categories import Category


def _tables(queries) -> str:
    return " ".join(q["sql"] for q in queries)


def _warm(client, path="/notifications/"):
    for _ in range(2):
        assert client.get(path).status_code == 200


def test_a_warm_page_reads_neither_the_session_nor_the_user_nor_the_badge(client, make_user):
    user = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/notifications/")
    assert response.status_code == 200
    sql = _tables(queries.captured_queries)
    assert "django_session" not in sql
    assert 'FROM "accounts_user" WHERE' not in sql
    assert "auth_group" not in sql
    assert 'read_at" IS NULL AND' not in sql  # the badge's count
    assert user.get_short_name() in response.content.decode()


def test_a_role_granted_or_withdrawn_counts_on_the_next_page(client, make_user):
    user = make_user("member", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client, "/me/")
    assert client.get("/ideas/dashboard/").status_code == 404
    set_role(user=user, role="union_officer", granted=True, by=None)
    assert client.get("/ideas/dashboard/").status_code == 200
    set_role(user=user, role="union_officer", granted=False, by=None)
    assert client.get("/ideas/dashboard/").status_code == 404


def test_a_new_password_ends_the_other_sessions_at_once(client, make_user):
    user = make_user("member", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client, "/me/")
    fresh = get_user_model().objects.get(pk=user.pk)
    fresh.set_password("a-new-long-passphrase-2026")
    fresh.save(update_fields=["password"])
    response = client.get("/me/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_deactivated_account_is_logged_out_at_once(client, make_user):
    user = make_user("member", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    _warm(client, "/me/")
    user.is_active = False
    user.save()
    assert client.get("/me/").status_code == 302


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


def test_the_badge_follows_new_and_read_notifications_at_once(client, make_user, org_tree):
    user = make_user("member", unit="Tỉnh đoàn Nghệ An")
    client.force_login(user)
    assert 'class="badge"' not in _badge(client)
    with transaction.atomic():
        notify(
            recipients=[user],
            event="testing.unit_changed",
            category=Category.AGREEMENT_PROGRESS,
            obj=org_tree("Tỉnh đoàn Nghệ An"),
        )
    assert ">1</span>" in _badge(client)
    mark_read(user=user)
    assert 'class="badge"' not in _badge(client)
