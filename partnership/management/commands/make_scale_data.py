"""Load a national-scale dataset: members, ideas (with supports and history) and service requests.

    python manage.py make_scale_data --ideas 1000000 --requests 100000 --members 500000

Run it after `load_demo` (it spreads rows over the demo organisation tree, the idea fields and
the service plans). Rows are written in batches: COPY on PostgreSQL, bulk_create elsewhere.
Since neither calls save(), every column save() or the actions would fill is computed here
(search_text and title_folded through partnership.text.folded_words and fold, support_count
matching the support rows, vnpt_supported with its offer, the serving VNPT branch of each
request...).

Everything it creates is marked so `--reset` can remove it again: members have e-mails
`scale-<n>@example.invalid`, ideas and requests belong to them, request references start
with `YC-Z`, campaigns and grassroots units have slugs starting with `scale-`.

The domain apps are reached through django.apps.apps.get_model so this module imports none
of them.
"""

import datetime
import functools
import random
import time
import uuid

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from partnership.text import fold, folded_words

EMAIL_PREFIX = "scale-"
EMAIL_DOMAIN = "@example.invalid"
SLUG_PREFIX = "scale-"
REFERENCE_PREFIX = "YC-Z"  # real references are "YC-" + 8 hex digits: never a Z

# --- Vietnamese word lists ------------------------------------------------------------------

SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai", "Tạ", "Hà",
]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Hữu", "Đức", "Thanh", "Ngọc", "Quốc", "Gia", "Bảo", "Khánh"]
GIVEN = [
    "An", "Anh", "Bình", "Chi", "Dũng", "Dương", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa",
    "Hùng", "Huy", "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngân", "Nhung", "Phong",
    "Phúc", "Quang", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tú", "Tuấn",
    "Uyên", "Việt", "Vy", "Yến",
]  # fmt: skip

# field slug (as in ideas.demo) -> (topics, objects, places)
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
GRASSROOTS = [
    "Đoàn Thanh niên xã {}", "Đoàn trường THPT {}", "Đoàn Thanh niên phường {}",
    "Đoàn Thanh niên Bệnh viện Đa khoa {}",
]  # fmt: skip
PLACES = ["Hòa Bình", "Tân Lập", "Quang Trung", "Lê Lợi", "Thống Nhất", "Hưng Đạo", "Đồng Tâm"]

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
REQUEST_STATUSES = [
    ("submitted", 10), ("needs_info", 5), ("accepted", 10), ("rejected", 5), ("cancelled", 5),
    ("in_progress", 15), ("completed", 30), ("failed", 3), ("closed", 17),
]  # fmt: skip
RESPONDED = {"needs_info", "accepted", "rejected", "in_progress", "completed", "failed", "closed"}
DONE = {"completed", "closed", "failed"}

START = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
END = datetime.datetime(2025, 12, 31, 23, 0, tzinfo=datetime.UTC)
SPAN = (END - START).total_seconds()


@functools.cache
def _fold_piece(text):
    """fold() of one word-list entry; fold(a + " " + b) == fold(a) + " " + fold(b)."""
    return fold(text)


def _weighted(pairs):
    values, weights = zip(*pairs, strict=True)
    return list(values), list(weights)


