"""The daily open-data export (CELERY_BEAT_SCHEDULE "api-export-open-data")."""

from celery import shared_task

from . import opendata


@shared_task(name="api.export_open_data", ignore_result=True)
def export_open_data() -> dict[str, int]:
    return opendata.export_all()
