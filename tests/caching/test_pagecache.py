"""Anonymous public pages are cached, shared safely, and a change shows on the very next view."""

import time

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def hit(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def state(response):
    return response.get("X-Page-Cache")


# --- hits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/news/",
        "/news/tiep-suc-mua-thi/",
        "/news/feed.atom",
        "/services/",
        "/services/category/tv/",
        "/services/mytv/",
        "/agreement/",
        "/agreement/a/tt-2019/",
        "/agreement/commitments/",
        "/agreement/activities/",
        "/agreement/activities/calendar/",
        "/ideas/",
        "IDEA",
        "/units/",
        "/units/vnpt/",
    ],
)
def test_second_anonymous_view_is_served_from_cache_without_queries(
    client, url, article, service, agreement, idea
):
    url = f"/ideas/{idea.pk}/" if url == "IDEA" else url
    first = hit(client, url)
    assert state(first) == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = hit(client, url)
    assert state(second) == "hit"
    # The idea pages are keyed on the versions of the ideas they show: one small query of
    # (id, version) before the cache is read (partnership/cachekeys.py); the gallery's open
    # campaigns come from the idea_setup generation's copy (gallery_setup); other pages none.
    expected = 1 if url.startswith("/ideas/") else 0
    assert len(queries) == expected, [q["sql"] for q in queries]
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    control = second["Cache-Control"]
    assert "public" in control and "max-age=0" in control and "must-revalidate" in control
    assert "Cookie" in second["Vary"]
    # Nothing of one visitor is in a shared page: no CSRF token, no cookie.
    assert b"csrfmiddlewaretoken" not in second.content
    assert not second.cookies and not first.cookies


def test_query_string_order_does_not_matter_but_values_do(client, article):
    assert state(hit(client, "/units/?kind=province&party=union")) == "miss"
    assert state(hit(client, "/units/?party=union&kind=province")) == "hit"
    assert state(hit(client, "/units/?party=vnpt&kind=province")) == "miss"


# --- a change shows at once, per namespace --------------------------------------------------


def _renamer(fixture, field, value):
    """A change that sets `field` of the named fixture's row to `value` and saves it."""

    def change(**rows):
        obj = rows[fixture]
        setattr(obj, field, value)
        obj.save()
        return value

    change.__name__ = f"_rename_{fixture}"  # the parametrized test's id
    return change


_rename_article = _renamer("article", "title", "Bài đã sửa: tiếp sức mùa thi 2026")
_rename_service = _renamer("service", "name", "Truyền hình MyTV Plus")
_rename_agreement = _renamer("agreement", "title", "Thỏa thuận hợp tác đã ký lại")
_rename_idea = _renamer("idea", "title", "Máy sấy nông sản thế hệ mới")


def _rename_author(idea, **_):
    idea.author.full_name = "Nguyễn Văn Đổi Tên"
    idea.author.save()
    return "Nguyễn Văn Đổi Tên"


def _rename_unit(org_tree, **_):
    unit = org_tree("VNPT Media")  # the service's provider
    unit.name = "Tổng công ty VNPT Media (tên mới)"
    unit.save()
    return "Tổng công ty VNPT Media (tên mới)"


def _link_unit(agreement, org_tree, **_):  # m2m_changed
    unit = org_tree("Tỉnh đoàn Nghệ An")
    agreement.commitments.get().responsible_units.add(unit)
    return unit.name


@pytest.mark.parametrize(
    "url, change",
    [
        ("/news/", _rename_article),
        ("/news/tiep-suc-mua-thi/", _rename_article),
        ("/news/feed.atom", _rename_article),
        ("/", _rename_article),
        ("/services/", _rename_service),
        ("/services/mytv/", _rename_service),
        ("/", _rename_service),
        ("/agreement/", _rename_agreement),
        ("COMMITMENT", _link_unit),
        ("IDEA", _rename_idea),
        ("/ideas/", _rename_idea),
        ("IDEA", _rename_author),
        ("UNIT", _rename_unit),
        ("/services/mytv/", _rename_unit),
    ],
)
def test_a_change_appears_on_the_next_anonymous_view(
    client, url, change, article, service, agreement, idea, org_tree
):
    url = {
        "IDEA": f"/ideas/{idea.pk}/",
        "COMMITMENT": f"/agreement/commitments/{agreement.commitments.get().pk}/",
        "UNIT": f"/units/{org_tree('VNPT Media').slug}/",
    }.get(url, url)
    hit(client, url)
    assert state(hit(client, url)) == "hit"
    text = change(
        article=article, service=service, agreement=agreement, idea=idea, org_tree=org_tree
    )
    after = hit(client, url)
    assert state(after) == "miss"
    assert text in after.content.decode()


