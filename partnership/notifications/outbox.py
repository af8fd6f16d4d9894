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
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import conf
from .models import Delivery, Notification

logger = logging.getLogger(__name__)


# --- queueing --------------------------------------------------------------------------------
def publish(items) -> bool:
    """Queue send tasks for [(delivery_id, attempt), ...]. Never raises: False if the broker
    is unreachable (the rows stay pending and the sweeper queues them later)."""
    from partnership.celery import app

    from .tasks import send_delivery

    items = list(items)
    if not items:
        return True
    if app.conf.task_always_eager:  # no broker (development, unit tests): run in-process
        for delivery_id, attempt in items:
            send_delivery.apply_async(args=[delivery_id, attempt])
        return True
    try:
        # The broker URL is read now, not at import: one connection for the batch, with the
        # short connect/socket timeouts and the bounded publish retries of settings.
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            for delivery_id, attempt in items:
                send_delivery.apply_async(
                    args=[delivery_id, attempt],
                    connection=conn,
                    queue=conf.get("NOTIFICATIONS_QUEUE"),
                    retry=True,
                    retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
                )
    except Exception as exc:
        logger.warning(
            "broker unreachable, %d deliveries left for the sweeper: %s", len(items), exc
        )
        return False
    return True


def publish_on_commit(items) -> None:
    items = list(items)

    def run():
        if not publish(items):
            # Due at once, so the next sweep (every minute) picks them up.
            try:
                Delivery.objects.filter(
                    pk__in=[i for i, _a in items], status=Delivery.Status.PENDING
                ).update(next_attempt_at=timezone.now())
            except Exception:  # the request has committed; never fail it now
                logger.exception("could not mark deliveries due")

    transaction.on_commit(run)


def requeue_deadline(now=None):
    return (now or timezone.now()) + timedelta(seconds=conf.get("NOTIFICATIONS_REQUEUE_SECONDS"))


def sweep(*, now=None, batch=None) -> int:
    """Queue due pending deliveries (and those whose worker's lease ran out). Returns how many.

    Rows are claimed with SELECT … FOR UPDATE SKIP LOCKED, so two sweepers never queue the
    same batch, and pushed `REQUEUE_SECONDS` ahead so the next sweep leaves them to the worker.
    """
    now = now or timezone.now()
    batch = batch or conf.get("NOTIFICATIONS_SWEEP_BATCH")
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
                next_attempt_at=requeue_deadline(now)
            )
        if not rows:
            return total
        if not publish(rows):
            Delivery.objects.filter(
                pk__in=[pk for pk, _t in rows], status=Delivery.Status.PENDING
            ).update(next_attempt_at=now)
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
