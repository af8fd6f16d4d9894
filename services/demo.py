"""Demo catalogue and requests: what the 2019 agreement names, priced like VNPT's lists.

Idempotent: categories, services and plans are looked up by slug/code, requests by a fixed
reference. Runs in well under a second.
"""

import datetime
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partnership.accounts.models import User
from partnership.accounts.roles import LIAISON, MEMBER, OFFICER
from partnership.organisations import provinces
from partnership.organisations.demo import unit
from partnership.organisations.selectors import serving_vnpt_unit
from partnership.text import fold

from . import demand
from .models import (
    Category,
    Plan,
    Promotion,
    Service,
    ServiceRequest,
    Status,
    StatusChange,
    WorkdayChange,
)
from .pricing import quote
from .workdays import add_working_days

CATEGORIES = [
    ("vien-thong-internet", "Viễn thông và Internet", "Cáp quang, di động, gói cước ưu đãi."),
    ("phan-mem-van-phong", "Phần mềm văn phòng", "Quản lý văn bản, quản lý đoàn viên."),
    ("giao-duc", "Giáo dục", "Học tiếng Anh trực tuyến cho đoàn viên và thiếu nhi."),
    ("thanh-toan", "Thanh toán", "Thanh toán không dùng tiền mặt với VNPT Pay."),
    ("truyen-hinh-noi-dung-so", "Truyền hình và nội dung số", "Truyền hình MyTV và gói tích hợp."),
    ("gia-tri-gia-tang-cntt", "Giá trị gia tăng và CNTT", "Hội nghị trực tuyến, cuộc thi trực tuyến, chữ ký số."),
]  # fmt: skip

ALL = {"for_members": True, "for_officers": True, "for_units": True}
UNITS = {"for_units": True}
MEMBERS = {"for_members": True, "for_officers": True}
CENTRAL = {"level_central": True, "level_provincial": False, "level_grassroots": False}

