"""Amendments of a published idea: who may amend, when an officer must approve, versions
kept with their word differences, reviewers told what changed since their review."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from ideas import actions, selectors
from ideas.diffs import diff_words
from ideas.models import (
    CoAuthor,
    IdeaVersion,
    IdeaVersionStatusChange,
    ReviewAssignment,
    Status,
    VersionStatus,
)
from partnership.notifications.models import Notification

pytestmark = pytest.mark.django_db

NEW = {"summary": "Máy sấy mini chạy điện mặt trời, giá dưới 3 triệu đồng."}


@pytest.fixture
def author(make_user):
    return make_user("member", unit="Thành đoàn Hà Nội")


@pytest.fixture
def hanoi(make_user):
    return make_user("union_officer", unit="Thành đoàn Hà Nội")


@pytest.fixture
def idea(make_idea, author):
    return make_idea(author, status=Status.UNDER_REVIEW)


def amend(idea, by, note="Làm rõ chi phí", **fields):
    return actions.amend_idea(idea=idea, by=by, fields=fields or NEW, note=note)


def test_author_amends_under_review_and_both_versions_are_kept(idea, author):
    original = idea.summary
    version = amend(idea, author)
    idea.refresh_from_db()
    assert idea.summary == NEW["summary"]
    assert version.number == 2 and version.status == VersionStatus.APPROVED
    first, second = selectors.approved_versions(idea)
    assert first.fields["summary"] == original and first.author == author
    assert second.fields["summary"] == NEW["summary"] and second.note == "Làm rõ chi phí"
    assert selectors.version_banner(idea)["number"] == 2
    assert IdeaVersionStatusChange.objects.filter(version=second, by=author).exists()
    amend(idea, author, note="Sửa tên", title="Máy sấy nông sản mặt trời")
    assert [v.number for v in selectors.approved_versions(idea)] == [1, 2, 3]
    assert selectors.version_banner(idea)["count"] == 3


def test_who_may_amend(idea, author, make_user, member, hanoi):
    friend = make_user("member", unit="Thành đoàn Hà Nội")
    CoAuthor.objects.create(idea=idea, email=friend.email, user=friend, confirmed_at=timezone.now())
    assert actions.may_amend(idea, author) and actions.may_amend(idea, friend)
    assert not actions.may_amend(idea, member) and not actions.may_amend(idea, hanoi)
    with pytest.raises(PermissionDenied):
        amend(idea, member)
    with pytest.raises(PermissionDenied):
        amend(idea, hanoi)
    assert amend(idea, friend).author == friend


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.SCREENING])
def test_not_before_screening_is_done(make_idea, author, status):
    early = make_idea(author, status=status)
    assert not actions.may_amend(early, author)
    with pytest.raises(ValidationError):
        amend(early, author)
    assert not IdeaVersion.objects.exists()


def test_nothing_changed_or_no_note_is_refused(idea, author):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        amend(idea, author, summary=idea.summary)
    assert "Nothing was changed" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        amend(idea, author, note=" ")
    assert "note" in caught.value.message_dict
    assert not IdeaVersion.objects.exists()


def test_reviewers_and_authors_are_told_of_a_new_version(idea, author, reviewers, admin_assign):
    admin_assign(idea, reviewers[0])
    amend(idea, author)
    note = Notification.objects.get(event="ideas.amended")
    assert note.recipient == reviewers[0]


@pytest.fixture
def admin_assign(admin_user):
    def assign(idea, reviewer):
        return actions.assign_reviewer(idea=idea, reviewer=reviewer, by=admin_user)

    return assign


def test_after_the_shortlist_an_officer_approves(idea, author, hanoi, admin_user):
    actions.transition(idea=idea, to=Status.SHORTLISTED, by=admin_user)
    before = idea.summary
    assert actions.needs_approval(idea)
    version = amend(idea, author)
    idea.refresh_from_db()
    assert version.status == VersionStatus.PENDING and version.number is None
    assert idea.summary == before  # the public still reads the previous version
    assert selectors.version_banner(idea) is None
    assert Notification.objects.filter(event="ideas.amendment_pending", recipient=hanoi).exists()
    with pytest.raises(ValidationError):  # one pending amendment at a time
        amend(idea, author, summary="Khác")
    with pytest.raises(PermissionDenied):  # the author cannot approve their own
        actions.decide_amendment(version=version, approve=True, by=author)
    actions.decide_amendment(version=version, approve=True, by=hanoi)
    idea.refresh_from_db()
    version.refresh_from_db()
    assert idea.summary == NEW["summary"] and version.number == 2
    change = version.status_changes.last()
    assert (change.new_status, change.by) == (VersionStatus.APPROVED, hanoi)
    assert Notification.objects.filter(event="ideas.amendment_approved", recipient=author).exists()


def test_a_rejection_needs_a_reason_and_keeps_the_text(idea, author, hanoi, admin_user):
    actions.transition(idea=idea, to=Status.SHORTLISTED, by=admin_user)
    version = amend(idea, author)
    with pytest.raises(ValidationError) as caught:
        actions.decide_amendment(version=version, approve=False, by=hanoi)
    assert "reason" in caught.value.message_dict
    actions.decide_amendment(version=version, approve=False, by=hanoi, reason="Đổi ý chính")
    idea.refresh_from_db()
    version.refresh_from_db()
    assert version.status == VersionStatus.REJECTED and version.number is None
    assert idea.summary != NEW["summary"]
    note = Notification.objects.get(event="ideas.amendment_rejected")
    assert note.recipient == author
    with pytest.raises(ValidationError):  # decided once
        actions.decide_amendment(version=version, approve=True, by=hanoi)
    amend(idea, author, note="Lần hai")  # a new amendment may follow


def test_changed_since_your_review(idea, author, reviewers, admin_assign):
    review = admin_assign(idea, reviewers[0])
    ReviewAssignment.objects.filter(pk=review.pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=1)
    )
    review.refresh_from_db()
    assert selectors.changes_since_review(review) is None
    amend(idea, author)
    changes = selectors.changes_since_review(review)
    assert changes["scored"].number == 1 and changes["current"].number == 2
    assert [c["name"] for c in changes["changes"]] == ["summary"]
    assert "<ins>" in changes["changes"][0]["html"]
    assert selectors.reviews_for(reviewers[0]).get().changed_since


def test_diff_marks_words_and_escapes():
    with translation.override("en"):
        html = diff_words("Máy sấy <b>nhỏ</b> rẻ", "Máy sấy lớn rẻ")
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<del>" in html and "<ins>" in html and "removed:" in html and "added:" in html
    assert html.startswith("Máy sấy ")


# --- views --------------------------------------------------------------------------------


def test_amend_form_keeps_input_and_says_what_is_wrong(client, idea, author):
    client.force_login(author)
    client.cookies["portal_language"] = "en"
    url = reverse("ideas:amend", args=[idea.pk])
    assert client.get(url).status_code == 200
    data = {"title": "Tên mới của ý tưởng", "summary": "", "problem": "Vấn đề", "note": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tên mới của ý tưởng" in body and "Say in a few words what you changed" in body
    assert not IdeaVersion.objects.exists()
    data = {**selectors.text_of(idea), "title": "Tên mới của ý tưởng", "note": "Đổi tên"}
    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(reverse("ideas:versions", args=[idea.pk])).content.decode()
    assert "Version 2 of 2" in page and "<ins>" in page
    detail = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert "Version 2 of 2, amended on" in detail


def test_officer_decides_on_the_versions_page(client, idea, author, hanoi, admin_user):
    actions.transition(idea=idea, to=Status.SHORTLISTED, by=admin_user)
    version = amend(idea, author)
    client.force_login(hanoi)
    client.cookies["portal_language"] = "en"
    page = client.get(reverse("ideas:versions", args=[idea.pk])).content.decode()
    assert "Record the decision" in page
    url = reverse("ideas:decide_amendment", args=[version.pk])
    client.post(url, {"decision": "reject", "reason": ""})
    version.refresh_from_db()
    assert version.status == VersionStatus.PENDING
    client.post(url, {"decision": "approve", "reason": ""})
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED


def test_the_public_does_not_see_pending_amendments(client, idea, author, admin_user):
    actions.transition(idea=idea, to=Status.SHORTLISTED, by=admin_user)
    amend(idea, author, summary="Bản sửa chưa duyệt")
    page = client.get(reverse("ideas:versions", args=[idea.pk])).content.decode()
    assert "Bản sửa chưa duyệt" not in page
    assert "Bản sửa chưa duyệt" not in client.get(idea.get_absolute_url()).content.decode()


def test_notifications_read_well_in_both_languages(idea, author, hanoi, admin_user):
    from partnership.notifications.rendering import render_subject

    actions.transition(idea=idea, to=Status.SHORTLISTED, by=admin_user)
    version = amend(idea, author)
    actions.decide_amendment(version=version, approve=False, by=hanoi, reason="Đổi ý chính")
    pending = Notification.objects.get(event="ideas.amendment_pending", recipient=hanoi)
    rejected = Notification.objects.get(event="ideas.amendment_rejected")
    with translation.override("vi"):
        assert render_subject(pending) == f"Bản điều chỉnh “{idea.title}” đang chờ duyệt"
    with translation.override("en"):
        assert render_subject(rejected) == f"Amendment of “{idea.title}” rejected"
    assert pending.url.endswith(f"/ideas/{idea.pk}/versions/#version-{version.pk}")
