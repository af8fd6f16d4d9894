"""Trigram GIN indexes for search (LIKE '%…%') and similar titles, on PostgreSQL only."""

from django.db import migrations

from partnership.migration_ops import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("ideas", "0002_pg_trgm")]

    operations = [
        trigram_indexes(
            {
                "ideas_idea_search_trgm": ("ideas_idea", "search_text"),
                "ideas_idea_title_trgm": ("ideas_idea", "title_folded"),
            }
        )
    ]
