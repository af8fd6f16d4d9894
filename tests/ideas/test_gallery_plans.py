"""On PostgreSQL each gallery walk reads its own partial index in order (keyset pagination),
so a page costs the same at a million ideas: planned with sequential scans and sorts turned
off, as the planner would choose on a large table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas import selectors
from ideas.models import Status
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the partial indexes and their plans are PostgreSQL's")


def plan_of_versions_read(**filters) -> str:
    with CaptureQueriesContext(connection) as queries:
        selectors.gallery_versions(**filters)
    sql = next(q["sql"] for q in queries if '"row_version"' in q["sql"])
    with connection.cursor() as cursor:
        for kind in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({}, "ideas_public_newest"),
        ({"sort": "supported"}, "ideas_public_supported"),
        ({"sort": "awarded"}, "ideas_public_awarded"),
        # An old campaign's ideas lie behind every newer idea in ideas_public_newest.
        ({"campaign": "tts-2026"}, "ideas_public_campaign_newest"),
        ({"field": "FIELD"}, "ideas_public_field_newest"),  # the idea's own field
        # Starts after the awarded ideas (an index condition), not walking past all of them.
        ({"status": "under_review", "sort": "awarded"}, "ideas_public_awarded"),
    ],
)
def test_each_walk_reads_its_index(member, make_idea, filters, index):
    campaign = make_campaign()
    idea = make_idea(member, status=Status.UNDER_REVIEW, campaign=campaign)
    if filters.get("field") == "FIELD":
        filters = {"field": idea.field.slug}
    plan = plan_of_versions_read(**filters)
    assert f"Index Scan using {index} " in plan, plan
    if filters.get("status"):
        assert "Index Cond: (COALESCE(awarded_at" in plan, plan
