"""Writes on the idea bank: drafts, the status pipeline, reviews, support, comments, merges.

Every write runs in one transaction; status moves lock the idea row, check the transition
table, record an IdeaStatusChange and notify the people concerned in the same transaction.
"""

import datetime
import html
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnership import workflow
from partnership.accounts.models import User
from partnership.cachekeys import touch
from partnership.files.actions import claim_uploads
from partnership.notifications.actions import notify, queue_mail
from partnership.notifications.categories import Category

from . import limits
from .models import (
    MAX_CO_AUTHORS,
    SCORE_MAX,
    SCORE_MIN,
    Attachment,
    Campaign,
    CoAuthor,
    Comment,
    CommentReport,
    Follow,
    Idea,
    IdeaStatusChange,
    ReviewAssignment,
    Score,
    Status,
    Support,
    VnptOffer,
)
from .selectors import can_moderate, idea_recipients, is_author, rubric_for

S = Status


def _author(idea: Idea, user: User) -> bool:
    return is_author(user, idea) or idea.submitted_by_id == user.pk


def _moderator(idea: Idea, user: User) -> bool:
    return can_moderate(user, idea)


def _author_or_moderator(idea: Idea, user: User) -> bool:
    return _author(idea, user) or _moderator(idea, user)


TABLE: list[workflow.Move] = [
    workflow.Move(S.DRAFT, S.SUBMITTED, _author),
    *workflow.moves(
        [S.DRAFT, S.SUBMITTED, S.SCREENING, S.UNDER_REVIEW], S.WITHDRAWN, _author_or_moderator
    ),
    workflow.Move(S.SUBMITTED, S.SCREENING, _moderator),
    workflow.Move(
        S.SCREENING,
        S.REJECTED,
        _moderator,
        {"reason": gettext_lazy("Give the authors a reason for the rejection.")},
    ),
    workflow.Move(S.SCREENING, S.UNDER_REVIEW, _moderator),
    # Merging goes through merge_ideas(), which moves the supports and followers.
    *workflow.moves([S.SUBMITTED, S.SCREENING, S.UNDER_REVIEW], S.MERGED, _moderator),
    *workflow.moves([S.UNDER_REVIEW, S.SHORTLISTED], S.NOT_SELECTED, _moderator),
    workflow.Move(S.UNDER_REVIEW, S.SHORTLISTED, _moderator),
    workflow.Move(S.SHORTLISTED, S.AWARDED, _moderator),
    *workflow.moves(
        [S.AWARDED, S.NOT_SELECTED],
        S.APPLIED,
        _moderator,
        evidence=gettext_lazy("Describe where and how the idea was put into practice."),
    ),
]
AUTHOR_MOVES = {S.SUBMITTED, S.WITHDRAWN}
# Event sent to the authors (and, once public, followers) for each move.
EVENTS: dict[str, str] = {
    S.SUBMITTED: "ideas.submitted",
    S.REJECTED: "ideas.screened",
    S.UNDER_REVIEW: "ideas.screened",
    S.SHORTLISTED: "ideas.shortlisted",
    S.AWARDED: "ideas.awarded",
    S.NOT_SELECTED: "ideas.not_selected",
    S.APPLIED: "ideas.applied",
}
FOLLOWER_EVENTS = {S.SHORTLISTED, S.AWARDED, S.APPLIED}

# Errors of the idea actions: the one hierarchy of the workflow engine.
TransitionError = workflow.WorkflowError


def allowed_moves(idea: Idea) -> set[str]:
    """Every status the table opens from the idea's status (the moderator's choices)."""
    return WORKFLOW.targets(idea.status)


def _followers(idea: Idea) -> list[User]:
    return [f.user for f in idea.follows.select_related("user")]


def check_window(campaign: Campaign | None, at: datetime.datetime | None = None) -> None:
    if campaign is None:
        return
    at = at or timezone.now()
    if at < campaign.submission_opens:
        raise ValidationError(
            {
                "campaign": _("Submissions to this campaign open on %(date)s.")
                % {"date": formats.date_format(timezone.localtime(campaign.submission_opens))}
            }
        )
    if at >= campaign.submission_closes:
        raise ValidationError(
            {
                "campaign": _("Submissions to this campaign closed on %(date)s.")
                % {"date": formats.date_format(timezone.localtime(campaign.submission_closes))}
            }
        )


