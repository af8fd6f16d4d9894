"""Reads on the organisation tree."""

from django.db.models import QuerySet

from .models import Kind, Party, Unit


def serving_vnpt_unit(unit: Unit | None) -> Unit | None:
    """The VNPT unit that serves a union unit.

    An admin's explicit choice wins; otherwise the active VNPT branch of the unit's
    province; central units (and anything without a province) go to VNPT group HQ. A
    retired unit is served by whoever serves its successor.
    """
    if unit is None:
        return None
    if unit.party == Party.VNPT:
        return unit
    if unit.served_by_id:
        return unit.served_by
    unit = unit.current()
    if unit.served_by_id:
        return unit.served_by
    if unit.province:
        branch = (
            Unit.objects.active()
            .filter(kind=Kind.PROVINCIAL_BRANCH, province=unit.province)
            .first()
        )
        if branch:
            return branch
    return Unit.objects.active().filter(kind=Kind.VNPT_GROUP).first()


def units_under(unit: Unit) -> QuerySet[Unit]:
    """The unit and all its descendants (any depth), active or retired."""
    return Unit.objects.under(unit)


def unit_ids_under(unit: Unit) -> list[int]:
    return list(Unit.objects.under(unit).values_list("pk", flat=True))


def is_group_hq(unit: Unit | None) -> bool:
    return unit is not None and unit.kind == Kind.VNPT_GROUP


def active_union_units() -> QuerySet[Unit]:
    return Unit.objects.active().of_union()


def active_provincial_units(party: str = Party.UNION) -> QuerySet[Unit]:
    kind = Kind.PROVINCIAL_UNION if party == Party.UNION else Kind.PROVINCIAL_BRANCH
    return Unit.objects.active().filter(kind=kind)


def rollup_unit(unit: Unit) -> Unit:
    """The provincial-level (or central) unit a record rolls up to, following successors."""
    unit = unit.current()
    for ancestor in [*Unit.objects.get_ancestors(unit), unit]:
        if ancestor.kind in (Kind.PROVINCIAL_UNION, Kind.PROVINCIAL_BRANCH):
            return ancestor.current()
    return unit
