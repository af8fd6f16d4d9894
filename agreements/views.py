import calendar
import datetime
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership import charts, pagecache, workflow
from partnership.organisations.models import Party
from partnership.paging import number_page
from partnership.uploads import serve_file
from partnership.views import workbook_response

from . import actions, selectors
from .exports import progress_workbook
from .forms import (
    ActivityFilterForm,
    CommitmentFilterForm,
    ProvinceForm,
    ReopenForm,
    ReportFilterForm,
    ReportForm,
    ReviewForm,
)
from .models import (
    Agreement,
    AgreementDocument,
    Commitment,
    Evidence,
    Indicator,
    JointActivity,
    Photo,
    ReportStatus,
)
from .selectors import Progress


def _agreement_or_404():
    agreement = selectors.main_agreement()
    if agreement is None:
        raise Http404
    return agreement


def index(request):
    agreement = selectors.main_agreement()
    if agreement is None:
        return render(request, "agreements/empty.html")
    return detail(request, agreement.slug)


def detail(request, slug):
    agreement = get_object_or_404(
        Agreement.objects.select_related("union_party", "vnpt_party", "succeeded_by"), slug=slug
    )
    commitments = agreement.commitments.all()
    progress = selectors.indicator_progress(selectors.indicators_of(agreement))
    figures = {
        "commitments": len(commitments),
        "indicators": len(progress),
        "achieved": sum(p.state == "achieved" for p in progress.values()),
        "activities": agreement.activities.count(),
    }
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "bases": agreement.bases.all(),
            "signatories": agreement.signatories.all(),
            "documents": agreement.documents.all(),
            "photos": agreement.photos.all(),
            "commitments": commitments,
            "figures": figures,
        },
    )


def commitment_list(request):
    agreement = _agreement_or_404()
    form = CommitmentFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    commitments = list(
        selectors.commitments_filtered(
            agreement,
            party=f.get("party", ""),
            theme=f.get("theme", ""),
            province=f.get("province", ""),
            q=f.get("q", ""),
        )
    )
    groups = selectors.commitment_groups(
        agreement, commitments, province=f.get("province") or None, state=f.get("status", "")
    )
    return render(
        request,
        "agreements/commitment_list.html",
        {"agreement": agreement, "form": form, "groups": groups, "province": f.get("province")},
    )


def commitment_detail(request, pk):
    commitment = get_object_or_404(
        Commitment.objects.select_related("agreement").prefetch_related(
            "responsible_units", "reviewing_units", "services"
        ),
        pk=pk,
    )
    indicators = list(commitment.indicators.all())
    progress = selectors.indicator_progress(indicators)
    reports = (
        selectors.reports_visible_to(request.user)
        .filter(indicator__commitment=commitment)
        .prefetch_related("evidence")
    )
    public = [r for r in reports if r.status == ReportStatus.APPROVED]
    timeline = selectors.commitment_timeline(commitment, public)
    can_report = selectors.reporting_units(request.user, commitment).exists()
    return render(
        request,
        "agreements/commitment_detail.html",
        {
            "commitment": commitment,
            "agreement": commitment.agreement,
            "rows": [(i, progress[i.pk]) for i in indicators],
            "approved": public,
            "mine": [r for r in reports if r.status != ReportStatus.APPROVED],
            "timeline": timeline,
            "can_report": can_report,
        },
    )


def activity_list(request):
    form = ActivityFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    activities = selectors.public_activities(
        province=f.get("province", ""), theme=f.get("theme", ""), q=f.get("q", "")
    )
    page = number_page(activities, request.GET, size=20)
    return render(request, "agreements/activity_list.html", {"form": form, "page_obj": page})


