from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from partnership.text import fold

from .models import Unit
from .selectors import current_units_named


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = movenodeform_factory(Unit, exclude=["search_text"])
    list_display = ["name", "party", "kind", "province", "serving", "retired_on", "successor"]
    list_filter = ["party", "kind", "retired_on", "province"]
    search_fields = ["name", "short_name", "search_text", "province"]
    autocomplete_fields = ["served_by", "successor"]
    prepopulated_fields = {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        """The admin's search and every unit autocomplete: a former unit's name also finds
        the unit that carries it today ("Hà Giang" → Tuyên Quang)."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        carrying = current_units_named(fold(search_term.strip())) if search_term else []
        if carrying:
            found = found | queryset.filter(pk__in=carrying)
        return found, may_have_duplicates

    @admin.display(description=_("served by (effective)"))
    def serving(self, obj):
        if not obj.is_union:
            return "—"
        unit = obj.serving_unit()
        return unit.name if unit else "—"
