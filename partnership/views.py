from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from partnership import home
from partnership.news.models import Article


def workbook_response(content: bytes, filename: str) -> HttpResponse:
    """A spreadsheet (.xlsx) to download, saved as `filename`."""
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def home_page(request):
    news = Article.objects.published().select_related("author_unit")[:3]
    return render(request, "home.html", {"panels": home.panels(request), "news": news})


@never_cache
def healthz(request):
    """For a load balancer: 200 when the database answers, 503 otherwise; no details."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return HttpResponse("unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)
