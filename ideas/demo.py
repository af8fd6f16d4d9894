"""Demo data: three campaigns and ~40 ideas in every status (idempotent, natural keys)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partnership.accounts.demo import make_demo_accounts
from partnership.accounts.models import User
from partnership.organisations import provinces
from partnership.organisations.demo import unit

from .actions import record_version, recount_reviews
from .models import (
    REVIEWER,
    Campaign,
    Comment,
    Criterion,
    Field,
    Idea,
    IdeaStatusChange,
    IdeaVersion,
    PaperAuthor,
    ReviewAssignment,
    Score,
    Status,
    Support,
    SupportKind,
    VnptOffer,
)
from .selectors import text_of

FIELDS = [
    ("Khoa học – công nghệ", "khoa-hoc-cong-nghe"),
    ("Nông nghiệp", "nong-nghiep"),
    ("Giáo dục", "giao-duc"),
    ("Môi trường", "moi-truong"),
    ("Chuyển đổi số", "chuyen-doi-so"),
    ("Cộng đồng", "cong-dong"),
]
RUBRIC = [("Tính mới", 3), ("Tính khả thi", 3), ("Hiệu quả", 3), ("Khả năng nhân rộng", 1)]

# (title, field slug, province or unit name, status, summary)
S = Status
IDEAS = [
    (
        "Máy sấy nông sản dùng năng lượng mặt trời",
        "nong-nghiep",
        "Nghệ An",
        S.AWARDED,
        "Máy sấy giá rẻ giúp nông dân bảo quản lạc, ngô sau thu hoạch khi trời mưa.",
    ),
    (
        "Cảm biến độ ẩm đất gửi cảnh báo qua Zalo",
        "nong-nghiep",
        "Thanh Hóa",
        S.APPLIED,
        "Cảm biến IoT đo độ ẩm đất, báo cho nông dân tưới đúng lúc, tiết kiệm nước.",
    ),
    (
        "Sàn thương mại điện tử cho nông sản OCOP",
        "nong-nghiep",
        "Cần Thơ",
        S.SHORTLISTED,
        "Kết nối hợp tác xã với người mua qua nền tảng số, minh bạch nguồn gốc.",
    ),
    (
        "Truy xuất nguồn gốc trái cây bằng mã QR",
        "nong-nghiep",
        "Cần Thơ",
        S.UNDER_REVIEW,
        "Mỗi thùng trái cây có mã QR ghi vùng trồng, ngày thu hoạch và chứng nhận.",
    ),
    (
        "Nuôi trùn quế xử lý phụ phẩm nông nghiệp",
        "nong-nghiep",
        "Đồng Tháp",
        S.NOT_SELECTED,
        "Biến rơm rạ, phân chuồng thành phân bón hữu cơ bằng trùn quế.",
    ),
    (
        "Drone phun thuốc chia sẻ cho tổ hợp tác",
        "nong-nghiep",
        "An Giang",
        S.SUBMITTED,
        "Tổ hợp tác thanh niên chia sẻ drone phun thuốc, giảm chi phí và độc hại.",
    ),
    (
        "Bản đồ sâu bệnh lúa do nông dân cùng cập nhật",
        "nong-nghiep",
        "Thanh Hóa",
        S.SCREENING,
        "Nông dân chụp ảnh sâu bệnh, bản đồ cảnh báo sớm cho cả vùng.",
    ),
    (
        "Ứng dụng học lập trình cho học sinh vùng cao",
        "giao-duc",
        "Lào Cai",
        S.AWARDED,
        "Bài học lập trình bằng tiếng dân tộc, chạy được khi không có mạng.",
    ),
    (
        "Thư viện số cho trường tiểu học miền núi",
        "giao-duc",
        "Điện Biên",
        S.UNDER_REVIEW,
        "Máy chủ nhỏ chứa sách điện tử, phát wifi nội bộ trong trường.",
    ),
    (
        "Gia sư trực tuyến tình nguyện của sinh viên",
        "giao-duc",
        "Hà Nội",
        S.SHORTLISTED,
        "Sinh viên dạy kèm miễn phí cho học sinh khó khăn qua video.",
    ),
    (
        "Phòng thí nghiệm ảo môn Hóa học",
        "giao-duc",
        "Đà Nẵng",
        S.UNDER_REVIEW,
        "Mô phỏng thí nghiệm an toàn trên máy tính cho trường thiếu thiết bị.",
    ),
    (
        "Sổ tay kỹ năng số cho đoàn viên",
        "giao-duc",
        "Hà Nội",
        S.REJECTED,
        "Tài liệu hướng dẫn kỹ năng số cơ bản.",
    ),
    (
        "Lớp tiếng Anh cộng đồng qua loa phát thanh xã",
        "giao-duc",
        "Nghệ An",
        S.DRAFT,
        "Mỗi tối 15 phút tiếng Anh giao tiếp trên loa truyền thanh xã.",
    ),
    (
        "Trạm thu gom pin cũ tại trường học",
        "moi-truong",
        "Hà Nội",
        S.AWARDED,
        "Hộp thu gom pin đặt tại trường, đổi pin cũ lấy cây xanh.",
    ),
    (
        "Túi sinh học từ bẹ chuối",
        "moi-truong",
        "Quảng Trị",
        S.SHORTLISTED,
        "Thay túi ni-lông bằng túi làm từ bẹ chuối khô.",
    ),
    (
        "Bản đồ điểm nóng rác thải ven biển",
        "moi-truong",
        "Khánh Hòa",
        S.UNDER_REVIEW,
        "Thanh niên tình nguyện cập nhật điểm rác thải, chính quyền xử lý.",
    ),
    (
        "Hệ thống lọc nước mưa cho vùng nhiễm mặn",
        "moi-truong",
        "Cà Mau",
        S.APPLIED,
        "Bể lọc nước mưa nhiều tầng cho hộ gia đình vùng nhiễm mặn.",
    ),
    (
        "Gạch không nung từ tro xỉ",
        "moi-truong",
        "Quảng Ninh",
        S.NOT_SELECTED,
        "Tận dụng tro xỉ nhiệt điện làm gạch xây dựng.",
    ),
    (
        "Ứng dụng đổi đồ cũ trong khu dân cư",
        "moi-truong",
        "TP. Hồ Chí Minh",
        S.SUBMITTED,
        "Người dân đăng đồ cũ còn dùng được để tặng hoặc đổi.",
    ),
    (
        "Ống hút từ cỏ bàng",
        "moi-truong",
        "Tây Ninh",
        S.WITHDRAWN,
        "Ống hút tự nhiên thay ống nhựa.",
    ),
    (
        "Trợ lý ảo hướng dẫn thủ tục hành chính công",
        "chuyen-doi-so",
        "Đà Nẵng",
        S.AWARDED,
        "Chatbot trả lời câu hỏi về thủ tục, nối với Cổng dịch vụ công.",
    ),
    (
        "Chữ ký số cho hộ kinh doanh nhỏ",
        "chuyen-doi-so",
        "Hải Phòng",
        S.SHORTLISTED,
        "Đoàn viên hướng dẫn hộ kinh doanh dùng chữ ký số và hóa đơn điện tử.",
    ),
    (
        "Tổ công nghệ số cộng đồng tại thôn bản",
        "chuyen-doi-so",
        "Nghệ An",
        S.APPLIED,
        "Thanh niên trong thôn hỗ trợ người dân cài ứng dụng, thanh toán số.",
    ),
    (
        "Thanh toán không tiền mặt ở chợ truyền thống",
        "chuyen-doi-so",
        "Huế",
        S.UNDER_REVIEW,
        "Mã QR cho tiểu thương, tập huấn do đoàn viên thực hiện.",
    ),
    (
        "Hồ sơ sức khỏe điện tử cho người cao tuổi",
        "chuyen-doi-so",
        "Thanh Hóa",
        S.NOT_SELECTED,
        "Lưu tiền sử bệnh, nhắc lịch khám qua tin nhắn.",
    ),
    (
        "Nền tảng quản lý đoàn viên trên điện thoại",
        "chuyen-doi-so",
        "Hà Nội",
        S.SCREENING,
        "Sổ đoàn viên điện tử, sinh hoạt chi đoàn trực tuyến.",
    ),
    (
        "Camera AI cảnh báo cháy rừng",
        "khoa-hoc-cong-nghe",
        "Lâm Đồng",
        S.AWARDED,
        "Camera trên chòi canh nhận diện khói, báo cho kiểm lâm.",
    ),
    (
        "Robot hỗ trợ giao thuốc trong bệnh viện",
        "khoa-hoc-cong-nghe",
        "TP. Hồ Chí Minh",
        S.UNDER_REVIEW,
        "Robot tự hành giao thuốc giữa các khoa, giảm tiếp xúc.",
    ),
    (
        "Thiết bị đo chất lượng không khí giá rẻ",
        "khoa-hoc-cong-nghe",
        "Hà Nội",
        S.SHORTLISTED,
        "Thiết bị đo bụi mịn PM2.5 lắp tại trường học, xem số liệu trực tuyến.",
    ),
    (
        "Vật liệu cách nhiệt từ vỏ trấu",
        "khoa-hoc-cong-nghe",
        "Cần Thơ",
        S.REJECTED,
        "Tấm cách nhiệt ép từ vỏ trấu.",
    ),
    (
        "Phao cứu sinh định vị GPS cho ngư dân",
        "khoa-hoc-cong-nghe",
        "Quảng Ngãi",
        S.UNDER_REVIEW,
        "Phao phát tín hiệu vị trí qua vệ tinh khi gặp nạn.",
    ),
    (
        "Bộ kit thí nghiệm vật lý tự làm",
        "khoa-hoc-cong-nghe",
        "Nghệ An",
        S.DRAFT,
        "Dụng cụ thí nghiệm từ vật liệu tái chế.",
    ),
    (
        "Ngân hàng thời gian cho tình nguyện viên",
        "cong-dong",
        "Hà Nội",
        S.AWARDED,
        "Giờ tình nguyện được ghi nhận, đổi lấy giờ giúp đỡ khi cần.",
    ),
    (
        "Tủ bánh mì miễn phí trước cổng bệnh viện",
        "cong-dong",
        "Đà Nẵng",
        S.APPLIED,
        "Tủ bánh mì mỗi sáng cho người nhà bệnh nhân khó khăn.",
    ),
    (
        "Bản đồ điểm sơ cứu đuối nước mùa hè",
        "cong-dong",
        "Quảng Trị",
        S.SHORTLISTED,
        "Điểm dạy bơi và sơ cứu cho trẻ em dọc bờ sông.",
    ),
    (
        "Xe sách lưu động về xã đảo",
        "cong-dong",
        "Khánh Hòa",
        S.NOT_SELECTED,
        "Thuyền chở sách định kỳ ra các xã đảo.",
    ),
    (
        "Mạng lưới hiến máu khẩn cấp qua tin nhắn",
        "cong-dong",
        "Nghệ An",
        S.UNDER_REVIEW,
        "Danh sách người sẵn sàng hiến máu nhóm hiếm, gọi qua tin nhắn.",
    ),
    (
        "Sân chơi tái chế cho trẻ em khu nhà trọ",
        "cong-dong",
        "Bắc Ninh",
        S.SUBMITTED,
        "Sân chơi làm từ lốp xe, pallet cũ cho con công nhân.",
    ),
    (
        "Lớp kỹ năng an toàn mạng cho phụ huynh",
        "cong-dong",
        "Hưng Yên",
        S.REJECTED,
        "Buổi nói chuyện về lừa đảo trực tuyến.",
    ),
    (
        "Quỹ học bổng vi mô do đoàn viên góp",
        "cong-dong",
        "Gia Lai",
        S.DRAFT,
        "Mỗi đoàn viên góp 10.000 đồng mỗi tháng cho học sinh nghèo.",
    ),
    (
        "Điểm sửa xe đạp miễn phí cho sinh viên",
        "cong-dong",
        "Hà Nội",
        S.DRAFT,
        "Tình nguyện viên sửa xe đạp miễn phí mỗi sáng thứ Bảy tại ký túc xá.",
    ),
]
# Ideas of 2019–2022, submitted under provinces merged away on 1 July 2025 (as they were then):
# they keep naming the former provincial union, and count for its successor today.
FORMER_IDEAS = {
    "Bản đồ số điểm du lịch cộng đồng cao nguyên đá": datetime.date(2020, 9, 14),
    "Ứng dụng cảnh báo lũ cho bản làng ven sông Gianh": datetime.date(2021, 10, 4),
    "Chợ phiên trực tuyến cho nông sản vùng hồ Ba Bể": datetime.date(2022, 6, 20),
}
IDEAS += [
    (
        "Bản đồ số điểm du lịch cộng đồng cao nguyên đá",
        "chuyen-doi-so",
        "Hà Giang",
        S.AWARDED,
        "Bản đồ số các homestay, chợ phiên và cung đường trên cao nguyên đá Đồng Văn.",
    ),
    (
        "Ứng dụng cảnh báo lũ cho bản làng ven sông Gianh",
        "moi-truong",
        "Quảng Bình",
        S.APPLIED,
        "Cảm biến mực nước gửi cảnh báo lũ qua tin nhắn cho bản làng ven sông.",
    ),
    (
        "Chợ phiên trực tuyến cho nông sản vùng hồ Ba Bể",
        "nong-nghiep",
        "Bắc Kạn",
        S.NOT_SELECTED,
        "Bà con bán miến dong, gạo nếp qua livestream do đoàn viên hỗ trợ.",
    ),
]

PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [S.SUBMITTED],
    S.SCREENING: [S.SUBMITTED, S.SCREENING],
    S.REJECTED: [S.SUBMITTED, S.SCREENING, S.REJECTED],
    S.UNDER_REVIEW: [S.SUBMITTED, S.SCREENING, S.UNDER_REVIEW],
    S.SHORTLISTED: [S.SUBMITTED, S.SCREENING, S.UNDER_REVIEW, S.SHORTLISTED],
    S.AWARDED: [S.SUBMITTED, S.SCREENING, S.UNDER_REVIEW, S.SHORTLISTED, S.AWARDED],
    S.NOT_SELECTED: [S.SUBMITTED, S.SCREENING, S.UNDER_REVIEW, S.NOT_SELECTED],
    S.APPLIED: [S.SUBMITTED, S.SCREENING, S.UNDER_REVIEW, S.SHORTLISTED, S.AWARDED, S.APPLIED],
    S.WITHDRAWN: [S.SUBMITTED, S.WITHDRAWN],
}
REVIEWED = {S.UNDER_REVIEW, S.SHORTLISTED, S.AWARDED, S.NOT_SELECTED, S.APPLIED}
AUTHOR_NAMES = [
    "Nguyễn Thị Hà",
    "Trần Quốc Bảo",
    "Lê Minh Châu",
    "Phạm Gia Huy",
    "Võ Thảo Nguyên",
    "Đinh Công Sơn",
]


def _author_for(province: str, i: int):
    """Demo authors: the two member accounts, else a demo member of the province union."""
    if province == "Hà Nội" and i % 2 == 0:
        return User.objects.get(email="member@doan-vnpt.test")
    if province == "Nghệ An" and i % 2 == 0:
        return User.objects.get(email="member.nghean@doan-vnpt.test")
    where = unit(provinces.union_unit_name(province))
    email = f"tacgia.{where.slug}@doan-vnpt.test"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, full_name=AUTHOR_NAMES[i % len(AUTHOR_NAMES)], unit=where
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _campaigns(now, fields):
    tw = unit("trung-uong-doan")
    specs = [
        (
            "tuoi-tre-sang-tao-2026",
            "Tuổi trẻ sáng tạo 2026",
            now - datetime.timedelta(days=60),
            now + datetime.timedelta(days=30),
            tw,
            "Giải Nhất: 30.000.000 ₫; Giải Nhì: 20.000.000 ₫; Giải Ba: 10.000.000 ₫.",
        ),
        (
            "chuyen-doi-so-cung-vnpt",
            "Ý tưởng chuyển đổi số cùng VNPT",
            now - datetime.timedelta(days=200),
            now - datetime.timedelta(days=100),
            tw,
            "Ý tưởng xuất sắc được VNPT hỗ trợ thử nghiệm tại địa phương.",
        ),
        (
            "nghe-an-xanh",
            "Nghệ An xanh – sáng kiến môi trường",
            now - datetime.timedelta(days=20),
            now + datetime.timedelta(days=2),
            unit("Tỉnh đoàn Nghệ An"),
            "Mười sáng kiến tốt nhất được Tỉnh đoàn hỗ trợ triển khai.",
        ),
    ]
    out = []
    for slug, title, opens, closes, organiser, awards in specs:
        c, created = Campaign.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "description": f"Cuộc thi “{title}” dành cho đoàn viên, thanh niên cả nước.",
                "rules": "Mỗi ý tưởng có tối đa 5 đồng tác giả. Ý tưởng phải chưa từng đoạt giải.",
                "organising_unit": organiser,
                "submission_opens": opens,
                "submission_closes": closes,
                "review_starts": (closes + datetime.timedelta(days=1)).date(),
                "review_ends": (closes + datetime.timedelta(days=30)).date(),
                "awards": awards,
            },
        )
        if created:
            c.fields.set(fields.values())
            for i, (name, weight) in enumerate(RUBRIC):
                Criterion.objects.create(campaign=c, name=name, weight=weight, order=i)
        out.append(c)
    return out


# An idea amended twice after a reviewer scored it, and a shortlisted one whose amendment
# waits for an officer (actions.amend_idea writes these; the demo replays their dates).
AMENDMENTS = [
    (
        "Thêm số liệu thí điểm và cách bảo vệ dữ liệu của người dùng.",
        {
            "problem": "Qua khảo sát 300 đoàn viên năm 2025, 7/10 người cho biết vấn đề này "
            "ảnh hưởng trực tiếp tới công việc và học tập của họ.",
        },
    ),
    (
        "Tóm tắt lại cho rõ và bổ sung đối tác VNPT.",
        {
            # The title stays: load() finds the demo ideas by their titles.
            "impact": "Tiết kiệm chi phí, dễ nhân rộng; VNPT tỉnh hỗ trợ hạ tầng và đường "
            "truyền miễn phí trong năm đầu thử nghiệm.",
        },
    ),
]
PENDING_NOTE = "Cập nhật kết quả thử nghiệm ở 2 trường sau vòng chung khảo."


def _amendments(now, admin):
    if IdeaVersion.objects.exists():
        return
    week_ago = now - datetime.timedelta(days=7)
    amended = (
        Idea.objects.filter(
            status=S.UNDER_REVIEW, consent_to_publish=True, reviews__completed_at__lt=week_ago
        )
        .order_by("submitted_at", "pk")
        .first()
    )
    if amended is not None:
        start = amended.reviews.filter(completed_at__isnull=False).first().completed_at
        text = text_of(amended)
        by = amended.author
        record_version(idea=amended, text=text, by=by, at=amended.submitted_at, number=1)
        for n, (note, changes) in enumerate(AMENDMENTS, start=2):
            at = min(
                start + datetime.timedelta(days=3 * (n - 1)), now - datetime.timedelta(hours=n)
            )
            text.update(changes)
            record_version(idea=amended, text=text, by=by, at=at, number=n, note=note)
        for name, value in text.items():
            setattr(amended, name, value)
        amended.save()
    waiting = Idea.objects.filter(status=S.SHORTLISTED, consent_to_publish=True).order_by("pk")
    shortlisted = waiting.filter(unit__name__contains="Nghệ An").first() or waiting.first()
    if shortlisted is not None:
        text = text_of(shortlisted)
        by = shortlisted.author
        record_version(idea=shortlisted, text=text, by=by, at=shortlisted.submitted_at, number=1)
        text["solution"] += " Đã thử nghiệm ở 2 trường: 120 học sinh tham gia, 9/10 hài lòng."
        yesterday = now - datetime.timedelta(days=1)
        record_version(idea=shortlisted, text=text, by=by, at=yesterday, note=PENDING_NOTE)


def _replay(idea, status, *, author, admin, at=None) -> None:
    """The history rows of the idea's past pipeline up to `status` (the author sent it)."""
    previous = S.DRAFT
    for step in PATHS[status]:
        IdeaStatusChange.objects.create(
            idea=idea,
            old_status=previous,
            new_status=step,
            by=author if step in (S.SUBMITTED, S.WITHDRAWN) else admin,
            comment="Ý tưởng chưa đủ mới so với các mô hình đã có." if step == S.REJECTED else "",
            **({"at": at} if at else {}),
        )
        previous = step


