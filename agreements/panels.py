"""The agreement's panel on the home page (three queries)."""

from . import selectors
from .models import ProgressReport, ReportStatus


def home_panel(request) -> dict:
    agreement = selectors.main_agreement()
    if agreement is None:
        return {"agreement": None}
    return {
        "agreement": agreement,
        "commitments": agreement.commitments.count(),
        "approved": ProgressReport.objects.filter(
            indicator__commitment__agreement=agreement, status=ReportStatus.APPROVED
        ).count(),
        "activities": agreement.activities.count(),
    }
