"""Catalogue pages, the request form, request pages, the VNPT queue and exports."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnership import charts, pagecache, workflow
from partnership.organisations.models import Kind, Unit
from partnership.organisations.selectors import serving_vnpt_unit, units_under
from partnership.paging import number_page
from partnership.uploads import serve_file

from . import actions, selectors
from .eligibility import ineligibility_reason, plan_audiences
from .exports import export
from .forms import (
    CatalogueFilterForm,
    CompleteForm,
    ConfirmForm,
    MessageForm,
    MoveForm,
    ReopenForm,
    RequestFilterForm,
    RequestForm,
)
from .models import Audience, Category, Plan, Status
from .paging import request_page
from .pricing import Quote, quote

# Buttons say what the user does, not the status the request lands in.
MOVE_LABELS = {
    Status.SUBMITTED: gettext_lazy("Send back to VNPT"),
    Status.ACCEPTED: gettext_lazy("Accept"),
    Status.NEEDS_INFO: gettext_lazy("Ask for information"),
    Status.REJECTED: gettext_lazy("Reject"),
    Status.CANCELLED: gettext_lazy("Cancel the request"),
    Status.IN_PROGRESS: gettext_lazy("Start work"),
    Status.COMPLETED: gettext_lazy("Mark completed"),
    Status.CONFIRMED: gettext_lazy("Confirm it works"),
    Status.FAILED: gettext_lazy("Report failure"),
    Status.CLOSED: gettext_lazy("Close"),
}


def _catalogue_page(request, *, category=None):
    categories = list(selectors.categories())
    form = CatalogueFilterForm(request.GET or None, with_category=category is None)
    if "category" in form.fields:
        # The options from the list the page shows anyway: no second read of the categories.
        field = form.fields["category"]
        field.choices = [("", field.empty_label), *((c.slug, c.name) for c in categories)]
    conditions = form.conditions() if request.GET else {"sort": "popular"}
    chosen = category or (form.cleaned_data.get("category") if form.is_bound else None)
    services = selectors.catalogue(category=chosen, **conditions)
    page = number_page(services, request.GET, size=20)
    return render(
        request,
        "services/catalogue.html",
        {
            "form": form,
            "page_obj": page,
            "category": category,
            "categories": categories,
            "q": conditions.get("q", ""),
            "crumbs": [(_("Services"), reverse("services:index")), (category, "")]
            if category
            else [],
        },
    )


def index(request):
    return _catalogue_page(request)


def category(request, slug):
    return _catalogue_page(request, category=get_object_or_404(Category, slug=slug))


def detail(request, slug):
    service = selectors.service_for_page(slug, request.user)
    plans = list(selectors.plans_for_page(service))
    for plan in plans:
        plan.reason = ineligibility_reason(plan, request.user)
        plan.needs_login = not request.user.is_authenticated and plan.is_on_sale()
        plan.audience_labels = [Audience(a).label for a in plan_audiences(plan)]
    return render(
        request,
        "services/detail.html",
        {
            "service": service,
            "plans": plans,
            "promotions": selectors.current_promotions(service),
            "rating": selectors.service_rating(service),
        },
    )


@login_required
def request_create(request, slug):
    service = selectors.service_for_page(slug, request.user)
    form = RequestForm(
        request.POST or None,
        service=service,
        user=request.user,
        initial={"plan": request.GET.get("plan")},
    )
    previewing = request.method == "POST" and "preview" in request.POST
    if request.method == "POST" and not previewing and form.is_valid():
        data = form.cleaned_data
        try:
            created = actions.submit_request(by=request.user, **data)
        except actions.RequestError as exc:
            # The rules changed between the form's check and the action's (a plan went off sale).
            workflow.show_error(request, exc, form=form)
        else:
            messages.success(
                request,
                _("Your request %(ref)s was sent to %(unit)s.")
                % {"ref": created.reference, "unit": created.vnpt_unit.name},
            )
            return redirect(created)
    plans = list(form.fields["plan"].queryset)
    return render(
        request,
        "services/request_form.html",
        {
            "form": form,
            "service": service,
            "quote": _form_quote(form, plans),
            "plan_prices": {
                str(p.pk): {
                    "first": p.monthly_price * p.months_paid,
                    "other": (
                        p.monthly_price
                        if p.second_monthly_price is None
                        else p.second_monthly_price
                    )
                    * p.months_paid,
                    "vat": p.vat_rate,
                }
                for p in plans
            },
            "serving_unit": serving_vnpt_unit(request.user.unit),
        },
    )


def _form_quote(form, plans: list[Plan]) -> Quote | None:
    """The total for the plan and quantity on the form as it stands (the no-JS fallback)."""
    chosen = str(form["plan"].value() or "")
    plan = next((p for p in plans if str(p.pk) == chosen), plans[0] if plans else None)
    try:
        quantity = int(form["quantity"].value() or 0)
    except (TypeError, ValueError):
        quantity = 0
    if plan is None:
        return None
    return quote(plan, quantity if 1 <= quantity <= 1000 else 0)


def _request_list(request, requests, *, template, units, export_name, scope):
    """`requests()` gives the visible requests, `units()` the units to filter by; each is
    called only when the list is rendered (a miss of its cached block) or exported."""
    form = SimpleLazyObject(lambda: RequestFilterForm(request.GET or None, units=units()))

    def rows():
        return selectors.filter_requests(requests(), **form.conditions())

    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        return export(rows(), fmt, name=export_name)
    # The filters and the table are cached until a request, unit or person changes
    # (pagecache.fragment_key); the page of rows is computed only when the template needs it.
    sort = "due" if request.GET.get("sort") == "due" else ""
    order = selectors.due_first if sort else selectors.newest_first
    page = SimpleLazyObject(lambda: request_page(order(rows()), request.GET, keyset=not sort))
    return render(
        request,
        template,
        {
            "form": form,
            "page_obj": page,
            "today": timezone.localdate(),
            "sort": sort,
            "body_key": pagecache.fragment_key(request, "services", "units", "people", scope=scope),
        },
    )


@login_required
def my_requests(request):
    user = request.user
    return _request_list(
        request,
        lambda: selectors.requests_visible_to(user),
        template="services/my_requests.html",
        units=lambda: units_under(user.unit).active() if user.is_officer and user.unit_id else None,
        export_name="yeu-cau-cua-don-vi",
        # requests_visible_to: the person's own, their unit's as an officer, their branch's
        scope=f"mine:{user.pk}:{user.access_key}",
    )


@login_required
def queue(request):
    if not request.user.is_liaison:
        raise Http404
    return _request_list(
        request,
        lambda: selectors.queue_for(request.user),
        template="services/queue.html",
        units=lambda: Unit.objects.active().filter(
            kind__in=[Kind.CENTRAL_COMMITTEE, Kind.PROVINCIAL_UNION]
        ),
        export_name="hang-doi-vnpt",
        scope=f"queue:{request.user.unit_id}",  # queue_for: the liaison's unit and below
    )


@login_required
def dashboard(request):
    """How the branches answer: the on-time rate of first responses per VNPT branch, and
    how requesters confirmed and rated what was delivered, per branch and per service."""
    user = request.user
    if not (user.is_officer or user.is_liaison or user.is_content_admin):
        raise PermissionDenied
    branches = selectors.on_time_by_branch()
    names = [b.branch.name for b in branches]
    busiest = sorted(branches, key=lambda b: (-b.requests, b.branch.name))
    return render(
        request,
        "services/dashboard.html",
        {
            "branches": branches,
            "today": timezone.localdate(),
            "satisfaction_branches": selectors.satisfaction_by_branch(),
            "satisfaction_services": selectors.satisfaction_by_service(),
            "confirmation_days": settings.SERVICE_CONFIRMATION_WORKING_DAYS,
            "requests_chart": charts.bar_chart(
                [(b.branch.name, b.requests) for b in busiest],
                key="requests",
                title=_("Requests received per branch"),
                label_heading=_("VNPT unit"),
                value_label=_("Requests"),
            ),
            "on_time_chart": charts.bar_chart(
                list(zip(names, [b.on_time_rate for b in branches], strict=True)),
                key="on-time",
                title=_("On-time rate of first responses per branch"),
                label_heading=_("VNPT unit"),
                value_label=_("On-time rate"),
                suffix="%",
                max_value=100,
            ),
        },
    )


def _visible(request, reference):
    return get_object_or_404(selectors.requests_visible_to(request.user), reference=reference)


@login_required
def request_detail(request, reference):
    obj = _visible(request, reference)
    return render(request, "services/request_detail.html", _detail_context(request, obj))


# Moves made with a form of their own (what was delivered, a rating, why it is reopened):
# step -> (the form, the action taking the form's data as arguments, what is said when done).
_CLOSURE_STEPS = {
    "complete": (
        CompleteForm,
        actions.complete_request,
        gettext_lazy(
            "The request is marked completed; the requesting unit is asked to confirm it."
        ),
    ),
    "confirm": (
        ConfirmForm,
        actions.confirm_request,
        gettext_lazy("Thank you: the request is confirmed."),
    ),
    "reopen": (
        ReopenForm,
        actions.reopen_request,
        gettext_lazy("The request is reopened and back with VNPT."),
    ),
}
_CLOSURE_FORMS = {f"{step}_form": form for step, (form, *_rest) in _CLOSURE_STEPS.items()}


def _detail_context(
    request, obj, *, move_form=None, message_form=None, cancel_form=None, **closure_forms
):
    user = request.user
    moves = actions.allowed_moves(obj, user)
    may = {
        "complete_form": Status.COMPLETED in moves,
        "confirm_form": Status.CONFIRMED in moves,
        "reopen_form": obj.status == Status.COMPLETED and Status.IN_PROGRESS in moves,
    }
    own_form = {Status.CANCELLED, Status.COMPLETED, Status.CONFIRMED}
    if may["reopen_form"]:
        own_form.add(Status.IN_PROGRESS)
    initial = {"expected_status": obj.status}
    forms = {
        name: closure_forms.get(name) or form_class(initial=initial, request=obj)
        for name, form_class in _CLOSURE_FORMS.items()
        if may[name]
    }
    return {
        "obj": obj,
        "changes": obj.status_changes.select_related("by"),
        "thread": obj.messages.select_related("author__unit"),
        # Cancelling has a section of its own, away from the messages, with a confirmation;
        # completing, confirming and reopening have forms of their own.
        "moves": [(s, MOVE_LABELS[s]) for s in moves if s not in own_form],
        **forms,
        "may_cancel": Status.CANCELLED in moves,
        "cancel_form": cancel_form or MoveForm(initial={"expected_status": obj.status}),
        "move_form": move_form or MoveForm(initial={"expected_status": obj.status}),
        "message_form": message_form or MessageForm(),
        "vnpt_side": selectors.can_act_as_vnpt(user, obj),
        "may_write": selectors.can_act_as_vnpt(user, obj)
        or selectors.can_act_as_requester(user, obj),
        "overdue": selectors.is_overdue(obj),
    }


@login_required
@require_POST
def request_move(request, reference):
    obj = _visible(request, reference)
    form = MoveForm(request.POST)
    cancelling = request.POST.get("new_status") == Status.CANCELLED
    if cancelling and not request.POST.get("confirm"):
        form.add_error(None, _("Tick the box to confirm that the request is to be cancelled."))
    if form.is_valid() and workflow.attempt(
        request,
        actions.set_status,
        form=form,
        request=obj,
        new_status=form.cleaned_data["new_status"],
        comment=form.cleaned_data["comment"],
        expected_status=form.cleaned_data["expected_status"],
        done=_("The request is now “%(s)s”.")
        % {"s": Status(form.cleaned_data["new_status"]).label},
    ):
        return redirect(obj)
    obj.refresh_from_db()
    return render(
        request,
        "services/request_detail.html",
        _detail_context(request, obj, **{"cancel_form" if cancelling else "move_form": form}),
        status=400,
    )


@login_required
@require_POST
def request_closure(request, reference, step):
    """Complete, confirm or reopen: the step's form, then its action (the form's fields are
    the action's arguments); the page again with the form's errors when it is refused."""
    form_class, action, done = _CLOSURE_STEPS[step]
    form_name = f"{step}_form"
    obj = _visible(request, reference)
    form = form_class(request.POST, request=obj)
    if form.is_valid() and workflow.attempt(
        request, action, form=form, request=obj, **form.cleaned_data, done=done
    ):
        return redirect(obj)
    obj.refresh_from_db()
    context = _detail_context(request, obj)
    if form_name not in context:  # not (or no longer) open to this person: say why
        refusal = form.non_field_errors() or [_("You may not make this move on this request.")]
        messages.error(request, " ".join(refusal))
        return redirect(obj)
    context[form_name] = form
    return render(request, "services/request_detail.html", context, status=400)


@login_required
@require_POST
def request_claim(request, reference):
    obj = _visible(request, reference)
    workflow.attempt(
        request,
        actions.claim_request,
        request=obj,
        done=_("You are now in charge of this request."),
    )
    return redirect(obj)


@login_required
@require_POST
def request_message(request, reference):
    obj = _visible(request, reference)
    form = MessageForm(request.POST, request.FILES, user=request.user)
    if form.is_valid():
        attachment = form.cleaned_data["attachment"]
        try:
            actions.post_message(
                request=obj, by=request.user, body=form.cleaned_data["body"],
                attachment=attachment, attachment_name=getattr(form, "original_name", ""),
                pending_token=str(form.pending.token) if form.pending and not attachment else None,
            )  # fmt: skip
        except actions.RequestError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, _("Your message was sent."))
            return redirect(obj)
    form.keep_upload()
    return render(
        request,
        "services/request_detail.html",
        _detail_context(request, obj, message_form=form),
        status=400,
    )


@login_required
def message_attachment(request, reference, pk):
    obj = _visible(request, reference)
    message = get_object_or_404(obj.messages.exclude(attachment=""), pk=pk)
    return serve_file(message.attachment, download_name=message.attachment_name or None)


def service_image(request, slug):
    service = selectors.service_for_page(slug, request.user)
    if not service.image:
        raise Http404
    return serve_file(service.image)


def plan_redirect(request, pk):
    plan = get_object_or_404(Plan.objects.select_related("service"), pk=pk)
    return redirect(plan.get_absolute_url())
