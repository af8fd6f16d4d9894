"""News drawn from the article of 23/08/2019 (partnership/news/demo_content)."""

import datetime
import io
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
    _article(
        "ngan-hang-y-tuong-sang-tao-thanh-nien-viet-nam",
        title="VNPT xây dựng và vận hành Cổng thông tin Ngân hàng ý tưởng sáng tạo thanh niên Việt Nam",
        summary="Theo thỏa thuận hợp tác, VNPT xây dựng, tham gia vận hành kỹ thuật Cổng thông tin "
        "Ngân hàng ý tưởng sáng tạo thanh niên Việt Nam (www.ytuongsangtao.net), phục vụ phong trào "
        "“Tuổi trẻ sáng tạo”.",
        body="Bí thư thứ nhất Trung ương Đoàn Lê Quốc Phong cho biết trong nhiệm kỳ này, Trung ương "
        "Đoàn triển khai phong trào “Tuổi trẻ sáng tạo”, đòi hỏi tổ chức Đoàn phải đổi mới trong "
        "phương thức tổ chức, tiếp cận nhanh hơn, hiệu quả hơn, hấp dẫn hơn để tập hợp được thanh "
        "niên.\n\nĐoàn viên, thanh niên gửi ý tưởng qua biểu mẫu trực tuyến; hội đồng chuyên gia chấm "
        "điểm, các ý tưởng tiêu biểu được trao giải và hỗ trợ đưa vào thực tiễn.",
        published_at=datetime.datetime(2019, 9, 10, 9, 0, tzinfo=TZ),
        author_unit=tw,
    )
    _article(
        "myenglish-kidenglish-cho-can-bo-doan",
        title="MyEnglish và KidEnglish: nâng cao trình độ tiếng Anh cho cán bộ Đoàn",
        summary="VNPT giới thiệu dịch vụ MyEnglish (myenglish.com.vn) và KidEnglish (kidenglish.vn) "
        "hỗ trợ đào tạo, bồi dưỡng tiếng Anh đáp ứng nhu cầu của cán bộ Đoàn trên toàn quốc.",
        body="Trong khuôn khổ thỏa thuận hợp tác giai đoạn 2019-2022, hệ thống VNPT tại địa phương "
        "giới thiệu và cung cấp các sản phẩm có giá trị gia tăng, hỗ trợ thanh thiếu nhi trong lĩnh "
        "vực đào tạo, bồi dưỡng nâng cao trình độ tiếng Anh.",
        published_at=datetime.datetime(2019, 10, 2, 9, 0, tzinfo=TZ),
        author_unit=tw,
    )
    _article(
        "vnpt-pay-khuyen-mai-can-bo-doan",
        title="VNPT Pay: khuyến mại cho cán bộ Đoàn dùng thanh toán không dùng tiền mặt",
        summary="Các chương trình khuyến mại hỗ trợ cán bộ Đoàn trên cả nước tham gia sử dụng hoặc "
        "giới thiệu sử dụng giải pháp thanh toán không dùng tiền mặt VNPT Pay.",
        body="VNPT cung cấp các chương trình khuyến mại hỗ trợ cán bộ Đoàn trên cả nước tham gia sử "
        "dụng hoặc giới thiệu sử dụng giải pháp thanh toán không dùng tiền mặt - VNPT Pay; các gói "
        "sản phẩm tích hợp dịch vụ số như dịch vụ truyền hình MyTV.",
        published_at=datetime.datetime(2019, 11, 15, 9, 0, tzinfo=TZ),
        author_unit=unit("vnpt"),
    )
    stdout.write(f"  news: {Article.objects.count()} articles")
