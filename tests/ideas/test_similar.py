"""Similar ideas on PostgreSQL: the nearest folded titles, read from the GiST trigram index
(ideas migration 0002) and cut at the similarity threshold."""

import pytest
from django.db import connection

from ideas import selectors
from ideas.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("trigram similarity is PostgreSQL's (elsewhere shared words rank them)")


def test_nearest_titles_first_cut_at_the_threshold(member, make_idea):
    near = make_idea(member, status=Status.UNDER_REVIEW, title="Máy sấy nông sản mặt trời")
    nearer = make_idea(member, status=Status.SHORTLISTED, title="Máy sấy nông sản")
    make_idea(member, status=Status.UNDER_REVIEW, title="Thư viện số cho trường vùng cao")
    make_idea(member, status=Status.DRAFT, title="Máy sấy nông sản")  # not published
    found = selectors.similar_ideas("máy sấy nông sản")
    assert found == [nearer, near]
    assert selectors.similar_ideas("máy sấy nông sản", exclude_pk=nearer.pk) == [near]
    assert all(idea.distance <= 1 - selectors.SIMILAR_AT_LEAST for idea in found)


def test_equally_near_titles_newest_first(member, make_idea):
    older = make_idea(member, status=Status.UNDER_REVIEW, title="Bản đồ du lịch số")
    newer = make_idea(member, status=Status.UNDER_REVIEW, title="Bản đồ du lịch số")
    assert selectors.similar_ideas("bản đồ du lịch số") == [newer, older]


def test_the_nearest_titles_are_read_from_the_index(member, make_idea):
    make_idea(member, status=Status.UNDER_REVIEW, title="Máy sấy nông sản")
    with connection.cursor() as cursor:
        # A tiny table: make the planner show what it would do with a large one.
        for plan_kind in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{plan_kind} = off")
    qs = selectors.published_ideas().filter(status__in=selectors._SIMILAR_STATUSES)
    plan = selectors.nearest_titles(qs, "may say nong san", 5).explain()
    assert "Index Scan using ideas_idea_title_near" in plan and "Sort" not in plan, plan
