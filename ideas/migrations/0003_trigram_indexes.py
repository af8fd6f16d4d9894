"""Trigram GIN indexes for search (LIKE '%…%') and similar titles, on PostgreSQL only."""

from django.db import migrations

INDEXES = {
    "ideas_idea_search_trgm": "search_text",
    "ideas_idea_title_trgm": "title_folded",
}


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        for name, column in INDEXES.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON ideas_idea USING gin ({column} gin_trgm_ops)"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0002_pg_trgm")]

    operations = [migrations.RunPython(create, drop)]
