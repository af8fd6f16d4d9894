"""The transactional outbox: queue deliveries, claim them, send them once, retry, give up.

Guarantees: a delivery row exists whenever its change committed; it reaches the mail server
at least once (the sweeper re-queues whatever the broker lost and whatever a dead worker held)
and, short of a worker dying between the SMTP server's "250 OK" and our UPDATE, exactly once:
a worker must move the row pending → sending under a row lock before sending, and a delivery
that is sent is never claimed again.
"""

import logging
import random
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import conf
from .models import Delivery, Notification

logger = logging.getLogger(__name__)


# --- queueing --------------------------------------------------------------------------------
def _publish(task, arg_lists, what: str) -> bool:
    """Queue `task` once per argument list. Never raises: False if the broker is unreachable
    (the rows stay pending and the sweeper queues them later)."""
    from partnership.celery import app

    if not arg_lists:
        return True
    if app.conf.task_always_eager:  # no broker (development, unit tests): run in-process
        for args in arg_lists:
            task.apply_async(args=args)
        return True
    try:
        # The broker URL is read now, not at import: one connection for the batch, with the
        # short connect/socket timeouts and the bounded publish retries of settings.
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            for args in arg_lists:
                task.apply_async(
                    args=args,
                    connection=conn,
                    queue=conf.get("NOTIFICATIONS_QUEUE"),
                    retry=True,
                    retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
                )
    except Exception as exc:
        logger.warning("broker unreachable, %s left for the sweeper: %s", what, exc)
        return False
    return True


def publish(items) -> bool:
    """Queue one send task per delivery for [(delivery_id, attempt), ...]."""
    from .tasks import send_delivery

    items = list(items)
    return _publish(send_delivery, [[d, a] for d, a in items], f"{len(items)} deliveries")


def batches(items, size=None):
    size = size or conf.get("NOTIFICATIONS_BATCH_SIZE")
    items = [[d, a] for d, a in items]
    return [items[i : i + size] for i in range(0, len(items), size)]


def publish_batches(items, size=None) -> bool:
    """Queue one batch task per `NOTIFICATIONS_BATCH_SIZE` deliveries of [(id, attempt), ...]:
    each sends its mail over one SMTP connection."""
    from .tasks import send_batch

    groups = batches(items, size)
    n = sum(len(g) for g in groups)
    return _publish(send_batch, [[g] for g in groups], f"{n} deliveries in {len(groups)} batches")


def publish_fan_out(announcement_id: int) -> bool:
    from .tasks import fan_out

    return _publish(fan_out, [[announcement_id]], f"announcement {announcement_id}")


def restart_stalled_fan_outs(now=None) -> int:
    """Queue again the unit announcements that made no progress for REQUEUE_SECONDS (the
    broker lost the task, or its worker died). Should the old one still be running after
    all, each chunk is written under the announcement's row lock from its cursor: the two
    take turns chunk by chunk and nobody is announced to twice."""
    from .models import Announcement

    now = now or timezone.now()
    stale = now - timedelta(seconds=conf.get("NOTIFICATIONS_REQUEUE_SECONDS"))
    with transaction.atomic():
        stalled = Announcement.objects.filter(
            Q(progressed_at__lt=stale) | Q(progressed_at__isnull=True, created_at__lt=stale),
            finished_at__isnull=True,
            unit__isnull=False,
        )
        if connection.features.has_select_for_update_skip_locked:
            stalled = stalled.select_for_update(skip_locked=True)
        ids = list(stalled.values_list("pk", flat=True))
        Announcement.objects.filter(pk__in=ids).update(progressed_at=now)
    for pk in ids:
        if not publish_fan_out(pk):
            break
    return len(ids)


def mark_due(ids, now=None) -> None:
    """The broker did not take them: due at once, so the next sweep picks them up."""
    Delivery.objects.filter(pk__in=list(ids), status=Delivery.Status.PENDING).update(
        next_attempt_at=now or timezone.now()
    )


