"""Reads on the idea bank, each already filtered by what the asking user may see."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Count, Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce, TruncMonth
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from partnership import pagecache
from partnership.accounts.models import AnyUser, User
from partnership.accounts.roles import OFFICER
from partnership.organisations.models import Unit
from partnership.organisations.selectors import (
    carried_q,
    carries,
    current_province,
    unit_ids_in_province,
    units_carried_by,
)
from partnership.paging import Count as PageCount
from partnership.paging import KeysetPage, keyset_page
from partnership.periods import by_quarter
from partnership.snapshots import snapshot
from partnership.text import fold, words

from .diffs import diff_texts
from .models import (
    AWARDED_KEY,
    AWARDED_STATUSES,
    NEVER_AWARDED,
    NOT_COUNTED_STATUSES,
    PUBLISHED_STATUSES,
    RANK_KEY,
    WAITING_STATUSES,
    Campaign,
    Comment,
    Criterion,
    Field,
    Idea,
    IdeaVersion,
    ReviewAssignment,
    Status,
    VersionStatus,
)


def _in_range(
    qs: QuerySet[Idea],
    field: str,
    since: datetime.date | None,
    until: datetime.date | None,
) -> QuerySet[Idea]:
    """Filter `field` to [since, until]; dates are whole days, datetimes exact."""
    for bound, op in ((since, "gte"), (until, "lte")):
        if bound is None:
            continue
        if isinstance(bound, datetime.datetime):
            qs = qs.filter(**{f"{field}__{op}": bound})
        else:
            qs = qs.filter(**{f"{field}__date__{op}": bound})
    return qs


def idea_count(
    *,
    unit_ids: Iterable[int] | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> int:
    """Submitted ideas (not drafts, withdrawn or merged), by submission time and unit.

    Stable API: the agreements app counts these toward its idea-bank commitment.
    """
    qs = Idea.objects.exclude(status__in=NOT_COUNTED_STATUSES).filter(submitted_at__isnull=False)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    return _in_range(qs, "submitted_at", since, until).count()


def vnpt_supported_idea_count(
    *, since: datetime.date | None = None, until: datetime.date | None = None
) -> int:
    """Ideas VNPT offered support to, by the time of the first offer. Stable API."""
    return _supported(since, until).count()


def _supported(since: datetime.date | None, until: datetime.date | None) -> QuerySet[Idea]:
    qs = Idea.objects.filter(vnpt_supported=True).exclude(
        Q(status__in=NOT_COUNTED_STATUSES) | Q(vnpt_supported_at__isnull=True)
    )
    return _in_range(qs, "vnpt_supported_at", since, until)


def vnpt_supported_ideas_by_quarter(
    *, since: datetime.date | None = None, until: datetime.date | None = None
) -> dict[tuple[int, int], int]:
    """The ideas `vnpt_supported_idea_count` counts, per (year, quarter) of the first offer:
    one grouped statement."""
    return by_quarter(_supported(since, until), "vnpt_supported_at")


# --- who may do what ------------------------------------------------------------------------


def _officer_scope_q(unit: Unit, prefix: str = "") -> Q:
    """Ideas whose unit, or whose campaign's organising unit, is carried by the officer's unit
    (lies under it, or under a former unit merged into it)."""
    return carried_q(unit, f"{prefix}unit") | carried_q(unit, f"{prefix}campaign__organising_unit")


def _officer_unit(user: User) -> Unit | None:
    """The unit an officer acts for; None for anyone else."""
    if not (user.is_officer and user.unit_id):
        return None
    return user.unit


def can_moderate(user: AnyUser, idea: Idea) -> bool:
    """Screen, assign reviewers, decide: a content admin, or an officer over the organiser."""
    if not user.is_authenticated:
        return False
    if user.is_content_admin:
        return True
    unit = _officer_unit(user)
    if unit is None:
        return False
    campaign = idea.campaign
    organiser = campaign.organising_unit if campaign is not None else idea.unit
    return carries(unit, organiser) or carries(unit, idea.unit)


def is_author(user: AnyUser, idea: Idea) -> bool:
    if not user.is_authenticated:
        return False
    if idea.author_id == user.pk:
        return True
    known = _co_authors_known(idea)
    if user.pk not in known:
        known[user.pk] = idea.co_authors.filter(user=user, confirmed_at__isnull=False).exists()
    return known[user.pk]


def _co_authors_known(idea: Idea) -> dict[int, bool]:
    """Whether a person co-wrote this idea, once known for this instance: asked several times
    for one page (the page, may_amend), or read with the person's other marks (_own_marks)."""
    return idea.__dict__.setdefault("_co_author_of", {})


