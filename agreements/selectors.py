"""Reads on the agreement: who may see, report and review what, and the progress figures.

The dashboard, the public pages and the Excel export all take their numbers from
`indicator_progress`, so they always agree.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise

from partnership import pagecache
from partnership.accounts.models import AnyUser, User
from partnership.accounts.roles import LIAISON, OFFICER
from partnership.organisations.models import Kind, Party, Unit
from partnership.organisations.selectors import (
    carried_q,
    current_province,
    provinces_carried_by,
    unit_ids_in_province,
    unit_search_q,
)
from partnership.periods import by_quarter
from partnership.snapshots import snapshot

from .models import (
    Agreement,
    AgreementStatus,
    AutoSource,
    Commitment,
    Indicator,
    JointActivity,
    Measure,
    ProgressReport,
    ReportStatus,
    ReportSummary,
    due_date,
)

PROVINCIAL_KINDS = (Kind.PROVINCIAL_UNION, Kind.PROVINCIAL_BRANCH)


def role_for_party(party: str) -> str:
    """Union officers report and confirm for the Union; VNPT liaisons for VNPT."""
    return OFFICER if party == Party.UNION else LIAISON


def acting_unit(user: AnyUser) -> Unit | None:
    """The unit a signed-in officer (of a Union unit) or liaison (of a VNPT unit) acts for."""
    if not user.is_authenticated or user.unit_id is None:
        return None
    unit = user.unit
    if unit is None:
        return None
    if unit.party == Party.UNION and user.is_officer:
        return unit
    if unit.party == Party.VNPT and user.is_liaison:
        return unit
    return None


def acts_for_party(user: AnyUser) -> str | None:
    """The party a signed-in user works for, if they are an officer or liaison of its unit."""
    unit = acting_unit(user)
    return unit.party if unit is not None else None


@pagecache.per_generation("agreements", "units", timeout=600)
def main_agreement() -> Agreement | None:
    """The agreement the portal opens on: the earliest one that is signed.

    Every agreement page asks for it; each process keeps it under the generations of
    agreements and units, so any change to either is seen on the next request and an
    unchanged agreement costs no round trip."""
    return (
        Agreement.objects.select_related("union_party", "vnpt_party", "succeeded_by")
        .order_by(F("signed_on").asc(nulls_last=True), "starts_on")
        .first()
    )


# --- Who may report ----------------------------------------------------------------------


def reporting_units(user: AnyUser, commitment: Commitment) -> QuerySet[Unit]:
    """Units the user may report for on this commitment: their own unit and those below it,
    within the units responsible for the commitment (or below them)."""
    unit = acting_unit(user)
    if unit is None or unit.party != commitment.party:
        return Unit.objects.none()
    responsible = Q()
    for path in commitment.responsible_units.values_list("path", flat=True):
        responsible |= Q(path__startswith=path)
    if not responsible:
        return Unit.objects.none()
    return Unit.objects.under(unit).filter(responsible).active()


def can_report(user: AnyUser, commitment: Commitment, unit: Unit) -> bool:
    return reporting_units(user, commitment).filter(pk=unit.pk).exists()


def can_edit(user: AnyUser, report: ProgressReport) -> bool:
    return report.is_editable and can_report(user, report.indicator.commitment, report.unit)


# --- Who may review ----------------------------------------------------------------------


def _counterpart_province_q(prefix: str, unit: Unit) -> Q:
    """Reports of the other party's unit in the reviewer's province (provincial units only)."""
    if unit.kind in PROVINCIAL_KINDS and unit.province:
        return Q(**{f"{prefix}unit__province__in": provinces_carried_by(unit.province)})
    return Q(pk__in=[])


def reviewable_reports_q(user: AnyUser) -> Q:
    unit = acting_unit(user)
    if unit is None:
        return Q(pk__in=[])
    return Q(indicator__commitment__party__in=[p for p in Party.values if p != unit.party]) & (
        Q(indicator__commitment__reviewing_units=unit.pk) | _counterpart_province_q("", unit)
    )


def can_review(user: AnyUser, report: ProgressReport) -> bool:
    return ProgressReport.objects.filter(reviewable_reports_q(user), pk=report.pk).exists()


def is_insider(user: AnyUser, report: ProgressReport) -> bool:
    """Whoever reports it, reviews it, or administers: they see the history and every file."""
    if not user.is_authenticated:
        return False
    return (
        user.is_content_admin
        or can_report(user, report.indicator.commitment, report.unit)
        or can_review(user, report)
    )


def reviewers_for(report: ProgressReport) -> QuerySet[User]:
    """People who may confirm this report: the other party's officers or liaisons of a
    designated reviewing unit, or of the counterpart unit of the reporting unit's province."""
    commitment = report.indicator.commitment
    counterpart = commitment.counterpart_party
    units = Q(unit__in=commitment.reviewing_units.all())
    if report.unit.province:
        units |= Q(
            unit__party=counterpart,
            unit__kind__in=PROVINCIAL_KINDS,
            unit__province=current_province(report.unit.province),
            unit__retired_on__isnull=True,
        )
    return (
        User.objects.filter(is_active=True, groups__name=role_for_party(counterpart))
        .filter(units, unit__party=counterpart)
        .distinct()
    )


