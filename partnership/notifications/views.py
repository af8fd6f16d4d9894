from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from partnership import pagecache
from partnership.paging import number_page

from . import actions, selectors
from . import categories as kinds
from .forms import PreferencesForm
from .tokens import read_address_token, read_token


@login_required
def inbox(request):
    user = request.user
    # The list is cached until one of the person's notifications is written, read or deleted
    # (a version read from the database), or anything a subject can name changes (not
    # supports); rows are read only on a miss.
    page = SimpleLazyObject(lambda: number_page(selectors.inbox(user=user), request.GET, size=20))
    body_key = pagecache.fragment_key(
        request, *pagecache.subjects(), scope=f"{user.pk}:{selectors.inbox_version(user=user)}"
    )
    return render(request, "notifications/inbox.html", {"page_obj": page, "body_key": body_key})


@login_required
def open_notification(request, pk):
    notification = get_object_or_404(selectors.inbox(user=request.user), pk=pk)
    actions.mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect("notifications:inbox")
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request):
    actions.mark_read(user=request.user)
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    current = selectors.preferences(user=request.user)
    form = PreferencesForm(request.POST or None, initial_modes=current)
    if request.method == "POST" and form.is_valid():
        for category, mode in form.cleaned_data.items():
            if current.get(category) != mode:
                actions.set_preference(user=request.user, category=category, mode=mode)
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
@require_POST
def send_test(request):
    """Send oneself a test notification: the way to check that e-mail reaches you."""
    actions.send_test(user=request.user)
    messages.success(
        request,
        _("A test notification is on its way to %(email)s.") % {"email": request.user.email},
    )
    return redirect("notifications:preferences")


@never_cache
@csrf_exempt  # the signed token is the credential; RFC 8058 one-click POSTs carry no cookie
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        user, categories = read_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    labels = [kinds.label(c) for c in categories]
    if request.method == "POST":
        actions.unsubscribe(user=user, categories=categories)
        return render(request, "notifications/unsubscribed.html", {"labels": labels})
    return render(
        request,
        "notifications/unsubscribe.html",
        {"labels": labels, "email": user.email, "token": token},
    )


@never_cache
@csrf_exempt  # the signed token is the credential; RFC 8058 one-click POSTs carry no cookie
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_address(request, token):
    """The link in mail to an address without an account (a co-author invitation)."""
    try:
        email = read_address_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        actions.opt_out_address(email=email)
        return render(request, "notifications/unsubscribed_address.html", {"email": email})
    return render(
        request, "notifications/unsubscribe_address.html", {"email": email, "token": token}
    )
