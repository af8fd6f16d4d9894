"""The idea-bank panel on the home page (two queries; the count is a snapshot)."""

from django.utils import timezone

from partnership.snapshots import snapshot

from .models import Campaign
from .selectors import published_count, published_ideas


def panel_context(request) -> dict:
    now = timezone.now()
    published = published_ideas()
    return {
        "published": snapshot(published_count, max_age=60),
        "latest": list(published.select_related("field").order_by("-submitted_at", "-id")[:3]),
        "open_campaign": Campaign.objects.filter(
            submission_opens__lte=now, submission_closes__gt=now
        )
        .order_by("submission_closes")
        .first(),
    }
