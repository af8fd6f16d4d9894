"""What knowing the visitor costs a warm logged-in page: median time and queries per request.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/visitor_cost.py \
        /services/queue/ vnpt.hanoi@doan-vnpt.test [requests]

Runs the page through Django's WSGI handler in-process (no test client, no network): one
request to warm the caches, then `requests` more (default 300), and prints the median and p95
wall time and the queries of one warm request. Used for docs/caching.md § "The visitor".
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Django set up as for profile_page (production settings plus the bench's, Secure cookies off).
from bench import profile_page  # noqa: E402, F401, I001

# isort: split
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]


def main(path, email, requests="300"):
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    handler = WSGIHandler()

    def get():
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            "wsgi.url_scheme": "http",
            "wsgi.input": sys.stdin.buffer,
        }
        status = []
        body = b"".join(handler(environ, lambda s, h: status.append(s)))
        assert status[0].startswith("200"), (status, body[:200])

    get()
    get()
    settings.DEBUG = True  # record the queries of one warm request
    reset_queries()
    get()
    queries = list(connection.queries)
    settings.DEBUG = False
    times = []
    for _ in range(int(requests)):
        t0 = time.perf_counter()
        get()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"{path} [{email}] {settings.SESSION_ENGINE.rsplit('.', 1)[-1]} sessions: "
        f"median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, {len(queries)} queries"
    )
    for q in queries:
        print(f"  {float(q['time']) * 1000:6.2f} ms  {q['sql'][:160]}")


if __name__ == "__main__":
    main(*sys.argv[1:])
