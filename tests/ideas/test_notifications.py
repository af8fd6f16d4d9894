"""Every event the idea bank emits renders a Vietnamese subject and body from its templates."""

import datetime

from django.template.loader import get_template
from django.utils import timezone, translation

from ideas import actions
from ideas.models import Status
from partnership.notifications.models import Notification
from partnership.notifications.rendering import render_body, render_subject, template_base

from .conftest import move


def test_every_event_renders_in_vietnamese(member, make_idea, make_user, campaign, admin_user):
    fan = make_user("member", unit="Tỉnh đoàn Nghệ An")
    liaison = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    idea = make_idea(member, campaign=campaign, title='Máy "sấy" & nông sản')
    move(idea, Status.SUBMITTED, by=member)
    move(idea, Status.SCREENING, Status.UNDER_REVIEW, by=admin_user)
    move(idea, Status.SHORTLISTED, Status.AWARDED, by=admin_user)
    move(idea, Status.APPLIED, by=admin_user, evidence="Ở 3 xã")
    other = make_idea(member, status=Status.SCREENING, title="Khác")
    move(other, Status.REJECTED, by=admin_user, reason="Trùng lặp")
    actions.add_comment(idea=idea, author=fan, body="Hay!")
    actions.offer_vnpt_support(idea=idea, by=liaison, kind="pilot", note="Thí điểm ở Nghệ An")
    dup = make_idea(fan, status=Status.SUBMITTED, title="Trùng")
    actions.merge_ideas(duplicate=dup, keep=idea, by=admin_user)
    actions.set_co_authors(idea=make_idea(member), emails=[fan.email], by=member)
    draft = make_idea(fan, campaign=campaign)
    campaign.submission_closes = timezone.now() + datetime.timedelta(days=1)
    campaign.save()
    actions.send_deadline_reminders()
    assert draft.author == fan
    events = set(Notification.objects.values_list("event", flat=True))
    assert events >= {
        "ideas.submitted",
        "ideas.screened",
        "ideas.shortlisted",
        "ideas.awarded",
        "ideas.applied",
        "ideas.new_comment",
        "ideas.vnpt_offer",
        "ideas.merged",
        "ideas.co_author_invited",
        "ideas.campaign_deadline",
    }
    with translation.override("vi"):
        for n in Notification.objects.all():
            subject, body = render_subject(n, language="vi"), render_body(n, language="vi")
            for suffix in (".subject.txt", ".body.txt"):
                get_template(template_base(n.event) + suffix)  # ours, not the generic text
            assert subject and body, n.event
            assert "&quot;" not in subject and "&amp;" not in body
    screened = Notification.objects.get(event="ideas.screened", object_id=other.pk)
    assert "Trùng lặp" in render_body(screened, language="vi")
    awarded = Notification.objects.get(event="ideas.awarded")
    assert render_subject(awarded, language="vi") == '“Máy "sấy" & nông sản” đã đạt giải'
