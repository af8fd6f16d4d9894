"""A small agreement for the tests: one Union and one VNPT commitment, each with an indicator."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agreements.models import Agreement, Commitment, Indicator, Level, Measure, Theme
from partnership.organisations.models import Party


@pytest.fixture
def agreement(org_tree):
    tw, hq = org_tree("trung-uong-doan"), org_tree("vnpt")
    office = org_tree("Văn phòng Trung ương Đoàn")
    agreement = Agreement.objects.create(
        title="Thỏa thuận hợp tác 2019–2022",
        slug="tt-2019",
        union_party=tw,
        vnpt_party=hq,
        place="Hà Nội",
        signed_on=datetime.date(2019, 8, 23),
        starts_on=datetime.date(2019, 8, 23),
        ends_on=datetime.date(2022, 12, 31),
    )
    union = Commitment.objects.create(
        agreement=agreement,
        code="Đ.1",
        party=Party.UNION,
        level=Level.ALL_LEVELS,
        theme=Theme.ICT_PRODUCTS,
        title="Ưu tiên sản phẩm VNPT",
        text="Trung ương Đoàn ưu tiên sử dụng các sản phẩm, dịch vụ của VNPT.",
    )
    union.responsible_units.set([tw])
    union.reviewing_units.set([hq])
    vnpt = Commitment.objects.create(
        agreement=agreement,
        code="V.5",
        party=Party.VNPT,
        level=Level.LOCAL,
        theme=Theme.YOUTH_ACTIVITIES,
        title="Sân chơi trực tuyến",
        text="VNPT tại địa phương hỗ trợ các sân chơi trực tuyến.",
        order=1,
    )
    vnpt.responsible_units.set([hq])
    vnpt.reviewing_units.set([office])
    Indicator.objects.create(
        commitment=union,
        name="Tỉnh đoàn dùng văn phòng điện tử VNPT",
        unit_of_measure="đơn vị",
        target=34,
        measure=Measure.LATEST,
    )
    Indicator.objects.create(
        commitment=vnpt, name="Cuộc thi trực tuyến", unit_of_measure="cuộc thi", target=60
    )
    return agreement


@pytest.fixture
def union_indicator(agreement):
    return Indicator.objects.get(commitment__code="Đ.1")


@pytest.fixture
def vnpt_indicator(agreement):
    return Indicator.objects.get(commitment__code="V.5")


@pytest.fixture
def hanoi_officer(make_user):
    return make_user("union_officer", unit="Thành đoàn Hà Nội")


@pytest.fixture
def nghean_officer(make_user):
    return make_user("union_officer", unit="Tỉnh đoàn Nghệ An")


@pytest.fixture
def tw_officer(make_user):
    return make_user("union_officer", unit="Văn phòng Trung ương Đoàn")


@pytest.fixture
def admin_user(make_user):
    return make_user("content_admin", unit="trung-uong-doan")


def pdf_file(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def png_file(name="anh.png"):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
