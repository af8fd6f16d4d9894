"""Admin pieces the apps' admin modules share."""

from django.contrib import admin, messages


class ReadOnlyInline(admin.TabularInline):
    """Rows written by the actions (status changes, versions, reports, deliveries), listed
    under their object read only: every field shown is read only, none is added or deleted
    here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class SecretShownOnceAdmin(admin.ModelAdmin):
    """An object with a secret made when it is created (an API key, a webhook's signing
    secret): the secret is shown once, in a warning on the page after saving, and never again.
    A subclass says how the secret is made and what the warning says."""

    def issue_secret(self, obj) -> str:
        raise NotImplementedError

    def secret_notice(self, secret: str) -> str:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        secret = None if change else self.issue_secret(obj)
        super().save_model(request, obj, form, change)
        if secret:
            self.message_user(request, self.secret_notice(secret), messages.WARNING)
