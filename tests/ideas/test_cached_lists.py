"""The moderation queue and the unit's idea list are cached, and never stale.

Their tables stay in the cache (pagecache.fragment_key) until an idea or a unit changes; a hit
reads no idea row. Each test warms the cache, changes an idea, and reads the next page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.models import Status

pytestmark = pytest.mark.django_db


def _html(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def nghean(make_user):
    return {
        "officer": make_user("member", "union_officer", unit="Tỉnh đoàn Nghệ An"),
        "member": make_user("member", unit="Tỉnh đoàn Nghệ An"),
    }


@pytest.mark.parametrize("path", ["/ideas/moderate/", "/ideas/dashboard/"])
def test_a_new_idea_shows_at_once_and_a_warm_list_reads_no_idea(client, make_idea, nghean, path):
    make_idea(nghean["member"], status=Status.SUBMITTED, title="Ý tưởng thứ nhất")
    client.force_login(nghean["officer"])
    assert "Ý tưởng thứ nhất" in _html(client, path)
    with CaptureQueriesContext(connection) as queries:
        assert "Ý tưởng thứ nhất" in _html(client, path)
    assert not [q for q in queries.captured_queries if 'FROM "ideas_idea"' in q["sql"]]

    make_idea(nghean["member"], status=Status.SUBMITTED, title="Ý tưởng thứ hai")
    assert "Ý tưởng thứ hai" in _html(client, path)


def test_a_decision_leaves_the_moderation_queue_at_once(client, make_idea, nghean):
    idea = make_idea(nghean["member"], status=Status.SUBMITTED, title="Ý tưởng chờ duyệt")
    client.force_login(nghean["officer"])
    assert "Ý tưởng chờ duyệt" in _html(client, "/ideas/moderate/")
    idea.status = Status.REJECTED
    idea.save()
    assert "Ý tưởng chờ duyệt" not in _html(client, "/ideas/moderate/")


def test_another_units_officer_gets_their_own_list(client, make_idea, make_user, nghean):
    make_idea(nghean["member"], status=Status.SUBMITTED, title="Ý tưởng Nghệ An")
    client.force_login(nghean["officer"])
    assert "Ý tưởng Nghệ An" in _html(client, "/ideas/moderate/")
    client.force_login(make_user("member", "union_officer", unit="Thành đoàn Hà Nội"))
    assert "Ý tưởng Nghệ An" not in _html(client, "/ideas/moderate/")


def test_a_superuser_and_an_officer_of_the_same_unit_do_not_share_a_list(
    client, make_idea, make_user, nghean
):
    hanoi_member = make_user("member", unit="Thành đoàn Hà Nội")
    make_idea(hanoi_member, status=Status.SUBMITTED, title="Ý tưởng Hà Nội")
    boss = make_user("member", "union_officer", unit="Tỉnh đoàn Nghệ An")
    boss.is_superuser = True
    boss.save()
    client.force_login(boss)
    assert "Ý tưởng Hà Nội" in _html(client, "/ideas/moderate/")  # content admins see all
    client.force_login(nghean["officer"])  # same unit, same roles, not a superuser
    assert "Ý tưởng Hà Nội" not in _html(client, "/ideas/moderate/")
