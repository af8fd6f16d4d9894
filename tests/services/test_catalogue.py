import pytest

from services import selectors

pytestmark = pytest.mark.django_db


def names(services):
    return [s.name for s in services]


def test_search_ignores_diacritics(catalogue):
    assert names(selectors.catalogue(q="truyen hinh")) == ["Truyền hình MyTV"]
    assert names(selectors.catalogue(q="tieng anh")) == ["MyEnglish – Học Tiếng Anh trực tuyến"]
    assert names(selectors.catalogue(q="TIẾNG ANH")) == ["MyEnglish – Học Tiếng Anh trực tuyến"]
    assert names(selectors.catalogue(q="không có")) == []


def test_unpublished_services_are_not_listed(catalogue):
    assert "Bản nháp tiếng Anh" not in names(selectors.catalogue())


def test_filters_on_plans(catalogue):
    assert names(selectors.catalogue(with_device=True)) == ["Truyền hình MyTV"]
    assert set(names(selectors.catalogue(term=7, audience="member"))) == {
        "Truyền hình MyTV",
        "MyEnglish – Học Tiếng Anh trực tuyến",
    }
    assert names(selectors.catalogue(term=15)) == ["Truyền hình MyTV"]
    assert names(selectors.catalogue(audience="central_staff")) == ["Truyền hình MyTV"]
    # 90 000 before VAT is 99 000 with VAT: only MyEnglish and MyTV's dearer plans qualify.
    assert set(names(selectors.catalogue(price_min=99_000, price_max=99_000))) == {
        "Truyền hình MyTV",
        "MyEnglish – Học Tiếng Anh trực tuyến",
    }
    assert names(selectors.catalogue(price_max=46_199)) == []
    assert names(selectors.catalogue(price_max=46_200)) == ["Truyền hình MyTV"]


def test_ended_plans_do_not_make_a_service_match(catalogue):
    # Only the ended plan costs 30 000 (33 000 with VAT).
    assert names(selectors.catalogue(price_max=40_000)) == []


def test_sort_by_price_and_popularity(catalogue, nghean_officer, submit):
    assert names(selectors.catalogue(sort="price")) == [
        "Truyền hình MyTV",
        "MyEnglish – Học Tiếng Anh trực tuyến",
    ]
    assert names(selectors.catalogue(sort="-price"))[0] == "MyEnglish – Học Tiếng Anh trực tuyến"
    submit(nghean_officer, plan="english", quantity=1)
    assert names(selectors.catalogue(sort="popular"))[0] == "MyEnglish – Học Tiếng Anh trực tuyến"


def test_catalogue_page_for_anonymous_visitors(client, catalogue):
    response = client.get("/services/", {"q": "truyen hinh"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Truyền hình MyTV" in body
    assert "MyEnglish" not in body


def test_catalogue_page_with_bad_filters_does_not_fail(client, catalogue):
    response = client.get("/services/", {"price_min": "abc", "term": "99", "sort": "x"})
    assert response.status_code == 200


def test_category_page(client, catalogue):
    response = client.get("/services/category/edu/")
    assert response.status_code == 200
    assert "MyEnglish" in response.content.decode()
    assert "Truyền hình MyTV" not in response.content.decode()
    assert client.get("/services/category/none/").status_code == 404


def test_service_page_compares_plans_with_prices_and_reasons(client, catalogue, member):
    client.force_login(member)
    response = client.get("/services/mytv/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "46.200\u00a0₫" in body  # App MyTV Chuẩn with VAT
    assert "42.000\u00a0₫" in body  # before VAT
    assert "363.000\u00a0₫" in body  # 7 months paid as 6: 6 x 60 500
    # The VIP plan is for units only: shown, with the reason, not hidden.
    assert "MyTV VIP 15 tháng" in body
    assert "Gói cán bộ TW" in body
    plans = {p.code: p for p in response.context["plans"]}
    assert plans["vip-15"].reason
    assert plans["central"].reason
    assert plans["app-1"].reason is None


def test_unpublished_service_page_is_404(client, catalogue):
    assert client.get("/services/draft/").status_code == 404


def test_newest_first_and_pagination_keeps_the_filters(client, catalogue):
    import datetime

    from django.utils import timezone

    from services.models import Plan, Service

    base = timezone.now() - datetime.timedelta(days=30)
    for i in range(25):
        service = Service.objects.create(
            category=catalogue["mytv"].category, slug=f"goi-{i}", name=f"Gói truyền hình {i:02}",
            summary="x", provider=catalogue["mytv"].provider, published=True,
            created_at=base + datetime.timedelta(hours=i),
        )  # fmt: skip
        Plan.objects.create(
            service=service, code=f"goi-{i}", name="1 tháng", monthly_price=10_000 + i,
            valid_from=datetime.date(2020, 1, 1), for_members=True,
        )  # fmt: skip
    newest = names(selectors.catalogue(q="goi truyen hinh", sort="newest"))
    assert newest[:2] == ["Gói truyền hình 24", "Gói truyền hình 23"]
    first = client.get("/services/", {"q": "truyen hinh", "sort": "price"})
    assert len(first.context["page_obj"]) == 20
    body = first.content.decode()
    assert "page=2" in body and "q=truyen+hinh" in body
    second = client.get("/services/", {"q": "truyen hinh", "sort": "price", "page": 2})
    assert [s.name for s in second.context["page_obj"]][-1] == "Truyền hình MyTV"
    assert len(second.context["page_obj"]) == 6


def test_promotions_running_now_are_flagged_and_ended_ones_drop_off(client, catalogue):
    import datetime

    from django.utils import timezone

    from services.models import Promotion

    today = timezone.localdate()
    Promotion.objects.create(
        service=catalogue["mytv"], title="Hè xanh", starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=30),
    )  # fmt: skip
    Promotion.objects.create(
        service=catalogue["mytv"], title="Tết cũ", starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 2, 1),
    )  # fmt: skip
    flagged = {s.name: s.promoted for s in selectors.catalogue()}
    assert flagged == {"Truyền hình MyTV": 1, "MyEnglish – Học Tiếng Anh trực tuyến": 0}
    body = client.get("/services/mytv/").content.decode()
    assert "Hè xanh" in body
    assert "Tết cũ" not in body
