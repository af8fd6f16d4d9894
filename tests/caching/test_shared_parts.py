"""{% shared %}: the parts of a cached page that show nothing of the person reading it come
from the cache for logged-in people too, under the key a visitor's page has (the versions of
its rows), while what is theirs (roles, forms, their support) is rendered for them."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from ideas import actions
from partnership import pagecache
from tests.factories import make_idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(member):
    return make_idea(member, status="under_review", submitted_by=member, title="Thư viện số xã")


def logged_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def rows_read(queries) -> list[str]:
    """The queries that read ideas' texts (a list's or a page's rows, not their versions)."""
    return [q["sql"] for q in queries if '"ideas_idea"."summary"' in q["sql"]]


def test_a_member_reads_the_gallery_list_a_visitor_rendered(client, idea, officer):
    read(client, "/ideas/")  # a visitor's miss stores the page and its shared part
    reader = logged_in(officer)
    with CaptureQueriesContext(connection) as queries:
        body = read(reader, "/ideas/").text
    assert "Thư viện số xã" in body
    assert rows_read(queries) == []
    # What is the officer's own is still theirs: the buttons of their role.
    assert 'href="/ideas/moderate/"' in body
    assert 'href="/ideas/moderate/"' not in read(client, "/ideas/").text


def test_a_visitor_page_holds_nothing_of_the_member_who_rendered_the_part(client, idea, officer):
    read(logged_in(officer), "/ideas/")  # the officer's miss stores the shared part
    body = read(client, "/ideas/").text
    assert "Thư viện số xã" in body
    assert 'href="/ideas/moderate/"' not in body
    assert "csrfmiddlewaretoken" not in body


def test_the_idea_page_of_a_member_takes_the_idea_from_the_cache(idea, make_user):
    first, reader = (logged_in(make_user("member", unit="Thành đoàn Hà Nội")) for _ in range(2))
    read(first, f"/ideas/{idea.pk}/")  # the comments as members see them (report forms)
    with CaptureQueriesContext(connection) as queries:
        body = read(reader, f"/ideas/{idea.pk}/").text
    assert idea.summary[:40] in body
    tables = " ".join(q["sql"] for q in queries)
    for table in ("ideas_attachment", "ideas_vnptoffer", "ideas_comment", "ideas_ideastatuschange"):
        assert f'FROM "{table}"' not in tables, [
            q["sql"][:300] for q in queries if table in q["sql"]
        ]
    assert f'action="/ideas/{idea.pk}/support/"' in body  # theirs: the support button


def test_a_comment_shows_to_members_on_the_next_request(client, idea, make_user):
    reader = logged_in(make_user("member", unit="Thành đoàn Hà Nội"))
    assert "Chưa có bình luận" in read(reader, f"/ideas/{idea.pk}/").text
    writer = make_user("member", unit="Thành đoàn Hà Nội")
    actions.add_comment(idea=idea, author=writer, body="Ý tưởng rất thiết thực cho xã em.")
    assert "Ý tưởng rất thiết thực cho xã em." in read(reader, f"/ideas/{idea.pk}/").text
    assert "Ý tưởng rất thiết thực cho xã em." in read(client, f"/ideas/{idea.pk}/").text


def test_a_report_form_in_a_shared_part_carries_the_readers_own_token(idea, make_user):
    writer = make_user("member", unit="Thành đoàn Hà Nội")
    comment = actions.add_comment(idea=idea, author=writer, body="Bình luận cần xem lại.")
    first, second = (logged_in(make_user("member", unit="Thành đoàn Hà Nội")) for _ in range(2))
    read(first, f"/ideas/{idea.pk}/")  # stores the comments with a hole for the token
    body = read(second, f"/ideas/{idea.pk}/").text
    form = re.search(
        rf'action="/ideas/comments/{comment.pk}/report/"[^>]*>'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
        body,
    )
    assert form, body
    response = second.post(
        f"/ideas/comments/{comment.pk}/report/",
        {"reason": "Nội dung không phù hợp", "csrfmiddlewaretoken": form.group(1)},
    )
    assert response.status_code == 302  # not 403: the token is the second reader's


def test_moderators_and_members_see_their_own_comment_lists(idea, officer, make_user):
    writer = make_user("member", unit="Thành đoàn Hà Nội")
    comment = actions.add_comment(idea=idea, author=writer, body="Một bình luận sẽ bị ẩn.")
    actions.hide_comment(comment=comment, by=officer, reason="Lạc đề")
    moderator_page = read(logged_in(officer), f"/ideas/{idea.pk}/").text
    assert "Một bình luận sẽ bị ẩn." in moderator_page  # moderators see hidden comments
    member_page = read(
        logged_in(make_user("member", unit="Thành đoàn Hà Nội")), f"/ideas/{idea.pk}/"
    )
    assert "Một bình luận sẽ bị ẩn." not in member_page.text


def test_a_report_shows_in_the_moderators_count_on_the_next_request(idea, officer, make_user):
    writer = make_user("member", unit="Thành đoàn Hà Nội")
    comment = actions.add_comment(idea=idea, author=writer, body="Bình luận bị báo cáo.")
    moderator = logged_in(officer)
    assert "(1 báo cáo)" not in read(moderator, f"/ideas/{idea.pk}/").text
    actions.report_comment(comment=comment, by=writer, reason="Spam")
    assert "(1 báo cáo)" in read(moderator, f"/ideas/{idea.pk}/").text


def test_the_home_page_of_a_member_takes_the_shared_panels_from_the_cache(client, idea, member):
    read(client, "/")
    reader = logged_in(member)
    read(reader, "/")  # the panels' logged-in variant ("Submit an idea")
    with CaptureQueriesContext(connection) as queries:
        body = read(reader, "/").text
    assert 'href="/ideas/new/"' in body
    tables = " ".join(q["sql"] for q in queries)
    for table in ("agreements_agreement", "news_article", "ideas_idea"):
        assert f'FROM "{table}"' not in tables, table


def test_a_part_that_used_the_csrf_token_is_not_kept(member):
    from django.middleware.csrf import get_token

    request = RequestFactory().get("/ideas/")
    request.user = member
    request._shared_parts = ("page-key", 60)
    renders = []

    def render_with_token():
        renders.append(1)
        return f"<input value='{get_token(request)}'>"

    for _ in range(2):
        pagecache.shared_part(request, "form", render_with_token)
    assert len(renders) == 2
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]  # the response still sets the cookie
    cache.clear()


def test_every_process_marks_the_holes_alike():
    """A part kept in the shared cache by one worker holds hole markers that every other
    worker fills: the marker comes from the site's secret, not from the process."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    from partnership.templatetags import portal

    code = (
        "import django; django.setup(); "
        "from partnership.templatetags.portal import _HOLE; print(_HOLE)"
    )
    env = {**os.environ, "SECRET_KEY": settings.SECRET_KEY}
    env.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert other.stdout.strip() == portal._HOLE
    assert settings.SECRET_KEY[:16] not in portal._HOLE
