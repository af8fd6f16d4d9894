"""The whole organisation tree of both parties (idempotent: looked up by slug)."""

import datetime

from django.utils.text import slugify

from . import provinces
from .models import Kind, Party, Unit

RETIRED_ON = datetime.date(*provinces.MERGER_DATE) - datetime.timedelta(days=1)


def _slug(name: str) -> str:
    return slugify(name.replace("đ", "d").replace("Đ", "D"))


def ensure(name, *, parent=None, slug=None, **fields) -> Unit:
    slug = slug or _slug(name)
    unit = Unit.objects.filter(slug=slug).first()
    if unit:
        return unit
    fields = dict(name=name, slug=slug, **fields)
    if parent is None:
        return Unit.objects.add_root(fields)
    parent.refresh_from_db()
    return Unit.objects.add_child(parent, fields)


# Both trees: (party, the root's kind, name, short name and slug; the kind and names of the
# units under it; the kind of its unit in every province and that unit's name).
TREES = [
    (
        Party.UNION,
        Kind.CENTRAL_COMMITTEE,
        ("Trung ương Đoàn TNCS Hồ Chí Minh", "Trung ương Đoàn", "trung-uong-doan"),
        Kind.CENTRAL_BODY,
        [
            "Văn phòng Trung ương Đoàn",
            "Ban Tuyên giáo Trung ương Đoàn",
            "Trung tâm Phát triển Khoa học, Công nghệ và Tài năng trẻ",
        ],
        Kind.PROVINCIAL_UNION,
        provinces.union_unit_name,
    ),
    (
        Party.VNPT,
        Kind.VNPT_GROUP,
        ("Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT)", "VNPT", "vnpt"),
        Kind.SUBSIDIARY,
        ["VNPT VinaPhone", "VNPT Media", "VNPT-IT"],
        Kind.PROVINCIAL_BRANCH,
        provinces.vnpt_branch_name,
    ),
]


def load(stdout):
    roots = []
    for party, kind, (name, short_name, slug), sub_kind, subs, *provincial in TREES:
        root = ensure(name, short_name=short_name, slug=slug, party=party, kind=kind)
        for sub in subs:
            ensure(sub, party=party, kind=sub_kind, parent=root)
        roots.append((root, *provincial))

    for province in provinces.CURRENT:
        for root, kind, name_of in roots:
            ensure(name_of(province), party=root.party, kind=kind, parent=root, province=province)

    # The former provinces: retired the day before the merger, pointing at their successor.
    for former, successor in provinces.MERGED_INTO.items():
        for root, kind, name_of in roots:
            unit = ensure(
                name_of(former), party=root.party, kind=kind, parent=root, province=former
            )
            if unit.retired_on is None:
                unit.retired_on = RETIRED_ON
                unit.successor = Unit.objects.get(slug=_slug(name_of(successor)))
                unit.save(update_fields=["retired_on", "successor"])

    grassroots = {
        "Hà Nội": ["Đoàn Thanh niên Đại học Quốc gia Hà Nội", "Đoàn phường Ba Đình"],
        "Nghệ An": ["Đoàn Trường Đại học Vinh", "Đoàn xã Diễn Châu"],
        "Đà Nẵng": ["Đoàn Trường Đại học Bách khoa – Đại học Đà Nẵng"],
        "TP. Hồ Chí Minh": ["Đoàn Đại học Quốc gia TP. Hồ Chí Minh", "Đoàn phường Sài Gòn"],
        "Cần Thơ": ["Đoàn Trường Đại học Cần Thơ"],
        "Thanh Hóa": ["Đoàn xã Hoằng Hóa"],
    }
    for province, names in grassroots.items():
        parent = Unit.objects.get(slug=_slug(provinces.union_unit_name(province)))
        for name in names:
            ensure(
                name,
                party=Party.UNION,
                kind=Kind.GRASSROOTS_UNION,
                parent=parent,
                province=province,
            )
    stdout.write(f"  organisations: {Unit.objects.count()} units")


def unit(slug_or_name: str) -> Unit:
    """Look a demo unit up by slug or by its name (for the other apps' demo loaders)."""
    return Unit.objects.filter(slug=slug_or_name).first() or Unit.objects.get(
        slug=_slug(slug_or_name)
    )