def activity_calendar(request):
    form = ActivityFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        if not 1900 <= year <= 2100:
            raise ValueError(year)
        first = datetime.date(year, month, 1)
    except ValueError:
        latest = JointActivity.objects.order_by("-starts_on").first()
        first = (latest.starts_on if latest else timezone.localdate()).replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    activities = selectors.public_activities(
        province=f.get("province", ""), theme=f.get("theme", ""), q=f.get("q", "")
    ).filter(starts_on__lte=last, ends_on__gte=first)
    weeks = []
    for week in calendar.Calendar().monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                (
                    day,
                    day.month == first.month,
                    [a for a in activities if a.starts_on <= day <= a.ends_on],
                )
                for day in week
            ]
        )
    previous = (first - datetime.timedelta(days=1)).strftime("%Y-%m")
    following = (last + datetime.timedelta(days=1)).strftime("%Y-%m")
    return render(
        request,
        "agreements/activity_calendar.html",
        {
            "form": form,
            "weeks": weeks,
            "month": first,
            "previous": previous,
            "following": following,
            "activities": activities,
        },
    )


def activity_detail(request, slug):
    activity = get_object_or_404(
        JointActivity.objects.prefetch_related("organising_units", "commitments", "indicators"),
        slug=slug,
    )
    return render(request, "agreements/activity_detail.html", {"activity": activity})


def _officer_or_liaison(user):
    if not (selectors.acts_for_party(user) or user.is_content_admin):
        raise PermissionDenied


def _province_map(by_province):
    """The tile map of confirmed reports, from the rows of the province table."""
    values = {name: row["approved"] for name, row in by_province if name}
    return charts.tile_map(
        values,
        key="provinces",
        title=_("Confirmed reports per province (the 34 provinces since 1 July 2025)"),
        name_heading=_("Province"),
        value_label=_("Confirmed reports"),
        hrefs={name: f"#{charts.anchor(name)}" for name in values},
    )


def _progress_charts(agreement, indicators):
    """One chart per indicator: its cumulative figure at the end of each quarter."""
    out = []
    for indicator, series in selectors.quarterly_progress(agreement, indicators):
        points = [(_("Q%(q)s/%(y)s") % {"q": q, "y": y}, value) for y, q, value in series]
        out.append(
            charts.column_chart(
                points,
                key=f"indicator-{indicator.pk}",
                title=f"{indicator.commitment.code} · {indicator.name}",
                period_heading=_("Quarter"),
                value_label=_("Cumulative figure"),
                ticks={i: str(y) for i, (y, q, _v) in enumerate(series) if q == 1 or i == 0},
                target=indicator.target,
                target_label=_("Target"),
            )
        )
    return out


@login_required
def dashboard(request):
    _officer_or_liaison(request.user)
    agreement = _agreement_or_404()
    user = request.user
    person = f"{user.pk}:{user.access_key}"
    form = SimpleLazyObject(lambda: ProvinceForm(request.GET or None))
    province = SimpleLazyObject(lambda: form.cleaned_data["province"] if form.is_valid() else "")
    # The agreement's figures, computed once for the themes and the (national) table.
    overall = SimpleLazyObject(
        lambda: selectors.indicator_progress(selectors.indicators_of(agreement))
    )
    by_province = SimpleLazyObject(lambda: selectors.rollup_by_province(agreement))
    # The agreement-wide parts (the same for every officer) are rendered once per change:
    # the template caches them under the generations of the data they show (partnership/
    # pagecache.py bumps those on every write), and computes them only on a miss.
    return render(
        request,
        "agreements/dashboard.html",
        {
            "shared_key": pagecache.version("agreements", "services", "ideas", "units"),
            "agreement": agreement,
            # The officer's own tables are cached too, per person, until a report, an
            # indicator or a unit changes; they are computed only on a miss.
            "body_key": pagecache.fragment_key(
                request,
                "agreements",
                "units",
                scope=person,
            ),
            # The whole page body, per person: the blocks above and the agreement-wide
            # tables below in one read on a hit (each block is still cached on its own).
            "page_key": pagecache.fragment_key(
                request,
                "agreements",
                "services",
                "ideas",
                "units",
                scope=person,
            ),
            "awaiting": SimpleLazyObject(
                lambda: list(selectors.dashboard_rows(selectors.awaiting_confirmation(user))[:50])
            ),
            "overdue": SimpleLazyObject(lambda: selectors.overdue_reports(user)),
            "missing": SimpleLazyObject(
                lambda: selectors.missing_reports(
                    unit_ids=set(
                        selectors.Unit.objects.under(user.unit).values_list("pk", flat=True)
                    )
                    if user.unit_id
                    else None
                )[:50]
            ),
            "mine": SimpleLazyObject(
                lambda: list(selectors.dashboard_rows(selectors.my_unit_reports(user))[:50])
            ),
            "by_province": by_province,
            "province_map": lambda: _province_map(by_province),
            "progress_charts": lambda: _progress_charts(
                agreement, [p.indicator for p in overall.values()]
            ),
            "by_theme": lambda: selectors.rollup_by_theme(agreement, progress=overall),
            "table": lambda: [
                (Party(p).label, rows)
                for p, rows in selectors.progress_table(
                    agreement,
                    province=str(province) or None,
                    progress=None if str(province) else overall,
                ).items()
            ],
            "statuses": ReportStatus.choices,
            "form": form,
            "province": province,
        },
    )


