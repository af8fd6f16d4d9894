"""axe-core on every services page type, in Vietnamese, at 1280 px and 375 px."""

import pytest
from django.utils import timezone

from services import actions, demo
from services.models import Plan
from tests.browser.axe_check import serious_violations

pytestmark = pytest.mark.browser


class _Quiet:
    def write(self, *args, **kwargs):
        pass


def test_services_pages_have_no_serious_violations(browser, live_server, make_user):
    import uuid

    demo.load(_Quiet())
    officer = make_user("member", "union_officer", unit="Tỉnh đoàn Nghệ An")
    liaison = make_user("vnpt_liaison", unit="VNPT Nghệ An")
    request = actions.submit_request(
        plan=Plan.objects.get(code="mytv-chuan-stb-7t"), by=officer, quantity=3,
        contact_name="Lê Văn Cường", contact_phone="0912345678", idempotency_key=uuid.uuid4(),
    )  # fmt: skip
    actions.post_message(request=request, by=officer, body="Lắp tại hội trường tầng 2.")
    # Closure: the liaison's completion form, then the officer's confirmation form.
    delivered = actions.submit_request(
        plan=Plan.objects.get(code="meeting-50"), by=officer, quantity=1,
        contact_name="Lê Văn Cường", contact_phone="0912345678", idempotency_key=uuid.uuid4(),
    )  # fmt: skip
    for status in ("accepted", "in_progress"):
        actions.set_status(request=delivered, new_status=status, by=liaison)
    closing = [(liaison.email, delivered.get_absolute_url())]
    pages = [
        (None, "/services/"),
        (None, "/services/?q=truyen+hinh&device=yes"),
        (None, "/services/category/giao-duc/"),
        (None, "/services/mytv/"),
        (officer.email, "/services/mytv/request/"),
        (officer.email, "/services/requests/"),
        (officer.email, request.get_absolute_url()),
        (liaison.email, "/services/queue/"),
        (liaison.email, request.get_absolute_url()),
    ]
    failures = serious_violations(browser, live_server.url, closing, no_sideways_scroll=True)
    assert not failures, "\n".join(failures)
    actions.complete_request(
        request=delivered, by=liaison, contract_number="HĐ-2026/NA-042",
        activated_on=timezone.localdate(),
    )  # fmt: skip
    pages += [
        (officer.email, delivered.get_absolute_url()),
        (officer.email, "/services/dashboard/"),
    ]
    failures = serious_violations(browser, live_server.url, pages, no_sideways_scroll=True)
    assert not failures, "\n".join(failures)
