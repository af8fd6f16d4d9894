import datetime

import pytest
from django.utils import timezone

from ideas import selectors
from ideas.models import Status
from tests.factories import idea_field, make_idea


@pytest.fixture
def field(db):
    return idea_field()


def _idea(author, field, status, *, submitted_at=None, **extra):
    extra.setdefault("consent_to_publish", False)
    return make_idea(author, status=status, field=field, submitted_at=submitted_at, **extra)


def test_idea_count_counts_submitted_only_by_unit_and_time(member, field, org_tree):
    now = timezone.now()
    _idea(member, field, Status.DRAFT)
    _idea(member, field, Status.WITHDRAWN, submitted_at=now)
    _idea(member, field, Status.SUBMITTED, submitted_at=now)
    _idea(member, field, Status.AWARDED, submitted_at=now - datetime.timedelta(days=40))
    assert selectors.idea_count() == 2
    assert selectors.idea_count(unit_ids=[member.unit_id]) == 2
    assert selectors.idea_count(unit_ids=[org_tree("Tỉnh đoàn Nghệ An").pk]) == 0
    assert selectors.idea_count(since=(now - datetime.timedelta(days=10)).date()) == 1
    assert selectors.idea_count(until=now - datetime.timedelta(days=10)) == 1


def test_vnpt_supported_idea_count(member, field):
    now = timezone.now()
    _idea(member, field, Status.UNDER_REVIEW, submitted_at=now)
    _idea(
        member, field, Status.AWARDED, submitted_at=now, vnpt_supported=True, vnpt_supported_at=now
    )
    assert selectors.vnpt_supported_idea_count() == 1
    assert selectors.vnpt_supported_idea_count(since=now + datetime.timedelta(hours=1)) == 0
    assert selectors.vnpt_supported_idea_count(until=timezone.localdate(now)) == 1


def test_postgres_has_pg_trgm_and_indexes(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'ideas_idea'")
        names = {row[0] for row in cursor.fetchall()}
    assert selectors._trigram_available()
    assert {"ideas_idea_search_tokens", "ideas_idea_title_trgm"} <= names


def test_postgres_token_index_holds_words_and_word_pairs(db):
    """What ideas_search_tokens() (the ideas migration 0001_squashed) indexes is what token_query() asks for."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    long_word = "x" * 70
    with connection.cursor() as cursor:
        cursor.execute("SELECT ideas_search_tokens(%s)::text", [f" thu vien so {long_word}"])
        tokens = set(cursor.fetchone()[0].replace("'", "").split())
        assert tokens == {"thu", "vien", "so", "x" * 60, "thu_vie", "vien_so", "so_xxx"}
        cursor.execute("SELECT ideas_search_tokens(''), ideas_search_tokens(' ')")
        assert cursor.fetchone() == ("", "")
        for phrase, found in [
            (" thu vien", True),
            (" thu vien s", True),
            (" thu v", True),
            (" thu vienna", True),  # a candidate: LIKE rechecks the index's candidates
            (" so " + long_word + "yyy", True),  # words cut to 60 like the index
            (long_word + "yyy", True),
            (" thu so", False),
            (" vien thu", False),
            (" so thu", False),
        ]:
            query = selectors.token_query(phrase)
            cursor.execute(
                "SELECT ideas_search_tokens(%s) @@ %s::tsquery",
                [f" thu vien so {long_word}", query],
            )
            assert cursor.fetchone()[0] is found, phrase


def test_postgres_rare_phrase_lookup_matches_the_token_index(db):
    """The lookup search() runs for a rare phrase uses the index's own expression, and the
    index covers exactly the published ideas: if either drifted, PostgreSQL could only read
    every published idea (bench/search.py --plans shows the index used at a million ideas)."""
    import re

    from django.db import connection

    from ideas.models import PUBLISHED_STATUSES

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef('ideas_idea_search_tokens'::regclass)")
        definition = cursor.fetchone()[0]
    phrase = selectors.search_phrase("thư viện rác")
    lookup = selectors.matching(selectors.published_ideas(), phrase)
    sql = str(lookup.filter(selectors._HasTokens(phrase, ["'@f1'"])).query)
    sql = sql.replace('"ideas_idea".', "").replace('"', "")
    expression = (
        "ideas_search_tokens(search_text) || ideas_filter_tokens(field_id, campaign_id, unit_id)"
    )
    assert expression in definition and expression in sql
    predicate = definition.split(" WHERE ", 1)[1]
    assert "consent_to_publish" in predicate
    assert set(re.findall(r"'(\w+)'", predicate)) == set(PUBLISHED_STATUSES)
