import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ideas import actions, selectors
from ideas.limits import LimitExceeded
from ideas.models import Comment, Field, Status, Support
from partnership.notifications.models import Notification


def test_gallery_search_ignores_diacritics(client, member, make_idea, agri):
    make_idea(member, status=Status.UNDER_REVIEW, title="Cảm biến độ ẩm đất")
    edu = Field.objects.create(name="Giáo dục", slug="giao-duc")
    make_idea(member, status=Status.AWARDED, title="Lớp học lập trình", field=edu)
    response = client.get(reverse("ideas:index"), {"q": "nong nghiep"})
    titles = [i.title for i in response.context["page_obj"]]
    assert titles == ["Cảm biến độ ẩm đất"]
    response = client.get(reverse("ideas:index"), {"field": "giao-duc"})
    assert [i.title for i in response.context["page_obj"]] == ["Lớp học lập trình"]


def test_gallery_hides_drafts_unconsented_and_early_ideas(client, member, make_idea):
    make_idea(member, status=Status.DRAFT, title="Nháp")
    make_idea(member, status=Status.SUBMITTED, title="Mới gửi")
    make_idea(member, status=Status.AWARDED, title="Không đồng ý", consent_to_publish=False)
    shown = make_idea(member, status=Status.SHORTLISTED, title="Công khai")
    response = client.get(reverse("ideas:index"))
    assert [i.pk for i in response.context["page_obj"]] == [shown.pk]


def test_filters_vnpt_and_sorts(client, member, make_idea, make_user):
    a = make_idea(member, status=Status.UNDER_REVIEW, title="A")
    b = make_idea(member, status=Status.UNDER_REVIEW, title="B")
    liaison = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    actions.offer_vnpt_support(idea=b, by=liaison, kind="mentoring", note="Kỹ sư hướng dẫn")
    actions.support_idea(idea=a, user=make_user("member"))
    response = client.get(reverse("ideas:index"), {"vnpt": "on"})
    assert [i.pk for i in response.context["page_obj"]] == [b.pk]
    response = client.get(reverse("ideas:index"), {"sort": "supported"})
    assert [i.pk for i in response.context["page_obj"]][0] == a.pk
    assert selectors.vnpt_supported_idea_count() == 1
    assert Notification.objects.filter(recipient=member, event="ideas.vnpt_offer").exists()
    assert "Kỹ sư hướng dẫn" in client.get(b.get_absolute_url()).content.decode()


def test_drafts_are_private_to_their_authors(client, member, make_idea, make_user):
    draft = make_idea(member)
    for other in [
        make_user("member"),
        make_user("content_admin", unit="trung-uong-doan"),
        make_user("union_officer", unit=member.unit),
    ]:
        client.force_login(other)
        assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_reviewer_sees_only_assigned_ideas_before_publication(client, member, make_idea, make_user):
    admin = make_user("content_admin", unit="trung-uong-doan")
    reviewer = make_user("reviewer", unit="Tỉnh đoàn Nghệ An")
    assigned = make_idea(member, status=Status.UNDER_REVIEW, consent_to_publish=False)
    other = make_idea(member, status=Status.UNDER_REVIEW, consent_to_publish=False)
    review = actions.assign_reviewer(idea=assigned, reviewer=reviewer, by=admin)
    client.force_login(reviewer)
    assert client.get(assigned.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("ideas:review", args=[review.pk])).status_code == 200
    client.force_login(make_user("reviewer", unit="Tỉnh đoàn Nghệ An"))
    assert client.get(reverse("ideas:review", args=[review.pk])).status_code == 404


def test_review_form_refuses_out_of_scale(client, member, make_idea, make_user):
    admin = make_user("content_admin", unit="trung-uong-doan")
    reviewer = make_user("reviewer", unit="Tỉnh đoàn Nghệ An")
    idea = make_idea(member, status=Status.UNDER_REVIEW)
    review = actions.assign_reviewer(idea=idea, reviewer=reviewer, by=admin)
    criteria = selectors.rubric_for(idea)
    client.force_login(reviewer)
    data = {f"score_{c.pk}": "11" for c in criteria}
    response = client.post(reverse("ideas:review", args=[review.pk]), data)
    assert response.status_code == 200
    assert all(f"score_{c.pk}" in response.context["form"].errors for c in criteria)
    data = {f"score_{c.pk}": "7" for c in criteria}
    client.post(reverse("ideas:review", args=[review.pk]), data)
    review.refresh_from_db()
    assert review.completed_at and review.weighted_score == 7


