import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from partnership.accounts.forms import UnitChoiceField, phone_field
from partnership.accounts.models import User
from partnership.forms import filter_choice, optional_text
from partnership.organisations.fields import ProvinceField
from partnership.organisations.models import Unit
from partnership.widgets import QuickSelect

from . import actions, selectors
from .models import (
    PUBLISHED_STATUSES,
    SCORE_MAX,
    SCORE_MIN,
    Campaign,
    Field,
    Idea,
    Status,
    SupportKind,
)


class HoneypotMixin(forms.Form):
    """A field people never see; bots that fill every input give themselves away."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("This form could not be accepted."))
        return ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class IdeaForm(HoneypotMixin, forms.ModelForm):
    co_authors = forms.CharField(
        label=_("Co-authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E-mail addresses, one per line, at most 5. Each co-author confirms by a link."
        ),
    )
    files = forms.FileField(
        label=_("Attachments"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.jpg,.jpeg,.png,.webp"}),
        help_text=_("PDF, Word, Excel, PowerPoint or images (JPEG, PNG, WebP); 10 MB each."),
    )
    pending = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Idea
        fields = list(actions.IDEA_FIELDS)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 5}),
            "solution": forms.Textarea(attrs={"rows": 8}),
            "impact": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("A short name that says what the idea does."),
            "summary": _("Two or three sentences for the gallery."),
            "campaign": _("Leave empty to submit outside any campaign."),
            "anonymous": _("The gallery then shows “Anonymous author” instead of names."),
            "consent_to_publish": _(
                "I agree that, once it passes screening, the idea may be shown in the public "
                "gallery. E-mail and phone are never shown."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Field.objects.all()
        self.fields["campaign"].queryset = Campaign.objects.order_by("-submission_closes")
        self.fields["title"].widget.attrs.update({"data-similar-url": "", "autocomplete": "off"})
        # A draft may leave them empty: marked, not required.
        for name in actions.REQUIRED_TO_SUBMIT:
            self.fields[name].required_to_submit = True
        if self.instance.pk and "co_authors" not in self.initial:
            self.initial["co_authors"] = "\n".join(c.email for c in self.instance.co_authors.all())

    def clean_co_authors(self):
        raw = self.cleaned_data.get("co_authors", "")
        emails = []
        for part in re.split(r"[\s,;]+", raw):
            if not part:
                continue
            try:
                validate_email(part)
            except ValidationError as exc:
                raise ValidationError(
                    _("“%(value)s” is not a valid e-mail address."), params={"value": part}
                ) from exc
            if part.lower() not in emails:
                emails.append(part.lower())
        errors = actions.co_author_errors(emails=emails)
        if errors:
            raise ValidationError(errors["co_authors"])
        return emails

    def clean_campaign(self):
        campaign = self.cleaned_data.get("campaign")
        if campaign and campaign.pk != self.instance.campaign_id:
            try:
                actions.check_window(campaign)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["campaign"]) from exc
        return campaign

    def pending_ids(self) -> list[int]:
        return [int(x) for x in self.data.get("pending", "").split(",") if x.strip().isdigit()]


class OnBehalfForm(IdeaForm):
    """A paper form typed in by an officer: the author is a member with an account (their
    e-mail) or a person without one (name, date of birth or phone, unit)."""

    author_email = forms.EmailField(
        label=_("Author's e-mail (member with an account)"),
        required=False,
        help_text=_(
            "For a member who already has an account. Leave empty for a person without one "
            "and fill in the paper author below."
        ),
    )
    paper_name = forms.CharField(
        label=_("Full name of the paper author"),
        required=False,
        max_length=150,
        help_text=_("Shown as the author's name. For a person without an account."),
    )
    paper_birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date of birth or the phone, at least one. Never shown publicly."),
    )
    paper_phone = phone_field(
        help_text=_(
            "Never shown publicly. Signing up later with this phone and name claims the idea."
        ),
    )
    paper_email = forms.EmailField(
        label=_("E-mail of the paper author (optional)"),
        required=False,
        help_text=_("Signing up later with this address makes the idea theirs."),
    )
    paper_unit = UnitChoiceField(
        label=_("Unit of the paper author"),
        required=False,
        queryset=Unit.objects.none(),
    )

    field_order = [
        "author_email",
        "paper_name",
        "paper_birth_date",
        "paper_phone",
        "paper_email",
        "paper_unit",
    ]

    def __init__(self, *args, officer=None, **kwargs):
        self.officer = officer
        self.author = None
        super().__init__(*args, **kwargs)
        del self.fields["files"]
        officer_unit = officer.unit if officer is not None else None
        if officer_unit is not None:
            self.fields["paper_unit"].queryset = (
                Unit.objects.under(officer_unit).active().order_by("path")
            )
            self.fields["paper_unit"].initial = officer_unit.pk

    def clean_author_email(self):
        email = self.cleaned_data["author_email"]
        if not email:
            return ""
        author = User.objects.filter(
            email__iexact=email, unit__path__startswith=self.officer.unit.path
        ).first()
        if author is None:
            raise ValidationError(_("No member with this e-mail in your unit or the units below."))
        self.author = author
        return email

    def clean(self):
        data = super().clean()
        paper = self.paper_author()
        typed_paper = any(paper.values())
        if self.author is not None or "author_email" in self.errors:
            if typed_paper:
                self.add_error(
                    "author_email",
                    _("Give either a member's e-mail or a paper author, not both."),
                )
            return data
        if not data.get("author_email"):
            for name, message in actions.paper_author_errors(values=paper).items():
                if name not in self.errors:
                    self.add_error(name, message)
            if not data.get("paper_unit") and "paper_unit" not in self.errors:
                self.add_error("paper_unit", _("Choose the unit of the paper author."))
        return data

    def paper_author(self) -> dict:
        """The paper author as typed (submit_paper_idea's `paper`)."""
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(f"paper_{name}") or "" for name in actions.PAPER_FIELDS}

    def save_on_behalf(self):
        """Submit the idea through the action that fits the author typed in."""
        emails = self.cleaned_data["co_authors"]
        if self.author is not None:
            return actions.submit_on_behalf(
                officer=self.officer,
                author=self.author,
                fields=self.cleaned_data,
                co_author_emails=emails,
            )
        return actions.submit_paper_idea(
            officer=self.officer,
            paper=self.paper_author(),
            unit=self.cleaned_data["paper_unit"],
            fields=self.cleaned_data,
            co_author_emails=emails,
        )


class ClaimForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of the person's account"),
        help_text=_("The account they signed up with; check that it is the same person."),
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        self.account = User.objects.filter(email__iexact=email, is_active=True).first()
        if self.account is None:
            raise ValidationError(_("No active account has this e-mail."))
        return email


class CommentForm(HoneypotMixin):
    body = forms.CharField(
        label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class DecisionForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = optional_text(
        _("Reason or note"), _("Required when rejecting; the authors read it."), max_length=5000
    )
    evidence = optional_text(
        _("Evidence of application"),
        _("Required for “Applied in practice”: where, when, results."),
        max_length=5000,
    )

    def __init__(self, *args, moves=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s, Status(s).label) for s in Status.values if s in moves]


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=User.objects.none())

    def __init__(self, *args, idea=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            User.objects.filter(groups__name="reviewer", is_active=True)
            .exclude(unit_id=idea.unit_id)
            .exclude(pk=idea.author_id)
            .exclude(idea_reviews__idea=idea)
            .order_by("full_name")
        )


class MergeForm(forms.Form):
    keep = forms.IntegerField(
        label=_("Number of the idea to keep"),
        min_value=1,
        help_text=_(
            "This idea will be merged into it; supports and followers move there. You may "
            "merge only into an idea that you moderate too."
        ),
    )
    reason = forms.CharField(label=_("Note to the authors"), required=False, max_length=500)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"score_{c.pk}"] = forms.IntegerField(
                label=_("%(name)s (weight %(weight)d)") % {"name": c.name, "weight": c.weight},
                min_value=SCORE_MIN,
                max_value=SCORE_MAX,
                help_text=c.description or _("From 1 (weak) to 10 (excellent)."),
            )
            self.fields[f"note_{c.pk}"] = forms.CharField(
                label=_("Comment on %(name)s") % {"name": c.name}, required=False, max_length=2000
            )
        self.order_fields([*(f for c in self.criteria for f in (f"score_{c.pk}", f"note_{c.pk}"))])

    def scores(self) -> dict:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"note_{c.pk}"])
            for c in self.criteria
        }


class OfferForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportKind.choices)
    note = forms.CharField(
        label=_("Note"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    province = ProvinceField(label=_("Province (for a pilot)"), blank="—")


SORT_CHOICES = [
    ("newest", _("Newest")),
    ("supported", _("Most supported")),
    ("awarded", _("Recently awarded")),
]


class GalleryFilterForm(forms.Form):
    # The gallery renders for every visitor: its selects are written in Python (QuickSelect).
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    campaign = forms.ChoiceField(label=_("Campaign"), required=False, widget=QuickSelect)
    field = forms.ChoiceField(label=_("Field"), required=False, widget=QuickSelect)
    province = ProvinceField(blank=_("All"), widget=QuickSelect)
    status = filter_choice(
        _("Status"),
        _("All"),
        [(s, Status(s).label) for s in PUBLISHED_STATUSES],
        widget=QuickSelect,
    )
    vnpt = forms.BooleanField(label=_("Supported by VNPT"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=SORT_CHOICES, widget=QuickSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        setup = selectors.gallery_setup()  # no query while no campaign or field changes
        self.fields["campaign"].choices = [("", _("All")), *setup.campaign_choices()]
        self.fields["field"].choices = [("", _("All")), *setup.field_choices()]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("One idea per row, in the columns of the template. At most 500 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(_("The file is too large."))
        upload.seek(0)
        if upload.read(4) != b"PK\x03\x04":
            raise ValidationError(_("This is not an Excel (.xlsx) file."))
        upload.seek(0)
        return upload


class AmendForm(forms.Form):
    """A new version of a published idea's text; the action's rules say what is wrong."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=1000, widget=forms.Textarea)
    problem = forms.CharField(
        label=_("Problem"), max_length=5000, required=False, widget=forms.Textarea
    )
    solution = forms.CharField(
        label=_("Proposed solution"), max_length=20000, required=False, widget=forms.Textarea
    )
    impact = forms.CharField(
        label=_("Expected impact"), max_length=5000, required=False, widget=forms.Textarea
    )
    note = forms.CharField(
        label=_("What changed"),
        max_length=500,
        required=False,  # required by the action, whose message says what to write
        help_text=_("Reviewers and readers see this note in the version history."),
    )

    def __init__(self, *args, idea, **kwargs):
        self.idea = idea
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        errors = actions.amendment_errors(idea=self.idea, fields=data, note=data.get("note", ""))
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(None if name == "__all__" else name, message)
        return data


class AmendmentDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = optional_text(_("Reason"), _("Required when rejecting; the authors read it."))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject":
            missing = actions.VERSION_WORKFLOW.missing(
                actions.V.PENDING, actions.V.REJECTED, reason=data.get("reason", "")
            )
            for name, message in missing.items():
                self.add_error(name, message)
        return data
