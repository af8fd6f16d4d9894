from django.shortcuts import get_object_or_404, render

from partnership.paging import number_page
from partnership.text import fold

from . import provinces
from .models import Kind, Party, Unit
from .selectors import provinces_carried_by, serving_vnpt_unit, unit_name_q


def unit_list(request):
    units = Unit.objects.select_related("successor")
    party = request.GET.get("party", "")
    if party in Party.values:
        units = units.filter(party=party)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        units = units.filter(kind=kind)
    province = request.GET.get("province", "")
    if province:
        units = units.filter(province__in=provinces_carried_by(province))
    if request.GET.get("retired") != "1":
        units = units.active()
    q = request.GET.get("q", "").strip()[:200]
    if q:
        units = units.filter(unit_name_q(fold(q)))
    page = number_page(units, request.GET, size=40)
    return render(
        request,
        "organisations/unit_list.html",
        {
            "page_obj": page,
            "q": q,
            "parties": Party.choices,
            "kinds": Kind.choices,
            "provinces": provinces.CURRENT,
            "party": party,
            "kind": kind,
            "province": province,
        },
    )


def unit_detail(request, slug):
    unit = get_object_or_404(Unit.objects.select_related("successor", "served_by"), slug=slug)
    return render(
        request,
        "organisations/unit_detail.html",
        {
            "unit": unit,
            "ancestors": Unit.objects.get_ancestors(unit),
            "children": Unit.objects.get_children(unit).select_related("successor"),
            "serving": serving_vnpt_unit(unit) if unit.is_union else None,
            "served": unit.serves.all() if unit.is_vnpt else None,
            "predecessors": unit.predecessors.all(),
        },
    )
