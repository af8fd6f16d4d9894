"""Where a URL mix of bench/mixed spends its time: every line timed in-process, by group.

    .venv/bin/python bench/mixed_urls.py /tmp/mix      # public.tsv and members.tsv
    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/mix_cost.py /tmp/mix/public.tsv

Runs each line through Django's WSGI handler (no network, no wrk) once to warm the caches,
then once more timed, as the officer or the liaison where the line names one, and prints the
mean over the mix and, per group of lines (path and filter names), its share of the time and
its mean. One pass: read the shares, the milliseconds vary by ±20 % from run to run.
"""

import collections
import io
import statistics
import sys
import time
from pathlib import Path

import inprocess  # noqa: F401  (Django set up)
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

settings.ALLOWED_HOSTS = ["*"]
PEOPLE = {"officer": "officer.hanoi@doan-vnpt.test", "liaison": "vnpt.hanoi@doan-vnpt.test"}


def cookies() -> dict[str, str]:
    found = {"": ""}
    for who, email in PEOPLE.items():
        client = Client()
        client.force_login(get_user_model().objects.get(email=email))
        found[who] = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    return found


def group(path: str, who: str) -> str:
    route, _, query = path.partition("?")
    name = "/".join(route.split("/")[:3])
    if route.startswith("/ideas/") and route[7:8].isdigit():
        name = "/ideas/<pk>"
    elif route.startswith("/services/") and route.count("/") > 3:
        name = "/services/<slug>"
    keys = ",".join(sorted(part.split("=")[0] for part in query.split("&") if part))
    return f"{who or 'visitor'} {name}?{keys}"


def main(tsv: str) -> None:
    handler = WSGIHandler()
    by_person = cookies()

    def get(path: str, who: str) -> None:
        route, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "wsgi.input": io.BytesIO(b""),
            "wsgi.url_scheme": "http", "HTTP_COOKIE": by_person[who], "REMOTE_ADDR": "127.0.0.1",
        }  # fmt: skip
        response = handler(environ, lambda *args: None)
        b"".join(response)
        response.close()

    rows = Path(tsv).read_text().splitlines()
    lines = [(line.split("\t") + [""])[:2] for line in rows if line.strip()]
    for path, who in lines:
        get(path, who)
    groups: dict[str, list[float]] = collections.defaultdict(list)
    for path, who in lines:
        start = time.perf_counter()
        get(path, who)
        groups[group(path, who)].append((time.perf_counter() - start) * 1000)
    total = sum(sum(times) for times in groups.values())
    print(f"mean over {len(lines)} lines: {total / len(lines):.2f} ms")
    for name, times in sorted(groups.items(), key=lambda item: -sum(item[1])):
        share = sum(times) / total * 100
        print(f"{share:5.1f} %  n={len(times):4d}  mean {statistics.mean(times):6.2f} ms  {name}")


if __name__ == "__main__":
    main(*sys.argv[1:])
