from celery import shared_task


@shared_task(name="files.purge_abandoned_uploads")
def purge_abandoned_uploads() -> int:
    """Hourly: remove files kept for forms that were never sent again (every app's)."""
    from .actions import purge_abandoned_uploads as purge

    return purge()
