"""The services panel on the home page."""

from .actions import S
from .models import Service
from .selectors import filter_requests, queue_for, requests_visible_to

OPEN = [S.SUBMITTED, S.NEEDS_INFO, S.ACCEPTED, S.IN_PROGRESS]


def panel_context(request) -> dict:
    user = request.user
    if user.is_authenticated and user.is_liaison:
        queue = queue_for(user)
        return {
            "queue_count": queue.filter(status__in=OPEN).count(),
            "overdue_count": filter_requests(queue, overdue=True).count(),
        }
    context = {
        "services": list(
            Service.objects.published().select_related("category").order_by("-created_at")[:3]
        )
    }
    if user.is_authenticated:
        context["open_count"] = requests_visible_to(user).filter(status__in=OPEN).count()
    return context
