"""The merged units: one selector decides what a unit carries (issue 17, point 2)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.organisations.demo import ensure
from partnership.organisations.models import Kind, Party, Unit
from partnership.organisations.selectors import (
    carries,
    current_province,
    current_unit_id,
    former_names,
    provinces_carried_by,
    unit_ids_carried_by,
    unit_search_q,
    units_carried_by,
)
from partnership.text import fold


def _grassroots(parent: Unit, name: str, slug: str) -> Unit:
    return ensure(name, slug=slug, party=Party.UNION, kind=Kind.GRASSROOTS_UNION, parent=parent)


@pytest.fixture
def second_merge(org_tree):
    """Tuyên Quang (which took Hà Giang in 2025) merged again, into a new province."""
    future = ensure(
        "Tỉnh đoàn Tây Bắc",
        party=Party.UNION,
        kind=Kind.PROVINCIAL_UNION,
        parent=org_tree("trung-uong-doan"),
        province="Tây Bắc",
    )
    tuyen_quang = org_tree("Tỉnh đoàn Tuyên Quang")
    tuyen_quang.retired_on = datetime.date(2030, 1, 1)
    tuyen_quang.successor = future
    tuyen_quang.save()
    return future


def test_successor_carries_former_units_and_their_descendants(org_tree):
    tuyen_quang = org_tree("Tỉnh đoàn Tuyên Quang")
    ha_giang = org_tree("Tỉnh đoàn Hà Giang")
    xa = _grassroots(ha_giang, "Đoàn xã Lũng Cú", "doan-xa-lung-cu")
    carried = set(units_carried_by(tuyen_quang))
    assert {tuyen_quang, ha_giang, xa} <= carried
    assert org_tree("Tỉnh đoàn Thái Nguyên") not in carried
    assert org_tree("VNPT Hà Giang") not in carried  # the other party's tree
    assert set(unit_ids_carried_by(org_tree("VNPT Tuyên Quang"))) == {
        org_tree("VNPT Tuyên Quang").pk,
        org_tree("VNPT Hà Giang").pk,
    }
    # A former unit carries only itself (its records keep its name)
    assert set(units_carried_by(ha_giang)) == {ha_giang, xa}
    assert carries(tuyen_quang, xa) and not carries(ha_giang, tuyen_quang)


def test_two_provinces_merged_into_one(org_tree):
    ninh_binh = org_tree("Tỉnh đoàn Ninh Bình")
    names = {u.name for u in units_carried_by(ninh_binh)}
    assert {"Tỉnh đoàn Ninh Bình", "Tỉnh đoàn Hà Nam", "Tỉnh đoàn Nam Định"} <= names
    assert provinces_carried_by("Ninh Bình") == ["Hà Nam", "Nam Định", "Ninh Bình"]


def test_central_committee_carries_everything_once(org_tree):
    tw = org_tree("trung-uong-doan")
    assert units_carried_by(tw).count() == Unit.objects.under(tw).count()


def test_chain_of_two_merges(second_merge, org_tree):
    ha_giang = org_tree("Tỉnh đoàn Hà Giang")
    tuyen_quang = org_tree("Tỉnh đoàn Tuyên Quang")
    xa = _grassroots(ha_giang, "Đoàn xã Lũng Cú", "doan-xa-lung-cu")
    assert set(units_carried_by(second_merge)) == {second_merge, tuyen_quang, ha_giang, xa}
    assert current_unit_id(ha_giang.pk) == second_merge.pk
    assert current_unit_id(xa.pk) == xa.pk  # not merged itself: carried through its parent
    assert current_province("Hà Giang") == "Tây Bắc"
    assert provinces_carried_by("Hà Giang") == ["Hà Giang", "Tuyên Quang", "Tây Bắc"]
    assert former_names(second_merge) == ["Tỉnh đoàn Hà Giang", "Tỉnh đoàn Tuyên Quang"]
    assert former_names(tuyen_quang) == ["Tỉnh đoàn Hà Giang"]


def test_former_name_finds_successor(org_tree):
    found = set(Unit.objects.filter(unit_search_q(fold("Hà Giang"), "")))
    assert org_tree("Tỉnh đoàn Tuyên Quang") in found
    assert org_tree("VNPT Tuyên Quang") in found
    assert org_tree("Tỉnh đoàn Thái Nguyên") not in found
    # and the successor's name finds its former units
    found = set(Unit.objects.filter(unit_search_q(fold("Tuyên Quang"), "")))
    assert org_tree("Tỉnh đoàn Hà Giang") in found


def test_merges_are_read_once_then_from_memory(org_tree):
    tuyen_quang = org_tree("Tỉnh đoàn Tuyên Quang")
    provinces_carried_by("Tuyên Quang")
    with CaptureQueriesContext(connection) as ctx:
        provinces_carried_by("Hà Giang")
        current_unit_id(tuyen_quang.pk)
        carries(tuyen_quang, tuyen_quang)
        unit_search_q("ha giang")
    assert len(ctx.captured_queries) == 0
    with CaptureQueriesContext(connection) as ctx:
        unit_ids_carried_by(tuyen_quang)
    assert len(ctx.captured_queries) == 1


def test_a_new_merge_is_seen_at_once(org_tree, request):
    assert provinces_carried_by("Tuyên Quang") == ["Hà Giang", "Tuyên Quang"]
    request.getfixturevalue("second_merge")
    assert provinces_carried_by("Tây Bắc") == ["Hà Giang", "Tuyên Quang", "Tây Bắc"]


def test_site_search_finds_the_successor_of_a_former_name(client, org_tree):
    response = client.get("/search/", {"q": "Ha Giang"})
    [units] = [g for g in response.context["groups"] if g.key == "units"]
    names = [r.title for r in units.results]
    assert names == ["Tỉnh đoàn Tuyên Quang", "VNPT Tuyên Quang"]
    assert "trước đây: Tỉnh đoàn Hà Giang" in units.results[0].meta
    assert "Tỉnh đoàn Tuyên Quang" in response.content.decode()


def test_unit_list_search_and_province_filter_follow_the_merger(client, org_tree):
    response = client.get("/units/", {"q": "ha giang"})
    assert [u.name for u in response.context["page_obj"]] == [
        "Tỉnh đoàn Tuyên Quang",
        "VNPT Tuyên Quang",
    ]
    response = client.get("/units/", {"province": "Tuyên Quang", "retired": "1"})
    assert {u.name for u in response.context["page_obj"]} == {
        "Tỉnh đoàn Tuyên Quang",
        "VNPT Tuyên Quang",
        "Tỉnh đoàn Hà Giang",
        "VNPT Hà Giang",
    }


def test_admin_unit_search_and_autocomplete_find_the_successor(org_tree):
    from django.contrib.admin.sites import site

    unit_admin = site._registry[Unit]
    found, _dup = unit_admin.get_search_results(None, Unit.objects.active(), "Hà Giang")
    assert {u.name for u in found} == {"Tỉnh đoàn Tuyên Quang", "VNPT Tuyên Quang"}