def idea_moderators(idea: Idea) -> list[User]:
    """The officers who may decide on this idea (can_moderate): of its unit, its campaign's
    organiser, or a unit above either."""
    units = [idea.unit, idea.campaign.organising_unit if idea.campaign else None]
    paths = {u.path for u in units if u is not None}
    above = Q()
    for path in paths:
        above |= Q(path__in=[path[:i] for i in range(Unit.steplen, len(path) + 1, Unit.steplen)])
    return list(
        User.objects.filter(
            is_active=True, groups__name=OFFICER, unit__in=Unit.objects.filter(above)
        ).distinct()
    )


def idea_recipients(idea: Idea) -> list[User | None]:
    """The people told about their idea: the author and every confirmed co-author."""
    people: list[User | None] = [idea.author]
    people += [
        c.user for c in idea.co_authors.select_related("user") if c.user_id and c.confirmed_at
    ]
    return people


# --- visible ideas --------------------------------------------------------------------------


def published_ideas() -> QuerySet[Idea]:
    return Idea.objects.filter(consent_to_publish=True, status__in=PUBLISHED_STATUSES)


def ideas_visible_to(user: AnyUser, *, pk: int | None = None) -> QuerySet[Idea]:
    """Published ideas for everyone; the rest only to their authors, assigned reviewers
    and moderators in scope. Drafts are private to their authors. `pk`: that idea only (the
    rule is then checked on its row alone, not on every idea the person may see)."""
    visible = Q(consent_to_publish=True, status__in=PUBLISHED_STATUSES)
    one = Q(pk=pk) if pk is not None else Q()
    if not user.is_authenticated:
        return Idea.objects.filter(visible, one)
    own = (
        Q(author=user)
        | Q(submitted_by=user)
        | Q(co_authors__user=user, co_authors__confirmed_at__isnull=False)
    )
    not_draft = ~Q(status=Status.DRAFT)
    reviewing = Q(reviews__reviewer=user) & not_draft
    rule = visible | own | reviewing
    if user.is_content_admin:
        rule |= not_draft
    elif unit := _officer_unit(user):
        rule |= _officer_scope_q(unit) & not_draft
    ids = Idea.objects.filter(rule, one).values("pk")
    return Idea.objects.filter(pk__in=ids)


def visible_idea(user: AnyUser, pk: int, *related: str) -> Idea | None:
    """One idea, with `related` rows, if `user` may see it (ideas_visible_to's rule): a
    published idea needs no more; any other one is checked by that rule on its row alone.
    Two small queries plan faster than the rule joined to the page's rows (8 ms at 100 000
    ideas, almost all of it planning)."""
    idea = next(iter(Idea.objects.select_related(*related).filter(pk=pk).order_by()[:1]), None)
    if idea is None or idea.is_published:
        return idea
    return idea if ideas_visible_to(user, pk=pk).exists() else None


def editable_by(user: User) -> QuerySet[Idea]:
    """Ideas the user wrote or typed in on someone's behalf (editable while still early)."""
    return Idea.objects.filter(Q(author=user) | Q(submitted_by=user))


def idea_page(idea: Idea, user: AnyUser) -> dict[str, Any]:
    """What the idea page shows to this user (the view adds the forms)."""
    mine = _own_marks(idea, user) if user.is_authenticated else {}
    moderator = can_moderate(user, idea)
    wrote_it = is_author(user, idea)
    # An officer who typed in a member's paper form manages the idea like its author, but it
    # is the member's idea, not theirs.
    on_behalf = not wrote_it and user.is_authenticated and idea.submitted_by_id == user.pk
    context: dict[str, Any] = {
        "idea": idea,
        "is_author": wrote_it or on_behalf,
        "on_behalf": on_behalf,
        "moderator": moderator,
        "co_authors": idea.co_authors.filter(confirmed_at__isnull=False).select_related("user"),
        "attachments": idea.attachments.all(),
        "offers": idea.vnpt_offers.select_related("unit"),
        "comments": visible_comments(idea, user).prefetch_related("reports"),
        "history": idea.status_changes.select_related("by"),
        # Lazy, as the querysets above: read only where the page renders them (a logged-in
        # person's page takes its parts showing the idea from the cache, {% shared %}).
        "progress": SimpleLazyObject(lambda: review_progress(idea)),
        "can_offer": user.is_authenticated and user.is_liaison and idea.is_published,
        "version": SimpleLazyObject(lambda: version_banner(idea)),
    }
    if wrote_it or on_behalf or moderator:
        context["pending_amendment"] = pending_amendment(idea)
    if user.is_authenticated:
        context["supported"], context["following"] = mine["supported"], mine["following"]
    if moderator:
        reviews = list(idea.reviews.select_related("reviewer").order_by("pk"))
        context["reviews"] = reviews
        context["my_review"] = next((r for r in reviews if r.reviewer_id == user.pk), None)
        context["similar"] = similar_ideas(idea.title, exclude_pk=idea.pk)
    elif mine.get("review"):
        # The page links to it: its key is all it needs.
        context["my_review"] = ReviewAssignment(pk=mine["review"], idea=idea)
    return context


