"""Keyboard only: sign in, request a service and submit an idea without touching the mouse.

Every step moves focus with Tab (never by clicking or by focusing an element from script),
types, and activates buttons with Enter, as a person who cannot use a pointer does.
"""

import re

import pytest

from ideas.models import Field, Idea
from services import demo as services_demo
from services.models import ServiceRequest
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


class _Quiet:
    def write(self, *args, **kwargs):
        pass


def focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName.toLowerCase(), id: e.id || '', name: e.getAttribute('name') || '',"
        " text: (e.innerText || e.value || '').trim(), visible: !!(e.offsetWidth || e.offsetHeight)}; }"
    )


def tab_to(page, *, id=None, name=None, text=None, limit=80):
    """Press Tab until the wanted element has focus; fail if it is not reachable."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        el = focused(page)
        if (
            (id is None or el["id"] == id)
            and (name is None or el["name"] == name)
            and (text is None or re.search(text, el["text"]))
        ):
            assert el["visible"], f"focus reached an invisible element {el}"
            return el
    raise AssertionError(f"could not reach id={id} name={name} text={text} with Tab")


def test_sign_in_request_a_service_and_submit_an_idea_by_keyboard(page, make_user):
    services_demo.load(_Quiet())
    Field.objects.get_or_create(slug="nong-nghiep", defaults={"name": "Nông nghiệp"})
    officer = make_user("member", "union_officer", unit="Tỉnh đoàn Nghệ An")

    # Sign in: the skip link comes first, then the form is reachable by Tab alone.
    page.goto("/account/login/")
    assert tab_to(page, limit=1)["text"].startswith("Chuyển đến nội dung")  # skip link
    tab_to(page, id="id_login")
    page.keyboard.type(officer.email)
    tab_to(page, id="id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/me/$"))

    # A service request: from the catalogue to the form and back, by keyboard.
    page.goto("/services/mytv/request/")
    tab_to(page, id="id_quantity")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    tab_to(page, id="id_address")
    page.keyboard.type("Số 1 Trường Thi, TP. Vinh")
    tab_to(page, text="Gửi yêu cầu")
    page.keyboard.press("Enter")
    page.get_by_text("đã được gửi tới VNPT Nghệ An").wait_for()
    assert ServiceRequest.objects.get(requester=officer).quantity == 2

    # An idea: fill the form by keyboard, choose the field with the arrow keys, submit.
    page.goto("/ideas/new/")
    tab_to(page, id="id_title")
    page.keyboard.type("Cảm biến độ ẩm đất cho vườn rau thanh niên")
    tab_to(page, id="id_summary")
    page.keyboard.type("Cảm biến rẻ báo giờ tưới qua tin nhắn cho các hộ trồng rau.")
    for field_id, text in [
        ("id_problem", "Rau thiếu nước vào mùa khô, người trồng tưới theo cảm tính."),
        ("id_solution", "Một cảm biến độ ẩm và mạch gửi tin nhắn khi đất khô."),
        ("id_impact", "Tiết kiệm một phần ba lượng nước tưới."),
    ]:
        tab_to(page, id=field_id)
        page.keyboard.type(text)
    tab_to(page, id="id_field")
    page.keyboard.press("ArrowDown")
    tab_to(page, id="id_consent_to_publish")
    page.keyboard.press("Space")
    tab_to(page, text="Tiếp tục để gửi")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ideas/\d+/submit/$"))
    tab_to(page, text="Xác nhận gửi")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    idea = Idea.objects.get(author=officer)
    assert idea.status == "submitted"
    assert idea.title == "Cảm biến độ ẩm đất cho vườn rau thanh niên"
