"""The services panel on the home page."""

from .models import Service, Status
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
        visible = requests_visible_to(user)
        context["open_count"] = filter_requests(visible, status=OPEN).count()
        # Completed by VNPT, waiting for the requesting unit to confirm that it works.
        context["to_confirm_count"] = filter_requests(visible, status=Status.COMPLETED).count()
    return context
