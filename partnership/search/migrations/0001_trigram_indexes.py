"""Trigram GIN indexes for the site-wide search (LIKE '%…%' on the folded `search_text`).

PostgreSQL only (a no-op on SQLite), and only where pg_trgm is installed (ideas 0002 does
it). Ideas have their own index (ideas 0003). IF [NOT] EXISTS both ways, so re-running is safe.
"""

from django.db import migrations

from partnership.migration_ops import trigram_indexes

INDEXES = {
    "search_service_text_trgm": ("services_service", "search_text"),
    "search_article_text_trgm": ("news_article", "search_text"),
    "search_commitment_text_trgm": ("agreements_commitment", "search_text"),
    "search_activity_text_trgm": ("agreements_jointactivity", "search_text"),
    "search_unit_text_trgm": ("organisations_unit", "search_text"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0002_pg_trgm"),
        ("services", "0006_request_lists_and_demand"),
        ("news", "0001_initial"),
        ("agreements", "0002_labels"),
        ("organisations", "0001_initial"),
    ]

    operations = [trigram_indexes(INDEXES)]
