"""Writes on progress reports: drafting, the status pipeline, reminders.

Every move goes through `set_status`, i.e. `partnership.workflow.transition`: it locks the
report row, checks the move against TABLE (who may make it, what it needs), records a
ReportStatusChange and notifies, all in one transaction. Two reviewers acting at once: the second waits for the lock, then
finds the report already moved and is told so.
"""

import datetime
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnership import workflow
from partnership.accounts.models import AnyUser, User
from partnership.files.actions import claim_uploads
from partnership.notifications import categories
from partnership.notifications.actions import notify
from partnership.organisations.models import Unit

from . import selectors, summary
from .models import (
    PROGRESS_NOTICES,
    Agreement,
    Evidence,
    Indicator,
    ProgressReport,
    ReportStatus,
    ReportStatusChange,
    due_date,
)

S = ReportStatus

_editor = workflow.who(selectors.can_edit)
_reviewer = workflow.who(selectors.can_review)


def _administrator(report: ProgressReport, user: AnyUser) -> bool:
    """Only an administrator (of content, or a superuser) reopens an approved report."""
    return bool(user.is_authenticated and user.is_content_admin)


TABLE = [
    *workflow.moves([S.DRAFT, S.RETURNED], S.SUBMITTED, _editor),
    workflow.Move(S.SUBMITTED, S.APPROVED, _reviewer),
    workflow.Move(
        S.SUBMITTED,
        S.RETURNED,
        _reviewer,
        {"reason": gettext_lazy("Say what needs fixing when you return a report.")},
    ),
    # Only an administrator reopens an approved report (see reopen_report).
    workflow.Move(
        S.APPROVED,
        S.RETURNED,
        _administrator,
        {"reason": gettext_lazy("Say why the report is reopened.")},
    ),
]

# Errors of the report actions: the one hierarchy of the workflow engine.
TransitionError = workflow.WorkflowError


# The form whose kept files become evidence (partnership.files.PendingUpload.purpose).
EVIDENCE_UPLOADS = "agreements.evidence"

# A checked upload as the report form hands it over: {"file", "name", "content_type"}.
CleanFile = Mapping[str, Any]


def _attach(
    report: ProgressReport,
    *,
    by: User,
    files: Iterable[CleanFile] = (),
    pending: Iterable[Any] = (),
) -> None:
    """Evidence from files checked with the form and from `pending` uploads (rows or ids)."""
    for f in files:
        Evidence.objects.create(
            report=report,
            file=f["file"],
            original_name=f["name"][:255],
            content_type=f["content_type"],
            size=f["file"].size,
        )
    ids = [getattr(p, "pk", p) for p in pending]
    for upload in claim_uploads(by=by, purpose=EVIDENCE_UPLOADS, ids=ids):
        Evidence.objects.create(
            report=report,
            file=upload.file.name,
            original_name=upload.original_name,
            content_type=upload.content_type,
            size=upload.size,
        )


def report_period_errors(
    *, indicator: Indicator, unit: Unit | None, year: int, quarter: int
) -> dict[str, str]:
    """Why a new report of `unit` on `indicator` cannot cover this quarter, by form field."""
    if not indicator.takes_reports:
        return {
            "value": _(
                "This indicator is counted automatically from the portal; it takes no report."
            )
        }
    agreement = indicator.commitment.agreement
    if not agreement.covers(year, quarter):
        return {
            "quarter": _("This period is outside the agreement's term (%(start)s–%(end)s).")
            % {
                "start": agreement.starts_on.strftime("%d/%m/%Y"),
                "end": agreement.ends_on.strftime("%d/%m/%Y"),
            }
        }
    if (
        unit is not None
        and ProgressReport.objects.filter(
            indicator=indicator, unit=unit, year=year, quarter=quarter
        ).exists()
    ):
        return {"quarter": _duplicate_message()}
    return {}


def _duplicate_message() -> str:
    return _("Your unit already has a report on this indicator for this period.")


@transaction.atomic
def create_report(
    *,
    indicator: Indicator,
    unit: Unit,
    year: int,
    quarter: int,
    value: Decimal | int,
    narrative: str = "",
    by: User,
    files: Iterable[CleanFile] = (),
    pending: Iterable[Any] = (),
) -> ProgressReport:
    """A draft report. `files` are cleaned uploads ({file, name, content_type})."""
    commitment = indicator.commitment
    if not selectors.can_report(by, commitment, unit):
        raise PermissionDenied
    errors = report_period_errors(indicator=indicator, unit=unit, year=year, quarter=quarter)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            report = ProgressReport.objects.create(
                indicator=indicator,
                unit=unit,
                year=year,
                quarter=quarter,
                value=value,
                narrative=narrative,
                author=by,
            )
    except IntegrityError as exc:  # the same report, sent twice at the same moment
        raise ValidationError({"quarter": _duplicate_message()}, code="duplicate") from exc
    workflow.record_start(report, by=by)
    _attach(report, by=by, files=files, pending=pending)
    summary.refresh(report.indicator_id, report.unit_id)
    return report


