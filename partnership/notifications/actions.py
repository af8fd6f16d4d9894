"""The API the domain apps call: notify(...) inside their own transaction."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import Notification


def notify(
    *,
    recipients: Iterable,
    event: str,
    category: str,
    obj=None,
    context: dict | None = None,
    actor=None,
    url: str = "",
) -> list[Notification]:
    """Tell `recipients` that `event` happened to `obj`.

    `event` names the templates `notifications/<event with / for .>.subject.txt` and
    `.body.txt`, rendered in each recipient's language with `recipient`, `object`, `actor`,
    `url` and `context`. `context` must be JSON-serialisable. The actor is never notified
    of their own action. Call it inside the transaction of the change.
    """
    ctype = ContentType.objects.get_for_model(obj) if obj is not None else None
    link = url or (obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "")
    seen, rows = set(), []
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient=user,
                actor=actor,
                event=event,
                category=category,
                content_type=ctype,
                object_id=obj.pk if obj is not None else None,
                url=link,
                context=context or {},
            )
        )
    return Notification.objects.bulk_create(rows)


def mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
