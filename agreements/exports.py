"""The progress table as an Excel workbook: one sheet per party, Vietnamese headers."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from partnership.organisations.models import Party

from . import selectors
from .models import Level, Measure, Theme

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


def unit_totals(rows) -> list[tuple[str, list]]:
    """Totals only where they mean something: per unit of measure, over the indicators whose
    values add up (a sum of periods, not a latest value or a rate), and only where two or more
    indicators share the unit (a total of one row repeats it)."""
    groups: dict[str, list] = {}
    for p in rows:
        if p.indicator.measure == Measure.SUM and p.indicator.unit_of_measure.strip() != "%":
            groups.setdefault(p.indicator.unit_of_measure, []).append(p)
    return [(unit, group) for unit, group in groups.items() if len(group) > 1]


def _append_totals(ws, rows) -> None:
    # Totals as numbers, not formulas: a reader without a calculation engine sees them.
    totals = []
    for unit, group in unit_totals(rows):
        target = sum(p.indicator.target for p in group)
        total = sum(p.total for p in group)
        totals.append(
            [
                f"Tổng cộng ({unit})",
                *[""] * 4,
                unit,
                float(target),
                float(sum(p.reported for p in group)),
                sum(p.automatic for p in group),
                float(total),
                min(100, round(total * 100 / target)) if target else "",
                sum(p.reports for p in group),
            ]
        )
    totals.append(["Tổng số báo cáo đã xác nhận", *[""] * 10, sum(p.reports for p in rows)])
    ws.append([])
    for line in totals:
        ws.append(line)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)


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
        _append_totals(ws, table[party])
        for i, width in enumerate([10, 40, 18, 28, 45, 14, 12, 16, 16, 12, 12, 12], start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
