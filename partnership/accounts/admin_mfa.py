from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class StaffMFAMiddleware:
    """Staff enter Django admin only with two-factor authentication (TOTP) switched on.

    allauth then asks for the code at every log-in, so a session in admin has passed MFA.
    Off in DEBUG by default (ADMIN_REQUIRE_MFA) so the demo admin works out of the box.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "ADMIN_REQUIRE_MFA", False)
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.is_staff
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request, _("Set up two-factor authentication before entering administration.")
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
