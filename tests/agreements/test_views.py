"""Pages through the real URL stack: visitors, reporting units, reviewers, bad input."""

from decimal import Decimal

import pytest
from django.urls import reverse

from agreements import actions
from agreements.models import (
    Photo,
    ProgressReport,
    ReportStatus,
    Signatory,
)
from partnership.files.models import PendingUpload
from partnership.organisations.models import Party
from tests.factories import make_activity

from .conftest import pdf_file, png_file, post_report

pytestmark = pytest.mark.django_db


def _report(indicator, user, status=ReportStatus.DRAFT, reviewer=None, **kw):
    report = actions.create_report(
        indicator=indicator,
        unit=user.unit,
        year=kw.get("year", 2021),
        quarter=kw.get("quarter", 1),
        value=kw.get("value", 1),
        narrative=kw.get("narrative", "Đã làm."),
        by=user,
    )
    if status != ReportStatus.DRAFT:
        actions.submit_report(report=report, by=user)
    if status == ReportStatus.APPROVED:
        actions.approve_report(report=report, by=reviewer)
    return report


def test_visitor_reads_the_agreement(client, agreement):
    Signatory.objects.create(
        agreement=agreement,
        name="Lê Quốc Phong",
        title="Bí thư thứ nhất Trung ương Đoàn",
        party=Party.UNION,
        spoke=True,
    )
    response = client.get(reverse("agreements:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert agreement.title in html
    assert "Lê Quốc Phong" in html
    assert "23/08/2019" in html
    assert "31/12/2022" in html
    assert 'style="' not in html  # CSP: no inline styles


def test_visitor_sees_only_approved_progress(
    client, agreement, union_indicator, hanoi_officer, hanoi_liaison
):
    approved = _report(union_indicator, hanoi_officer, ReportStatus.APPROVED, hanoi_liaison)
    draft = _report(union_indicator, hanoi_officer, quarter=2, narrative="Bản nháp bí mật")
    url = reverse("agreements:commitment", args=[union_indicator.commitment.pk])
    html = client.get(url).content.decode()
    assert approved.get_absolute_url() in html
    assert "Dòng thời gian" in html and "(đã xác nhận)" in html
    assert "Bản nháp bí mật" not in html
    assert client.get(approved.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    listing = client.get(reverse("agreements:commitments")).content.decode()
    assert "<progress" in listing
    assert 'value="3"' in listing  # 1 of 34, the approved one only


def test_another_units_draft_is_a_404(
    client, union_indicator, hanoi_officer, nghean_officer, hanoi_liaison
):
    draft = _report(union_indicator, hanoi_officer)
    client.force_login(nghean_officer)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("agreements:report_edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("agreements:report_submit", args=[draft.pk])).status_code == 404
    client.force_login(hanoi_liaison)  # the reviewer does not see drafts either
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_officer_creates_a_report_with_evidence(client, union_indicator, hanoi_officer):
    client.force_login(hanoi_officer)
    url = reverse("agreements:report_create", args=[union_indicator.pk])
    assert client.get(url).status_code == 200
    response = post_report(client, union_indicator, hanoi_officer, [pdf_file(), png_file()])
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.evidence.count() == 2
    names = {e.file.name.rsplit("/", 1)[-1] for e in report.evidence.all()}
    assert all(len(n.split(".")[0]) == 32 for n in names)  # random names
    evidence = report.evidence.get(original_name="bien-ban.pdf")
    download = client.get(evidence.get_absolute_url())
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"value": "mười"}, "value", "Nhập một số"),
        ({"year": 2023, "quarter": 2}, "quarter", "ngoài thời hạn"),
    ],
)
def test_bad_input_is_told_on_the_field_and_keeps_the_upload(
    client, union_indicator, hanoi_officer, data, field, message
):
    client.force_login(hanoi_officer)
    url = reverse("agreements:report_create", args=[union_indicator.pk])
    payload = {
        "unit": hanoi_officer.unit_id,
        "year": 2021,
        "quarter": 1,
        "value": "1",
        "narrative": "Giữ lại nội dung này",
        "evidence": [pdf_file("bao-cao.pdf")],
        **data,
    }
    response = client.post(url, payload)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    assert message in html
    assert "Giữ lại nội dung này" in html
    assert ProgressReport.objects.count() == 0
    pending = PendingUpload.objects.get(owner=hanoi_officer)
    assert pending.original_name == "bao-cao.pdf"
    assert "bao-cao.pdf" in html and "checked" in html
    # Fix the field and send again without re-uploading: the kept file is attached.
    payload.update({"value": "1", "year": 2021, "quarter": 1, "evidence": []})
    payload["pending"] = [pending.pk]
    response = client.post(url, payload)
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert list(report.evidence.values_list("original_name", flat=True)) == ["bao-cao.pdf"]
    assert not PendingUpload.objects.exists()


