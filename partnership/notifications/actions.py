"""The API the domain apps call: notify(...) inside their own transaction; and the writes of
the inbox, the preferences page and the unsubscribe link."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from . import outbox
from .categories import CONFIGURABLE, Category
from .models import Delivery, Notification, Preference


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
    of their own action. Call it inside the transaction of the change: the notification and
    its e-mail delivery commit (or roll back) with it, and the e-mail is queued on commit.
    """
    ctype = ContentType.objects.get_for_model(obj) if obj is not None else None
    link = url or (obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "")
    seen, people = set(), []
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        people.append(user)
    if not people:
        return []
    modes = dict(
        Preference.objects.filter(user__in=seen, category=category).values_list("user_id", "mode")
    )
    with transaction.atomic():
        rows = Notification.objects.bulk_create(
            [
                Notification(
                    recipient=user,
                    actor=actor,
                    event=event,
                    category=category,
                    content_type=ctype,
                    object_id=obj.pk if obj is not None else None,
                    url=link,
                    context=context or {},
                    wants_digest=modes.get(user.pk) == Preference.Mode.DIGEST,
                )
                for user in people
            ]
        )
        due = outbox.requeue_deadline()
        deliveries = Delivery.objects.bulk_create(
            [
                Delivery(
                    notification=n,
                    recipient_id=n.recipient_id,
                    channel=Delivery.Channel.EMAIL,
                    next_attempt_at=due,
                    idempotency_key=f"email:notification:{n.pk}",
                )
                for n in rows
                if modes.get(n.recipient_id, Preference.Mode.IMMEDIATE) == Preference.Mode.IMMEDIATE
            ]
        )
        outbox.publish_on_commit([(d.pk, 0) for d in deliveries])
    return rows


def mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def set_preference(*, user, category: str, mode: str) -> Preference:
    if category not in CONFIGURABLE or mode not in Preference.Mode.values:
        raise ValueError(f"{category!r}/{mode!r} is not a preference")
    pref, _created = Preference.objects.update_or_create(
        user=user, category=category, defaults={"mode": mode}
    )
    if mode != Preference.Mode.DIGEST:
        # Waiting digest items follow the new choice: off drops them, immediate too (they
        # were announced in the inbox already; sending them one by one now would be noise).
        Notification.objects.filter(
            recipient=user, category=category, wants_digest=True, digest__isnull=True
        ).update(wants_digest=False)
    return pref


def unsubscribe(*, user, categories) -> list[str]:
    done = []
    for category in categories:
        set_preference(user=user, category=category, mode=Preference.Mode.OFF)
        done.append(category)
    return done


def send_test(*, user) -> Notification:
    """A test notification to oneself, in the inbox and by e-mail at once."""
    with transaction.atomic():
        (row,) = notify(
            recipients=[user],
            event="notifications.test",
            category=Category.ACCOUNT,
            url=reverse("notifications:preferences"),
        )
    return row
