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
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnership import workflow
from partnership.accounts.models import User
from partnership.cachekeys import touch
from partnership.files.actions import claim_uploads
from partnership.notifications import categories
from partnership.notifications.actions import notify, queue_mail
from partnership.text import fold

from . import limits
from .models import (
    COMMENT_NOTICES,
    IDEA_NOTICES,
    MAX_CO_AUTHORS,
    REVIEWER,
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
    IdeaVersion,
    IdeaVersionStatusChange,
    PaperAuthor,
    ReviewAssignment,
    Score,
    Status,
    Support,
    VersionStatus,
    VnptOffer,
    phone_digits,
)
from .selectors import (
    AMENDABLE_FIELDS,
    can_moderate,
    idea_moderators,
    idea_recipients,
    is_author,
    rubric_for,
    text_of,
)

S = Status


def _author(idea: Idea, user: User) -> bool:
    return is_author(user, idea) or idea.submitted_by_id == user.pk


_moderator = workflow.who(can_moderate)


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


def _apply_move(idea: Idea, step: workflow.Step) -> list[str]:
    to, now, given = step.to, step.now, step.given
    if to == S.SUBMITTED:
        check_window(idea.campaign, now)
        _check_complete(idea)
        # A paper author has no account and only officers type paper forms in (an import may
        # hold hundreds): the members' limits do not apply.
        if idea.author is not None:
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


def _announce_move(idea: Idea, step: workflow.Step) -> None:
    by, reason, given = step.by, step.reason, step.given
    to = idea.status
    if to == S.MERGED:
        kept = given["keep"]
        notify(
            recipients=idea_recipients(idea) + idea_recipients(kept),
            event="ideas.merged",
            category=IDEA_NOTICES,
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
        category=IDEA_NOTICES,
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
    author: User | None,
    by: User,
    fields: Mapping[str, Any],
    co_author_emails: Sequence[str],
    attachment_ids: Collection[int] = (),
    remove_attachment_ids: Collection[int] = (),
) -> Idea:
    """Create or update an idea the author still may edit (draft or submitted).

    A new idea without an author is a paper author's (submit_paper_idea passes its unit)."""
    if idea is None and (author is None or author.unit_id is None):
        raise ValidationError(_("Your account has no unit yet; ask your officer to set it."))
    check_co_authors(emails=co_author_emails)
    with transaction.atomic():
        if idea is None:
            assert author is not None
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
    if idea.author is not None and idea.author.email.lower() in wanted:
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
            category=IDEA_NOTICES,
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


# --- ideas from paper: authors without an account ------------------------------------------

# What an officer types in about a paper author (keys of `paper` in submit_paper_idea).
PAPER_FIELDS = ("name", "birth_date", "phone", "email")


def paper_author_errors(*, values: Mapping[str, Any], prefix: str = "paper_") -> dict[str, str]:
    """A paper author needs a name and something to recognise them by later: the date of
    birth or the phone (at least one). Keys are the form's field names (`prefix` + field)."""
    errors: dict[str, str] = {}
    if not str(values.get("name") or "").strip():
        errors[f"{prefix}name"] = _("Give the author's full name as written on the form.")
    if not values.get("birth_date") and not str(values.get("phone") or "").strip():
        errors[f"{prefix}birth_date"] = _(
            "Give the author's date of birth or phone number (at least one)."
        )
    birth = values.get("birth_date")
    if birth and birth > timezone.localdate():
        errors[f"{prefix}birth_date"] = _("The date of birth cannot be in the future.")
    return errors


def _officer_over(officer: User, unit: Any) -> None:
    officer_unit = officer.unit
    if not officer.is_officer or officer_unit is None or unit is None:
        raise PermissionDenied
    if not unit.path.startswith(officer_unit.path):
        raise PermissionDenied