def _own_marks(idea: Idea, user: User) -> dict[str, Any]:
    """The person's own state on the idea page, in one query: whether they support, follow or
    co-wrote it (is_author() then asks no more) and their review of it, if any."""
    mine: dict[str, Any] = dict(
        Idea.objects.filter(pk=idea.pk)
        .values(
            supported=Exists(idea.supports.filter(user=user)),
            following=Exists(idea.follows.filter(user=user)),
            co_author=Exists(idea.co_authors.filter(user=user, confirmed_at__isnull=False)),
            review=idea.reviews.filter(reviewer=user).values("pk")[:1],
        )
        .get()
    )
    _co_authors_known(idea)[user.pk] = mine["co_author"]
    return mine


def moderation_queue(user: User) -> QuerySet[Idea]:
    """Ideas waiting for a moderator's or the council's decision, in the user's scope."""
    qs = Idea.objects.filter(status__in=WAITING_STATUSES)
    if user.is_content_admin:
        return qs
    unit = _officer_unit(user)
    if unit is not None:
        # The same scope as _officer_scope_q, as two index lookups instead of an OR across
        # a join (which no index serves).
        units = units_carried_by(unit).values("pk")
        campaigns = Campaign.objects.filter(carried_q(unit, "organising_unit")).values("pk")
        return qs.filter(Q(unit_id__in=units) | Q(campaign_id__in=campaigns))
    return qs.none()


# The moderation queue's order: best mean score first, unscored ideas last, oldest first
# within a score (a queue is worked first in, first out). Matches the ideas_waiting_ranked index.
RANK_KEYS = [RANK_KEY, -F("id")]


def reviews_for(user: User) -> QuerySet[ReviewAssignment]:
    """The user's reviews; `changed_since` tells a finished one whose idea was amended since."""
    amended_since = IdeaVersion.objects.filter(
        idea=OuterRef("idea"),
        status=VersionStatus.APPROVED,
        approved_at__gt=OuterRef("completed_at"),
    )
    return (
        ReviewAssignment.objects.filter(reviewer=user)
        .exclude(idea__status__in=[Status.DRAFT, Status.WITHDRAWN, Status.MERGED])
        .select_related("idea", "idea__field", "idea__campaign")
        .annotate(changed_since=Exists(amended_since))
        .order_by("completed_at", "-assigned_at")
    )


def my_ideas(user: User) -> QuerySet[Idea]:
    ids = Idea.objects.filter(
        Q(author=user) | Q(co_authors__user=user, co_authors__confirmed_at__isnull=False)
    ).values("pk")
    return (
        Idea.objects.filter(pk__in=ids).select_related("field", "campaign").order_by("-updated_at")
    )


# --- rubric, reviews, ranking ---------------------------------------------------------------

DEFAULT_RUBRIC = [
    # Data, not interface text: the rubric is stored and shown as written.
    ("Tính mới", 3),
    ("Tính khả thi", 3),
    ("Hiệu quả", 3),
    ("Khả năng nhân rộng", 1),
]


def rubric_for(idea: Idea) -> list[Criterion]:
    """The campaign's criteria, or the default rubric for ideas outside a campaign."""
    if idea.campaign is not None:
        criteria = list(idea.campaign.criteria.all())
        if criteria:
            return criteria
    criteria = list(Criterion.objects.filter(campaign__isnull=True))
    if not criteria:
        criteria = [
            Criterion.objects.get_or_create(
                campaign=None, name=name, defaults={"weight": weight, "order": i}
            )[0]
            for i, (name, weight) in enumerate(DEFAULT_RUBRIC)
        ]
    return criteria


def review_progress(idea: Idea) -> tuple[int, int]:
    """(done, assigned), e.g. (2, 3) for "2/3 reviews done"."""
    agg = idea.reviews.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(completed_at__isnull=False))
    )
    return agg["done"], agg["total"]


def ranking(queryset: QuerySet[Idea]) -> QuerySet[Idea]:
    """Ideas with their weighted mean over finished reviews (kept on the idea), best first."""
    return queryset.order_by(*[k.desc() for k in RANK_KEYS])


# --- similar ideas --------------------------------------------------------------------------

_STOPWORDS = {
    "va", "cho", "cua", "cac", "nhung", "mot", "trong", "voi", "the", "tai", "de", "la", "o",
    "ve", "tu", "tren", "duoc", "nguoi", "bang",
}  # fmt: skip
_SIMILAR_STATUSES = [s for s in Status.values if s not in (Status.DRAFT, Status.WITHDRAWN)]
SIMILAR_AT_LEAST = 0.25  # trigram similarity of the folded titles


_trigram_found: set[str] = set()  # database aliases where pg_trgm was found (never removed)


def _trigram_available() -> bool:
    if connection.vendor != "postgresql":
        return False
    if connection.alias not in _trigram_found:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            if cursor.fetchone() is None:
                return False  # asked again next time: an administrator may install it
        _trigram_found.add(connection.alias)
    return True


