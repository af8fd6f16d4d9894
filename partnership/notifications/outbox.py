"""The transactional outbox: queue deliveries, claim them, send them once, retry, give up.

One path for everything: a delivery (an e-mail of a notification, a digest, a prepared
account mail or invitation, a webhook event) is queued as part of a batch (one mail is a
batch of one), claimed by `claim()` and sent by `deliver()`.

Guarantees: a delivery row exists whenever its change committed; it reaches the mail server
(or the webhook receiver) at least once: the sweeper re-queues whatever the broker lost and
whatever a dead worker held. A worker must move the row pending → sending under a row lock
before sending, and a delivery that is sent is never claimed again; each row is marked sent
right after its own "250 OK". The one window for a repeat is a worker dying between that
answer and the UPDATE; the repeat then carries the same Message-ID (derived from the row's
idempotency key) or, for a webhook, the same Idempotency-Key, so the far side can drop it.
"""

import hashlib
import logging
import os
import random
import smtplib
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import conf
from .models import AddressOptOut, Delivery, Notification, OutboxEpoch

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


def publish_on_commit(items, *, broker=None) -> None:
    """Queue the deliveries once the transaction commits, in batches of NOTIFICATIONS_BATCH_SIZE
    (one delivery is a batch of one).

    `broker` is an optional dict shared by the calls of one fan-out: once a publish failed
    (`broker["down"]`), the later ones do not wait for the broker again and leave their rows
    to the sweeper at once."""
    items = list(items)

    def run():
        try:
            down = broker is not None and broker.get("down")
            ok = not down and publish_batches(items)
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
    check_restored()
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


# --- restored backups -----------------------------------------------------------------------
def database_identity() -> str:
    """Which physical database this is. PostgreSQL: the cluster's system identifier and the
    database's OID, both new for every restore (pg_restore needs a freshly created database,
    which gets a new OID; another server is another cluster). SQLite: the file's inode."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            try:
                with transaction.atomic():
                    cursor.execute(
                        "SELECT (SELECT system_identifier FROM pg_control_system())::text"
                        " || ':' || oid::text FROM pg_database WHERE datname = current_database()"
                    )
                    return f"postgresql:{cursor.fetchone()[0]}"
            except DatabaseError:  # pg_control_system() not granted: the OID and the server
                cursor.execute(
                    "SELECT oid::text || ':' || coalesce(inet_server_addr()::text, 'local')"
                    " || ':' || current_setting('port') FROM pg_database"
                    " WHERE datname = current_database()"
                )
                return f"postgresql:{cursor.fetchone()[0]}"
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and "memory" not in name and os.path.exists(name):
        stat = os.stat(name)
        return f"sqlite:{stat.st_dev}:{stat.st_ino}"
    return f"{connection.vendor}:{name}"


HELD_NOTE = "held: the database was restored from a backup; this may have been sent already"


def check_restored() -> int:
    """Hold the deliveries a restored backup brought back, before anything sends them.

    The outbox records the identity of the database it runs on (OutboxEpoch). A dump
    carries that row; restored elsewhere, it no longer matches: every pending or sending
    delivery then came from the dump, where it may have been sent after the dump was taken,
    so it is moved to `held` (Admin → Deliveries → "Release held deliveries" sends them).
    Runs on `migrate` (part of the restore procedure), on every sweep and before every
    claim: nothing can send a restored row first. Returns how many were held."""
    identity = database_identity()
    if OutboxEpoch.objects.filter(pk=1, identity=identity).exists():
        return 0
    with transaction.atomic():
        try:
            with transaction.atomic():
                row, created = OutboxEpoch.objects.get_or_create(
                    pk=1, defaults={"identity": identity}
                )
        except IntegrityError:  # another process created it at the same moment
            created = False
        if created:  # a new installation (or the first run of this release)
            return 0
        row = OutboxEpoch.objects.select_for_update().get(pk=1)
        if row.identity == identity:
            return 0
        held = Delivery.objects.filter(
            status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
        ).update(status=Delivery.Status.HELD, lease_until=None, last_error=HELD_NOTE)
        row.identity, row.held, row.restored_at = identity, held, timezone.now()
        row.save()
    logger.warning("the database was restored: %s deliveries held for review in admin", held)
    return held


def release_held(deliveries) -> int:
    """Admin: send the selected held deliveries after all; returns how many."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(deliveries.filter(status=Delivery.Status.HELD).values_list("pk", "tries"))
        Delivery.objects.filter(pk__in=[pk for pk, _t in ids], status=Delivery.Status.HELD).update(
            status=Delivery.Status.PENDING, next_attempt_at=requeue_deadline(now)
        )
        publish_on_commit(ids)
    return len(ids)


