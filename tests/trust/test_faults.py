"""Item 7: the portal keeps serving when PostgreSQL drops connections, Redis is down or
the disk is full."""

import os
import time
import urllib.request

import psycopg
import pytest
import redis
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from partnership.news.models import Article
from tests.factories import NEWS_ARTICLE_FORM, PASSWORD

from .conftest import gunicorn_serving, pg_url

DEAD_REDIS = "redis://127.0.0.1:1/0"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _redis_cache(backend, location):
    return {
        "default": {
            "BACKEND": backend,
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "KEY_PREFIX": "portal",
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode()


def _terminate_others(pg: dict) -> int:
    """pg_terminate_backend on every other backend of the test database; how many died."""
    with psycopg.connect(**pg, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    connection.close()  # this thread's own connection was one of them
    return sum(1 for (done,) in rows if done)


def _article(**extra):
    return Article.objects.create(
        title="Tuổi trẻ VNPT tiếp sức mùa thi",
        slug="tiep-suc-mua-thi",
        summary="Đoàn viên VNPT hỗ trợ thí sinh.",
        body="Nội dung bài viết.",
        **extra,
    )


# --- PostgreSQL drops every connection ---------------------------------------------------------


@pytest.mark.postgres
def test_live_server_recovers_when_postgres_drops_every_connection(pg, live_server):
    _article()
    status, html = _get(live_server.url + "/news/")
    assert status == 200 and "Tuổi trẻ VNPT tiếp sức mùa thi" in html
    assert _terminate_others(pg) >= 1
    for path in ("/news/", "/", "/news/tiep-suc-mua-thi/"):
        status, html = _get(live_server.url + path)
        assert status == 200, path
    assert "Tuổi trẻ VNPT tiếp sức mùa thi" in html


@pytest.fixture
def gunicorn(pg, transactional_db):
    with gunicorn_serving(pg_url(pg)) as url:
        yield url


@pytest.mark.postgres
def test_gunicorn_with_persistent_connections_recovers_from_pg_terminate_backend(pg, gunicorn):
    _article()
    assert "Tuổi trẻ VNPT tiếp sức mùa thi" in _get(gunicorn + "/news/")[1]
    with psycopg.connect(**pg, autocommit=True) as admin:
        idle = admin.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND application_name NOT LIKE 'pytest%%' AND state = 'idle'"
        ).fetchone()[0]
    assert idle >= 1  # the worker kept its connection open
    assert _terminate_others(pg) >= 1
    # A new query string: a page-cache miss, so the request needs the database again.
    status, html = _get(gunicorn + "/news/?after=terminate")
    assert status == 200 and "Tuổi trẻ VNPT tiếp sức mùa thi" in html
    assert _terminate_others(pg) >= 1
    assert _get(gunicorn + "/news/tiep-suc-mua-thi/")[0] == 200


# --- Redis down --------------------------------------------------------------------------------


def test_django_redis_cache_alone_would_fail_on_a_dead_redis(settings):
    settings.CACHES = _redis_cache("django.core.cache.backends.redis.RedisCache", DEAD_REDIS)
    from django.core.cache import cache

    with pytest.raises(redis.exceptions.ConnectionError):
        cache.get("anything")


def test_fail_open_cache_treats_a_dead_redis_as_misses(settings):
    settings.CACHES = _redis_cache("partnership.cache.FailOpenRedisCache", DEAD_REDIS)
    from django.core.cache import cache

    assert cache.get("k", "default") == "default"
    started = time.monotonic()
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is True  # a lock taken: rate limits fail open, not closed
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    with pytest.raises(ValueError):
        cache.incr("k")
    cache.delete("k")
    cache.delete_many(["a"])
    cache.set_many({"a": 1})
    assert time.monotonic() - started < 1  # after one failure, Redis is left alone a while


def test_pages_log_in_and_sessions_work_with_redis_down(client, member, settings):
    settings.CACHES = _redis_cache("partnership.cache.FailOpenRedisCache", DEAD_REDIS)
    started = time.monotonic()
    for path in ("/", "/news/", "/account/login/", "/account/signup/", "/ideas/", "/services/"):
        status = client.get(path).status_code
        assert status < 500, path
    response = client.post("/account/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()  # sessions live in the database
    assert client.get("/me/data.json").status_code == 200
    assert time.monotonic() - started < 20


@pytest.mark.redis
def test_fail_open_cache_is_a_real_cache_when_redis_is_up(settings):
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs REDIS_URL")
    settings.CACHES = _redis_cache("partnership.cache.FailOpenRedisCache", url)
    from django.core.cache import cache

    cache.set("trust:probe", {"a": 1}, 30)
    assert cache.get("trust:probe") == {"a": 1}
    assert cache.add("trust:counter", 0, 30)
    assert cache.incr("trust:counter") == 1
    cache.delete_many(["trust:probe", "trust:counter"])


# --- disk full on upload -----------------------------------------------------------------------


@pytest.fixture
def full_disk(settings, transactional_db):
    # Without an outer test transaction, as in production (no ATOMIC_REQUESTS): the failed
    # INSERT leaves nothing behind and the error page can still query the database.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.trust.storages.FullDiskStorage"},
    }


def test_idea_upload_on_a_full_disk_says_so_and_saves_nothing(client, member, full_disk):
    from ideas.models import Attachment, Field, Idea

    field = Field.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so")
    client.force_login(member)
    response = client.post(
        "/ideas/new/",
        {
            "title": "Sổ tay số cho đoàn viên",
            "field": field.pk,
            "summary": "Một ứng dụng sổ tay.",
            "intent": "draft",
            "files": [SimpleUploadedFile("ke-hoach.pdf", PDF)],
        },
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert "Không lưu được tệp" in html and "chưa có gì được lưu" in html
    assert not Idea.objects.exists()
    assert not Attachment.objects.exists()
    from partnership.files.models import PendingUpload

    assert not PendingUpload.objects.exists()


def test_admin_news_cover_on_a_full_disk_says_so_and_saves_nothing(client, make_user, full_disk):
    import io

    from PIL import Image

    admin = make_user("content_admin", unit="trung-uong-doan")
    client.force_login(admin)
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(image, "PNG")
    response = client.post(
        "/admin/news/article/add/",
        {
            **NEWS_ARTICLE_FORM,
            "cover_image": SimpleUploadedFile("anh.png", image.getvalue(), "image/png"),
        },
    )
    assert response.status_code == 503, response.content.decode()[:2000]
    assert "Không lưu được tệp" in response.content.decode()
    assert not Article.objects.filter(slug="bai-co-anh-bia").exists()
