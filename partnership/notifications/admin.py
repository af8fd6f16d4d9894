from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnership.admin_mixins import ReadOnlyInline, SecretShownOnceAdmin

from . import outbox, webhooks
from .models import Announcement, Delivery, Notification, Preference, WebhookEndpoint


class DeliveryInline(ReadOnlyInline):
    model = Delivery
    fk_name = "notification"
    fields = ["channel", "status", "tries", "next_attempt_at", "sent_at", "last_error"]


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
        "to",
        "kind",
        "channel",
        "status",
        "tries",
        "next_attempt_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", "channel", "kind", "created_at", "sent_at"]
    search_fields = [
        "recipient__email",
        "address",
        "endpoint__url",
        "idempotency_key",
        "last_error",
    ]
    date_hierarchy = "created_at"
    list_select_related = ["recipient", "endpoint"]
    raw_id_fields = ["notification", "recipient"]
    readonly_fields = [
        "notification",
        "recipient",
        "address",
        "endpoint",
        "payload",
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
    actions = ["send_again", "release_held"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("to"))
    def to(self, obj):
        return obj.destination

    @admin.action(description=_("Release held deliveries (send them after a restore)"))
    def release_held(self, request, queryset):
        count = outbox.release_held(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d held delivery released.", "%(count)d held deliveries released.", count
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

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


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("address (HTTPS)"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None selected: every event."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["unit", "url", "description", "events", "active"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = sorted(webhooks.EVENTS.items())

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not webhooks.url_allowed(url):
            raise forms.ValidationError(_("The address must start with https://."))
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(SecretShownOnceAdmin):
    """A unit's system that receives its events. The signing secret is made here and shown
    once, on the page after saving a new endpoint; to change it, make a new endpoint."""

    form = WebhookEndpointForm
    list_display = ["unit", "url", "active", "created_at", "failed_deliveries"]
    list_filter = ["active"]
    search_fields = ["url", "unit__name", "description"]
    raw_id_fields = ["unit"]
    readonly_fields = ["secret_shown", "created_at"]

    @admin.display(description=_("signing secret"))
    def secret_shown(self, obj):
        return (obj.secret[:10] + "…") if obj and obj.secret else "—"

    def get_queryset(self, request):
        failed = Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED))
        return super().get_queryset(request).select_related("unit").annotate(failed=failed)

    @admin.display(description=_("failed deliveries"), ordering="failed")
    def failed_deliveries(self, obj):
        return obj.failed

    def issue_secret(self, obj):
        obj.secret = webhooks.new_secret()
        return obj.secret

    def secret_notice(self, secret):
        return _(
            "The signing secret of this endpoint is %(secret)s — copy it into the "
            "receiving system now: it is not shown again."
        ) % {"secret": secret}
