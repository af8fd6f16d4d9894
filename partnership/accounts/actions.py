"""Writes on people: roles granted and withdrawn, always recorded."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction

from partnership.organisations.models import Unit

from . import roles
from .models import RoleGrant, User, role_group


def sync_role_groups() -> None:
    for role in roles.codes():
        Group.objects.get_or_create(name=role)
    admins = Group.objects.get(name=roles.CONTENT_ADMIN)
    perms = Permission.objects.filter(content_type__app_label__in=settings.CONTENT_ADMIN_APPS)
    admins.permissions.set(perms)


def can_grant(*, by: User, user: User, role: str) -> bool:
    if not user.is_active:  # a deleted (erased) or disabled account takes no role
        return False
    if by.is_superuser or by.is_content_admin:
        return True
    if not by.is_officer or by.pk == user.pk or role not in roles.grantable_by_officers():
        return False
    if not (by.unit_id and user.unit_id):
        return False
    # Only an officer of a parent unit: the person's unit must lie strictly below theirs.
    return Unit.objects.under(by.unit).exclude(pk=by.unit_id).filter(pk=user.unit_id).exists()


@transaction.atomic
def set_role(*, user: User, role: str, granted: bool, by: User | None) -> RoleGrant:
    if role not in roles.codes():
        raise ValueError(f"Unknown role {role!r}")
    if by is not None and not can_grant(by=by, user=user, role=role):
        raise PermissionDenied
    group = role_group(role)
    if granted:
        user.groups.add(group)
        if role == roles.CONTENT_ADMIN and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    else:
        user.groups.remove(group)
    user.__dict__.pop("role_codes", None)
    return RoleGrant.objects.create(user=user, role=role, granted=granted, by=by)
