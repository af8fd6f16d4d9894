from celery import shared_task


@shared_task(name="services.remind_overdue_requests")
def remind_overdue_requests() -> int:
    """Daily: remind branch liaisons of requests whose first response is overdue."""
    from .actions import remind_overdue

    return remind_overdue()
