"""Production settings plus a trivial view for the benchmark (bench/run); never deployed."""

import os

from partnership.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"

# collectstatic for the benchmark goes to var/ (ignored by git), not to the shared staticfiles/.
STATIC_ROOT = BASE_DIR / "var" / "bench-static"  # noqa: F405

# bench/run measures the pages twice: through the page cache and the fragment caches of
# logged-in pages, then without them (PAGE_CACHE_ENABLED=0), which is what a miss costs.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "1") == "1"
FRAGMENT_CACHE_ENABLED = PAGE_CACHE_ENABLED