def test_support_once_and_withdraw(client, published, make_user):
    fan = make_user("member")
    client.force_login(fan)
    url = reverse("ideas:support", args=[published.pk])
    client.post(url)
    client.post(url)
    published.refresh_from_db()
    assert published.support_count == 1 and Support.objects.count() == 1
    client.post(url, {"withdraw": "1"})
    published.refresh_from_db()
    assert published.support_count == 0


def test_no_support_on_unpublished_or_closed_to_public(member, make_idea, make_user, campaign):
    with pytest.raises(ValidationError):
        actions.support_idea(idea=make_idea(member, status=Status.SUBMITTED), user=member)
    campaign.public_support = False
    campaign.save()
    idea = make_idea(member, status=Status.UNDER_REVIEW, campaign=campaign)
    with pytest.raises(ValidationError):
        actions.support_idea(idea=idea, user=make_user("member"))


def test_comments_notify_hide_and_report(client, published, member, make_user):
    fan = make_user("member")
    client.force_login(fan)
    client.post(reverse("ideas:comment", args=[published.pk]), {"body": "<b>Hay quá</b>"})
    comment = Comment.objects.get()
    assert Notification.objects.filter(recipient=member, event="ideas.new_comment").exists()
    html = client.get(published.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Hay quá&lt;/b&gt;" in html
    client.post(reverse("ideas:report_comment", args=[comment.pk]), {"reason": "Spam"})
    assert comment.reports.count() == 1
    # A plain member cannot hide; a moderator can, with a reason.
    assert (
        client.post(reverse("ideas:hide_comment", args=[comment.pk]), {"reason": "x"}).status_code
        == 404
    )
    client.force_login(make_user("content_admin", unit="trung-uong-doan"))
    client.post(reverse("ideas:hide_comment", args=[comment.pk]), {"reason": "Quảng cáo"})
    comment.refresh_from_db()
    assert comment.hidden_reason == "Quảng cáo"
    client.logout()
    assert "Hay quá" not in client.get(published.get_absolute_url()).content.decode()


def test_comment_honeypot_and_daily_cap(client, published, make_user, settings):
    fan = make_user("member")
    client.force_login(fan)
    client.post(reverse("ideas:comment", args=[published.pk]), {"body": "Bot", "website": "x"})
    assert not Comment.objects.exists()
    settings.IDEAS_DAILY_CAPS = {"comment": 2}
    for i in range(3):
        client.post(reverse("ideas:comment", args=[published.pk]), {"body": f"Ý kiến {i}"})
    assert Comment.objects.count() == 2


def test_rate_limit_per_account(published, make_user, settings):
    settings.IDEAS_RATE_LIMITS = {"comment": (2, 60)}
    fan = make_user("member")
    actions.add_comment(idea=published, author=fan, body="1")
    actions.add_comment(idea=published, author=fan, body="2")
    with pytest.raises(LimitExceeded):
        actions.add_comment(idea=published, author=fan, body="3")


def test_similar_endpoint_finds_lookalikes_and_never_fails(client, member, make_idea):
    make_idea(member, status=Status.UNDER_REVIEW, title="Máy sấy nông sản năng lượng mặt trời")
    make_idea(member, status=Status.DRAFT, title="Máy sấy nông sản bí mật")
    data = client.get(reverse("ideas:similar"), {"title": "may say nong san"}).json()
    assert [r["title"] for r in data["results"]] == ["Máy sấy nông sản năng lượng mặt trời"]
    assert client.get(reverse("ideas:similar"), {"title": "%$#<>"}).json() == {"results": []}
    assert client.get(reverse("ideas:similar")).json() == {"results": []}


def test_my_ideas_and_officer_dashboard_with_export(client, member, make_idea, make_user):
    make_idea(member, status=Status.SUBMITTED, title="Ý tưởng A")
    make_idea(member, status=Status.DRAFT, title="Nháp B")
    client.force_login(member)
    html = client.get(reverse("ideas:mine")).content.decode()
    assert "Ý tưởng A" in html and "Nháp B" in html
    officer = make_user("union_officer", unit="Thành đoàn Hà Nội")
    client.force_login(officer)
    response = client.get(reverse("ideas:dashboard"))
    assert response.context["data"]["figures"]["total"] == 1
    export = client.get(reverse("ideas:dashboard_export"))
    ws = load_workbook(__import__("io").BytesIO(export.content)).active
    assert ws["B1"].value == "Tên ý tưởng" and ws["B2"].value == "Ý tưởng A"
    client.force_login(make_user("union_officer", unit="Tỉnh đoàn Nghệ An"))
    assert client.get(reverse("ideas:dashboard")).context["data"]["figures"]["total"] == 0
    client.force_login(member)
    assert client.get(reverse("ideas:dashboard")).status_code == 404


def test_submit_on_behalf(client, member, agri, make_user):
    officer = make_user("union_officer", unit="Thành đoàn Hà Nội")
    client.force_login(officer)
    data = {
        "author_email": member.email,
        "title": "Ứng dụng hỏi đáp pháp luật",
        "field": agri.pk,
        "summary": "Tóm tắt",
        "problem": "Vấn đề",
        "solution": "Giải pháp",
        "impact": "Hiệu quả",
    }
    response = client.post(reverse("ideas:on_behalf"), data)
    assert response.status_code == 302
    idea = member.ideas.get()
    assert idea.status == Status.SUBMITTED and idea.submitted_by == officer
    # The officer manages it, but it is the member's idea, not "your idea".
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Ý tưởng của bạn" not in page
    assert f"Bạn đã gửi thay cho {member.full_name}" in page
    assert reverse("ideas:edit", args=[idea.pk]) in page
    client.force_login(member)
    assert "Ý tưởng của bạn" in client.get(idea.get_absolute_url()).content.decode()
    client.force_login(officer)
    far = make_user("union_officer", unit="Tỉnh đoàn Nghệ An")
    client.force_login(far)
    response = client.post(reverse("ideas:on_behalf"), {**data, "title": "Khác"})
    assert "author_email" in response.context["form"].errors


def test_moderator_decides_through_the_idea_page(client, member, make_idea, make_user):
    idea = make_idea(member, status=Status.SCREENING)
    admin = make_user("content_admin", unit="trung-uong-doan")
    client.force_login(admin)
    client.post(reverse("ideas:decide", args=[idea.pk]), {"to": "rejected"})
    idea.refresh_from_db()
    assert idea.status == Status.SCREENING  # no reason, nothing changed
    client.post(reverse("ideas:decide", args=[idea.pk]), {"to": "rejected", "reason": "Trùng"})
    idea.refresh_from_db()
    assert idea.status == Status.REJECTED


def test_deadline_reminder_goes_once_to_draft_authors(member, make_idea, campaign):
    campaign.submission_closes = timezone.now() + datetime.timedelta(days=2)
    campaign.save()
    make_idea(member, campaign=campaign)
    assert actions.send_deadline_reminders() == 1
    assert actions.send_deadline_reminders() == 0
    assert (
        Notification.objects.filter(recipient=member, event="ideas.campaign_deadline").count() == 1
    )


def test_idea_page_never_shows_email_or_phone(client, member, make_idea):
    named = make_idea(member, status=Status.AWARDED, title="Có tên")
    html = client.get(named.get_absolute_url()).content.decode()
    assert member.full_name in html
    assert member.email not in html and member.phone not in html
    hidden = make_idea(member, status=Status.AWARDED, title="Ẩn danh", anonymous=True)
    html = client.get(hidden.get_absolute_url()).content.decode()
    assert member.full_name not in html and member.email not in html


def test_home_panel_and_nav(client, member, make_idea, campaign):
    make_idea(member, status=Status.AWARDED, title="Ý tưởng trên trang chủ")
    html = client.get("/").content.decode()
    assert "Ý tưởng trên trang chủ" in html and campaign.title in html
    client.force_login(member)
    assert reverse("ideas:mine") in client.get("/").content.decode()


def test_author_withdraws_from_my_ideas(client, member, make_idea):
    idea = make_idea(member, status=Status.SUBMITTED)
    client.force_login(member)
    client.post(reverse("ideas:withdraw", args=[idea.pk]))
    idea.refresh_from_db()
    assert idea.status == Status.WITHDRAWN
    assert idea.status_changes.get().by == member


def test_rate_limit_per_ip_is_looser_than_per_account(published, make_user, settings):
    settings.IDEAS_RATE_LIMITS = {"support": (1, 60)}
    ideas = [published]
    people = [make_user("member", unit="Tỉnh đoàn Nghệ An") for _ in range(7)]
    supported = 0
    for person in people:
        try:
            actions.support_idea(idea=ideas[0], user=person, ip="10.0.0.1")
            supported += 1
        except LimitExceeded:
            pass
    assert supported == 5  # the address allows 5x the per-account rate


def test_merge_through_the_idea_page(client, member, make_idea, make_user):
    keep = make_idea(member, status=Status.UNDER_REVIEW, title="Giữ lại")
    dup = make_idea(member, status=Status.SUBMITTED, title="Trùng")
    client.force_login(make_user("content_admin", unit="trung-uong-doan"))
    response = client.post(
        reverse("ideas:merge", args=[dup.pk]), {"merge-keep": keep.pk, "merge-reason": "Trùng"}
    )
    assert response["Location"] == keep.get_absolute_url()
    dup.refresh_from_db()
    assert dup.status == Status.MERGED
    client.force_login(make_user("member"))
    assert (
        client.post(reverse("ideas:merge", args=[keep.pk]), {"merge-keep": dup.pk}).status_code
        == 404
    )


def test_offer_needs_a_liaison(client, published, make_user):
    url = reverse("ideas:offer", args=[published.pk])
    client.force_login(make_user("member"))
    assert client.post(url, {"kind": "mentoring", "note": "x"}).status_code == 404
    client.force_login(make_user("vnpt_liaison", unit="VNPT Hà Nội"))
    client.post(url, {"kind": "pilot", "note": "Thí điểm", "province": "Hà Nội"})
    client.post(url, {"kind": "pilot", "note": "Lần hai"})
    published.refresh_from_db()
    assert published.vnpt_supported and published.vnpt_offers.count() == 1


def test_moderation_queue_is_for_moderators(client, member, make_idea, make_user):
    idea = make_idea(member, status=Status.SUBMITTED)
    client.force_login(make_user("union_officer", unit="Thành đoàn Hà Nội"))
    assert idea in client.get(reverse("ideas:moderate")).context["page_obj"].object_list
    client.force_login(make_user("union_officer", unit="Tỉnh đoàn Nghệ An"))
    assert idea not in client.get(reverse("ideas:moderate")).context["page_obj"].object_list
    client.force_login(make_user("reviewer", unit="Tỉnh đoàn Nghệ An"))
    assert client.get(reverse("ideas:moderate")).status_code == 404


def test_gallery_and_idea_page_queries_do_not_grow_with_data(
    client, member, make_idea, make_user, django_assert_max_num_queries
):
    for i in range(3):
        make_idea(member, status=Status.AWARDED, title=f"Ý tưởng {i}")
    client.get(reverse("ideas:index"))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(8):
        client.get(reverse("ideas:index"))
    for i in range(3, 25):
        make_idea(member, status=Status.AWARDED, title=f"Ý tưởng {i}")
    with django_assert_max_num_queries(8):
        client.get(reverse("ideas:index"))
    idea = make_idea(member, status=Status.AWARDED, title="Trang ý tưởng")
    fans = [make_user("member", unit="Tỉnh đoàn Nghệ An") for _ in range(2)]
    for fan in fans:
        actions.add_comment(idea=idea, author=fan, body="Hay")
    client.force_login(fans[0])
    with django_assert_max_num_queries(25):
        client.get(idea.get_absolute_url())


def test_moderation_ranking_by_campaign(client, member, make_idea, make_user, campaign):
    admin = make_user("content_admin", unit="trung-uong-doan")
    reviewer = make_user("reviewer", unit="Tỉnh đoàn Nghệ An")
    weak = make_idea(member, status=Status.UNDER_REVIEW, title="Yếu", campaign=campaign)
    strong = make_idea(member, status=Status.UNDER_REVIEW, title="Mạnh", campaign=campaign)
    make_idea(member, status=Status.UNDER_REVIEW, title="Ngoài cuộc thi")
    for idea, value in [(weak, 4), (strong, 9)]:
        review = actions.assign_reviewer(idea=idea, reviewer=reviewer, by=admin)
        scores = {c.pk: (value, "") for c in selectors.rubric_for(idea)}
        actions.submit_review(review=review, scores=scores, comment="", by=reviewer)
    client.force_login(admin)
    page = client.get(reverse("ideas:moderate"), {"campaign": campaign.slug}).context["page_obj"]
    assert [i.title for i in page] == ["Mạnh", "Yếu"]


def test_export_never_writes_formulas(client, member, make_idea, make_user):
    make_idea(member, status=Status.SUBMITTED, title='=HYPERLINK("http://x","bấm")')
    client.force_login(make_user("union_officer", unit="Thành đoàn Hà Nội"))
    export = client.get(reverse("ideas:dashboard_export"))
    ws = load_workbook(__import__("io").BytesIO(export.content)).active
    assert ws["B2"].value.startswith("'=") and ws["B2"].data_type == "s"


@pytest.mark.parametrize(
    "q, found",
    [
        ("thư viện số", True),
        ("THU VIEN", True),
        ("vien so", True),  # any word may start the phrase
        ("thu vien s", True),  # the last word may be cut short
        ("thư viện (số", True),  # punctuation between words does not matter
        ("so cho chi doan", True),  # across the quote and the comma of the title
        ("hu vien", False),  # a phrase starts at the start of a word
        ("vien thu", False),  # in order
        ("thu so", False),  # next to each other
        ("?!", False),  # no word at all: nothing, not everything
    ],
)
def test_search_matches_words_from_their_start(client, make_idea, member, q, found):
    make_idea(member, status=Status.UNDER_REVIEW, title="“Thư viện số” cho chi đoàn, thôn bản")
    response = client.get(reverse("ideas:index"), {"q": q})
    assert response.status_code == 200
    assert ("Thư viện số" in response.text) is found


def test_officer_is_told_why_a_merge_is_refused(client, make_idea, make_user):
    hanoi = make_user("member", unit="Thành đoàn Hà Nội")
    nghe_an = make_user("member", unit="Tỉnh đoàn Nghệ An")
    dup = make_idea(hanoi, status=Status.SUBMITTED, title="Trùng")
    elsewhere = make_idea(nghe_an, status=Status.UNDER_REVIEW, title="Ở tỉnh khác")
    mine = make_idea(hanoi, status=Status.UNDER_REVIEW, title="Giữ lại")
    client.force_login(make_user("union_officer", unit="Thành đoàn Hà Nội"))
    page = client.get(dup.get_absolute_url())
    assert page.context["merge_form"] is not None  # offered: it moderates this idea
    url = reverse("ideas:merge", args=[dup.pk])
    for sent, reason in [
        ({"merge-keep": elsewhere.pk}, "không do bạn phụ trách"),  # an idea it does not moderate
        ({"merge-keep": ""}, "Số hiệu ý tưởng được giữ lại: Trường này là bắt buộc."),
        ({"merge-keep": 10**9}, "Không có ý tưởng nào mang số hiệu này."),
    ]:
        response = client.post(url, sent, follow=True)
        shown = " ".join(str(m) for m in response.context["messages"])
        assert reason in shown, shown
        dup.refresh_from_db()
        assert dup.status == Status.SUBMITTED
    response = client.post(url, {"merge-keep": mine.pk})
    assert response["Location"] == mine.get_absolute_url()
    dup.refresh_from_db()
    assert dup.status == Status.MERGED and dup.merged_into == mine


def test_officer_dashboard_figures_count_the_ideas_it_lists(client, member, make_idea, make_user):
    make_idea(member, status=Status.SUBMITTED, title="Ý tưởng A")
    make_idea(member, status=Status.UNDER_REVIEW, title="Ý tưởng B")
    make_idea(member, status=Status.DRAFT, title="Nháp C")
    never_sent = make_idea(member, status=Status.DRAFT, title="Nháp rút lại")
    actions.transition(idea=never_sent, to=Status.WITHDRAWN, by=member)  # a draft withdrawn
    client.force_login(make_user("union_officer", unit="Thành đoàn Hà Nội"))
    response = client.get(reverse("ideas:dashboard"))
    figures = response.context["data"]["figures"]
    listed = [idea.title for idea in response.context["page_obj"].object_list]
    assert sorted(listed) == ["Ý tưởng A", "Ý tưởng B"]
    assert figures["total"] == len(listed)
    assert sum(row["n"] for row in figures["by_status"]) == len(listed)
    assert sum(row["n"] for row in figures["by_field"]) == len(listed)