def _apply_move(
    idea: Idea,
    *,
    old: str,
    to: str,
    by: User,
    now: datetime.datetime,
    reason: str,
    given: dict[str, Any],
) -> list[str]:
    if to == S.SUBMITTED:
        check_window(idea.campaign, now)
        _check_complete(idea)
        limits.check("submit", user=idea.author, ip=given.get("ip"))
        idea.submitted_at = now
        return ["submitted_at"]
    if to == S.AWARDED:
        idea.awarded_at = now
        return ["awarded_at"]
    if to == S.APPLIED:
        idea.applied_evidence = given["evidence"].strip()
        return ["applied_evidence"]
    if to == S.MERGED:
        return _fold_into(idea, given["keep"])
    return []


def _announce_move(idea: Idea, *, old: str, by: User, reason: str, given: dict[str, Any]) -> None:
    to = idea.status
    if to == S.MERGED:
        kept = given["keep"]
        notify(
            recipients=idea_recipients(idea) + idea_recipients(kept),
            event="ideas.merged",
            category=Category.IDEAS,
            obj=kept,
            context={
                "duplicate_title": idea.title,
                "kept_title": kept.title,
                "reason": given.get("merge_reason", ""),
            },
            actor=by,
        )
        return
    event = EVENTS.get(to)
    if not event:
        return
    recipients = idea_recipients(idea)
    if to in FOLLOWER_EVENTS and idea.is_published:
        recipients += _followers(idea)
    notify(
        recipients=recipients,
        event=event,
        category=Category.IDEAS,
        obj=idea,
        context={"status": to, "reason": reason, "accepted": to == S.UNDER_REVIEW},
        # The author gets a receipt of their own submission.
        actor=None if to == S.SUBMITTED else by,
    )


def _illegal(idea: Idea, old: str, to: str) -> str:
    if to == S.MERGED:
        return _("This idea cannot be merged at its current stage.")
    return _("An idea cannot move from “%(old)s” to “%(new)s”.") % {
        "old": S(old).label,
        "new": S(to).label,
    }


WORKFLOW = workflow.register(
    workflow.Workflow(
        model=Idea,
        history=IdeaStatusChange,
        statuses=Status,
        table=TABLE,
        apply=_apply_move,
        announce=_announce_move,
        parent="idea",
        reason_field="reason",
        text_fallback=("evidence",),
        related=("campaign",),
        illegal_message=_illegal,
    )
)


def transition(
    *,
    idea: Idea,
    to: str,
    by: User,
    reason: str = "",
    evidence: str = "",
    ip: str | None = None,
) -> Idea:
    """Move `idea` to status `to` (partnership.workflow); raise TransitionError /
    PermissionDenied (workflow.Forbidden) / ValidationError if not allowed."""
    locked = workflow.transition(idea, to, by=by, reason=reason, evidence=evidence, ip=ip)
    idea.refresh_from_db()
    return locked


# A draft may be sketchy; a submitted idea must say what, why and how.
REQUIRED_TO_SUBMIT = ("summary", "problem", "solution", "impact")


def missing_to_submit(values: Mapping[str, Any]) -> list[str]:
    """The sections an idea with these values still lacks before it may be submitted."""
    return [name for name in REQUIRED_TO_SUBMIT if not str(values.get(name) or "").strip()]


def submission_gaps(values: Mapping[str, Any]) -> dict[str, str]:
    """The sections still empty for a submission, each with its message: the form asks before
    the confirmation page, and the submission itself checks again."""
    return {
        name: _("This field is required before you submit.") for name in missing_to_submit(values)
    }


def _check_complete(idea: Idea) -> None:
    missing = submission_gaps({name: getattr(idea, name) for name in REQUIRED_TO_SUBMIT})
    if missing:
        raise ValidationError(missing)


# --- drafts, co-authors, attachments --------------------------------------------------------

