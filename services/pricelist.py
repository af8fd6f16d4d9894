"""Import a price list (one row per plan) from Excel or CSV: all rows valid, or nothing."""

import csv
import datetime
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from .models import AUDIENCE_FIELD, LEVEL_FIELD, PLAN_TERMS, Plan, Service

COLUMNS = [
    "service",
    "code",
    "name",
    *PLAN_TERMS,
    "audiences",
    "levels",
]
REQUIRED = {"service", "code", "name", "term_months", "monthly_price"}
_TRUE = {"1", "yes", "true", "x", "có", "co"}
_FALSE = {"", "0", "no", "false", "không", "khong"}


@dataclass
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self):
        return _("Row %(row)s, column “%(column)s”: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }


class PriceListError(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def read_rows(file, filename: str) -> list[dict]:
    """Rows as dicts keyed by the header, from .xlsx or .csv (UTF-8, comma or semicolon)."""
    data = file.read()
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise PriceListError([RowError(0, "-", _("Not a readable Excel file."))]) from exc
        rows = list(wb.active.iter_rows(values_only=True))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise PriceListError([RowError(0, "-", _("The CSV file must be UTF-8."))]) from exc
        first = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first.count)
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise PriceListError([RowError(0, "-", _("The file is empty."))])
    header = [str(h or "").strip().lower() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise PriceListError(
            [RowError(1, c, _("This column is missing from the header.")) for c in sorted(missing)]
        )
    result = []
    for values in rows[1:]:
        if not any(v not in (None, "") for v in values):
            result.append(None)  # keep row numbers right; blank rows are skipped
            continue
        result.append({h: values[i] if i < len(values) else None for i, h in enumerate(header)})
    return result


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _int(value, *, minimum=0, maximum=None) -> int:
    text = _text(value).replace(".", "").replace(" ", "").replace("\u00a0", "")
    if not text.lstrip("-").isdigit():
        raise ValueError(_("Expected a whole number (đồng without decimals)."))
    number = int(text)
    if number < minimum or (maximum is not None and number > maximum):
        raise ValueError(_("Out of range."))
    return number


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("Expected a date as dd/mm/yyyy."))


def _bool(value) -> bool:
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("Expected yes/no (có/không)."))


def _choices(value, mapping, default) -> dict:
    text = _text(value)
    if not text:
        return {field: code in default for code, field in mapping.items()}
    codes = {c.strip().lower() for c in text.replace(";", ",").split(",") if c.strip()}
    unknown = codes - set(mapping)
    if unknown:
        raise ValueError(
            _("Unknown value(s): %(bad)s. Allowed: %(ok)s.")
            % {"bad": ", ".join(sorted(unknown)), "ok": ", ".join(mapping)}
        )
    return {field: code in codes for code, field in mapping.items()}


def _take(row, index, column, parse, errors, *, required=False):
    raw = row.get(column)
    if _text(raw) == "":
        if required:
            errors.append(RowError(index, column, _("This value is required.")))
        return None
    try:
        return parse(raw)
    except ValueError as exc:
        errors.append(RowError(index, column, str(exc)))
        return None


def validate(rows: list) -> tuple[list[dict], list[RowError]]:
    services = {s.slug: s for s in Service.objects.all()}
    seen_codes = {}
    cleaned, errors = [], []
    for index, row in enumerate(rows, start=2):
        if row is None:
            continue
        out, row_errors = {}, []

        def take(column, parse, *, required=False, _row=row, _i=index, _errs=row_errors):
            return _take(_row, _i, column, parse, _errs, required=required)

        slug = _text(row.get("service"))
        if not slug:
            row_errors.append(RowError(index, "service", _("This value is required.")))
        elif slug not in services:
            row_errors.append(RowError(index, "service", _("No service with this slug.")))
        out["service"] = services.get(slug)
        code = _text(row.get("code"))
        if not code:
            row_errors.append(RowError(index, "code", _("This value is required.")))
        elif code in seen_codes:
            row_errors.append(
                RowError(index, "code", _("Same code as row %(row)s.") % {"row": seen_codes[code]})
            )
        seen_codes.setdefault(code, index)
        out["code"] = code
        out["name"] = _text(row.get("name"))
        if not out["name"]:
            row_errors.append(RowError(index, "name", _("This value is required.")))
        out["tier"] = _text(row.get("tier"))
        out["with_device"] = take("with_device", _bool) or False
        out["term_months"] = take(
            "term_months", lambda v: _int(v, minimum=1, maximum=120), required=True
        )
        out["months_paid"] = take("months_paid", lambda v: _int(v, minimum=1, maximum=120))
        if out["months_paid"] is None:
            out["months_paid"] = out["term_months"]
        if out["term_months"] and out["months_paid"] and out["months_paid"] > out["term_months"]:
            row_errors.append(
                RowError(index, "months_paid", _("Cannot be more than the term in months."))
            )
        out["monthly_price"] = take("monthly_price", _int, required=True)
        vat = take("vat_rate", lambda v: _int(v, maximum=100))
        out["vat_rate"] = 10 if vat is None else vat
        out["second_monthly_price"] = take("second_monthly_price", _int)
        out["public_monthly_price"] = take("public_monthly_price", _int)
        out["valid_from"] = take("valid_from", _date) or datetime.date.today()
        out["valid_until"] = take("valid_until", _date)
        if out["valid_until"] and out["valid_until"] < out["valid_from"]:
            row_errors.append(RowError(index, "valid_until", _("Ends before it starts.")))
        audiences = take("audiences", lambda v: _choices(v, AUDIENCE_FIELD, {"member"}))
        out.update(audiences or _choices("", AUDIENCE_FIELD, {"member"}))
        levels = take("levels", lambda v: _choices(v, LEVEL_FIELD, set(LEVEL_FIELD)))
        out.update(levels or _choices("", LEVEL_FIELD, set(LEVEL_FIELD)))
        errors.extend(row_errors)
        if not row_errors:
            cleaned.append(out)
    return cleaned, errors


def import_price_list(file, filename: str) -> tuple[int, int]:
    """Create or update plans by code. Returns (created, updated); raises PriceListError."""
    rows = read_rows(file, filename)
    cleaned, errors = validate(rows)
    if errors:
        raise PriceListError(errors)
    if not cleaned:
        raise PriceListError([RowError(2, "-", _("The file has no plan rows."))])
    created = updated = 0
    with transaction.atomic():
        for values in cleaned:
            code = values.pop("code")
            _plan, was_created = Plan.objects.update_or_create(code=code, defaults=values)
            created += was_created
            updated += not was_created
    return created, updated


SAMPLE_ROWS = [
    ["mytv", "mytv-chuan-app-1t", "App MyTV Chuẩn 1 tháng", "Chuẩn", "không", 1, 1, 42000, 10,
     29000, 49000, "01/09/2019", "", "member,officer,unit", ""],
    ["mytv", "mytv-chuan-stb-7t", "MyTV Chuẩn 7 tháng", "Chuẩn", "có", 7, 6, 55000, 10,
     38000, 64000, "01/09/2019", "", "member,officer,unit", "central,provincial,grassroots"],
]  # fmt: skip


def sample_csv() -> str:
    """A price list that imports as is: the header and two MyTV rows."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(SAMPLE_ROWS)
    return out.getvalue()
