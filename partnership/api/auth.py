"""Who calls the API: a VNPT branch system by key, or a signed-in person by session."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from .models import KEY_TAG, ApiKey

# Written at most once a minute per key: a busy integration does not write on every call.
LAST_USED_EVERY = 60


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer vnpt_<prefix>_<secret>`; request.user is the key's liaison and
    request.auth the key."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give one key after “Bearer”."))
        secret = header[1]
        parts = secret.split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_TAG:
            raise exceptions.AuthenticationFailed(_("This is not an API key of this portal."))
        key = (
            ApiKey.objects.live()
            .select_related("unit", "acting_user__unit")
            .filter(prefix=parts[1])
            .first()
        )
        if key is None or not key.matches(secret):
            raise exceptions.AuthenticationFailed(_("Unknown or revoked API key."))
        user = key.acting_user
        if not user.is_active or user.unit_id != key.unit_id or not user.is_liaison:
            raise exceptions.AuthenticationFailed(
                _("The liaison this key acts as no longer works for its unit: issue a new key.")
            )
        now = timezone.now()
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > LAST_USED_EVERY:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return user, key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class HasApiKey(permissions.BasePermission):
    message = _("This address needs a branch API key.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ApiKey)


class MayAct(permissions.BasePermission):
    """Reads for every key; moves only for a key with the read-and-act scope."""

    message = _("This key may only read.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return isinstance(request.auth, ApiKey) and request.auth.may_act


class SignedIn(permissions.BasePermission):
    """A person signed in on the site (session), reading: nothing else."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(
            request.user.is_authenticated
            and request.auth is None
            and request.method in permissions.SAFE_METHODS
        )


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "branchKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "vnpt_<prefix>_<secret>"}
