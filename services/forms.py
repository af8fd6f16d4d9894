"""Forms of the catalogue, the request form, the pipeline and the thread."""

import uuid

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from partnership.files.actions import stage_upload
from partnership.files.selectors import pending_uploads
from partnership.forms import filter_choice, optional_text
from partnership.money import format_vnd
from partnership.organisations.models import Unit
from partnership.uploads import clean_upload
from partnership.widgets import quick_selects as _quick_selects

from . import actions
from .actions import MESSAGE_UPLOADS
from .models import CONTACT_FIELDS, Audience, Category, Level, Service, ServiceRequest, Status
from .selectors import OPEN

TERM_CHOICES = [("", _("Any term")), ("1", _("1 month")), ("7", _("7 months")),
                ("15", _("15 months")), ("12", _("12 months"))]  # fmt: skip
SORT_CHOICES = [
    ("popular", _("Most requested (90 days)")),
    ("price", _("Price: low to high")),
    ("-price", _("Price: high to low")),
    ("newest", _("Newest")),
    ("name", _("Name")),
]
YES_NO = [("", _("Either")), ("yes", _("With device")), ("no", _("Without device"))]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All categories"),
    )
    audience = filter_choice(_("For"), _("Everyone"), Audience.choices)
    level = filter_choice(_("Union level"), _("Any level"), Level.choices)
    price_min = forms.IntegerField(
        label=_("Monthly price from (₫, VAT incl.)"), required=False, min_value=0
    )
    price_max = forms.IntegerField(
        label=_("Monthly price up to (₫, VAT incl.)"), required=False, min_value=0
    )
    term = forms.TypedChoiceField(
        label=_("Term"), required=False, choices=TERM_CHOICES, coerce=int, empty_value=None
    )
    device = forms.ChoiceField(label=_("Device"), required=False, choices=YES_NO)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, with_category=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_category:
            del self.fields["category"]
        _quick_selects(self)

    def clean(self):
        data = super().clean()
        lo, hi = data.get("price_min"), data.get("price_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("price_max", _("The upper price must not be below the lower one."))
        return data

    def conditions(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        device = data.get("device")
        return {
            "q": data.get("q", ""),
            "audience": data.get("audience") or None,
            "level": data.get("level") or None,
            "price_min": data.get("price_min"),
            "price_max": data.get("price_max"),
            "term": data.get("term"),
            "with_device": {"yes": True, "no": False}.get(device),
            "sort": data.get("sort") or "popular",
        }


class RequestForm(forms.ModelForm):
    quantity = forms.IntegerField(
        label=_("Quantity"), help_text=_("Number of subscriptions, from 1 to 1000.")
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = ServiceRequest
        fields = [
            "plan",
            "quantity",
            *CONTACT_FIELDS,
        ]
        widgets = {
            "wished_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        help_texts = {
            "address": _("Where the service should be installed or delivered."),
        }

    def __init__(self, *args, service, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["plan"].queryset = service.plans.all()
        self.fields["plan"].empty_label = None
        self.fields["plan"].label_from_instance = _plan_label
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
            self.initial.setdefault("contact_name", user.full_name)
            self.initial.setdefault("contact_phone", user.phone)
            self.initial.setdefault("quantity", 1)

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if not 9 <= len(digits) <= 15 or any(c not in "0123456789 +.-()" for c in phone):
            raise forms.ValidationError(_("Enter a phone number, e.g. 0912 345 678."))
        return phone

    def clean_wished_on(self):
        day = self.cleaned_data.get("wished_on")
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("The wished date cannot be in the past."))
        return day

    def clean(self):
        data = super().clean()
        # The action's own rules (eligibility, quantity), shown on the fields they concern.
        errors = actions.request_errors(
            plan=data.get("plan"), by=self.user, quantity=data.get("quantity")
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return data


def _plan_label(plan):
    return f"{plan.name} – {format_vnd(plan.monthly_price_with_vat)}/" + str(_("month, VAT incl."))


class MoveForm(forms.Form):
    new_status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    comment = optional_text(
        _("Comment"),
        _("Required when rejecting, asking for information or reporting a failure."),
    )
    expected_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)


class _ClosureForm(forms.Form):
    """A closure step on one request: the action's rule function says what is wrong."""

    expected_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def rule_errors(self, data) -> dict[str, str]:
        return {}

    def clean(self):
        data = super().clean()
        for name, message in self.rule_errors(data).items():
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, message)
        return data


class CompleteForm(_ClosureForm):
    """VNPT marks the request completed and says what it delivered."""

    prefix = "complete"

    contract_number = forms.CharField(
        label=_("Contract or subscriber number"),
        max_length=60,
        help_text=_("Of the contract signed or of the subscription activated."),
        error_messages={"required": actions.CONTRACT_MISSING},
    )
    activated_on = forms.DateField(
        label=_("Activation date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": actions.ACTIVATION_MISSING},
    )
    comment = optional_text(_("Note for the requester (optional)"))

    def rule_errors(self, data):
        if self.request is None or self.errors:
            return {}
        return actions.completion_errors(
            request=self.request,
            contract_number=data.get("contract_number"),
            activated_on=data.get("activated_on"),
        )


RATING_CHOICES = [
    (5, _("5 – Very satisfied")),
    (4, _("4 – Satisfied")),
    (3, _("3 – Neither satisfied nor dissatisfied")),
    (2, _("2 – Dissatisfied")),
    (1, _("1 – Very dissatisfied")),
]


class ConfirmForm(_ClosureForm):
    """The requesting unit confirms that the service works, with its satisfaction."""

    prefix = "confirm"

    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the service?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": actions.RATING_MISSING},
    )
    comment = optional_text(_("Comment (optional)"), _("Shown to VNPT with your rating."))

    def rule_errors(self, data):
        if "rating" in self.errors:
            return {}
        return actions.confirmation_errors(rating=data.get("rating"))


class ReopenForm(_ClosureForm):
    """The requesting unit says the service does not work: back to VNPT."""

    prefix = "reopen"

    reason = forms.CharField(
        label=_("What does not work?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": actions.REOPEN_WHY},
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        # Lazy as a whole: formatted at import time it would stay in the default language.
        help_text=lazy(
            lambda: (
                _("PDF, Office document or image, up to %(mb)s MB.")
                % {"mb": settings.UPLOAD_MAX_BYTES // 1_048_576}
            ),
            str,
        )(),
    )
    pending_upload = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.pending = None

    def clean_attachment(self):
        file = self.cleaned_data.get("attachment")
        if not file:
            return None
        self.original_name = file.name
        return clean_upload(file)

    def clean_pending_upload(self):
        token = self.cleaned_data.get("pending_upload")
        if token and self.user is not None:
            kept = pending_uploads(owner=self.user, purpose=MESSAGE_UPLOADS)
            self.pending = kept.filter(token=token).first()
        return token

    def clean(self):
        data = super().clean()
        has_file = data.get("attachment") or self.pending
        if not data.get("body", "").strip() and not has_file and not self.errors:
            self.add_error("body", _("Write a message or attach a file."))
        return data

    def keep_upload(self):
        """On a failed submit, keep a checked new file so the user need not pick it again."""
        new_file = self.cleaned_data.get("attachment") if hasattr(self, "cleaned_data") else None
        if new_file and self.user is not None:
            self.pending = stage_upload(file=new_file, by=self.user, purpose=MESSAGE_UPLOADS)
        if self.pending:
            self.data = self.data.copy()
            self.data["pending_upload"] = str(self.pending.token)


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = filter_choice(
        _("Status"), _("All statuses"), [(OPEN, _("Open (not finished)")), *Status.choices]
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.only("pk", "name"),
        required=False,
        empty_label=_("All services"),
    )
    unit = forms.ModelChoiceField(
        label=_("Requesting unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        _quick_selects(self)

    def conditions(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "q": data.get("q", ""),
            "status": data.get("status") or None,
            "service": data.get("service"),
            "unit": data.get("unit"),
            "overdue": bool(data.get("overdue")),
        }
