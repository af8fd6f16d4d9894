"""Ideas submitted under a province merged away count for its successor (issue 17, point 2)."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ideas import selectors
from ideas.forms import GalleryFilterForm, OfferForm
from ideas.models import Status
from partnership.organisations import provinces


@pytest.fixture
def old_idea(make_idea, make_user):
    author = make_user("member", unit="Tỉnh đoàn Hà Giang")
    submitted = timezone.make_aware(datetime.datetime(2020, 9, 14, 10))
    return make_idea(
        author, status=Status.AWARDED, title="Bản đồ số cao nguyên đá", submitted_at=submitted
    )


def test_gallery_filter_of_the_successor_shows_the_former_province(
    client, old_idea, member, make_idea
):
    make_idea(member, status=Status.AWARDED, title="Ý tưởng Hà Nội")
    for province in ("Tuyên Quang", "Hà Giang"):
        response = client.get(reverse("ideas:index"), {"province": province})
        assert [i.title for i in response.context["page_obj"]] == [old_idea.title]
        assert "Hà Giang (nay là Tuyên Quang)" in response.content.decode()
    response = client.get(reverse("ideas:index"), {"province": "Thái Nguyên"})
    assert list(response.context["page_obj"]) == []
    assert selectors.gallery_count(province="Tuyên Quang") == 1
    # with a search too (on PostgreSQL through the token index's unit terms)
    response = client.get(reverse("ideas:index"), {"province": "Tuyên Quang", "q": "ban do so"})
    assert [i.title for i in response.context["page_obj"]] == [old_idea.title]


def test_gallery_filter_costs_no_more_queries(client, old_idea, django_assert_max_num_queries):
    url = reverse("ideas:index")
    client.get(url, {"province": "Tuyên Quang"})  # warm caches
    # A miss of the versioned gallery: the versions read (the filter's choices, the province's
    # units, the count and the page's ids and versions, the open campaigns), then the view,
    # which reuses the filter form.
    with django_assert_max_num_queries(10):
        client.get(url, {"province": "Tuyên Quang", "field": "nong-nghiep"})


def test_pickers_offer_the_34_provinces_of_today(db):
    for form in (GalleryFilterForm(), OfferForm()):
        values = [v for v, _label in form.fields["province"].choices]
        assert values == ["", *provinces.CURRENT]


def test_successor_officer_dashboard_and_export_include_the_former_province(
    client, old_idea, make_user
):
    officer = make_user("union_officer", unit="Tỉnh đoàn Tuyên Quang")
    assert list(selectors.unit_ideas(officer.unit)) == [old_idea]
    figures = selectors.unit_dashboard(officer.unit_id)
    assert figures["total"] == 1
    assert figures["by_province"] == [{"unit__province": "Tuyên Quang", "n": 1}]
    client.force_login(officer)
    page = client.get(reverse("ideas:dashboard"))
    assert "Tỉnh đoàn Hà Giang (nay là Tuyên Quang)" in page.content.decode()
    sheet = load_workbook(io.BytesIO(client.get(reverse("ideas:dashboard_export")).content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert old_idea.title in cells and "Tỉnh đoàn Hà Giang" in cells  # its original unit
    assert selectors.can_moderate(officer, old_idea)
