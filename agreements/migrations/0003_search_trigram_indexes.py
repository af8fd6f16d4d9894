"""The trigram GIN indexes of commitments and joint activities's folded `search_text` (the site-wide search's
LIKE '%…%'), declared by this app on its own table.

PostgreSQL only (a no-op on SQLite). Databases migrated before this app declared it got the
indexes from search 0001 under the same name: IF NOT EXISTS makes this a no-op there.
"""

from django.db import migrations

from partnership.migration_ops import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_labels")]

    operations = [
        trigram_indexes(
            {
                "search_commitment_text_trgm": ("agreements_commitment", "search_text"),
                "search_activity_text_trgm": ("agreements_jointactivity", "search_text"),
            }
        ),
    ]