# --- sending ---------------------------------------------------------------------------------
def claim(items) -> list[int]:
    """pending → sending for those of [(delivery_id, attempt), ...] still waiting for that
    attempt; returns the ids this worker now owns.

    A stale or duplicate task (the row moved on, was sent, or is held by another worker)
    gets nothing and sends nothing: this is what makes a task that runs twice send once.
    PostgreSQL: the rows are locked with SELECT … FOR UPDATE SKIP LOCKED, so two workers with
    overlapping batches each take a disjoint part and never wait for each other. Without row
    locks (SQLite) each row is taken by an UPDATE guarded on its status and try counter:
    only one of two workers sees its UPDATE change the row. The lease's end is written as
    the row's next attempt: that is when it is tried again if this worker dies.
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
        lost = [pk for pk, t in rows if t >= max_tries]
        if lost:  # only lease expiries get here (a delivery that kills its worker every time)
            for row in Delivery.objects.filter(pk__in=lost):
                row.status = Delivery.Status.FAILED
                row.last_error = (row.last_error + "\n" if row.last_error else "") + (
                    f"gave up after {row.tries} tries: the worker was lost during the send"
                )
                row.save(update_fields=["status", "last_error"])
        take = [(pk, t) for pk, t in rows if t < max_tries]
        claimed = {
            "status": Delivery.Status.SENDING,
            "lease_until": lease,
            "next_attempt_at": lease,
            "tries": F("tries") + 1,
        }
        if connection.features.has_select_for_update_skip_locked:
            Delivery.objects.filter(pk__in=[pk for pk, _t in take]).update(**claimed)
            return [pk for pk, _t in take]
        return [
            pk
            for pk, t in take
            if Delivery.objects.filter(pk=pk, status=Delivery.Status.PENDING, tries=t).update(
                **claimed
            )
        ]


class Lease:
    """The rows a worker still has to send; their lease is renewed while the batch runs, so
    the lease can be short (a dead worker's rows come back soon) without a slow batch losing
    rows it is still working through to another worker."""

    def __init__(self, ids) -> None:
        self.ids = set(ids)
        self.seconds = conf.get("NOTIFICATIONS_LEASE_SECONDS")
        self.every = conf.get("NOTIFICATIONS_LEASE_RENEW_SECONDS")
        self.renewed = time.monotonic()

    def done(self, pk: int) -> None:
        self.ids.discard(pk)

    def renew(self) -> None:
        if not self.ids or time.monotonic() - self.renewed < self.every:
            return
        until = timezone.now() + timedelta(seconds=self.seconds)
        Delivery.objects.filter(pk__in=list(self.ids), status=Delivery.Status.SENDING).update(
            lease_until=until, next_attempt_at=until
        )
        self.renewed = time.monotonic()


def backoff(tries: int) -> timedelta:
    base = conf.get("NOTIFICATIONS_RETRY_BASE_SECONDS") * 2 ** max(tries - 1, 0)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


def is_permanent(exc: Exception) -> bool:
    """A 5xx answer (unknown mailbox, policy refusal) will not get better by waiting."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _m in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return bool(getattr(exc, "permanent", False))


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
    """Back to pending with the retry time written to the row, or failed for good."""
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


def mark_sent(row: Delivery) -> None:
    done = {"status": Delivery.Status.SENT, "sent_at": timezone.now(), "lease_until": None}
    if row.payload.get("sensitive"):  # a one-time link: not kept once it is out
        done["payload"] = {**row.payload, "text": "", "html": "", "wiped": True}
    Delivery.objects.filter(pk=row.pk, status=Delivery.Status.SENDING).update(**done)


def message_id(key: str) -> str:
    """The Message-ID of a delivery: the same for every try of the same message, so a mail
    server or client that drops repeats can drop the copy a crash would cause."""
    digest = hashlib.sha256(f"partnership-outbox:{key}".encode()).hexdigest()[:40]
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{digest}@{domain}>"


def _connection_lost(exc: Exception) -> bool:
    """True when the SMTP session itself failed (refused, dropped, timed out): the rest of the
    batch would fail the same way, so it is not tried on this run. An answer about one mail
    (a refused recipient, a 4xx/5xx to its DATA) leaves the session usable."""
    return not isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPResponseException)


