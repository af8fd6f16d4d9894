"""The agreement's panel on the home page (one query)."""

from django.db.models import Count, F, Q

from .models import Agreement, ReportStatus


def home_panel(request) -> dict:
    agreement = (
        Agreement.objects.select_related("union_party", "vnpt_party")
        .annotate(
            n_commitments=Count("commitments", distinct=True),
            n_activities=Count("activities", distinct=True),
            n_approved=Count(
                "commitments__indicators__reports",
                filter=Q(commitments__indicators__reports__status=ReportStatus.APPROVED),
                distinct=True,
            ),
        )
        .order_by(F("signed_on").asc(nulls_last=True), "starts_on")
        .first()
    )
    if agreement is None:
        return {"agreement": None}
    return {
        "agreement": agreement,
        "commitments": agreement.n_commitments,
        "approved": agreement.n_approved,
        "activities": agreement.n_activities,
    }