SERVICES = [
    {
        "slug": "mytv",
        "category": "truyen-hinh-noi-dung-so",
        "provider": "VNPT Media",
        "name": "Truyền hình MyTV",
        "summary": "Truyền hình số MyTV: hơn 200 kênh, kho phim và thể thao, xem trên TV, điện thoại và máy tính.",
        "description": "Ba hạng gói Chuẩn, Nâng cao và VIP; xem qua ứng dụng App MyTV hoặc đầu thu (set-top box). "
        "Đăng ký 7 tháng chỉ trả 6, đăng ký 15 tháng chỉ trả 12. Thuê bao thứ hai cùng đơn vị được giá ưu đãi.",
        "url": "https://mytv.com.vn",
    },
    {
        "slug": "vnpt-ioffice-trung-uong-doan",
        "category": "phan-mem-van-phong",
        "provider": "VNPT-IT",
        "name": "Phần mềm quản lý văn bản điện tử VNPT iOffice",
        "summary": "Quản lý văn bản và điều hành điện tử cho cơ quan Trung ương Đoàn và các đơn vị trực thuộc.",
        "description": "Văn bản đến, văn bản đi, trình ký số, giao việc và theo dõi tiến độ; kết nối trục liên thông văn bản quốc gia.",
        "url": "https://vnptioffice.vn",
    },
    {
        "slug": "phan-mem-quan-ly-doan-vien",
        "category": "phan-mem-van-phong",
        "provider": "VNPT-IT",
        "name": "Phần mềm quản lý đoàn viên",
        "summary": "Quản lý đoàn viên, tổ chức đoàn và đoàn phí thống nhất toàn quốc.",
        "description": "Hồ sơ đoàn viên, chuyển sinh hoạt, đánh giá xếp loại, thu đoàn phí qua VNPT Pay, báo cáo theo cấp.",
        "url": "https://vnpt.com.vn",
    },
    {
        "slug": "myenglish",
        "category": "giao-duc",
        "provider": "VNPT Media",
        "name": "MyEnglish – Học tiếng Anh trực tuyến",
        "summary": "Học tiếng Anh giao tiếp trực tuyến với giáo viên bản ngữ, dành cho đoàn viên thanh niên.",
        "description": "Lộ trình theo trình độ, luyện phát âm với trí tuệ nhân tạo, lớp trực tuyến buổi tối.",
        "url": "https://myenglish.vn",
    },
    {
        "slug": "kidenglish",
        "category": "giao-duc",
        "provider": "VNPT Media",
        "name": "KidEnglish – Tiếng Anh cho trẻ em",
        "summary": "Tiếng Anh cho thiếu nhi từ 4 đến 12 tuổi qua bài hát, trò chơi và truyện tranh.",
        "description": "Phù hợp cho con em đoàn viên và các hoạt động của Đội Thiếu niên Tiền phong Hồ Chí Minh.",
        "url": "https://kidenglish.vn",
    },
    {
        "slug": "vnpt-pay",
        "category": "thanh-toan",
        "provider": "VNPT VinaPhone",
        "name": "Ví điện tử VNPT Pay",
        "summary": "Thanh toán không dùng tiền mặt: đoàn phí, hóa đơn, học phí, ủng hộ hoạt động tình nguyện.",
        "description": "Mở ví miễn phí; khuyến mại riêng cho đoàn viên khi nộp đoàn phí và thanh toán dịch vụ VNPT.",
        "url": "https://vnptpay.vn",
    },
    {
        "slug": "internet-cap-quang-home",
        "category": "vien-thong-internet",
        "provider": "VNPT VinaPhone",
        "name": "Internet cáp quang VNPT Home",
        "summary": "Internet cáp quang tốc độ cao cho gia đình đoàn viên và trụ sở đoàn cơ sở.",
        "description": "Miễn phí lắp đặt, tặng modem Wi-Fi 6; trả trước 7 tháng chỉ trả 6, 15 tháng chỉ trả 12.",
        "url": "https://vnpt.com.vn/internet",
    },
    {
        "slug": "goi-cuoc-uu-dai-can-bo-trung-uong-doan",
        "category": "vien-thong-internet",
        "provider": "VNPT VinaPhone",
        "name": "Gói cước ưu đãi cán bộ Trung ương Đoàn",
        "summary": "Gói di động VinaPhone ưu đãi riêng cho cán bộ cơ quan Trung ương Đoàn và các đơn vị trực thuộc.",
        "description": "Miễn phí gọi nội mạng, data tốc độ cao hằng ngày, gọi nhóm trong cơ quan.",
        "url": "https://vinaphone.com.vn",
    },
    {
        "slug": "hoi-nghi-truyen-hinh-vnpt-meeting",
        "category": "gia-tri-gia-tang-cntt",
        "provider": "VNPT-IT",
        "name": "Hội nghị truyền hình trực tuyến VNPT Meeting",
        "summary": "Họp và tập huấn trực tuyến giữa Trung ương Đoàn và các tỉnh, thành đoàn.",
        "description": "Đến 500 điểm cầu, ghi hình, chia sẻ màn hình; hỗ trợ kỹ thuật tại chỗ cho hội nghị lớn.",
        "url": "https://meet.vnpt.vn",
    },
    {
        "slug": "nen-tang-cuoc-thi-truc-tuyen",
        "category": "gia-tri-gia-tang-cntt",
        "provider": "VNPT-IT",
        "name": "Nền tảng cuộc thi trực tuyến",
        "summary": "Tổ chức cuộc thi tìm hiểu, thi sáng tạo trực tuyến cho đoàn viên thanh niên.",
        "description": "Ngân hàng câu hỏi, chống gian lận, xếp hạng theo đơn vị, chịu tải hàng trăm nghìn lượt thi.",
        "url": "https://vnpt.com.vn",
    },
    {
        "slug": "chu-ky-so-vnpt-ca",
        "category": "gia-tri-gia-tang-cntt",
        "provider": "VNPT-IT",
        "name": "Chữ ký số VNPT-CA",
        "summary": "Chứng thư số cho tổ chức và cá nhân ký văn bản điện tử.",
        "description": "Dùng với phần mềm quản lý văn bản, kê khai thuế, bảo hiểm xã hội.",
        "url": "https://vnpt-ca.vn",
    },
]  # fmt: skip

START = datetime.date(2019, 9, 1)


# (months, months paid): the usual terms of VNPT's lists.
TERMS = [(1, 1), (7, 6), (15, 12)]


def _by_term(code: str, name: str, **fields) -> list[dict]:
    """The plan for each of TERMS; its code and name end in its months."""
    return [
        dict(
            code=f"{code}-{term}t",
            name=f"{name} {term} tháng",
            term_months=term,
            months_paid=paid,
            **fields,
        )
        for term, paid in TERMS
    ]


