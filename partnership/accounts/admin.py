from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import RoleGrant, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "unit", "roles", "is_active", "is_staff", "date_joined"]
    list_filter = ["groups", "is_active", "is_staff", "unit__party", "unit__province"]
    search_fields = ["full_name", "email", "phone", "search_text"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone", "position", "unit", "language"]}),
        (_("Roles and access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "unit", "password1", "password2"],
            },
        ),
    ]

    actions = ["erase_personal_data"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit").prefetch_related("groups")

    @admin.action(
        description=_("Erase personal data (keeps ideas, requests and reports)"),
        permissions=["change"],
    )
    def erase_personal_data(self, request, queryset):
        from partnership.privacy import erase_user

        erased = 0
        for user in queryset.exclude(pk=request.user.pk):
            erase_user(user=user, by=request.user)
            erased += 1
        messages.success(request, _("Personal data of %(n)d accounts erased.") % {"n": erased})

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(g.name for g in obj.groups.all())


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "granted", "by", "at"]
    list_filter = ["role", "granted", "at"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user", "by"]
    date_hierarchy = "at"
