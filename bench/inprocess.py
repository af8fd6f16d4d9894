"""Django, set up for the scripts that measure pages in-process (bench/profile_page.py,
bench/cache_gain.py): the benchmark's production settings, a throw-away secret, plain HTTP.
Imported first by those scripts (`import inprocess`), before anything of Django."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")
os.environ.setdefault("SECRET_KEY", "profile-only-not-a-secret-" + "x" * 30)
for _name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
    os.environ.setdefault(_name, "0")

import django  # noqa: E402

django.setup()