@transaction.atomic
def update_report(
    *,
    report: ProgressReport,
    by: User,
    value: Decimal | int,
    narrative: str = "",
    files: Iterable[CleanFile] = (),
    pending: Iterable[Any] = (),
    remove: Collection[int] = (),
) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_editable:
        raise TransitionError(_("This report is locked: it has been submitted or approved."))
    if not selectors.can_edit(by, report):
        raise PermissionDenied
    report.value = value
    report.narrative = narrative
    report.save(update_fields=["value", "narrative"])
    summary.refresh(report.indicator_id, report.unit_id)
    if remove:
        report.evidence.filter(pk__in=list(remove)).delete()
    _attach(report, by=by, files=files, pending=pending)
    return report


def _apply_move(report: ProgressReport, step: workflow.Step) -> list[str]:
    to, by, now, reason = step.to, step.by, step.now, step.reason
    if to == S.SUBMITTED:
        report.submitted_at = now
        return ["submitted_at"]
    report.reviewed_by, report.reviewed_at, report.review_comment = by, now, reason
    return ["reviewed_by", "reviewed_at", "review_comment"]


def _announce_move(report: ProgressReport, step: workflow.Step) -> None:
    old, by, reason = step.old, step.by, step.reason
    summary.refresh(report.indicator_id, report.unit_id)
    _notify_move(report, old=old, by=by, comment=reason)


@transaction.atomic
def save_report_in_admin(*, report: ProgressReport, was: tuple[int, int] | None) -> None:
    """An administrator's correction of a draft (value, unit, indicator): the dashboard's
    summary rows of where the report was and where it is now follow it."""
    report.save()
    if was is not None and was != (report.indicator_id, report.unit_id):
        summary.refresh(*was)
    summary.refresh(report.indicator_id, report.unit_id)


@transaction.atomic
def delete_reports(*, reports: Iterable[ProgressReport]) -> int:
    """Delete reports (admin) and refresh the summary rows they counted in."""
    keys = set()
    done = 0
    for report in reports:
        keys.add((report.indicator_id, report.unit_id))
        report.delete()
        done += 1
    for key in keys:
        summary.refresh(*key)
    return done


def set_status(
    *,
    report: ProgressReport,
    to: str,
    by: User,
    comment: str = "",
    expect: Collection[str] | None = None,
) -> ProgressReport:
    """Move a report along the pipeline (partnership.workflow); raise TransitionError on an
    illegal or stale move, PermissionDenied (workflow.Forbidden) for the wrong person.

    `expect`: the states this action starts from (a reviewer returns a submitted report;
    only reopening moves an approved one back).
    """
    workflow.transition(report, to, by=by, expected=expect, reason=comment)
    report.refresh_from_db()
    return report


def _stale_message(report: ProgressReport, to: str) -> str:
    last = report.status_changes.order_by("-at", "-pk").select_related("by").first()
    if last and last.new_status == report.status and report.status != S.DRAFT:
        return _(
            "This report was already %(status)s by %(who)s at %(at)s; your action was not applied."
        ) % {
            "status": S(report.status).label.lower(),
            "who": last.by or _("someone"),
            "at": timezone.localtime(last.at).strftime("%H:%M %d/%m/%Y"),
        }
    return _("A report in state “%(old)s” cannot become “%(new)s”.") % {
        "old": S(report.status).label,
        "new": S(to).label,
    }


def _notify_move(report: ProgressReport, *, old: str, by: User, comment: str) -> None:
    context = {
        "period": str(report.period_label),
        "unit": report.unit.name,
        "indicator": report.indicator.name,
        "comment": comment,
    }
    if report.status == S.SUBMITTED:
        notify(
            recipients=selectors.reviewers_for(report),
            event="agreements.report_submitted",
            category=PROGRESS_NOTICES,
            obj=report,
            context=context,
            actor=by,
        )
    elif report.status in (S.APPROVED, S.RETURNED):
        event = (
            "agreements.report_approved"
            if report.status == S.APPROVED
            else (
                "agreements.report_reopened" if old == S.APPROVED else "agreements.report_returned"
            )
        )
        notify(
            recipients=selectors.reporters_for(report),
            event=event,
            category=PROGRESS_NOTICES,
            obj=report,
            context=context,
            actor=by,
        )


