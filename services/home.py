"""The services panel on the home page."""

from django.db.models import Count, Q

from .models import Service, Status
from .selectors import OPEN, OPEN_STATUSES, filter_requests, queue_for, requests_visible_to


def panel_context(request) -> dict:
    user = request.user
    if user.is_authenticated and user.is_liaison:
        queue = queue_for(user)
        return {
            "queue_count": filter_requests(queue, status=OPEN).count(),
            "overdue_count": filter_requests(queue, overdue=True).count(),
        }
    context = {
        "services": list(
            Service.objects.published().select_related("category").order_by("-created_at")[:3]
        )
    }
    if user.is_authenticated:
        # Open requests, and those completed by VNPT that wait for the requesting unit to
        # confirm that the service works: one statement.
        context.update(
            requests_visible_to(user).aggregate(
                open_count=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
                to_confirm_count=Count("pk", filter=Q(status=Status.COMPLETED)),
            )
        )
    return context
