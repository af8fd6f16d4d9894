"""The idea-bank panel on the home page (three queries)."""

from django.utils import timezone

from .models import Campaign
from .selectors import published_ideas


def panel_context(request) -> dict:
    now = timezone.now()
    published = published_ideas()
    return {
        "published": published.count(),
        "latest": list(published.select_related("field").order_by("-submitted_at")[:3]),
        "open_campaign": Campaign.objects.filter(
            submission_opens__lte=now, submission_closes__gt=now
        )
        .order_by("submission_closes")
        .first(),
    }
