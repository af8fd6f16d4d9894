"""Migration operations shared by the apps (imported by migrations: keep them stable)."""

from django.db import DatabaseError, migrations, transaction


def trigram_indexes(
    indexes: dict[str, tuple[str, str]], *, using: str = "gin", where: str = ""
) -> migrations.RunPython:
    """Trigram indexes `{name: (table, column)}`: GIN for LIKE '%…%' searches, or GiST
    (`using="gist"`) for the nearest values by trigram distance (`<->`, ORDER BY … LIMIT);
    `where`: the rows a partial index covers.

    PostgreSQL with pg_trgm only (a no-op on SQLite, where the same searches scan); IF [NOT]
    EXISTS both ways, so re-running is safe. pg_trgm is installed when the role may (it is a
    trusted extension) and never dropped backwards: other apps' indexes need it too.

    Each app declares the indexes of its own tables. The site search's were all made by
    search 0001 once; the apps' migrations that took them over keep their names, so on a
    database that has them they are no-ops.
    """

    def create(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        try:
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            pass  # not allowed here: the indexes wait for an administrator to install it
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            if cursor.fetchone() is None:
                return
            for name, (table, column) in indexes.items():
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                    f"USING {using} ({column} {using}_trgm_ops)"
                    + (f" WHERE {where}" if where else "")
                )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for name in indexes:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)


def postgres_sql(forward: list[str], backward: list[str]) -> migrations.RunPython:
    """SQL statements run in order on PostgreSQL only (a no-op on SQLite), each way."""

    def runner(statements):
        def run(apps, schema_editor):
            if schema_editor.connection.vendor != "postgresql":
                return
            with schema_editor.connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

        return run

    return migrations.RunPython(runner(forward), runner(backward))
