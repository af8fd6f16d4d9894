"""Admin pages with their inlines, the admin's reopen, evidence access, the home panel."""

import pytest
from django.urls import reverse

from agreements import actions
from agreements.models import ProgressReport, ReportStatus
from tests.factories import make_activity

from .conftest import pdf_file

pytestmark = pytest.mark.django_db


def _approved(indicator, officer, reviewer, files=()):
    report = actions.create_report(
        indicator=indicator, unit=officer.unit, year=2021, quarter=1, value=1, by=officer,
        files=files,
    )  # fmt: skip
    actions.submit_report(report=report, by=officer)
    actions.approve_report(report=report, by=reviewer)
    return report


def test_admin_pages_render(
    client, agreement, union_indicator, hanoi_officer, hanoi_liaison, admin_user
):
    admin_user.is_staff = True
    admin_user.save()
    report = _approved(union_indicator, hanoi_officer, hanoi_liaison)
    client.force_login(admin_user)
    session = client.session
    session["allauth_2fa_login"] = True
    session.save()
    urls = [
        reverse("admin:agreements_agreement_change", args=[agreement.pk]),
        reverse("admin:agreements_commitment_change", args=[union_indicator.commitment.pk]),
        reverse("admin:agreements_indicator_change", args=[union_indicator.pk]),
        reverse("admin:agreements_progressreport_changelist") + "?status=approved&q=van+phong",
        reverse("admin:agreements_progressreport_change", args=[report.pk]),
        reverse("admin:agreements_jointactivity_changelist"),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        if response.redirect_chain:  # staff must switch on TOTP first (ADMIN_REQUIRE_MFA)
            pytest.skip("admin requires MFA in this configuration")
        assert response.status_code == 200, url


def test_admin_reopens_an_approved_report_from_the_page(
    client, union_indicator, hanoi_officer, hanoi_liaison, admin_user
):
    report = _approved(union_indicator, hanoi_officer, hanoi_liaison)
    client.force_login(hanoi_officer)
    assert "Mở lại" not in client.get(report.get_absolute_url()).content.decode()
    client.post(reverse("agreements:report_reopen", args=[report.pk]), {"comment": "x"})
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED
    client.force_login(admin_user)
    client.post(reverse("agreements:report_reopen", args=[report.pk]), {"comment": "Sai kỳ."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.status_changes.last().comment == "Sai kỳ."


def test_evidence_is_public_only_once_approved(
    client, union_indicator, hanoi_officer, hanoi_liaison, nghean_officer
):
    from partnership.uploads import clean_upload

    safe = clean_upload(pdf_file())
    report = actions.create_report(
        indicator=union_indicator, unit=hanoi_officer.unit, year=2021, quarter=1, value=1,
        by=hanoi_officer, files=[{"file": safe, "name": "bb.pdf", "content_type": safe.content_type}],
    )  # fmt: skip
    evidence = report.evidence.get()
    assert client.get(evidence.get_absolute_url()).status_code == 404
    client.force_login(nghean_officer)
    assert client.get(evidence.get_absolute_url()).status_code == 404
    client.force_login(hanoi_officer)
    assert client.get(evidence.get_absolute_url()).status_code == 200
    actions.submit_report(report=report, by=hanoi_officer)
    client.force_login(hanoi_liaison)  # the reviewer checks the evidence before confirming
    assert client.get(evidence.get_absolute_url()).status_code == 200
    actions.approve_report(report=report, by=hanoi_liaison)
    client.logout()
    assert client.get(evidence.get_absolute_url()).status_code == 200
    evidence.public = False
    evidence.save()
    assert client.get(evidence.get_absolute_url()).status_code == 404


def test_commitment_filters_by_progress_and_theme(
    client, agreement, union_indicator, hanoi_officer, hanoi_liaison
):
    _approved(union_indicator, hanoi_officer, hanoi_liaison)
    url = reverse("agreements:commitments")
    groups = client.get(url, {"status": "in_progress"}).context["groups"]
    assert [c.code for g in groups for c, _ in g["rows"]] == ["Đ.1"]
    groups = client.get(url, {"status": "not_started"}).context["groups"]
    assert [c.code for g in groups for c, _ in g["rows"]] == ["V.5"]
    groups = client.get(url, {"theme": "youth_activities"}).context["groups"]
    assert [c.code for g in groups for c, _ in g["rows"]] == ["V.5"]
    groups = client.get(url, {"q": "uu tien"}).context["groups"]
    assert [c.code for g in groups for c, _ in g["rows"]] == ["Đ.1"]
    assert client.get(url, {"province": "Atlantis"}).status_code == 200


def test_home_panel_is_cheap(
    client, agreement, union_indicator, hanoi_officer, hanoi_liaison, django_assert_max_num_queries
):
    from django.test import RequestFactory

    from agreements.models import ReportStatus
    from agreements.panels import home_panel

    from .test_views import _report

    for i in range(3):
        make_activity(agreement, f"Hoạt động {i}", f"hoat-dong-{i}", province="Hà Nội")
    for quarter in (1, 2):
        _report(
            union_indicator, hanoi_officer, ReportStatus.APPROVED, hanoi_liaison, quarter=quarter
        )
    with django_assert_max_num_queries(3):
        context = home_panel(RequestFactory().get("/"))
    # Each figure counted on its own (joined COUNT(DISTINCT …) used to multiply the rows).
    assert (context["commitments"], context["activities"], context["approved"]) == (2, 3, 2)


def test_admin_upload_forms_check_content(agreement):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.forms import modelform_factory

    from agreements.models import AgreementDocument, Photo

    from .conftest import png_file

    # No form of its own: the model fields give every ModelForm (the admin's too) the check.
    DocumentForm = modelform_factory(
        AgreementDocument, fields=["agreement", "title", "kind", "file", "order"]
    )
    PhotoForm = modelform_factory(
        Photo, fields=["agreement", "activity", "image", "caption", "credit", "order"]
    )

    fake = SimpleUploadedFile("scan.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    form = DocumentForm(
        {"agreement": agreement.pk, "title": "Bản ký", "kind": "signed", "order": 0},
        {"file": fake},
    )
    assert not form.is_valid() and "file" in form.errors
    form = DocumentForm(
        {"agreement": agreement.pk, "title": "Bản ký", "kind": "signed", "order": 0},
        {"file": pdf_file()},
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.file.name.endswith(".pdf") and "bien-ban" not in saved.file.name
    form = PhotoForm(
        {"agreement": agreement.pk, "caption": "Lễ ký", "credit": "Ảnh: Minh Châu", "order": 0},
        {"image": pdf_file("anh.jpg")},
    )
    assert not form.is_valid() and "image" in form.errors
    form = PhotoForm(
        {"agreement": agreement.pk, "caption": "Lễ ký", "credit": "Ảnh: Minh Châu", "order": 0},
        {"image": png_file()},
    )
    assert form.is_valid(), form.errors
