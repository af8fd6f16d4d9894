"""Excel import of paper forms: an officer submits many ideas on their authors' behalf at once.

A row names its author by a member's e-mail, or, for a person without an account, by the
paper author's columns (name, date of birth or phone, optional e-mail, unit).

Every row is checked with the same form as the single entry; if any row is wrong nothing is
imported and the officer gets a per-row report, so a file is never half imported.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from partnership.organisations.models import Unit

from . import actions
from .forms import OnBehalfForm
from .models import Campaign, Field

MAX_ROWS = 500
COLUMNS = [
    ("author_email", "E-mail tác giả"),
    ("title", "Tên ý tưởng"),
    ("field", "Lĩnh vực"),
    ("campaign", "Cuộc thi (mã hoặc tên, để trống nếu ngoài cuộc thi)"),
    ("summary", "Tóm tắt"),
    ("problem", "Vấn đề"),
    ("solution", "Giải pháp"),
    ("impact", "Hiệu quả dự kiến"),
    ("co_authors", "Đồng tác giả (e-mail, cách nhau dấu phẩy)"),
    ("consent_to_publish", "Đồng ý công bố (Có/Không)"),
    # Appended, so files made from the older template still read the same.
    ("paper_name", "Họ tên tác giả chưa có tài khoản"),
    ("paper_birth_date", "Ngày sinh (dd/mm/yyyy)"),
    ("paper_phone", "Số điện thoại"),
    ("paper_email", "E-mail tác giả chưa có tài khoản (không bắt buộc)"),
    ("paper_unit", "Đơn vị của tác giả (tên đơn vị)"),
]
YES = {"có", "co", "yes", "x", "1", "true"}


@dataclass
class RowResult:
    number: int
    title: str
    errors: list[str] = field(default_factory=list)


def template_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Ý tưởng"
    ws.append([label for _name, label in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(
        [
            "doanvien@ten-mien-cua-ban.vn",
            "Máy sấy nông sản mini",
            "Nông nghiệp",
            "",
            "Máy sấy nhỏ dùng năng lượng mặt trời.",
            "Nông sản hỏng khi mưa.",
            "Khung nhôm, quạt 12 V.",
            "Giảm thất thoát 30%.",
            "",
            "Có",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    ws.append(
        [
            "",
            "Sổ tay điện tử cho thư viện xã",
            "Giáo dục",
            "",
            "Tra cứu sách của thư viện xã bằng điện thoại.",
            "Người đọc không biết thư viện có sách gì.",
            "Danh mục sách trên một trang web đơn giản.",
            "Thêm 200 lượt mượn mỗi tháng.",
            "",
            "Có",
            "Nguyễn Thị Lan",
            "15/03/2006",
            "0912 345 678",
            "",
            "Đoàn xã Ví Dụ",
        ]
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _lookup(model, value, *fields):
    if not value:
        return ""
    q = Q()
    for f in fields:
        q |= Q(**{f"{f}__iexact": value})
    obj = model.objects.filter(q).first()
    return obj.pk if obj else f"? {value}"


def _paper_unit(officer, values):
    """The paper author's unit by name among the officer's units (their own if left empty)."""
    name = values.get("paper_unit")
    if not name:
        return officer.unit_id if values.get("paper_name") else ""
    unit = Unit.objects.under(officer.unit).filter(name__iexact=name).first()
    return unit.pk if unit else f"? {name}"


def _text(value) -> str:
    """A cell as the form reads it: Excel dates as dd/mm/yyyy, the rest as typed."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _rows(file):
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a bad file
        raise ValidationError(_("This is not an Excel (.xlsx) file.")) from exc
    ws = wb.active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    wb.close()
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        raise ValidationError(_("The file has no rows below the header."))
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
    return rows


def import_ideas(*, file, officer, commit: bool = True) -> tuple[list[RowResult], int]:
    """Check every row; import all of them only if none has an error. Returns (report, n)."""
    report, forms = [], []
    for number, raw in enumerate(_rows(file), start=2):
        # A short row (trailing empty cells) is padded; extra columns are ignored.
        cells = [*raw, *[None] * len(COLUMNS)][: len(COLUMNS)]
        values = {name: _text(v) for (name, _l), v in zip(COLUMNS, cells, strict=True)}
        data = {
            **values,
            "field": _lookup(Field, values.get("field"), "name", "slug"),
            "paper_unit": _paper_unit(officer, values),
            "campaign": _lookup(Campaign, values.get("campaign"), "slug", "title"),
            "consent_to_publish": values.get("consent_to_publish", "").lower() in YES,
        }
        form = OnBehalfForm(data, officer=officer)
        result = RowResult(number, values.get("title", ""))
        if not form.is_valid():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                result.errors += [f"{label}: {e}" if label else e for e in errors]
        else:
            missing = [
                str(form.fields[n].label) for n in actions.missing_to_submit(form.cleaned_data)
            ]
            if missing:
                result.errors.append(
                    _("Required before submitting: %(fields)s") % {"fields": ", ".join(missing)}
                )
        report.append(result)
        forms.append(form)
    if any(r.errors for r in report) or not commit:
        return report, 0
    with transaction.atomic():
        for form in forms:
            form.save_on_behalf()
    return report, len(forms)
