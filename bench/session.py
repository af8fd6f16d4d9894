"""Print "Cookie: <name>=<key>" for a logged-in session of the given demo account."""

import os
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model, login  # noqa: E402
from django.http import HttpRequest  # noqa: E402

backend = "django.contrib.auth.backends.ModelBackend"
if backend not in settings.AUTHENTICATION_BACKENDS:
    backend = settings.AUTHENTICATION_BACKENDS[-1]
user = get_user_model().objects.get(email=sys.argv[1])
request = HttpRequest()
request.META.update(REMOTE_ADDR="127.0.0.1", HTTP_USER_AGENT="bench", SERVER_NAME="127.0.0.1")
request.session = import_module(settings.SESSION_ENGINE).SessionStore()
login(request, user, backend=backend)
request.session.save()
print(f"Cookie: {settings.SESSION_COOKIE_NAME}={request.session.session_key}")
