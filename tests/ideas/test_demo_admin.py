from django.urls import reverse

from ideas import demo, selectors
from ideas.models import Idea, IdeaVersion, Status, VersionStatus
from partnership.accounts import demo as accounts_demo


class Quiet:
    def write(self, *a, **k):
        pass


def test_demo_covers_every_status_and_is_idempotent(org_tree):
    accounts_demo.load(Quiet())
    demo.load(Quiet())
    count = Idea.objects.count()
    assert count >= 40
    assert set(Idea.objects.values_list("status", flat=True)) >= set(Status.values) - {
        Status.MERGED
    }
    assert Idea.objects.filter(vnpt_supported=True).exists()
    amended = IdeaVersion.objects.get(number=3).idea
    assert [v.number for v in selectors.approved_versions(amended)] == [1, 2, 3]
    assert amended.summary == amended.versions.get(number=3).fields["summary"]
    review = amended.reviews.filter(completed_at__isnull=False).first()
    assert selectors.changes_since_review(review)["scored"].number == 1
    pending = IdeaVersion.objects.get(status=VersionStatus.PENDING)
    assert pending.idea.status == Status.SHORTLISTED
    assert pending.fields["solution"] != pending.idea.solution
    versions = IdeaVersion.objects.count()
    demo.load(Quiet())
    assert Idea.objects.count() == count
    assert IdeaVersion.objects.count() == versions


def test_admin_pages_and_moderation_action(client, make_user, make_idea, member):
    admin = make_user("content_admin", unit="trung-uong-doan")
    admin.is_staff = True
    admin.save()
    idea = make_idea(member, status=Status.SUBMITTED)
    client.force_login(admin)
    for name in ["idea", "campaign", "field", "reviewassignment", "comment", "criterion"]:
        assert client.get(reverse(f"admin:ideas_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:ideas_idea_change", args=[idea.pk])).status_code == 200
    client.post(
        reverse("admin:ideas_idea_changelist"),
        {"action": "move_to_screening", "_selected_action": [idea.pk]},
    )
    idea.refresh_from_db()
    assert idea.status == Status.SCREENING