def submit_paper_idea(
    *,
    officer: User,
    paper: Mapping[str, Any],
    unit: Any,
    fields: Mapping[str, Any],
    co_author_emails: Sequence[str] = (),
) -> Idea:
    """An officer types in a paper form of a person without an account, for a unit under
    their own. The idea has no author account until the person claims it
    (claim_paper_ideas); its pages show the name given here, never the rest."""
    _officer_over(officer, unit)
    errors = paper_author_errors(values=paper)
    if errors:
        raise ValidationError(errors)
    check_co_authors(emails=co_author_emails)
    with transaction.atomic():
        idea = Idea(author=None, unit=unit, submitted_by=officer)
        for name in IDEA_FIELDS:
            if name in fields:
                setattr(idea, name, fields[name])
        idea.save()
        PaperAuthor.objects.create(
            idea=idea,
            name=" ".join(str(paper["name"]).split()),
            birth_date=paper.get("birth_date") or None,
            phone=str(paper.get("phone") or "").strip(),
            email=str(paper.get("email") or "").strip().lower(),
        )
        set_co_authors(idea=idea, emails=list(co_author_emails), by=officer)
        return transition(idea=idea, to=S.SUBMITTED, by=officer)


def _same_name(a: str, b: str) -> bool:
    return bool(a.strip()) and fold(" ".join(a.split())) == fold(" ".join(b.split()))


def paper_matches(*, user: User, email: str = "") -> list[PaperAuthor]:
    """Unclaimed paper authors that are this person: the same (verified) e-mail, or the same
    phone and the same name (a phone alone is not proof: nobody verified it)."""
    digits = phone_digits(user.phone)
    match = Q(pk__in=[])
    if email:
        match |= Q(email=email.strip().lower())
    if len(digits) >= 8:
        match |= Q(phone_digits=digits)
    rows = PaperAuthor.objects.filter(match, claimed_at__isnull=True, idea__author__isnull=True)
    return [
        p
        for p in rows.select_related("idea")
        if (email and p.email.lower() == email.lower()) or _same_name(p.name, user.full_name)
    ]


def claim_paper_ideas(*, user: User, email: str = "") -> list[Idea]:
    """Give `user` the paper ideas that are theirs (paper_matches); `email` is an address
    of theirs that is verified. Called on e-mail confirmation and on each sign-in."""
    if not user.is_active:
        return []
    return [_claim(paper=p, user=user, by=user) for p in paper_matches(user=user, email=email)]


def claim_paper_idea(*, idea: Idea, user: User, by: User) -> Idea:
    """An officer confirms that the account `user` is the paper author of `idea` (the person
    came by, or signed up with another address)."""
    paper = PaperAuthor.objects.filter(idea=idea).first()
    if paper is None or paper.claimed_at is not None or idea.author_id is not None:
        raise ValidationError(_("This idea has no paper author waiting for an account."))
    if not (can_moderate(by, idea) or idea.submitted_by_id == by.pk):
        raise PermissionDenied
    if not user.is_active:
        raise ValidationError({"email": _("This account is not active.")})
    return _claim(paper=paper, user=user, by=by)


def _claim(*, paper: PaperAuthor, user: User, by: User) -> Idea:
    with transaction.atomic():
        idea = Idea.objects.select_for_update().get(pk=paper.idea_id)
        paper = PaperAuthor.objects.select_for_update().get(pk=paper.pk)
        if idea.author_id is not None or paper.claimed_at is not None:
            return idea
        idea.author = user
        idea.save(update_fields=["author"])
        paper.claimed_by, paper.claimed_at = user, timezone.now()
        # The account holds the person's contacts now: the copies typed from paper go.
        paper.birth_date, paper.phone, paper.email = None, "", ""
        paper.save(update_fields=["claimed_by", "claimed_at", "birth_date", "phone", "email"])
        IdeaStatusChange.objects.create(
            idea=idea,
            old_status=idea.status,
            new_status=idea.status,
            by=by,
            at=paper.claimed_at,
            # No name: the history is public, and an anonymous idea names nobody.
            comment=_("The author took over this idea, handed in on paper, in their account."),
        )
        notify(
            recipients=[user],
            event="ideas.paper_claimed",
            category=IDEA_NOTICES,
            obj=idea,
            context={"name": paper.name},
            actor=None if by.pk == user.pk else by,
        )
    return idea


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
    if not reviewer.has_role(REVIEWER):
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
                category=IDEA_NOTICES,
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
            category=COMMENT_NOTICES,
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
            category=IDEA_NOTICES,
            obj=locked,
            context={"kind": offer.get_kind_display(), "note": offer.note},
            actor=by,
        )
    idea.refresh_from_db()
    return offer


