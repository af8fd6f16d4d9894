"""Writes on the idea bank: drafts, the status pipeline, reviews, support, comments, merges.

Every write runs in one transaction; status moves lock the idea row, check the transition
table, record an IdeaStatusChange and notify the people concerned in the same transaction.
"""

import datetime
import html
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partnership.accounts.models import User
from partnership.notifications.actions import notify, queue_mail
from partnership.notifications.categories import Category
from partnership.uploads import clean_upload

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
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.SCREENING, S.WITHDRAWN, S.MERGED},
    S.SCREENING: {S.REJECTED, S.UNDER_REVIEW, S.WITHDRAWN, S.MERGED},
    S.UNDER_REVIEW: {S.SHORTLISTED, S.NOT_SELECTED, S.WITHDRAWN, S.MERGED},
    S.SHORTLISTED: {S.AWARDED, S.NOT_SELECTED},
    S.AWARDED: {S.APPLIED},
    S.NOT_SELECTED: {S.APPLIED},
    S.REJECTED: set(),
    S.APPLIED: set(),
    S.WITHDRAWN: set(),
    S.MERGED: set(),
}
AUTHOR_MOVES = {S.SUBMITTED, S.WITHDRAWN}
# Event sent to the authors (and, once public, followers) for each move.
EVENTS = {
    S.SUBMITTED: "ideas.submitted",
    S.REJECTED: "ideas.screened",
    S.UNDER_REVIEW: "ideas.screened",
    S.SHORTLISTED: "ideas.shortlisted",
    S.AWARDED: "ideas.awarded",
    S.NOT_SELECTED: "ideas.not_selected",
    S.APPLIED: "ideas.applied",
}
FOLLOWER_EVENTS = {S.SHORTLISTED, S.AWARDED, S.APPLIED}


class TransitionError(ValidationError):
    pass


def allowed_moves(idea) -> set[str]:
    return TRANSITIONS.get(idea.status, set())


def _followers(idea) -> list:
    return [f.user for f in idea.follows.select_related("user")]


def check_window(campaign: Campaign | None, at=None) -> None:
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


def transition(
    *, idea: Idea, to: str, by, reason: str = "", evidence: str = "", ip: str | None = None
) -> Idea:
    """Move `idea` to status `to`; raise TransitionError / PermissionDenied if not allowed."""
    with transaction.atomic():
        locked = (
            Idea.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=idea.pk)
        )
        old = locked.status
        if to not in TRANSITIONS.get(old, set()):
            raise TransitionError(
                _("An idea cannot move from “%(old)s” to “%(new)s”.")
                % {"old": S(old).label, "new": S(to).label}
            )
        if to in AUTHOR_MOVES:
            own = is_author(by, locked) or locked.submitted_by_id == by.pk
            if not own and not (to == S.WITHDRAWN and can_moderate(by, locked)):
                raise PermissionDenied
        elif not can_moderate(by, locked):
            raise PermissionDenied
        if to == S.REJECTED and not reason.strip():
            raise ValidationError({"reason": _("Give the authors a reason for the rejection.")})
        if to == S.APPLIED and not evidence.strip():
            raise ValidationError(
                {"evidence": _("Describe where and how the idea was put into practice.")}
            )
        now = timezone.now()
        if to == S.SUBMITTED:
            check_window(locked.campaign, now)
            _check_complete(locked)
            limits.check("submit", user=locked.author, ip=ip)
            locked.submitted_at = now
        if to == S.AWARDED:
            locked.awarded_at = now
        if to == S.APPLIED:
            locked.applied_evidence = evidence.strip()
        locked.status = to
        locked.save()
        IdeaStatusChange.objects.create(
            idea=locked, old_status=old, new_status=to, by=by, reason=reason or evidence
        )
        event = EVENTS.get(to)
        if event:
            recipients = idea_recipients(locked)
            if to in FOLLOWER_EVENTS and locked.is_published:
                recipients += _followers(locked)
            notify(
                recipients=recipients,
                event=event,
                category=Category.IDEAS,
                obj=locked,
                context={"status": to, "reason": reason, "accepted": to == S.UNDER_REVIEW},
                # The author gets a receipt of their own submission.
                actor=None if to == S.SUBMITTED else by,
            )
    idea.refresh_from_db()
    return locked


def _check_complete(idea: Idea) -> None:
    """A draft may be sketchy; a submitted idea must say what, why and how."""
    missing = {
        name: _("This field is required before you submit.")
        for name in ("summary", "problem", "solution", "impact")
        if not getattr(idea, name).strip()
    }
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