def reporters_for(report: ProgressReport) -> QuerySet[User]:
    """The reporting unit's officers or liaisons, and the author."""
    role = role_for_party(report.indicator.commitment.party)
    return User.objects.filter(
        Q(unit=report.unit, groups__name=role, is_active=True) | Q(pk=report.author_id)
    ).distinct()


# --- What a user may see -----------------------------------------------------------------


def reports_visible_to(user: AnyUser) -> QuerySet[ProgressReport]:
    """Visitors see approved reports; officers and liaisons also see their units' reports
    (any state) and the submitted, returned or approved ones they review."""
    qs = ProgressReport.objects.select_related(
        "indicator__commitment__agreement", "unit", "author", "reviewed_by"
    )
    visible = Q(status=ReportStatus.APPROVED)
    unit = acting_unit(user)
    if unit is not None:
        visible |= carried_q(unit)
        visible |= reviewable_reports_q(user) & ~Q(status=ReportStatus.DRAFT)
    if user.is_authenticated and user.is_content_admin:
        return qs
    # The rule joins units and reviewers (rows can repeat): select the ids, not DISTINCT over
    # every column of the wide joined rows.
    return qs.filter(pk__in=ProgressReport.objects.filter(visible).values("pk"))


def awaiting_confirmation(user: AnyUser) -> QuerySet[ProgressReport]:
    return reports_visible_to(user).filter(
        reviewable_reports_q(user), status=ReportStatus.SUBMITTED
    )


def my_unit_reports(user: AnyUser) -> QuerySet[ProgressReport]:
    unit = acting_unit(user)
    if unit is None:
        return ProgressReport.objects.none()
    return reports_visible_to(user).filter(carried_q(unit))


def dashboard_rows(reports: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
    """Only what a dashboard row shows (period, unit, indicator, value, status, dates): the
    wide joins of `reports_visible_to` cost more to plan than to run."""
    return (
        reports.select_related(None)
        .select_related("indicator", "unit")
        .only("year", "quarter", "value", "status", "submitted_at", "indicator__name", "unit__name")
    )


def overdue_reports(user: AnyUser, *, today: datetime.date | None = None) -> list[ProgressReport]:
    """Reports of the user's units still in draft or returned after their due date."""
    today = today or timezone.localdate()
    rows = dashboard_rows(my_unit_reports(user)).filter(
        status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]
    )
    return [r for r in rows if r.due_on < today]


def expected_reporters(agreement: Agreement) -> dict[int, list[Unit]]:
    """Per commitment, the units expected to report every quarter: the responsible units
    themselves and every unit below them that has reported on the commitment before."""
    extra: dict[int, set[int]] = defaultdict(set)
    for commitment_id, unit_id in ReportSummary.objects.filter(
        indicator__commitment__agreement=agreement
    ).values_list("indicator__commitment_id", "unit_id"):
        extra[commitment_id].add(unit_id)
    units = {u.pk: u for u in Unit.objects.filter(pk__in={i for s in extra.values() for i in s})}
    out: dict[int, list[Unit]] = {}
    for commitment in agreement.commitments.prefetch_related("responsible_units"):
        found = {u.pk: u for u in commitment.responsible_units.all()}
        for unit_id in extra[commitment.pk]:
            found.setdefault(unit_id, units[unit_id])
        out[commitment.pk] = list(found.values())
    return out