def _mytv_plans():
    # (tier, app price, box price) per month before VAT; the public list is about 15% higher.
    tiers = [("Chuẩn", 42_000, 55_000), ("Nâng cao", 60_000, 75_000), ("VIP", 120_000, 135_000)]
    plans = []
    for t_index, (tier, app_price, box_price) in enumerate(tiers):
        for device, price in [(False, app_price), (True, box_price)]:
            plans += _by_term(
                f"mytv-{fold_slug(tier)}-{'stb' if device else 'app'}",
                f"{'MyTV' if device else 'App MyTV'} {tier}",
                tier=tier,
                with_device=device,
                monthly_price=price,
                second_monthly_price=price * 7 // 10 // 1000 * 1000,
                public_monthly_price=(price * 115 // 100 + 999) // 1000 * 1000,
                position=t_index,
                **ALL,
            )
    # Seven months for the price of five: sold until the end of 2024 (kept for the history of
    # the requests that took it), and the offer of the Youth Month 2026.
    offers = [
        ("mytv-chuan-app-khuyen-mai-2024", "App MyTV Chuẩn – khuyến mại hè 2024", "Chuẩn",
         42_000, 50_000, START, datetime.date(2024, 12, 31)),
        ("mytv-nang-cao-thang-thanh-nien-2026", "MyTV Nâng cao – ưu đãi Tháng Thanh niên 2026",
         "Nâng cao", 60_000, 69_000, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
    ]  # fmt: skip
    for code, name, tier, price, public_price, valid_from, valid_until in offers:
        plans.append(
            dict(
                code=code,
                name=name,
                tier=tier,
                term_months=7,
                months_paid=5,
                monthly_price=price,
                public_monthly_price=public_price,
                valid_from=valid_from,
                valid_until=valid_until,
                position=9,
                **ALL,
            )
        )
    return plans


def fold_slug(text):
    from django.utils.text import slugify

    from partnership.text import fold

    return slugify(fold(text))


PLANS = {
    "mytv": _mytv_plans(),
    "vnpt-ioffice-trung-uong-doan": [
        dict(code="ioffice-tw-12t", name="iOffice cơ quan Trung ương Đoàn – 12 tháng", tier="Cơ quan",
             term_months=12, months_paid=12, monthly_price=4_500_000, public_monthly_price=6_000_000,
             **UNITS, **CENTRAL),
        dict(code="ioffice-donvi-12t", name="iOffice đơn vị trực thuộc – 12 tháng", tier="Đơn vị",
             term_months=12, months_paid=10, monthly_price=1_200_000, public_monthly_price=1_800_000,
             **UNITS, **CENTRAL),
    ],
    "phan-mem-quan-ly-doan-vien": [
        dict(code="qldv-tinh-12t", name="Gói cấp tỉnh – 12 tháng", tier="Cấp tỉnh", term_months=12,
             months_paid=12, monthly_price=2_000_000, public_monthly_price=2_500_000,
             level_central=True, level_provincial=True, level_grassroots=False, **UNITS),
        dict(code="qldv-coso-12t", name="Gói cơ sở – 12 tháng", tier="Cơ sở", term_months=12,
             months_paid=12, monthly_price=150_000, public_monthly_price=250_000, **UNITS),
    ],
    "myenglish": [
        *_by_term("myenglish", "MyEnglish", monthly_price=90_000, public_monthly_price=129_000,
                  **MEMBERS),
        dict(code="myenglish-lop-doan", name="MyEnglish cho chi đoàn (tối thiểu 20 tài khoản)",
             term_months=7, months_paid=6, monthly_price=70_000, public_monthly_price=129_000,
             min_quantity=20, **UNITS),
    ],
    "kidenglish": _by_term("kidenglish", "KidEnglish", monthly_price=45_000,
                           public_monthly_price=59_000, **MEMBERS),
    "vnpt-pay": [
        dict(code="vnptpay-vi-doan-vien", name="Ví VNPT Pay cho đoàn viên", term_months=1,
             months_paid=1, monthly_price=0, vat_rate=0, **MEMBERS),
        dict(code="vnptpay-thu-doan-phi", name="Thu đoàn phí qua VNPT Pay (đơn vị)", term_months=12,
             months_paid=12, monthly_price=0, vat_rate=0, **UNITS),
    ],
    "internet-cap-quang-home": [
        *_by_term("home1", "Home 1 (300 Mbps)", tier="Home 1", with_device=True,
                  monthly_price=165_000, second_monthly_price=140_000, public_monthly_price=180_000,
                  **ALL),
        dict(code="home-mytv-7t", name="Home TV (Internet 300 Mbps + MyTV Nâng cao) 7 tháng",
             tier="Home TV", with_device=True, term_months=7, months_paid=6, monthly_price=215_000,
             public_monthly_price=249_000, **ALL),
    ],
    "goi-cuoc-uu-dai-can-bo-trung-uong-doan": [
        dict(code="twd-99", name="TWĐ99 – 3 GB/ngày, miễn phí nội mạng", term_months=1,
             months_paid=1, monthly_price=90_000, public_monthly_price=120_000,
             for_central_staff=True, **CENTRAL),
        dict(code="twd-99-15t", name="TWĐ99 trả trước 15 tháng", term_months=15, months_paid=12,
             monthly_price=90_000, public_monthly_price=120_000, for_central_staff=True, **CENTRAL),
    ],
    "hoi-nghi-truyen-hinh-vnpt-meeting": [
        dict(code="meeting-50", name="VNPT Meeting 50 điểm cầu – 12 tháng", term_months=12,
             months_paid=12, monthly_price=1_500_000, public_monthly_price=2_200_000, **UNITS),
        dict(code="meeting-500", name="VNPT Meeting 500 điểm cầu – 12 tháng", term_months=12,
             months_paid=12, monthly_price=6_000_000, public_monthly_price=8_500_000,
             level_central=True, level_provincial=True, level_grassroots=False, **UNITS),
    ],
    "nen-tang-cuoc-thi-truc-tuyen": [
        dict(code="cuocthi-1", name="Một cuộc thi (đến 100.000 lượt)", term_months=1,
             months_paid=1, monthly_price=8_000_000, public_monthly_price=12_000_000, **UNITS),
    ],
    "chu-ky-so-vnpt-ca": [
        dict(code="ca-to-chuc-12t", name="Chứng thư số tổ chức – 12 tháng", term_months=12,
             months_paid=12, monthly_price=150_000, public_monthly_price=190_000, **UNITS),
        dict(code="ca-ca-nhan-12t", name="Chứng thư số cá nhân – 12 tháng", term_months=12,
             months_paid=12, monthly_price=60_000, public_monthly_price=80_000, **MEMBERS),
    ],
}  # fmt: skip

PROMOTIONS = [
    ("vnpt-pay", "Hoàn 20% đoàn phí nộp qua VNPT Pay", "Tối đa 20.000 ₫ mỗi đoàn viên mỗi quý.",
     datetime.date(2025, 7, 1), datetime.date(2026, 12, 31)),
    ("vnpt-pay", "Tháng Thanh niên không tiền mặt", "Giảm 50% phí thanh toán dịch vụ VNPT trong tháng 3.",
     datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
    ("mytv", "Mùa hè xanh: tặng 1 tháng MyTV Nâng cao", "Cho đơn vị đăng ký từ 5 thuê bao trở lên.",
     datetime.date(2026, 6, 1), datetime.date(2026, 8, 31)),
]  # fmt: skip

EXTRA_OFFICERS = [
    ("officer.danang@doan-vnpt.test", "Trương Văn Phong", "Thành đoàn Đà Nẵng"),
    ("officer.hcm@doan-vnpt.test", "Nguyễn Thị Hồng", "Thành đoàn TP. Hồ Chí Minh"),
]

# (reference, requester e-mail, plan code, quantity, path of statuses, days ago)
REQUESTS = [
    ("YC-DEMO01", "officer.nghean@doan-vnpt.test", "mytv-chuan-stb-7t", 12, [], 1),
    ("YC-DEMO02", "officer.nghean@doan-vnpt.test", "meeting-50", 1, ["accepted"], 6),
    ("YC-DEMO03", "officer.nghean@doan-vnpt.test", "qldv-tinh-12t", 1, ["needs_info"], 4),
    ("YC-DEMO04", "member.nghean@doan-vnpt.test", "myenglish-7t", 1, ["accepted", "in_progress"], 12),
    ("YC-DEMO05", "officer.hanoi@doan-vnpt.test", "home1-15t", 20,
     ["accepted", "in_progress", "completed", "confirmed"], 40),
    ("YC-DEMO06", "officer.hanoi@doan-vnpt.test", "cuocthi-1", 1, ["rejected"], 30),
    ("YC-DEMO07", "member@doan-vnpt.test", "kidenglish-15t", 1, ["cancelled"], 20),
    ("YC-DEMO08", "officer.hanoi@doan-vnpt.test", "mytv-nang-cao-app-15t", 30,
     ["accepted", "in_progress", "completed", "confirmed", "closed"], 120),
    ("YC-DEMO09", "officer.danang@doan-vnpt.test", "ca-to-chuc-12t", 5,
     ["accepted", "in_progress", "failed"], 25),
    ("YC-DEMO10", "officer.danang@doan-vnpt.test", "mytv-vip-stb-1t", 3, [], 9),
    ("YC-DEMO11", "officer.hcm@doan-vnpt.test", "meeting-500", 1,
     ["accepted", "in_progress", "completed", "confirmed"], 60),
    ("YC-DEMO12", "officer.tw@doan-vnpt.test", "ioffice-tw-12t", 1,
     ["accepted", "in_progress", "completed", "confirmed"], 200),
    ("YC-DEMO13", "officer.tw@doan-vnpt.test", "twd-99-15t", 45, ["accepted", "in_progress"], 15),
    ("YC-DEMO14", "officer.hcm@doan-vnpt.test", "myenglish-lop-doan", 40, ["needs_info", "submitted"], 5),
    # 2 × App MyTV Chuẩn 7 tháng: 277.200 ₫ + 191.400 ₫ (second-subscription price) = 468.600 ₫
    ("YC-DEMO15", "officer.nghean@doan-vnpt.test", "mytv-chuan-app-7t", 2, [], 0),
    # Closure: completed and waiting for the requesting unit to confirm (or reopen) it...
    ("YC-DEMO16", "officer.nghean@doan-vnpt.test", "meeting-50", 1,
     ["accepted", "in_progress", "completed"], 5),
    ("YC-DEMO17", "officer.danang@doan-vnpt.test", "mytv-chuan-stb-7t", 4,
     ["accepted", "in_progress", "completed"], 4),
    # ...confirmed with a rating, and reopened because it did not work.
    ("YC-DEMO18", "officer.nghean@doan-vnpt.test", "qldv-tinh-12t", 1,
     ["accepted", "in_progress", "completed", "confirmed"], 30),
    ("YC-DEMO19", "officer.danang@doan-vnpt.test", "meeting-50", 1,
     ["accepted", "in_progress", "completed", "confirmed"], 50),
    ("YC-DEMO20", "officer.nghean@doan-vnpt.test", "home1-15t", 10,
     ["accepted", "in_progress", "completed", "in_progress"], 8),
]  # fmt: skip

# The requester's answer to a completion: (rating, comment); no entry: nobody answered in
# time and the portal confirmed it (SERVICE_CONFIRMATION_WORKING_DAYS later).
CONFIRMATIONS = {
    "YC-DEMO05": (5, "Lắp đặt nhanh, đường truyền ổn định cho cả 20 điểm."),
    "YC-DEMO08": (4, "Dịch vụ tốt; kênh hướng dẫn sử dụng cho đoàn viên còn ít."),
    "YC-DEMO12": (3, "Triển khai đúng hẹn nhưng phải hỗ trợ cài đặt lại hai lần."),
    "YC-DEMO18": (5, ""),
    "YC-DEMO19": (2, "Chất lượng hình ảnh điểm cầu huyện chưa ổn định."),
}
REOPEN_REASON = "Hai trong mười điểm lắp đặt chưa có tín hiệu; đề nghị kiểm tra lại."

COMMENTS = {
    "needs_info": "Đề nghị đơn vị bổ sung địa chỉ lắp đặt và đầu mối kỹ thuật.",
    "rejected": "Đơn vị đã có hợp đồng còn hiệu lực cho dịch vụ này.",
    "failed": "Chưa hoàn tất xác thực hồ sơ tổ chức; đề nghị gửi lại yêu cầu.",
}


def _officers():
    from partnership.accounts.demo import demo_account, demo_password

    password = demo_password()
    for email, name, unit_name in EXTRA_OFFICERS:
        demo_account(email, name, unit_name, [MEMBER, OFFICER], password)


@transaction.atomic
def load(stdout):
    categories = {}
    for position, (slug, name, description) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    created_services = created_plans = 0
    services = {}
    for index, data in enumerate(SERVICES):
        service = Service.objects.filter(slug=data["slug"]).first()
        if service is None:
            service = Service.objects.create(
                slug=data["slug"],
                category=categories[data["category"]],
                provider=unit(data["provider"]),
                name=data["name"],
                summary=data["summary"],
                description=data["description"],
                official_url=data["url"],
                published=True,
                created_at=timezone.now() - datetime.timedelta(days=len(SERVICES) - index),
            )
            created_services += 1
        services[data["slug"]] = service
    existing = set(Plan.objects.values_list("code", flat=True))
    new_plans = []
    for slug, plans in PLANS.items():
        for position, fields in enumerate(plans):
            if fields["code"] in existing:
                continue
            new_plans.append(
                Plan(
                    service=services[slug], **{"valid_from": START, "position": position, **fields}
                )
            )
    Plan.objects.bulk_create(new_plans)
    created_plans = len(new_plans)
    for slug, title, description, start, end in PROMOTIONS:
        Promotion.objects.get_or_create(
            service=services[slug],
            title=title,
            defaults={"description": description, "starts_on": start, "ends_on": end},
        )
    _officers()
    _workday_changes()
    created_requests = _requests()
    stdout.write(
        f"  services: {len(SERVICES)} services ({created_services} new), "
        f"{created_plans} new plans, {created_requests} new requests"
    )


# What the government announces on top of the public holidays (an example to replace with
# the real announcement): the Thursday after Tết 2027 off, made up on a Saturday.
WORKDAY_CHANGES = [
    (datetime.date(2027, 2, 11), WorkdayChange.Kind.DAY_OFF,
     "Ví dụ: nghỉ thêm thứ Năm 11/02/2027 sau Tết Đinh Mùi (thay bằng thông báo chính thức)"),
    (datetime.date(2027, 2, 20), WorkdayChange.Kind.WORKING_DAY,
     "Ví dụ: thứ Bảy 20/02/2027 làm bù cho ngày 11/02/2027 (thay bằng thông báo chính thức)"),
]  # fmt: skip


def _workday_changes() -> None:
    for day, kind, reason in WORKDAY_CHANGES:
        WorkdayChange.objects.get_or_create(day=day, defaults={"kind": kind, "reason": reason})


# Requests of 2020–2022, made under provinces merged away on 1 July 2025 (as they were then):
# they keep naming the former union unit and VNPT branch, and roll up to the successor today.
# (reference, former province, requester's name, plan code, quantity, statuses, submitted on)
FORMER_REQUESTS = [
    ("YC-2020-HG01", "Hà Giang", "Lò Văn Sềnh", "home1-15t", 8,
     ["accepted", "in_progress", "completed", "confirmed", "closed"], datetime.date(2020, 10, 12)),
    ("YC-2021-QB01", "Quảng Bình", "Trần Thị Ngọc", "meeting-50", 1,
     ["accepted", "in_progress", "completed", "confirmed", "closed"], datetime.date(2021, 3, 22)),
    ("YC-2022-BK01", "Bắc Kạn", "Hoàng Văn Thái", "myenglish-7t", 25,
     ["accepted", "in_progress", "completed", "confirmed", "closed"], datetime.date(2022, 5, 9)),
]  # fmt: skip


def _former_requester(province: str, name: str) -> User:
    """A person of a former province's union (no password: history, not an account to use)."""
    email = f"officer.{fold(province).replace(' ', '')}.2020@doan-vnpt.test"
    found = User.objects.filter(email=email).first()
    former = unit(provinces.union_unit_name(province))
    return found or User.objects.create_user(email, None, full_name=name, unit=former)


def _complete(request: ServiceRequest, ref: str, moment: datetime.datetime) -> str:
    """What actions.complete_request records: what was delivered, the confirmation day."""
    request.completed_at = moment
    request.contract_number = f"HĐ-{moment:%Y}/{ref[-2:]}"
    request.activated_on = timezone.localdate(moment)
    request.confirmation_due = add_working_days(
        request.activated_on, settings.SERVICE_CONFIRMATION_WORKING_DAYS
    )
    return (
        f"Số hợp đồng hoặc thuê bao {request.contract_number}, "
        f"kích hoạt ngày {request.activated_on:%d/%m/%Y}."
    )


def _closure(request, ref, requester, new, moment):
    """The requester's answer to a completion (actions.confirm_request / reopen_request), or
    the portal's confirmation once the confirmation day passed: (by, at, history text)."""
    if new == Status.IN_PROGRESS:
        request.completed_at = request.confirmation_due = None
        return requester, moment, REOPEN_REASON
    rating, comment = CONFIRMATIONS.get(ref, (None, ""))
    if rating is None:
        due = request.confirmation_due
        moment = timezone.make_aware(datetime.datetime.combine(due, datetime.time(1)))
        moment += datetime.timedelta(days=1)
        request.confirmed_at, request.auto_confirmed = moment, True
        days = settings.SERVICE_CONFIRMATION_WORKING_DAYS
        return (
            None,
            moment,
            (f"Cổng xác nhận: không được xác nhận hoặc mở lại trong {days} ngày làm việc."),
        )
    request.confirmed_at, request.rating, request.rating_comment = moment, rating, comment
    return requester, moment, f"Mức hài lòng: {rating}/5. {comment}".strip()


def _requests() -> int:
    done = set(
        ServiceRequest.objects.filter(reference__startswith="YC-").values_list(
            "reference", flat=True
        )
    )
    users = {
        u.email: u
        for u in User.objects.select_related("unit").filter(email__endswith="@doan-vnpt.test")
    }
    plans = {p.code: p for p in Plan.objects.select_related("service")}
    count = 0
    for ref, email, code, quantity, path, days_ago in REQUESTS:
        if ref in done or email not in users:
            continue
        requester = users[email]
        vnpt_unit = serving_vnpt_unit(requester.unit)
        liaison = User.objects.filter(unit=vnpt_unit, groups__name=LIAISON).first() or users.get(
            "vnpt.hq@doan-vnpt.test"
        )
        at = timezone.now() - datetime.timedelta(days=days_ago)
        _request(
            ref, requester, requester.unit, vnpt_unit, liaison, plans[code], quantity, path, at
        )
        count += 1
    for ref, province, name, code, quantity, path, day in FORMER_REQUESTS:
        if ref in done or code not in plans:
            continue
        requester = _former_requester(province, name)
        vnpt_unit = unit(provinces.vnpt_branch_name(province))
        liaison = users.get("vnpt.hq@doan-vnpt.test")
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        _request(
            ref, requester, requester.unit, vnpt_unit, liaison, plans[code], quantity, path, at
        )
        count += 1
    return count


def _request(ref, requester, requesting_unit, vnpt_unit, liaison, plan, quantity, path, at):
    request = ServiceRequest.objects.create(
        reference=ref,
        plan=plan,
        service=plan.service,
        requester=requester,
        unit=requesting_unit,
        for_unit=plan.for_units and requester.is_officer,
        vnpt_unit=vnpt_unit,
        quantity=quantity,
        contact_name=requester.full_name,
        contact_phone=requester.phone or "0912 345 678",
        address=f"Trụ sở {requesting_unit.name}",
        idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, ref),
        submitted_at=at,
        first_response_due=add_working_days(timezone.localdate(at), 2),
    )
    request.set_quote(quote(plan, quantity))  # what actions.submit_request stores
    changes = [
        StatusChange(
            request=request, old_status="", new_status=Status.SUBMITTED, by=requester, at=at
        )
    ]
    status = Status.SUBMITTED
    for step, new in enumerate(path, start=1):
        moment = at + datetime.timedelta(days=step)
        by = requester if new in (Status.CANCELLED, Status.SUBMITTED) else liaison
        comment = COMMENTS.get(new, "")
        if new in (Status.CONFIRMED, Status.IN_PROGRESS) and status == Status.COMPLETED:
            by, moment, comment = _closure(request, ref, requester, new, moment)
        changes.append(StatusChange(request=request, old_status=status, new_status=new, by=by,
                                    at=moment, comment=comment))  # fmt: skip
        if by == liaison and request.first_response_at is None:
            request.first_response_at = moment
            request.assignee = liaison
        if new == Status.COMPLETED:
            changes[-1].comment = _complete(request, ref, moment)
        status = new
    StatusChange.objects.bulk_create(changes)
    demand.record(request.service_id, at, +1)  # what actions.submit_request counts
    # Demo data replays a past pipeline with its dates and history rows: the one
    # status write outside partnership.workflow (see tests/core/test_workflow.py).
    request.status = status
    request.save()
