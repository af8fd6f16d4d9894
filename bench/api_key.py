"""Print "Authorization: Bearer <key>" for a new API key of the given liaison's VNPT unit."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from partnership.api.models import ApiKey, Scope  # noqa: E402

liaison = get_user_model().objects.get(email=sys.argv[1])
key = ApiKey(name="bench", unit=liaison.unit, acting_user=liaison, scope=Scope.READ)
secret = key.issue()
key.save()
print(f"Authorization: Bearer {secret}")
