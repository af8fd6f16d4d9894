"""The catalogue's part of the site-wide search (registered in ServicesConfig.ready())."""

from django.db.models import QuerySet

from partnership.search.selectors import Result

from .models import Service


def rows(folded: str) -> QuerySet[Service]:
    return (
        Service.objects.published()
        .filter(search_text__contains=folded)
        .select_related("category")
        .order_by("name", "pk")
    )


def result(service: Service) -> Result:
    return Result(service.name, service.get_absolute_url(), service.category.name, service.summary)