IDEA_FIELDS = (
    "title",
    "summary",
    "problem",
    "solution",
    "impact",
    "field",
    "campaign",
    "anonymous",
    "consent_to_publish",
)


# The form whose kept files become attachments (partnership.files.PendingUpload.purpose).
IDEA_UPLOADS = "ideas.attachment"


def save_idea(
    *,
    idea: Idea | None,
    author: User,
    by: User,
    fields: Mapping[str, Any],
    co_author_emails: Sequence[str],
    attachment_ids: Collection[int] = (),
    remove_attachment_ids: Collection[int] = (),
) -> Idea:
    """Create or update an idea the author still may edit (draft or submitted)."""
    if author.unit_id is None:
        raise ValidationError(_("Your account has no unit yet; ask your officer to set it."))
    check_co_authors(emails=co_author_emails)
    with transaction.atomic():
        if idea is None:
            idea = Idea(author=author, unit=author.unit)
            if by.pk != author.pk:
                idea.submitted_by = by
        else:
            idea = Idea.objects.select_for_update().get(pk=idea.pk)
            if not (idea.author_id == by.pk or idea.submitted_by_id == by.pk):
                raise PermissionDenied
            if not idea.is_editable:
                raise ValidationError(_("This idea can no longer be edited: screening has begun."))
        for name in IDEA_FIELDS:
            if name in fields:
                setattr(idea, name, fields[name])
        if idea.status == S.SUBMITTED:
            check_window(idea.campaign)
            _check_complete(idea)
        idea.save()
        for upload in claim_uploads(by=by, purpose=IDEA_UPLOADS, ids=attachment_ids):
            Attachment.objects.create(
                idea=idea,
                uploaded_by=by,
                file=upload.file.name,
                original_name=upload.original_name,
                content_type=upload.content_type,
                size=upload.size,
            )
        if remove_attachment_ids:
            # their files go once this commits (partnership.files.fields)
            idea.attachments.filter(pk__in=list(remove_attachment_ids)).delete()
        set_co_authors(idea=idea, emails=co_author_emails, by=by)
    return idea


def co_author_errors(*, emails: Sequence[str]) -> dict[str, str]:
    """At most MAX_CO_AUTHORS different addresses (case does not make a new one)."""
    count = len({e.strip().lower() for e in emails if e.strip()})
    if count > MAX_CO_AUTHORS:
        return {
            "co_authors": _("At most %(max)d co-authors (you listed %(n)d).")
            % {"max": MAX_CO_AUTHORS, "n": count}
        }
    return {}


def check_co_authors(*, emails: Sequence[str]) -> None:
    errors = co_author_errors(emails=emails)
    if errors:
        raise ValidationError(errors)


def set_co_authors(*, idea: Idea, emails: Sequence[str], by: User) -> None:
    wanted = {e.strip().lower() for e in emails if e.strip()}
    if idea.author.email.lower() in wanted:
        raise ValidationError({"co_authors": _("You are already the author; list others only.")})
    check_co_authors(emails=emails)
    existing = {c.email.lower(): c for c in idea.co_authors.all()}
    for email, co in existing.items():
        if email not in wanted:
            co.delete()
    for email in sorted(wanted - existing.keys()):
        co = CoAuthor.objects.create(
            idea=idea, email=email, user=User.objects.filter(email__iexact=email).first()
        )
        _invite(co, by)


def _invite(co: CoAuthor, by: User) -> None:
    url = settings.SITE_URL + co.get_absolute_url()
    context = {"idea_title": co.idea.title, "inviter": by.full_name or by.email}
    if co.user_id:
        notify(
            recipients=[co.user],
            event="ideas.co_author_invited",
            category=Category.IDEAS,
            obj=co.idea,
            context=context,
            actor=by,
            url=co.get_absolute_url(),
        )
        return
    template_context = {"recipient": None, "object": co.idea, "actor": by, "url": url}
    template_context["context"] = context
    # Plain text: undo the template engine's HTML escaping (titles may contain quotes).
    subject = " ".join(
        html.unescape(
            render_to_string("notifications/ideas/co_author_invited.subject.txt", template_context)
        ).split()
    )
    body = html.unescape(
        render_to_string("notifications/ideas/co_author_invited.body.txt", template_context)
    )
    queue_mail(
        to=co.email, subject=subject, text=body, key=f"email:co_author:{co.pk}", opt_out=True
    )


