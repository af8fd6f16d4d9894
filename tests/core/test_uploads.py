import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partnership.uploads import clean_upload
from tests.factories import NEWS_ARTICLE_FORM


def _png(**info):
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 0, 0)).save(buf, "PNG", **info)
    return buf.getvalue()


def _docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_pdf_office_and_image_accepted_under_random_names():
    pdf = clean_upload(SimpleUploadedFile("báo cáo.pdf", b"%PDF-1.7\n..."))
    assert pdf.name.endswith(".pdf") and "báo" not in pdf.name
    assert clean_upload(SimpleUploadedFile("x.bin", _docx())).name.endswith(".docx")
    img = clean_upload(SimpleUploadedFile("photo.png", _png() + b"<script>alert(1)</script>"))
    assert img.name.endswith(".png")
    assert b"<script>" not in img.read()  # re-encoded: the payload after the pixels is gone


@pytest.mark.parametrize(
    "name,content",
    [
        ("page.png", b"<html><script>alert(1)</script></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("setup.pdf", b"MZ\x90\x00\x03 this is an exe"),
        ("../../etc/passwd", b"root:x:0:0"),
        ("archive.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_hostile_files_refused(name, content):
    with pytest.raises(ValidationError):
        clean_upload(SimpleUploadedFile(name, content))


def test_size_limit_and_decompression_bomb(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="large|lớn"):
        clean_upload(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2000))
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    buf = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buf, "PNG")  # tiny file, 400 megapixels
    with pytest.raises(ValidationError):
        clean_upload(SimpleUploadedFile("bomb.png", buf.getvalue()))


def test_pdf_with_javascript_is_stored_but_never_runs_in_the_portal(settings, tmp_path):
    """A PDF may carry JavaScript (/JS actions). It is a real PDF, so it is accepted, but it is
    only ever served as a download, sandboxed and never sniffed, so a browser does not run it
    in the portal's origin."""
    from django.core.files.storage import FileSystemStorage

    from partnership.uploads import serve_file

    payload = b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n"
    cleaned = clean_upload(SimpleUploadedFile("report.pdf", payload))
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save(cleaned.name, cleaned)
    response = serve_file(_Stored(storage, name))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"] == "application/pdf"


class _Stored:
    """The bit of a FieldFile that serve_file uses."""

    def __init__(self, storage, name):
        self.storage, self.name = storage, name

    def open(self, mode="rb"):
        return self.storage.open(self.name, mode)


# --- one check for every stored file: admin images, news covers ------------------------------

ARTICLE = NEWS_ARTICLE_FORM


def _jpeg_with_exif_and_payload() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh bí mật"  # Make
    exif[0x0131] = "secret-tool 1.0"  # Software
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 90, 160)).save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue() + b"<?php system($_GET['c']); ?>"


@pytest.fixture
def content_admin(client, make_user):
    admin = make_user("content_admin", unit="trung-uong-doan")
    client.force_login(admin)
    return admin


def _post_article(client, url="/admin/news/article/add/", **files):
    return client.post(url, {**ARTICLE, **files})


def test_every_stored_file_field_runs_the_one_check():
    """Every file or image field of every model is the core's: its form field (what ModelForms
    and the admin use) checks by bytes, and the field removes replaced and deleted files."""
    from django.apps import apps
    from django.db import models

    from partnership.files.fields import CheckedFileFormField, UploadFileField, UploadImageField

    seen = []
    for model in apps.get_models():
        for field in model._meta.fields:
            if not isinstance(field, models.FileField):
                continue
            seen.append(f"{model._meta.label}.{field.name}")
            if model._meta.label == "files.PendingUpload":
                continue  # written only by stage_upload, after the same check
            assert isinstance(field, UploadFileField | UploadImageField), seen[-1]
            assert isinstance(field.formfield(), CheckedFileFormField), seen[-1]
            if isinstance(field, models.ImageField):
                assert field.formfield().kinds == ("image",)
    assert {"news.Article.cover_image", "services.Service.image", "agreements.Photo.image"} <= set(
        seen
    )


def test_admin_news_cover_is_reencoded_without_exif_or_trailing_payload(client, content_admin):
    from partnership.news.models import Article

    upload = SimpleUploadedFile("anh-bia.jpg", _jpeg_with_exif_and_payload(), "image/jpeg")
    response = _post_article(client, cover_image=upload)
    assert response.status_code == 302, response.context["adminform"].form.errors
    cover = Article.objects.get(slug="bai-co-anh-bia").cover_image
    assert cover.name.startswith("news/") and cover.name.endswith(".jpg")
    assert "anh-bia" not in cover.name
    stored = cover.read()
    assert b"<?php" not in stored and b"secret-tool" not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG" and img.size == (40, 30)
        assert not dict(img.getexif())


