from celery import shared_task


@shared_task(name="agreements.send_report_reminders")
def send_report_reminders() -> int:
    """Daily: reports due in 7 days or overdue; also forgets stale pending uploads."""
    from .actions import purge_pending_uploads
    from .actions import send_report_reminders as send

    purge_pending_uploads()
    return send()
