"""Personal data: a member downloads what the portal holds about them, or has it erased.

Generic on purpose: the export walks every installed model with a foreign key or one-to-one
field to the user model, so a new app's rows appear without this module importing it. The
erasure keeps those rows (an idea stays, its author becomes "Người dùng đã xóa") and wipes
what identifies the person on the account itself.
"""

import datetime
import decimal
import uuid
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone

DELETED_NAME = "Người dùng đã xóa"
EXPORT_MESSAGE = "exported personal data"
ERASE_MESSAGE = "erased personal data"

# Never exported, whatever model they sit on: credentials and one-time links.
_SECRET_MARKERS = ("password", "secret", "token")
# Models whose payload is a credential (TOTP seeds, recovery codes): only these fields go out.
_ONLY_FIELDS = {"mfa.authenticator": {"id", "type", "created_at", "last_used_at"}}
_PROFILE_FIELDS = (
    "email",
    "full_name",
    "phone",
    "position",
    "language",
    "is_active",
    "date_joined",
    "last_login",
)


_ERASERS = []


def register_eraser(fn):
    """Register `fn(*, user)`, called inside erase_user's transaction.

    For an app that keeps copies of personal data in free-text fields of rows pointing at the
    person (a contact phone typed on a request, a co-author's e-mail): blank them there
    (`user.erased_email` is the address the account had before the erasure). Call
    it in the app's AppConfig.ready(); usable as a decorator.
    """
    if fn not in _ERASERS:
        _ERASERS.append(fn)
    return fn


def _plain(value):
    """A JSON-safe version of a field value: ISO dates, file names, strings for the rest."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def _row(instance, allowed=None) -> dict:
    row = {}
    for field in instance._meta.concrete_fields:
        name = field.attname if field.is_relation else field.name
        if allowed is not None and field.name not in allowed:
            continue
        if any(marker in field.name.lower() for marker in _SECRET_MARKERS):
            continue
        row[name] = _plain(field.value_from_object(instance))
    return row


def _user_links():
    """(model, [field names]) for every model with a FK/one-to-one to the user model."""
    user_model = get_user_model()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        names = [
            f.name
            for f in model._meta.concrete_fields
            if (f.many_to_one or f.one_to_one) and f.related_model is user_model
        ]
        if names:
            yield model, names


def _log(*, user, by, message):
    user_model = get_user_model()
    LogEntry.objects.create(
        user=by,
        content_type=ContentType.objects.get_for_model(user_model),
        object_id=str(user.pk),
        object_repr=str(user)[:200],
        action_flag=CHANGE,
        change_message=message,
    )


def export_user_data(*, user, by=None) -> dict:
    """Everything the portal stores about `user`, JSON-serialisable. One query per model."""
    profile = {name: _plain(getattr(user, name)) for name in _PROFILE_FIELDS}
    profile["unit"] = user.unit.name if user.unit_id else None
    data = {
        "exported_at": timezone.now().isoformat(),
        "profile": profile,
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "role_grants": [
            {"role": g.role, "granted": g.granted, "at": g.at.isoformat()}
            for g in user.role_grants.all()
        ],
        "records": {},
    }
    for model, names in _user_links():
        condition = Q()
        for name in names:
            condition |= Q(**{name: user})
        label = model._meta.label_lower
        allowed = _ONLY_FIELDS.get(label)
        rows = [_row(obj, allowed) for obj in model._default_manager.filter(condition)]
        if rows:
            data["records"][label] = rows
    _log(user=user, by=by or user, message=EXPORT_MESSAGE)
    return data


def _end_sessions(user) -> int:
    # Through the session engine, so whatever it keeps besides the row goes with it.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def erase_user(*, user, by):
    """Erase what identifies `user`; keep the rows that point at them (ideas, requests...).

    The account can no longer log in, its sessions end, its addresses and second factors go.
    """
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        user_model = get_user_model()
        user = user_model._default_manager.select_for_update().get(pk=user.pk)
        old_email = user.email
        user.full_name = DELETED_NAME
        user.email = f"deleted-{user.pk}@invalid.example"
        user.phone = ""
        user.position = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        EmailAddress.objects.filter(user=user).delete()
        if apps.is_installed("allauth.mfa"):
            apps.get_model("mfa", "Authenticator").objects.filter(user=user).delete()
        if apps.is_installed("axes"):
            for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
                try:
                    model = apps.get_model("axes", name)
                except LookupError:
                    continue
                model.objects.filter(username__iexact=old_email).delete()
        user.erased_email = old_email  # for erasers matching copies typed with the old address
        for eraser in _ERASERS:
            eraser(user=user)
        _end_sessions(user)
        _log(user=user, by=by, message=ERASE_MESSAGE)
    return user


__all__ = ["DELETED_NAME", "erase_user", "export_user_data", "register_eraser"]
