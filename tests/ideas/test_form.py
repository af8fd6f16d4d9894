import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ideas.models import Attachment, CoAuthor, Idea, Status
from partnership.files.models import PendingUpload
from partnership.notifications.models import Notification

from .conftest import FULL, PDF


def post_data(agri, **extra):
    data = {"title": "Máy sấy nông sản", "field": agri.pk, "intent": "draft", **FULL}
    data.update(extra)
    return data


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("ideas:new"))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_draft_is_saved_and_kept_editable(client, member, agri):
    client.force_login(member)
    response = client.post(reverse("ideas:new"), post_data(agri, co_authors="ban@doan-vnpt.test"))
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert idea.status == Status.DRAFT and idea.author == member and idea.unit == member.unit
    assert CoAuthor.objects.get(idea=idea).email == "ban@doan-vnpt.test"
    response = client.post(
        reverse("ideas:edit", args=[idea.pk]), post_data(agri, title="Máy sấy nông sản v2")
    )
    idea.refresh_from_db()
    assert idea.title == "Máy sấy nông sản v2"
    assert not CoAuthor.objects.exists()  # the list was emptied


def test_submit_goes_through_the_confirmation_page(client, member, agri):
    client.force_login(member)
    response = client.post(reverse("ideas:new"), post_data(agri, intent="submit"))
    idea = Idea.objects.get()
    assert response["Location"] == reverse("ideas:submit", args=[idea.pk])
    page = client.get(response["Location"])
    assert "Máy sấy nông sản" in page.content.decode()
    client.post(reverse("ideas:submit", args=[idea.pk]))
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED
    assert Notification.objects.filter(recipient=member, event="ideas.submitted").exists()


