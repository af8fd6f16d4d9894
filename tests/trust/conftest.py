import pytest
from django.db import connection


@pytest.fixture
def pg(db):
    """Connection parameters of the test database; skips unless it is PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    s = connection.settings_dict
    return {
        "dbname": s["NAME"],
        "host": s["HOST"] or "127.0.0.1",
        "port": str(s["PORT"] or 5432),
        "user": s["USER"] or "postgres",
        "password": s["PASSWORD"] or "",
    }


def pg_url(params: dict, dbname: str | None = None) -> str:
    auth = params["user"] + (f":{params['password']}" if params["password"] else "")
    return f"postgres://{auth}@{params['host']}:{params['port']}/{dbname or params['dbname']}"