@login_required
def export_progress(request):
    _officer_or_liaison(request.user)
    agreement = _agreement_or_404()
    form = ProvinceForm(request.GET or None)
    province = form.cleaned_data["province"] if form.is_valid() else ""
    data = progress_workbook(agreement, province=province or None)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return workbook_response(data, f"tien-do-thoa-thuan-{stamp}.xlsx")


def _counted_for(user, indicator) -> Progress | None:
    """What the portal counted on an indicator that also takes off-portal reports (shown on
    the report form, so the unit reports only the rest): the unit's province, or overall."""
    if not indicator.reports_off_portal:
        return None
    province = user.unit.province if user.unit_id else ""
    return selectors.indicator_progress([indicator], province=province or None)[indicator.pk]


def _report_form_response(request, form, indicator, report=None, status=200):
    return render(
        request,
        "agreements/report_form.html",
        {
            "form": form,
            "indicator": indicator,
            "report": report,
            "commitment": indicator.commitment,
            "counted": _counted_for(request.user, indicator),
        },
        status=status,
    )


@login_required
def report_create(request, indicator_pk):
    indicator = get_object_or_404(
        Indicator.objects.select_related("commitment__agreement"), pk=indicator_pk
    )
    units = selectors.reporting_units(request.user, indicator.commitment)
    if not units.exists() or not indicator.takes_reports:
        raise Http404
    if request.method != "POST":
        today = timezone.localdate()
        form = ReportForm(
            user=request.user,
            indicator=indicator,
            units=units,
            initial={
                "unit": request.user.unit
                if units.filter(pk=request.user.unit_id).exists()
                else None,
                "year": min(today.year, indicator.commitment.agreement.ends_on.year),
            },
        )
        return _report_form_response(request, form, indicator)
    form = ReportForm(
        request.POST, request.FILES, user=request.user, indicator=indicator, units=units
    )
    if form.is_valid():
        d = form.cleaned_data
        try:
            report = actions.create_report(
                indicator=indicator,
                unit=d["unit"],
                year=d["year"],
                quarter=d["quarter"],
                value=d["value"],
                narrative=d["narrative"],
                by=request.user,
                files=d["evidence"],
                pending=d["pending"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Draft saved. Submit it when it is ready."))
            return redirect(report)
    form.keep_uploads()
    return _report_form_response(request, form, indicator, status=400)


@login_required
def report_edit(request, pk):
    report = get_object_or_404(selectors.reports_visible_to(request.user), pk=pk)
    if not selectors.can_edit(request.user, report):
        raise Http404
    indicator = report.indicator
    units = selectors.reporting_units(request.user, indicator.commitment)
    initial = {
        "unit": report.unit,
        "year": report.year,
        "quarter": report.quarter,
        "value": report.value,
        "narrative": report.narrative,
    }
    if request.method != "POST":
        form = ReportForm(
            user=request.user, indicator=indicator, units=units, report=report, initial=initial
        )
        return _report_form_response(request, form, indicator, report)
    form = ReportForm(
        request.POST,
        request.FILES,
        user=request.user,
        indicator=indicator,
        units=units,
        report=report,
        initial=initial,
    )
    if form.is_valid():
        d = form.cleaned_data
        workflow.attempt(
            request,
            actions.update_report,
            report=report,
            value=d["value"],
            narrative=d["narrative"],
            files=d["evidence"],
            pending=d["pending"],
            remove=[e.pk for e in d["remove"]],
            done=_("Changes saved."),
        )
        return redirect(report)
    form.keep_uploads()
    return _report_form_response(request, form, indicator, report, status=400)


def report_list(request):
    form = ReportFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    reports = selectors.reports_filtered(request.user, **{k: v for k, v in f.items() if v})
    page = number_page(reports, request.GET, size=20)
    return render(request, "agreements/report_list.html", {"form": form, "page_obj": page})


def report_detail(request, pk):
    report = get_object_or_404(
        selectors.reports_visible_to(request.user).prefetch_related("evidence"), pk=pk
    )
    return _render_report(request, report)


def _render_report(request, report, *, review_form=None, status=200):
    """The report page; after a refused review, with the reviewer's form as sent (the
    decision chosen, the comment typed) and its errors."""
    user = request.user
    insider = selectors.is_insider(user, report)
    return render(
        request,
        "agreements/report_detail.html",
        {
            "report": report,
            "commitment": report.indicator.commitment,
            "insider": insider,
            "history": report.status_changes.select_related("by") if insider else [],
            "evidence": [e for e in report.evidence.all() if insider or e.public],
            "can_edit": user.is_authenticated and selectors.can_edit(user, report),
            "can_review": report.status == ReportStatus.SUBMITTED
            and selectors.can_review(user, report),
            "can_reopen": actions.may_reopen(user, report),
            "review_form": review_form or ReviewForm(),
            "reopen_form": ReopenForm(),
        },
        status=status,
    )


def _posted_on_report(view):
    """A signed-in user's POST on a report they may see (404 for any other report): the view
    is called with the report instead of its pk."""

    @login_required
    @require_POST
    @functools.wraps(view)
    def on_report(request, pk):
        report = get_object_or_404(selectors.reports_visible_to(request.user), pk=pk)
        return view(request, report)

    return on_report


@_posted_on_report
def report_submit(request, report):
    try:
        workflow.attempt(
            request,
            actions.submit_report,
            report=report,
            done=_("Report submitted to the other party for confirmation."),
        )
    except PermissionDenied:
        raise Http404 from None
    return redirect(report)


@_posted_on_report
def report_review(request, report):
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _render_report(request, report, review_form=form, status=400)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        # A refusal is shown like the form's own errors, on the page as sent.
        if workflow.attempt(
            request,
            actions.approve_report if approve else actions.return_report,
            form=form,
            report=report,
            comment=form.cleaned_data["comment"],
            done=_("Report confirmed. It is now locked.")
            if approve
            else _("Report returned to its unit with your comment."),
        ):
            return redirect(report)
    except PermissionDenied:
        raise Http404 from None
    return _render_report(request, report, review_form=form, status=400)


@_posted_on_report
def report_reopen(request, report):
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errs in form.errors.values() for m in errs))
        return redirect(report)
    try:
        workflow.attempt(
            request,
            actions.reopen_report,
            report=report,
            comment=form.cleaned_data["comment"],
            done=_("Report reopened."),
        )
    except PermissionDenied:
        raise Http404 from None
    return redirect(report)


def evidence_file(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("report"), pk=pk)
    report = get_object_or_404(selectors.reports_visible_to(request.user), pk=evidence.report_id)
    public = report.status == ReportStatus.APPROVED and evidence.public
    if not public and not selectors.is_insider(request.user, report):
        raise Http404
    return serve_file(evidence.file, download_name=evidence.original_name)


def document_file(request, pk):
    document = get_object_or_404(AgreementDocument, pk=pk)
    return serve_file(document.file)


def photo_file(request, pk):
    photo = get_object_or_404(Photo, pk=pk)
    response = serve_file(photo.image)
    response["Cache-Control"] = "public, max-age=86400"
    return response
