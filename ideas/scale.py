"""The idea bank's rows in the national-scale dataset (`make_scale_data --ideas N`): ideas
with their supports, status history and VNPT offers, spread over one national campaign a year
(slugs `scale-*`) and the demo campaigns. Registered in IdeasConfig.ready()."""

import datetime
import time

from django.db import connection, transaction
from django.db.models import Model, QuerySet

from partnership import scale
from partnership.accounts.models import User
from partnership.organisations.models import Unit
from partnership.scale import SLUG_PREFIX, SPAN, START, Loader, fold_piece, weighted
from partnership.text import folded_words

from .models import Campaign, Field, Idea, IdeaStatusChange, Support, VnptOffer

# field slug (as in demo.py) -> (topics, objects, places)
TOPICS = {
    "nong-nghiep": (
        ["Máy sấy nông sản", "Hệ thống tưới nhỏ giọt", "Sàn thương mại nông sản",
         "Mô hình trồng nấm", "Nhật ký điện tử vùng trồng", "Truy xuất nguồn gốc nông sản",
         "Cảm biến độ ẩm đất", "Phân bón hữu cơ từ phụ phẩm", "Chuỗi liên kết hợp tác xã"],
        ["cho hợp tác xã", "cho nông hộ", "cho vùng cà phê", "cho vùng lúa", "cho chè",
         "cho vải thiều", "cho thanh long"],
    ),
    "giao-duc": (
        ["Thư viện số", "Lớp học tiếng Anh trực tuyến", "Ứng dụng ôn thi",
         "Tủ sách lưu động", "Kèm học miễn phí", "Học bạ điện tử", "Câu lạc bộ STEM",
         "Bài giảng video ngắn", "Hướng nghiệp cho học sinh"],
        ["cho học sinh vùng cao", "cho trường điểm trường lẻ", "cho thanh niên công nhân",
         "cho trẻ em khuyết tật", "cho sinh viên năm nhất", "cho giáo viên trẻ"],
    ),
    "moi-truong": (
        ["Đổi rác lấy quà", "Phân loại rác tại nguồn", "Trồng cây gây rừng",
         "Túi vải thay túi ni lông", "Ngày chủ nhật xanh", "Lọc nước sinh hoạt",
         "Thu gom pin cũ", "Bản đồ điểm ô nhiễm", "Vườn rau trên sân thượng"],
        ["ở khu dân cư", "ở trường học", "ở bãi biển", "ở chợ truyền thống",
         "ở khu công nghiệp", "ven sông"],
    ),
    "chuyen-doi-so": (
        ["Bình dân học vụ số", "Ký số cho hộ kinh doanh", "Thanh toán không dùng tiền mặt",
         "Tổ công nghệ số cộng đồng", "Chữ ký số cho đoàn viên", "Dịch vụ công trực tuyến",
         "Sổ tay đoàn viên điện tử", "Định danh điện tử", "Trợ lý ảo hành chính"],
        ["cho người cao tuổi", "cho xã nông thôn mới", "cho tiểu thương", "cho chi đoàn",
         "cho bà con dân tộc thiểu số", "cho hộ kinh doanh"],
    ),
    "khoa-hoc-cong-nghe": (
        ["Thiết bị cảnh báo lũ", "Robot hướng dẫn", "Ứng dụng trí tuệ nhân tạo",
         "Cảm biến chất lượng không khí", "Máy bay không người lái phun thuốc",
         "Đèn năng lượng mặt trời", "Bản đồ số", "Hệ thống IoT giám sát ao nuôi"],
        ["cho vùng núi", "cho vùng ven biển", "cho bệnh viện huyện", "cho làng nghề",
         "cho đồng bằng sông Cửu Long", "cho đô thị"],
    ),
    "cong-dong": (
        ["Bếp ăn bán trú", "Ngân hàng thời gian", "Tủ đồ yêu thương", "Sân chơi cho trẻ em",
         "Điểm sơ cứu cộng đồng", "Nhà nhân ái", "Quỹ khởi nghiệp thanh niên",
         "Tiếp sức mùa thi", "Đường điện thắp sáng"],
        ["cho người vô gia cư", "cho trẻ mồ côi", "cho khu nhà trọ", "cho thôn bản",
         "cho người khuyết tật", "cho công nhân xa quê"],
    ),
}  # fmt: skip
OTHER_TOPICS = (
    ["Sáng kiến thanh niên", "Mô hình tình nguyện", "Câu lạc bộ khởi nghiệp", "Dự án cộng đồng"],
    ["cho đoàn viên", "cho địa phương", "cho thanh niên"],
)
OPENINGS = [
    "Ý tưởng giúp", "Giải pháp nhằm", "Mô hình hỗ trợ", "Dự án giúp", "Sáng kiến để",
    "Đề xuất nhằm",
]  # fmt: skip
GOALS = [
    "tiết kiệm chi phí và thời gian", "nâng cao thu nhập", "giảm ô nhiễm môi trường",
    "tăng khả năng tiếp cận dịch vụ", "ứng dụng công nghệ số vào đời sống",
    "lan tỏa tinh thần tình nguyện", "bảo đảm an toàn cho người dân",
    "nâng cao chất lượng học tập", "kết nối thanh niên với doanh nghiệp",
]  # fmt: skip
PARTNERS = [
    "cùng VNPT", "với sự đồng hành của VNPT", "phối hợp với chính quyền xã",
    "với hợp tác xã địa phương", "cùng nhà trường", "với đoàn viên tình nguyện",
]  # fmt: skip
IDEA_STATUSES = [  # (status, weight): most ideas are published; every status occurs
    ("draft", 6), ("submitted", 6), ("screening", 3), ("rejected", 6), ("under_review", 25),
    ("shortlisted", 6), ("awarded", 3), ("not_selected", 30), ("applied", 6),
    ("withdrawn", 2), ("merged", 1),
]  # fmt: skip
PREVIOUS = {  # the move that led to each status, for the status-change row
    "submitted": "draft", "screening": "submitted", "rejected": "screening",
    "under_review": "screening", "shortlisted": "under_review", "awarded": "shortlisted",
    "not_selected": "under_review", "applied": "awarded", "withdrawn": "submitted",
    "merged": "submitted",
}  # fmt: skip
PUBLISHED = {"under_review", "shortlisted", "awarded", "not_selected", "applied"}