def test_duplicate_period_and_bad_files(client, union_indicator, hanoi_officer, settings):
    _report(union_indicator, hanoi_officer, quarter=1)
    client.force_login(hanoi_officer)
    url = reverse("agreements:report_create", args=[union_indicator.pk])
    base = {"unit": hanoi_officer.unit_id, "year": 2021, "quarter": 1, "value": "2"}
    response = client.post(url, base)
    assert response.status_code == 400
    assert "đã có báo cáo" in response.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {**base, "quarter": 2, "evidence": [fake]})
    assert response.status_code == 400 and "evidence" in response.context["form"].errors
    settings.UPLOAD_MAX_BYTES = 10
    response = client.post(url, {**base, "quarter": 2, "evidence": [pdf_file()]})
    assert response.status_code == 400 and "evidence" in response.context["form"].errors
    assert ProgressReport.objects.count() == 1


def test_reviewer_returns_then_approves_through_the_page(
    client, union_indicator, hanoi_officer, hanoi_liaison
):
    report = _report(union_indicator, hanoi_officer, ReportStatus.SUBMITTED)
    client.force_login(hanoi_liaison)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "decision" in page
    url = reverse("agreements:report_review", args=[report.pk])
    refused = client.post(url, {"decision": "return", "comment": "  "})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # a return needs a comment
    # The page comes back with the reviewer's choice kept and the reason next to the field.
    assert refused.status_code == 400
    assert refused.context["review_form"].errors["comment"]
    assert 'value="return" required id="id_decision_1" checked' in refused.content.decode()
    client.post(url, {"decision": "return", "comment": "Thiếu minh chứng"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    client.force_login(hanoi_officer)
    client.post(
        reverse("agreements:report_edit", args=[report.pk]),
        {"value": "1", "narrative": "Bổ sung", "evidence": [pdf_file()]},
    )
    client.post(reverse("agreements:report_submit", args=[report.pk]))
    client.force_login(hanoi_liaison)
    response = client.post(url, {"decision": "approve", "comment": ""}, follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.evidence.count() == 1
    assert "khóa" in response.content.decode()
    # Locked: the author can no longer edit it.
    client.force_login(hanoi_officer)
    assert client.get(reverse("agreements:report_edit", args=[report.pk])).status_code == 404


def test_dashboard(client, agreement, union_indicator, hanoi_officer, hanoi_liaison, member):
    assert client.get(reverse("agreements:dashboard")).status_code == 302
    client.force_login(member)
    assert client.get(reverse("agreements:dashboard")).status_code == 403
    report = _report(union_indicator, hanoi_officer, ReportStatus.SUBMITTED)
    _report(union_indicator, hanoi_officer, quarter=2)  # a draft, overdue since 2021
    client.force_login(hanoi_liaison)
    response = client.get(reverse("agreements:dashboard"))
    assert response.status_code == 200
    assert report in response.context["awaiting"]
    client.force_login(hanoi_officer)
    response = client.get(reverse("agreements:dashboard"))
    assert [r.quarter for r in response.context["overdue"]] == [2]
    by_province = dict(response.context["by_province"])  # computed on a fragment-cache miss
    assert by_province["Hà Nội"]["submitted"] == 1 and by_province["Hà Nội"]["draft"] == 1


def test_activities_list_calendar_and_participants_feed_indicators(
    client, agreement, vnpt_indicator, org_tree
):
    import datetime

    from agreements.models import AutoSource

    vnpt_indicator.auto_source = AutoSource.ACTIVITY_PARTICIPANTS
    vnpt_indicator.save()
    activity = make_activity(
        agreement,
        "Cuộc thi Tin học trẻ trực tuyến",
        "tin-hoc-tre",
        online=True,
        province="Hà Nội",
        participants=42,
    )
    activity.indicators.add(vnpt_indicator)
    activity.organising_units.add(org_tree("Thành đoàn Hà Nội"), org_tree("VNPT Hà Nội"))
    other = make_activity(
        agreement,
        "Mùa hè xanh Cần Thơ",
        "mua-he-xanh",
        theme="volunteering",
        starts_on=datetime.date(2021, 11, 20),
        ends_on=datetime.date(2021, 11, 20),
        province="Cần Thơ",
        participants=10,
    )
    listing = client.get(reverse("agreements:activities"), {"province": "Hà Nội"})
    assert activity in listing.context["page_obj"] and other not in listing.context["page_obj"]
    listing = client.get(reverse("agreements:activities"), {"q": "mua he"})
    assert list(listing.context["page_obj"]) == [other]
    cal = client.get(reverse("agreements:calendar"), {"month": "2021-11", "theme": "volunteering"})
    html = cal.content.decode()
    assert "Mùa hè xanh Cần Thơ" in html and "Tin học trẻ" not in html
    for bad in ("bad", "2021-13", "1-1", "2021"):
        assert client.get(reverse("agreements:calendar"), {"month": bad}).status_code == 200
    assert client.get(activity.get_absolute_url()).status_code == 200
    from agreements.selectors import indicator_progress

    progress = indicator_progress([vnpt_indicator])[vnpt_indicator.pk]
    assert progress.automatic == 42 and progress.reported == 0
    assert (
        indicator_progress([vnpt_indicator], province="Cần Thơ")[vnpt_indicator.pk].automatic == 0
    )


def test_latest_measure_counts_each_unit_once(
    agreement, union_indicator, hanoi_officer, nghean_officer, hanoi_liaison, make_user
):
    from agreements.selectors import indicator_progress

    nghean_liaison = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    _report(union_indicator, hanoi_officer, ReportStatus.APPROVED, hanoi_liaison, quarter=1)
    _report(union_indicator, hanoi_officer, ReportStatus.APPROVED, hanoi_liaison, quarter=2)
    _report(union_indicator, nghean_officer, ReportStatus.APPROVED, nghean_liaison, quarter=2)
    _report(union_indicator, nghean_officer, ReportStatus.SUBMITTED, quarter=3, value=5)
    progress = indicator_progress([union_indicator])[union_indicator.pk]
    assert progress.reported == Decimal("2") and progress.reports == 3


def test_photo_and_document_are_served(client, agreement):
    from django.core.files.base import ContentFile

    from agreements.models import AgreementDocument

    photo = Photo(agreement=agreement, caption="Lễ ký", credit="Ảnh: Minh Châu")
    photo.image.save("x.png", ContentFile(png_file().read()), save=True)
    doc = AgreementDocument(agreement=agreement, title="Bản ký")
    doc.file.save("x.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "Ảnh: Minh Châu" in html
    assert client.get(photo.get_absolute_url()).status_code == 200
    assert "attachment" in client.get(doc.get_absolute_url())["Content-Disposition"]


def test_home_panel_and_nav(client, agreement, hanoi_officer, member):
    html = client.get("/").content.decode()
    assert agreement.title in html
    client.force_login(hanoi_officer)
    assert reverse("agreements:dashboard") in client.get("/").content.decode()
    client.force_login(member)
    assert reverse("agreements:dashboard") not in client.get("/").content.decode()


def test_visitors_see_the_public_part_of_an_approved_report(
    client, union_indicator, hanoi_officer, hanoi_liaison
):
    report = _report(union_indicator, hanoi_officer, ReportStatus.SUBMITTED)
    actions.return_report(report=report, by=hanoi_liaison, comment="Ghi chú nội bộ của VNPT")
    actions.submit_report(report=report, by=hanoi_officer)
    actions.approve_report(report=report, by=hanoi_liaison)
    public = client.get(report.get_absolute_url()).content.decode()
    assert report.narrative in public
    assert "Ghi chú nội bộ của VNPT" not in public
    assert hanoi_liaison.full_name not in public
    client.force_login(hanoi_officer)
    inside = client.get(report.get_absolute_url()).content.decode()
    assert "Ghi chú nội bộ của VNPT" in inside and hanoi_liaison.full_name in inside


def test_report_list_filters_and_hides_drafts_of_others(
    client, union_indicator, vnpt_indicator, hanoi_officer, hanoi_liaison, tw_officer
):
    approved = _report(union_indicator, hanoi_officer, ReportStatus.APPROVED, hanoi_liaison)
    draft = _report(union_indicator, hanoi_officer, quarter=2)
    vnpt = _report(vnpt_indicator, hanoi_liaison, ReportStatus.APPROVED, tw_officer, value=4)
    url = reverse("agreements:reports")
    assert set(client.get(url).context["page_obj"]) == {approved, vnpt}
    assert list(client.get(url, {"party": "vnpt"}).context["page_obj"]) == [vnpt]
    assert list(client.get(url, {"q": "uu tien"}).context["page_obj"]) == [approved]
    assert list(client.get(url, {"province": "Nghệ An"}).context["page_obj"]) == []
    assert client.get(url, {"year": "abc"}).status_code == 200
    client.force_login(hanoi_officer)
    page = client.get(url, {"status": "draft"})
    assert list(page.context["page_obj"]) == [draft]
    client.force_login(tw_officer)
    assert list(client.get(url, {"status": "draft"}).context["page_obj"]) == []


def test_dashboard_summary_is_rendered_once_and_changes_show_at_once(
    client, agreement, union_indicator, hanoi_officer, tw_officer
):
    """The agreement-wide tables are cached fragments keyed on the data's generations."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(hanoi_officer)
    url = reverse("agreements:dashboard")
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url).content.decode()
    assert union_indicator.name in first
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url).content.decode()
    assert again.count("progress-table") == first.count("progress-table")
    # Another officer gets the same fragments without computing them again.
    other = type(client)()
    other.force_login(tw_officer)
    with CaptureQueriesContext(connection) as shared:
        assert union_indicator.name in other.get(url).content.decode()
    # The summary's own queries (indicators, approved values, reports by province) are gone.
    assert len(warm.captured_queries) <= len(cold.captured_queries) - 3
    assert len(shared.captured_queries) <= len(cold.captured_queries) - 3
    # A change to the agreement's data shows on the next view.
    union_indicator.name = "Chỉ tiêu đổi tên"
    union_indicator.save()
    assert "Chỉ tiêu đổi tên" in client.get(url).content.decode()
    # Another province is another fragment.
    assert "Chỉ tiêu đổi tên" in client.get(url, {"province": "Nghệ An"}).content.decode()
