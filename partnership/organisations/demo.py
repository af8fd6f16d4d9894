"""The whole organisation tree of both parties (idempotent: looked up by slug)."""

import datetime

from django.utils.text import slugify

from . import provinces
from .models import Kind, Party, Unit

RETIRED_ON = datetime.date(*provinces.MERGER_DATE) - datetime.timedelta(days=1)


def _slug(name: str) -> str:
    return slugify(name.replace("đ", "d").replace("Đ", "D"))


def ensure(name, *, party, kind, parent=None, province="", short_name="", **extra) -> Unit:
    slug = extra.pop("slug", None) or _slug(name)
    unit = Unit.objects.filter(slug=slug).first()
    if unit:
        return unit
    fields = dict(
        name=name,
        slug=slug,
        party=party,
        kind=kind,
        province=province,
        short_name=short_name,
        **extra,
    )
    if parent is None:
        return Unit.objects.add_root(fields)
    parent.refresh_from_db()
    return Unit.objects.add_child(parent, fields)


def load(stdout):
    tw = ensure(
        "Trung ương Đoàn TNCS Hồ Chí Minh",
        short_name="Trung ương Đoàn",
        party=Party.UNION,
        kind=Kind.CENTRAL_COMMITTEE,
        slug="trung-uong-doan",
    )
    for body in [
        "Văn phòng Trung ương Đoàn",
        "Ban Tuyên giáo Trung ương Đoàn",
        "Trung tâm Phát triển Khoa học, Công nghệ và Tài năng trẻ",
    ]:
        ensure(body, party=Party.UNION, kind=Kind.CENTRAL_BODY, parent=tw)
    hq = ensure(
        "Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT)",
        short_name="VNPT",
        party=Party.VNPT,
        kind=Kind.VNPT_GROUP,
        slug="vnpt",
    )
    for sub in ["VNPT VinaPhone", "VNPT Media", "VNPT-IT"]:
        ensure(sub, party=Party.VNPT, kind=Kind.SUBSIDIARY, parent=hq)

    for province in provinces.CURRENT:
        ensure(
            provinces.union_unit_name(province),
            party=Party.UNION,
            kind=Kind.PROVINCIAL_UNION,
            parent=tw,
            province=province,
        )
        ensure(
            provinces.vnpt_branch_name(province),
            party=Party.VNPT,
            kind=Kind.PROVINCIAL_BRANCH,
            parent=hq,
            province=province,
        )

    # The former provinces: retired the day before the merger, pointing at their successor.
    for former, successor in provinces.MERGED_INTO.items():
        for party, kind, name_of in [
            (Party.UNION, Kind.PROVINCIAL_UNION, provinces.union_unit_name),
            (Party.VNPT, Kind.PROVINCIAL_BRANCH, provinces.vnpt_branch_name),
        ]:
            root = tw if party == Party.UNION else hq
            unit = ensure(name_of(former), party=party, kind=kind, parent=root, province=former)
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