def prepare_campaigns(loader: Loader) -> tuple[dict[int, int], list[int], list[tuple]]:
    """One national campaign a year 2019–2025 (scale-*), plus the demo campaigns."""
    tw = Unit.objects.filter(slug="trung-uong-doan").first() or Unit.objects.get(pk=loader.units[0])
    fields = list(Field.objects.all())
    out = {}
    for year in range(2019, 2026):
        c, created = Campaign.objects.get_or_create(
            slug=f"{SLUG_PREFIX}tuoi-tre-sang-tao-{year}",
            defaults={
                "title": f"Tuổi trẻ sáng tạo {year}",
                "description": f"Cuộc thi ý tưởng sáng tạo của thanh niên cả nước năm {year}.",
                "organising_unit": tw,
                "submission_opens": datetime.datetime(year, 1, 1, tzinfo=datetime.UTC),
                "submission_closes": datetime.datetime(year, 12, 31, 23, tzinfo=datetime.UTC),
                "review_starts": datetime.date(year + 1, 1, 5),
                "review_ends": datetime.date(year + 1, 2, 28),
                "awards": "Giải Nhất: 30.000.000 ₫; Giải Nhì: 20.000.000 ₫.",
            },
        )
        if created:
            c.fields.set(fields)
        out[year] = c.pk
    demo_campaigns = list(
        Campaign.objects.exclude(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True)
    )
    return out, demo_campaigns, [(f.pk, f.slug, f.name) for f in fields]


def idea_text(loader: Loader, field_slug: str) -> tuple[str, str, str, str]:
    """(title, summary, folded title, folded summary): folded piece by piece, cached."""
    rng, f = loader.rng, fold_piece
    topics, objects = TOPICS.get(field_slug, OTHER_TOPICS)
    t1, t2 = rng.choice(topics), rng.choice(objects)
    title, title_f = f"{t1} {t2}", f"{f(t1)} {f(t2)}"
    if rng.random() < 0.4:
        p = rng.choice(PARTNERS)
        title, title_f = f"{title} {p}", f"{title_f} {f(p)}"
    o, g, ob, tp, pa = (
        rng.choice(OPENINGS),
        rng.choice(GOALS),
        rng.choice(objects),
        rng.choice(topics),
        rng.choice(PARTNERS),
    )
    a, b = rng.randint(2, 40), rng.randint(3, 18)
    summary = f"{o} {g} {ob}; {tp.lower()} {pa}, triển khai thử tại {a} chi đoàn trong {b} tháng."
    summary_f = (
        f"{f(o)} {f(g)} {f(ob)}; {f(tp)} {f(pa)}, trien khai thu tai {a} chi doan trong {b} thang."
    )
    return title, summary, title_f, summary_f


