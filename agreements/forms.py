from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from partnership.files.actions import stage_upload
from partnership.files.models import PendingUpload
from partnership.files.selectors import pending_uploads
from partnership.forms import filter_choice
from partnership.organisations.fields import ProvinceField
from partnership.organisations.models import Party
from partnership.uploads import clean_upload

from . import actions
from .models import Evidence, ReportStatus, Theme


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        out, errors = [], []
        for f in files:
            try:
                safe = clean_upload(f)
            except ValidationError as exc:
                errors.append(
                    ValidationError(
                        _("%(name)s: %(error)s"), params={"name": f.name, "error": exc.messages[0]}
                    )
                )
                continue
            out.append({"file": safe, "name": f.name, "content_type": safe.content_type})
        if errors:
            raise ValidationError(errors)
        return out


class ReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Reporting unit"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[(q, format_lazy("{} {}", _("Quarter"), q)) for q in (1, 2, 3, 4)],
    )
    value = forms.DecimalField(
        label=_("Value reached"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("A number, in the indicator's unit of measure."),
    )
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done this quarter, and how the value was counted."),
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, Office documents or images, up to 10 MB each."),
    )
    pending = forms.ModelMultipleChoiceField(
        label=_("Files you already uploaded"),
        queryset=PendingUpload.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove = forms.ModelMultipleChoiceField(
        label=_("Remove these evidence files"),
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, indicator, units, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.indicator, self.report = user, indicator, report
        self.fields["unit"].queryset = units
        if indicator.reports_off_portal:
            self.fields["value"].label = _("Value outside the portal (ngoài portal)")
            self.fields["value"].help_text = _(
                "Only what the portal did not record: its own count is added automatically."
            )
        self.fields["pending"].queryset = pending_uploads(
            owner=user, purpose=actions.EVIDENCE_UPLOADS
        )
        if report is not None:
            for name in ("unit", "year", "quarter"):
                self.fields[name].disabled = True
            self.fields["remove"].queryset = report.evidence.all()
        else:
            del self.fields["remove"]
        if not self.fields["pending"].queryset.exists():
            self.fields["pending"].widget = forms.MultipleHiddenInput()

    def clean(self):
        data = super().clean()
        year, quarter = data.get("year"), data.get("quarter")
        if self.report is None and year and quarter:
            errors = actions.report_period_errors(
                indicator=self.indicator, unit=data.get("unit"), year=year, quarter=quarter
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return data

    def keep_uploads(self):
        """After a failed validation, keep the good uploads for the re-shown form."""
        files = self.cleaned_data.get("evidence") if hasattr(self, "cleaned_data") else None
        if not files or "evidence" in self.errors:
            return
        kept = [
            stage_upload(file=f["file"], by=self.user, purpose=actions.EVIDENCE_UPLOADS).pk
            for f in files
        ]
        self.data = self.data.copy()
        self.data.setlist("pending", [*self.data.getlist("pending"), *map(str, kept)])
        field = self.fields["pending"]
        field.widget = forms.CheckboxSelectMultiple()
        # refreshes the choices
        field.queryset = pending_uploads(owner=self.user, purpose=actions.EVIDENCE_UPLOADS)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Confirm (approve)")), ("return", _("Return for changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the reporting unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the report: say what needs fixing."),
    )

    def clean(self):
        data = super().clean()
        errors = actions.review_errors(
            decision=data.get("decision", ""), comment=data.get("comment", "")
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return data


class ReopenForm(forms.Form):
    comment = forms.CharField(
        label=_("Why reopen it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "required": True}),
    )

    def clean(self):
        data = super().clean()
        for field, message in actions.reopen_errors(comment=data.get("comment", "")).items():
            self.add_error(field, message)
        return data


class CommitmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    party = filter_choice(_("Party"), _("Both parties"), Party.choices)
    theme = filter_choice(_("Theme"), _("All themes"), Theme.choices)
    status = filter_choice(
        _("Progress"),
        _("Any progress"),
        [
            ("not_started", _("Not started")),
            ("in_progress", _("In progress")),
            ("achieved", _("Achieved")),
        ],
    )
    province = ProvinceField()


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    province = ProvinceField()
    theme = filter_choice(_("Theme"), _("All themes"), Theme.choices)


class ProvinceForm(forms.Form):
    province = ProvinceField()


class ReportFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = filter_choice(_("Status"), _("Any status"), ReportStatus.choices)
    party = filter_choice(_("Party"), _("Both parties"), Party.choices)
    province = ProvinceField()
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
