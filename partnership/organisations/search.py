"""Units in the site-wide search (imported by OrganisationsConfig.ready())."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from partnership.search.selectors import Kind, Result, joined

from .models import Unit
from .selectors import former_names, unit_name_q


class Units(Kind, key="units", list_url="organisations:list", order=60):
    label = pgettext_lazy("site search", "Units")
    see_all_label = pgettext_lazy("site search", "All matching units")

    def rows(self, folded: str) -> QuerySet[Unit]:
        return Unit.objects.active().filter(unit_name_q(folded)).order_by("path")

    def result(self, unit: Unit) -> Result:
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
