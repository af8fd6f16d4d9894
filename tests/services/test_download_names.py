"""A message attachment downloads under its name with the extension of its checked type."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.services.steps import attachment_url, post_attachment


def test_message_attachment_download_name(client, catalogue, nghean_officer, submit):
    request = submit(nghean_officer)
    pdf = SimpleUploadedFile("hop-dong.FDP.exe", b"%PDF-1.4\n%%EOF", "application/x-msdownload")
    message = post_attachment(client, nghean_officer, request, "Hợp đồng", pdf)
    download = client.get(attachment_url(message))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="hop-dong.FDP.pdf"'
