from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from partnership.admin_mixins import ReadOnlyInline

from . import actions, models


class LegalBasisInline(admin.TabularInline):
    model = models.LegalBasis
    extra = 0


class SignatoryInline(admin.TabularInline):
    model = models.Signatory
    extra = 0


class DocumentInline(admin.TabularInline):
    model = models.AgreementDocument
    extra = 0


class AgreementPhotoInline(admin.TabularInline):
    model = models.Photo
    fk_name = "agreement"
    exclude = ["activity"]
    extra = 0


class CommitmentInline(admin.TabularInline):
    model = models.Commitment
    fields = ["code", "party", "level", "theme", "title", "order"]
    extra = 0
    show_change_link = True


@admin.register(models.Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "signed_on", "starts_on", "ends_on", "status_label"]
    search_fields = ["title", "number"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        LegalBasisInline,
        SignatoryInline,
        DocumentInline,
        AgreementPhotoInline,
        CommitmentInline,
    ]

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.get_status_display()


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    extra = 0
    show_change_link = True


@admin.register(models.Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "party", "level", "theme", "agreement"]
    list_filter = ["agreement", "party", "level", "theme"]
    search_fields = ["code", "title", "text"]
    filter_horizontal = ["responsible_units", "reviewing_units", "services"]
    inlines = [IndicatorInline]


class ReportInline(ReadOnlyInline):
    model = models.ProgressReport
    fields = ["unit", "year", "quarter", "value", "status"]
    show_change_link = True


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "commitment",
        "unit_of_measure",
        "target",
        "measure",
        "auto_source",
        "off_portal_reports",
    ]
    list_filter = ["commitment__party", "measure", "auto_source", "off_portal_reports"]
    search_fields = ["name", "commitment__title"]
    inlines = [ReportInline]


class EvidenceInline(admin.TabularInline):
    model = models.Evidence
    fields = ["original_name", "content_type", "size", "public"]
    readonly_fields = ["original_name", "content_type", "size"]
    extra = 0


class StatusChangeInline(ReadOnlyInline):
    model = models.ReportStatusChange
    fields = ["at", "old_status", "new_status", "by", "comment"]


@admin.register(models.ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["indicator", "unit", "year", "quarter", "value", "status"]
    list_filter = ["status", "year", "quarter", "indicator__commitment__party", "unit__province"]
    search_fields = ["indicator__name", "unit__name", "narrative"]
    raw_id_fields = ["unit", "author"]
    readonly_fields = [
        "status",
        "author",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
    ]
    inlines = [EvidenceInline, StatusChangeInline]
    actions = ["reopen"]

    def save_model(self, request, obj, form, change):
        was = None
        if change:
            was = (form.initial.get("indicator"), form.initial.get("unit"))
        actions.save_report_in_admin(report=obj, was=was if all(was or ()) else None)

    def delete_model(self, request, obj):
        actions.delete_reports(reports=[obj])

    def delete_queryset(self, request, queryset):
        actions.delete_reports(reports=queryset)

    def has_change_permission(self, request, obj=None):
        # An approved report is locked, in admin too: reopen it first (recorded).
        if obj is not None and obj.status == models.ReportStatus.APPROVED:
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description=_("Reopen the selected approved reports (recorded)"))
    def reopen(self, request, queryset):
        done = 0
        for report in queryset.filter(status=models.ReportStatus.APPROVED):
            actions.reopen_report(
                report=report, by=request.user, comment=str(_("Reopened in admin"))
            )
            done += 1
        messages.success(request, _("%(n)s report(s) reopened.") % {"n": done})


class ActivityPhotoInline(admin.TabularInline):
    model = models.Photo
    fk_name = "activity"
    exclude = ["agreement"]
    extra = 0


@admin.register(models.JointActivity)
class JointActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_on", "province", "theme", "participants"]
    list_filter = ["theme", "online", "province"]
    search_fields = ["title", "place", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organising_units", "commitments", "indicators"]
    date_hierarchy = "starts_on"
    inlines = [ActivityPhotoInline]