# --- amendments -----------------------------------------------------------------------------

# An idea past screening may be amended by its authors; each approved text is a numbered
# IdeaVersion (version 1: the text before the first amendment).
AMENDABLE_STATUSES = (S.UNDER_REVIEW, S.SHORTLISTED, S.AWARDED, S.NOT_SELECTED, S.APPLIED)
# Once the council has decided (the shortlist and after), an officer approves each amendment.
APPROVAL_STATUSES = (S.SHORTLISTED, S.AWARDED, S.NOT_SELECTED, S.APPLIED)
V = VersionStatus


def may_amend(idea: Idea, user: User) -> bool:
    """The author, a confirmed co-author or the officer who typed it in, once published."""
    return user.is_authenticated and idea.status in AMENDABLE_STATUSES and _author(idea, user)


def needs_approval(idea: Idea) -> bool:
    return idea.status in APPROVAL_STATUSES


def amendment_errors(*, idea: Idea, fields: Mapping[str, Any], note: str) -> dict[str, str]:
    """What is wrong with this amendment (the form asks before the action does)."""
    errors: dict[str, str] = {}
    text = _new_text(idea, fields)
    for name in ("title", "summary"):
        if not text[name]:
            errors[name] = _("This field is required.")
    if not (note or "").strip():
        errors["note"] = _("Say in a few words what you changed and why.")
    if not errors and text == text_of(idea):
        errors["__all__"] = _("Nothing was changed: edit the text before saving an amendment.")
    return errors


def _new_text(idea: Idea, fields: Mapping[str, Any]) -> dict[str, str]:
    current = text_of(idea)
    return {
        name: str(fields[name] or "").strip() if name in fields else current[name]
        for name in AMENDABLE_FIELDS
    }


def _ensure_first_version(idea: Idea) -> None:
    """Keep the text as it was before the first amendment, as version 1."""
    if idea.versions.exists():
        return
    at = idea.submitted_at or idea.created_at
    # A paper idea's first text was typed by the officer who entered it.
    by = idea.author or idea.submitted_by
    record_version(idea=idea, text=text_of(idea), by=by, at=at, number=1)


def record_version(
    *,
    idea: Idea,
    text: Mapping[str, str],
    by: User | None,
    at: datetime.datetime,
    number: int | None = None,
    note: str = "",
) -> IdeaVersion:
    """Write one version and the first line of its history: in force (numbered) when given a
    number, else waiting for approval. The amendment actions call it (the demo replays them)."""
    status = V.PENDING if number is None else V.APPROVED
    version = IdeaVersion.objects.create(
        idea=idea,
        number=number,
        fields=dict(text),
        author=by,
        note=note.strip()[:500],
        status=status,
        created_at=at,
        approved_at=None if number is None else at,
    )
    workflow.record_start(version, by=by, at=at)
    return version


def _next_number(idea: Idea) -> int:
    last = idea.versions.exclude(number=None).order_by("-number").first()
    return (last.number or 0) + 1 if last else 1


def _put_in_force(idea: Idea, text: Mapping[str, str]) -> None:
    for name in AMENDABLE_FIELDS:
        setattr(idea, name, text[name])
    idea.save(update_fields=[*AMENDABLE_FIELDS, "updated_at"])


def _told_of_new_text(idea: Idea) -> list[User | None]:
    """Who hears that an idea's text changed: authors, its reviewers, followers if public."""
    people = idea_recipients(idea)
    people += [r.reviewer for r in idea.reviews.select_related("reviewer")]
    if idea.is_published:
        people += _followers(idea)
    return people


