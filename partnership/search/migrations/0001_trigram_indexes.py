"""Trigram GIN indexes for the site-wide search (LIKE '%…%' on the folded `search_text`).

PostgreSQL only (a no-op on SQLite), and only where pg_trgm is installed (ideas 0002 does
it). Ideas have their own index (ideas 0003). IF [NOT] EXISTS both ways, so re-running is safe.
"""

from django.db import migrations

INDEXES = {
    "search_service_text_trgm": "services_service",
    "search_article_text_trgm": "news_article",
    "search_commitment_text_trgm": "agreements_commitment",
    "search_activity_text_trgm": "agreements_jointactivity",
    "search_unit_text_trgm": "organisations_unit",
}


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        for name, table in INDEXES.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0002_pg_trgm"),
        ("services", "0006_request_lists_and_demand"),
        ("news", "0001_initial"),
        ("agreements", "0002_labels"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
