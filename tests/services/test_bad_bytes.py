"""A form body that is not UTF-8 is refused with a clear Vietnamese page, never stored."""

from django.test import Client

from tests.services.steps import post_attachment


def test_latin1_message_body_is_refused_not_stored(catalogue, nghean_officer, submit):
    request = submit(nghean_officer)
    client = Client()
    client.force_login(nghean_officer)
    url = f"/services/request/{request.reference}/message/"
    # "Xin chào cá nhân" sent raw in latin-1 (as a misconfigured client would): not UTF-8.
    raw = "body=Xin chào cá nhân".encode("latin-1")
    response = client.generic("POST", url, raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    page = response.content.decode()
    assert "UTF-8" in page
    assert "Không đọc được nội dung đã gửi" in page
    assert request.messages.count() == 0

    # The same text percent-encoded from latin-1 bytes: refused too.
    response = client.generic(
        "POST", url, b"body=Xin+ch%E0o", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert request.messages.count() == 0

    # Proper UTF-8 goes through and is stored as typed.
    body = "body=Xin chào các bạn".encode()
    response = client.generic("POST", url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert request.messages.get().body == "Xin chào các bạn"


def test_latin1_multipart_field_is_refused(catalogue, nghean_officer, submit):
    request = submit(nghean_officer)
    client = Client()
    client.force_login(nghean_officer)
    boundary = "XyZ"
    raw = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\n'.encode()
        + "Xin chào cá nhân".encode("latin-1")
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.generic(
        "POST",
        f"/services/request/{request.reference}/message/",
        raw,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400
    assert request.messages.count() == 0


def test_multipart_with_an_upload_and_a_typed_replacement_character_is_accepted(
    catalogue, nghean_officer, submit
):
    """Only bytes that are not UTF-8 are refused: a "\ufffd" really typed is valid text, and
    the file's binary content is not text at all."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = submit(nghean_officer)
    pdf = SimpleUploadedFile(
        "bao-gia.pdf", b"%PDF-1.4\n\xff\xfe\x00binary\n%%EOF", "application/pdf"
    )
    message = post_attachment(Client(), nghean_officer, request, "Ký tự \ufffd lạ", pdf)
    assert message.body == "Ký tự \ufffd lạ"
    assert message.attachment.read().startswith(b"%PDF-1.4\n\xff\xfe")
