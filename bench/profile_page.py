"""Where a page's time goes: run it once in-process and list its slowest SQL.

    DATABASE_URL=... .venv/bin/python bench/profile_page.py /ideas/ [officer.hanoi@doan-vnpt.test]

Prints the status, wall time, the number of queries and the slowest ones (PostgreSQL times as
seen by Django), so the table's slow pages can be traced to one view and one query.
"""

import sys
import time

import inprocess  # noqa: F401  (Django set up)
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, reset_queries
from django.test import Client

settings.DEBUG = True  # record the queries (Django keeps them only when DEBUG is on)
settings.ALLOWED_HOSTS = ["*"]


def main(path, email=None, top="8"):
    top = int(top)
    client = Client(raise_request_exception=True)
    if email:
        client.force_login(get_user_model().objects.get(email=email))
    client.get(path)  # warm: connections, translations, templates
    slowest = []
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
        slowest = slowest or list(queries)  # the cold run's: what a miss costs
    for q in sorted(slowest, key=lambda q: -float(q["time"]))[:top]:
        print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:600]}")


if __name__ == "__main__":
    main(*sys.argv[1:])
