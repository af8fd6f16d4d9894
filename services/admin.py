from functools import partial

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnership import pagecache

from . import actions
from .models import (
    AMOUNT_FIELDS,
    AUDIENCE_FIELD,
    CONTACT_FIELDS,
    LEVEL_FIELD,
    PLAN_TERMS,
    Category,
    Message,
    Plan,
    Promotion,
    Service,
    ServiceRequest,
    StatusChange,
    WorkdayChange,
)
from .pricelist import COLUMNS, PriceListError, import_price_list, sample_csv


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


class PlanInline(admin.TabularInline):
    model = Plan
    extra = 0
    fields = [
        "name",
        "code",
        *PLAN_TERMS,
        *AUDIENCE_FIELD.values(),
        *LEVEL_FIELD.values(),
    ]


class PromotionInline(admin.TabularInline):
    model = Promotion
    extra = 0


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "category",
            "name",
            "slug",
            "provider",
            "summary",
            "description",
            "image",
            "official_url",
            "published",
        ]
        field_classes = {"official_url": partial(forms.URLField, assume_scheme="https")}


class PriceListForm(forms.Form):
    file = forms.FileField(
        label=_("Price list (.xlsx or .csv)"),
        help_text=_("One row per plan; plans are matched by code (existing ones are updated)."),
    )


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    form = ServiceForm
    readonly_fields = ["created_at"]
    list_display = ["name", "category", "provider", "published", "created_at"]
    list_filter = ["published", "category"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["provider"]
    inlines = [PlanInline, PromotionInline]
    actions = ["publish", "unpublish"]
    change_list_template = "admin/services/service/change_list.html"

    @admin.action(description=_("Publish the selected services"))
    def publish(self, request, queryset):
        n = queryset.update(published=True)
        pagecache.bump("services")  # update() sends no signal
        self.message_user(
            request, ngettext("%d service published.", "%d services published.", n) % n
        )

    @admin.action(description=_("Unpublish the selected services"))
    def unpublish(self, request, queryset):
        n = queryset.update(published=False)
        pagecache.bump("services")
        self.message_user(
            request, ngettext("%d service unpublished.", "%d services unpublished.", n) % n
        )

    def get_urls(self):
        return [
            path(
                "import-price-list/sample.csv",
                self.admin_site.admin_view(self.price_list_sample),
                name="services_service_import_sample",
            ),
            path(
                "import-price-list/",
                self.admin_site.admin_view(self.import_price_list),
                name="services_service_import",
            ),
            *super().get_urls(),
        ]

    def price_list_sample(self, request):
        response = HttpResponse(sample_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="bang-gia-mau.csv"'
        return response

    def import_price_list(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        form = PriceListForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                created, updated = import_price_list(upload, upload.name)
            except PriceListError as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    _("Price list imported: %(c)s plans created, %(u)s updated.")
                    % {"c": created, "u": updated},
                )
                return redirect(reverse("admin:services_service_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a price list"),
            "form": form,
            "errors": errors,
            "columns": COLUMNS,
            "opts": self.model._meta,
        }
        return render(request, "admin/services/import_price_list.html", context)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "service",
        "term_months",
        "months_paid",
        "monthly_price",
        "vat_rate",
        "min_quantity",
        "max_quantity",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["service__category", "with_device", "term_months"]
    search_fields = ["name", "code", "service__name"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["old_status", "new_status", "by", "at", "comment"]
    can_delete = False


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    readonly_fields = ["author", "body", "attachment", "created_at"]
    can_delete = False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = ["reference", "service", "unit", "vnpt_unit", "status", "submitted_at"]
    list_filter = ["status", "service"]
    search_fields = ["reference", "unit__name", "service__name"]
    readonly_fields = [
        "reference",
        "status",
        "submitted_at",
        "completed_at",
        "first_response_at",
        "amount_before_vat",
        "vat_amount",
        "amount_total",
    ]
    autocomplete_fields = ["unit", "vnpt_unit", "requester", "assignee"]
    inlines = [StatusChangeInline, MessageInline]

    def save_model(self, request, obj, form, change):
        """A change of VNPT unit goes through the routing action (recorded and notified), a
        change of plan through the correction action (the popularity counts follow)."""
        if not change:
            return super().save_model(request, obj, form, change)
        new_unit, assignee, new_plan = obj.vnpt_unit, obj.assignee, obj.plan
        rerouted = "vnpt_unit" in form.changed_data
        if rerouted:
            obj.vnpt_unit_id = form.initial["vnpt_unit"]  # saved as it was; the action moves it
            obj.assignee_id = form.initial.get("assignee")
        if "plan" in form.changed_data:
            obj.plan_id = form.initial["plan"]
        super().save_model(request, obj, form, change)
        if rerouted:
            actions.reroute_request(
                request=obj,
                vnpt_unit=new_unit,
                by=request.user,
                assignee=assignee,
                reason=str(_("Changed in the administration.")),
            )
        if "plan" in form.changed_data:
            actions.correct_request(request=obj, by=request.user, plan=new_plan)
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        actions.delete_requests(requests=[obj], by=request.user)

    def delete_queryset(self, request, queryset):
        actions.delete_requests(requests=queryset, by=request.user)

    fields = [
        "reference",
        "plan",
        "requester",
        "unit",
        "vnpt_unit",
        "assignee",
        "quantity",
        *AMOUNT_FIELDS,
        *CONTACT_FIELDS,
        "status",
        "submitted_at",
        "first_response_due",
        "first_response_at",
        "completed_at",
    ]


@admin.register(WorkdayChange)
class WorkdayChangeAdmin(admin.ModelAdmin):
    """The government's yearly announcements on top of the public holidays (services.workdays):
    a Saturday worked to bridge a holiday, an extra day off."""

    list_display = ["day", "kind", "reason"]
    list_filter = ["kind"]
    search_fields = ["reason"]
    date_hierarchy = "day"
