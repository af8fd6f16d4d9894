"""Denormalised figures kept right whoever writes the rows (actions, admin, imports)."""

from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Idea, ReviewAssignment


def refresh_review_figures(idea_id) -> None:
    """The idea's mean over finished reviews and how many there are (moderation ranking)."""
    done = ReviewAssignment.objects.filter(idea=OuterRef("pk"), completed_at__isnull=False)
    Idea.objects.filter(pk=idea_id).update(
        mean_score=Subquery(done.values("idea").annotate(m=Avg("weighted_score")).values("m")[:1]),
        reviews_done=Subquery(
            ReviewAssignment.objects.filter(idea=OuterRef("pk"))
            .values("idea")
            .annotate(n=Count("pk", filter=Q(completed_at__isnull=False)))
            .values("n")[:1]
        ),
    )


@receiver(post_save, sender=ReviewAssignment)
@receiver(post_delete, sender=ReviewAssignment)
def _review_changed(sender, instance, **kwargs):
    refresh_review_figures(instance.idea_id)