def store_upload(*, file, by) -> Attachment:
    """Validate by content and keep as a pending upload until the idea is saved."""
    safe = clean_upload(file)
    return Attachment.objects.create(
        uploaded_by=by,
        file=safe,
        original_name=(file.name or "file")[:255],
        content_type=safe.content_type,
        size=safe.size,
    )


def save_idea(
    *,
    idea: Idea | None,
    author,
    by,
    fields: dict,
    co_author_emails: list[str],
    attachment_ids: list[int] = (),
    remove_attachment_ids: list[int] = (),
) -> Idea:
    """Create or update an idea the author still may edit (draft or submitted)."""
    if author.unit_id is None:
        raise ValidationError(_("Your account has no unit yet; ask your officer to set it."))
    if len(co_author_emails) > MAX_CO_AUTHORS:
        raise ValidationError(
            {"co_authors": _("At most %(n)d co-authors.") % {"n": MAX_CO_AUTHORS}}
        )
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
        Attachment.objects.filter(
            pk__in=list(attachment_ids), idea__isnull=True, uploaded_by=by
        ).update(idea=idea)
        if remove_attachment_ids:
            for attachment in idea.attachments.filter(pk__in=list(remove_attachment_ids)):
                attachment.file.delete(save=False)
                attachment.delete()
        set_co_authors(idea=idea, emails=co_author_emails, by=by)
    return idea


def set_co_authors(*, idea: Idea, emails: list[str], by) -> None:
    wanted = {e.strip().lower() for e in emails if e.strip()}
    if idea.author.email.lower() in wanted:
        raise ValidationError({"co_authors": _("You are already the author; list others only.")})
    if len(wanted) > MAX_CO_AUTHORS:
        raise ValidationError(
            {"co_authors": _("At most %(n)d co-authors.") % {"n": MAX_CO_AUTHORS}}
        )
    existing = {c.email.lower(): c for c in idea.co_authors.all()}
    for email, co in existing.items():
        if email not in wanted:
            co.delete()
    for email in sorted(wanted - existing.keys()):
        co = CoAuthor.objects.create(
            idea=idea, email=email, user=User.objects.filter(email__iexact=email).first()
        )
        _invite(co, by)


def _invite(co: CoAuthor, by) -> None:
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


def confirm_co_author(*, token: str, user) -> CoAuthor:
    with transaction.atomic():
        co = CoAuthor.objects.select_for_update().select_related("idea").get(token=token)
        if co.email.lower() != user.email.lower():
            raise PermissionDenied
        if co.confirmed_at is None:
            co.user = user
            co.confirmed_at = timezone.now()
            co.save(update_fields=["user", "confirmed_at"])
    return co


def submit_on_behalf(*, officer, author, fields: dict, co_author_emails=()) -> Idea:
    """An officer types in a paper form for a member of a unit under their own."""
    if not (officer.is_officer and officer.unit_id and author.unit_id):
        raise PermissionDenied
    if not author.unit.path.startswith(officer.unit.path):
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


def merge_ideas(*, duplicate: Idea, keep: Idea, by, reason: str = "") -> Idea:
    """Fold `duplicate` into `keep`: supports and followers move, both authors are told."""
    if duplicate.pk == keep.pk:
        raise ValidationError(_("An idea cannot be merged into itself."))
    if not (can_moderate(by, duplicate) and can_moderate(by, keep)):
        raise PermissionDenied
    with transaction.atomic():
        dup, kept = (
            Idea.objects.select_for_update().get(pk=duplicate.pk),
            Idea.objects.select_for_update().get(pk=keep.pk),
        )
        if kept.status in (S.DRAFT, S.WITHDRAWN, S.MERGED, S.REJECTED):
            raise ValidationError(_("Keep an idea that is still in the pipeline."))
        if S.MERGED not in TRANSITIONS[dup.status]:
            raise TransitionError(_("This idea cannot be merged at its current stage."))
        for model in (Support, Follow):
            already = set(model.objects.filter(idea=kept).values_list("user_id", flat=True))
            model.objects.filter(idea=dup).exclude(user_id__in=already).update(idea=kept)
            model.objects.filter(idea=dup).delete()
        kept.support_count = kept.supports.count()
        kept.save(update_fields=["support_count"])
        old = dup.status
        dup.status = S.MERGED
        dup.merged_into = kept
        dup.support_count = 0
        dup.save(update_fields=["status", "merged_into", "support_count"])
        IdeaStatusChange.objects.create(
            idea=dup,
            old_status=old,
            new_status=S.MERGED,
            by=by,
            reason=reason or _("Merged into “%(title)s”.") % {"title": kept.title},
        )
        notify(
            recipients=idea_recipients(dup) + idea_recipients(kept),
            event="ideas.merged",
            category=Category.IDEAS,
            obj=kept,
            context={"duplicate_title": dup.title, "kept_title": kept.title, "reason": reason},
            actor=by,
        )
    return kept


