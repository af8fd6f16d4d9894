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
    context = client.get(request.get_absolute_url()).context
    # Cancelling has its own section with a confirmation, not a button among the moves.
    assert [code for code, _label in context["moves"]] == [] and context["may_cancel"]
    client.force_login(nghean_liaison)
    context = client.get(request.get_absolute_url()).context
    moves = [code for code, _label in context["moves"]]
    assert moves == [Status.NEEDS_INFO, Status.ACCEPTED, Status.REJECTED]
    assert not context["may_cancel"]


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


def test_home_panel_counters_agree_with_the_lists_they_link_to(
    client, catalogue, nghean_officer, nghean_liaison, submit
):
    import datetime
    import re

    from services.models import ServiceRequest

    still_open = submit(nghean_officer)
    late = submit(nghean_officer)
    done = submit(nghean_officer)
    ServiceRequest.objects.filter(pk=done.pk).update(status=Status.CANCELLED)
    ServiceRequest.objects.filter(pk=late.pk).update(
        first_response_due=datetime.date(2020, 1, 6), first_response_at=None
    )
    for person, panel in [
        (nghean_liaison, r"(\d+) yêu cầu đang mở trong hàng đợi VNPT"),
        (nghean_officer, r"(\d+) yêu cầu đang mở của bạn hoặc đơn vị"),
    ]:
        client.force_login(person)
        body = client.get("/").content.decode()
        shown = int(re.search(panel, body).group(1))
        assert shown == 2
        link = re.search(r'href="(/services/(?:queue|requests)/\?status=open)"', body).group(1)
        listed = client.get(link)
        rows = [r.reference for r in listed.context["page_obj"].object_list]
        assert len(rows) == shown and done.reference not in rows
        assert still_open.reference in rows
    client.force_login(nghean_liaison)
    body = client.get("/").content.decode()
    overdue = re.search(r'href="(/services/queue/\?overdue=on)"[^>]*>(\d+) ', body)
    assert overdue and int(overdue.group(2)) == 1
    listed = client.get(overdue.group(1))
    assert [r.reference for r in listed.context["page_obj"].object_list] == [late.reference]
