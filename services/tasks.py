from celery import shared_task


@shared_task(name="services.remind_overdue_requests")
def remind_overdue_requests() -> int:
    """Daily: remind branch liaisons of requests whose first response is overdue."""
    from .actions import remind_overdue

    return remind_overdue()


@shared_task(name="services.send_deadline_alerts")
def send_deadline_alerts() -> dict[str, int]:
    """Reminders before a first response is due; escalation to VNPT HQ when long overdue."""
    from .actions import send_deadline_alerts as send

    return send()


@shared_task(name="services.auto_confirm_completed")
def auto_confirm_completed() -> int:
    """Confirm, as the portal, completions the requester left unconfirmed for 7 working days."""
    from .actions import auto_confirm_completed as confirm

    return confirm()