# --- reviews --------------------------------------------------------------------------------


def assign_reviewer(*, idea: Idea, reviewer, by) -> ReviewAssignment:
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


def submit_review(*, review: ReviewAssignment, scores: dict, comment: str, by) -> ReviewAssignment:
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
        errors = {}
        for criterion in criteria:
            value = scores.get(criterion.pk, (None, ""))[0]
            if value is None:
                errors[f"score_{criterion.pk}"] = _("Give a score for this criterion.")
            elif not (SCORE_MIN <= int(value) <= SCORE_MAX):
                errors[f"score_{criterion.pk}"] = _(
                    "The score must be between %(min)d and %(max)d."
                ) % {"min": SCORE_MIN, "max": SCORE_MAX}
        if errors:
            raise ValidationError(errors)
        total = weight = 0
        for criterion in criteria:
            value, note = scores[criterion.pk]
            Score.objects.update_or_create(
                review=review,
                criterion=criterion,
                defaults={"value": int(value), "comment": note or ""},
            )
            total += int(value) * criterion.weight
            weight += criterion.weight
        review.weighted_score = (Decimal(total) / Decimal(weight)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        review.comment = comment
        first_time = review.completed_at is None
        review.completed_at = timezone.now()
        review.save()
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


# --- support, follow, comments --------------------------------------------------------------


def _check_public(idea: Idea) -> None:
    if not idea.is_published:
        raise ValidationError(_("This idea is not public."))


def support_idea(*, idea: Idea, user, ip: str | None = None) -> bool:
    """Add the member's support once. Returns False if they already supported it."""
    _check_public(idea)
    if idea.campaign_id and not idea.campaign.public_support:
        raise ValidationError(_("This campaign does not take public support."))
    if Support.objects.filter(idea=idea, user=user).exists():
        return False
    limits.check("support", user=user, ip=ip)
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=user)
            Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    return True


def withdraw_support(*, idea: Idea, user) -> bool:
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(idea=idea, user=user).delete()
        if deleted:
            Idea.objects.filter(pk=idea.pk, support_count__gt=0).update(
                support_count=F("support_count") - 1
            )
    return bool(deleted)


def toggle_follow(*, idea: Idea, user) -> bool:
    """Follow or unfollow; returns True if the user now follows the idea."""
    deleted, _rows = Follow.objects.filter(idea=idea, user=user).delete()
    if deleted:
        return False
    Follow.objects.get_or_create(idea=idea, user=user)
    return True


def add_comment(*, idea: Idea, author, body: str, ip: str | None = None) -> Comment:
    _check_public(idea)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    limits.check("comment", user=author, ip=ip)
    with transaction.atomic():
        comment = Comment.objects.create(idea=idea, author=author, body=body)
        notify(
            recipients=idea_recipients(idea) + _followers(idea),
            event="ideas.new_comment",
            category=Category.COMMENTS,
            obj=comment,
            context={"idea_title": idea.title, "excerpt": body[:200]},
            actor=author,
        )
    return comment


def report_comment(*, comment: Comment, by, reason: str) -> CommentReport:
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is wrong with this comment.")})
    report, _created = CommentReport.objects.get_or_create(
        comment=comment, by=by, defaults={"reason": reason.strip()[:500]}
    )
    return report


def hide_comment(*, comment: Comment, by, reason: str) -> Comment:
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


def offer_vnpt_support(*, idea: Idea, by, kind: str, note: str, province: str = "") -> VnptOffer:
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


def send_deadline_reminders(*, now=None) -> int:
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


def purge_pending_uploads(*, older_than=datetime.timedelta(days=1)) -> int:
    """Delete uploads never attached to an idea (a form abandoned after an error)."""
    stale = Attachment.objects.filter(idea__isnull=True, created_at__lt=timezone.now() - older_than)
    count = 0
    for attachment in stale:
        attachment.file.delete(save=False)
        attachment.delete()
        count += 1
    return count
