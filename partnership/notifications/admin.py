from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import Announcement, Delivery, Notification, Preference


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fk_name = "notification"
    extra = 0
    can_delete = False
    fields = ["channel", "status", "tries", "next_attempt_at", "sent_at", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["event", "recipient", "category", "created_at", "read_at"]
    list_filter = ["category", "created_at", "wants_digest"]
    search_fields = ["event", "recipient__email", "recipient__full_name"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "actor", "digest"]
    readonly_fields = ["created_at", "subject_shown"]
    inlines = [DeliveryInline]

    @admin.display(description=_("subject"))
    def subject_shown(self, obj):
        return obj.subject


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "recipient",
        "kind",
        "channel",
        "status",
        "tries",
        "next_attempt_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", "channel", "kind", "created_at", "sent_at"]
    search_fields = ["recipient__email", "idempotency_key", "last_error"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    raw_id_fields = ["notification", "recipient"]
    readonly_fields = [
        "notification",
        "recipient",
        "kind",
        "channel",
        "status",
        "tries",
        "next_attempt_at",
        "lease_until",
        "last_error",
        "idempotency_key",
        "created_at",
        "sent_at",
    ]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else obj.last_error

    @admin.action(description=_("Send again (failed or stuck deliveries)"))
    def send_again(self, request, queryset):
        # Count the selection before requeueing: the queryset still carries the changelist's
        # filters (say, status = failed), and the rows it requeues no longer match them.
        selected = queryset.count()
        count = outbox.send_again(queryset)
        skipped = selected - count
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued again.", "%(count)d deliveries queued again.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery was sent or is being sent, and was left alone.",
                    "%(count)d deliveries were sent or are being sent, and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "mode", "updated_at"]
    list_filter = ["category", "mode"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """A record of who announced what to how many; made by announce(), never by hand."""

    list_display = [
        "title",
        "unit",
        "category",
        "actor",
        "recipients",
        "emails",
        "created_at",
        "finished_at",
    ]
    list_filter = ["category", "created_at"]
    search_fields = ["title", "key"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "unit"]
    readonly_fields = [
        "key",
        "event",
        "category",
        "title",
        "body",
        "url",
        "content_type",
        "object_id",
        "actor",
        "unit",
        "cursor",
        "recipients",
        "emails",
        "created_at",
        "progressed_at",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False
