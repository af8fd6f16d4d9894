from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from partnership import charts, pagecache, workflow
from partnership.files.actions import stage_upload
from partnership.files.selectors import pending_uploads
from partnership.paging import Count as PageCount
from partnership.paging import capped_count, keyset_args, keyset_page, number_page
from partnership.snapshots import snapshot_with_time
from partnership.uploads import serve_file
from partnership.views import workbook_response

from . import actions, exports, imports, selectors
from .forms import (
    AmendForm,
    AmendmentDecisionForm,
    AssignForm,
    ClaimForm,
    CommentForm,
    DecisionForm,
    GalleryFilterForm,
    IdeaForm,
    ImportForm,
    MergeForm,
    OfferForm,
    OnBehalfForm,
    ReasonForm,
    ReviewForm,
)
from .limits import client_ip
from .models import Attachment, Campaign, CoAuthor, Comment, Idea, IdeaVersion, Status


def _page(request, qs):
    return number_page(qs, request.GET, size=settings.PAGE_SIZE)


def _add_errors(form, exc: ValidationError) -> None:
    workflow.show_error(None, exc, form=form)


# --- gallery and idea page ------------------------------------------------------------------


def _keyset_args(request):
    return keyset_args(request.GET, settings.PAGE_SIZE)


def _gallery_form(request) -> GalleryFilterForm:
    """The gallery's filter form, built once per request: the page cache's versions read
    (index_versions) and the view on a miss share it and its choices' two queries."""
    form = getattr(request, "_gallery_form", None)
    if form is None:
        form = request._gallery_form = GalleryFilterForm(request.GET or None)
    return form


def _gallery_filters(request) -> dict[str, Any]:
    """index()'s filters, without building the form (two queries) when none is given."""
    if not any(name in request.GET for name in GalleryFilterForm.base_fields):
        return {}
    form = _gallery_form(request)
    return form.cleaned_data if form.is_valid() else {}


# What the page cache keys the public idea pages on (ideas/urls.py): the versions of the ideas
# they show, read before the view runs by one small query. No key is built here.


def index_versions(request):
    # The open campaigns too: a campaign opens and closes by the clock, with no write.
    return (
        selectors.gallery_versions(**_gallery_filters(request), **_keyset_args(request)),
        selectors.open_campaign_ids(),
    )


def campaign_versions(request, slug):
    return (
        selectors.gallery_versions(campaign=slug, **_keyset_args(request)),
        selectors.open_campaign_ids(),
    )


def detail_versions(request, pk):
    return selectors.public_idea_version(pk)


def index(request):
    form = _gallery_form(request)
    filters = form.cleaned_data if form.is_valid() else {}
    # Read only if the page's {% shared %} part is not in the cache (pagecache.shared_part).
    page = SimpleLazyObject(lambda: selectors.gallery_page(**filters, **_keyset_args(request)))
    return render(
        request,
        "ideas/index.html",
        {"form": form, "page_obj": page, "campaigns": selectors.gallery_setup().open_campaigns()},
    )


def campaign(request, slug):
    obj = get_object_or_404(Campaign.objects.select_related("organising_unit"), slug=slug)
    return render(
        request,
        "ideas/campaign.html",
        {
            "campaign": obj,
            "page_obj": SimpleLazyObject(
                lambda: selectors.gallery_page(campaign=slug, **_keyset_args(request))
            ),
            "criteria": obj.criteria.all(),
        },
    )


def _visible_idea_or_404(request, pk, *related: str) -> Idea:
    """The idea `pk` if the person may see it (selectors.visible_idea), else a 404."""
    idea = selectors.visible_idea(request.user, pk, *related)
    if idea is None:
        raise Http404
    return idea


