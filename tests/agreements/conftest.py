"""A small agreement for the tests: one Union and one VNPT commitment, each with an indicator."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from agreements.models import Indicator, Level, Measure, Theme
from partnership.organisations.models import Party
from tests.factories import make_agreement, make_commitment, person


@pytest.fixture
def agreement(org_tree):
    tw, hq = org_tree("trung-uong-doan"), org_tree("vnpt")
    agreement = make_agreement()
    union = make_commitment(agreement, responsible=[tw], reviewing=[hq])
    vnpt = make_commitment(
        agreement,
        code="V.5",
        party=Party.VNPT,
        level=Level.LOCAL,
        theme=Theme.YOUTH_ACTIVITIES,
        title="Sân chơi trực tuyến",
        text="VNPT tại địa phương hỗ trợ các sân chơi trực tuyến.",
        order=1,
        responsible=[hq],
        reviewing=[org_tree("Văn phòng Trung ương Đoàn")],
    )
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


nghean_officer = person("nghean_officer", "union_officer", unit="Tỉnh đoàn Nghệ An")


def pdf_file(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def post_report(client, indicator, officer, evidence):
    """An officer's report of one unit for Q3 2021 on `indicator`, with `evidence` files."""
    client.force_login(officer)
    url = reverse("agreements:report_create", args=[indicator.pk])
    data = {"unit": officer.unit_id, "year": 2021, "quarter": 3, "value": "1"}
    return client.post(url, {**data, "narrative": "Đã dùng.", "evidence": evidence})


def png_file(name="anh.png"):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
