"""The idea bank's part of the site-wide search (imported by IdeasConfig.ready())."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import pgettext_lazy

from partnership.search.selectors import Kind, Result, joined, short_date

from .models import Idea
from .selectors import SEARCH_COUNT_CAP, published_ideas, search


class Ideas(Kind, key="ideas", list_url="ideas:index", order=10):
    label = pgettext_lazy("site search", "Ideas")
    see_all_label = pgettext_lazy("site search", "All matching ideas")

    def rows(self, folded: str) -> tuple[QuerySet[Idea], int]:
        """(the rows, their count up to ideas' own cap + 1): ideas match by words, through
        their token index on PostgreSQL (selectors.search), which counts them on the way."""
        found, count = search(published_ideas(), folded)
        found = (
            found.select_related("field", "unit")
            .only("title", "summary", "submitted_at", "field__name", "unit__province")
            .order_by("-submitted_at", "-pk")
        )
        return found, SEARCH_COUNT_CAP + 1 if count.capped else count.value

    def result(self, idea: Any) -> Result:
        province = idea.unit.province  # the choices are (name, name): the value is the label
        return Result(
            idea.title,
            idea.get_absolute_url(),
            joined(idea.field.name, province, short_date(idea.submitted_at)),
            idea.summary,
        )
