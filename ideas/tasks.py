from celery import shared_task


@shared_task(name="ideas.send_deadline_reminders")
def send_deadline_reminders() -> int:
    """Hourly: tell authors of unsent drafts that their campaign closes within three days."""
    from .actions import send_deadline_reminders as send

    return send()