# Paper forms typed in by the Nghệ An officer for young people without an account: one in the
# gallery (phone and birth date only), one waiting for its author to sign up with the e-mail
# written on the form (sign up as paper.mai@doan-vnpt.test to see it become yours).
PAPER_IDEAS = [
    (
        "Bản đồ nước sạch cho các bản vùng cao",
        "moi-truong",
        S.UNDER_REVIEW,
        "Đánh dấu các nguồn nước sạch của bản trên bản đồ số để người dân cùng giữ gìn.",
        ("Lô Văn Páo", datetime.date(2006, 8, 12), "0986 123 456", ""),
    ),
    (
        "Góc đọc sách trên xe buýt liên huyện",
        "giao-duc",
        S.SUBMITTED,
        "Giá sách nhỏ trên xe buýt, sách do đoàn viên quyên góp và luân chuyển hằng tháng.",
        ("Kha Thị Mai", None, "0977 654 321", "paper.mai@doan-vnpt.test"),
    ),
]


def _paper_ideas(now, fields, admin) -> int:
    officer = User.objects.filter(email="officer.nghean@doan-vnpt.test").first()
    if officer is None or officer.unit_id is None:
        return 0
    made = 0
    for i, (title, field_slug, status, summary, person) in enumerate(PAPER_IDEAS):
        if Idea.objects.filter(title=title).exists() or field_slug not in fields:
            continue
        submitted = now - datetime.timedelta(days=25 - i * 10)
        idea = Idea.objects.create(
            title=title,
            summary=summary,
            problem="Thanh niên vùng sâu ít có dịp góp ý tưởng qua mạng; họ viết tay lên phiếu.",
            solution=f"{summary} Phiếu giấy do Đoàn cơ sở thu và cán bộ Đoàn nhập lên Cổng.",
            impact="Ý tưởng của thanh niên chưa có tài khoản vẫn được ghi nhận và xét chọn.",
            field=fields[field_slug],
            author=None,
            unit=officer.unit,
            submitted_by=officer,
            consent_to_publish=True,
            status=status,
            submitted_at=submitted,
        )
        name, born, phone, email = person
        PaperAuthor.objects.create(idea=idea, name=name, birth_date=born, phone=phone, email=email)
        _replay(idea, status, author=officer, admin=admin, at=submitted)
        made += 1
    return made