def confirm_co_author(*, token: str, user: User) -> CoAuthor:
    with transaction.atomic():
        co = CoAuthor.objects.select_for_update().select_related("idea").get(token=token)
        if co.email.lower() != user.email.lower():
            raise PermissionDenied
        if co.confirmed_at is None:
            co.user = user
            co.confirmed_at = timezone.now()
            co.save(update_fields=["user", "confirmed_at"])
    return co


def submit_on_behalf(
    *, officer: User, author: User, fields: Mapping[str, Any], co_author_emails: Sequence[str] = ()
) -> Idea:
    """An officer types in a paper form for a member of a unit under their own."""
    if not officer.is_officer:
        raise PermissionDenied
    officer_unit, author_unit = officer.unit, author.unit
    if officer_unit is None or author_unit is None:
        raise PermissionDenied
    if not author_unit.path.startswith(officer_unit.path):
        raise PermissionDenied
    with transaction.atomic():
        idea = save_idea(
            idea=None,
            author=author,
            by=officer,
            fields=fields,
            co_author_emails=list(co_author_emails),
        )
        return transition(idea=idea, to=S.SUBMITTED, by=officer)


# --- merge ----------------------------------------------------------------------------------


def merge_ideas(*, duplicate: Idea, keep: Idea, by: User, reason: str = "") -> Idea:
    """Fold `duplicate` into `keep`: supports and followers move, both authors are told."""
    if duplicate.pk == keep.pk:
        raise ValidationError(_("An idea cannot be merged into itself."))
    if not (can_moderate(by, duplicate) and can_moderate(by, keep)):
        raise PermissionDenied
    text = reason or _("Merged into “%(title)s”.") % {"title": keep.title}
    with transaction.atomic():
        workflow.transition(duplicate, S.MERGED, by=by, reason=text, keep=keep, merge_reason=reason)
        kept = Idea.objects.get(pk=keep.pk)
    return kept


def _fold_into(dup: Idea, keep: Idea) -> list[str]:
    """The merge's own writes (the duplicate is locked by the engine): lock the kept idea,
    move the supports and followers, and recount the kept idea's supports."""
    kept = Idea.objects.select_for_update().get(pk=keep.pk)
    if kept.status in (S.DRAFT, S.WITHDRAWN, S.MERGED, S.REJECTED):
        raise ValidationError(_("Keep an idea that is still in the pipeline."))
    for model in (Support, Follow):
        already = set(model.objects.filter(idea=kept).values_list("user_id", flat=True))
        model.objects.filter(idea=dup).exclude(user_id__in=already).update(idea=kept)
        model.objects.filter(idea=dup).delete()
    kept.support_count = kept.supports.count()
    kept.save(update_fields=["support_count"])
    dup.merged_into = kept
    dup.support_count = 0
    return ["merged_into", "support_count"]


# --- reviews --------------------------------------------------------------------------------


def assign_reviewer(*, idea: Idea, reviewer: User, by: User) -> ReviewAssignment:
    if not can_moderate(by, idea):
        raise PermissionDenied
    if idea.status != S.UNDER_REVIEW:
        raise ValidationError(_("Reviewers are assigned once the idea is under review."))
    if not reviewer.is_reviewer:
        raise ValidationError({"reviewer": _("This person does not hold the reviewer role.")})
    if reviewer.unit_id and reviewer.unit_id == idea.unit_id:
        raise ValidationError(
            {"reviewer": _("A reviewer may not review an idea from their own unit.")}
        )
    if reviewer.pk == idea.author_id or idea.co_authors.filter(user=reviewer).exists():
        raise ValidationError({"reviewer": _("Authors cannot review their own idea.")})
    try:
        with transaction.atomic():
            return ReviewAssignment.objects.create(idea=idea, reviewer=reviewer, assigned_by=by)
    except IntegrityError as exc:
        raise ValidationError({"reviewer": _("This reviewer is already assigned.")}) from exc


