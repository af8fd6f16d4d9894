from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnership.paging import number_page
from partnership.text import fold

from . import actions, selectors
from . import roles as portal_roles
from .forms import ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def people(request):
    if not (request.user.is_officer or request.user.is_content_admin):
        return redirect("accounts:profile")
    qs = selectors.people_manageable_by(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(search_text__contains=fold(q)[:200])
    page = number_page(qs, request.GET, size=20)
    grantable = portal_roles.grantable_by_officers()
    roles = [
        (code, label)
        for code, label in portal_roles.choices()
        if code in grantable or request.user.is_content_admin
    ]
    return render(request, "accounts/people.html", {"page_obj": page, "q": q, "roles": roles})


@login_required
@require_POST
def change_role(request, pk):
    person = get_object_or_404(selectors.people_manageable_by(request.user), pk=pk)
    role = request.POST.get("role", "")
    granted = request.POST.get("granted") == "1"
    if role not in portal_roles.codes() or not actions.can_grant(
        by=request.user, user=person, role=role
    ):
        messages.error(request, _("You may not change this role."))
    else:
        actions.set_role(user=person, role=role, granted=granted, by=request.user)
        messages.success(request, _("Roles of %(name)s updated.") % {"name": person.full_name})
    return redirect("accounts:people")
