"""Production settings plus a trivial view for the benchmark (bench/run); never deployed."""

from partnership.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"

# collectstatic for the benchmark goes to var/ (ignored by git), not to the shared staticfiles/.
STATIC_ROOT = BASE_DIR / "var" / "bench-static"  # noqa: F405