def test_a_deleted_article_disappears_at_once(client, article):
    assert article.title in hit(client, "/news/").content.decode()
    article.delete()
    assert article.title not in hit(client, "/news/").content.decode()


def test_an_admin_edit_shows_at_once(client, article, make_user):
    assert article.title in hit(client, "/news/").content.decode()
    admin = make_user("content_admin", unit="trung-uong-doan")
    editor = type(client)()
    editor.force_login(admin)
    form = {
        "title": "Tin sửa trong trang quản trị",
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "published_at_0": article.published_at.strftime("%d/%m/%Y"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "is_published": "on",
        "for_vnpt_channels": "on",
    }
    response = editor.post(f"/admin/news/article/{article.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Tin sửa trong trang quản trị" in hit(client, "/news/").content.decode()


def test_an_idea_support_shows_at_once_but_leaves_news_and_services_cached(
    client, article, service, idea, make_user
):
    supporter = make_user("member", unit="Thành đoàn Hà Nội")
    for url in ("/news/", "/services/", f"/ideas/{idea.pk}/", "/"):
        hit(client, url)
    before = idea.support_count
    member_client = type(client)()
    member_client.force_login(supporter)
    assert member_client.post(f"/ideas/{idea.pk}/support/").status_code == 302
    idea.refresh_from_db()
    assert idea.support_count == before + 1
    assert state(hit(client, "/news/")) == "hit"
    assert state(hit(client, "/services/")) == "hit"
    assert state(hit(client, f"/ideas/{idea.pk}/")) == "miss"
    assert state(hit(client, "/")) == "hit"  # the home page shows no support count


def test_a_support_or_a_follow_bumps_no_generation_only_the_ideas_version(client, idea, make_user):
    """Supports are the idea bank's most frequent write: they change their idea's version
    (the key of the pages and the card showing it) and no namespace generation, so the
    officers' lists keyed on "ideas", the home page and every other idea stay cached."""
    from partnership import pagecache

    version = idea.row_version
    supporter = make_user("member", unit="Thành đoàn Hà Nội")
    member_client = type(client)()
    member_client.force_login(supporter)
    before = pagecache.generations(pagecache.all_namespaces())
    assert member_client.post(f"/ideas/{idea.pk}/support/").status_code == 302
    idea.refresh_from_db()
    assert idea.row_version > version
    assert member_client.post(f"/ideas/{idea.pk}/follow/").status_code == 302
    assert pagecache.generations(pagecache.all_namespaces()) == before


def test_a_log_in_does_not_flush_the_pages_that_show_names(client, idea, member):
    from tests.factories import PASSWORD

    hit(client, f"/ideas/{idea.pk}/")
    signing_in = type(client)()
    response = signing_in.post("/account/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.last_login is not None
    assert state(hit(client, f"/ideas/{idea.pk}/")) == "hit"


# --- who gets a cached page -----------------------------------------------------------------


def test_logged_in_pages_are_private_and_never_cached(client, article, member):
    member.full_name = "Trần Thị Riêng Tư"
    member.save()
    client.force_login(member)
    first = hit(client, "/news/")
    second = hit(client, "/news/")
    assert state(first) is None and state(second) is None
    assert "private" in second["Cache-Control"] and "public" not in second["Cache-Control"]
    assert f">{member.get_short_name()}<" in second.content.decode()


def test_a_logged_in_page_never_reaches_anonymous_visitors(client, article, member):
    member.full_name = "Trần Thị Riêng Tư"
    member.save()
    insider = type(client)()
    insider.force_login(member)
    name = member.get_short_name()  # what the header shows
    assert name == "Tư" and f">{name}<" in hit(insider, "/").content.decode()
    anonymous = hit(client, "/")
    assert state(anonymous) == "miss"
    assert f">{name}<" not in anonymous.content.decode()
    # ... and the other way round: the anonymous page is not what the member gets.
    assert state(hit(client, "/")) == "hit"
    page = hit(insider, "/")
    assert state(page) is None and f">{name}<" in page.content.decode()


def test_language_variants_are_cached_separately(client, article):
    vi = hit(client, "/news/")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = hit(client, "/news/")
    assert state(en) == "miss"
    assert 'lang="en"' in en.content.decode() and 'lang="vi"' in vi.content.decode()[:200]
    assert state(hit(client, "/news/")) == "hit"
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    again = hit(client, "/news/")
    assert state(again) == "hit" and again.content == vi.content
    assert en["ETag"] != vi["ETag"]


@pytest.mark.urls("tests.caching.urls")
def test_a_page_that_rendered_a_csrf_token_is_never_shared(client):
    first = hit(client, "/test/token/")
    second = hit(client, "/test/token/")
    assert state(first) is None and state(second) is None
    assert b"csrfmiddlewaretoken" in second.content
    assert "public" not in second.get("Cache-Control", "")


@pytest.mark.urls("tests.caching.urls")
def test_a_page_showing_a_message_is_neither_served_from_nor_stored_in_the_cache(client, article):
    hit(client, "/news/")
    shown = client.get("/test/flash/", follow=True)
    assert "Đã lưu thay đổi." in shown.content.decode()
    assert state(shown) is None
    after = hit(client, "/news/")
    assert state(after) == "hit" and "Đã lưu thay đổi." not in after.content.decode()


def test_post_and_errors_are_not_cached(client, article):
    assert client.get("/news/no-such-article/").status_code == 404
    missing = client.get("/news/no-such-article/")
    assert missing.status_code == 404 and state(missing) is None


def test_head_is_answered_from_the_cache(client, article):
    hit(client, "/news/")
    head = client.head("/news/")
    assert head.status_code == 200 and state(head) == "hit"


# --- validators -----------------------------------------------------------------------------


def _age_generations(*namespaces, seconds=60):
    """Pretend the namespaces last changed a minute ago (Last-Modified needs a past second)."""
    from django.core.cache import cache

    past = time.time_ns() - seconds * 1_000_000_000
    cache.set_many({f"pagecache:gen:{ns}": past for ns in namespaces}, timeout=None)


def _validators_answer_304(client: Client, url: str) -> tuple[HttpResponse, str, str]:
    """Get `url`, then check that its ETag and its Last-Modified each earn a 304; returns the
    first response and the two validators."""
    first = hit(client, url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    return first, etag, modified


def test_public_page_etag_and_last_modified_round_trip(client, article):
    _age_generations("news", "units")
    _first, etag, modified = _validators_answer_304(client, "/news/")
    article.title = "Tiêu đề mới"
    article.save()
    changed = client.get("/news/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert client.get("/news/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def test_a_just_changed_page_has_no_last_modified_from_the_same_second(client, article):
    # Save and request within one clock second (a busy machine can straddle a second: retry).
    for _ in range(20):
        started = time.time()
        article.save()
        response = hit(client, "/news/")
        if int(time.time()) == int(started):
            break
    else:
        pytest.fail("no save and request fell within one second")
    assert "ETag" in response and "Last-Modified" not in response


def test_feed_etag_and_last_modified_round_trip(client, article):
    first, etag, modified = _validators_answer_304(client, "/news/feed.atom")
    assert first["Content-Type"].startswith("application/atom+xml")
    article.title = "Tin mới cho kênh VNPT"
    article.save()
    changed = client.get("/news/feed.atom", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and "Tin mới cho kênh VNPT" in changed.content.decode()


def test_feed_answers_304_to_a_logged_in_reader_too(client, article, member):
    client.force_login(member)
    first = hit(client, "/news/feed.atom")
    assert state(first) is None
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/news/feed.atom", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert not any("news_article" in q["sql"] and "LIMIT 30" not in q["sql"] for q in queries)


# --- the language switch --------------------------------------------------------------------


def test_language_switch_is_a_get_that_sets_the_cookie_and_returns(client, article):
    response = client.get("/language/", {"language": "en", "next": "/news/?page=1"})
    assert response.status_code == 302 and response["Location"] == "/news/?page=1"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert 'lang="en"' in hit(client, "/news/").content.decode()[:300]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:1"])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/language/", {"language": "en", "next": target})
    assert response["Location"] == "/"


def test_language_switch_ignores_unknown_languages(client):
    response = client.get("/language/", {"language": "fr", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


# --- Redis down -----------------------------------------------------------------------------


def test_pages_are_served_when_redis_is_down(client, article, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "partnership.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
        "local": settings.CACHES["local"],
    }
    for _ in range(2):
        response = hit(client, "/news/")
        assert article.title in response.content.decode()
        assert state(response) == "miss"
    article.title = "Đổi khi Redis hỏng"
    article.save()  # the bump is dropped, the save is not
    assert "Đổi khi Redis hỏng" in hit(client, "/news/").content.decode()