def missing_reports(
    *, today: datetime.date | None = None, unit_ids: Collection[int] | None = None
) -> list[tuple[Indicator, Unit, int, int]]:
    """(indicator, unit, year, quarter) that should have been reported by now and were not.

    Only agreements in force are chased, for the units of `expected_reporters`.
    """
    today = today or timezone.localdate()
    out: list[tuple[Indicator, Unit, int, int]] = []
    for agreement in Agreement.objects.all():
        if agreement.status_on(today) != AgreementStatus.IN_FORCE:
            continue
        periods = [p for p in agreement.periods() if due_date(*p) < today]
        if not periods:
            continue
        done = ProgressReport.objects.filter(
            indicator__commitment__agreement=agreement,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
        )
        if unit_ids is not None:
            done = done.filter(unit_id__in=unit_ids)
        reported = set(done.values_list("indicator_id", "unit_id", "year", "quarter"))
        reporters = expected_reporters(agreement)
        for commitment in agreement.commitments.prefetch_related("indicators"):
            for unit in reporters[commitment.pk]:
                if unit_ids is not None and unit.pk not in unit_ids:
                    continue
                for indicator in commitment.indicators.all():
                    if not indicator.takes_reports:
                        continue
                    for year, quarter in periods:
                        if (indicator.pk, unit.pk, year, quarter) not in reported:
                            out.append((indicator, unit, year, quarter))
    return out


# --- Progress ----------------------------------------------------------------------------


@dataclass
class Progress:
    indicator: Indicator
    reported: Decimal
    automatic: int
    reports: int

    @property
    def total(self) -> Decimal:
        return self.reported + self.automatic

    @property
    def percent(self) -> int:
        if not self.indicator.target:
            return 0
        return max(0, min(100, round(100 * self.total / self.indicator.target)))

    @property
    def state(self) -> str:
        if self.total <= 0:
            return "not_started"
        return "achieved" if self.total >= self.indicator.target else "in_progress"


def _reported_values(
    indicators: Iterable[Indicator], unit_ids: list[int] | None
) -> dict[int, tuple[Decimal, int]]:
    """Approved values per indicator: sums for flows, the latest value per unit for stocks,
    read from the summary rows (one per indicator and unit, `agreements.summary`).

    An indicator counted automatically only (no `off_portal_reports`) reads no report: the
    same work is never counted twice (a report left from before counts for nothing)."""
    measure = {i.pk: i.measure for i in indicators}
    taking = [i.pk for i in indicators if i.takes_reports]
    qs = ReportSummary.objects.filter(indicator_id__in=taking, approved__gt=0)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    sums: dict[int, Decimal] = defaultdict(Decimal)
    counts: dict[int, int] = defaultdict(int)
    for indicator_id, approved, approved_sum, latest in qs.values_list(
        "indicator_id", "approved", "approved_sum", "latest_value"
    ):
        counts[indicator_id] += approved
        stock = measure[indicator_id] == Measure.LATEST
        sums[indicator_id] += (latest or 0) if stock else approved_sum
    return {pk: (sums[pk], counts[pk]) for pk in measure}


def counting_window(agreement: Agreement) -> tuple[datetime.date, datetime.date | None]:
    """From the start of the term until a renewal takes over (open while none does): the
    commitments keep being delivered through the catalogue after the term's last day."""
    successor = agreement.succeeded_by
    until = successor.starts_on - datetime.timedelta(days=1) if successor else None
    return agreement.starts_on, until


