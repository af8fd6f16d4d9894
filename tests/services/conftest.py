import datetime

import pytest
from django.utils import timezone

from services.models import Category, Plan
from tests.factories import make_service, person


@pytest.fixture
def catalogue(org_tree):
    """A small catalogue: MyTV with unit/member plans, MyEnglish for members, an ended plan."""
    tv = Category.objects.create(name="Truyền hình và nội dung số", slug="tv")
    edu = Category.objects.create(name="Giáo dục", slug="edu")
    mytv = make_service(tv)
    english = make_service(
        edu, slug="myenglish", name="MyEnglish – Học Tiếng Anh trực tuyến", summary="Học tiếng Anh"
    )
    hidden = make_service(
        edu, slug="draft", name="Bản nháp tiếng Anh", summary="Chưa công bố", published=False
    )
    start = datetime.date(2020, 1, 1)
    common = {"valid_from": start, "for_units": True, "for_members": True, "for_officers": True}
    plans = {
        "app1": Plan.objects.create(
            service=mytv, code="app-1", name="App MyTV Chuẩn 1 tháng", tier="Chuẩn",
            term_months=1, months_paid=1, monthly_price=42_000, public_monthly_price=50_000,
            second_monthly_price=29_000, **common,
        ),
        "stb7": Plan.objects.create(
            service=mytv, code="stb-7", name="MyTV Chuẩn đầu thu 7 tháng", tier="Chuẩn",
            with_device=True, term_months=7, months_paid=6, monthly_price=55_000,
            public_monthly_price=64_000, **common,
        ),
        "vip15": Plan.objects.create(
            service=mytv, code="vip-15", name="MyTV VIP 15 tháng", tier="VIP", term_months=15,
            months_paid=12, monthly_price=120_000, valid_from=start, for_units=True,
            level_grassroots=False,
        ),
        "ended": Plan.objects.create(
            service=mytv, code="ended", name="Khuyến mại hè 2024", term_months=1, months_paid=1,
            monthly_price=30_000, valid_until=datetime.date(2024, 12, 31), **common,
        ),
        "central": Plan.objects.create(
            service=mytv, code="central", name="Gói cán bộ TW", term_months=1, months_paid=1,
            monthly_price=90_000, valid_from=start, for_central_staff=True,
            level_provincial=False, level_grassroots=False,
        ),
        "english": Plan.objects.create(
            service=english, code="en-7", name="MyEnglish 7 tháng", term_months=7, months_paid=6,
            monthly_price=90_000, public_monthly_price=129_000, valid_from=start,
            for_members=True,
        ),
        "draft": Plan.objects.create(
            service=hidden, code="draft-1", name="Nháp", monthly_price=1, valid_from=start,
            for_members=True,
        ),
    }  # fmt: skip
    assert timezone.localdate() > datetime.date(2024, 12, 31)
    return {"mytv": mytv, "english_service": english, "hidden": hidden, **plans}


nghean_officer = person("nghean_officer", "member", "union_officer", unit="Tỉnh đoàn Nghệ An")


@pytest.fixture
def submit(catalogue):
    import uuid

    from services.actions import submit_request

    def _submit(by, plan="stb7", quantity=3, **extra):
        return submit_request(
            plan=catalogue[plan] if isinstance(plan, str) else plan,
            by=by,
            quantity=quantity,
            contact_name="Lê Văn Cường",
            contact_phone="0912345678",
            address="Số 1 Trường Thi, Vinh",
            idempotency_key=extra.pop("idempotency_key", uuid.uuid4()),
            **extra,
        )

    return _submit
