"""Production settings plus a trivial view for the benchmark (bench/run); never deployed."""

from partnership.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
