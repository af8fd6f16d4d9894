"""The idea-bank panel on the home page (two queries; the total is a snapshot)."""

from .selectors import gallery_total, open_campaigns, published_ideas


def panel_context(request) -> dict:
    return {
        "published": gallery_total(),
        "latest": list(
            published_ideas().select_related("field").order_by("-submitted_at", "-id")[:3]
        ),
        "open_campaign": open_campaigns().first(),
    }