# The demo accounts of the idea bank's own role.
REVIEWERS = [
    (
        "reviewer@doan-vnpt.test",
        "GS. Đỗ Văn Phúc",
        "Trung tâm Phát triển Khoa học, Công nghệ và Tài năng trẻ",
        [REVIEWER],
    ),
    ("reviewer2@doan-vnpt.test", "TS. Mai Thị Quỳnh", "VNPT-IT", [REVIEWER]),
]


@transaction.atomic
def load(stdout):
    make_demo_accounts(REVIEWERS, stdout)
    now = timezone.now()
    fields = {
        slug: Field.objects.get_or_create(slug=slug, defaults={"name": name, "order": i})[0]
        for i, (name, slug) in enumerate(FIELDS)
    }
    campaigns = _campaigns(now, fields)
    for i, (name, weight) in enumerate(RUBRIC):
        Criterion.objects.get_or_create(
            campaign=None, name=name, defaults={"weight": weight, "order": i}
        )
    admin = User.objects.filter(email="admin@doan-vnpt.test").first()
    reviewers = list(
        User.objects.filter(email__in=["reviewer@doan-vnpt.test", "reviewer2@doan-vnpt.test"])
    )
    liaison = User.objects.filter(email="vnpt.hq@doan-vnpt.test").first()
    fans = list(User.objects.filter(email__endswith="@doan-vnpt.test").exclude(password="")[:8])
    created_count = 0
    for i, (title, field_slug, province, status, summary) in enumerate(IDEAS):
        if Idea.objects.filter(title=title).exists():
            continue
        created_count += 1
        author = _author_for(province, i)
        campaign = None if i % 5 == 4 else campaigns[i % 3 if status != S.DRAFT else 0]
        submitted = now - datetime.timedelta(days=90 - i * 2)
        if title in FORMER_IDEAS:  # outside the campaigns of today
            campaign = None
            submitted = timezone.make_aware(
                datetime.datetime.combine(FORMER_IDEAS[title], datetime.time(10))
            )
        idea = Idea.objects.create(
            title=title,
            summary=summary,
            problem=f"Hiện nay tại {province}, {summary[0].lower()}{summary[1:]} còn chưa được giải quyết.",
            solution=f"{summary} Nhóm tác giả đã thử nghiệm mô hình nhỏ và tính toán chi phí.",
            impact="Tiết kiệm chi phí, dễ nhân rộng, thu hút thanh niên tham gia.",
            field=fields[field_slug],
            campaign=campaign,
            author=author,
            unit=author.unit,
            anonymous=i % 11 == 3,
            consent_to_publish=i % 13 != 5,
            status=status,
            submitted_at=None if status == S.DRAFT else submitted,
            awarded_at=submitted + datetime.timedelta(days=40)
            if status in (S.AWARDED, S.APPLIED)
            else None,
            applied_evidence="Đã triển khai thí điểm tại 3 xã, được UBND huyện đánh giá cao."
            if status == S.APPLIED
            else "",
        )
        _replay(idea, status, author=author, admin=admin)
        if status in REVIEWED and admin:
            criteria = (
                list(campaign.criteria.all())
                if campaign
                else list(Criterion.objects.filter(campaign__isnull=True))
            )
            for r, reviewer in enumerate(reviewers):
                if reviewer.unit_id == idea.unit_id:
                    continue
                done = status != S.UNDER_REVIEW or r == 0
                review = ReviewAssignment.objects.create(
                    idea=idea,
                    reviewer=reviewer,
                    assigned_by=admin,
                    completed_at=submitted + datetime.timedelta(days=20) if done else None,
                    comment="Ý tưởng thiết thực, cần làm rõ chi phí." if done else "",
                )
                if done:
                    total = 0
                    for c in criteria:
                        value = 5 + (i + r + c.order) % 5
                        Score.objects.create(review=review, criterion=c, value=value)
                        total += value * c.weight
                    review.weighted_score = Decimal(total) / sum(c.weight for c in criteria)
                    review.save(update_fields=["weighted_score"])
            recount_reviews(idea_ids=[idea.pk])  # as actions.submit_review does
        if idea.is_published:
            supporters = fans[: (i * 3) % (len(fans) + 1)]
            Support.objects.bulk_create([Support(idea=idea, user=u) for u in supporters])
            idea.support_count = len(supporters)
            idea.save(update_fields=["support_count"])
            if fans and i % 4 == 0:
                Comment.objects.create(
                    idea=idea, author=fans[0], body="Ý tưởng rất hay, mong sớm được triển khai!"
                )
            if liaison and i % 6 == 0:
                VnptOffer.objects.create(
                    idea=idea,
                    kind=list(SupportKind.values)[i % 4],
                    note="VNPT sẵn sàng hỗ trợ hạ tầng và chuyên gia để thử nghiệm.",
                    province=province if i % 4 == 3 else "",
                    offered_by=liaison,
                    unit=liaison.unit,
                )
                idea.vnpt_supported = True
                idea.vnpt_supported_at = submitted + datetime.timedelta(days=30)
                idea.save(update_fields=["vnpt_supported", "vnpt_supported_at"])
    _amendments(now, admin)
    created_count += _paper_ideas(now, fields, admin)
    stdout.write(
        f"  ideas: {Idea.objects.count()} ideas ({created_count} new), "
        f"{Campaign.objects.count()} campaigns"
    )
