"""The Excel export agrees with the dashboard; the demo data tells the whole article."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agreements import models as m
from agreements.models import (
    Measure,
)

pytestmark = pytest.mark.django_db


class _Out:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)


@pytest.fixture
def demo(org_tree):
    from agreements import demo as agreements_demo
    from partnership.accounts import demo as accounts_demo

    accounts_demo.load(_Out())
    agreements_demo.load(_Out())
    return m.Agreement.objects.get(slug=agreements_demo.SLUG)


def test_demo_holds_every_commitment_of_the_article(demo):
    assert demo.signed_on.strftime("%d/%m/%Y") == "23/08/2019"
    assert demo.place == "Hà Nội"
    assert (demo.starts_on.year, demo.ends_on.year) == (2019, 2022)
    refs = " ".join(m.LegalBasis.objects.filter(agreement=demo).values_list("title", flat=True))
    assert "lần thứ XII" in refs and "khóa X" in refs and "2015 – 2030" in refs
    speaker = m.Signatory.objects.get(agreement=demo)
    assert speaker.name == "Lê Quốc Phong" and speaker.spoke and "Bí thư thứ nhất" in speaker.title
    assert m.Photo.objects.get(agreement=demo).credit == "Ảnh: Minh Châu"
    themes = set(m.Commitment.objects.filter(agreement=demo).values_list("theme", flat=True))
    assert themes == set(m.Theme.values)
    text = " ".join(m.Commitment.objects.values_list("text", flat=True))
    for needle in [
        "ytuongsangtao.net",
        "MyEnglish",
        "KidEnglish",
        "VNPT Pay",
        "MyTV",
        "quản lý văn bản điện tử",
        "đề án tổng thể về công nghệ thông tin",
        "sân chơi trực tuyến",
        "tình nguyện, an sinh xã hội",
        "phần mềm nghiệp vụ quản lý công tác Đoàn",
        "Đề án hệ thống trực tuyến",
        "gói cước ưu đãi",
        "mức giá cạnh tranh",
        "kênh thông tin của Tập đoàn",
        "trong toàn hệ thống tổ chức Đoàn các cấp",
        "giá trị gia tăng",
    ]:
        assert needle in text, needle
    statuses = set(m.ProgressReport.objects.values_list("status", flat=True))
    assert statuses == set(m.ReportStatus.values)
    provinces = set(m.ProgressReport.objects.values_list("unit__province", flat=True))
    assert {"Hà Nội", "Nghệ An", "Đà Nẵng", "TP. Hồ Chí Minh", "Cần Thơ"} <= provinces
    assert m.JointActivity.objects.count() >= 5
    # Every report's history ends in its current state.
    for report in m.ProgressReport.objects.all()[:50]:
        assert report.status_changes.last().new_status == report.status


DEMO_MODELS = (
    m.Agreement,
    m.Commitment,
    m.ProgressReport,
    m.ReportStatusChange,
    m.JointActivity,
    m.Photo,
)


def test_demo_is_idempotent(demo):
    counts = [model.objects.count() for model in DEMO_MODELS]
    from agreements import demo as agreements_demo

    agreements_demo.load(_Out())
    assert counts == [model.objects.count() for model in DEMO_MODELS]


@pytest.mark.parametrize("province", ["", "Nghệ An"])
def test_excel_totals_equal_the_dashboards(client, demo, make_user, province):
    officer = make_user("union_officer", unit="Văn phòng Trung ương Đoàn")
    client.force_login(officer)
    query = {"province": province} if province else {}
    dashboard = client.get(reverse("agreements:dashboard"), query)
    table = dict(dashboard.context["table"]())  # computed only when its fragment is not cached
    response = client.get(reverse("agreements:export"), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Trung ương Đoàn", "VNPT"]
    for sheet, rows in zip(wb.worksheets, table.values(), strict=True):
        headers = [c.value for c in sheet[2]]
        assert headers[4] == "Chỉ tiêu" and headers[9] == "Tổng"
        lines = list(sheet.iter_rows(min_row=3, values_only=True))
        blank = next(i for i, line in enumerate(lines) if not any(line))
        body, totals = lines[:blank], lines[blank + 1 :]
        assert len(body) == len(rows)
        for line, progress in zip(body, rows, strict=True):
            assert line[4] == progress.indicator.name
            assert Decimal(str(line[9])) == progress.total
        # A total adds one unit only, over values that add up (no "%", no latest values).
        additive = {}
        for line, progress in zip(body, rows, strict=True):
            if progress.indicator.measure == Measure.SUM and line[5] != "%":
                additive.setdefault(line[5], []).append(progress)
        shared = {unit: group for unit, group in additive.items() if len(group) > 1}
        if sheet.title == "VNPT":  # the demo's VNPT commitments share "người" and "lượt"
            assert set(shared) >= {"người", "lượt"}
        assert not any("%" in str(t[0]) for t in totals)
        assert [t[0] for t in totals[:-1]] == [f"Tổng cộng ({unit})" for unit in shared]
        for line, (unit, group) in zip(totals, shared.items(), strict=False):
            assert line[5] == unit
            assert Decimal(str(line[9])) == sum(p.total for p in group)
            assert Decimal(str(line[6])) == sum(p.indicator.target for p in group)
        assert totals[-1][0] == "Tổng số báo cáo đã xác nhận"
        assert totals[-1][11] == sum(p.reports for p in rows)
        assert all(v in ("", None) for v in totals[-1][1:11])
    # The dashboard's figures are confirmed reports only (of the province, if one is chosen).
    approved = m.ProgressReport.objects.filter(status=m.ReportStatus.APPROVED)
    if province:
        approved = approved.filter(unit__province=province)
        assert province in wb.worksheets[0]["A1"].value
    approved = approved.count()
    assert sum(p.reports for rows in table.values() for p in rows) == approved


def test_export_is_for_officers_and_liaisons(client, demo, member):
    assert client.get(reverse("agreements:export")).status_code == 302
    client.force_login(member)
    assert client.get(reverse("agreements:export")).status_code == 403


def test_pages_stay_within_their_query_budget(
    client, demo, make_user, django_assert_max_num_queries
):
    Report = m.ProgressReport

    pages = [
        (reverse("agreements:index"), 20),
        (reverse("agreements:commitments"), 15),
        (reverse("agreements:commitment", args=[m.Commitment.objects.get(code="V.5").pk]), 15),
        (reverse("agreements:reports"), 10),
        (Report.objects.filter(status=m.ReportStatus.APPROVED).first().get_absolute_url(), 10),
    ]
    for url, budget in pages:
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
    client.force_login(make_user("vnpt_liaison", unit="VNPT Hà Nội"))
    with django_assert_max_num_queries(45):
        assert client.get(reverse("agreements:dashboard")).status_code == 200
