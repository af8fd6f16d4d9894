"""The national-scale dataset of `make_scale_data`: the core's plumbing, members and units,
and the registry through which each app generates its own rows.

An app registers a generator in its AppConfig.ready():

    scale.register(scale.Generator(name="ideas", default=2000, make=..., reset=..., models=...))

and `make_scale_data --ideas N` calls `make(loader, N)` after the core has made the units and
members (`loader.members`: every scale member's (pk, unit_id)). Rows are written in batches
through `loader.insert` (COPY on PostgreSQL, bulk_create elsewhere); since neither calls
save(), a generator computes every column save() or the actions would fill.

Everything generated is marked so `--reset` can remove it again: members have e-mails
`scale-<n>@example.invalid`, and each generator's `reset` removes the rows that hang on them
(inside one transaction, before the core removes the members and the scale units, whose slugs
start with `scale-`).
"""

import datetime
import functools
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.core.management.base import OutputWrapper
from django.core.management.color import no_style
from django.db import connection, models, transaction

from partnership.accounts.models import User
from partnership.organisations.models import Unit
from partnership.organisations.selectors import serving_vnpt_unit
from partnership.text import fold

EMAIL_PREFIX = "scale-"
EMAIL_DOMAIN = "@example.invalid"
SLUG_PREFIX = "scale-"
BULK = 50_000  # from this many rows, a generator's plain indexes are rebuilt after the load

# --- Vietnamese word lists (shared by the generators) ---------------------------------------

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
GRASSROOTS = [
    "Đoàn Thanh niên xã {}", "Đoàn trường THPT {}", "Đoàn Thanh niên phường {}",
    "Đoàn Thanh niên Bệnh viện Đa khoa {}",
]  # fmt: skip
PLACES = ["Hòa Bình", "Tân Lập", "Quang Trung", "Lê Lợi", "Thống Nhất", "Hưng Đạo", "Đồng Tâm"]

START = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
END = datetime.datetime(2025, 12, 31, 23, 0, tzinfo=datetime.UTC)
SPAN = (END - START).total_seconds()


@functools.cache
def fold_piece(text: str) -> str:
    """fold() of one word-list entry; fold(a + " " + b) == fold(a) + " " + fold(b)."""
    return fold(text)


def weighted(pairs: Sequence[tuple[Any, int]]) -> tuple[list[Any], list[int]]:
    values, weights = zip(*pairs, strict=True)
    return list(values), list(weights)


# --- the registry ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Generator:
    name: str  # the command's option: --<name> N
    default: int
    help: str
    make: Callable[["Loader", int], None]
    # Removes the rows of the scale members (the queryset), inside the reset's transaction.
    reset: Callable[["Loader", models.QuerySet], None]
    # Models written (their sequences are moved past the generated ids, tables analysed).
    models: Callable[[], list[type[models.Model]]]
    # PostgreSQL tables whose plain indexes are dropped around a load of BULK rows or more.
    bulk_tables: tuple[str, ...] = ()
    # Why the generator cannot run (e.g. the demo data is missing), or "".
    check: Callable[[], str] = lambda: ""
    order: int = 50


_generators: dict[str, Generator] = {}


def register(generator: Generator) -> None:
    _generators[generator.name] = generator


def generators() -> list[Generator]:
    return sorted(_generators.values(), key=lambda g: (g.order, g.name))


# --- the loader -----------------------------------------------------------------------------


