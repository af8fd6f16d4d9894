"""Evidence downloads keep the extension of the type the upload was checked to be."""

from agreements.models import ProgressReport
from tests.agreements.conftest import pdf_file, png_file, post_report


def test_evidence_download_name_follows_the_checked_type(client, union_indicator, hanoi_officer):
    evidence = [pdf_file("bien-ban.FDP.exe"), png_file("anh\u202egnp.exe")]
    response = post_report(client, union_indicator, hanoi_officer, evidence)
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    names = {}
    for evidence in report.evidence.all():
        download = client.get(evidence.get_absolute_url())
        assert download.status_code == 200
        names[evidence.original_name] = download["Content-Disposition"]
    assert names["bien-ban.FDP.exe"] == 'attachment; filename="bien-ban.FDP.pdf"'
    # The stored name already lost the override character; the download has the right type.
    assert names["anhgnp.exe"] == 'inline; filename="anhgnp.png"'
