from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnership.admin_mixins import ReadOnlyInline
from partnership.cachekeys import touch
from partnership.notifications.admin_actions import announce_to_unit

from . import actions, models


@admin.register(models.Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


class CriterionInline(admin.TabularInline):
    model = models.Criterion
    extra = 1


@admin.register(models.Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "organising_unit", "submission_opens", "submission_closes"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["fields"]
    autocomplete_fields = ["organising_unit"]
    inlines = [CriterionInline]
    actions = [
        announce_to_unit(unit="organising_unit", category=models.IDEA_NOTICES, body="description")
    ]


@admin.register(models.Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "weight", "order"]
    list_filter = ["campaign"]


class CoAuthorInline(admin.TabularInline):
    model = models.CoAuthor
    extra = 0
    readonly_fields = ["invited_at", "confirmed_at"]


class AttachmentInline(admin.TabularInline):
    model = models.Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "created_at"]
    readonly_fields = fields


class PaperAuthorInline(admin.StackedInline):
    """A paper author's name and contacts: correct or erase them here on the person's
    request (they have no account to do it themselves)."""

    model = models.PaperAuthor
    extra = 0
    fields = ["name", "birth_date", "phone", "email", "claimed_by", "claimed_at"]
    readonly_fields = ["claimed_by", "claimed_at"]


class StatusChangeInline(ReadOnlyInline):
    model = models.IdeaStatusChange
    fields = ["at", "old_status", "new_status", "by", "comment"]


class VersionInline(ReadOnlyInline):
    """The idea's versions, read only: amendments are made and decided on the site
    (actions.amend_idea, actions.decide_amendment), where they are recorded and notified."""

    model = models.IdeaVersion
    fields = ["number", "status", "author", "note", "created_at", "approved_at"]


def _move(to, label):
    def action(modeladmin, request, queryset):
        done = 0
        for idea in queryset:
            try:
                actions.transition(idea=idea, to=to, by=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, f"{idea}: {' '.join(getattr(exc, 'messages', []))}")
        modeladmin.message_user(request, ngettext("%d idea moved.", "%d ideas moved.", done) % done)

    action.short_description = label
    action.__name__ = f"move_to_{to}"
    return action


@admin.register(models.Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "field",
        "campaign",
        "unit",
        "support_count",
        "vnpt_supported",
    ]
    list_filter = ["status", "field", "campaign", "vnpt_supported", "consent_to_publish"]
    search_fields = ["title", "search_text", "author__email", "paper_author__name"]
    readonly_fields = ["status", "support_count", "submitted_at", "awarded_at", "merged_into"]
    autocomplete_fields = ["author", "unit", "submitted_by"]
    inlines = [
        PaperAuthorInline,
        CoAuthorInline,
        AttachmentInline,
        StatusChangeInline,
        VersionInline,
    ]
    actions = [
        _move(models.Status.SCREENING, _("Start screening")),
        _move(models.Status.UNDER_REVIEW, _("Accept for review")),
        _move(models.Status.SHORTLISTED, _("Shortlist")),
        _move(models.Status.AWARDED, _("Award")),
        _move(models.Status.NOT_SELECTED, _("Mark as not selected")),
    ]


class ScoreInline(admin.TabularInline):
    model = models.Score
    extra = 0


@admin.register(models.ReviewAssignment)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["idea", "reviewer", "assigned_at", "completed_at", "weighted_score"]
    list_filter = ["completed_at"]
    autocomplete_fields = ["idea", "reviewer", "assigned_by"]
    inlines = [ScoreInline]

    # The idea's review figures are kept by the actions (actions.recount_reviews).
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        ideas = {form.instance.idea_id, form.initial.get("idea")} - {None}
        actions.recount_reviews(idea_ids=ideas)

    def delete_model(self, request, obj):
        actions.unassign_reviewer(review=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for review in queryset.select_related("idea"):
            actions.unassign_reviewer(review=review, by=request.user)


class ReportInline(admin.TabularInline):
    model = models.CommentReport
    extra = 0
    readonly_fields = ["by", "reason", "created_at"]


@admin.register(models.Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "idea", "author", "created_at", "hidden_at", "report_count"]
    list_filter = ["hidden_at"]
    search_fields = ["body"]
    readonly_fields = ["hidden_at", "hidden_by"]
    autocomplete_fields = ["idea", "author"]
    inlines = [ReportInline]
    actions = ["hide_reported"]

    @admin.display(description=_("reports"))
    def report_count(self, obj):
        return obj.reports.count()

    @admin.action(description=_("Hide (reason: reported as abusive)"))
    def hide_reported(self, request, queryset):
        shown = queryset.filter(hidden_at__isnull=True)
        ideas = list(shown.values_list("idea_id", flat=True))
        n = shown.update(
            hidden_at=timezone.now(), hidden_by=request.user, hidden_reason=_("Reported as abusive")
        )
        touch(models.Idea.objects.filter(pk__in=ideas))  # update() sends no signal: new page keys
        self.message_user(request, ngettext("%d comment hidden.", "%d comments hidden.", n) % n)


@admin.register(models.VnptOffer)
class VnptOfferAdmin(admin.ModelAdmin):
    list_display = ["idea", "kind", "unit", "offered_by", "created_at"]
    list_filter = ["kind"]