@dataclass
class Loader:
    """What a generator writes with: the random source, the batch size, the output, and the
    units and members the core made."""

    rng: random.Random
    batch: int
    stdout: OutputWrapper
    stderr: OutputWrapper
    verbosity: int = 1
    pg: bool = field(default_factory=lambda: connection.vendor == "postgresql")
    units: list[int] = field(default_factory=list)
    serving: dict[int, int] = field(default_factory=dict)  # union unit -> serving VNPT unit
    members: list[tuple[int, int]] = field(default_factory=list)  # (pk, unit_id)

    def log(self, message: str, t0: float | None = None) -> None:
        if self.verbosity:
            suffix = f" ({time.monotonic() - t0:.1f} s)" if t0 is not None else ""
            self.stdout.write(f"  {message}{suffix}")

    @staticmethod
    def next_id(model: type[models.Model]) -> int:
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    def insert(self, model: type[models.Model], columns: list[str], rows: list[tuple]) -> None:
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

    def fast_session(self) -> None:
        """Inside the load's transaction: skip FK triggers (ids are generated consistent) and
        do not wait for the WAL flush. Needs a superuser for the first; falls back quietly."""
        if not self.pg:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")

    def drop_indexes(self, tables: list[str]) -> list[tuple[str, str]]:
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

    def recreate_indexes(self, found: list[tuple[str, str]]) -> None:
        t0 = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in found:
                cursor.execute(definition)
        self.log(f"rebuilt {len(found)} indexes", t0)

    def finish(self, written: list[type[models.Model]]) -> None:
        t0 = time.monotonic()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), written):
                cursor.execute(sql)
            if self.pg:
                # VACUUM as well where it may run (not inside a transaction, as in tests): it
                # marks the loaded pages all-visible, as autovacuum would on a portal that has
                # run for a while, so index-only scans and plans are those of production.
                verb = "VACUUM (ANALYZE)" if connection.get_autocommit() else "ANALYZE"
                for model in written:
                    cursor.execute(f"{verb} {model._meta.db_table}")
        self.log("sequences reset, tables vacuumed and analysed", t0)


# --- the core's part: units and members -----------------------------------------------------


def scale_members() -> models.QuerySet:
    return User.objects.filter(email__startswith=EMAIL_PREFIX, email__endswith=EMAIL_DOMAIN)


def reset(loader: Loader) -> None:
    """Remove every scale row: each generator's, then the members and the scale units."""
    t0 = time.monotonic()
    scale_users = scale_members()
    with transaction.atomic():
        loader.fast_session()  # no deferred FK check per deleted row at COMMIT
        for generator in generators():
            generator.reset(loader, scale_users)
        User.groups.through.objects.filter(user__in=scale_users.values("pk"))._raw_delete(
            connection.alias
        )
        n_users = scale_users.count()
        scale_users._raw_delete(connection.alias)
        for unit in Unit.objects.filter(slug__startswith=SLUG_PREFIX).order_by("-depth"):
            unit.delete()
    loader.log(f"reset: removed {n_users} scale members and their rows", t0)


def prepare_units(loader: Loader) -> None:
    """Every active union unit with a province, plus three scale grassroots units each."""
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
    # The VNPT branch that serves each unit (where a member's request is routed).
    by_pk = Unit.objects.in_bulk([u.pk for u in units])
    loader.serving = {pk: serving_vnpt_unit(unit).pk for pk, unit in by_pk.items()}
    loader.log(f"{len(units)} union units in {len({u.province for u in units})} provinces")
    loader.units = [u.pk for u in units]


def make_members(loader: Loader, n: int) -> None:
    Through = User.groups.through
    group = Group.objects.get_or_create(name="member")[0]
    rng, units = loader.rng, loader.units
    t0 = time.monotonic()
    start = loader.next_id(User)
    taken = User.objects.filter(email__startswith=EMAIL_PREFIX).count()
    cols = [
        "id", "password", "is_superuser", "email", "full_name", "phone", "unit_id",
        "position", "language", "is_active", "is_staff", "date_joined", "search_text",
    ]  # fmt: skip
    pk = start
    for offset in range(0, n, loader.batch):
        rows, links = [], []
        for i in range(offset, min(n, offset + loader.batch)):
            number = taken + i
            parts = (rng.choice(SURNAMES), rng.choice(MIDDLE), rng.choice(GIVEN))
            name = " ".join(parts)
            email = f"{EMAIL_PREFIX}{number}{EMAIL_DOMAIN}"
            folded = " ".join(fold_piece(p) for p in parts)
            joined = START + datetime.timedelta(seconds=rng.random() * SPAN)
            rows.append(
                (pk, "!scale", False, email, name, f"09{rng.randrange(10**8):08d}",
                 rng.choice(units), "", "vi", True, False, joined, f"{folded} {email}")
            )  # fmt: skip
            links.append((pk, group.pk))
            pk += 1
        with transaction.atomic():
            loader.insert(User, cols, rows)
            loader.insert(Through, ["user_id", "group_id"], links)
    loader.log(f"{n} members", t0)
    # Every scale member (from earlier runs too), with their unit, for authors and requests.
    loader.members = list(scale_members().order_by("pk").values_list("pk", "unit_id"))


CORE_MODELS: list[type[models.Model]] = [User, Unit]
