import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ideas import actions, selectors
from ideas.models import IdeaStatusChange, Status
from partnership.notifications.models import Notification

from .conftest import move


def events(user):
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("event", flat=True)
    )


def test_full_pipeline_records_every_move_and_tells_the_author(
    member, make_idea, campaign, admin_user, reviewers
):
    idea = make_idea(member, campaign=campaign)
    move(idea, Status.SUBMITTED, by=member)
    assert idea.submitted_at is not None
    move(idea, Status.SCREENING, Status.UNDER_REVIEW, by=admin_user)
    for r in reviewers:
        actions.assign_reviewer(idea=idea, reviewer=r, by=admin_user)
    criteria = selectors.rubric_for(idea)
    assert selectors.review_progress(idea) == (0, 2)
    for r, values in zip(reviewers, [(8, 6), (6, 10)], strict=True):
        review = idea.reviews.get(reviewer=r)
        scores = {c.pk: (v, "") for c, v in zip(criteria, values, strict=True)}
        actions.submit_review(review=review, scores=scores, comment="Tốt", by=r)
    assert selectors.review_progress(idea) == (2, 2)
    # weights 3 and 1: (8*3+6)/4 = 7.5 and (6*3+10)/4 = 7.0
    ranked = selectors.ranking(selectors.moderation_queue(admin_user)).get(pk=idea.pk)
    assert float(ranked.mean_score) == pytest.approx(7.25)
    move(idea, Status.SHORTLISTED, Status.AWARDED, by=admin_user)
    assert idea.awarded_at is not None
    move(idea, Status.APPLIED, by=admin_user, evidence="Triển khai tại 3 xã ở Nghệ An")
    changes = list(IdeaStatusChange.objects.filter(idea=idea).values_list("new_status", flat=True))
    assert changes == [
        Status.SUBMITTED,
        Status.SCREENING,
        Status.UNDER_REVIEW,
        Status.SHORTLISTED,
        Status.AWARDED,
        Status.APPLIED,
    ]
    assert events(member) == [
        "ideas.submitted",
        "ideas.screened",
        "ideas.review_finished",
        "ideas.shortlisted",
        "ideas.awarded",
        "ideas.applied",
    ]


def test_illegal_move_raises_and_records_nothing(member, make_idea, admin_user):
    idea = make_idea(member)
    with pytest.raises(actions.TransitionError):
        actions.transition(idea=idea, to=Status.AWARDED, by=admin_user)
    assert not IdeaStatusChange.objects.exists()


def test_rejection_needs_a_reason(member, make_idea, admin_user):
    idea = make_idea(member, status=Status.SCREENING)
    with pytest.raises(ValidationError):
        actions.transition(idea=idea, to=Status.REJECTED, by=admin_user)
    move(idea, Status.REJECTED, by=admin_user, reason="Trùng với ý tưởng đã có")
    assert idea.status == Status.REJECTED
    assert Notification.objects.get(recipient=member).context["reason"]


def test_only_moderators_screen_and_only_authors_submit(member, make_idea, make_user):
    idea = make_idea(member)
    other = make_user("member", unit="Tỉnh đoàn Nghệ An")
    with pytest.raises(PermissionDenied):
        actions.transition(idea=idea, to=Status.SUBMITTED, by=other)
    move(idea, Status.SUBMITTED, by=member)
    with pytest.raises(PermissionDenied):
        actions.transition(idea=idea, to=Status.SCREENING, by=member)
    far_officer = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    with pytest.raises(PermissionDenied):
        actions.transition(idea=idea, to=Status.SCREENING, by=far_officer)
    own_officer = make_user("union_officer", unit=member.unit)
    move(idea, Status.SCREENING, by=own_officer)