def amend_idea(*, idea: Idea, by: User, fields: Mapping[str, Any], note: str) -> IdeaVersion:
    """Save a new version of a published idea's text. Before the shortlist it is in force at
    once; from the shortlist on it waits for an officer (decide_amendment) and the idea keeps
    its previous text meanwhile."""
    with transaction.atomic():
        locked = (
            Idea.objects.select_for_update(of=("self",))
            .select_related("campaign", "unit")
            .get(pk=idea.pk)
        )
        if not _author(locked, by):
            raise PermissionDenied
        if locked.status not in AMENDABLE_STATUSES:
            raise ValidationError(
                _("Only an idea past screening can be amended; edit a draft or submitted idea.")
            )
        if locked.versions.filter(status=V.PENDING).exists():
            raise ValidationError(
                _("An amendment of this idea is waiting for approval; wait for the decision.")
            )
        errors = amendment_errors(idea=locked, fields=fields, note=note)
        if errors:
            raise ValidationError(errors)
        _ensure_first_version(locked)
        text = _new_text(locked, fields)
        now = timezone.now()
        context = {"title": locked.title, "note": note.strip()}
        if needs_approval(locked):
            version = record_version(idea=locked, text=text, by=by, at=now, note=note)
            notify(
                recipients=[*idea_moderators(locked), *idea_recipients(locked)],
                event="ideas.amendment_pending",
                category=IDEA_NOTICES,
                obj=version,
                context=context,
                actor=by,
            )
        else:
            number = _next_number(locked)
            version = record_version(
                idea=locked, text=text, by=by, at=now, number=number, note=note
            )
            _put_in_force(locked, text)
            notify(
                recipients=_told_of_new_text(locked),
                event="ideas.amended",
                category=IDEA_NOTICES,
                obj=version,
                context={**context, "number": version.number},
                actor=by,
            )
    idea.refresh_from_db()
    return version


def _may_decide(version: IdeaVersion, user: User) -> bool:
    return can_moderate(user, version.idea)


def _apply_decision(version: IdeaVersion, step: workflow.Step) -> list[str]:
    to, now = step.to, step.now
    if to != V.APPROVED:
        return []
    idea = Idea.objects.select_for_update().get(pk=version.idea_id)
    version.number = _next_number(idea)
    version.approved_at = now
    _put_in_force(idea, version.fields)
    return ["number", "approved_at"]


def _announce_decision(version: IdeaVersion, step: workflow.Step) -> None:
    by, reason = step.by, step.reason
    idea = Idea.objects.get(pk=version.idea_id)
    approved = version.status == V.APPROVED
    notify(
        recipients=_told_of_new_text(idea) if approved else idea_recipients(idea),
        event="ideas.amendment_approved" if approved else "ideas.amendment_rejected",
        category=IDEA_NOTICES,
        obj=version,
        context={"title": idea.title, "reason": reason, "number": version.number},
        actor=by,
    )


VERSION_WORKFLOW = workflow.register(
    workflow.Workflow(
        model=IdeaVersion,
        history=IdeaVersionStatusChange,
        statuses=VersionStatus,
        table=[
            workflow.Move(V.PENDING, V.APPROVED, _may_decide),
            workflow.Move(
                V.PENDING,
                V.REJECTED,
                _may_decide,
                {"reason": gettext_lazy("Tell the authors why the amendment is rejected.")},
            ),
        ],
        apply=_apply_decision,
        announce=_announce_decision,
        parent="version",
        reason_field="reason",
        related=("idea",),
        forbidden_message=gettext_lazy("Only an officer in charge of this idea may decide."),
    )
)


def decide_amendment(
    *, version: IdeaVersion, approve: bool, by: User, reason: str = ""
) -> IdeaVersion:
    """An officer approves a pending amendment (its text becomes the idea's, numbered) or
    rejects it with a reason; recorded and the authors told (partnership.workflow)."""
    to = V.APPROVED if approve else V.REJECTED
    decided: IdeaVersion = workflow.transition(
        version, to, by=by, reason=reason, expected=V.PENDING, workflow=VERSION_WORKFLOW
    )
    return decided


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
            authors = list({idea.author for idea in drafts if idea.author is not None})
            closes = formats.date_format(timezone.localtime(locked.submission_closes))
            notify(
                recipients=authors,
                event="ideas.campaign_deadline",
                category=categories.REMINDERS,
                obj=locked,
                context={"closes": closes},
            )
            locked.deadline_reminder_sent_at = now
            locked.save(update_fields=["deadline_reminder_sent_at"])
            sent += len(authors)
    return sent
