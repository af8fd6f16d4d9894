"""Search micro-benchmark: latency of the searches at the current data size, uncached.

    DATABASE_URL=... .venv/bin/python bench/search.py [--runs 40]

For each term it times what the idea gallery runs for page 1 of a search (the capped set of
matching ids, then the 20 rows of the keyset page) and what the site-wide search page runs (every kind's
first results and capped counts), prints p50/p95 per term and overall, and the query plans
of the first term. Run it at 100 000 and at 1 000 000 ideas to see whether the cost grows
with the row count. No page cache is involved: these are the costs of a cache miss.
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

from django.db import connection  # noqa: E402

from ideas import selectors  # noqa: E402
from ideas.models import Idea  # noqa: E402
from partnership.search import selectors as site_search  # noqa: E402

TERMS = [
    "nong nghiep",
    "chuyển đổi số",
    "may say nong san",
    "thư viện số",
    "phan loai rac",
    "robot",
    # Phrases of common words that match few or no ideas: a trigram index found every idea
    # holding their trigrams and rechecked each (the cost grew with the table); the word-pair
    # index (ideas migration 0005) answers them from the index.
    "thu vien rac",
    "robot nong nghiep",
    "ao nuoi tom",
    "robot rac",
    "nong nghiep so",
    "thu vien robot nong",
]
# The gallery's filters with a phrase: frequent or rare under the filter (the demo's provinces,
# fields and campaigns, which make_scale_data spreads its ideas over).
FILTERED = [
    ("nong nghiep", {"province": "An Giang"}),
    ("robot", {"province": "An Giang"}),
    ("nong nghiep", {"field": "nong-nghiep"}),
    ("robot", {"field": "nong-nghiep"}),
    ("thu vien so", {"campaign": "nghe-an-xanh"}),
    ("thu vien rac", {"field": "giao-duc"}),
]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--plans", nargs="*", metavar="TERM", help="print the query plans (of these terms)"
    )
    args = parser.parse_args()
    total = Idea.objects.count()
    published = selectors.published_ideas().count()
    print(f"ideas: {total} ({published} published), database: {connection.vendor}")
    every, site = [], []
    print(f"{'term':<20} {'hits':>6} {'p50 ms':>7} {'p95 ms':>7} {'site p50':>9} {'site p95':>9}")
    for term in TERMS:
        gallery, whole = [], []
        hits = ""
        for _ in range(args.runs):
            t0 = time.perf_counter()
            page = selectors.gallery_page(q=term)
            t1 = time.perf_counter()
            site_search.search(term)
            t2 = time.perf_counter()
            hits = f"{page.count.value}{'+' if page.count.capped else ''}"
            gallery.append((t1 - t0) * 1000)
            whole.append((t2 - t1) * 1000)
        every += gallery
        site += whole
        print(
            f"{term:<20} {hits:>6} {statistics.median(gallery):>7.1f} {pct(gallery, 95):>7.1f}"
            f" {statistics.median(whole):>9.1f} {pct(whole, 95):>9.1f}"
        )
    print(f"SEARCH ideas={total} p50={statistics.median(every):.1f} p95={pct(every, 95):.1f}")
    print(f"SITE_SEARCH ideas={total} p50={statistics.median(site):.1f} p95={pct(site, 95):.1f}")
    print(f"\n{'term + filter':<44} {'hits':>6} {'p50 ms':>7} {'p95 ms':>7}")
    filtered = []
    for term, filters in FILTERED:
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            page = selectors.gallery_page(q=term, **filters)
            list(page.object_list)
            times.append((time.perf_counter() - t0) * 1000)
        filtered += times
        hits = f"{page.count.value}{'+' if page.count.capped else ''}"
        label = f"{term} + {', '.join(f'{k}={v}' for k, v in filters.items())}"
        print(f"{label:<44} {hits:>6} {statistics.median(times):>7.1f} {pct(times, 95):>7.1f}")
    print(
        f"FILTERED_SEARCH ideas={total} p50={statistics.median(filtered):.1f}"
        f" p95={pct(filtered, 95):.1f}"
    )
    if connection.vendor == "postgresql" and args.plans is not None:
        for term in args.plans or [TERMS[0], "thu vien rac"]:
            print_plans(term)


def print_plans(term):
    phrase = selectors.search_phrase(term)
    print(f"\nplan of the capped id lookup for {term!r}")
    lookup = selectors.matching(selectors.published_ideas(), phrase)
    lookup = lookup.filter(selectors._HasTokens(phrase)).order_by()  # (no filter terms)
    sql, params = lookup.values("pk")[: selectors.SEARCH_COUNT_CAP + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE SELECT COUNT(*) FROM ({sql}) AS sub", params)  # noqa: S608
        print("\n".join(row[0] for row in cursor.fetchall()))
    print(f"\nplan of page 1 when there are more than {selectors.SEARCH_COUNT_CAP} matches")
    qs = selectors.gallery(q=term).order_by(*selectors.SORTS["newest"])[:21]
    print(qs.explain(analyze=True))


if __name__ == "__main__":
    main()
