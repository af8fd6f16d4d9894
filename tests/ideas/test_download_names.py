"""An idea's attachment downloads with the extension of its checked type."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ideas.models import Attachment
from partnership.uploads import clean_upload


def _xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("du-toan.FDP.exe", b"%PDF-1.4\n%%EOF", 'attachment; filename="du-toan.FDP.pdf"'),
        ("bang-tinh.docx", _xlsx(), 'attachment; filename="bang-tinh.xlsx"'),
        ("thuyet-minh v2.1", b"%PDF-1.4\n%%EOF", 'attachment; filename="thuyet-minh v2.1.pdf"'),
        ("ke-hoach.PDF", b"%PDF-1.4\n%%EOF", 'attachment; filename="ke-hoach.PDF"'),
        # A right-to-left override would show "hopexe.pdf" for an .exe name: dropped.
        ("hop\u202efdp.exe", b"%PDF-1.4\n%%EOF", 'attachment; filename="hopfdp.pdf"'),
    ],
)
def test_attachment_download_name(client, make_idea, member, name, content, expected):
    idea = make_idea(member)
    stored = clean_upload(SimpleUploadedFile(name, content, "application/octet-stream"))
    attachment = Attachment.objects.create(
        idea=idea,
        uploaded_by=member,
        original_name=name,
        file=stored,
        content_type=stored.content_type,
        size=stored.size,
    )
    client.force_login(member)
    download = client.get(f"/ideas/files/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == expected
