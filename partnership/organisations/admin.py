from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Unit


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    form = movenodeform_factory(Unit, exclude=["search_text"])
    list_display = ["name", "party", "kind", "province", "serving", "retired_on", "successor"]
    list_filter = ["party", "kind", "retired_on", "province"]
    search_fields = ["name", "short_name", "search_text", "province"]
    autocomplete_fields = ["served_by", "successor"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("served by (effective)"))
    def serving(self, obj):
        if not obj.is_union:
            return "—"
        unit = obj.serving_unit()
        return unit.name if unit else "—"
