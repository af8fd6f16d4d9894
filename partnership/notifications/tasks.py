"""Celery tasks. They take ids, never objects; the work is in outbox.py."""

from celery import shared_task

from . import outbox


@shared_task(name="notifications.send_batch", acks_late=True, reject_on_worker_lost=True)
def send_batch(items: list) -> dict:
    """[[delivery_id, attempt], ...]: up to NOTIFICATIONS_BATCH_SIZE deliveries (one is a
    batch of one), the mail over one SMTP connection."""
    return outbox.deliver(items)


@shared_task(name="notifications.send_delivery", acks_late=True, reject_on_worker_lost=True)
def send_delivery(delivery_id: int, attempt: int = 0) -> dict:
    """Kept only for tasks queued by the previous release; nothing queues it any more."""
    return outbox.deliver([(delivery_id, attempt)])


@shared_task(name="notifications.sweep_outbox")
def sweep_outbox() -> int:
    return outbox.sweep()


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests() -> int:
    return outbox.queue_daily_digests()


@shared_task(name="notifications.fan_out", acks_late=True, reject_on_worker_lost=True)
def fan_out(announcement_id: int) -> str:
    """A slice of a unit announcement's fan-out (actions.announce_to_unit)."""
    from .actions import fan_out as run

    return run(announcement_id)
