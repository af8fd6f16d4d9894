"""The services panel on the home page."""

from .models import Service
from .selectors import OPEN, filter_requests, queue_for, requests_visible_to


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
        context["open_count"] = filter_requests(requests_visible_to(user), status=OPEN).count()
    return context
