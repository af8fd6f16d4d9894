import pytest

from partnership.organisations import provinces
from partnership.organisations.models import Kind, Party, Unit
from partnership.organisations.selectors import rollup_unit, serving_vnpt_unit, units_under


def test_tree_holds_both_parties_and_34_provinces(org_tree):
    active = Unit.objects.active()
    assert active.filter(kind=Kind.PROVINCIAL_UNION).count() == 34
    assert active.filter(kind=Kind.PROVINCIAL_BRANCH).count() == 34
    assert set(active.filter(kind=Kind.PROVINCIAL_UNION).values_list("province", flat=True)) == set(
        provinces.CURRENT
    )
    assert Unit.objects.filter(kind=Kind.SUBSIDIARY).count() == 3
    assert (
        Unit.objects.get_children(org_tree("trung-uong-doan"))
        .filter(kind=Kind.PROVINCIAL_UNION)
        .count()
        == 34 + 29
    )


def test_served_by_same_province_and_central_by_hq(org_tree):
    assert serving_vnpt_unit(org_tree("Tỉnh đoàn Nghệ An")) == org_tree("VNPT Nghệ An")
    assert serving_vnpt_unit(org_tree("Đoàn Trường Đại học Vinh")) == org_tree("VNPT Nghệ An")
    assert serving_vnpt_unit(org_tree("trung-uong-doan")) == org_tree("vnpt")
    assert serving_vnpt_unit(org_tree("Văn phòng Trung ương Đoàn")) == org_tree("vnpt")


def test_admin_override_wins(org_tree):
    unit = org_tree("Tỉnh đoàn Nghệ An")
    unit.served_by = org_tree("VNPT Hà Tĩnh")
    unit.save()
    assert serving_vnpt_unit(unit) == org_tree("VNPT Hà Tĩnh")


def test_retired_unit_keeps_history_and_rolls_up_to_successor(org_tree):
    ha_giang = org_tree("Tỉnh đoàn Hà Giang")
    assert ha_giang.retired_on is not None
    assert ha_giang.current() == org_tree("Tỉnh đoàn Tuyên Quang")
    assert serving_vnpt_unit(ha_giang) == org_tree("VNPT Tuyên Quang")
    assert rollup_unit(ha_giang) == org_tree("Tỉnh đoàn Tuyên Quang")
    assert str(ha_giang) in {"Tỉnh đoàn Hà Giang (đã sáp nhập)", "Tỉnh đoàn Hà Giang (retired)"}


def test_any_depth(org_tree):
    vinh = org_tree("Đoàn Trường Đại học Vinh")
    deeper = Unit.objects.add_child(
        vinh,
        {
            "name": "Chi đoàn K60 CNTT",
            "slug": "chi-doan-k60",
            "party": Party.UNION,
            "kind": Kind.GRASSROOTS_UNION,
        },
    )
    deepest = Unit.objects.add_child(
        deeper,
        {"name": "Tổ 1", "slug": "to-1", "party": Party.UNION, "kind": Kind.GRASSROOTS_UNION},
    )
    assert deepest.depth == 5
    assert deepest.province == "Nghệ An"
    assert deepest in units_under(org_tree("Tỉnh đoàn Nghệ An"))
    assert serving_vnpt_unit(deepest) == org_tree("VNPT Nghệ An")


def test_unit_pages(client, org_tree):
    assert client.get("/units/?q=nghe an").status_code == 200
    assert "Tỉnh đoàn Nghệ An" in client.get("/units/?q=nghe an").content.decode()
    page = client.get(org_tree("Tỉnh đoàn Hà Giang").get_absolute_url()).content.decode()
    assert "Tỉnh đoàn Tuyên Quang" in page


@pytest.mark.django_db
def test_demo_loads_twice_without_duplicates(settings):
    from django.core.management import call_command

    from partnership.accounts.models import User
    from partnership.news.models import Article

    settings.DEBUG = True
    call_command("load_demo", stdout=_Null())
    counts = (Unit.objects.count(), User.objects.count(), Article.objects.count())
    call_command("load_demo", stdout=_Null())
    assert (Unit.objects.count(), User.objects.count(), Article.objects.count()) == counts
    assert counts[0] >= 2 + 3 + 34 * 2 + 29 * 2


class _Null:
    def write(self, *a, **k):
        pass
