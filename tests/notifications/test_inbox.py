"""The in-portal inbox: unread first, subjects in the viewer's language, constant queries."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agreements.models import PROGRESS_NOTICES
from partnership.notifications.actions import mark_read, notify
from partnership.notifications.models import Notification

pytestmark = pytest.mark.django_db


def send(user, org_tree, count=1, note="x"):
    units = [org_tree("Tỉnh đoàn Nghệ An"), org_tree("VNPT Nghệ An"), org_tree("vnpt")]
    rows = []
    with transaction.atomic():
        for i in range(count):
            rows += notify(
                recipients=[user],
                event="testing.unit_changed",
                category=PROGRESS_NOTICES,
                obj=units[i % len(units)],
                context={"note": f"{note}{i}"},
            )
    return rows


def test_inbox_needs_login(client):
    assert client.get("/notifications/").status_code == 302


def test_unread_first_subject_rendered_and_open_marks_read(
    client, make_user, org_tree, event_templates
):
    user = make_user()
    client.force_login(user)
    first, second = send(user, org_tree, 2, note="n")
    html = client.get("/notifications/").content.decode()
    assert "Unit Tỉnh đoàn Nghệ An was updated (n0)" in html
    assert 'class="badge"' in html  # the header counter
    response = client.get(f"/notifications/{first.pk}/")
    assert response.status_code == 302 and response["Location"] == "/units/tinh-doan-nghe-an/"
    first.refresh_from_db()
    assert first.read_at is not None
    page = client.get("/notifications/").context["page_obj"]
    assert [n.pk for n in page] == [second.pk, first.pk]  # unread first


def test_another_users_notification_is_404(client, make_user, org_tree):
    owner, other = make_user(), make_user()
    (n,) = send(owner, org_tree)
    client.force_login(other)
    assert client.get(f"/notifications/{n.pk}/").status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read(client, make_user, org_tree):
    user, other = make_user(), make_user()
    send(user, org_tree, 3)
    send(other, org_tree, 1)
    client.force_login(user)
    assert client.get("/notifications/read-all/").status_code == 405
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


def test_subject_in_the_viewers_language_and_fallback(client, make_user, org_tree):
    user = make_user(language="en")
    client.force_login(user)
    send(user, org_tree)  # no templates for this event here: the generic subject
    assert "Thông báo mới: Tiến độ thỏa thuận" in client.get("/notifications/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "New notification: Agreement progress" in client.get("/notifications/").content.decode()


def test_query_count_does_not_grow_with_rows(client, make_user, org_tree, event_templates):
    user = make_user()
    client.force_login(user)
    send(user, org_tree, 3)
    client.get("/notifications/")
    with CaptureQueriesContext(connection) as few:
        client.get("/notifications/")
    send(user, org_tree, 17)
    client.get("/notifications/")  # the inbox's version changed with the new rows: warm again
    with CaptureQueriesContext(connection) as many:
        html = client.get("/notifications/").content.decode()
    assert html.count('<li class="notification') == 20
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_paginated_by_20(client, make_user, org_tree):
    user = make_user()
    client.force_login(user)
    send(user, org_tree, 23)
    page2 = client.get("/notifications/?page=2")
    assert len(page2.context["page_obj"].object_list) == 3


def test_the_cached_inbox_shows_new_and_read_notifications_at_once(
    client, make_user, org_tree, event_templates
):
    user = make_user()
    client.force_login(user)
    send(user, org_tree, 1, note="first")
    assert client.get("/notifications/").content.decode().count('<li class="notification') == 1
    with CaptureQueriesContext(connection) as warm:
        client.get("/notifications/")
    # a warm inbox reads no row of the list: only counts (its version, the visitor's badge)
    sql = [q["sql"] for q in warm.captured_queries]
    assert not [q for q in sql if '"notifications_notification"."event"' in q], sql
    send(user, org_tree, 1, note="second")
    html = client.get("/notifications/").content.decode()
    assert html.count('<li class="notification unread') == 2
    mark_read(user=user)
    html = client.get("/notifications/").content.decode()
    assert html.count('<li class="notification') == 2
    assert '<li class="notification unread' not in html
