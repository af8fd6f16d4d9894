"""Search micro-benchmark: latency of the idea gallery search at the current data size.

    DATABASE_URL=... .venv/bin/python bench/search.py [--runs 40]

For each term it times what the gallery view runs for page 1 of a search (the COUNT for the
paginator and the 20 rows), prints p50/p95 per term and overall, and the query plan of the
first term so a sequential scan is visible. Run it at 100 000 and at 1 000 000 ideas to see
whether the cost grows with the row count.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")

import django  # noqa: E402

django.setup()

from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402

from ideas import selectors  # noqa: E402
from ideas.models import Idea  # noqa: E402

TERMS = [
    "nong nghiep",
    "chuyển đổi số",
    "may say nong san",
    "thư viện số",
    "phan loai rac",
    "robot",
]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    total = Idea.objects.count()
    published = selectors.published_ideas().count()
    print(f"ideas: {total} ({published} published), database: {connection.vendor}")
    every = []
    print(f"{'term':<20} {'hits':>8} {'count p50':>10} {'page p50':>9} {'p50 ms':>7} {'p95 ms':>7}")
    for term in TERMS:
        counts, pages, both = [], [], []
        hits = 0
        for _ in range(args.runs):
            t0 = time.perf_counter()
            page = Paginator(selectors.gallery(q=term), 20).get_page(1)
            hits = page.paginator.count
            t1 = time.perf_counter()
            list(page.object_list)
            t2 = time.perf_counter()
            counts.append((t1 - t0) * 1000)
            pages.append((t2 - t1) * 1000)
            both.append((t2 - t0) * 1000)
        every += both
        print(
            f"{term:<20} {hits:>8} {statistics.median(counts):>10.1f} "
            f"{statistics.median(pages):>9.1f} {statistics.median(both):>7.1f} {pct(both, 95):>7.1f}"
        )
    print(f"SEARCH ideas={total} p50={statistics.median(every):.1f} p95={pct(every, 95):.1f}")
    if connection.vendor == "postgresql":
        qs = selectors.gallery(q=TERMS[0])[:20]
        print("\nplan of page 1 for", repr(TERMS[0]))
        print(qs.explain(analyze=True))
        print("\nplan of the count")
        sql, params = selectors.gallery(q=TERMS[0]).order_by().query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN ANALYZE SELECT COUNT(*) FROM ({sql}) AS sub", params)
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