def submit_review(
    *,
    review: ReviewAssignment,
    scores: Mapping[int, tuple[int | None, str]],
    comment: str,
    by: User,
) -> ReviewAssignment:
    """Record one reviewer's scores ({criterion_pk: (value, comment)}) and the weighted mean."""
    if review.reviewer_id != by.pk:
        raise PermissionDenied
    with transaction.atomic():
        review = (
            ReviewAssignment.objects.select_for_update().select_related("idea").get(pk=review.pk)
        )
        idea = review.idea
        if idea.status != S.UNDER_REVIEW:
            raise ValidationError(_("This idea is no longer under review."))
        criteria = rubric_for(idea)
        errors: dict[str, str] = {}
        values: dict[int, int] = {}
        for criterion in criteria:
            value = scores.get(criterion.pk, (None, ""))[0]
            if value is None:
                errors[f"score_{criterion.pk}"] = _("Give a score for this criterion.")
            elif not (SCORE_MIN <= int(value) <= SCORE_MAX):
                errors[f"score_{criterion.pk}"] = _(
                    "The score must be between %(min)d and %(max)d."
                ) % {"min": SCORE_MIN, "max": SCORE_MAX}
            else:
                values[criterion.pk] = int(value)
        if errors:
            raise ValidationError(errors)
        total = weight = 0
        for criterion in criteria:
            note = scores[criterion.pk][1]
            Score.objects.update_or_create(
                review=review,
                criterion=criterion,
                defaults={"value": values[criterion.pk], "comment": note or ""},
            )
            total += values[criterion.pk] * criterion.weight
            weight += criterion.weight
        review.weighted_score = (Decimal(total) / Decimal(weight)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        review.comment = comment
        first_time = review.completed_at is None
        review.completed_at = timezone.now()
        review.save()
        recount_reviews(idea_ids=[idea.pk])
        pending = idea.reviews.filter(completed_at__isnull=True).exists()
        if first_time and not pending:
            notify(
                recipients=idea_recipients(idea),
                event="ideas.review_finished",
                category=Category.IDEAS,
                obj=idea,
                context={"reviews": idea.reviews.count()},
                actor=by,
            )
    return review


def unassign_reviewer(*, review: ReviewAssignment, by: User) -> None:
    """Take a review off an idea (an administrator's correction); the idea's figures follow."""
    if not (by.is_superuser or can_moderate(by, review.idea)):
        raise PermissionDenied
    with transaction.atomic():
        Idea.objects.select_for_update().filter(pk=review.idea_id).first()
        review.delete()
        recount_reviews(idea_ids=[review.idea_id])


def recount_reviews(*, idea_ids: Iterable[int]) -> None:
    """Recompute the ideas' mean over finished reviews and how many there are (the moderation
    ranking reads them). Called by every action that writes reviews, and by the admin."""
    done = ReviewAssignment.objects.filter(idea=OuterRef("pk"), completed_at__isnull=False)
    Idea.objects.filter(pk__in=list(idea_ids)).update(
        mean_score=Subquery(done.values("idea").annotate(m=Avg("weighted_score")).values("m")[:1]),
        reviews_done=Coalesce(
            Subquery(done.values("idea").annotate(n=Count("pk")).values("n")[:1]), 0
        ),
    )


# --- support, follow, comments --------------------------------------------------------------


def _check_public(idea: Idea) -> None:
    if not idea.is_published:
        raise ValidationError(_("This idea is not public."))


def support_idea(*, idea: Idea, user: User, ip: str | None = None) -> bool:
    """Add the member's support once. Returns False if they already supported it."""
    _check_public(idea)
    if idea.campaign is not None and not idea.campaign.public_support:
        raise ValidationError(_("This campaign does not take public support."))
    if Support.objects.filter(idea=idea, user=user).exists():
        return False
    limits.check("support", user=user, ip=ip)
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=user)
            # The count and the version in one UPDATE: the idea's card and pages get new keys.
            touch(Idea.objects.filter(pk=idea.pk), support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    return True


def withdraw_support(*, idea: Idea, user: User) -> bool:
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(idea=idea, user=user).delete()
        if deleted:
            touch(
                Idea.objects.filter(pk=idea.pk, support_count__gt=0),
                support_count=F("support_count") - 1,
            )
    return bool(deleted)


def toggle_follow(*, idea: Idea, user: User) -> bool:
    """Follow or unfollow; returns True if the user now follows the idea."""
    deleted, _rows = Follow.objects.filter(idea=idea, user=user).delete()
    if deleted:
        return False
    Follow.objects.get_or_create(idea=idea, user=user)
    return True


def add_comment(*, idea: Idea, author: User, body: str, ip: str | None = None) -> Comment:
    _check_public(idea)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    limits.check("comment", user=author, ip=ip)
    with transaction.atomic():
        comment = Comment.objects.create(idea=idea, author=author, body=body)
        notify(
            recipients=[*idea_recipients(idea), *_followers(idea)],
            event="ideas.new_comment",
            category=Category.COMMENTS,
            obj=comment,
            context={"idea_title": idea.title, "excerpt": body[:200]},
            actor=author,
        )
    return comment


def report_comment(*, comment: Comment, by: User, reason: str) -> CommentReport:
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is wrong with this comment.")})
    report, _created = CommentReport.objects.get_or_create(
        comment=comment, by=by, defaults={"reason": reason.strip()[:500]}
    )
    return report


def hide_comment(*, comment: Comment, by: User, reason: str) -> Comment:
    if not can_moderate(by, comment.idea):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for hiding the comment.")})
    comment.hidden_at = timezone.now()
    comment.hidden_by = by
    comment.hidden_reason = reason.strip()[:500]
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return comment


# --- the partner's hand ---------------------------------------------------------------------


def offer_vnpt_support(
    *, idea: Idea, by: User, kind: str, note: str, province: str = ""
) -> VnptOffer:
    if not by.is_liaison:
        raise PermissionDenied
    _check_public(idea)
    if not note.strip():
        raise ValidationError({"note": _("Say briefly what VNPT offers.")})
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        try:
            with transaction.atomic():
                offer = VnptOffer.objects.create(
                    idea=locked,
                    kind=kind,
                    note=note.strip(),
                    province=province,
                    offered_by=by,
                    unit=by.unit if by.unit_id else None,
                )
        except IntegrityError as exc:
            raise ValidationError(
                {"kind": _("You already offered this kind of support to this idea.")}
            ) from exc
        if not locked.vnpt_supported:
            locked.vnpt_supported = True
            locked.vnpt_supported_at = offer.created_at
            locked.save(update_fields=["vnpt_supported", "vnpt_supported_at"])
        notify(
            recipients=idea_recipients(locked),
            event="ideas.vnpt_offer",
            category=Category.IDEAS,
            obj=locked,
            context={"kind": offer.get_kind_display(), "note": offer.note},
            actor=by,
        )
    idea.refresh_from_db()
    return offer


# --- reminders ------------------------------------------------------------------------------


def send_deadline_reminders(*, now: datetime.datetime | None = None) -> int:
    """Tell authors of unsent drafts that their campaign closes within three days."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(days=3)
    sent = 0
    campaigns = Campaign.objects.filter(
        submission_closes__gt=now,
        submission_closes__lte=soon,
        deadline_reminder_sent_at__isnull=True,
    )
    for campaign in campaigns:
        with transaction.atomic():
            locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
            if locked.deadline_reminder_sent_at:
                continue
            drafts = Idea.objects.filter(campaign=locked, status=S.DRAFT).select_related("author")
            authors = list({idea.author for idea in drafts})
            closes = formats.date_format(timezone.localtime(locked.submission_closes))
            notify(
                recipients=authors,
                event="ideas.campaign_deadline",
                category=Category.REMINDERS,
                obj=locked,
                context={"closes": closes},
            )
            locked.deadline_reminder_sent_at = now
            locked.save(update_fields=["deadline_reminder_sent_at"])
            sent += len(authors)
    return sent