def make(loader: Loader, n: int) -> None:
    if n <= 0:
        return
    rng = loader.rng
    campaigns, demo_campaigns, fields = prepare_campaigns(loader)
    statuses, weights = weighted(IDEA_STATUSES)
    members = loader.members
    n_members = len(members)
    liaison = User.objects.filter(groups__name="vnpt_liaison").order_by("pk").first()
    vnpt_hq = Unit.objects.filter(kind="vnpt_group").first()
    idea_cols = [
        "id", "title", "summary", "problem", "solution", "impact", "field_id", "campaign_id",
        "author_id", "unit_id", "submitted_by_id", "anonymous", "consent_to_publish", "status",
        "search_text", "title_folded", "support_count", "vnpt_supported", "vnpt_supported_at",
        "merged_into_id", "applied_evidence", "created_at", "updated_at", "submitted_at",
        "awarded_at", "reviews_done",
    ]  # fmt: skip
    change_cols = ["idea_id", "old_status", "new_status", "by_id", "at", "comment"]
    support_cols = ["idea_id", "user_id", "created_at"]
    offer_cols = [
        "idea_id",
        "kind",
        "note",
        "province",
        "offered_by_id",
        "unit_id",
        "created_at",
    ]
    t0 = time.monotonic()
    pk = loader.next_id(Idea)
    first = pk
    counts = {"supports": 0, "changes": 0, "offers": 0}
    for offset in range(0, n, loader.batch):
        ideas, changes, supports, offers = [], [], [], []
        size = min(loader.batch, n - offset)
        picked = rng.choices(statuses, weights, k=size)
        for status in picked:
            field_pk, field_slug, field_name = rng.choice(fields)
            title, summary, title_f, summary_f = idea_text(loader, field_slug)
            author, unit = members[rng.randrange(n_members)]
            created = START + datetime.timedelta(seconds=rng.random() * SPAN)
            roll = rng.random()
            if roll < 0.75:
                campaign = campaigns[created.year]
            elif roll < 0.8 and demo_campaigns:
                campaign = rng.choice(demo_campaigns)
            else:
                campaign = None
            submitted = (
                None
                if status == "draft"
                else created + datetime.timedelta(hours=rng.randint(1, 24 * 20))
            )
            moved = (submitted or created) + datetime.timedelta(days=rng.randint(1, 60))
            awarded = moved if status in ("awarded", "applied") else None
            consent = rng.random() < 0.9
            support_count = 0
            vnpt, vnpt_at = False, None
            if status in PUBLISHED and consent:
                support_count = min(int(rng.expovariate(1 / 3)), n_members, 200)
                for j in rng.sample(range(n_members), support_count):
                    supports.append((pk, members[j][0], moved))
                if liaison and rng.random() < 0.03:
                    vnpt, vnpt_at = True, moved + datetime.timedelta(days=3)
                    offers.append(
                        (pk, rng.choice(["mentoring", "technology", "infrastructure", "pilot"]),
                         "VNPT hỗ trợ đường truyền và nền tảng số để thử nghiệm.", "",
                         liaison.pk, vnpt_hq.pk if vnpt_hq else None, vnpt_at)
                    )  # fmt: skip
            merged_into = None
            if status == "merged":
                merged_into = pk - 1 if pk > first else None
            ideas.append(
                (pk, title, summary, "", "", "", field_pk, campaign, author, unit, None,
                 rng.random() < 0.05, consent, status, folded_words(f"{title_f} {summary_f} {fold_piece(field_name)}"),
                 title_f[:200], support_count, vnpt, vnpt_at, merged_into,
                 "Đã áp dụng tại địa phương." if status == "applied" else "",
                 created, max(moved, created), submitted, awarded, 0)
            )  # fmt: skip
            if status != "draft":
                changes.append((pk, PREVIOUS[status], status, author, moved, ""))
            pk += 1
        with transaction.atomic():
            loader.insert(Idea, idea_cols, ideas)
            loader.insert(IdeaStatusChange, change_cols, changes)
            loader.insert(Support, support_cols, supports)
            loader.insert(VnptOffer, offer_cols, offers)
        counts["supports"] += len(supports)
        counts["changes"] += len(changes)
        counts["offers"] += len(offers)
        if loader.verbosity > 1:
            loader.log(f"  ideas {offset + size}/{n}", t0)
    loader.log(
        f"{n} ideas, {counts['supports']} supports, {counts['changes']} status changes, "
        f"{counts['offers']} VNPT offers",
        t0,
    )


def reset(loader: Loader, scale_users: QuerySet) -> None:
    """The scale members' ideas with everything hanging on them, and the scale campaigns."""
    ideas = Idea.objects.filter(author__in=scale_users.values("pk"))
    # The big child tables go without Django's cascade collector (it would load them).
    for model in (Support, IdeaStatusChange, VnptOffer):
        model.objects.filter(idea__in=ideas.values("pk"))._raw_delete(connection.alias)
    Support.objects.filter(user__in=scale_users.values("pk"))._raw_delete(connection.alias)
    Idea.objects.filter(merged_into__in=ideas.values("pk")).update(merged_into=None)
    # Anything else people added to scale ideas meanwhile (few rows): the normal way.
    for rel in Idea._meta.related_objects:
        if rel.related_model in (Support, IdeaStatusChange, VnptOffer, Idea):
            continue
        rel.related_model.objects.filter(**{f"{rel.field.name}__in": ideas.values("pk")}).delete()
    ideas._raw_delete(connection.alias)
    Campaign.objects.filter(slug__startswith=SLUG_PREFIX).delete()


def check() -> str:
    return "" if Field.objects.exists() else "Load the demo data first: manage.py load_demo"


def written() -> list[type[Model]]:
    return [Idea, Field, Campaign, Support, IdeaStatusChange, VnptOffer]


TABLES = ("ideas_idea", "ideas_support", "ideas_ideastatuschange")  # rebuilt after a big load


def register() -> None:
    help = "ideas to generate, with supports, status changes and VNPT offers"
    scale.register(scale.Generator("ideas", 2000, help, make, reset, written, TABLES, check, 10))
