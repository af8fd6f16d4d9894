"""The agreement's part of the site-wide search: commitments and joint activities
(imported by AgreementsConfig.ready())."""

from django.db.models import F, QuerySet
from django.utils.translation import pgettext_lazy

from partnership.search.selectors import Kind, Result, joined, short_date

from .models import Agreement, Commitment, JointActivity


class Commitments(Kind, key="commitments", list_url="agreements:commitments", order=40):
    label = pgettext_lazy("site search", "Agreement commitments")
    see_all_label = pgettext_lazy("site search", "All matching commitments")

    def searched(self) -> QuerySet[Commitment]:
        """Commitments of the agreement the portal opens on, as its commitments page lists
        them."""
        main = Agreement.objects.order_by(F("signed_on").asc(nulls_last=True), "starts_on")
        return Commitment.objects.filter(agreement=main.values("pk")[:1]).order_by("order", "pk")

    def result(self, commitment: Commitment) -> Result:
        return Result(
            f"{commitment.code} {commitment.title}",
            commitment.get_absolute_url(),
            joined(commitment.get_party_display(), commitment.get_theme_display()),
            commitment.text,
        )


class Activities(Kind, key="activities", list_url="agreements:activities", order=50):
    label = pgettext_lazy("site search", "Joint activities")
    see_all_label = pgettext_lazy("site search", "All matching activities")

    def searched(self) -> QuerySet[JointActivity]:
        return JointActivity.objects.order_by("-starts_on", "pk")

    def result(self, activity: JointActivity) -> Result:
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
