from celery import shared_task


@shared_task(name="agreements.send_report_reminders")
def send_report_reminders() -> int:
    """Daily: reports due in 7 days or overdue."""
    from .actions import send_report_reminders as send

    return send()