def detail(request, pk):
    # The author's account or paper form only where shown: the page's head (a {% shared %}
    # part, read from the cache on a hit) and the cards of authors and moderators.
    idea = _visible_idea_or_404(request, pk, "field", "campaign__organising_unit", "unit")
    context = selectors.idea_page(idea, request.user)
    context["comment_form"] = CommentForm()
    context["may_amend"] = actions.may_amend(idea, request.user)
    if (context["moderator"] or context["on_behalf"]) and hasattr(idea, "paper_author"):
        context["paper"] = idea.paper_author
        if idea.author_id is None:
            context["claim_form"] = ClaimForm()
    if context["can_offer"]:
        context["offer_form"] = OfferForm()
    if context["moderator"]:
        moves = actions.allowed_moves(idea)
        decisions = moves - actions.AUTHOR_MOVES - {Status.MERGED}
        context.update(
            decision_form=DecisionForm(moves=decisions) if decisions else None,
            assign_form=AssignForm(idea=idea) if idea.status == Status.UNDER_REVIEW else None,
            merge_form=MergeForm(prefix="merge") if Status.MERGED in moves else None,
        )
    return render(request, "ideas/detail.html", context)


@require_GET
def similar(request):
    """Ideas whose titles look like ?title=…, for the form. Never blocks anything."""
    title = request.GET.get("title", "")[:200]
    exclude = request.GET.get("exclude", "")
    found = selectors.similar_ideas(title, exclude_pk=int(exclude) if exclude.isdigit() else None)
    return JsonResponse(
        {
            "results": [
                {
                    "title": i.title,
                    "url": i.get_absolute_url(),
                    "status": i.get_status_display(),
                    "field": i.field.name,
                }
                for i in found
            ]
        }
    )


def attachment(request, pk):
    att = get_object_or_404(Attachment, pk=pk)
    _visible_idea_or_404(request, att.idea_id)
    return serve_file(att.file, download_name=att.original_name)


# --- writing an idea ------------------------------------------------------------------------


def _bind_idea_form(request, idea):
    """Bind and validate the form. New uploads are checked by content and kept as pending
    rows, so a form re-shown with errors still offers them; bad files are field errors."""
    data = request.POST.copy()
    kept = pending_uploads(owner=request.user, purpose=actions.IDEA_UPLOADS)
    pending = list(kept.filter(pk__in=IdeaForm(data).pending_ids()).values_list("pk", flat=True))
    upload_errors = []
    # A bot that filled the honeypot gets the form error, and its files are not kept.
    uploads = [] if data.get("website") else request.FILES.getlist("files")
    for upload in uploads:
        try:
            pending.append(
                stage_upload(file=upload, by=request.user, purpose=actions.IDEA_UPLOADS).pk
            )
        except ValidationError as exc:
            upload_errors += [f"{upload.name}: {m}" for m in exc.messages]
    data["pending"] = ",".join(str(p) for p in pending)
    form = IdeaForm(data, instance=idea)
    form.is_valid()
    for message in upload_errors:
        form.add_error("files", message)
    return form, pending


