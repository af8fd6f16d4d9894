import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from services.models import Plan, Service

pytestmark = pytest.mark.django_db

HEADER = "service,code,name,tier,with_device,term_months,months_paid,monthly_price,vat_rate,second_monthly_price,public_monthly_price,valid_from,valid_until,audiences,levels"


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("content_admin", unit="trung-uong-doan"))
    return client


def post_file(client, content: bytes, name="bang-gia.csv"):
    return client.post(
        "/admin/services/service/import-price-list/",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_import_valid_csv_creates_and_updates_plans(admin_client, catalogue):
    content = "\n".join(
        [
            HEADER,
            "mytv,app-1,App MyTV Chuẩn 1 tháng,Chuẩn,không,1,1,43000,10,,50000,01/01/2026,,member;unit,",
            "mytv,nang-cao-7,MyTV Nâng cao 7 tháng,Nâng cao,có,7,6,60.000,10,42000,69000,01/01/2026,31/12/2026,unit,provincial,",
        ]
    ).encode()
    response = post_file(admin_client, content)
    assert response.status_code == 302
    assert Plan.objects.get(code="app-1").monthly_price == 43_000
    new = Plan.objects.get(code="nang-cao-7")
    assert (new.months_paid, new.with_device, new.for_units, new.for_members) == (
        6,
        True,
        True,
        False,
    )
    assert (new.level_provincial, new.level_central) == (True, False)


def test_import_with_bad_rows_reports_every_one_and_imports_nothing(admin_client, catalogue):
    content = "\n".join(
        [
            HEADER,
            "mytv,ok-1,Đúng,,không,1,1,42000,10,,,01/01/2026,,member,",
            "nope,bad-1,Sai dịch vụ,,không,1,1,42000,10,,,01/01/2026,,member,",
            "mytv,bad-2,Sai giá,,không,7,8,bốn mươi,10,,,01/01/2026,,member,",
            "mytv,ok-1,Trùng mã,,không,1,1,42000,10,,,2026-13-01,,alien,",
        ]
    ).encode()
    count = Plan.objects.count()
    response = post_file(admin_client, content)
    assert response.status_code == 200
    found = {(e.row, e.column) for e in response.context["errors"]}
    assert found == {
        (3, "service"),
        (4, "months_paid"),
        (4, "monthly_price"),
        (5, "code"),
        (5, "valid_from"),
        (5, "audiences"),
    }
    assert Plan.objects.count() == count
    assert "Row 3" in str(response.context["errors"][0]) or "Dòng 3" in str(
        response.context["errors"][0]
    )


def test_import_excel(admin_client, catalogue):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    ws.append(
        [
            "myenglish",
            "en-15",
            "MyEnglish 15 tháng",
            "",
            "không",
            15,
            12,
            90000,
            10,
            None,
            129000,
            "01/01/2026",
            None,
            "member",
            None,
        ]
    )
    out = io.BytesIO()
    wb.save(out)
    response = post_file(admin_client, out.getvalue(), name="bang-gia.xlsx")
    assert response.status_code == 302
    assert Plan.objects.get(code="en-15").term_total_with_vat == 12 * 99_000


def test_bulk_publish_and_unpublish(admin_client, catalogue):
    ids = [catalogue["hidden"].pk, catalogue["mytv"].pk]
    admin_client.post("/admin/services/service/", {"action": "publish", "_selected_action": ids})
    assert Service.objects.filter(pk__in=ids, published=True).count() == 2
    admin_client.post("/admin/services/service/", {"action": "unpublish", "_selected_action": ids})
    assert Service.objects.filter(pk__in=ids, published=True).count() == 0


def test_admin_pages_render(admin_client, catalogue, nghean_officer, submit):
    request = submit(nghean_officer)
    for url in [
        "/admin/services/service/",
        f"/admin/services/service/{catalogue['mytv'].pk}/change/",
        "/admin/services/servicerequest/",
        f"/admin/services/servicerequest/{request.pk}/change/",
        "/admin/services/service/import-price-list/",
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_demo_is_idempotent_and_covers_every_state(org_tree):
    from partnership.accounts import demo as accounts_demo
    from services import demo
    from services.models import ServiceRequest, Status

    class Out:
        def write(self, *a, **k):
            pass

    accounts_demo.load(Out())
    demo.load(Out())
    counts = (Service.objects.count(), Plan.objects.count(), ServiceRequest.objects.count())
    demo.load(Out())
    assert (Service.objects.count(), Plan.objects.count(), ServiceRequest.objects.count()) == counts
    assert set(ServiceRequest.objects.values_list("status", flat=True)) == set(Status.values)
    provinces = set(ServiceRequest.objects.values_list("vnpt_unit__name", flat=True))
    assert {"VNPT Hà Nội", "VNPT Nghệ An", "VNPT Đà Nẵng", "VNPT Hồ Chí Minh"} <= provinces
    mytv = Plan.objects.get(code="mytv-chuan-app-1t")
    assert mytv.monthly_price_with_vat == 46_200
    assert Plan.objects.filter(service__slug="mytv", term_months=7, months_paid=6).count() == 6


def test_service_image_is_checked_reencoded_and_served(admin_client, catalogue, client):
    from PIL import Image

    from services.models import Service

    service = catalogue["mytv"]
    url = f"/admin/services/service/{service.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "image"}
    data.update(
        {
            "category": service.category_id,
            "provider": service.provider_id,
            "published": "on",
            "plans-TOTAL_FORMS": 0,
            "plans-INITIAL_FORMS": 0,
            "promotions-TOTAL_FORMS": 0,
            "promotions-INITIAL_FORMS": 0,
        }
    )
    fake = SimpleUploadedFile("anh.png", b"<script>alert(1)</script>", "image/png")
    response = admin_client.post(url, {**data, "image": fake})
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(png, "PNG")
    upload = SimpleUploadedFile("Ảnh MyTV.png", png.getvalue(), "image/png")
    response = admin_client.post(url, {**data, "image": upload})
    assert response.status_code == 302, response.context["adminform"].form.errors
    service = Service.objects.get(pk=service.pk)
    assert service.image.name.startswith("services/images/")
    assert "MyTV" not in service.image.name
    served = client.get(f"/services/{service.slug}/image/")
    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/services/{catalogue['hidden'].slug}/image/").status_code == 404


def test_the_sample_price_list_imports_as_is(admin_client, catalogue):
    sample = admin_client.get("/admin/services/service/import-price-list/sample.csv")
    assert sample.status_code == 200
    response = post_file(admin_client, sample.content)
    assert response.status_code == 302
    assert Plan.objects.get(code="mytv-chuan-stb-7t").term_total_with_vat == 6 * 60_500


def test_rerouting_a_request_in_admin_is_recorded_and_told_to_both_branches(
    admin_client, nghean_officer, nghean_liaison, hanoi_liaison, submit, make_user
):
    from django.contrib import admin as django_admin
    from django.test import RequestFactory

    from partnership.notifications.models import Notification
    from services.models import ServiceRequest, StatusChange

    request = submit(nghean_officer)
    assert request.vnpt_unit == nghean_liaison.unit
    staff = make_user("content_admin", unit="trung-uong-doan")
    model_admin = django_admin.site._registry[ServiceRequest]
    http = RequestFactory().post("/")
    http.user = staff
    form_class = model_admin.get_form(http, request)
    data = {k: v for k, v in form_class(instance=request).initial.items() if v is not None}
    data.update(vnpt_unit=hanoi_liaison.unit.pk, note="Đổi sang chi nhánh Hà Nội")
    form = form_class(data, instance=request)
    assert form.is_valid(), form.errors
    model_admin.save_model(http, form.save(commit=False), form, change=True)

    request.refresh_from_db()
    assert request.vnpt_unit == hanoi_liaison.unit and request.assignee is None
    assert request.note == "Đổi sang chi nhánh Hà Nội"  # the other edits are kept
    change = StatusChange.objects.filter(request=request).latest("pk")
    assert (
        change.by == staff and "VNPT Nghệ An" in change.comment and "VNPT Hà Nội" in change.comment
    )
    told = set(
        Notification.objects.filter(event="services.request_rerouted").values_list(
            "recipient", flat=True
        )
    )
    assert {nghean_officer.pk, nghean_liaison.pk, hanoi_liaison.pk} <= told
    # Saving again without a change of unit sends nothing more.
    form = form_class(
        {**data, "note": "Ghi chú mới"}, instance=ServiceRequest.objects.get(pk=request.pk)
    )
    assert form.is_valid(), form.errors
    model_admin.save_model(http, form.save(commit=False), form, change=True)
    assert Notification.objects.filter(event="services.request_rerouted").count() == len(told)


def test_admin_deletes_keep_the_popularity_counts(admin_client, catalogue, nghean_officer, submit):
    """The admin's delete and bulk delete go through actions.delete_requests (no signal)."""
    from django.db.models import Sum

    from services.models import ServiceDemand, ServiceRequest

    def counted():
        return ServiceDemand.objects.aggregate(n=Sum("requests"))["n"]

    first, second, third = (submit(nghean_officer) for _ in range(3))
    assert counted() == 3
    response = admin_client.post(
        f"/admin/services/servicerequest/{first.pk}/delete/", {"post": "yes"}
    )
    if response.status_code == 302 and "/login" in response["Location"]:
        pytest.skip("admin requires MFA in this configuration")
    assert response.status_code == 302
    assert counted() == 2
    admin_client.post(
        "/admin/services/servicerequest/",
        {"action": "delete_selected", "_selected_action": [second.pk, third.pk], "post": "yes"},
    )
    assert not ServiceRequest.objects.exists() and counted() == 0
