from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.organisations.models import Unit
from partnership.organisations.selectors import active_union_units

from .models import User


def phone_field(**kwargs) -> forms.RegexField:
    """An optional phone number as the portal takes it everywhere: 8 to 20 digits."""
    return forms.RegexField(
        **{
            "label": _("Phone"),
            "required": False,
            "max_length": 20,
            "regex": r"^\+?[0-9 .-]{8,20}$",
            "error_messages": {"invalid": _("Enter a phone number of 8 to 20 digits.")},
            **kwargs,
        }
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # Indent by depth so the select reads as the tree it is.
        return "\u2003" * max(0, obj.depth - 2) + obj.name


class SignupExtraForm(forms.Form):
    """The fields allauth's sign-up adds to e-mail and password (ACCOUNT_SIGNUP_FORM_CLASS).

    There is no role field on purpose: everyone who signs up is a member; officer and other
    roles are granted by an admin or an officer of a parent unit.
    """

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = phone_field(
        help_text=_("Optional. Only the portal's staff and the VNPT unit serving you see it.")
    )
    unit = UnitChoiceField(
        label=_("Your union unit"),
        queryset=Unit.objects.none(),
        help_text=_("The grassroots or provincial union unit you belong to."),
    )

    field_order = ["full_name", "email", "phone", "unit", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = active_union_units()

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your full name."))
        return name

    def signup(self, request, user):
        from .actions import set_role
        from .roles import MEMBER

        user.full_name = self.cleaned_data["full_name"]
        user.phone = self.cleaned_data.get("phone", "")
        user.unit = self.cleaned_data["unit"]
        user.language = (getattr(request, "LANGUAGE_CODE", "vi") or "vi")[:2]
        user.save()
        set_role(user=user, role=MEMBER, granted=True, by=None)


class ProfileForm(forms.ModelForm):
    phone = phone_field()

    class Meta:
        model = User
        fields = ["full_name", "phone", "position", "language"]

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your full name."))
        return name
