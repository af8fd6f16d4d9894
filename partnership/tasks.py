"""Portal-wide background tasks."""

from celery import shared_task

from partnership import snapshots


@shared_task(name="partnership.refresh_snapshot", ignore_result=True)
def refresh_snapshot(name: str, args: list) -> None:
    """Recompute one stored figure (see partnership/snapshots.py)."""
    snapshots.compute(name, tuple(args))
