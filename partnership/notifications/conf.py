"""Tunables, read from settings at call time (tests and deployments may override them)."""

from django.conf import settings

DEFAULTS = {
    # Attempts per delivery, then failed; waits grow 5, 10, 20, 40, 80 min (±20 %): ~2.6 h.
    "NOTIFICATIONS_MAX_TRIES": 6,
    "NOTIFICATIONS_RETRY_BASE_SECONDS": 300,
    # A worker owns a delivery this long, renewed every LEASE_RENEW_SECONDS while its batch
    # runs; a row whose worker died is sent again by the sweeper once the lease has run out.
    # It must exceed the renewal interval plus the longest single send (EMAIL_TIMEOUT bounds
    # each SMTP step, WEBHOOKS_TIMEOUT each request).
    "NOTIFICATIONS_LEASE_SECONDS": 60,
    "NOTIFICATIONS_LEASE_RENEW_SECONDS": 10,
    # A delivery queued but not picked up within this time is queued again by the sweeper.
    "NOTIFICATIONS_REQUEUE_SECONDS": 120,
    "NOTIFICATIONS_SWEEP_BATCH": 200,
    # Mails per batch task, sent over one SMTP connection (announcements, the sweeper).
    "NOTIFICATIONS_BATCH_SIZE": 200,
    # Recipients per transaction of an announcement (rounded to whole batches).
    "NOTIFICATIONS_ANNOUNCE_CHUNK": 1000,
    # Mails per second the workers are assumed to drain at least (measured: ~110 with two
    # worker processes on 2 busy cores). A large fan-out's rows are given for the sweeper
    # no sooner than their turn at this rate, so that it does not re-queue rows that are
    # only waiting in line; lower is safer (fewer duplicate tasks), higher recovers lost
    # tasks sooner.
    "NOTIFICATIONS_DRAIN_RATE": 50,
    # A unit announcement's task works this long, then queues itself to go on (it must stay
    # under the tasks' soft time limit, 90 s).
    "NOTIFICATIONS_FAN_OUT_SECONDS": 60,
    # Digests go out at the first run after this local hour, for everything before midnight.
    "NOTIFICATIONS_DIGEST_HOUR": 7,
    # The Celery queue of the send task (None: the default queue).
    "NOTIFICATIONS_QUEUE": None,
    # Webhooks: seconds to connect and to wait for the answer; plain http:// is refused
    # unless the host is a loopback address and this is on (tests, a receiver on the same
    # machine behind its own TLS proxy).
    "WEBHOOKS_TIMEOUT": (3, 10),
    "WEBHOOKS_ALLOW_HTTP_LOOPBACK": False,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
