"""Reads on the idea bank, each already filtered by what the asking user may see."""

import datetime

from django.db.models import Q

from .models import NOT_COUNTED_STATUSES, Idea


def _in_range(qs, field, since, until):
    """Filter `field` to [since, until]; dates are whole days, datetimes exact."""
    for bound, op in ((since, "gte"), (until, "lte")):
        if bound is None:
            continue
        if isinstance(bound, datetime.datetime):
            qs = qs.filter(**{f"{field}__{op}": bound})
        else:
            qs = qs.filter(**{f"{field}__date__{op}": bound})
    return qs


def idea_count(*, unit_ids=None, since=None, until=None) -> int:
    """Submitted ideas (not drafts, withdrawn or merged), by submission time and unit.

    Stable API: the agreements app counts these toward its idea-bank commitment.
    """
    qs = Idea.objects.exclude(status__in=NOT_COUNTED_STATUSES).filter(submitted_at__isnull=False)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    return _in_range(qs, "submitted_at", since, until).count()


def vnpt_supported_idea_count(*, since=None, until=None) -> int:
    """Ideas VNPT offered support to, by the time of the first offer. Stable API."""
    qs = Idea.objects.filter(vnpt_supported=True).exclude(
        Q(status__in=NOT_COUNTED_STATUSES) | Q(vnpt_supported_at__isnull=True)
    )
    return _in_range(qs, "vnpt_supported_at", since, until).count()
