"""CSV and Excel exports of a filtered list of requests (Vietnamese headers)."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.views import workbook_response

from .selectors import is_overdue


def _cell(value):
    """Text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _rows(requests):
    for row in _raw_rows(requests):
        yield [_cell(v) for v in row]


def _raw_rows(requests):
    today = timezone.localdate()
    for r in requests:
        yield [
            r.reference,
            r.service.name,
            r.plan.name,
            r.quantity,
            r.amount_before_vat,
            r.vat_amount,
            r.amount_total,
            r.unit.name,
            r.requester.full_name or r.requester.email,
            r.contact_name,
            r.contact_phone,
            r.vnpt_unit.name,
            r.get_status_display(),
            timezone.localtime(r.submitted_at).strftime("%d/%m/%Y %H:%M"),
            r.first_response_due.strftime("%d/%m/%Y") if r.first_response_due else "",
            _("yes") if is_overdue(r, today) else "",
            str(r.assignee) if r.assignee_id else "",
            r.contract_number,
            r.activated_on.strftime("%d/%m/%Y") if r.activated_on else "",
            timezone.localtime(r.confirmed_at).strftime("%d/%m/%Y") if r.confirmed_at else "",
            _("yes") if r.auto_confirmed else "",
            r.rating or "",
        ]


def _headers():
    return [
        _("Reference"),
        _("Service"),
        _("Plan"),
        _("Quantity"),
        _("Amount before VAT (đồng)"),
        _("VAT (đồng)"),
        _("Total for the term, VAT incl. (đồng)"),
        _("Requesting unit"),
        _("Requester"),
        _("Contact person"),
        _("Contact phone"),
        _("VNPT unit"),
        _("Status"),
        _("Submitted at"),
        _("First response due"),
        _("Overdue"),
        _("Liaison in charge"),
        _("Contract or subscriber number"),
        _("Activation date"),
        _("Confirmed"),
        _("Confirmed by the portal"),
        _("Satisfaction (1–5)"),
    ]


def export(requests, fmt: str, *, name="yeu-cau-dich-vu") -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Requests")[:31])
        ws.append(_headers())
        for row in _rows(requests):
            ws.append(row)
        out = io.BytesIO()
        wb.save(out)
        return workbook_response(out.getvalue(), f"{name}-{stamp}.xlsx")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    response.write("\ufeff")  # so Excel opens Vietnamese text as UTF-8
    writer = csv.writer(response)
    writer.writerow(_headers())
    writer.writerows(_rows(requests))
    return response
