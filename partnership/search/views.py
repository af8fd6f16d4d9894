from django.shortcuts import render


def search(request):
    """Site-wide search: results grouped by kind (filled in by the search work)."""
    return render(request, "search/search.html", {"q": request.GET.get("q", "")[:200]})