def deliver(items) -> dict[str, int]:
    """Claim a batch of [(delivery_id, attempt), ...] and send it: the mail over one SMTP
    connection, the webhook events one request each; mark each row as it goes.

    Returns counts by outcome (sent, failed, skipped, not claimed). A mail server that
    cannot be reached fails the rest of the batch with a retry; a mail refused on its own
    fails alone. Each row is marked `sent` right after its own "250 OK" (or 2xx), and the
    lease of the rows still to send is renewed as the batch goes on.
    """
    items = list(items)
    counts = {"sent": 0, "failed": 0, "skipped": 0, "not claimed": 0}
    check_restored()
    ids = claim(items)
    counts["not claimed"] = len(items) - len(ids)
    if not ids:
        return counts
    rows = list(
        Delivery.objects.filter(pk__in=ids)
        .select_related("recipient", "endpoint", "notification__actor", "notification__recipient")
        .prefetch_related("notification__target")
        .order_by("pk")
    )
    lease = Lease(ids)
    mails = [r for r in rows if r.channel == Delivery.Channel.EMAIL]
    hooks = [r for r in rows if r.channel == Delivery.Channel.WEBHOOK]
    if mails:
        _send_mails(mails, counts, lease)
    if hooks:
        _send_webhooks(hooks, counts, lease)
    return counts


def _skip(rows: dict[int, str]) -> None:
    for reason in set(rows.values()):
        Delivery.objects.filter(
            pk__in=[pk for pk, r in rows.items() if r == reason], status=Delivery.Status.SENDING
        ).update(status=Delivery.Status.SKIPPED, last_error=reason, lease_until=None)


def _send_mails(rows: list[Delivery], counts: dict[str, int], lease: Lease) -> None:
    from django.core.mail import get_connection

    from .emails import build_message

    outgoing, skipped = [], {}
    asked = [r.address.lower() for r in rows if r.payload.get("opt_out")]
    opted_out = set(AddressOptOut.objects.filter(email__in=asked).values_list("email", flat=True))
    for row in rows:
        user = row.recipient
        if row.payload.get("opt_out") and row.address.lower() in opted_out:
            skipped[row.pk] = "the address asked for no more mail"
            continue
        if row.kind != Delivery.Kind.MESSAGE and (
            user is None or not user.is_active or not user.email
        ):
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
    _skip(skipped)
    counts["skipped"] += len(skipped)
    if not outgoing:
        return
    mailer = get_connection()
    try:
        mailer.open()
    except Exception as exc:
        for row, _m in outgoing:
            record_failure(row, exc)
        counts["failed"] += len(outgoing)
        return
    try:
        for n, (row, message) in enumerate(outgoing):
            lease.renew()
            message.connection = mailer
            try:
                mailer.send_messages([message])
            except Exception as exc:
                record_failure(row, exc)
                lease.done(row.pk)
                counts["failed"] += 1
                if _connection_lost(exc):
                    for later, _m in outgoing[n + 1 :]:
                        record_failure(later, exc)
                    counts["failed"] += len(outgoing) - n - 1
                    break
                continue
            mark_sent(row)
            lease.done(row.pk)
            counts["sent"] += 1
    finally:
        try:
            mailer.close()
        except Exception:  # the mail is out; a QUIT that fails changes nothing
            logger.warning("closing the mail connection failed", exc_info=True)


def _send_webhooks(rows: list[Delivery], counts: dict[str, int], lease: Lease) -> None:
    from . import webhooks

    skipped = {}
    for row in rows:
        lease.renew()
        if row.endpoint is None or not row.endpoint.active:
            skipped[row.pk] = "the endpoint was switched off"
            continue
        try:
            webhooks.post(row)
        except Exception as exc:
            record_failure(row, exc)
            counts["failed"] += 1
        else:
            mark_sent(row)
            counts["sent"] += 1
        lease.done(row.pk)
    _skip(skipped)
    counts["skipped"] += len(skipped)


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
