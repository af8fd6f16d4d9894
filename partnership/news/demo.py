"""News drawn from the article of 23/08/2019 and what followed it (partnership/news/demo_content:
the article's text, and the later articles as data)."""

import datetime
import io
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from partnership.organisations.demo import unit

from .models import Article

CONTENT = Path(__file__).parent / "demo_content"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _cover(text: str) -> ContentFile:
    """A plain banner standing in for the ceremony photo, which the demo cannot ship."""
    img = Image.new("RGB", (1200, 500), (11, 79, 156))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 460, 1200, 500], fill=(179, 38, 30))
    draw.text((60, 200), text, fill=(255, 255, 255))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return ContentFile(buf.getvalue(), name="cover.jpg")


def _article(slug, *, credit="", caption="", **fields):
    if Article.objects.filter(slug=slug).exists():
        return
    article = Article(
        slug=slug, author_name="Minh Châu", cover_credit=credit, cover_caption=caption, **fields
    )
    if credit:
        article.cover_image.save(f"{slug}.jpg", _cover(caption or fields["title"]), save=False)
    article.save()


def load(stdout):
    text = (CONTENT / "ky-ket-2019.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    caption = "Trung ương Đoàn TNCS Hồ Chí Minh và VNPT ký thỏa thuận hợp tác giai đoạn 2019-2022"
    body = "\n\n".join(
        p
        for p in paragraphs
        if not p.startswith(
            ("Trung ương Đoàn TNCS Hồ Chí Minh và VNPT ký", "giai đoạn 2019-2022 - Ảnh")
        )
        and p != "Minh Châu"
    )
    tw = unit("trung-uong-doan")
    _article(
        "trung-uong-doan-va-vnpt-ky-thoa-thuan-hop-tac-2019-2022",
        title="Trung ương Đoàn và VNPT ký thỏa thuận hợp tác giai đoạn 2019-2022",
        summary=paragraphs[0],
        body=body,
        published_at=datetime.datetime(2019, 8, 23, 16, 0, tzinfo=TZ),
        author_unit=tw,
        credit="Minh Châu",
        caption=caption,
    )
    with (CONTENT / "articles.toml").open("rb") as f:
        for row in tomllib.load(f)["articles"]:
            _article(**{**row, "author_unit": unit(row["author_unit"])})
    stdout.write(f"  news: {Article.objects.count()} articles")
