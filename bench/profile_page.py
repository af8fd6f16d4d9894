"""Where a page's time goes: run it once in-process and list its slowest SQL.

    DATABASE_URL=... .venv/bin/python bench/profile_page.py /ideas/ [officer.hanoi@doan-vnpt.test]

Prints the status, wall time, the number of queries and the slowest ones (PostgreSQL times as
seen by Django), so the table's slow pages can be traced to one view and one query.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")
os.environ.setdefault("SECRET_KEY", "profile-only-not-a-secret-" + "x" * 30)
for _name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
    os.environ.setdefault(_name, "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

settings.DEBUG = True  # record the queries (Django keeps them only when DEBUG is on)
settings.ALLOWED_HOSTS = ["*"]


def main(path, email=None, top="8"):
    top = int(top)
    client = Client(raise_request_exception=True)
    if email:
        client.force_login(get_user_model().objects.get(email=email))
    client.get(path)  # warm: connections, translations, templates
    for label, clear in (("cold cache", True), ("warm cache", False)):
        if clear:
            cache.clear()
        reset_queries()
        t0 = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - t0) * 1000
        queries = connection.queries
        sql_ms = sum(float(q["time"]) for q in queries) * 1000
        print(
            f"{path} [{email or 'anonymous'}] {label}: HTTP {response.status_code}, "
            f"{elapsed:.0f} ms, {len(queries)} queries, {sql_ms:.0f} ms in SQL"
        )
    for q in sorted(queries, key=lambda q: -float(q["time"]))[:top]:
        print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:600]}")


if __name__ == "__main__":
    main(*sys.argv[1:])