def nearest_titles(qs: QuerySet[Idea], folded: str, limit: int) -> QuerySet[Idea]:
    """The `limit` ideas of `qs` whose folded titles are nearest `folded` (PostgreSQL), read in
    order from the GiST trigram index of ideas migration 0002: one sort key only, since a
    second would make PostgreSQL compare every title (620 ms at 100 000 ideas, 1 ms so)."""
    from django.contrib.postgres.search import TrigramDistance

    return qs.annotate(distance=TrigramDistance("title_folded", folded)).order_by("distance")[
        :limit
    ]


def _distance(idea: Idea) -> float:
    return idea.__dict__["distance"]  # annotated by nearest_titles()


def similar_ideas(title: str, *, exclude_pk: int | None = None, limit: int = 5) -> list[Idea]:
    """Ideas that look like `title`, among ideas the public may see.

    PostgreSQL with pg_trgm ranks by trigram similarity of the folded titles; elsewhere by
    how many significant folded words the titles share. Never raises on odd input.
    """
    folded = fold(title)[:200]
    words = {w for w in folded.split() if len(w) > 1 and w not in _STOPWORDS}
    if len(words) < 1 or len(folded) < 4:
        return []
    qs = published_ideas().filter(status__in=_SIMILAR_STATUSES).select_related("field")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if _trigram_available():
        # Cut at the threshold: once one title is too far, every later one is too. Equally
        # near ones: the newest first.
        close = [
            i for i in nearest_titles(qs, folded, limit) if _distance(i) <= 1 - SIMILAR_AT_LEAST
        ]
        return sorted(close, key=lambda idea: (_distance(idea), -idea.pk))
    match = Q()
    for word in words:
        match |= Q(title_folded__contains=word)
    scored: list[tuple[float, Idea]] = []
    for idea in qs.filter(match)[:200]:
        theirs = set(idea.title_folded.split())
        shared = len(words & theirs)
        if shared >= max(1, min(2, len(words) // 2)):
            scored.append((shared / len(words | theirs), idea))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].pk))
    return [idea for _score, idea in scored[:limit]]


def open_campaigns() -> QuerySet[Campaign]:
    """The campaigns open now, the first to close first, read from the database (the home
    page's panel, which needs one row: GallerySetup.open_campaigns() would read every
    campaign and field on a cold process)."""
    now = timezone.now()
    return Campaign.objects.filter(submission_opens__lte=now, submission_closes__gt=now).order_by(
        "submission_closes"
    )


@dataclass(frozen=True)
class GallerySetup:
    """The campaigns and fields the gallery filters by, read once per "idea_setup" generation
    (pagecache.per_generation): a filtered gallery page then needs no query to check its
    filters, to turn their slugs into ids or to know which campaigns are open."""

    campaigns: tuple[tuple[int, str, str, datetime.datetime, datetime.datetime], ...]
    fields: tuple[tuple[int, str, str], ...]

    def campaign_choices(self) -> list[tuple[str, str]]:
        return [(slug, title) for _, slug, title, _, _ in self.campaigns]

    def field_choices(self) -> list[tuple[str, str]]:
        return [(slug, name) for _, slug, name in self.fields]

    def campaign_pk(self, slug: str) -> int | None:
        return next((pk for pk, s, _, _, _ in self.campaigns if s == slug), None)

    def field_pk(self, slug: str) -> int | None:
        return next((pk for pk, s, _ in self.fields if s == slug), None)

    def _open_now(self) -> list[tuple[int, str, str, datetime.datetime, datetime.datetime]]:
        now = timezone.now()
        found = [row for row in self.campaigns if row[3] <= now < row[4]]
        return sorted(found, key=lambda row: (row[4], row[0]))  # the first to close first

    def open_campaigns(self) -> list[Campaign]:
        """The campaigns open now, the first to close first: enough of each to list and link
        it (the gallery's "Campaigns open now"), with no query: open_campaigns()'s rule."""
        return [
            Campaign(
                pk=pk, slug=slug, title=title, submission_opens=opens, submission_closes=closes
            )
            for pk, slug, title, opens, closes in self._open_now()
        ]

    def open_campaign_ids(self) -> list[int]:
        """Part of the keys of the gallery and the campaign pages (open by the clock alone)."""
        return [row[0] for row in self._open_now()]


@pagecache.per_generation("idea_setup")
def gallery_setup() -> GallerySetup:
    campaigns = Campaign.objects.values_list(
        "pk", "slug", "title", "submission_opens", "submission_closes"
    )
    return GallerySetup(
        campaigns=tuple(campaigns), fields=tuple(Field.objects.values_list("pk", "slug", "name"))
    )


def open_campaign_ids() -> list[int]:
    """Which campaigns are open now: part of the keys of the gallery and the campaign pages,
    which show it and change by the clock alone."""
    return gallery_setup().open_campaign_ids()


