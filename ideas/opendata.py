"""The idea bank's open dataset: published ideas, with units but never people."""

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.urls import reverse

from .selectors import published_ideas


def published_idea_rows() -> Iterator[dict[str, Any]]:
    qs = (
        published_ideas()
        .order_by("pk")
        .values(
            "pk",
            "title",
            "summary",
            "field__name",
            "campaign__title",
            "unit__name",
            "unit__province",
            "status",
            "support_count",
            "vnpt_supported",
            "submitted_at",
            "awarded_at",
        )
    )
    for row in qs.iterator(chunk_size=2000):
        yield {
            "id": row["pk"],
            "title": row["title"],
            "summary": row["summary"],
            "field": row["field__name"],
            "campaign": row["campaign__title"],
            "unit": row["unit__name"],
            "province": row["unit__province"],
            "status": row["status"],
            "supports": row["support_count"],
            "vnpt_supported": row["vnpt_supported"],
            "submitted_at": row["submitted_at"],
            "awarded_at": row["awarded_at"],
            "url": settings.SITE_URL + reverse("ideas:detail", args=[row["pk"]]),
        }
