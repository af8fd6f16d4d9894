"""A message attachment downloads under its name with the extension of its checked type."""

from django.core.files.uploadedfile import SimpleUploadedFile


def test_message_attachment_download_name(client, catalogue, nghean_officer, submit):
    request = submit(nghean_officer)
    client.force_login(nghean_officer)
    pdf = SimpleUploadedFile("hop-dong.FDP.exe", b"%PDF-1.4\n%%EOF", "application/x-msdownload")
    response = client.post(
        f"/services/request/{request.reference}/message/", {"body": "Hợp đồng", "attachment": pdf}
    )
    assert response.status_code == 302
    message = request.messages.get()
    download = client.get(f"/services/request/{request.reference}/message/{message.pk}/attachment/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="hop-dong.FDP.pdf"'
