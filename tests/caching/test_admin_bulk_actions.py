"""Admin actions that change rows with QuerySet.update() (no signals) still empty the cache."""

from django.utils import timezone

from .test_pagecache import hit, state


def _admin_client(client, make_user):
    editor = type(client)()
    editor.force_login(make_user("content_admin", unit="trung-uong-doan"))
    return editor


def test_unpublishing_services_in_bulk_shows_at_once(client, service, make_user):
    editor = _admin_client(client, make_user)
    assert service.name in hit(client, "/services/").content.decode()
    assert state(hit(client, "/services/")) == "hit"
    response = editor.post(
        "/admin/services/service/",
        {"action": "unpublish", "_selected_action": [service.pk]},
    )
    assert response.status_code == 302
    assert service.name not in hit(client, "/services/").content.decode()


def test_hiding_reported_comments_in_bulk_shows_at_once(client, idea, member, make_user):
    from ideas.models import Comment

    comment = Comment.objects.create(idea=idea, author=member, body="Bình luận bị báo cáo xấu")
    url = idea.get_absolute_url()
    editor = _admin_client(client, make_user)
    assert comment.body in hit(client, url).content.decode()
    assert state(hit(client, url)) == "hit"
    response = editor.post(
        "/admin/ideas/comment/",
        {"action": "hide_reported", "_selected_action": [comment.pk]},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_at and comment.hidden_at <= timezone.now()
    assert comment.body not in hit(client, url).content.decode()
