"""Reads on people, filtered by what the asking user may see."""

from django.db.models import Prefetch, QuerySet

from partnership.organisations.models import Unit

from .models import User


def people_manageable_by(user: User) -> QuerySet[User]:
    """People whose roles this user may change: everyone for admins; for an officer, the
    people of the units strictly below theirs."""
    qs = User.objects.select_related("unit").prefetch_related(Prefetch("groups"))
    if user.is_superuser or user.is_content_admin:
        return qs
    if not user.is_officer or not user.unit_id:
        return qs.none()
    below = Unit.objects.under(user.unit).exclude(pk=user.unit_id)
    return qs.filter(unit__in=below)
