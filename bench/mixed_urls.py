"""Write the URL mixes of bench/mixed: one line per request target, `path<TAB>who`.

    .venv/bin/python bench/mixed_urls.py OUTDIR     # writes OUTDIR/public.tsv, OUTDIR/members.tsv

public.tsv: at least 500 distinct public URLs as visitors reach them: the idea gallery under
filters × sorts, idea searches and site searches, idea pages, campaign pages, the services
catalogue (categories, searches, service pages), news, units, the agreement and home.
members.tsv: the logged-in key pages (`who` names the session: officer or liaison) plus the
gallery and idea pages as a logged-in member reads them. Picks are seeded: the same data
gives the same mix.
"""

import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bench_settings")

import django  # noqa: E402

django.setup()

from ideas.forms import SORT_CHOICES  # noqa: E402
from ideas.models import Campaign, Field  # noqa: E402
from ideas.selectors import PUBLISHED_STATUSES, published_ideas  # noqa: E402
from partnership.news.models import Article  # noqa: E402
from partnership.organisations import provinces  # noqa: E402
from services.models import Category, Service  # noqa: E402

rng = random.Random(2026)
SEARCHES = [
    "nong nghiep", "so hoa", "thu vien", "moi truong", "giao duc", "y te", "du lich",
    "chuyen doi so", "thanh nien", "nong thon", "rac thai", "nuoc sach", "ung dung",
    "hoc sinh", "tinh nguyen", "khoi nghiep", "ban do", "camera", "wifi", "dien mat troi",
]  # fmt: skip


def gallery(**params) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"/ideas/?{query}" if query else "/ideas/"


def public_urls() -> list[str]:
    sorts = [value for value, _label in SORT_CHOICES]
    fields = list(Field.objects.values_list("slug", flat=True))
    province_names = [value for value, _label in provinces.CHOICES]
    urls = ["/", "/units/", "/agreement/", "/news/", "/services/", "/search/?q=so+hoa"]
    urls += [gallery(sort=s) for s in sorts]
    urls += [gallery(field=f, sort=s) for f in fields for s in sorts]
    urls += [gallery(province=p, sort=s) for p in province_names for s in sorts]
    urls += [gallery(status=st, sort=s) for st in PUBLISHED_STATUSES for s in sorts]
    urls += [gallery(vnpt="on", sort=s) for s in sorts]
    urls += [gallery(field=f, province=p) for f in fields for p in rng.sample(province_names, 5)]
    urls += [gallery(q=q) for q in SEARCHES]
    urls += [gallery(q=q, sort="supported") for q in SEARCHES]
    urls += [f"/search/?{urlencode({'q': q})}" for q in SEARCHES[:10]]
    ideas = list(published_ideas().values_list("pk", flat=True).order_by("-pk")[:5000])
    urls += [f"/ideas/{pk}/" for pk in rng.sample(ideas, min(200, len(ideas)))]
    urls += [c.get_absolute_url() for c in Campaign.objects.all()[:20]]
    urls += [
        f"/services/category/{slug}/" for slug in Category.objects.values_list("slug", flat=True)
    ]
    urls += [
        f"/services/{slug}/"
        for slug in Service.objects.filter(published=True).values_list("slug", flat=True)[:40]
    ]
    urls += [
        f"/services/?{urlencode({'q': q})}" for q in ("internet", "truyen hinh", "hoc", "cloud")
    ]
    urls += [a.get_absolute_url() for a in Article.objects.order_by("-pk")[:30]]
    return list(dict.fromkeys(urls))


def member_urls(public: list[str]) -> list[tuple[str, str]]:
    key_pages = [
        ("/services/queue/", "liaison"),
        ("/services/requests/", "officer"),
        ("/ideas/moderate/", "officer"),
        ("/ideas/dashboard/", "officer"),
        ("/agreement/dashboard/", "officer"),
        ("/notifications/", "officer"),
        ("/", "officer"),
    ]
    # As members read: the key pages often, the public ones they browse too.
    browsing = [(url, "officer") for url in rng.sample(public, min(100, len(public)))]
    return key_pages * 10 + browsing


def main() -> None:
    out = Path(sys.argv[1])
    public = public_urls()
    (out / "public.tsv").write_text("".join(f"{u}\t\n" for u in public), encoding="utf-8")
    members = member_urls(public)
    (out / "members.tsv").write_text("".join(f"{u}\t{w}\n" for u, w in members), encoding="utf-8")
    print(f"{len(public)} public URLs, {len(members)} member lines", file=sys.stderr)


if __name__ == "__main__":
    main()
