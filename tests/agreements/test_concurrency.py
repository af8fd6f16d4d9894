"""Two reviewers acting on one report at the same moment, on two real database connections."""

import threading

import pytest
from django.conf import settings
from django.db import connection, transaction

from agreements import actions
from agreements.models import ProgressReport, ReportStatus

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not settings.IS_POSTGRES, reason="row locks need PostgreSQL (SQLite locks the file)"
    ),
]


def _in_thread(fn, results, key):
    def run():
        try:
            results[key] = fn()
        except Exception as exc:  # the outcome under test, collected for the main thread
            results[key] = exc
        finally:
            connection.close()

    return threading.Thread(target=run)


def _second_waits_for_first(first, second, release, why):
    """Run `first` and `second` in threads of their own; `second` must still wait (`why` says
    for what) until `release` lets `first` finish. What each one returned or raised."""
    results = {}
    a, b = _in_thread(first, results, "a"), _in_thread(second, results, "b")
    a.start()
    b.start()
    b.join(1.0)
    assert b.is_alive(), why
    release.set()
    a.join(10)
    b.join(10)
    return results["a"], results["b"]


@pytest.fixture
def submitted(transactional_db, org_tree, make_user, agreement, union_indicator):
    officer = make_user("union_officer", unit="Thành đoàn Hà Nội")
    report = actions.create_report(
        indicator=union_indicator, unit=officer.unit, year=2021, quarter=1, value=1, by=officer
    )
    actions.submit_report(report=report, by=officer)
    return report


def test_the_second_reviewer_waits_for_the_lock_then_is_told(submitted, make_user):
    branch = make_user("vnpt_liaison", unit="VNPT Hà Nội")
    hq = make_user("vnpt_liaison", unit="vnpt")
    locked, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            ProgressReport.objects.select_for_update().get(pk=submitted.pk)
            locked.set()
            release.wait(10)
            return actions.approve_report(report=submitted, by=branch)

    def second():
        locked.wait(10)
        return actions.return_report(report=submitted, by=hq, comment="Chưa đủ minh chứng")

    approved, returned = _second_waits_for_first(
        first, second, release, "the second reviewer must wait for the first one's row lock"
    )
    assert isinstance(approved, ProgressReport)
    assert isinstance(returned, actions.TransitionError)
    assert branch.full_name in str(returned)
    report = ProgressReport.objects.get(pk=submitted.pk)
    assert report.status == ReportStatus.APPROVED and report.reviewed_by == branch
    moves = list(report.status_changes.values_list("new_status", flat=True))
    assert moves == ["draft", "submitted", "approved"]


def test_simultaneous_approve_and_return_one_wins(submitted, make_user):
    branch = make_user("vnpt_liaison", unit="VNPT Hà Nội")
    hq = make_user("vnpt_liaison", unit="vnpt")
    barrier = threading.Barrier(2)
    results = {}

    def approve():
        barrier.wait(5)
        return actions.approve_report(report=submitted, by=branch)

    def give_back():
        barrier.wait(5)
        return actions.return_report(report=submitted, by=hq, comment="Sai số liệu")

    threads = [_in_thread(approve, results, "approve"), _in_thread(give_back, results, "return")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(15)
    errors = [r for r in results.values() if isinstance(r, actions.TransitionError)]
    wins = [r for r in results.values() if isinstance(r, ProgressReport)]
    assert len(errors) == 1 and len(wins) == 1
    report = ProgressReport.objects.get(pk=submitted.pk)
    reviews = report.status_changes.exclude(new_status__in=["draft", "submitted"])
    assert reviews.count() == 1
    assert reviews.get().new_status == report.status


def test_two_confirmations_for_one_unit_lose_neither_in_the_summary(
    transactional_db, org_tree, make_user, agreement, union_indicator
):
    """The dashboard's summary row is locked before it is recomputed: the second
    confirmation waits for the first to commit, then counts both."""
    from agreements.models import ReportSummary

    officer = make_user("union_officer", unit="Thành đoàn Hà Nội")
    reports = []
    for quarter in (1, 2):
        report = actions.create_report(
            indicator=union_indicator,
            unit=officer.unit,
            year=2021,
            quarter=quarter,
            value=quarter,
            by=officer,
        )
        actions.submit_report(report=report, by=officer)
        reports.append(report)
    branch = make_user("vnpt_liaison", unit="VNPT Hà Nội")
    approved, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            out = actions.approve_report(report=reports[0], by=branch)
            approved.set()
            release.wait(10)
            return out

    def second():
        approved.wait(10)
        return actions.approve_report(report=reports[1], by=branch)

    one, two = _second_waits_for_first(
        first, second, release, "the second confirmation must wait for the summary row"
    )
    assert isinstance(one, ProgressReport) and isinstance(two, ProgressReport)
    row = ReportSummary.objects.get(indicator=union_indicator, unit=officer.unit)
    assert (row.submitted, row.approved, row.approved_sum, row.latest_value) == (0, 2, 3, 2)