@login_required
def edit(request, pk=None):
    idea = get_object_or_404(selectors.editable_by(request.user), pk=pk) if pk else None
    if idea and not idea.is_editable:
        messages.error(request, _("This idea can no longer be edited: screening has begun."))
        return redirect(idea)
    initial = {} if idea else {"campaign": request.GET.get("campaign")}
    form, pending = IdeaForm(instance=idea, initial=initial), []
    if request.method == "POST":
        form, pending = _bind_idea_form(request, idea)
        if form.is_valid() and request.POST.get("intent") == "submit":
            # Before the confirmation page, not on it: the typed text is still in the form.
            for name, message in actions.submission_gaps(form.cleaned_data).items():
                form.add_error(name, message)
        if form.is_valid():
            removed = [int(x) for x in request.POST.getlist("remove") if x.isdigit()]
            try:
                saved = actions.save_idea(
                    idea=idea,
                    author=idea.author if idea else request.user,
                    by=request.user,
                    fields=form.cleaned_data,
                    co_author_emails=form.cleaned_data["co_authors"],
                    attachment_ids=pending,
                    remove_attachment_ids=removed,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if request.POST.get("intent") == "submit" and saved.status == Status.DRAFT:
                    return redirect("ideas:submit", pk=saved.pk)
                messages.success(request, _("Saved."))
                return redirect("ideas:edit", pk=saved.pk)
    return render(
        request,
        "ideas/form.html",
        {
            "form": form,
            "idea": idea,
            "pending": pending_uploads(owner=request.user, purpose=actions.IDEA_UPLOADS).filter(
                pk__in=pending
            ),
            "attachments": idea.attachments.all() if idea else [],
        },
    )


@login_required
def submit(request, pk):
    """The confirmation page: what will be sent, and ideas that look alike."""
    idea = get_object_or_404(
        Idea.objects.filter(author=request.user, status=Status.DRAFT).select_related(
            "field", "campaign"
        ),
        pk=pk,
    )
    errors = []
    if request.method == "POST":
        try:
            actions.transition(
                idea=idea, to=Status.SUBMITTED, by=request.user, ip=client_ip(request)
            )
        except ValidationError as exc:
            errors = (
                [
                    f"{idea._meta.get_field(k).verbose_name}: {' '.join(v)}"
                    for k, v in exc.message_dict.items()
                ]
                if hasattr(exc, "error_dict")
                else exc.messages
            )
        else:
            messages.success(request, _("Your idea was submitted. Thank you!"))
            return redirect(idea)
    return render(
        request,
        "ideas/submit.html",
        {
            "idea": idea,
            "errors": errors,
            "similar": selectors.similar_ideas(idea.title, exclude_pk=idea.pk),
            "co_authors": idea.co_authors.all(),
            "attachments": idea.attachments.all(),
        },
    )


@login_required
@require_POST
def withdraw(request, pk):
    idea = _visible_idea_or_404(request, pk)
    try:
        workflow.attempt(
            request,
            actions.transition,
            idea=idea,
            to=Status.WITHDRAWN,
            done=_("The idea was withdrawn."),
        )
    except PermissionDenied:
        messages.error(request, _("Not allowed."))
    return redirect("ideas:mine")


@login_required
def confirm_co_author(request, token):
    """GET shows the invitation; POST confirms it (no change of state on a GET)."""
    invitation = get_object_or_404(
        CoAuthor.objects.select_related("idea", "idea__author"),
        token=token,
        email__iexact=request.user.email,
    )
    if request.method == "POST":
        actions.confirm_co_author(token=token, user=request.user)
        messages.success(request, _("You are now listed as a co-author."))
        return redirect(invitation.idea)
    return render(request, "ideas/confirm_co_author.html", {"invitation": invitation})


@login_required
def mine(request):
    qs = selectors.my_ideas(request.user)
    return render(request, "ideas/mine.html", {"page_obj": _page(request, qs)})


# --- support, follow, comments --------------------------------------------------------------


def _public_idea(pk):
    return get_object_or_404(selectors.published_ideas(), pk=pk)


@login_required
@require_POST
def support(request, pk):
    idea = _public_idea(pk)
    try:
        if request.POST.get("withdraw"):
            actions.withdraw_support(idea=idea, user=request.user)
        elif not actions.support_idea(idea=idea, user=request.user, ip=client_ip(request)):
            messages.info(request, _("You already support this idea."))
    except ValidationError as exc:
        workflow.show_error(request, exc)
    return redirect(idea)


@login_required
@require_POST
def follow(request, pk):
    idea = _visible_idea_or_404(request, pk)
    actions.toggle_follow(idea=idea, user=request.user)
    return redirect(idea)


@login_required
@require_POST
def comment(request, pk):
    idea = _public_idea(pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            actions.add_comment(
                idea=idea,
                author=request.user,
                body=form.cleaned_data["body"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            workflow.show_error(request, exc)
        else:
            messages.success(request, _("Your comment was posted."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(idea)


def _act_on_comment(
    request: HttpRequest,
    comment: Comment,
    act: Callable[..., Any],
    *,
    done: str,
    missing: str,
) -> HttpResponse:
    """Run `act` on the comment with the reason the form gives, or say the reason is missing."""
    form = ReasonForm(request.POST)
    if form.is_valid():
        act(comment=comment, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, done)
    else:
        messages.error(request, missing)
    return redirect(comment.idea)


@login_required
@require_POST
def report_comment(request, pk):
    obj = get_object_or_404(Comment.objects.filter(idea__in=selectors.published_ideas()), pk=pk)
    return _act_on_comment(
        request,
        obj,
        actions.report_comment,
        done=_("Thank you; moderators will look at this comment."),
        missing=_("Say what is wrong with this comment."),
    )


@login_required
@require_POST
def hide_comment(request, pk):
    obj = get_object_or_404(Comment.objects.select_related("idea"), pk=pk)
    if not selectors.can_moderate(request.user, obj.idea):
        raise Http404
    return _act_on_comment(
        request,
        obj,
        actions.hide_comment,
        done=_("The comment is hidden."),
        missing=_("Give a reason for hiding the comment."),
    )


@login_required
@require_POST
def offer(request, pk):
    idea = _public_idea(pk)
    if not request.user.is_liaison:
        raise Http404
    form = OfferForm(request.POST)
    if form.is_valid():
        workflow.attempt(
            request,
            actions.offer_vnpt_support,
            idea=idea,
            **form.cleaned_data,
            done=_("Your offer was sent to the authors."),
        )
    else:
        messages.error(request, _("Choose a kind of support and write a short note."))
    return redirect(idea)


# --- amendments ----------------------------------------------------------------------------


@login_required
def amend(request, pk):
    idea = _visible_idea_or_404(request, pk)
    if not actions.may_amend(idea, request.user):
        raise Http404
    if selectors.pending_amendment(idea):
        messages.error(
            request, _("An amendment of this idea is waiting for approval; wait for the decision.")
        )
        return redirect("ideas:versions", pk=idea.pk)
    form = AmendForm(initial=selectors.text_of(idea), idea=idea)
    if request.method == "POST":
        form = AmendForm(request.POST, idea=idea)
        if form.is_valid():
            data = form.cleaned_data
            try:
                version = actions.amend_idea(
                    idea=idea, by=request.user, fields=data, note=data["note"]
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if version.number is None:
                    messages.success(
                        request,
                        _(
                            "Your amendment was sent to the officers for approval; the idea "
                            "shows the previous version until then."
                        ),
                    )
                else:
                    messages.success(
                        request, _("Version %(n)d of your idea is saved.") % {"n": version.number}
                    )
                return redirect("ideas:versions", pk=idea.pk)
    return render(
        request,
        "ideas/amend.html",
        {"form": form, "idea": idea, "needs_approval": actions.needs_approval(idea)},
    )


def versions(request, pk):
    idea = _visible_idea_or_404(request, pk)
    context = selectors.version_history(idea, request.user)
    moderator = selectors.can_moderate(request.user, idea)
    context.update(
        idea=idea,
        may_amend=actions.may_amend(idea, request.user),
        decision_form=AmendmentDecisionForm() if moderator else None,
    )
    return render(request, "ideas/versions.html", context)


@login_required
@require_POST
def decide_amendment(request, pk):
    version = get_object_or_404(IdeaVersion.objects.select_related("idea"), pk=pk)
    idea = _moderated_idea(request, version.idea_id)
    form = AmendmentDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("ideas:versions", pk=idea.pk)
    approve = form.cleaned_data["decision"] == "approve"
    workflow.attempt(
        request,
        actions.decide_amendment,
        version=version,
        approve=approve,
        reason=form.cleaned_data["reason"],
        done=_("The amendment is approved and in force.")
        if approve
        else _("The amendment is rejected; the authors are told why."),
    )
    return redirect("ideas:versions", pk=idea.pk)


# --- moderation, council, reviews -----------------------------------------------------------


def _moderated_idea(request, pk):
    idea = _visible_idea_or_404(request, pk)
    if not selectors.can_moderate(request.user, idea):
        raise Http404
    return idea


@login_required
@require_POST
def decide(request, pk):
    idea = _moderated_idea(request, pk)
    form = DecisionForm(request.POST, moves=actions.allowed_moves(idea))
    if not form.is_valid():
        messages.error(request, _("Choose a status this idea can move to."))
        return redirect(idea)
    workflow.attempt(
        request,
        actions.transition,
        idea=idea,
        **form.cleaned_data,
        done=_("Status changed to “%(s)s”.") % {"s": Status(form.cleaned_data["to"]).label},
    )
    return redirect(idea)


@login_required
@require_POST
def assign(request, pk):
    idea = _moderated_idea(request, pk)
    form = AssignForm(request.POST, idea=idea)
    if form.is_valid():
        workflow.attempt(
            request,
            actions.assign_reviewer,
            idea=idea,
            reviewer=form.cleaned_data["reviewer"],
            done=_("Reviewer assigned."),
        )
    else:
        messages.error(request, _("Choose a reviewer from another unit."))
    return redirect(idea)


@login_required
@require_POST
def claim(request, pk):
    """An officer confirms which account is the paper author of an idea."""
    idea = _visible_idea_or_404(request, pk)
    if not (selectors.can_moderate(request.user, idea) or idea.submitted_by_id == request.user.pk):
        raise PermissionDenied
    form = ClaimForm(request.POST)
    if form.is_valid():
        workflow.attempt(
            request,
            actions.claim_paper_idea,
            idea=idea,
            user=form.account,
            done=_("The idea now belongs to this account; its owner was told."),
        )
    else:
        workflow.show_error(request, ValidationError(form.errors["email"]))
    return redirect(idea)


@login_required
@require_POST
def merge(request, pk):
    idea = _moderated_idea(request, pk)
    form = MergeForm(request.POST, prefix="merge")
    if form.is_valid():
        keep = selectors.visible_idea(request.user, form.cleaned_data["keep"])
        try:
            if keep is None:
                raise ValidationError(_("There is no idea with this number."))
            kept = actions.merge_ideas(
                duplicate=idea, keep=keep, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            workflow.show_error(request, exc)
        except PermissionDenied:  # this idea is moderated (checked above): the other one is not
            messages.error(
                request,
                _(
                    "Idea %(n)s is not one you moderate: merge only into an idea of your units "
                    "(or ask the content administrators)."
                )
                % {"n": keep.pk},
            )
        else:
            messages.success(request, _("The ideas were merged."))
            return redirect(kept)
    else:
        messages.error(
            request,
            " ".join(
                f"{form[name].label}: {error}" if name in form.fields else error
                for name, errors in form.errors.items()
                for error in errors
            ),
        )
    return redirect(idea)


@login_required
def moderate(request):
    if not (request.user.is_content_admin or request.user.is_officer):
        raise Http404
    status = request.GET.get("status", "")
    campaign_slug = request.GET.get("campaign", "")

    def waiting_page():
        qs = selectors.moderation_queue(request.user)
        if status in Status.values:
            qs = qs.filter(status=status)
        if campaign_slug:
            qs = qs.filter(campaign__slug=campaign_slug)
        return keyset_page(
            qs.select_related("field", "campaign", "unit").defer(*selectors.LIST_DEFER),
            selectors.RANK_KEYS,
            count=capped_count(qs, selectors.SEARCH_COUNT_CAP),
            **_keyset_args(request),
        )

    # The list is cached until an idea or a unit changes (pagecache.fragment_key) and its
    # queries run only on a miss. moderation_queue depends on the officer's unit and roles.
    page = SimpleLazyObject(waiting_page)
    user = request.user
    return render(
        request,
        "ideas/moderate.html",
        {
            "body_key": pagecache.fragment_key(
                request,
                "ideas",
                "units",
                scope=user.access_key,
            ),
            "page_obj": page,
            "status": status,
            "statuses": Status.choices,
            "campaign": campaign_slug,
            "campaigns": Campaign.objects.values_list("slug", "title"),
        },
    )


@login_required
def reviews(request):
    qs = selectors.reviews_for(request.user)
    return render(request, "ideas/reviews.html", {"page_obj": _page(request, qs)})


@login_required
def review(request, pk):
    assignment = get_object_or_404(selectors.reviews_for(request.user), pk=pk)
    idea = assignment.idea
    criteria = selectors.rubric_for(idea)
    if request.method == "POST":
        form = ReviewForm(request.POST, criteria=criteria)
        if form.is_valid() and workflow.attempt(
            request,
            actions.submit_review,
            form=form,
            review=assignment,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
            done=_("Your review was saved."),
        ):
            return redirect("ideas:reviews")
    else:
        initial = {"comment": assignment.comment}
        for s in assignment.scores.all():
            initial[f"score_{s.criterion_id}"] = s.value
            initial[f"note_{s.criterion_id}"] = s.comment
        form = ReviewForm(initial=initial, criteria=criteria)
    return render(
        request,
        "ideas/review.html",
        {
            "form": form,
            "assignment": assignment,
            "idea": idea,
            "attachments": idea.attachments.all(),
            "changes": selectors.changes_since_review(assignment),
        },
    )


# --- officers -------------------------------------------------------------------------------


def _officer(request):
    if not (request.user.is_officer and request.user.unit_id):
        raise Http404
    return request.user.unit


@login_required
def dashboard(request):
    unit = _officer(request)

    def summary():
        # Five aggregates over the unit's whole subtree: computed in the background, at most
        # five minutes old (the page says when).
        figures, computed_at = snapshot_with_time(selectors.unit_dashboard, unit.pk, max_age=300)
        labels = dict(Status.choices)
        by_status = [
            {**row, "label": labels.get(row["status"], row["status"])}
            for row in figures["by_status"]
        ]
        months = figures.get("by_month", [])
        return {
            "figures": {**figures, "by_status": by_status},
            "computed_at": computed_at,
            "by_month": charts.column_chart(
                [(date_format(month, "m/Y"), n) for month, n in months],
                key="ideas-per-month",
                title=_("Ideas submitted per month"),
                period_heading=_("Month"),
                value_label=_("Ideas"),
                # Half a year or less: every month named; more: the years.
                ticks={i: date_format(m, "m/y") for i, (m, _n) in enumerate(months)}
                if len(months) <= 6
                else {i: str(m.year) for i, (m, _n) in enumerate(months) if m.month == 1 or not i},
            ),
            "by_field": charts.bar_chart(
                [(r["field__name"] or _("No field"), r["n"]) for r in figures["by_field"]],
                key="ideas-per-field",
                title=_("Ideas submitted per field"),
                label_heading=_("Field"),
                value_label=_("Ideas"),
            ),
        }

    # Figures and list are one cached block (until an idea or a unit changes, and at most
    # five minutes, as old as the figures may be); both are computed only on a miss.
    data = SimpleLazyObject(summary)
    page = SimpleLazyObject(
        lambda: keyset_page(
            selectors.unit_ideas(unit)
            .select_related("field", "campaign", "unit")
            .defer(*selectors.LIST_DEFER),
            ["submitted_at", "id"],
            count=PageCount(data["figures"]["total"]),
            **_keyset_args(request),
        )
    )
    return render(
        request,
        "ideas/dashboard.html",
        {
            "body_key": pagecache.fragment_key(request, "ideas", "units", scope=unit.pk),
            "unit": unit,
            "data": data,
            "page_obj": page,
        },
    )


@login_required
def dashboard_export(request):
    unit = _officer(request)
    return workbook_response(exports.ideas_workbook(selectors.unit_ideas(unit)), "y-tuong.xlsx")


@login_required
def on_behalf(request):
    unit = _officer(request)
    if request.method == "POST":
        form = OnBehalfForm(request.POST, officer=request.user)
        if form.is_valid():
            try:
                idea = form.save_on_behalf()
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The idea was submitted on the author's behalf."))
                return redirect(idea)
    else:
        form = OnBehalfForm(officer=request.user)
    return render(request, "ideas/on_behalf.html", {"form": form, "unit": unit})


@login_required
def import_template(request):
    _officer(request)
    return workbook_response(imports.template_workbook(), "mau-nhap-y-tuong.xlsx")


@login_required
def import_ideas(request):
    unit = _officer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report, imported = None, 0
    if request.method == "POST" and form.is_valid():
        try:
            report, imported = imports.import_ideas(
                file=form.cleaned_data["file"], officer=request.user
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if imported:
                messages.success(
                    request,
                    ngettext("%d idea imported.", "%d ideas imported.", imported) % imported,
                )
                return redirect("ideas:dashboard")
    return render(
        request,
        "ideas/import.html",
        {
            "form": form,
            "unit": unit,
            "report": report,
            "failed": report and any(r.errors for r in report),
        },
    )