# --- gallery --------------------------------------------------------------------------------

# Sort keys, all descending, the last one unique: each matches a partial index on published
# ideas (models.Idea.Meta.indexes), which keyset pagination walks.
SORT_KEYS: dict[str, list[F | BaseExpression]] = {
    "newest": [F("submitted_at"), F("id")],
    "supported": [F("support_count"), F("submitted_at"), F("id")],
    "awarded": [AWARDED_KEY, F("id")],
}
SORTS = {name: [k.desc() for k in keys] for name, keys in SORT_KEYS.items()}
# Searches count their matches up to here ("more than 100 ideas"): never a scan of every
# match (bench/search.py: at a million ideas, finding 1 001 matches of a two-word term costs
# 60-120 ms, finding 101 costs 5-15 ms).
SEARCH_COUNT_CAP = 100
SEARCH_MAX_CHARS = 200
TOKEN_CHARS = 60  # as ideas_search_tokens() (ideas migration 0001_squashed) cuts each word
PAIR_CHARS = 3  # and keeps of the second word of a pair


# Long texts a list never shows: left in the database (pages of 20 rows read less).
# The author's name for a list, without loading the account: theirs, else the paper author's.
AUTHOR_LABEL = Coalesce("author__full_name", "paper_author__name", Value(""))
LIST_DEFER = ("problem", "solution", "impact", "search_text", "applied_evidence")


# --- search ---------------------------------------------------------------------------------
# An idea matches a query when its words (`Idea.search_text`, partnership.text.words) hold the
# query's words in the same order, from the start of a word, the last one possibly cut short:
# "thu vien" and "thư viện (số" find "Thư viện số"; "vien so" does too, "ien so" does not.
# On every database that is `search_text LIKE '% thu vien%'`.
#
# On PostgreSQL the database must not read every idea to answer it. A frequent phrase is found
# by reading: 101 matches come within the first few thousand ideas, and pages walk their sort
# index. A rare phrase (or one that matches nothing) goes through the GIN index of each idea's
# words and word pairs (ideas_search_tokens()): only ideas holding every pair of the phrase are read.
# Which is which, a sample says: the first SAMPLE_ROWS published ideas, read as they lie.
SAMPLE_ROWS = 2000
FREQUENT_IN_SAMPLE = 20  # 1 % of ideas or more: a scan finds 101 within ~10 000 rows


def search_phrase(q: str) -> str:
    """The query as matched against `search_text`: " thu vien so" (empty: nothing to search)."""
    return words(q)[:SEARCH_MAX_CHARS].rstrip()


def token_query(phrase: str) -> str:
    """The tsquery of the tokens a phrase needs (what ideas_search_tokens() of the ideas migration
    indexes: words, and each word with the first PAIR_CHARS letters of the next one):
    " thu vien rac" -> 'thu_vie' & 'vien_rac'; one word: 'thu':* (any word starting so); a
    last word shorter than PAIR_CHARS: a prefix, " nong nghiep s" -> 'nong_ngh' & 'nghiep_s':*.
    Words are letters and digits only, so nothing needs quoting."""
    ws = [w[:TOKEN_CHARS] for w in phrase.split()]
    if len(ws) == 1:
        return f"'{ws[0]}':*"
    tokens = [f"'{a}_{b[:PAIR_CHARS]}'" for a, b in zip(ws[:-1], ws[1:], strict=True)]
    if len(ws[-1]) < PAIR_CHARS:
        tokens[-1] += ":*"
    return " & ".join(tokens)