@pytest.mark.parametrize("pixels", ["bomb", "over the setting"])
def test_admin_refuses_too_many_pixels_with_a_clear_form_error(
    client, content_admin, settings, pixels
):
    from partnership.news.models import Article

    buf = io.BytesIO()
    if pixels == "bomb":
        Image.new("1", (20000, 20000)).save(buf, "PNG")  # 400 megapixels in a few kB
    else:
        settings.UPLOAD_MAX_PIXELS = 1000
        Image.new("RGB", (40, 40), "red").save(buf, "PNG")  # 1 600 pixels
    response = _post_article(client, cover_image=SimpleUploadedFile("anh.png", buf.getvalue()))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["cover_image"]
    assert "megapixel" in errors[0]
    assert str(settings.UPLOAD_MAX_PIXELS // 1_000_000) in errors[0]
    assert not Article.objects.exists()


def test_admin_refuses_a_non_image_renamed_jpg(client, content_admin, settings):
    from partnership.news.models import Article

    fake = SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    response = _post_article(client, cover_image=fake)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover_image"]
    assert not Article.objects.exists()
    assert not (settings.MEDIA_ROOT / "news").exists()


def _png_upload(colour="red"):
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), colour).save(buf, "PNG")
    return SimpleUploadedFile("anh.png", buf.getvalue(), "image/png")


def test_a_replaced_cleared_or_deleted_cover_leaves_no_file(
    client, content_admin, django_capture_on_commit_callbacks
):
    import os

    from partnership.news.models import Article

    with django_capture_on_commit_callbacks(execute=True):
        _post_article(client, cover_image=_png_upload())
    article = Article.objects.get()
    first = article.cover_image.path
    url = f"/admin/news/article/{article.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_article(client, url, cover_image=_png_upload("blue"))
    assert response.status_code == 302
    article.refresh_from_db()
    second = article.cover_image.path
    assert second != first and os.path.exists(second)
    assert not os.path.exists(first)
    # Saving again without a new file keeps the stored one.
    with django_capture_on_commit_callbacks(execute=True):
        _post_article(client, url)
    assert os.path.exists(second)
    # Clearing it removes it.
    with django_capture_on_commit_callbacks(execute=True):
        _post_article(client, url, **{"cover_image-clear": "on"})
    article.refresh_from_db()
    assert not article.cover_image and not os.path.exists(second)
    # And deleting the article removes its cover.
    with django_capture_on_commit_callbacks(execute=True):
        _post_article(client, url, cover_image=_png_upload("green"))
    third = Article.objects.get().cover_image.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.exists()
    assert not os.path.exists(third)


def test_a_rolled_back_replacement_keeps_the_old_file(content_admin):
    import os

    from django.db import transaction

    from partnership.news.models import Article

    article = Article.objects.create(title="A", slug="a", summary="s", body="b")
    article.cover_image = clean_upload(_png_upload(), kinds=("image",))
    article.save()
    old = article.cover_image.path
    with pytest.raises(RuntimeError), transaction.atomic():
        article.cover_image = clean_upload(_png_upload("blue"), kinds=("image",))
        article.save()
        raise RuntimeError
    assert os.path.exists(old)


# --- pending uploads: staged by an action, claimed by the record, purged or erased -----------


def test_stage_upload_checks_by_bytes_and_claims_are_per_owner_and_purpose(make_user):
    from partnership.files.actions import claim_uploads, stage_upload
    from partnership.files.models import PendingUpload

    owner, other = make_user("member"), make_user("member")
    with pytest.raises(ValidationError):
        stage_upload(file=SimpleUploadedFile("x.pdf", b"MZ\x90 exe"), by=owner, purpose="a.form")
    assert not PendingUpload.objects.exists()
    kept = stage_upload(file=SimpleUploadedFile("Kế hoạch.png", _png()), by=owner, purpose="a.form")
    assert kept.original_name == "Kế hoạch.png" and kept.content_type == "image/png"
    assert kept.file.name.startswith("uploads/") and "Kế" not in kept.file.name
    assert claim_uploads(by=other, purpose="a.form", ids=[kept.pk]) == []
    assert claim_uploads(by=owner, purpose="b.form", ids=[kept.pk]) == []
    assert claim_uploads(by=owner, purpose="a.form", tokens=[str(kept.token)]) == [kept]
    assert not PendingUpload.objects.exists()
    assert kept.file.storage.exists(kept.file.name)  # the record that claimed it owns it now


def test_erasure_removes_the_files_left_on_unsent_forms(
    make_user, django_capture_on_commit_callbacks
):
    import os

    from partnership import privacy
    from partnership.files.actions import stage_upload
    from partnership.files.models import PendingUpload

    user = make_user("member")
    kept = stage_upload(file=SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n"), by=user, purpose="x")
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_user(user=user, by=user)
    assert not PendingUpload.objects.exists()
    assert not os.path.exists(kept.file.path)
