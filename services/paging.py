"""Pages of the request lists whose cost does not grow with the number of requests.

- The count stops at `CAP` + 1 rows (`SELECT COUNT(*) FROM (… LIMIT 1001)`): up to 1 000
  matching requests the pages are numbered "Page n of N" as before; past that the page says
  "over 1 000 requests" and numbered pages stop at page `CAP / per_page` (OFFSET ≤ 980).
- Past the numbered pages, "Older requests" continues with a keyset (`?before=<id>`: the
  rows older than that request in the list's order), which reads 21 index entries per page
  however deep it goes.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from partnership.paging import capped_count, rows_after

from .models import ServiceRequest

CAP = 1000
PER_PAGE = 20


def _narrow(qs, bottom, top):
    """The rows [bottom:top] of `qs` with what the table shows, in three cheap statements.

    With the six joins of select_related in the list's statement, PostgreSQL joined every
    matching request to users, plans and units before it sorted and cut 20 (37 ms for a
    branch of 4 000 requests), and planning the seven-table join alone took 6 ms. Here the
    20 ids come from the (unit, submitted_at, id) index in a one-table subquery (the outer
    statement repeats none of the list's conditions: repeated, they make the planner
    misjudge the 20 ids), plan and service are joined to those 20 rows, and the units
    (requesting and VNPT) and liaisons of the page are read by primary key, one statement
    each.
    """
    from partnership.accounts.models import User
    from partnership.organisations.models import Unit

    rows = list(
        ServiceRequest.objects.filter(pk__in=qs.values("pk")[bottom:top])
        .select_related("plan", "service")
        .order_by(*qs.query.order_by)
    )
    if not rows:
        return rows
    units = Unit.objects.in_bulk({r.unit_id for r in rows} | {r.vnpt_unit_id for r in rows})
    liaisons = {r.assignee_id for r in rows if r.assignee_id}
    liaisons = User.objects.in_bulk(liaisons) if liaisons else {}
    for r in rows:
        r.unit, r.vnpt_unit = units[r.unit_id], units[r.vnpt_unit_id]
        if r.assignee_id:
            r.assignee = liaisons[r.assignee_id]
    return rows


class CappedPaginator(Paginator):
    cap = CAP

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(_narrow(self.object_list, bottom, top), number, self)

    @cached_property
    def count(self):
        found = capped_count(self.object_list, self.cap)
        self.capped = found.capped
        return found.value

    capped = False


class KeysetPage:
    """One page of rows older than a given request, in the list's order (no count)."""

    keyset = True
    number = None

    def __init__(self, rows, per_page):
        self.object_list = rows[:per_page]
        self._more = len(rows) > per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._more

    def has_previous(self):
        return True

    def has_other_pages(self):
        return True

    @property
    def next_cursor(self):
        return self.object_list[-1].pk if self.object_list else None


def request_page(qs, params, *, per_page=None, keyset: bool = True):
    """The page of `qs` (ordered newest first, id breaking ties) that the query string asks.

    Another order (`keyset=False`, the queue by due date) has the numbered pages only."""
    per_page = per_page or PER_PAGE
    before = params.get("before")
    if keyset and before and before.isdigit():
        anchor = (
            ServiceRequest.objects.filter(pk=int(before)).values_list("submitted_at", flat=True)
        ).first()
        if anchor is not None:
            older = rows_after(["submitted_at", "pk"], [anchor, int(before)])
            return KeysetPage(_narrow(qs.filter(older), 0, per_page + 1), per_page)
    page = CappedPaginator(qs, per_page).get_page(params.get("page"))
    page.keyset = False
    page.more_beyond = (
        keyset and page.paginator.capped and not page.has_next() and bool(page.object_list)
    )
    page.next_cursor = page.object_list[-1].pk if page.more_beyond else None
    return page
