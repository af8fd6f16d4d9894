"""Reads on the organisation tree."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from partnership import pagecache

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


# --- Merged units ------------------------------------------------------------------------
# A unit merged away (retired, with a successor) is part of its successor everywhere figures
# are rolled up, filtered, exported, counted or searched, while its records keep its name.
# The merges form a small table (a few dozen provinces and their units), read once and kept
# in each process under the generation of the unit tree: a request reads it from memory.


@dataclass(frozen=True)
class _Node:
    """A unit merged away, or one that carries merged units (a successor)."""

    pk: int
    path: str
    province: str
    successor_id: int | None
    search_text: str
    name: str
    kind: str


@dataclass(frozen=True)
class _Merges:
    nodes: dict[int, _Node]

    def chain(self, pk: int) -> list[int]:
        """The unit and its successors, the last one carrying it today."""
        out = [pk]
        while (node := self.nodes.get(out[-1])) and node.successor_id not in (None, *out):
            out.append(node.successor_id)  # type: ignore[arg-type]
        return out

    def provinces(self) -> dict[str, str]:
        """Former province -> the province that carries it today (read from the merges of
        the provincial units)."""
        step = {
            n.province: self.nodes[n.successor_id].province
            for n in self.nodes.values()
            if n.successor_id
            and n.kind in (Kind.PROVINCIAL_UNION, Kind.PROVINCIAL_BRANCH)
            and n.province
            and self.nodes[n.successor_id].province not in ("", n.province)
        }
        out = {}
        for former in step:
            current, seen = former, {former}
            while (following := step.get(current)) and following not in seen:
                seen.add(following)
                current = following
            out[former] = current
        return out


@pagecache.per_generation("units")
def _merges() -> _Merges:
    fields = ("pk", "path", "province", "successor_id", "search_text", "name", "kind")
    rows = Unit.objects.filter(Q(successor__isnull=False) | Q(predecessors__isnull=False))
    return _Merges({r[0]: _Node(*r) for r in rows.order_by().distinct().values_list(*fields)})


@pagecache.per_generation("units")
def _units_by_province() -> dict[str, tuple[int, ...]]:
    table: dict[str, list[int]] = defaultdict(list)
    for province, pk in (
        Unit.objects.exclude(province="").order_by("path").values_list("province", "pk")
    ):
        table[province].append(pk)
    return {province: tuple(pks) for province, pks in table.items()}


def _under(path: str, prefixes: Iterable[str]) -> bool:
    return any(path.startswith(p) for p in prefixes)


def _carried_paths(path: str) -> list[str]:
    """The path prefixes of everything the unit at `path` carries: its own subtree and the
    subtrees of every unit merged into it or into a unit below it, through any number of
    merges (the successor's successor). The fewest prefixes: none lies under another."""
    nodes = _merges().nodes
    paths = [path]
    while True:
        found = sorted(
            n.path
            for n in nodes.values()
            if n.successor_id in nodes
            and _under(nodes[n.successor_id].path, paths)
            and not _under(n.path, paths)
        )
        new = [p for i, p in enumerate(found) if not _under(p, found[:i])]
        if not new:
            return paths
        paths += new


def carried_q(unit: Unit, field: str = "unit") -> Q:
    """Rows whose `field` (a unit foreign key; "" for units themselves) is one of
    `units_carried_by(unit)`: an indexed `path LIKE 'prefix%'` per prefix, no subquery."""
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    q = Q()
    for path in _carried_paths(unit.path):
        q |= Q(**{lookup: path})
    return q


def units_carried_by(unit: Unit) -> QuerySet[Unit]:
    """The unit, its descendants, every former unit whose chain of successors leads to it or
    to one of its descendants, and their descendants (active or retired). Every roll-up,
    filter, export, count and search by unit reads this."""
    return Unit.objects.filter(carried_q(unit, ""))


def unit_ids_carried_by(unit: Unit) -> list[int]:
    """The ids of `units_carried_by(unit)`, read once, so that big tables are filtered on
    their own indexed unit column."""
    return list(units_carried_by(unit).values_list("pk", flat=True))


def carries(unit: Unit, other: Unit) -> bool:
    """Whether `other` is one of `units_carried_by(unit)` (no query)."""
    return _under(other.path, _carried_paths(unit.path))


def current_unit_id(pk: int) -> int:
    """The id of the unit carrying unit `pk` today: itself, or its last successor (no query)."""
    return _merges().chain(pk)[-1]


def current_province(province: str) -> str:
    """The province carrying a former province's records today (a current one: itself)."""
    return _merges().provinces().get(province, province)


def provinces_carried_by(province: str) -> list[str]:
    """The province a name stands for today and every former province merged into it: a
    former name typed in a filter means the province that carries it now."""
    if not province:
        return []
    merged = _merges().provinces()
    current = merged.get(province, province)
    return sorted({current, *(f for f, c in merged.items() if c == current)})


def unit_ids_in_province(province: str) -> list[int]:
    """The units of a province today, those of the former provinces merged into it included
    (kept per "units" generation: a gallery or dashboard filtered by province asks on every
    request)."""
    table = _units_by_province()
    return [pk for name in provinces_carried_by(province) for pk in table.get(name, ())]


def former_names(unit: Unit) -> list[str]:
    """The names of the units merged into this one, directly or through earlier merges."""
    merges = _merges()
    return sorted(
        n.name for n in merges.nodes.values() if n.pk != unit.pk and unit.pk in merges.chain(n.pk)
    )


def current_units_named(folded: str) -> list[int]:
    """The ids of the units carrying today a unit merged away whose folded name holds
    `folded` (no query): "ha giang" gives Tỉnh đoàn Tuyên Quang and VNPT Tuyên Quang."""
    merges = _merges()
    return sorted(
        {
            merges.chain(n.pk)[-1]
            for n in merges.nodes.values()
            if n.successor_id and folded in n.search_text
        }
    )


def unit_name_q(folded: str) -> Q:
    """Units whose name matches, and those that carry a former unit whose name does (a name
    typed in the site search or the unit list: "Hà Giang" finds Tuyên Quang)."""
    named = Q(search_text__contains=folded)
    if carrying := current_units_named(folded):
        named |= Q(pk__in=carrying)
    return named


def unit_search_q(folded: str, field: str = "unit") -> Q:
    """Rows whose unit matches a folded query, merges followed both ways: a former name finds
    what its successor carries ("Hà Giang" finds Tuyên Quang) and a successor's name finds
    its former units' rows."""
    merges = _merges()
    q = Q(**{f"{field}__search_text__contains" if field else "search_text__contains": folded})
    hits = {merges.chain(n.pk)[-1] for n in merges.nodes.values() if folded in n.search_text}
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    paths = {p for pk in hits for p in _carried_paths(merges.nodes[pk].path)}
    for path in sorted(paths):
        q |= Q(**{lookup: path})
    return q


def now_part(unit: Unit | None = None, *, province: str = "") -> str:
    """What carries a former unit or province today, for "Hà Giang (now Tuyên Quang)": the
    successor's province (or its name); "" for a unit or province of today (no query)."""
    if unit is None:
        current = current_province(province)
        return current if current != province else ""
    merges = _merges()
    chain = merges.chain(unit.pk)
    if len(chain) == 1:
        return ""
    successor = merges.nodes[chain[-1]]
    if successor.province and successor.province != unit.province:
        return successor.province
    return successor.name
