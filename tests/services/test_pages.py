import pytest

from services.models import Status

pytestmark = pytest.mark.django_db


def test_home_panel_for_visitors_lists_services(client, catalogue):
    body = client.get("/").content.decode()
    assert "Dịch vụ VNPT" in body
    assert "Truyền hình MyTV" in body


def test_home_panel_and_nav_for_a_liaison(
    client, catalogue, nghean_officer, nghean_liaison, submit
):
    submit(nghean_officer)
    client.force_login(nghean_liaison)
    body = client.get("/").content.decode()
    assert "1 yêu cầu đang mở trong hàng đợi VNPT của bạn" in body
    assert 'href="/services/queue/"' in body


def test_nav_for_an_officer(client, catalogue, nghean_officer):
    client.force_login(nghean_officer)
    body = client.get("/services/").content.decode()
    assert "Yêu cầu của đơn vị" in body
    assert 'href="/services/requests/"' in body


def test_empty_message_is_refused_and_a_file_alone_is_enough(
    client, catalogue, nghean_officer, submit
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = submit(nghean_officer)
    client.force_login(nghean_officer)
    url = f"/services/request/{request.reference}/message/"
    response = client.post(url, {"body": "   "})
    assert response.status_code == 400
    assert "body" in response.context["message_form"].errors
    pdf = SimpleUploadedFile("ds.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")
    assert client.post(url, {"body": "", "attachment": pdf}).status_code == 302
    assert request.messages.count() == 1


def test_request_page_offers_only_allowed_moves(
    client, catalogue, nghean_officer, nghean_liaison, submit
):
    request = submit(nghean_officer)
    client.force_login(nghean_officer)
    moves = [code for code, _label in client.get(request.get_absolute_url()).context["moves"]]
    assert moves == [Status.CANCELLED]
    client.force_login(nghean_liaison)
    moves = [code for code, _label in client.get(request.get_absolute_url()).context["moves"]]
    assert moves == [Status.NEEDS_INFO, Status.ACCEPTED, Status.REJECTED]


def test_queue_query_count_does_not_grow_with_rows(
    client, catalogue, nghean_officer, nghean_liaison, submit, django_assert_max_num_queries
):
    for _ in range(15):
        submit(nghean_officer, quantity=1)
    client.force_login(nghean_liaison)
    with django_assert_max_num_queries(14):
        assert client.get("/services/queue/").status_code == 200


def test_catalogue_and_service_page_query_counts_are_bounded(
    client, catalogue, member, django_assert_max_num_queries
):
    client.force_login(member)
    with django_assert_max_num_queries(14):
        assert client.get("/services/", {"q": "mytv", "term": "7"}).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/services/mytv/").status_code == 200
