"""What each cache piece of the idea gallery is worth, in-process (docs/caching.md).

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/cache_gain.py [/ideas/?sort=supported]

Medians of 30 requests through Django's test client (which adds its own overhead: compare
the rows, not the absolute times), for a visitor and for a logged-in officer:
- everything cached (a visitor: the page, after its one versions query; an officer: the cards);
- after a support to one idea of the page (its version changes: that card re-renders, the
  visitor's page renders again around 19 cached cards);
- no page or card cache at all (what every request cost before, after any write).
With REDIS_URL set it writes to that Redis database: use a number of your own.
"""

import random
import re
import statistics
import sys
import time

import inprocess  # noqa: F401  (Django set up)
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import Client

from ideas.models import Idea
from partnership.cachekeys import touch

settings.ALLOWED_HOSTS = ["*"]
RUNS = 30


def median_ms(client: Client, path: str, before=None) -> float:
    times = []
    for _ in range(RUNS):
        if before:
            before()
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def one_support(path: str):
    """The page's part of a support to one of its ideas: the counter and the version in one
    UPDATE, as actions.support_idea does (without the Support row, so it can repeat)."""
    ids = [
        int(pk) for pk in re.findall(r'href="/ideas/(\d+)/"', Client().get(path).content.decode())
    ]
    rng = random.Random(2026)

    def write() -> None:
        touch(Idea.objects.filter(pk=rng.choice(ids)), support_count=F("support_count") + 1)

    return write


def main(path: str) -> None:
    officer = Client()
    officer.force_login(get_user_model().objects.get(email="officer.hanoi@doan-vnpt.test"))
    visitor = Client()
    support = one_support(path)
    rows = []
    for name, client in (("visitor", visitor), ("officer", officer)):
        client.get(path)
        warm = median_ms(client, path)
        after_support = median_ms(client, path, before=support)
        settings.PAGE_CACHE_ENABLED = settings.FRAGMENT_CACHE_ENABLED = False
        uncached = median_ms(client, path)
        settings.PAGE_CACHE_ENABLED = settings.FRAGMENT_CACHE_ENABLED = True
        rows.append((name, warm, after_support, uncached))
    print(f"`{path}`, medians of {RUNS} in-process requests (ms)\n")
    print("| viewer | all cached | after one support to an idea on the page | no cache |")
    print("|---|---:|---:|---:|")
    for name, warm, after_support, uncached in rows:
        print(f"| {name} | {warm:.1f} | {after_support:.1f} | {uncached:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/ideas/?sort=supported")
