"""The trigram GIN index of units's folded `search_text` (the site-wide search's
LIKE '%…%'), declared by this app on its own table.

PostgreSQL only (a no-op on SQLite). Databases migrated before this app declared it got the
index from search 0001 under the same name: IF NOT EXISTS makes this a no-op there.
"""

from django.db import migrations

from partnership.migration_ops import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [
        trigram_indexes({"search_unit_text_trgm": ("organisations_unit", "search_text")}),
    ]