def publish_on_commit(items, *, batched=False, broker=None) -> None:
    """Queue the deliveries once the transaction commits (one task each, or in batches).

    `broker` is an optional dict shared by the calls of one fan-out: once a publish failed
    (`broker["down"]`), the later ones do not wait for the broker again and leave their rows
    to the sweeper at once."""
    items = list(items)

    def run():
        try:
            if broker is not None and broker.get("down"):
                ok = False
            else:
                ok = publish_batches(items) if batched else publish(items)
            if not ok:
                if broker is not None:
                    broker["down"] = True
                mark_due(i for i, _a in items)
        except Exception:  # the change has committed; never fail it now
            logger.exception("could not queue or mark deliveries due")

    transaction.on_commit(run)


def requeue_deadline(now=None, *, ahead: int = 0):
    """When the sweeper may queue a row again if no worker took it: REQUEUE_SECONDS after
    its turn, `ahead` being how many mails were queued before it in the same fan-out."""
    wait = conf.get("NOTIFICATIONS_REQUEUE_SECONDS") + ahead / conf.get("NOTIFICATIONS_DRAIN_RATE")
    return (now or timezone.now()) + timedelta(seconds=wait)


def sweep(*, now=None, batch=None) -> int:
    """Queue due pending deliveries (and those whose worker's lease ran out). Returns how many.

    Rows are claimed with SELECT … FOR UPDATE SKIP LOCKED, so two sweepers never queue the
    same batch, and pushed `REQUEUE_SECONDS` ahead so the next sweep leaves them to the worker.
    They are queued as batch tasks (`send_batch`): after a broker outage, thousands of rows go
    out over one SMTP connection per batch, not one per mail.
    """
    now = now or timezone.now()
    batch = batch or conf.get("NOTIFICATIONS_SWEEP_BATCH")
    restart_stalled_fan_outs(now)
    Delivery.objects.filter(status=Delivery.Status.SENDING, lease_until__lt=now).update(
        status=Delivery.Status.PENDING, lease_until=None, next_attempt_at=now
    )
    total = 0
    while True:
        with transaction.atomic():
            rows = list(
                Delivery.objects.select_for_update(skip_locked=True)
                .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "pk")
                .values_list("pk", "tries")[:batch]
            )
            Delivery.objects.filter(pk__in=[pk for pk, _t in rows]).update(
                next_attempt_at=requeue_deadline(now, ahead=total)
            )
        if not rows:
            return total
        if not publish_batches(rows):
            mark_due((pk for pk, _t in rows), now)
            return total
        total += len(rows)
        if len(rows) < batch:
            return total


# --- sending ---------------------------------------------------------------------------------
def claim(delivery_id: int, attempt: int) -> Delivery | None:
    """pending → sending, under a row lock, for the attempt the task was queued for.

    A stale or duplicate task (the row moved on, was sent, or is held by another worker)
    gets None and does nothing: this is what makes a task that runs twice send one mail.
    """
    now = timezone.now()
    with transaction.atomic():
        row = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if row is None or row.status != Delivery.Status.PENDING or row.tries != attempt:
            return None
        if row.tries >= conf.get("NOTIFICATIONS_MAX_TRIES"):
            # Only lease expiries get here (a mail that kills its worker every time).
            row.status = Delivery.Status.FAILED
            row.last_error = (row.last_error + "\n" if row.last_error else "") + (
                f"gave up after {row.tries} tries: the worker was lost during the send"
            )
            row.save(update_fields=["status", "last_error"])
            return None
        row.status = Delivery.Status.SENDING
        row.tries += 1
        row.lease_until = now + timedelta(seconds=conf.get("NOTIFICATIONS_LEASE_SECONDS"))
        row.save(update_fields=["status", "tries", "lease_until"])
    return row


def backoff(tries: int) -> timedelta:
    base = conf.get("NOTIFICATIONS_RETRY_BASE_SECONDS") * 2 ** max(tries - 1, 0)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


