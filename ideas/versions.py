"""The idea's version follows what its views show (partnership/cachekeys.py).

The idea's own writes raise it in save(); supports raise it in their counter's UPDATE
(actions.support_idea). The rows shown on the idea page next to it (comments and the number
of their reports, confirmed co-authors, attachments, VNPT offers, the status history, the
paper author, amendments) raise it here, in the same transaction as their own write: nothing
runs later, so nothing can be lost. A write through QuerySet.update() sends no signal and
calls cachekeys.touch() itself (admin.hide_reported).
"""

from django.db.models.signals import post_delete, post_save

from partnership.cachekeys import touch

from .models import (
    Attachment,
    CoAuthor,
    Comment,
    CommentReport,
    Idea,
    IdeaStatusChange,
    IdeaVersion,
    PaperAuthor,
    VnptOffer,
)

# The paper author's name is on the card; a waiting amendment is announced on the idea page.
SHOWN_WITH_THE_IDEA = (
    Comment,
    CoAuthor,
    Attachment,
    VnptOffer,
    IdeaStatusChange,
    PaperAuthor,
    IdeaVersion,
)


def _raise_version(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.idea_id:
        touch(Idea.objects.filter(pk=instance.idea_id))


def _raise_version_of_comment(sender, instance, raw=False, **kwargs) -> None:
    """A comment's reports: their number is on the moderators' view of the comments."""
    if not raw:
        touch(Idea.objects.filter(comments=instance.comment_id))


def connect() -> None:
    for model, receiver in [
        *((model, _raise_version) for model in SHOWN_WITH_THE_IDEA),
        (CommentReport, _raise_version_of_comment),
    ]:
        uid = f"ideas.versions:{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
