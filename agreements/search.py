"""The agreement's part of the site-wide search: commitments and joint activities
(registered in AgreementsConfig.ready())."""

from django.db.models import F, QuerySet

from partnership.search.selectors import Result, joined, short_date

from .models import Agreement, Commitment, JointActivity


def commitments(folded: str) -> QuerySet[Commitment]:
    """Commitments of the agreement the portal opens on, as its commitments page lists them."""
    main = Agreement.objects.order_by(F("signed_on").asc(nulls_last=True), "starts_on")
    return Commitment.objects.filter(
        agreement=main.values("pk")[:1], search_text__contains=folded
    ).order_by("order", "pk")


def commitment_result(commitment: Commitment) -> Result:
    return Result(
        f"{commitment.code} {commitment.title}",
        commitment.get_absolute_url(),
        joined(commitment.get_party_display(), commitment.get_theme_display()),
        commitment.text,
    )


def activities(folded: str) -> QuerySet[JointActivity]:
    return JointActivity.objects.filter(search_text__contains=folded).order_by("-starts_on", "pk")


def activity_result(activity: JointActivity) -> Result:
    return Result(
        activity.title,
        activity.get_absolute_url(),
        joined(
            short_date(activity.starts_on),
            activity.place,
            activity.get_province_display() if activity.province else "",
        ),
        activity.description,
    )
