"""Which ideas match a search is kept per "ideas" generation (selectors.search): a repeated
search reads no match again, and an idea published, moved out of the gallery or rewritten
shows in the results on the next request."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ideas import actions
from ideas.models import Idea, Status
from tests.factories import make_idea

pytestmark = pytest.mark.django_db

URL = "/ideas/?q=thu+vien+so"


@pytest.fixture
def reader(officer):
    """A logged-in reader: the whole page is never cached for them, the matches are."""
    client = Client()
    client.force_login(officer)
    return client


def titles(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def match_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if "thu vien so" in q["sql"]]


def test_a_repeated_search_reads_no_match_again(reader, member):
    make_idea(member, status=Status.UNDER_REVIEW, title="Thư viện số cho xã vùng cao")
    titles(reader)
    with CaptureQueriesContext(connection) as queries:
        assert "Thư viện số cho xã vùng cao" in titles(reader)
    assert match_reads(queries) == []


def test_a_published_idea_shows_in_the_next_search(reader, client, member, officer):
    make_idea(member, status=Status.UNDER_REVIEW, title="Thư viện số cho xã vùng cao")
    waiting = make_idea(member, status=Status.SCREENING, title="Thư viện số trong trường học")
    for who in (reader, client):
        assert "Thư viện số trong trường học" not in titles(who)
    actions.transition(idea=waiting, to=Status.UNDER_REVIEW, by=officer)
    for who in (reader, client):
        assert "Thư viện số trong trường học" in titles(who)


def test_a_rewritten_title_leaves_the_results_on_the_next_request(reader, member):
    idea = make_idea(member, status=Status.UNDER_REVIEW, title="Thư viện số cho xã vùng cao")
    assert "Thư viện số cho xã vùng cao" in titles(reader)
    idea = Idea.objects.get(pk=idea.pk)
    idea.title = "Tủ sách lưu động cho xã vùng cao"
    idea.summary = idea.problem = idea.solution = idea.impact = "Sách đến tận bản."
    idea.save()
    assert "xã vùng cao" not in titles(reader)