def _automatic(indicator: Indicator, province: str | None, unit_ids: list[int] | None) -> int:
    since, until = counting_window(indicator.commitment.agreement)
    if indicator.auto_source == AutoSource.ACTIVITY_PARTICIPANTS:
        qs = JointActivity.objects.filter(indicators=indicator)
        if province:
            qs = qs.filter(province__in=provinces_carried_by(province))
        return qs.aggregate(n=Sum("participants"))["n"] or 0
    if indicator.auto_source == AutoSource.SERVICE_REQUESTS:
        service_ids = [s.pk for s in indicator.commitment.services.all()]
        if not service_ids:
            return 0
        from services.selectors import completed_request_count

        return completed_request_count(
            service_ids=service_ids, unit_ids=unit_ids, since=since, until=until
        )
    if indicator.auto_source == AutoSource.SUPPORTED_IDEAS and not province:
        from ideas.selectors import vnpt_supported_idea_count

        return vnpt_supported_idea_count(since=since, until=until)
    return 0


def automatic_counts(agreement_id: int, province: str, config: str = "") -> dict[int, int]:
    """What other apps count for each automatic indicator of an agreement (completed service
    requests, VNPT-supported ideas, activity participants). At national scale each is a scan
    of a big table, so `indicator_progress` reads these through a snapshot, at most a minute
    old, refreshed in the background."""
    unit_ids = unit_ids_in_province(province) if province else None
    indicators = indicators_of(Agreement(pk=agreement_id)).exclude(auto_source=AutoSource.NONE)
    return {i.pk: _automatic(i, province or None, unit_ids) for i in indicators}


AUTOMATIC_MAX_AGE = 60


def _automatic_config(indicators: Iterable[Indicator]) -> str:
    """A fingerprint of what the automatic counts depend on besides the data (sources,
    linked services, a renewal), so a change of configuration shows at once."""
    parts: list[tuple[int, str, int | None, list[int]]] = []
    for i in indicators:
        if i.auto_source:
            services = sorted(s.pk for s in i.commitment.services.all())
            parts.append((i.pk, i.auto_source, i.commitment.agreement.succeeded_by_id, services))
    return hashlib.blake2s(repr(sorted(parts)).encode(), digest_size=6).hexdigest()


def indicator_progress(
    indicators: Iterable[Indicator], *, province: str | None = None
) -> dict[int, Progress]:
    """Progress of each indicator, overall or for one province's units."""
    indicators = list(indicators)
    unit_ids = unit_ids_in_province(province) if province else None
    reported = _reported_values(indicators, unit_ids)
    automatic: dict[int, int] = {}
    config = _automatic_config(indicators)
    for agreement_id in sorted({i.commitment.agreement_id for i in indicators if i.auto_source}):
        automatic.update(
            snapshot(
                automatic_counts,
                agreement_id,
                province or "",
                config,
                max_age=AUTOMATIC_MAX_AGE,
            )
        )
    return {
        i.pk: Progress(
            indicator=i,
            reported=reported[i.pk][0],
            automatic=automatic.get(i.pk, 0),
            reports=reported[i.pk][1],
        )
        for i in indicators
    }


def indicators_of(agreement: Agreement) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(commitment__agreement=agreement)
        .select_related("commitment__agreement__succeeded_by")
        .prefetch_related("commitment__services")
        .order_by("commitment__order", "commitment__pk", "order", "pk")
    )


def progress_table(
    agreement: Agreement,
    *,
    province: str | None = None,
    progress: dict[int, Progress] | None = None,
) -> dict[str, list[Progress]]:
    """Rows of (commitment, indicator, progress) grouped by party, for dashboard and export
    (`progress`: the agreement's figures, when the caller already has them)."""
    if progress is None:
        progress = indicator_progress(indicators_of(agreement), province=province)
    by_party: dict[str, list[Progress]] = {Party.UNION: [], Party.VNPT: []}
    for p in progress.values():
        by_party[p.indicator.commitment.party].append(p)
    return by_party


