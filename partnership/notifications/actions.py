"""The API the domain apps call: notify(...) inside their own transaction, announce(...) for
one message to many people; and the writes of the inbox, the preferences page and the
unsubscribe link."""

import time
import uuid
from collections.abc import Iterable
from typing import Any, Required, TypedDict, Unpack

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from partnership.accounts.models import User
from partnership.organisations.models import Unit

from . import categories as kinds
from . import conf, outbox
from .models import AddressOptOut, Announcement, Delivery, Notification, Preference


def notify(
    *,
    recipients: Iterable[User | None],
    event: str,
    category: str,
    obj: models.Model | None = None,
    context: dict[str, Any] | None = None,
    actor: User | None = None,
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
    link = url or _url_of(obj)
    seen: set[int] = set()
    people: list[User] = []
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        people.append(user)
    if not people:
        return []
    with transaction.atomic():
        rows, deliveries = _write(
            [user.pk for user in people],
            event=event,
            category=category,
            content_type=ctype,
            object_id=obj.pk if obj is not None else None,
            url=link,
            context=context or {},
            actor=actor,
        )
        for row, user in zip(rows, people, strict=True):
            row.recipient = user
        outbox.publish_on_commit([(d.pk, 0) for d in deliveries])
    return rows


def _url_of(obj: models.Model | None) -> str:
    get_url = getattr(obj, "get_absolute_url", None)
    return get_url() if get_url is not None else ""


def _write(
    user_ids: list[int],
    *,
    event: str,
    category: str,
    content_type: ContentType | None,
    object_id: int | None,
    url: str,
    context: dict[str, Any],
    actor: User | None,
    ahead: int = 0,
) -> tuple[list[Notification], list[Delivery]]:
    """The notifications of `user_ids` and the e-mail deliveries their preferences ask for:
    four queries whatever the number of people. Call it inside a transaction.

    Everyone gets the notification (the inbox); mail goes to those who want this category
    immediately, the digest takes it for those who chose once a day, none for "off"."""
    modes = dict(
        Preference.objects.filter(user_id__in=user_ids, category=category).values_list(
            "user_id", "mode"
        )
    )
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                actor=actor,
                event=event,
                category=category,
                content_type=content_type,
                object_id=object_id,
                url=url,
                context=context,
                wants_digest=modes.get(user_id) == Preference.Mode.DIGEST,
            )
            for user_id in user_ids
        ]
    )
    due = outbox.requeue_deadline(ahead=ahead)
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
    return rows, deliveries


ANNOUNCEMENT_EVENT = "notifications.announcement"


