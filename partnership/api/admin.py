from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership.admin_mixins import SecretShownOnceAdmin

from .models import ApiKey, CalendarToken


@admin.register(ApiKey)
class ApiKeyAdmin(SecretShownOnceAdmin):
    list_display = ["name", "unit", "acting_user", "scope", "prefix", "last_used_at", "revoked_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "unit__name"]
    autocomplete_fields = ["unit", "acting_user"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> list[str]:
        # A key's unit and liaison are what it was issued for: issue a new key instead.
        fixed = ["unit", "acting_user"] if obj is not None else []
        return [*self.readonly_fields, *fixed]

    def issue_secret(self, obj: ApiKey) -> str:
        return obj.issue()

    def secret_notice(self, secret: str) -> str:
        return _(
            "The key is %(key)s — copy it now: it is shown only this once "
            "(the portal keeps only its hash)."
        ) % {"key": secret}

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        n = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        messages.success(request, _("%(n)s keys revoked.") % {"n": n})


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]
    exclude = ["token"]
