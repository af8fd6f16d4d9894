"""Units in the site-wide search (registered in OrganisationsConfig.ready())."""

from django.db.models import QuerySet

from partnership.search.selectors import Result, joined

from .models import Unit


def rows(folded: str) -> QuerySet[Unit]:
    return Unit.objects.active().filter(search_text__contains=folded).order_by("path")


def result(unit: Unit) -> Result:
    return Result(
        unit.name,
        unit.get_absolute_url(),
        joined(unit.get_kind_display(), unit.get_province_display() if unit.province else ""),
    )
