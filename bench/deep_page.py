"""Print the query string of the idea gallery's page N (keyset pagination: a cursor).

    .venv/bin/python bench/deep_page.py 500   ->   after=<cursor>&p=500

Page N starts after the last idea of page N-1 in the gallery's default order; a visitor gets
there by following "Next" N-1 times. bench/run uses it to drive page 500 directly.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from ideas import selectors  # noqa: E402
from partnership.paging import _encode  # noqa: E402

number = int(sys.argv[1]) if len(sys.argv) > 1 else 500
# A small dataset (a quick run) has fewer pages: its last one stands in for page N.
published = selectors.gallery().count()
number = max(2, min(number, (published - 1) // settings.PAGE_SIZE + 1))
offset = (number - 1) * settings.PAGE_SIZE - 1
keys = [k.name for k in selectors.SORT_KEYS["newest"]]
row = selectors.gallery().values_list(*keys)[offset]
print(f"after={_encode(list(row))}&p={number}")