def rollup_by_province(agreement: Agreement) -> list[tuple[str, dict[str, int]]]:
    """Per province of today: reports approved, awaiting confirmation, returned, in draft, and
    the approved values summed (one row per province that has reports; a former province's
    reports count in the row of the province that carries it)."""
    rows: dict[str, dict[str, int]] = {}
    qs = (
        ReportSummary.objects.filter(indicator__commitment__agreement=agreement)
        .values_list("unit__province")
        .annotate(*(Sum(status) for status in ReportStatus.values))
        .order_by()
    )
    for province, *counts in qs:
        row = rows.setdefault(
            current_province(province or ""), dict.fromkeys(ReportStatus.values, 0)
        )
        for status, n in zip(ReportStatus.values, counts, strict=True):
            row[status] += n
    return sorted(rows.items(), key=lambda kv: (kv[0] == "", kv[0]))


def rollup_by_theme(
    agreement: Agreement, *, progress: dict[int, Progress] | None = None
) -> list[tuple[str | Promise, dict[str, int]]]:
    """Per theme: indicators, how many are achieved, mean completion, approved reports."""
    from .models import Theme

    if progress is None:
        progress = indicator_progress(indicators_of(agreement))
    rows: dict[str, dict[str, int]] = {}
    for p in progress.values():
        row = rows.setdefault(
            p.indicator.commitment.theme,
            {"indicators": 0, "achieved": 0, "percent": 0, "reports": 0},
        )
        row["indicators"] += 1
        row["achieved"] += p.state == "achieved"
        row["percent"] += p.percent
        row["reports"] += p.reports
    out: list[tuple[str | Promise, dict[str, int]]] = []
    for theme, row in rows.items():
        row["percent"] = round(row["percent"] / row["indicators"]) if row["indicators"] else 0
        out.append((Theme(theme).label, row))
    return out


def commitments_filtered(
    agreement: Agreement, *, party: str = "", theme: str = "", province: str = "", q: str = ""
) -> QuerySet[Commitment]:
    from partnership.text import fold

    qs = agreement.commitments.prefetch_related("indicators", "responsible_units", "services")
    if party:
        qs = qs.filter(party=party)
    if theme:
        qs = qs.filter(theme=theme)
    if province:
        carried = provinces_carried_by(province)
        qs = qs.filter(
            Q(responsible_units__province__in=carried)
            | Q(indicators__reports__unit__province__in=carried)
            | Q(responsible_units__kind=Kind.CENTRAL_COMMITTEE)
            | Q(responsible_units__kind=Kind.VNPT_GROUP)
        ).distinct()
    if q:
        qs = qs.filter(search_text__contains=fold(q))
    return qs


def public_activities(
    *, province: str = "", theme: str = "", q: str = ""
) -> QuerySet[JointActivity]:
    from partnership.text import fold

    qs = JointActivity.objects.prefetch_related("organising_units")
    if province:
        qs = qs.filter(province__in=provinces_carried_by(province))
    if theme:
        qs = qs.filter(theme=theme)
    if q:
        qs = qs.filter(search_text__contains=fold(q))
    return qs


def reports_filtered(
    user: AnyUser,
    *,
    q: str = "",
    status: str = "",
    party: str = "",
    province: str = "",
    year: int | None = None,
) -> QuerySet[ProgressReport]:
    from partnership.text import fold

    qs = reports_visible_to(user).order_by("-year", "-quarter", "unit__name", "indicator__order")
    if status:
        qs = qs.filter(status=status)
    if party:
        qs = qs.filter(indicator__commitment__party=party)
    if province:
        qs = qs.filter(unit__province__in=provinces_carried_by(province))
    if year:
        qs = qs.filter(year=year)
    if q:
        folded = fold(q)
        qs = qs.filter(
            unit_search_q(folded) | Q(indicator__commitment__search_text__contains=folded)
        )
    return qs


def commitment_groups(
    agreement: Agreement,
    commitments: Sequence[Commitment],
    *,
    province: str | None = None,
    state: str = "",
) -> list[dict[str, Any]]:
    """Commitments grouped by party then level, each with its indicators' progress; with
    `state`, only commitments that have an indicator in that state."""
    from .models import Level

    indicators = [i for c in commitments for i in c.indicators.all()]
    for i in indicators:
        i.commitment.agreement = agreement  # already loaded: spare a query per indicator
    progress = indicator_progress(indicators, province=province)
    groups: list[dict[str, Any]] = []
    for party, party_label in Party.choices:
        for level, level_label in Level.choices:
            rows = []
            for c in commitments:
                if (c.party, c.level) != (party, level):
                    continue
                items = [progress[i.pk] for i in c.indicators.all()]
                if not state or any(p.state == state for p in items):
                    rows.append((c, items))
            if rows:
                groups.append({"party": party_label, "level": level_label, "rows": rows})
    return groups