class _HasTokens(Func):
    """`<the idea's tokens> @@ '<tokens>'::tsquery`, answered by the ideas' token index: the
    words of `search_text` and the idea's field, campaign and unit (filter_terms())."""

    output_field = BooleanField()

    def __init__(self, phrase: str, terms: Sequence[str] = ()) -> None:
        query = " & ".join([token_query(phrase), *terms])
        fields = [F("search_text"), F("field_id"), F("campaign_id"), F("unit_id")]
        super().__init__(*fields, Value(query))

    def as_sql(  # type: ignore[override]  # none of Func's templating arguments apply
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        for expression in self.source_expressions:
            sql, more = compiler.compile(expression)
            parts.append(sql)
            params.extend(more)
        text, field, campaign, unit, query = parts
        return (
            f"(ideas_search_tokens({text}) || ideas_filter_tokens({field}, {campaign}, {unit}))"
            f" @@ ({query})::tsquery",
            params,
        )


def matching(qs: QuerySet[Idea], phrase: str) -> QuerySet[Idea]:
    """The rows of `qs` (published ideas) that match `phrase` (search_phrase())."""
    if not phrase:
        return qs.none()
    return qs.filter(search_text__contains=phrase)


MAX_UNIT_TERMS = 200  # a province with more units is filtered row by row, not in the index


def filter_terms(
    *, campaign: str = "", field: str = "", province: str = "", status: str = "", vnpt: bool = False
) -> tuple[list[str], list[str], list[Any]]:
    """The gallery's filters as (tsquery terms of the filter tokens, conditions on
    the sample's columns with their parameters). A slug that names nothing gives no term: the
    queryset's own filter already matches nothing."""
    terms: list[str] = []
    conditions: list[str] = []
    params: list[Any] = []
    setup = gallery_setup()
    lookups = [
        ("f", "field_id", setup.field_pk(field) if field else None),
        ("c", "campaign_id", setup.campaign_pk(campaign) if campaign else None),
    ]
    for prefix, column, pk in lookups:
        if pk is not None:
            terms.append(f"'@{prefix}{pk}'")
            conditions.append(f"sample.{column} = %s")
            params.append(pk)
    if province:
        units = unit_ids_in_province(province)
        if 0 < len(units) <= MAX_UNIT_TERMS:
            terms.append("(" + " | ".join(f"'@u{pk}'" for pk in units) + ")")
            conditions.append("sample.unit_id = ANY(%s)")
            params.append(units)
    if status in PUBLISHED_STATUSES:  # as gallery() filters
        conditions.append("sample.status = %s")
        params.append(status)
    if vnpt:
        conditions.append("sample.vnpt_supported")
    return terms, conditions, params


def frequent(phrase: str, conditions: Sequence[str] = (), params: Sequence[Any] = ()) -> bool:
    """Whether at least 1 % of ideas match `phrase` (and the filters' `conditions`), judged on
    the first SAMPLE_ROWS published ideas as they lie on disk (a bounded read: about 2 ms)."""
    columns = ("search_text", "field_id", "campaign_id", "unit_id", "status", "vnpt_supported")
    sample = published_ideas().order_by().values(*columns)[:SAMPLE_ROWS]
    sql, sample_params = sample.query.sql_with_params()
    where = " AND ".join(["sample.search_text LIKE %s", *conditions])
    with connection.cursor() as cursor:
        cursor.execute(
            # `sql` is the ORM's own compiled query and `where` our fixed conditions; every
            # value stays in the parameters
            f"SELECT count(*) FROM (SELECT 1 FROM ({sql}) AS sample"  # noqa: S608
            f" WHERE {where} LIMIT %s) AS hits",
            [*sample_params, f"%{phrase}%", *params, FREQUENT_IN_SAMPLE],
        )
        return cursor.fetchone()[0] >= FREQUENT_IN_SAMPLE


def search(
    qs: QuerySet[Idea], q: str, *, cap: int | None = None, filters: dict[str, Any] | None = None
) -> tuple[QuerySet[Idea], PageCount]:
    """(rows of `qs` matching `q`, their count capped at `cap`), for published ideas; `filters`
    are the gallery filters `qs` already applies (filter_terms()), for the index.

    One query finds up to cap + 1 matches (on PostgreSQL, a rare phrase through the token
    index). Fewer: the count is exact and the rows are that small set of ids. More: "more than
    100", and the rows are a filter the caller walks in its sort index (a frequent phrase: a
    page of matches comes quickly) or reads through the token index (a rare one)."""
    cap = SEARCH_COUNT_CAP if cap is None else cap
    phrase = search_phrase(q)
    matches = matching(qs, phrase)
    if not phrase:
        return matches, PageCount(0)
    postgresql = connection.vendor == "postgresql"
    terms, conditions, params = filter_terms(**(filters or {})) if postgresql else ([], [], [])

    def find() -> tuple[bool, list[int]]:
        rare = postgresql and not frequent(phrase, conditions, params)
        found = matches.filter(_HasTokens(phrase, terms)) if rare else matches
        return rare, list(found.order_by().values_list("pk", flat=True)[: cap + 1])

    # Which ideas match changes only with an idea's text or status, each a write on the
    # "ideas" generation: the two queries (the sample, the matches: 5-20 ms at a million
    # ideas) are kept per generation, keyed on the query itself.
    try:
        sql, sql_params = matches.order_by().values_list("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that names nothing
        return matches, PageCount(0)
    rare, ids = pagecache.remembered(("ideas",), "ideas.search", find, sql, sql_params, cap)
    if rare:
        matches = matches.filter(_HasTokens(phrase, terms))
    count = PageCount(min(len(ids), cap), capped=len(ids) > cap)
    return (matches if count.capped else qs.filter(pk__in=ids)), count


def gallery(
    *,
    q: str = "",
    campaign: str | None = None,
    field: str | None = None,
    province: str = "",
    status: str = "",
    vnpt: bool = False,
    sort: str = "",
    versions_only: bool = False,
) -> QuerySet[Idea]:
    """Published ideas matching the filters, as the gallery lists them (`versions_only`: their
    id and version, with no join, for gallery_versions())."""
    qs: QuerySet[Idea] = published_ideas()
    if versions_only:
        qs = qs.only("pk", "row_version")
    else:
        qs = (
            qs.select_related("field", "campaign", "unit")
            .defer(*LIST_DEFER)
            .annotate(author_label=AUTHOR_LABEL)
        )
    if q:
        qs = matching(qs, search_phrase(q))
    # The slugs become ids without a query (gallery_setup); one that names nothing matches
    # no idea, as a join on it would.
    if campaign:
        pk = gallery_setup().campaign_pk(campaign)
        qs = qs.filter(campaign_id=pk) if pk is not None else qs.none()
    if field:
        pk = gallery_setup().field_pk(field)
        qs = qs.filter(field_id=pk) if pk is not None else qs.none()
    if province:
        # The province's units first (a handful, former provinces' units included, kept per
        # "units" generation): the sort's index is then walked only until 21 of their ideas
        # are found, and a province without units costs no walk at all (a join on the unit's
        # province walked every published idea for it).
        qs = qs.filter(unit_id__in=unit_ids_in_province(province))
    if status and status in PUBLISHED_STATUSES:
        qs = qs.filter(status=status)
        if sort == "awarded" and status not in AWARDED_STATUSES:
            # Ideas of this status have no award date (a constraint says so): their walk
            # starts after every awarded idea, which ideas_public_awarded lists first (at a
            # million ideas, skipping them read 95 000 rows: 230 ms).
            qs = qs.alias(awarded_key=AWARDED_KEY).filter(awarded_key__lte=NEVER_AWARDED)
    if vnpt:
        qs = qs.filter(vnpt_supported=True)
    return qs.order_by(*SORTS.get(sort, SORTS["newest"]))


def gallery_count(
    campaign: str = "", field: str = "", province: str = "", status: str = "", vnpt: bool = False
) -> int:
    """Published ideas matching the filters: an exact count, read through a snapshot."""
    return gallery(
        campaign=campaign, field=field, province=province, status=status, vnpt=vnpt
    ).count()


def gallery_page(
    *,
    after: str = "",
    before: str = "",
    number: int = 1,
    size: int = 20,
    versions_only: bool = False,
    **filters: Any,
) -> KeysetPage:
    """One page of the gallery, keyset-paginated, with a count that never scans at scale:
    without a search, an exact count at most a minute old; with one, capped (search()).
    `versions_only`: the rows hold their id and version only (gallery_versions())."""
    filters = {k: v for k, v in filters.items() if v}
    sort = filters.pop("sort", "") or "newest"
    q = filters.pop("q", "")
    qs = gallery(**filters, sort=sort, versions_only=versions_only).order_by()
    if q:
        qs, count = search(qs, q, filters=filters)
    else:
        count = PageCount(gallery_total(**filters))
    return keyset_page(
        qs,
        SORT_KEYS.get(sort, SORT_KEYS["newest"]),
        after=after,
        before=before,
        number=number,
        size=size,
        count=count,
    )


def gallery_versions(**arguments: Any) -> tuple[Any, ...]:
    """What identifies one gallery page's content: the (id, version) of its ideas (one
    indexed query of two columns), its count and whether pages follow or precede it. The page
    cache keys the page on it (pagecache.cached(versions=...)): a support changes the key of
    the pages showing that idea only."""
    page = gallery_page(**arguments, versions_only=True)
    count = page.count
    return (
        tuple((idea.pk, idea.row_version) for idea in page.object_list),
        (count.value, count.capped) if count else None,
        page.more_after,
        page.more_before,
    )


def public_idea_version(pk: int) -> int | None:
    """The version of a published idea (the idea page's key), None if no visitor may see it."""
    return published_ideas().filter(pk=pk).values_list("row_version", flat=True).first()


def gallery_total(
    *, campaign: str = "", field: str = "", province: str = "", status: str = "", vnpt: bool = False
) -> int:
    """gallery_count() through a snapshot at most a minute old (the home page's total of
    published ideas is the same snapshot, with no filter)."""
    return snapshot(gallery_count, campaign, field, province, status, bool(vnpt), max_age=60)


def visible_comments(idea: Idea, user: AnyUser) -> QuerySet[Comment]:
    qs = idea.comments.select_related("author")
    if user.is_authenticated and can_moderate(user, idea):
        return qs
    return qs.filter(hidden_at__isnull=True)


# --- unit dashboard -------------------------------------------------------------------------


def unit_ideas(unit: Unit) -> QuerySet[Idea]:
    """Ideas of the unit, the units below and the former units merged into them that were
    submitted: the dashboard's figures, its list and its export count the same rows (a draft
    withdrawn before submission is none)."""
    units = units_carried_by(unit).values("pk")
    return Idea.objects.filter(unit_id__in=units, submitted_at__isnull=False)


def submissions_by_month(qs: QuerySet[Idea]) -> list[tuple[datetime.date, int]]:
    """Submissions per calendar month (local time), every month from the first to the last
    one with a submission, months without any included as 0: one grouped statement."""
    rows = (
        qs.annotate(month=TruncMonth("submitted_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    counts = {(r["month"].year, r["month"].month): r["n"] for r in rows}
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    out = []
    while (year, month) <= last:
        out.append((datetime.date(year, month, 1), counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def unit_dashboard(unit_id: int) -> dict[str, Any]:
    """The unit's figures: six aggregates over its whole subtree. Read it through
    `snapshot(unit_dashboard, unit.pk)`: at national scale each is a scan of every idea."""
    qs = unit_ideas(Unit.objects.get(pk=unit_id))
    return {
        "total": qs.count(),
        "by_month": submissions_by_month(qs),
        "by_status": list(qs.values("status").annotate(n=Count("pk")).order_by("status")),
        "by_field": list(qs.values("field__name").annotate(n=Count("pk")).order_by("-n")),
        "by_campaign": list(qs.values("campaign__title").annotate(n=Count("pk")).order_by("-n")),
        "by_province": _by_current_province(
            qs.values_list("unit__province").annotate(n=Count("pk")).order_by()
        ),
    }


def _by_current_province(rows: Iterable[tuple[str, int]]) -> list[dict[str, Any]]:
    """Counts per province of today: a former province's count goes to its successor's."""
    totals: dict[str, int] = defaultdict(int)
    for province, n in rows:
        totals[current_province(province or "")] += n
    return [
        {"unit__province": p, "n": n}
        for p, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


# --- versions and amendments ----------------------------------------------------------------

# The sections an amendment may change (a subset of actions.IDEA_FIELDS).
AMENDABLE_FIELDS = ("title", "summary", "problem", "solution", "impact")


def text_of(idea: Idea) -> dict[str, str]:
    """The idea's text as a version keeps it."""
    return {name: getattr(idea, name) or "" for name in AMENDABLE_FIELDS}


def section_labels() -> dict[str, str]:
    return {
        name: str(getattr(Idea._meta.get_field(name), "verbose_name", name)).capitalize()
        for name in AMENDABLE_FIELDS
    }


def approved_versions(idea: Idea) -> QuerySet[IdeaVersion]:
    return idea.versions.filter(status=VersionStatus.APPROVED).order_by("number")


def version_banner(idea: Idea) -> dict[str, Any] | None:
    """ "Version 3 of 3, amended on …" once the idea has been amended at least once."""
    numbers = list(approved_versions(idea).values_list("number", "approved_at"))
    if len(numbers) < 2:
        return None
    number, at = numbers[-1]
    return {"number": number, "count": len(numbers), "at": at}


def version_history(idea: Idea, user: AnyUser) -> dict[str, Any]:
    """Every approved version, newest first, each with what changed from the one before; for
    the authors and the officers, amendments waiting or rejected with their difference from
    the text in force."""
    labels = section_labels()
    versions = list(approved_versions(idea).select_related("author"))
    rows = []
    for i, version in enumerate(versions):
        before = versions[i - 1] if i else None
        rows.append(
            {
                "version": version,
                "changes": diff_texts(before.fields, version.fields, labels) if before else [],
            }
        )
    rows.reverse()
    context: dict[str, Any] = {"rows": rows, "count": len(versions)}
    on_behalf = user.is_authenticated and idea.submitted_by_id == user.pk
    if is_author(user, idea) or on_behalf or can_moderate(user, idea):
        current = text_of(idea)
        proposals = (
            idea.versions.exclude(status=VersionStatus.APPROVED)
            .select_related("author")
            .prefetch_related("status_changes__by")
            .order_by("-created_at", "-pk")
        )
        context["proposals"] = [
            {
                "version": v,
                "decision": next(
                    (c for c in reversed(v.status_changes.all()) if c.old_status), None
                ),
                "changes": diff_texts(current, v.fields, labels)
                if v.status == VersionStatus.PENDING
                else [],
            }
            for v in proposals
        ]
    return context


def pending_amendment(idea: Idea) -> IdeaVersion | None:
    return idea.versions.filter(status=VersionStatus.PENDING).first()


def changes_since_review(review: ReviewAssignment) -> dict[str, Any] | None:
    """What changed in the idea since this reviewer scored it: the version they scored, the
    date of their review and the difference to the text in force; None if nothing did."""
    if review.completed_at is None:
        return None
    versions = list(approved_versions(review.idea))
    later = [v for v in versions if v.approved_at and v.approved_at > review.completed_at]
    if not later:
        return None
    earlier = [v for v in versions if v not in later]
    scored = earlier[-1] if earlier else versions[0]
    changes = diff_texts(scored.fields, versions[-1].fields, section_labels())
    return {
        "since": review.completed_at,
        "scored": scored,
        "current": versions[-1],
        "changes": changes,
    }
