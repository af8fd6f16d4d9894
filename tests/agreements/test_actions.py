"""The report pipeline through the actions: who may do what, history, notifications."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from agreements import actions, selectors
from agreements.models import ProgressReport, ReportStatus, ReportStatusChange
from partnership.notifications.models import Notification
from partnership.uploads import clean_upload
from tests.factories import make_agreement, make_commitment

from .conftest import pdf_file

pytestmark = pytest.mark.django_db


def _evidence():
    safe = clean_upload(pdf_file())
    return [{"file": safe, "name": "bien-ban.pdf", "content_type": safe.content_type}]


def _draft(indicator, officer, **kw):
    return actions.create_report(
        indicator=indicator,
        unit=officer.unit,
        year=kw.get("year", 2021),
        quarter=kw.get("quarter", 2),
        value=kw.get("value", Decimal("1")),
        narrative="Đã triển khai.",
        by=officer,
        files=kw.get("files", ()),
    )


def test_full_pipeline_records_every_move_and_notifies(
    union_indicator, hanoi_officer, hanoi_liaison, hq_liaison, nghean_officer
):
    report = _draft(union_indicator, hanoi_officer, files=_evidence())
    assert report.status == ReportStatus.DRAFT
    assert report.evidence.count() == 1

    actions.submit_report(report=report, by=hanoi_officer)
    reviewers = set(
        Notification.objects.filter(event="agreements.report_submitted").values_list(
            "recipient__email", flat=True
        )
    )
    # The VNPT branch of the same province and the designated reviewing unit (group HQ).
    assert reviewers == {hanoi_liaison.email, hq_liaison.email}

    actions.return_report(report=report, by=hanoi_liaison, comment="Thiếu biên bản.")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.review_comment == "Thiếu biên bản."
    returned_to = Notification.objects.filter(event="agreements.report_returned")
    assert {n.recipient for n in returned_to} == {hanoi_officer}

    actions.update_report(report=report, by=hanoi_officer, value=Decimal("1"), narrative="Đủ.")
    actions.submit_report(report=report, by=hanoi_officer)
    actions.approve_report(report=report, by=hq_liaison)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.is_locked
    assert report.reviewed_by == hq_liaison

    moves = list(
        ReportStatusChange.objects.filter(report=report).values_list("old_status", "new_status")
    )
    assert moves == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "approved"),
    ]
    assert Notification.objects.filter(
        event="agreements.report_approved", recipient=hanoi_officer
    ).exists()
    # Another province's officer was never told anything.
    assert not Notification.objects.filter(recipient=nghean_officer).exists()


def test_approved_report_is_locked(union_indicator, hanoi_officer, hanoi_liaison):
    report = _draft(union_indicator, hanoi_officer)
    actions.submit_report(report=report, by=hanoi_officer)
    actions.approve_report(report=report, by=hanoi_liaison)
    with pytest.raises(actions.TransitionError):
        actions.update_report(report=report, by=hanoi_officer, value=5, narrative="")
    with pytest.raises(actions.TransitionError):
        actions.submit_report(report=report, by=hanoi_officer)
    report.refresh_from_db()
    assert report.value == Decimal("1")


def test_only_the_other_party_approves(union_indicator, hanoi_officer, tw_officer, make_user):
    report = _draft(union_indicator, hanoi_officer)
    actions.submit_report(report=report, by=hanoi_officer)
    with pytest.raises(PermissionDenied):
        actions.approve_report(report=report, by=tw_officer)  # same party
    danang = make_user("vnpt_liaison", unit="VNPT Đà Nẵng")
    with pytest.raises(PermissionDenied):
        actions.approve_report(report=report, by=danang)  # other party, not its reviewer
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.status_changes.count() == 2


def test_vnpt_commitment_is_confirmed_by_the_union(vnpt_indicator, hanoi_liaison, tw_officer):
    report = _draft(vnpt_indicator, hanoi_liaison, value=3)
    actions.submit_report(report=report, by=hanoi_liaison)
    actions.approve_report(report=report, by=tw_officer, comment="Khớp số liệu.")
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED


def test_who_may_report(union_indicator, vnpt_indicator, hanoi_officer, hanoi_liaison, member):
    with pytest.raises(PermissionDenied):
        _draft(vnpt_indicator, hanoi_officer)  # a Union officer on a VNPT commitment
    with pytest.raises(PermissionDenied):
        _draft(union_indicator, hanoi_liaison)
    with pytest.raises(PermissionDenied):
        _draft(union_indicator, member)  # a member is not an officer


def test_parent_unit_officer_may_report_for_a_unit_below(union_indicator, hanoi_officer, org_tree):
    below = org_tree("Đoàn Thanh niên Đại học Quốc gia Hà Nội")
    report = actions.create_report(
        indicator=union_indicator, unit=below, year=2020, quarter=1, value=1, by=hanoi_officer
    )
    assert report.unit == below


def test_return_needs_a_comment(union_indicator, hanoi_officer, hanoi_liaison):
    report = _draft(union_indicator, hanoi_officer)
    actions.submit_report(report=report, by=hanoi_officer)
    with pytest.raises(ValidationError):
        actions.return_report(report=report, by=hanoi_liaison, comment="  ")


def test_period_outside_term_and_duplicates(union_indicator, hanoi_officer):
    with pytest.raises(ValidationError) as exc:
        _draft(union_indicator, hanoi_officer, year=2023, quarter=1)
    assert "quarter" in exc.value.message_dict
    _draft(union_indicator, hanoi_officer)
    with pytest.raises(ValidationError) as exc:
        _draft(union_indicator, hanoi_officer)
    assert "quarter" in exc.value.message_dict
    assert ProgressReport.objects.count() == 1


def test_database_refuses_a_second_report_for_the_same_period(union_indicator, hanoi_officer):
    report = _draft(union_indicator, hanoi_officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.create(
            indicator=union_indicator, unit=report.unit, year=2021, quarter=2, value=2
        )


def test_admin_reopens_and_it_is_recorded(
    union_indicator, hanoi_officer, hanoi_liaison, admin_user
):
    report = _draft(union_indicator, hanoi_officer)
    actions.submit_report(report=report, by=hanoi_officer)
    actions.approve_report(report=report, by=hanoi_liaison)
    with pytest.raises(PermissionDenied):
        actions.reopen_report(report=report, by=hanoi_liaison, comment="x")
    actions.reopen_report(report=report, by=admin_user, comment="Sai số liệu quý.")
    last = report.status_changes.last()
    assert (last.old_status, last.new_status, last.by) == ("approved", "returned", admin_user)
    assert Notification.objects.filter(
        event="agreements.report_reopened", recipient=hanoi_officer
    ).exists()


def test_second_reviewer_is_told_the_report_already_moved(
    union_indicator, hanoi_officer, hanoi_liaison, hq_liaison
):
    report = _draft(union_indicator, hanoi_officer)
    actions.submit_report(report=report, by=hanoi_officer)
    stale = ProgressReport.objects.get(pk=report.pk)
    actions.approve_report(report=report, by=hanoi_liaison)
    with pytest.raises(actions.TransitionError) as exc:
        actions.return_report(report=stale, by=hq_liaison, comment="Chưa đủ.")
    assert hanoi_liaison.full_name in str(exc.value)
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED
    assert report.status_changes.filter(new_status="returned").count() == 0


def _extension(slug, **commitment):
    """A commitment of an agreement running 2025–2027, for the reminders of its reports."""
    agreement = make_agreement(
        title="Gia hạn",
        slug=slug,
        place="",
        signed_on=datetime.date(2025, 1, 1),
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    return make_commitment(agreement, text="...", **commitment)


def test_reminders_due_in_seven_days_and_overdue(make_user, org_tree):
    from agreements.models import Indicator, Level, Theme
    from partnership.organisations.models import Party

    commitment = _extension(
        "gia-han", code="V.1", party=Party.VNPT, level=Level.LOCAL, theme=Theme.VNPT_PAY
    )
    branch = org_tree("VNPT Nghệ An")
    commitment.responsible_units.set([branch])
    Indicator.objects.create(commitment=commitment, name="Ví", unit_of_measure="ví", target=10)
    liaison = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    make_user("vnpt_liaison", unit="VNPT Hà Nội")

    # Q1/2026 is due on 15/04/2026.
    assert actions.send_report_reminders(today=datetime.date(2026, 4, 8)) == 1
    assert Notification.objects.get(event="agreements.report_due").recipient == liaison
    assert actions.send_report_reminders(today=datetime.date(2026, 4, 9)) == 0
    assert actions.send_report_reminders(today=datetime.date(2026, 4, 16)) == 1
    assert Notification.objects.get(event="agreements.report_overdue").recipient == liaison

    report = actions.create_report(
        indicator=commitment.indicators.get(),
        unit=branch,
        year=2026,
        quarter=1,
        value=4,
        by=liaison,
    )
    actions.submit_report(report=report, by=liaison)
    assert actions.send_report_reminders(today=datetime.date(2026, 4, 23)) == 0


def test_notification_templates_render(union_indicator, hanoi_officer, hanoi_liaison):
    from django.template.loader import render_to_string

    report = _draft(union_indicator, hanoi_officer)
    actions.submit_report(report=report, by=hanoi_officer)
    for event in [
        "report_submitted",
        "report_approved",
        "report_returned",
        "report_reopened",
        "report_due",
        "report_overdue",
    ]:
        for part in ("subject", "body"):
            text = render_to_string(
                f"notifications/agreements/{event}.{part}.txt",
                {
                    "object": report,
                    "context": {
                        "period": "Q2/2021",
                        "unit": "X",
                        "indicator": "Y",
                        "comment": "Z",
                        "due": "15/07/2021",
                        "indicators": ["Y"],
                    },
                    "url": "http://x/",
                },
            )
            assert text.strip()


def test_selectors_visibility(union_indicator, hanoi_officer, nghean_officer, hanoi_liaison):
    from django.contrib.auth.models import AnonymousUser

    report = _draft(union_indicator, hanoi_officer)
    assert report in selectors.reports_visible_to(hanoi_officer)
    assert report not in selectors.reports_visible_to(nghean_officer)
    assert report not in selectors.reports_visible_to(hanoi_liaison)  # drafts stay home
    actions.submit_report(report=report, by=hanoi_officer)
    assert report in selectors.awaiting_confirmation(hanoi_liaison)
    assert report not in selectors.reports_visible_to(AnonymousUser())
    actions.approve_report(report=report, by=hanoi_liaison)
    assert report in selectors.reports_visible_to(AnonymousUser())


def test_units_that_reported_before_are_reminded_too(make_user, org_tree):
    from agreements.models import Indicator

    commitment = _extension("gia-han-2", title="Ưu tiên")
    commitment.responsible_units.set([org_tree("trung-uong-doan")])
    indicator = Indicator.objects.create(
        commitment=commitment, name="Đơn vị", unit_of_measure="đơn vị", target=34
    )
    hanoi = make_user("union_officer", unit="Thành đoàn Hà Nội")
    make_user("union_officer", unit="Tỉnh đoàn Nghệ An")  # never reported: not chased
    actions.create_report(
        indicator=indicator, unit=hanoi.unit, year=2025, quarter=4, value=1, by=hanoi
    )
    assert actions.send_report_reminders(today=datetime.date(2026, 4, 8)) == 1
    assert Notification.objects.get(event="agreements.report_due").recipient == hanoi
    missing = selectors.missing_reports(today=datetime.date(2026, 4, 20))
    assert {(u.name, y, q) for _i, u, y, q in missing} >= {("Thành đoàn Hà Nội", 2026, 1)}
    assert "Tỉnh đoàn Nghệ An" not in {u.name for _i, u, _y, _q in missing}


def test_stale_pending_uploads_are_forgotten_and_used_ones_kept(
    hanoi_officer, union_indicator, django_capture_on_commit_callbacks
):
    import os

    from partnership.files.actions import stage_upload
    from partnership.files.models import PendingUpload
    from partnership.files.tasks import purge_abandoned_uploads

    def kept(name):
        return stage_upload(file=pdf_file(name), by=hanoi_officer, purpose=actions.EVIDENCE_UPLOADS)

    old, fresh, used = kept("a.pdf"), kept("b.pdf"), kept("c.pdf")
    report = actions.create_report(
        indicator=union_indicator, unit=hanoi_officer.unit, year=2021, quarter=1, value=1,
        by=hanoi_officer, pending=[used],
    )  # fmt: skip
    evidence = report.evidence.get()
    assert evidence.original_name == "c.pdf" and evidence.file.name == used.file.name
    PendingUpload.objects.update(created_at=old.created_at - datetime.timedelta(days=2))
    PendingUpload.objects.filter(pk=fresh.pk).update(created_at=fresh.created_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_abandoned_uploads.delay().get() == 1
    assert list(PendingUpload.objects.all()) == [fresh]
    assert not os.path.exists(old.file.path)
    assert os.path.exists(fresh.file.path) and os.path.exists(evidence.file.path)


def test_removed_evidence_leaves_no_file(
    hanoi_officer, union_indicator, django_capture_on_commit_callbacks
):
    import os

    checked = clean_upload(pdf_file())
    report = actions.create_report(
        indicator=union_indicator, unit=hanoi_officer.unit, year=2021, quarter=1, value=1,
        by=hanoi_officer,
        files=[{"file": checked, "name": "bien-ban.pdf", "content_type": checked.content_type}],
    )  # fmt: skip
    evidence = report.evidence.get()
    assert os.path.exists(evidence.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_report(report=report, by=hanoi_officer, value=2, remove=[evidence.pk])
    assert not report.evidence.exists() and not os.path.exists(evidence.file.path)