def test_submit_after_window_closed_is_refused(member, make_idea, campaign):
    idea = make_idea(member, campaign=campaign)
    campaign.submission_opens = campaign.submission_opens.replace(year=2020)
    campaign.submission_closes = campaign.submission_opens.replace(month=12, day=31)
    campaign.save()
    with pytest.raises(ValidationError) as err:
        actions.transition(idea=idea, to=Status.SUBMITTED, by=member)
    assert "campaign" in err.value.message_dict
    idea.refresh_from_db()
    assert idea.status == Status.DRAFT


def test_incomplete_draft_cannot_be_submitted(member, make_idea):
    idea = make_idea(member, solution="")
    with pytest.raises(ValidationError) as err:
        actions.transition(idea=idea, to=Status.SUBMITTED, by=member)
    assert "solution" in err.value.message_dict


def test_reviewer_from_the_ideas_own_unit_is_refused(member, make_idea, admin_user, make_user):
    idea = make_idea(member, status=Status.UNDER_REVIEW)
    same_unit = make_user("reviewer", unit=member.unit)
    with pytest.raises(ValidationError):
        actions.assign_reviewer(idea=idea, reviewer=same_unit, by=admin_user)
    not_reviewer = make_user("member", unit="Tỉnh đoàn Nghệ An")
    with pytest.raises(ValidationError):
        actions.assign_reviewer(idea=idea, reviewer=not_reviewer, by=admin_user)


def test_score_outside_the_scale_is_refused(member, make_idea, admin_user, reviewers):
    idea = make_idea(member, status=Status.UNDER_REVIEW)
    review = actions.assign_reviewer(idea=idea, reviewer=reviewers[0], by=admin_user)
    criteria = selectors.rubric_for(idea)
    assert [c.name for c in criteria][:2] == ["Tính mới", "Tính khả thi"]
    scores = {c.pk: (11, "") for c in criteria}
    with pytest.raises(ValidationError):
        actions.submit_review(review=review, scores=scores, comment="", by=reviewers[0])
    review.refresh_from_db()
    assert review.completed_at is None
    assert not review.scores.exists()


def test_withdraw_and_merge(member, make_idea, make_user, admin_user):
    keep = make_idea(member, status=Status.UNDER_REVIEW)
    other = make_user("member", unit="Tỉnh đoàn Nghệ An")
    dup = make_idea(other, status=Status.UNDER_REVIEW, title="Máy sấy nông sản")
    fans = [make_user("member") for _ in range(2)]
    actions.support_idea(idea=dup, user=fans[0])
    actions.support_idea(idea=dup, user=fans[1])
    actions.support_idea(idea=keep, user=fans[1])
    actions.toggle_follow(idea=dup, user=fans[0])
    actions.merge_ideas(duplicate=dup, keep=keep, by=admin_user)
    keep.refresh_from_db()
    dup.refresh_from_db()
    assert dup.status == Status.MERGED and dup.merged_into == keep
    assert keep.support_count == 2 and keep.supports.count() == 2
    assert keep.follows.filter(user=fans[0]).exists()
    assert Notification.objects.filter(event="ideas.merged", recipient=other).exists()
    assert Notification.objects.filter(event="ideas.merged", recipient=member).exists()
    draft = make_idea(member)
    move(draft, Status.WITHDRAWN, by=member)
    assert draft.status == Status.WITHDRAWN


def test_the_idea_page_links_a_reviewer_to_their_own_review_only(
    client, member, make_idea, campaign, admin_user, reviewers
):
    idea = make_idea(member, campaign=campaign)
    move(idea, Status.SUBMITTED, by=member)
    move(idea, Status.SCREENING, Status.UNDER_REVIEW, by=admin_user)
    first, second = reviewers
    review = actions.assign_reviewer(idea=idea, reviewer=first, by=admin_user)
    client.force_login(first)
    score = 'class="button" href="/ideas/reviews/'
    assert f'{score}{review.pk}/"' in client.get(f"/ideas/{idea.pk}/").text
    client.force_login(second)  # a reviewer, but not of this idea
    assert score not in client.get(f"/ideas/{idea.pk}/").text
