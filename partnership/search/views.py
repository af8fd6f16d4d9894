from django.shortcuts import render
from django.views.decorators.http import require_safe

from partnership.text import fold

from . import selectors


@require_safe
def search(request):
    """Site-wide search: ideas, services, news, commitments, activities and units, grouped.

    Everyone sees the same public rows, so the page depends only on `q`. An empty or too
    short query shows the form and a hint and runs no search.
    """
    q = selectors.clean_query(request.GET.get("q"))
    searched = bool(q) and selectors.searchable(fold(q))
    groups = selectors.search(q) if searched else []
    found = [g for g in groups if g.count]
    return render(
        request,
        "search/search.html",
        {
            "q": q,
            "searched": searched,
            "too_short": bool(q) and not searched,
            "groups": found,
            "empty_groups": [g for g in groups if not g.count],
            "cap": selectors.SEARCH_COUNT_CAP,
            "min_chars": selectors.MIN_QUERY_CHARS,
        },
    )
