"""Excel export of a unit's ideas, with Vietnamese headers."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

HEADERS = [
    "Số",
    "Tên ý tưởng",
    "Lĩnh vực",
    "Cuộc thi",
    "Đơn vị",
    "Tỉnh/thành",
    "Tác giả",
    "Trạng thái",
    "Ngày gửi",
    "Lượt ủng hộ",
    "VNPT hỗ trợ",
]


def _cell(value):
    """Text typed by members never becomes a formula in the officer's spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def ideas_workbook(queryset) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Ý tưởng"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    rows = queryset.select_related("field", "campaign", "unit", "author", "paper_author").order_by(
        "pk"
    )
    for idea in rows.iterator(chunk_size=500):
        submitted = timezone.localtime(idea.submitted_at).date() if idea.submitted_at else None
        row = [
            idea.pk,
            idea.title,
            idea.field.name,
            idea.campaign.title if idea.campaign_id else "",
            idea.unit.name,
            idea.unit.province,
            idea.author_name,
            str(idea.get_status_display()),
            submitted,
            idea.support_count,
            "Có" if idea.vnpt_supported else "",
        ]
        ws.append([_cell(v) for v in row])
        if submitted:
            ws.cell(row=ws.max_row, column=9).number_format = "DD/MM/YYYY"
    for column, width in zip(
        "ABCDEFGHIJK", [6, 50, 20, 30, 35, 15, 25, 20, 12, 10, 10], strict=True
    ):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