def commitment_timeline(
    commitment: Commitment, approved_reports: Iterable[ProgressReport], *, limit: int = 30
) -> list[tuple[datetime.datetime, ProgressReport | JointActivity]]:
    """Confirmed reports (by confirmation time) and joint activities (by start), newest first."""
    tz = timezone.get_current_timezone()
    items: list[tuple[datetime.datetime, ProgressReport | JointActivity]] = [
        (r.reviewed_at, r) for r in approved_reports if r.reviewed_at
    ]
    # django-stubs does not see the reverse many-to-many managers of JointActivity.
    activities: Iterable[JointActivity] = commitment.activities.all()  # type: ignore[attr-defined]
    items += [
        (datetime.datetime.combine(a.starts_on, datetime.time(), tzinfo=tz), a) for a in activities
    ]
    return sorted(items, key=lambda pair: pair[0], reverse=True)[:limit]


# --- Charts ------------------------------------------------------------------------------


def quarterly_progress(
    agreement: Agreement, indicators: Iterable[Indicator] | None = None
) -> list[tuple[Indicator, list[tuple[int, int, Decimal]]]]:
    """Per indicator, its cumulative figure at the end of each quarter of the term: confirmed
    reports (summed for flows, each unit's latest value for stocks) plus what is counted
    automatically, for the dashboard's charts. One statement for every report and one per
    automatic indicator; what is counted after the term's last quarter is left out."""
    indicators = list(indicators_of(agreement) if indicators is None else indicators)
    periods = agreement.periods()
    added: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    stocks: dict[int, dict[tuple[int, int], dict[int, Decimal]]] = defaultdict(dict)
    measure = {i.pk: i.measure for i in indicators}
    reports = (
        ProgressReport.objects.filter(
            indicator_id__in=[i.pk for i in indicators if i.takes_reports],
            status=ReportStatus.APPROVED,
        )
        .order_by("year", "quarter")
        .values_list("indicator_id", "unit_id", "year", "quarter", "value")
    )
    for indicator_id, unit_id, year, quarter, value in reports:
        if measure[indicator_id] == Measure.LATEST:
            stocks[indicator_id].setdefault((year, quarter), {})[unit_id] = value
        else:
            added[indicator_id][(year, quarter)] += value
    for indicator in indicators:
        for period, n in _automatic_by_quarter(indicator).items():
            added[indicator.pk][period] += n
    out = []
    for indicator in indicators:
        running, latest = Decimal(0), {}
        series = []
        for year, quarter in periods:
            running += added[indicator.pk].get((year, quarter), Decimal(0))
            latest.update(stocks[indicator.pk].get((year, quarter), {}))
            series.append((year, quarter, running + sum(latest.values(), Decimal(0))))
        out.append((indicator, series))
    return out


def _automatic_by_quarter(indicator: Indicator) -> dict[tuple[int, int], int]:
    """`_automatic` for the whole country, per (year, quarter)."""
    since, until = counting_window(indicator.commitment.agreement)
    if indicator.auto_source == AutoSource.ACTIVITY_PARTICIPANTS:
        activities = JointActivity.objects.filter(indicators=indicator)
        return by_quarter(activities, "starts_on", Sum("participants"))
    if indicator.auto_source == AutoSource.SERVICE_REQUESTS:
        service_ids = [s.pk for s in indicator.commitment.services.all()]
        if not service_ids:
            return {}
        from services.selectors import completed_requests_by_quarter

        return completed_requests_by_quarter(service_ids=service_ids, since=since, until=until)
    if indicator.auto_source == AutoSource.SUPPORTED_IDEAS:
        from ideas.selectors import vnpt_supported_ideas_by_quarter

        return vnpt_supported_ideas_by_quarter(since=since, until=until)
    return {}
