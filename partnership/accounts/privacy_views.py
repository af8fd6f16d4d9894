"""A member's own data: download it as JSON, or erase the account."""

import json

from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from partnership import privacy


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("Type your password again to confirm it is you."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


@never_cache
@login_required
@require_GET
def data_export(request):
    data = privacy.export_user_data(user=request.user, by=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"du-lieu-ca-nhan-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
def delete_account(request):
    if request.method == "POST":
        # Guessing the password from a stolen session: 10 tries a minute, as allauth's own
        # re-authentication.
        refused = ratelimit.consume_or_429(request, action="reauthenticate", user=request.user)
        if refused:
            return refused
    form = ConfirmPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        privacy.erase_user(user=user, by=user)
        messages.success(request, _("Your account has been deleted and your personal data erased."))
        return redirect("home")
    crumbs = [
        (_("My profile"), reverse("accounts:profile")),
        (_("Delete my account"), request.path),
    ]
    return render(request, "accounts/privacy_delete.html", {"form": form, "crumbs": crumbs})