def announce(
    recipients: QuerySet[User],
    *,
    title: str,
    body: str = "",
    category: str,
    url: str = "",
    obj: models.Model | None = None,
    actor: User | None = None,
    key: str | None = None,
    event: str = ANNOUNCEMENT_EVENT,
    chunk: int | None = None,
    budget: float | None = None,
) -> Announcement:
    """Tell every active person of the `recipients` queryset (users) the same news.

    Exactly what notify() does for each of them (same rows, same preferences: inbox for all,
    mail now, in the digest or not at all), but for any number of people: their ids are read
    `NOTIFICATIONS_ANNOUNCE_CHUNK` at a time (never all users in memory), each chunk is
    written with bulk inserts in a transaction of its own and its mail is queued on commit
    as batch tasks of `NOTIFICATIONS_BATCH_SIZE` (one SMTP connection each). If the broker
    is down, the rows stay pending for the sweeper and the fan-out goes on without waiting.
    Later chunks are left to the sweeper later (`NOTIFICATIONS_DRAIN_RATE`): rows that only
    wait in line are not queued twice.

    `key` names the announcement: announcing the same key again resumes an interrupted
    fan-out and does nothing once it finished. The event's templates get `context.title`
    and `context.body` (the default event shows them as they are). Do not call it inside a
    transaction of your own for large audiences: the chunks would all commit at the end.
    With `budget` (seconds) it stops after the chunk that exceeds it (at least one chunk
    is done) and returns the announcement unfinished (`finished_at` empty): call it again
    with the key to go on.
    """
    batch = conf.get("NOTIFICATIONS_BATCH_SIZE")
    chunk = chunk or conf.get("NOTIFICATIONS_ANNOUNCE_CHUNK")
    chunk = max(batch, chunk // batch * batch)  # whole batches per chunk
    announcement = _announcement(
        event=event,
        title=title,
        body=body,
        category=category,
        url=url,
        obj=obj,
        actor=actor,
        key=key,
    )
    if announcement.finished_at:
        return announcement
    people = recipients.filter(is_active=True)
    if actor is not None:
        people = people.exclude(pk=actor.pk)
    people_ids = people.order_by("pk").values_list("pk", flat=True)
    context = {"title": announcement.title, "body": announcement.body}
    broker: dict[str, bool] = {}
    queued = 0
    stop_at = None if budget is None else time.monotonic() + budget
    while True:
        with transaction.atomic():
            # The lock makes a second fan-out of the same key wait and then skip what this
            # one did, instead of doubling it.
            cursor = (
                Announcement.objects.select_for_update()
                .values_list("cursor", flat=True)
                .get(pk=announcement.pk)
            )
            ids = list(dict.fromkeys(people_ids.filter(pk__gt=cursor)[:chunk]))
            if not ids:
                break
            rows, deliveries = _write(
                ids,
                event=announcement.event,
                category=announcement.category,
                content_type=announcement.content_type,
                object_id=announcement.object_id,
                url=announcement.url,
                context=context,
                actor=actor,
                ahead=queued,
            )
            queued += len(deliveries)
            Announcement.objects.filter(pk=announcement.pk).update(
                progressed_at=timezone.now(),
                cursor=ids[-1],
                recipients=F("recipients") + len(rows),
                emails=F("emails") + len(deliveries),
            )
            outbox.publish_on_commit([(d.pk, 0) for d in deliveries], broker=broker)
        del rows, deliveries
        if stop_at is not None and time.monotonic() >= stop_at:  # the caller goes on later
            announcement.refresh_from_db()
            return announcement
    Announcement.objects.filter(pk=announcement.pk, finished_at__isnull=True).update(
        finished_at=timezone.now()
    )
    announcement.refresh_from_db()
    return announcement


def people_of(unit: Unit) -> QuerySet[User]:
    """Everyone whose unit is `unit` or a unit below it (one prefix match on the tree path)."""
    return get_user_model().objects.filter(unit__path__startswith=unit.path)


class AnnouncementDetails(TypedDict, total=False):
    """What `announce_to_unit` takes besides the unit: the same as `announce`."""

    title: Required[str]
    category: Required[str]
    body: str
    url: str
    obj: models.Model | None
    actor: User | None
    key: str | None


def _announcement(
    *, event: str, unit: Unit | None = None, **details: Unpack[AnnouncementDetails]
) -> Announcement:
    """The announcement row of `key` (a new key when none is given), created if missing."""
    obj = details.get("obj")
    announcement, _created = Announcement.objects.get_or_create(
        key=details.get("key") or f"announcement:{uuid.uuid4().hex}",
        defaults={
            "event": event,
            "category": details["category"],
            "title": details["title"][:300],
            "body": details.get("body", ""),
            "url": details.get("url") or _url_of(obj),
            "content_type": ContentType.objects.get_for_model(obj) if obj is not None else None,
            "object_id": obj.pk if obj is not None else None,
            "actor": details.get("actor"),
            "unit": unit,
        },
    )
    return announcement


def announce_to_unit(unit: Unit, **details: Unpack[AnnouncementDetails]) -> Announcement:
    """announce() to everyone in `unit` and the units below it, in a task.

    The announcement row is written now (in the caller's transaction) and holds all the
    fan-out needs; the task `notifications.fan_out` is queued on commit and works through
    the recipients in slices of `NOTIFICATIONS_FAN_OUT_SECONDS`, re-queueing itself, so no
    request and no task runs long whatever the size of the unit. If the broker loses it,
    the sweeper starts it again once it has made no progress for REQUEUE_SECONDS.
    Announcing a finished key again does nothing."""
    announcement = _announcement(event=ANNOUNCEMENT_EVENT, unit=unit, **details)
    if not announcement.finished_at:
        transaction.on_commit(lambda: outbox.publish_fan_out(announcement.pk))
    return announcement


def fan_out(announcement_id: int) -> str:
    """The task's work: a slice of a unit announcement's fan-out, then queue the next one."""
    row = Announcement.objects.select_related("unit", "actor").filter(pk=announcement_id).first()
    if row is None or row.finished_at or row.unit is None:
        return "nothing to do"
    row = announce(
        people_of(row.unit),
        title=row.title,
        category=row.category,
        actor=row.actor,
        key=row.key,
        budget=conf.get("NOTIFICATIONS_FAN_OUT_SECONDS"),
    )
    if row.finished_at:
        return f"finished: {row.recipients} notifications, {row.emails} e-mails"
    outbox.publish_fan_out(row.pk)  # if the broker is down, the sweeper restarts it
    return f"{row.recipients} notifications so far"


def mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def set_preference(*, user: User, category: str, mode: str) -> Preference:
    if category not in kinds.configurable() or mode not in Preference.Mode.values:
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


def unsubscribe(*, user: User, categories: Iterable[str]) -> list[str]:
    done = []
    for category in categories:
        set_preference(user=user, category=category, mode=Preference.Mode.OFF)
        done.append(category)
    return done


def send_test(*, user: User) -> Notification:
    """A test notification to oneself, in the inbox and by e-mail at once."""
    with transaction.atomic():
        (row,) = notify(
            recipients=[user],
            event="notifications.test",
            category=kinds.ACCOUNT,
            url=reverse("notifications:preferences"),
        )
    return row


def queue_mail(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    from_email: str = "",
    headers: dict[str, str] | None = None,
    user: User | None = None,
    key: str | None = None,
    opt_out: bool = False,
    sensitive: bool = False,
) -> Delivery:
    """An e-mail rendered by the caller (account mails, an invitation to an address without
    an account) through the outbox: a delivery row written in the caller's transaction and
    sent on commit, with the same retries, Message-ID and admin view as every other mail.
    `key` makes it once only (the same key again returns the first row).

    `opt_out`: mail the address did not ask for (an invitation) gets a one-click link to
    stop all mail to it (RFC 8058 headers too), and is skipped once it was used.
    `sensitive`: the text and HTML (a one-time link) are wiped from the row once sent."""
    headers = dict(headers or {})
    if opt_out:
        from .emails import address_unsubscribe_url

        link = address_unsubscribe_url(to)
        headers["List-Unsubscribe"] = f"<{link}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        text = text.rstrip() + "\n\n-- \n" + _no_more_mail(link) + "\n"
    with transaction.atomic():
        row, created = Delivery.objects.get_or_create(
            idempotency_key=key or f"email:message:{uuid.uuid4().hex}",
            defaults={
                "kind": Delivery.Kind.MESSAGE,
                "channel": Delivery.Channel.EMAIL,
                "recipient": user,
                "address": to,
                "payload": {
                    "subject": " ".join(subject.split()),
                    "text": text,
                    "html": html,
                    "from": from_email,
                    "headers": headers,
                    "opt_out": opt_out,
                    "sensitive": sensitive,
                },
                "next_attempt_at": outbox.requeue_deadline(),
            },
        )
        if created:
            outbox.publish_on_commit([(row.pk, 0)])
    return row


def _no_more_mail(link: str) -> str:
    from django.utils.translation import gettext

    return gettext("To get no more e-mail from the portal at this address: %(url)s") % {"url": link}


def opt_out_address(*, email: str) -> AddressOptOut:
    row, _created = AddressOptOut.objects.get_or_create(email=email.strip().lower())
    return row


def erase_prepared_mail(*, user: User) -> None:
    """Erasure: prepared mails to the person (account mails, invitations typed with their
    address before they had an account) keep no address or text; their opt-out goes too."""
    blank = {"address": f"deleted-{user.pk}@invalid.example", "payload": {"wiped": True}}
    Delivery.objects.filter(kind=Delivery.Kind.MESSAGE, recipient=user).update(**blank)
    email = getattr(user, "erased_email", "") or user.email
    Delivery.objects.filter(kind=Delivery.Kind.MESSAGE, address__iexact=email).update(**blank)
    AddressOptOut.objects.filter(email__iexact=email).delete()


def emit_event(*, unit: Unit | None, event: str, payload: dict[str, Any]) -> list[Delivery]:
    """Tell the webhook endpoints of `unit` that `event` happened: one delivery each (for
    the endpoints that are active and want it), written in the caller's transaction and
    sent on commit, signed (webhooks.py). `payload` must be JSON-serialisable; it is sent
    as `data`, next to the event's `id` (also the Idempotency-Key), `event`, `unit` and
    `created`. Call it inside the transaction of the change, next to notify()."""
    from .models import WebhookEndpoint

    if unit is None:
        return []
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(unit=unit, active=True) if e.wants(event)
    ]
    if not endpoints:
        return []
    event_id = str(uuid.uuid4())
    body = {
        "id": event_id,
        "event": event,
        "unit": unit.pk,
        "created": timezone.now().isoformat(),
        "data": payload,
    }
    with transaction.atomic():
        rows = Delivery.objects.bulk_create(
            [
                Delivery(
                    kind=Delivery.Kind.EVENT,
                    channel=Delivery.Channel.WEBHOOK,
                    endpoint=endpoint,
                    payload=body,
                    next_attempt_at=outbox.requeue_deadline(),
                    idempotency_key=f"webhook:{endpoint.pk}:{event_id}",
                )
                for endpoint in endpoints
            ]
        )
        outbox.publish_on_commit([(row.pk, 0) for row in rows])
    return rows