class Command(BaseCommand):
    help = "Generate national-scale members, ideas and service requests for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--ideas", type=int, default=2000)
        parser.add_argument("--requests", type=int, default=500)
        parser.add_argument("--members", type=int, default=2000)
        parser.add_argument("--batch", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--reset", action="store_true", help="delete earlier scale rows first (and only)"
        )
        parser.add_argument(
            "--keep-indexes",
            action="store_true",
            help="PostgreSQL: do not drop and rebuild the plain indexes around the load",
        )

    # --- plumbing -----------------------------------------------------------------------------

    def handle(self, *args, **opts):
        self.rng = random.Random(opts["seed"])
        self.batch = max(1000, opts["batch"])
        self.pg = connection.vendor == "postgresql"
        self.verbosity = opts["verbosity"]
        self.M = {
            name: apps.get_model(*name.split("."))
            for name in [
                "accounts.User",
                "organisations.Unit",
                "ideas.Idea",
                "ideas.Field",
                "ideas.Campaign",
                "ideas.Support",
                "ideas.IdeaStatusChange",
                "ideas.VnptOffer",
                "services.Plan",
                "services.ServiceRequest",
                "services.StatusChange",
            ]
        }
        started = time.monotonic()
        if opts["reset"]:
            self.reset()
        if not (opts["ideas"] or opts["requests"] or opts["members"]):
            return
        if not self.M["ideas.Field"].objects.exists():
            self.stderr.write("Load the demo data first: manage.py load_demo")
            return
        self.units = self.prepare_units()
        self.members = self.make_members(max(opts["members"], 1))
        self.campaigns = self.prepare_campaigns()
        dropped = []
        if self.pg and not opts["keep_indexes"] and opts["ideas"] >= 50_000:
            dropped = self.drop_indexes(["ideas_idea", "ideas_support", "ideas_ideastatuschange"])
        self.make_ideas(opts["ideas"])
        self.make_requests(opts["requests"])
        if dropped:
            self.recreate_indexes(dropped)
        self.finish()
        self.stdout.write(f"scale data: done in {time.monotonic() - started:.1f} s")

    def log(self, message, t0=None):
        if self.verbosity:
            suffix = f" ({time.monotonic() - t0:.1f} s)" if t0 is not None else ""
            self.stdout.write(f"  {message}{suffix}")

    def next_id(self, model):
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    def insert(self, model, columns, rows):
        """Write rows (tuples in `columns` order, attnames) with COPY or bulk_create."""
        if not rows:
            return
        if self.pg:
            table = model._meta.db_table
            self.fast_session()
            cols = ", ".join(model._meta.get_field(c).column for c in columns)
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:  # noqa: S608
                    for row in rows:
                        copy.write_row(row)
        else:
            objs = [model(**dict(zip(columns, row, strict=True))) for row in rows]
            model.objects.bulk_create(objs, batch_size=500)

    def fast_session(self):
        """Inside the load's transaction: skip FK triggers (ids are generated consistent) and
        do not wait for the WAL flush. Needs a superuser for the first; falls back quietly."""
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")

    def insert_m2m(self, through, columns, rows):
        self.insert(through, columns, rows)

    def drop_indexes(self, tables):
        """Plain (non-unique, non-primary) indexes: rebuilt once after the load is faster."""
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT i.relname, pg_get_indexdef(x.indexrelid)
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_class t ON t.oid = x.indrelid
                WHERE t.relname = ANY(%s) AND NOT x.indisprimary AND NOT x.indisunique
                """,
                [tables],
            )
            found = cursor.fetchall()
            for name, _definition in found:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        self.log(f"dropped {len(found)} indexes for the load")
        return found

    def recreate_indexes(self, found):
        t0 = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in found:
                cursor.execute(definition)
        self.log(f"rebuilt {len(found)} indexes", t0)

    def finish(self):
        t0 = time.monotonic()
        from django.core.management.color import no_style

        models = list(self.M.values())
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            if self.pg:
                for model in models:
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
        self.log("sequences reset, tables analysed", t0)

    # --- reset --------------------------------------------------------------------------------

    def reset(self):
        t0 = time.monotonic()
        M = self.M
        User, Idea = M["accounts.User"], M["ideas.Idea"]
        scale_users = User.objects.filter(
            email__startswith=EMAIL_PREFIX, email__endswith=EMAIL_DOMAIN
        )
        ideas = Idea.objects.filter(author__in=scale_users.values("pk"))
        requests = M["services.ServiceRequest"].objects.filter(
            requester__in=scale_users.values("pk")
        )
        with transaction.atomic():
            if self.pg:
                self.fast_session()  # no deferred FK check per deleted row at COMMIT
            # The big child tables go without Django's cascade collector (it would load them).
            for model in (M["ideas.Support"], M["ideas.IdeaStatusChange"], M["ideas.VnptOffer"]):
                model.objects.filter(idea__in=ideas.values("pk"))._raw_delete(connection.alias)
            M["ideas.Support"].objects.filter(user__in=scale_users.values("pk"))._raw_delete(
                connection.alias
            )
            M["services.StatusChange"].objects.filter(
                request__in=requests.values("pk")
            )._raw_delete(connection.alias)
            requests._raw_delete(connection.alias)
            self.count_service_demand()
            Idea.objects.filter(merged_into__in=ideas.values("pk")).update(merged_into=None)
            # Anything else people added to scale ideas meanwhile (few rows): the normal way.
            for rel in Idea._meta.related_objects:
                if rel.related_model in (
                    M["ideas.Support"],
                    M["ideas.IdeaStatusChange"],
                    M["ideas.VnptOffer"],
                    Idea,
                ):
                    continue
                rel.related_model.objects.filter(
                    **{f"{rel.field.name}__in": ideas.values("pk")}
                ).delete()
            ideas._raw_delete(connection.alias)
            User.groups.through.objects.filter(user__in=scale_users.values("pk"))._raw_delete(
                connection.alias
            )
            n_users = scale_users.count()
            scale_users._raw_delete(connection.alias)
            M["ideas.Campaign"].objects.filter(slug__startswith=SLUG_PREFIX).delete()
            units = M["organisations.Unit"].objects.filter(slug__startswith=SLUG_PREFIX)
            for unit in units.order_by("-depth"):
                unit.delete()
        self.log(f"reset: removed {n_users} scale members and their rows", t0)

    # --- organisation and campaigns -----------------------------------------------------------

    def prepare_units(self):
        """Every active union unit with a province, plus three scale grassroots units each."""
        Unit = self.M["organisations.Unit"]
        provincial = list(Unit.objects.active().filter(kind="provincial_union"))
        for prov in provincial:
            existing = Unit.objects.filter(slug__startswith=f"{SLUG_PREFIX}{prov.slug}-").count()
            for i in range(existing, 3):
                name = GRASSROOTS[i % len(GRASSROOTS)].format(PLACES[(i + prov.pk) % len(PLACES)])
                prov.refresh_from_db()
                Unit.objects.add_child(
                    prov,
                    {
                        "name": f"{name} ({prov.province})",
                        "slug": f"{SLUG_PREFIX}{prov.slug}-{i}",
                        "party": "union",
                        "kind": "grassroots_union",
                        "province": prov.province,
                    },
                )
        units = list(
            Unit.objects.active()
            .filter(party="union")
            .exclude(province="")
            .values_list("pk", "province", named=True)
        )
        # Routing as services.actions.submit_request does: serving_vnpt_unit(unit).
        from partnership.organisations.selectors import serving_vnpt_unit

        by_pk = Unit.objects.in_bulk([u.pk for u in units])
        self.serving = {pk: serving_vnpt_unit(unit).pk for pk, unit in by_pk.items()}
        self.log(f"{len(units)} union units in {len({u.province for u in units})} provinces")
        return [u.pk for u in units]

    def prepare_campaigns(self):
        """One national campaign a year 2019–2025 (scale-*), plus the demo campaigns."""
        Campaign, Field, Unit = (
            self.M["ideas.Campaign"],
            self.M["ideas.Field"],
            self.M["organisations.Unit"],
        )
        tw = Unit.objects.filter(slug="trung-uong-doan").first() or Unit.objects.get(
            pk=self.units[0]
        )
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
        self.demo_campaigns = list(
            Campaign.objects.exclude(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True)
        )
        self.fields = [(f.pk, f.slug, f.name) for f in fields]
        return out

    # --- members ------------------------------------------------------------------------------

    def make_members(self, n):
        User = self.M["accounts.User"]
        Through = User.groups.through
        group = Group.objects.get_or_create(name="member")[0]
        rng, units = self.rng, self.units
        t0 = time.monotonic()
        start = self.next_id(User)
        taken = User.objects.filter(email__startswith=EMAIL_PREFIX).count()
        cols = [
            "id", "password", "is_superuser", "email", "full_name", "phone", "unit_id",
            "position", "language", "is_active", "is_staff", "date_joined", "search_text",
        ]  # fmt: skip
        pk = start
        for offset in range(0, n, self.batch):
            rows, links = [], []
            for i in range(offset, min(n, offset + self.batch)):
                number = taken + i
                parts = (rng.choice(SURNAMES), rng.choice(MIDDLE), rng.choice(GIVEN))
                name = " ".join(parts)
                email = f"{EMAIL_PREFIX}{number}{EMAIL_DOMAIN}"
                folded = " ".join(_fold_piece(p) for p in parts)
                joined = START + datetime.timedelta(seconds=rng.random() * SPAN)
                rows.append(
                    (pk, "!scale", False, email, name, f"09{rng.randrange(10**8):08d}",
                     rng.choice(units), "", "vi", True, False, joined, f"{folded} {email}")
                )  # fmt: skip
                links.append((pk, group.pk))
                pk += 1
            with transaction.atomic():
                self.insert(User, cols, rows)
                self.insert_m2m(Through, ["user_id", "group_id"], links)
        self.log(f"{n} members", t0)
        # Every scale member (from earlier runs too), with their unit, for authors and requests.
        return list(
            User.objects.filter(email__startswith=EMAIL_PREFIX, email__endswith=EMAIL_DOMAIN)
            .order_by("pk")
            .values_list("pk", "unit_id")
        )

    # --- ideas --------------------------------------------------------------------------------

    def idea_text(self, field_slug):
        """(title, summary, folded title, folded summary): folded piece by piece, cached."""
        rng, f = self.rng, _fold_piece
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
        summary = (
            f"{o} {g} {ob}; {tp.lower()} {pa}, triển khai thử tại {a} chi đoàn trong {b} tháng."
        )
        summary_f = f"{f(o)} {f(g)} {f(ob)}; {f(tp)} {f(pa)}, trien khai thu tai {a} chi doan trong {b} thang."
        return title, summary, title_f, summary_f

    def make_ideas(self, n):
        if n <= 0:
            return
        M, rng = self.M, self.rng
        Idea, Support, Change, Offer = (
            M["ideas.Idea"],
            M["ideas.Support"],
            M["ideas.IdeaStatusChange"],
            M["ideas.VnptOffer"],
        )
        statuses, weights = _weighted(IDEA_STATUSES)
        members = self.members
        n_members = len(members)
        liaison = (
            M["accounts.User"].objects.filter(groups__name="vnpt_liaison").order_by("pk").first()
        )
        vnpt_hq = M["organisations.Unit"].objects.filter(kind="vnpt_group").first()
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
        pk = self.next_id(Idea)
        first = pk
        counts = {"supports": 0, "changes": 0, "offers": 0}
        for offset in range(0, n, self.batch):
            ideas, changes, supports, offers = [], [], [], []
            size = min(self.batch, n - offset)
            picked = rng.choices(statuses, weights, k=size)
            for status in picked:
                field_pk, field_slug, field_name = rng.choice(self.fields)
                title, summary, title_f, summary_f = self.idea_text(field_slug)
                author, unit = members[rng.randrange(n_members)]
                created = START + datetime.timedelta(seconds=rng.random() * SPAN)
                roll = rng.random()
                if roll < 0.75:
                    campaign = self.campaigns[created.year]
                elif roll < 0.8 and self.demo_campaigns:
                    campaign = rng.choice(self.demo_campaigns)
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
                     rng.random() < 0.05, consent, status, folded_words(f"{title_f} {summary_f} {_fold_piece(field_name)}"),
                     title_f[:200], support_count, vnpt, vnpt_at, merged_into,
                     "Đã áp dụng tại địa phương." if status == "applied" else "",
                     created, max(moved, created), submitted, awarded, 0)
                )  # fmt: skip
                if status != "draft":
                    changes.append((pk, PREVIOUS[status], status, author, moved, ""))
                pk += 1
            with transaction.atomic():
                self.insert(Idea, idea_cols, ideas)
                self.insert(Change, change_cols, changes)
                self.insert(Support, support_cols, supports)
                self.insert(Offer, offer_cols, offers)
            counts["supports"] += len(supports)
            counts["changes"] += len(changes)
            counts["offers"] += len(offers)
            if self.verbosity > 1:
                self.log(f"  ideas {offset + size}/{n}", t0)
        self.log(
            f"{n} ideas, {counts['supports']} supports, {counts['changes']} status changes, "
            f"{counts['offers']} VNPT offers",
            t0,
        )

    # --- service requests ---------------------------------------------------------------------

    def make_requests(self, n):
        if n <= 0:
            return
        M, rng = self.M, self.rng
        Request, Change, Plan = (
            M["services.ServiceRequest"],
            M["services.StatusChange"],
            M["services.Plan"],
        )
        from django.conf import settings

        from services.workdays import add_working_days  # a pure function, no models

        plans = list(Plan.objects.filter(for_members=True).values_list("pk", "service_id"))
        plans = plans or list(Plan.objects.values_list("pk", "service_id"))
        if not plans:
            self.stderr.write("no service plans: load_demo first")
            return
        liaisons = {}
        for pk, unit_id in (
            M["accounts.User"]
            .objects.filter(groups__name="vnpt_liaison")
            .values_list("pk", "unit_id")
        ):
            liaisons.setdefault(unit_id, pk)
        statuses, weights = _weighted(REQUEST_STATUSES)
        due_days = settings.SERVICE_FIRST_RESPONSE_WORKING_DAYS
        cols = [
            "id", "reference", "plan_id", "service_id", "requester_id", "unit_id", "for_unit",
            "vnpt_unit_id", "assignee_id", "quantity", "contact_name", "contact_phone", "address",
            "wished_on", "note", "status", "idempotency_key", "submitted_at",
            "first_response_due", "first_response_at", "completed_at", "reminded_at", "updated_at",
        ]  # fmt: skip
        change_cols = ["request_id", "old_status", "new_status", "by_id", "at", "comment"]
        t0 = time.monotonic()
        pk = self.next_id(Request)
        number = Request.objects.filter(reference__startswith=REFERENCE_PREFIX).count()
        members = self.members
        for offset in range(0, n, self.batch):
            rows, changes = [], []
            size = min(self.batch, n - offset)
            for status in rng.choices(statuses, weights, k=size):
                requester, unit = members[rng.randrange(len(members))]
                plan, service = rng.choice(plans)
                vnpt_unit = self.serving[unit]
                submitted = START + datetime.timedelta(seconds=rng.random() * SPAN)
                due = add_working_days(submitted.date(), due_days)
                responded = (
                    submitted + datetime.timedelta(hours=rng.randint(2, 96))
                    if status in RESPONDED
                    else None
                )
                completed = (
                    responded + datetime.timedelta(days=rng.randint(1, 20))
                    if status in DONE
                    else None
                )
                last = completed or responded or submitted
                assignee = liaisons.get(vnpt_unit) if status in RESPONDED else None
                name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                rows.append(
                    (pk, f"{REFERENCE_PREFIX}{number:07X}", plan, service, requester, unit, False,
                     vnpt_unit, assignee, 1, name, f"09{rng.randrange(10**8):08d}",
                     f"Số {rng.randint(1, 300)} đường {rng.choice(PLACES)}", None, "", status,
                     uuid.UUID(int=rng.getrandbits(128), version=4), submitted, due, responded,
                     completed, None, last)
                )  # fmt: skip
                changes.append((pk, "", "submitted", requester, submitted, ""))
                if status != "submitted":
                    changes.append((pk, "submitted", status, assignee, last, ""))
                pk += 1
                number += 1
            with transaction.atomic():
                self.insert(Request, cols, rows)
                self.insert(Change, change_cols, changes)
        self.log(f"{n} service requests", t0)
        self.count_service_demand()

    def count_service_demand(self):
        """Requests per service and day (the catalogue's popularity), as save() keeps them."""
        from services.demand import rebuild

        t0 = time.monotonic()
        self.log(f"{rebuild()} service demand rows", t0)
