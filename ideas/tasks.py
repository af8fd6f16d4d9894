from celery import shared_task


@shared_task(name="ideas.send_deadline_reminders")
def send_deadline_reminders() -> int:
    """Hourly: tell authors of unsent drafts that their campaign closes within three days."""
    from .actions import send_deadline_reminders as send

    return send()


@shared_task(name="ideas.purge_pending_uploads")
def purge_pending_uploads() -> int:
    """Daily: remove files uploaded with a form that was never saved."""
    from .actions import purge_pending_uploads as purge

    return purge()
