"""axe-core on every agreement page type with the demo data, at 1280 px and 375 px."""

import pytest

from tests.browser.axe_check import load_demo, serious_violations, with_test_password

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(db, settings, live_server):
    load_demo(settings)


def _pages():
    from agreements.models import Commitment, Indicator, JointActivity, ProgressReport

    report = ProgressReport.objects.filter(
        status="submitted", unit__name="Thành đoàn Hà Nội"
    ).first()
    return [
        (None, "/agreement/"),
        (None, "/agreement/commitments/?province=Ngh%E1%BB%87+An"),
        (None, Commitment.objects.get(code="V.5").get_absolute_url()),
        (None, "/agreement/activities/"),
        (None, "/agreement/reports/"),
        (None, "/agreement/activities/calendar/?month=2021-03"),
        (None, JointActivity.objects.first().get_absolute_url()),
        ("vnpt.hanoi@doan-vnpt.test", "/agreement/dashboard/"),
        ("vnpt.hanoi@doan-vnpt.test", report.get_absolute_url()),
        (
            "officer.hanoi@doan-vnpt.test",
            f"/agreement/indicators/{Indicator.objects.get(commitment__code='Đ.1', order=0).pk}/report/",
        ),
    ]


def test_agreement_pages_have_no_serious_violations(browser, live_server, demo):
    pages = _pages()
    with_test_password(*{email for email, _path in pages if email})
    failures = serious_violations(browser, live_server.url, pages)
    assert not failures, "\n".join(failures)
