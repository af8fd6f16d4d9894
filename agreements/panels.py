"""The agreement's panel on the home page (one query)."""

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Agreement, Commitment, JointActivity, ProgressReport, ReportStatus


def _count(queryset):
    """A correlated COUNT per agreement (scalar subqueries do not multiply each other's rows,
    as three COUNT(DISTINCT) over joined tables do)."""
    return Coalesce(
        Subquery(queryset.order_by().values("agreement").annotate(n=Count("pk")).values("n")[:1]),
        0,
    )


def home_panel(request) -> dict:
    agreement = (
        Agreement.objects.select_related("union_party", "vnpt_party")
        .annotate(
            n_commitments=_count(Commitment.objects.filter(agreement=OuterRef("pk"))),
            n_activities=_count(JointActivity.objects.filter(agreement=OuterRef("pk"))),
            n_approved=_count(
                ProgressReport.objects.filter(
                    indicator__commitment__agreement=OuterRef("pk"),
                    status=ReportStatus.APPROVED,
                ).annotate(agreement=F("indicator__commitment__agreement"))
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
