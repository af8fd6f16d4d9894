"""Uploaded files: checked by content, re-encoded when images, stored under random names.

Every upload, on a portal form or in the admin, goes through `clean_upload(file, kinds=...)`:
the type is read from the bytes, images are decoded and encoded again (metadata and anything
hidden after the pixels go), an image over UPLOAD_MAX_PIXELS is refused. Model fields use
`partnership.files.fields`, whose form field runs it and whose storage hook removes a file
when its row is deleted or the file replaced. Files are served with `serve_file(...)`, which
only views that already checked permission call. Files live under MEDIA_ROOT, outside the
static root, and are never served by the web server directly.
"""

import io
import os
import re
import unicodedata
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE = "image"
PDF = "pdf"
OFFICE = "office"
DOCUMENTS = (PDF, OFFICE, IMAGE)

# Pillow refuses outright images of more than twice this many pixels (decompression bombs);
# clean_upload refuses anything over the limit itself, with a message that says so.
Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_PIXELS
TOO_MANY_PIXELS = "too-many-pixels"
_IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("png", "image/png"),
}
_OFFICE_EXT = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}


def _head(file, n=8) -> bytes:
    file.seek(0)
    head = file.read(n)
    file.seek(0)
    return head


class CheckedFile(SimpleUploadedFile):
    """A file `clean_upload` accepted: random name, content type from its bytes, and the name
    the person gave it (shown back to them, never used on disk)."""

    def __init__(self, name: str, content: bytes, content_type: str, *, original_name: str):
        super().__init__(name, content, content_type)
        self.original_name = original_name


def sniff(file) -> str | None:
    """The kind of a file from its bytes, whatever its name says (TOO_MANY_PIXELS for an
    image over the pixel limit)."""
    head = _head(file)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            file.seek(0)
        if "[Content_Types].xml" in names and any(n.startswith(tuple(_OFFICE_EXT)) for n in names):
            return OFFICE
        return None
    try:
        with Image.open(file) as img:
            fmt, (width, height) = img.format, img.size
            img.verify()
    except Image.DecompressionBombError:
        return TOO_MANY_PIXELS
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    finally:
        file.seek(0)
    if fmt not in _IMAGE_FORMATS:
        return None
    return TOO_MANY_PIXELS if width * height > settings.UPLOAD_MAX_PIXELS else IMAGE


def _office_ext(file) -> str:
    with zipfile.ZipFile(file) as archive:
        names = archive.namelist()
    file.seek(0)
    for prefix, ext in _OFFICE_EXT.items():
        if any(n.startswith(prefix) for n in names):
            return ext
    return "docx"


def reencode_image(file, *, original_name: str = "") -> CheckedFile:
    """Decode and encode again: strips metadata and anything hidden after the pixels.

    A photo turned by its EXIF orientation is turned for real first, as the tag goes too."""
    with Image.open(file) as decoded:
        decoded.load()
        fmt = decoded.format if decoded.format in ("JPEG", "PNG", "WEBP") else "PNG"
        img: Image.Image = ImageOps.exif_transpose(decoded)
        if fmt == "JPEG" and img.mode not in ("RGB", "L"):
            img = img.convert("RGB")
        elif fmt != "JPEG" and img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            img = img.convert("RGBA")
        out = io.BytesIO()
        img.save(out, fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    ext, content_type = _IMAGE_FORMATS[fmt]
    return CheckedFile(
        f"{uuid.uuid4().hex}.{ext}", out.getvalue(), content_type, original_name=original_name
    )


def clean_upload(file, *, kinds=DOCUMENTS, max_bytes: int | None = None) -> CheckedFile:
    """Validate an uploaded file by content and size; return a safe file to store.

    Images come back re-encoded; every file comes back under a random name with the
    extension its content deserves. Raises ValidationError with a message for the field.
    """
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(file.size / 1_048_576, 1), "limit": round(max_bytes / 1_048_576)}
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."))
    original_name = (getattr(file, "name", "") or "file")[:255]
    kind = sniff(file)
    if kind == TOO_MANY_PIXELS and IMAGE in kinds:
        raise ValidationError(
            _(
                "The image has too many pixels (the limit is %(limit)s megapixels). Make it smaller and upload it again."
            )
            % {"limit": settings.UPLOAD_MAX_PIXELS // 1_000_000}
        )
    if kind is None or kind not in kinds:
        raise ValidationError(
            _(
                "This file type is not accepted. Upload a PDF, an Office document (Word, Excel, PowerPoint) or an image (JPEG, PNG, WebP)."
            )
        )
    if kind == IMAGE:
        try:
            return reencode_image(file, original_name=original_name)
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            raise ValidationError(_("The image could not be read.")) from exc
    ext = "pdf" if kind == PDF else _office_ext(file)
    file.seek(0)
    return CheckedFile(
        f"{uuid.uuid4().hex}.{ext}", file.read(), _content_type(ext), original_name=original_name
    )


def _content_type(ext: str) -> str:
    return {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "jpg": "image/jpeg",
        "png": "image/png",
        "webp": "image/webp",
    }.get(ext, "application/octet-stream")


_SAME_EXT = {"jpeg": "jpg", "jpe": "jpg"}
# A last dot-part made of letters (and digits) reads as an extension ("exe", "pdf", "mp4");
# "v2.1" or "bản 3" do not, and stay in the name.
_EXT_LIKE = re.compile(r"^[a-z][a-z0-9]{0,5}$", re.IGNORECASE)


def safe_download_name(name: str | None, stored_name: str) -> str:
    """The name a stored file downloads under: the uploader's name, with the extension of the
    type the upload was checked to be (the stored file's). "bao-cao.FDP.exe" holding a PDF
    downloads as "bao-cao.FDP.pdf"; control and bidirectional-override characters, which can
    make a name display a different extension, are dropped."""
    ext = os.path.splitext(stored_name)[1].lower().lstrip(".")
    name = "".join(ch for ch in (name or "") if unicodedata.category(ch) not in ("Cc", "Cf")).strip(
        " ."
    )
    if not name:
        return os.path.basename(stored_name)
    if not ext:
        return name
    stem, suffix = os.path.splitext(name)
    given = suffix.lower().lstrip(".")
    if _SAME_EXT.get(given, given) == _SAME_EXT.get(ext, ext):
        return name
    if _EXT_LIKE.match(given):
        name = stem
    return f"{name}.{ext}"


def serve_file(field_file, *, download_name: str | None = None) -> FileResponse:
    """Stream a stored file. Images inline; everything else as an attachment; never sniffed.
    The download name keeps the extension of the checked type (`safe_download_name()`)."""
    ext = os.path.splitext(field_file.name)[1].lower().lstrip(".")
    content_type = _content_type(ext)
    inline = content_type.startswith("image/")
    response = FileResponse(
        field_file.open("rb"),
        content_type=content_type,
        as_attachment=not inline,
        filename=safe_download_name(download_name, field_file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
