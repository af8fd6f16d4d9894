"""Cache keys that carry the version of what they show: nothing to invalidate.

A row that public pages show and that changes often (an idea: its supports, comments, status)
has a `row_version` column (`Versioned`), raised in the same UPDATE as the write itself: by
`save()`, or by `touch()` for writes that go through `QuerySet.update()` (a support adds one
to the counter and to the version in one statement). A cached piece is stored under a key
that contains the versions of the rows it shows:

- one row's fragment (an idea's card): `{% cards rows "template" %}` keys each card on its
  row's id and version, fetches all the page's cards in one `get_many`, renders only the
  missing ones and stores them;
- a whole page of rows: `pagecache.cached(..., versions=...)` reads the (id, version) pairs
  of the page with one indexed query before the view runs and puts them in the page's key.

A write changes the version of the row it touched, so the keys of exactly the pieces that
show that row change and nothing else does. There is no invalidation step (no signal, no
generation, no delete) that a Redis failure could lose: the version is written in the same
database transaction as the data. Old entries are never read again and expire on their own.

Every key is built here (`versioned_key`), never in a view.
"""

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import F, QuerySet
from django.db.models.expressions import Combinable
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

# Lifetime of a versioned entry. No write needs it to expire (its key changes); it bounds
# what the cache keeps of rows nobody shows any more.
CARD_SECONDS = 600


class Versioned(models.Model):
    """A row whose cached views are keyed on its version. Every save raises it by one, in
    the UPDATE itself (no lost increment between two writers), and reads the new value
    back so the instance keys what it now holds."""

    # db_default too: rows written by COPY (make_scale_data) or raw SQL start at 0.
    # "row_version": not the text versions of an amended idea (ideas.IdeaVersion on main).
    row_version = models.BigIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        raised = not self._state.adding and not kwargs.get("force_insert")
        if raised:
            self.row_version = F("row_version") + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "row_version"}
        super().save(*args, **kwargs)
        if raised or isinstance(self.row_version, Combinable):
            self.refresh_from_db(fields=["row_version"])


def touch(queryset: QuerySet, **changes: Any) -> int:
    """UPDATE these rows with `changes` and raise their versions in the same statement: how a
    write that bypasses save() (a counter, a bulk change) changes the keys of what shows it."""
    return queryset.update(row_version=F("row_version") + 1, **changes)


def _part(value: Any) -> str:
    if isinstance(value, models.Model):
        return f"{value._meta.label_lower}#{value.pk}@{getattr(value, 'row_version', '')}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_part(v) for v in value) + "]"
    return str(value)


def versioned_key(kind: str, *parts: Any) -> str:
    """The cache key of a piece of `kind` showing `parts` (rows, with their versions, and
    anything else the piece depends on), in the active language. The one place keys of
    versioned content are made."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    text = "\n".join([kind, language, *(_part(p) for p in parts)])
    return f"v:{kind}:{hashlib.sha256(text.encode()).hexdigest()[:40]}"


def _enabled() -> bool:
    return getattr(settings, "FRAGMENT_CACHE_ENABLED", True)


def render_each(
    rows: Iterable[models.Model],
    render: Any,
    *,
    kind: str,
    depends: Sequence[Any] = (),
) -> SafeString:
    """Each row rendered by `render(row)`, through the cache under the row's own version
    (and `depends`: what the rendering shows besides the row, e.g. namespace generations of
    related names). One get_many for the page; only the missing rows are rendered."""
    rows = list(rows)
    keys = [versioned_key(kind, row, *depends) for row in rows]
    # The fail-open backend answers a Redis outage with misses and drops the writes.
    found = cache.get_many(keys) if _enabled() and keys else {}
    new: dict[str, str] = {}
    out = []
    for row, key in zip(rows, keys, strict=True):
        html = found.get(key)
        if html is None:
            html = new[key] = str(render(row))
        out.append(html)
    if new and _enabled():
        cache.set_many(new, CARD_SECONDS)
    return mark_safe("".join(out))  # noqa: S308  each piece is a rendered template
