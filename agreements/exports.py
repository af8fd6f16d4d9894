"""The progress table as an Excel workbook: one sheet per party, Vietnamese headers."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from partnership.organisations.models import Party

from . import selectors
from .models import Level, Theme

HEADERS = [
    "Mã cam kết",
    "Cam kết",
    "Cấp",
    "Lĩnh vực",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Mục tiêu",
    "Giá trị báo cáo (đã xác nhận)",
    "Tự động (dịch vụ, hoạt động, ý tưởng)",
    "Tổng",
    "Tỷ lệ hoàn thành (%)",
    "Số báo cáo đã xác nhận",
]
SHEET_TITLES = {Party.UNION: "Trung ương Đoàn", Party.VNPT: "VNPT"}


def progress_workbook(agreement, *, province: str | None = None) -> bytes:
    table = selectors.progress_table(agreement, province=province)
    wb = Workbook()
    wb.remove(wb.active)
    for party in (Party.UNION, Party.VNPT):
        ws = wb.create_sheet(SHEET_TITLES[party])
        ws.append([f"{agreement.title}" + (f" — {province}" if province else "")])
        ws["A1"].font = Font(bold=True)
        ws.append(HEADERS)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for p in table[party]:
            c = p.indicator.commitment
            ws.append(
                [
                    c.code,
                    c.title,
                    str(Level(c.level).label),
                    str(Theme(c.theme).label),
                    p.indicator.name,
                    p.indicator.unit_of_measure,
                    float(p.indicator.target),
                    float(p.reported),
                    p.automatic,
                    float(p.total),
                    p.percent,
                    p.reports,
                ]
            )
        rows = table[party]
        # Totals as numbers, not formulas: a reader without a calculation engine sees them.
        ws.append(
            [
                "Tổng cộng",
                *[""] * 6,
                float(sum(p.reported for p in rows)),
                sum(p.automatic for p in rows),
                float(sum(p.total for p in rows)),
                "",
                sum(p.reports for p in rows),
            ]
        )
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for i, width in enumerate([10, 40, 18, 28, 45, 14, 12, 16, 16, 12, 12, 12], start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