def is_permanent(exc: Exception) -> bool:
    """A 5xx answer (unknown mailbox, policy refusal) will not get better by waiting."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _m in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return False


def describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{addr}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
            for addr, (code, msg) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        msg = exc.smtp_error
        msg = msg.decode(errors="replace") if isinstance(msg, bytes) else str(msg)
        return f"{exc.smtp_code} {msg}"
    return f"{type(exc).__name__}: {exc}"


def record_failure(row: Delivery, exc: Exception) -> None:
    now = timezone.now()
    error = describe(exc)[:2000]
    if is_permanent(exc) or row.tries >= conf.get("NOTIFICATIONS_MAX_TRIES"):
        status, next_at = Delivery.Status.FAILED, now
        logger.error("delivery %s failed for good after %s tries: %s", row.pk, row.tries, error)
    else:
        status, next_at = Delivery.Status.PENDING, now + backoff(row.tries)
        logger.warning(
            "delivery %s try %s failed, again at %s: %s", row.pk, row.tries, next_at, error
        )
    Delivery.objects.filter(pk=row.pk, status=Delivery.Status.SENDING).update(
        status=status, next_attempt_at=next_at, last_error=error, lease_until=None
    )


def deliver(delivery_id: int, attempt: int = 0) -> str:
    """Claim, send one mail, mark sent. Returns what happened (for logs and tests)."""
    from .emails import build_message

    row = claim(delivery_id, attempt)
    if row is None:
        return "not claimed"
    user = row.recipient
    if not user.is_active or not user.email:
        Delivery.objects.filter(pk=row.pk).update(
            status=Delivery.Status.SKIPPED, last_error="no active e-mail address", lease_until=None
        )
        return "skipped"
    try:
        message = build_message(row)
        if message is None:
            Delivery.objects.filter(pk=row.pk).update(
                status=Delivery.Status.SKIPPED, last_error="nothing to send", lease_until=None
            )
            return "skipped"
        message.send()
    except Exception as exc:
        record_failure(row, exc)
        return "failed"
    Delivery.objects.filter(pk=row.pk).exclude(status=Delivery.Status.SENT).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), lease_until=None
    )
    return "sent"


# --- sending in batches ----------------------------------------------------------------------
def claim_batch(items) -> list[int]:
    """pending → sending for those of [(delivery_id, attempt), ...] still waiting for that
    attempt; returns the ids this worker now owns.

    PostgreSQL: the rows are locked with SELECT … FOR UPDATE SKIP LOCKED, so two workers with
    overlapping batches each take a disjoint part and never wait for each other. Without row
    locks (SQLite) each row is taken by an UPDATE guarded on its status and try counter:
    only one of two workers sees its UPDATE change the row.
    """
    wanted = {int(pk): int(attempt) for pk, attempt in items}
    if not wanted:
        return []
    now = timezone.now()
    lease = now + timedelta(seconds=conf.get("NOTIFICATIONS_LEASE_SECONDS"))
    max_tries = conf.get("NOTIFICATIONS_MAX_TRIES")
    pending = Delivery.objects.filter(pk__in=wanted, status=Delivery.Status.PENDING)
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        rows = [(pk, t) for pk, t in pending.values_list("pk", "tries") if wanted[pk] == t]
        for pk, t in rows:
            if t >= max_tries:  # only lease expiries get here (a mail that kills its worker)
                row = Delivery.objects.get(pk=pk)
                row.status = Delivery.Status.FAILED
                row.last_error = (row.last_error + "\n" if row.last_error else "") + (
                    f"gave up after {t} tries: the worker was lost during the send"
                )
                row.save(update_fields=["status", "last_error"])
        take = [(pk, t) for pk, t in rows if t < max_tries]
        claim = {"status": Delivery.Status.SENDING, "lease_until": lease, "tries": F("tries") + 1}
        if connection.features.has_select_for_update_skip_locked:
            Delivery.objects.filter(pk__in=[pk for pk, _t in take]).update(**claim)
            return [pk for pk, _t in take]
        return [
            pk
            for pk, t in take
            if Delivery.objects.filter(pk=pk, status=Delivery.Status.PENDING, tries=t).update(
                **claim
            )
        ]


def _connection_lost(exc: Exception) -> bool:
    """True when the SMTP session itself failed (refused, dropped, timed out): the rest of the
    batch would fail the same way, so it is not tried on this run. An answer about one mail
    (a refused recipient, a 4xx/5xx to its DATA) leaves the session usable."""
    return not isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPResponseException)


def deliver_batch(items) -> dict[str, int]:
    """Claim a batch, send it over one mail connection, mark each mail sent as it goes.

    Returns counts by outcome (sent, failed, skipped, not claimed). A mail server that
    cannot be reached fails the whole batch with a retry (same backoff as one mail); a mail
    refused on its own fails alone. Each row is marked `sent` right after its "250 OK", so
    a worker lost mid-batch re-sends nothing that was marked.
    """
    from django.core.mail import get_connection

    from .emails import build_message

    items = list(items)
    counts = {"sent": 0, "failed": 0, "skipped": 0, "not claimed": 0}
    ids = claim_batch(items)
    counts["not claimed"] = len(items) - len(ids)
    if not ids:
        return counts
    rows = list(
        Delivery.objects.filter(pk__in=ids)
        .select_related("recipient", "notification__actor", "notification__recipient")
        .prefetch_related("notification__target")
        .order_by("pk")
    )
    outgoing, skipped = [], {}
    for row in rows:
        user = row.recipient
        if not user.is_active or not user.email:
            skipped[row.pk] = "no active e-mail address"
            continue
        try:
            message = build_message(row)
        except Exception as exc:
            record_failure(row, exc)
            counts["failed"] += 1
            continue
        if message is None:
            skipped[row.pk] = "nothing to send"
        else:
            outgoing.append((row, message))
    for reason in set(skipped.values()):
        Delivery.objects.filter(
            pk__in=[pk for pk, r in skipped.items() if r == reason], status=Delivery.Status.SENDING
        ).update(status=Delivery.Status.SKIPPED, last_error=reason, lease_until=None)
    counts["skipped"] = len(skipped)
    if not outgoing:
        return counts
    mailer = get_connection()
    try:
        mailer.open()
    except Exception as exc:
        for row, _m in outgoing:
            record_failure(row, exc)
        counts["failed"] += len(outgoing)
        return counts
    try:
        for n, (row, message) in enumerate(outgoing):
            message.connection = mailer
            try:
                mailer.send_messages([message])
            except Exception as exc:
                record_failure(row, exc)
                counts["failed"] += 1
                if _connection_lost(exc):
                    for later, _m in outgoing[n + 1 :]:
                        record_failure(later, exc)
                    counts["failed"] += len(outgoing) - n - 1
                    break
                continue
            Delivery.objects.filter(pk=row.pk, status=Delivery.Status.SENDING).update(
                status=Delivery.Status.SENT, sent_at=timezone.now(), lease_until=None
            )
            counts["sent"] += 1
    finally:
        try:
            mailer.close()
        except Exception:  # the mail is out; a QUIT that fails changes nothing
            logger.warning("closing the mail connection failed", exc_info=True)
    return counts


# --- digests ---------------------------------------------------------------------------------
def queue_daily_digests(*, now=None) -> int:
    """One digest delivery per person per day for what they chose to get once a day.

    Runs hourly; from DIGEST_HOUR (local time) it collects everything not yet in a digest
    from before midnight. The idempotency key (person + day) keeps it to one mail a day.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < conf.get("NOTIFICATIONS_DIGEST_HOUR"):
        return 0
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    due = Notification.objects.filter(
        wants_digest=True, digest__isnull=True, created_at__lt=midnight
    )
    created = 0
    for user_id in due.values_list("recipient_id", flat=True).distinct().order_by():
        with transaction.atomic():
            row, new = Delivery.objects.get_or_create(
                idempotency_key=f"email:digest:{user_id}:{local.date().isoformat()}",
                defaults={
                    "recipient_id": user_id,
                    "kind": Delivery.Kind.DIGEST,
                    "next_attempt_at": requeue_deadline(now),
                },
            )
            if not new:
                continue  # today's digest exists: the rest waits for tomorrow's
            due.filter(recipient_id=user_id).update(digest=row)
            publish_on_commit([(row.pk, 0)])
            created += 1
    return created


def send_again(deliveries) -> int:
    """Admin: put failed (or stuck) deliveries back in the queue; returns how many.

    Sent ones are left alone, so the action can never double a mail; so is one that a live
    worker is sending right now (its lease still runs)."""
    now = timezone.now()
    eligible = Q(
        status__in=[Delivery.Status.FAILED, Delivery.Status.SKIPPED, Delivery.Status.PENDING]
    ) | Q(status=Delivery.Status.SENDING, lease_until__lt=now)
    ids = list(deliveries.filter(eligible).values_list("pk", flat=True))
    with transaction.atomic():
        Delivery.objects.filter(eligible, pk__in=ids).update(
            status=Delivery.Status.PENDING,
            tries=0,
            lease_until=None,
            next_attempt_at=requeue_deadline(now),
        )
        publish_on_commit([(pk, 0) for pk in ids])
    return len(ids)