WORKFLOW = workflow.register(
    workflow.Workflow(
        model=ProgressReport,
        history=ReportStatusChange,
        statuses=ReportStatus,
        table=TABLE,
        apply=_apply_move,
        announce=_announce_move,
        parent="report",
        reason_field="comment",
        related=("indicator__commitment", "unit"),
        illegal_message=lambda report, old, to: _stale_message(report, to),
        stale_message=_stale_message,
    )
)


def submit_report(*, report: ProgressReport, by: User) -> ProgressReport:
    return set_status(report=report, to=S.SUBMITTED, by=by)


def approve_report(*, report: ProgressReport, by: User, comment: str = "") -> ProgressReport:
    return set_status(report=report, to=S.APPROVED, by=by, comment=comment, expect={S.SUBMITTED})


def review_errors(*, decision: str, comment: str) -> dict[str, str]:
    """What a reviewer's decision lacks, read from the transition table: a return says what
    needs fixing, an approval needs no comment."""
    to = S.RETURNED if decision == "return" else S.APPROVED
    return WORKFLOW.missing(S.SUBMITTED, to, reason=comment)


def return_report(*, report: ProgressReport, by: User, comment: str) -> ProgressReport:
    return set_status(report=report, to=S.RETURNED, by=by, comment=comment, expect={S.SUBMITTED})


def may_reopen(user: AnyUser, report: ProgressReport) -> bool:
    """Whether to offer `user` the reopening of `report` now: the table's move from approved
    back to returned is open to them."""
    return report.status == S.APPROVED and S.RETURNED in WORKFLOW.allowed(report, user)


def reopen_errors(*, comment: str) -> dict[str, str]:
    """What a reopening lacks, read from the transition table (a reason)."""
    return WORKFLOW.missing(S.APPROVED, S.RETURNED, reason=comment)


def reopen_report(*, report: ProgressReport, by: User, comment: str) -> ProgressReport:
    """An administrator unlocks an approved report; the move is recorded like any other."""
    if report.status != S.APPROVED:
        raise TransitionError(_("Only an approved report can be reopened."))
    # Who may reopen, and that a reason is given, are the table's (workflow.Forbidden is a
    # PermissionDenied; a blank reason is a MissingInput on "comment").
    return set_status(report=report, to=S.RETURNED, by=by, comment=comment, expect={S.APPROVED})


# --- Reminders ---------------------------------------------------------------------------

REMIND_DAYS_BEFORE = 7
# Overdue: the day after the due date, then weekly for three more weeks.
OVERDUE_REMINDER_DAYS = (1, 8, 15, 22)


def send_report_reminders(*, today: datetime.date | None = None) -> int:
    """Tell responsible units about reports due in 7 days, and (weekly) about overdue ones.

    Returns the number of notifications created. Runs daily from Celery beat.
    """
    today = today or timezone.localdate()
    created = 0
    for agreement in Agreement.objects.filter(signed_on__isnull=False):
        for year, quarter in agreement.periods():
            due = due_date(year, quarter)
            days = (due - today).days
            if days == REMIND_DAYS_BEFORE:
                event = "agreements.report_due"
            elif -days in OVERDUE_REMINDER_DAYS:
                event = "agreements.report_overdue"
            else:
                continue
            created += _remind_period(agreement, year, quarter, event, due)
    return created


def _remind_period(
    agreement: Agreement, year: int, quarter: int, event: str, due: datetime.date
) -> int:
    done = set(
        ProgressReport.objects.filter(
            indicator__commitment__agreement=agreement,
            year=year,
            quarter=quarter,
            status__in=[S.SUBMITTED, S.APPROVED],
        ).values_list("indicator_id", "unit_id")
    )
    created = 0
    reporters = selectors.expected_reporters(agreement)
    for commitment in agreement.commitments.prefetch_related("indicators"):
        role = selectors.role_for_party(commitment.party)
        for unit in reporters[commitment.pk]:
            missing = [i for i in commitment.indicators.all() if (i.pk, unit.pk) not in done]
            if not missing:
                continue
            people = User.objects.filter(unit=unit, groups__name=role, is_active=True)
            with transaction.atomic():
                created += len(
                    notify(
                        recipients=people,
                        event=event,
                        category=categories.REMINDERS,
                        obj=commitment,
                        context={
                            "period": f"Q{quarter}/{year}",
                            "due": due.strftime("%d/%m/%Y"),
                            "unit": unit.name,
                            "indicators": [i.name for i in missing],
                        },
                    )
                )
    return created