def test_bad_input_gives_field_messages_and_saves_nothing(client, member, agri):
    client.force_login(member)
    six = "\n".join(f"p{i}@doan-vnpt.test" for i in range(6))
    response = client.post(
        reverse("ideas:new"),
        post_data(agri, title="", solution="x" * 200_000, co_authors=six),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "title" in form.errors
    assert "solution" in form.errors and "20000" in str(form.errors["solution"]).replace(".", "")
    assert "co_authors" in form.errors
    assert not Idea.objects.exists() and not CoAuthor.objects.exists()


def test_html_is_shown_escaped(client, member, make_idea):
    idea = make_idea(member, status=Status.UNDER_REVIEW, title="<script>alert(1)</script>")
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_exe_renamed_pdf_is_refused_and_valid_pdf_survives_a_reshown_form(client, member, agri):
    client.force_login(member)
    exe = SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    good = SimpleUploadedFile("ke-hoach-that.pdf", PDF)
    response = client.post(
        reverse("ideas:new"), {**post_data(agri, title=""), "files": [exe, good]}
    )
    form = response.context["form"]
    assert "ke-hoach.pdf" in str(form.errors["files"])
    # The good file waits in the one pending-upload table, not as an idea's attachment.
    assert not Attachment.objects.exists()
    pending = PendingUpload.objects.get()
    assert pending.owner == member and pending.original_name == "ke-hoach-that.pdf"
    assert "ke-hoach-that.pdf" in response.content.decode()
    # Re-post without the file: the pending one is kept and attached.
    response = client.post(reverse("ideas:new"), post_data(agri, pending=str(pending.pk)))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.idea == Idea.objects.get() and attachment.file.name == pending.file.name
    assert attachment.original_name == "ke-hoach-that.pdf"
    assert not PendingUpload.objects.exists()


def test_large_file_is_refused(client, member, agri, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    client.force_login(member)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2000)
    response = client.post(reverse("ideas:new"), {**post_data(agri), "files": [big]})
    assert "files" in response.context["form"].errors
    assert not Idea.objects.exists() and not Attachment.objects.exists()
    assert not PendingUpload.objects.exists()


def test_images_are_reencoded_and_office_accepted(client, member, agri):
    client.force_login(member)
    img = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(img, "PNG")
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    files = [
        SimpleUploadedFile("anh.png", img.getvalue()),
        SimpleUploadedFile("ke-hoach.docx", docx.getvalue()),
    ]
    response = client.post(reverse("ideas:new"), {**post_data(agri), "files": files})
    assert response.status_code == 302
    names = sorted(a.file.name.rsplit(".", 1)[1] for a in Attachment.objects.all())
    assert names == ["docx", "png"]
    # Served only through the permission-checking view; drafts to their author only.
    att = Attachment.objects.get(content_type="image/png")
    assert client.get(att.get_absolute_url())["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert client.get(att.get_absolute_url()).status_code == 404


def test_honeypot_rejects_bots(client, member, agri):
    client.force_login(member)
    response = client.post(reverse("ideas:new"), post_data(agri, website="http://spam"))
    assert response.status_code == 200
    assert not Idea.objects.exists()


def test_closed_campaign_is_refused_on_the_field(client, member, agri, campaign):
    # In the portal's time zone: 31/12/2020 is a Vietnamese date whatever the hour in UTC.
    campaign.submission_opens = timezone.make_aware(datetime.datetime(2020, 1, 1, 8, 0))
    campaign.submission_closes = timezone.make_aware(datetime.datetime(2020, 12, 31, 17, 0))
    campaign.save()
    client.force_login(member)
    response = client.post(reverse("ideas:new"), post_data(agri, campaign=campaign.pk))
    assert "campaign" in response.context["form"].errors
    assert "31/12/2020" in str(response.context["form"].errors["campaign"])
    assert not Idea.objects.exists()


def test_edit_stops_when_screening_starts(client, member, make_idea, agri):
    idea = make_idea(member, status=Status.SCREENING)
    client.force_login(member)
    response = client.post(reverse("ideas:edit", args=[idea.pk]), post_data(agri, title="Khác"))
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title != "Khác"


def test_co_author_confirms_by_link(client, member, make_user, agri):
    friend = make_user("member", unit="Tỉnh đoàn Nghệ An")
    client.force_login(member)
    client.post(reverse("ideas:new"), post_data(agri, co_authors=friend.email))
    co = CoAuthor.objects.get()
    assert co.user == friend
    assert Notification.objects.filter(recipient=friend, event="ideas.co_author_invited").exists()
    client.force_login(member)
    assert client.get(co.get_absolute_url()).status_code == 404  # not the invited address
    client.force_login(friend)
    assert client.get(co.get_absolute_url()).status_code == 200
    co.refresh_from_db()
    assert co.confirmed_at is None  # a GET changes nothing
    client.post(co.get_absolute_url())
    co.refresh_from_db()
    assert co.confirmed_at is not None
    # Confirmed co-authors are authors: they see the draft and are told about it.
    assert client.get(co.idea.get_absolute_url()).status_code == 200


def test_unknown_co_author_gets_an_email(
    client, member, agri, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ideas:new"), post_data(agri, co_authors="chua-co@doan-vnpt.test"))
    assert [m.to for m in mailoutbox] == [["chua-co@doan-vnpt.test"]]
    assert CoAuthor.objects.get().token in mailoutbox[0].body


def test_edit_form_shows_the_saved_campaign(client, member, make_idea, campaign):
    idea = make_idea(member, campaign=campaign)
    client.force_login(member)
    form = client.get(reverse("ideas:edit", args=[idea.pk])).context["form"]
    assert form["campaign"].value() == campaign.pk
    new = client.get(reverse("ideas:new"), {"campaign": campaign.pk}).context["form"]
    assert str(new["campaign"].value()) == str(campaign.pk)


def test_abandoned_uploads_are_purged_by_the_one_task(
    client, member, agri, django_capture_on_commit_callbacks
):
    import datetime
    import os

    from django.utils import timezone

    from partnership.files.tasks import purge_abandoned_uploads

    client.force_login(member)
    client.post(
        reverse("ideas:new"),
        {**post_data(agri, title=""), "files": [SimpleUploadedFile("a.pdf", PDF)]},
    )
    pending = PendingUpload.objects.get(purpose="ideas.attachment")
    assert purge_abandoned_uploads.delay().get() == 0
    PendingUpload.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    path = pending.file.path
    with django_capture_on_commit_callbacks(execute=True):  # files go once the purge commits
        assert purge_abandoned_uploads.delay().get() == 1
    assert not PendingUpload.objects.exists()
    assert not os.path.exists(path)
    # A file used by an idea stays, whatever its age.
    response = client.post(
        reverse("ideas:new"), {**post_data(agri), "files": [SimpleUploadedFile("b.pdf", PDF)]}
    )
    assert response.status_code == 302
    kept = Attachment.objects.get()
    Attachment.objects.filter(pk=kept.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert purge_abandoned_uploads.delay().get() == 0
    assert os.path.exists(kept.file.path)


def test_a_removed_attachment_leaves_no_file(
    client, member, agri, django_capture_on_commit_callbacks
):
    import os

    client.force_login(member)
    client.post(
        reverse("ideas:new"), {**post_data(agri), "files": [SimpleUploadedFile("a.pdf", PDF)]}
    )
    idea, attachment = Idea.objects.get(), Attachment.objects.get()
    path = attachment.file.path
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ideas:edit", args=[idea.pk]), {**post_data(agri), "remove": [attachment.pk]}
        )
    assert response.status_code == 302
    assert not Attachment.objects.exists() and not os.path.exists(path)


def test_required_sections_are_marked_and_checked_before_the_confirm_step(client, member, agri):
    client.force_login(member)
    page = client.get(reverse("ideas:new")).content.decode()
    for name in ("summary", "problem", "solution", "impact"):
        label = page.split(f'<label for="id_{name}">', 1)[1].split("</label>", 1)[0]
        assert 'class="required"' in label, name
    assert (
        'class="required"'
        not in page.split('<label for="id_co_authors">', 1)[1].split("</label>")[0]
    )
    response = client.post(
        reverse("ideas:new"), post_data(agri, intent="submit", problem="  ", impact="")
    )
    assert response.status_code == 200  # the form again, not the confirmation page
    form = response.context["form"]
    assert set(form.errors) == {"problem", "impact"}
    assert form.errors["problem"] == ["Cần điền mục này trước khi gửi."]
    assert form["solution"].value() == FULL["solution"]  # what was typed is kept
    assert not Idea.objects.exists()
    # A draft may still leave them empty.
    response = client.post(reverse("ideas:new"), post_data(agri, problem="", impact=""))
    assert response.status_code == 302
    assert Idea.objects.get().status == Status.DRAFT
