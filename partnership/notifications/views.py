from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import actions, selectors


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page_obj": page})


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
