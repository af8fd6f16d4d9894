"""Units in the site-wide search (registered in OrganisationsConfig.ready())."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from partnership.search.selectors import Result, joined

from .models import Unit
from .selectors import former_names, unit_name_q


def rows(folded: str) -> QuerySet[Unit]:
    return Unit.objects.active().filter(unit_name_q(folded)).order_by("path")


def result(unit: Unit) -> Result:
    return Result(
        unit.name,
        unit.get_absolute_url(),
        joined(
            unit.get_kind_display(),
            unit.get_province_display() if unit.province else "",
            _("formerly %(names)s") % {"names": ", ".join(formers)}
            if (formers := former_names(unit))
            else "",
        ),
    )
