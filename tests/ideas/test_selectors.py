import datetime

import pytest
from django.utils import timezone

from ideas import selectors
from ideas.models import Field, Idea, Status


@pytest.fixture
def field(db):
    return Field.objects.create(name="Nông nghiệp", slug="nong-nghiep")


def _idea(author, field, status, *, submitted_at=None, **extra):
    return Idea.objects.create(
        title="Máy sấy nông sản",
        summary="Tóm tắt",
        field=field,
        author=author,
        unit=author.unit,
        status=status,
        submitted_at=submitted_at,
        **extra,
    )


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
    assert {"ideas_idea_search_trgm", "ideas_idea_title_trgm"} <= names
