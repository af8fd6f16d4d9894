import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partnership.uploads import clean_upload


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
