"""Demo data: the 2019–2022 agreement as the article tells it, every commitment, indicators,
progress for five provinces in every state, and joint activities. Idempotent and fast:
everything is looked up by a natural key before it is created.

Figures and activities are illustrative (the article gives none); the agreement, its bases,
the signing, the speaker and every commitment are from the article.
"""

import datetime
import io
import tomllib
import uuid
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from partnership.accounts.actions import set_role
from partnership.accounts.models import User
from partnership.accounts.roles import LIAISON, OFFICER
from partnership.organisations import provinces
from partnership.organisations.demo import unit
from partnership.organisations.models import Party

from . import summary
from .models import (
    Agreement,
    AgreementDocument,
    Commitment,
    Evidence,
    Indicator,
    JointActivity,
    LegalBasis,
    Level,
    Measure,
    Photo,
    ProgressReport,
    ReportStatus,
    ReportStatusChange,
    Signatory,
    quarter_end,
)

SLUG = "thoa-thuan-hop-tac-2019-2022"

# The agreement, its bases, the speaker at its signing, every commitment with its indicators,
# the documents and the joint activities: content, kept as data (demo_content/agreement.toml).
CONTENT = tomllib.loads(
    (Path(__file__).parent / "demo_content" / "agreement.toml").read_text("utf-8")
)
COMMITMENTS = CONTENT["commitments"]

SERVICE_KEYWORDS = {
    "Đ.1": ["văn bản", "iOffice", "văn phòng"],
    "V.1": ["Internet", "cáp quang", "Fiber"],
    "V.2": ["văn bản", "iOffice"],
    "V.7": ["quản lý đoàn", "quản lý công tác Đoàn"],
    "V.9": ["MyEnglish", "KidEnglish"],
    "V.10": ["VNPT Pay"],
    "V.11": ["MyTV", "tích hợp", "Home"],
    "V.12": ["ưu đãi", "Vina"],
}

# In 2019–2022 every record was made under the 63 provinces of the time: some of the
# reporting provinces were merged away on 1 July 2025 and roll up to their successor today.
FORMER_PROVINCES = ["Hà Giang", "Quảng Bình", "Bắc Kạn", "Bình Dương"]
PROVINCES = ["Hà Nội", "Nghệ An", "Đà Nẵng", "TP. Hồ Chí Minh", "Cần Thơ", *FORMER_PROVINCES]
PERIODS = [(year, quarter) for year in (2020, 2021, 2022) for quarter in (1, 2, 3, 4)]
# The quarter (index in PERIODS) from which each province's union uses the product.
ADOPTED_FROM = {
    "Hà Nội": 0,
    "TP. Hồ Chí Minh": 1,
    "Nghệ An": 3,
    "Đà Nẵng": 4,
    "Cần Thơ": 6,
    "Hà Giang": 2,
    "Quảng Bình": 5,
    "Bắc Kạn": 7,
    "Bình Dương": 1,
}
# Which provinces' last period ends in which state; the rest are approved.
LAST_STATE = {
    "Hà Nội": ReportStatus.SUBMITTED,
    "Nghệ An": ReportStatus.RETURNED,
    "Đà Nẵng": ReportStatus.DRAFT,
    "TP. Hồ Chí Minh": ReportStatus.APPROVED,
    "Cần Thơ": ReportStatus.SUBMITTED,
    **dict.fromkeys(FORMER_PROVINCES, ReportStatus.APPROVED),  # closed before the merger
}
# Per-period values per province (scaled), for SUM indicators by code and index.
SCALE = {
    "Hà Nội": 5,
    "Nghệ An": 3,
    "Đà Nẵng": 2,
    "TP. Hồ Chí Minh": 6,
    "Cần Thơ": 2,
    "Hà Giang": 1,
    "Quảng Bình": 1,
    "Bắc Kạn": 1,
    "Bình Dương": 3,
}
BASE_VALUES = {
    ("Đ.2", 0): 3,
    ("V.5", 0): 1,
    ("V.6", 0): 2,
    ("V.6", 1): 40,  # volunteers of activities the portal did not record (off-portal)
    ("V.7", 1): 40,
    ("V.9", 0): 60,
    ("V.9", 1): 45,
    ("V.10", 0): 150,
    ("V.11", 0): 35,
}
EXTRA_PEOPLE = [
    ("officer.hcm@doan-vnpt.test", "Nguyễn Thị Hồng", "Thành đoàn TP. Hồ Chí Minh", OFFICER),
    ("officer.cantho@doan-vnpt.test", "Trương Văn Khánh", "Thành đoàn Cần Thơ", OFFICER),
    ("officer.danang@doan-vnpt.test", "Phan Thị Mai", "Thành đoàn Đà Nẵng", OFFICER),
    ("vnpt.hcm@doan-vnpt.test", "Lý Minh Tuấn", "VNPT Hồ Chí Minh", LIAISON),
    ("vnpt.cantho@doan-vnpt.test", "Huỳnh Thị Thu", "VNPT Cần Thơ", LIAISON),
]


def _pdf(text: str) -> bytes:
    body = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
        + f"4 0 obj<</Length {len(body)}>>stream\n".encode()
        + body
        + b"\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _store(file, extension: str, data: bytes) -> None:
    """Save `data` in a file field under a random name, and the record that holds it."""
    file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=True)


def _font(size):
    from PIL import ImageFont

    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _jpeg(title: str, subtitle: str, colour=(0, 84, 166)) -> bytes:
    """A plain illustrative card standing in for the event photo in demo data."""
    img = Image.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 560, 1200, 675], fill=(200, 16, 46))
    draw.rectangle([60, 60, 1140, 500], outline=(255, 255, 255), width=6)
    draw.text((100, 200), title, fill=(255, 255, 255), font=_font(56))
    draw.text((100, 300), subtitle, fill=(255, 235, 150), font=_font(36))
    draw.text((60, 590), "Đoàn TNCS Hồ Chí Minh · VNPT", fill=(255, 255, 255), font=_font(36))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=82)
    return out.getvalue()


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _people():
    people = {u.email: u for u in User.objects.filter(email__endswith="@doan-vnpt.test")}
    for email, name, unit_name, role in EXTRA_PEOPLE:
        if email not in people:
            user = User.objects.create_user(email, None, full_name=name, unit=unit(unit_name))
            set_role(user=user, role=role, granted=True, by=None)
            people[email] = user
    return people


@transaction.atomic
def load(stdout):
    tw, hq = unit("trung-uong-doan"), unit("vnpt")
    office = unit("Văn phòng Trung ương Đoàn")
    agreement, created = Agreement.objects.get_or_create(
        slug=SLUG, defaults={**CONTENT["agreement"], "union_party": tw, "vnpt_party": hq}
    )
    if created:
        for i, basis in enumerate(CONTENT["bases"]):
            LegalBasis.objects.create(agreement=agreement, order=i, **basis)
        Signatory.objects.create(agreement=agreement, **CONTENT["speaker"])
        for order, doc in enumerate(CONTENT["documents"]):
            document = AgreementDocument(
                agreement=agreement, title=doc["title"], kind=doc["kind"], order=order
            )
            _store(document.file, "pdf", _pdf(doc["pdf_text"]))
        photo = Photo(
            agreement=agreement,
            caption="Trung ương Đoàn TNCS Hồ Chí Minh và VNPT ký thỏa thuận hợp tác giai đoạn 2019-2022",
            credit="Ảnh: Minh Châu",
        )
        _store(photo.image, "jpg", _jpeg("Lễ ký thỏa thuận hợp tác", "Hà Nội, 23/08/2019"))

    indicators = _commitments(agreement, tw, hq, office)
    people = _people()
    reports = _reports(indicators, people)
    activities = _activities(agreement, indicators)
    stdout.write(
        f"agreements: 1 agreement, {len(COMMITMENTS)} commitments, {len(indicators)} indicators, "
        f"{reports} new progress reports, {activities} new joint activities\n"
    )


def _commitments(agreement, tw, hq, office):
    services = _services()
    indicators = {}
    for order, row in enumerate(COMMITMENTS):
        code, rows = row["code"], row["indicators"]
        fields = {k: row[k] for k in ("party", "level", "theme", "title", "text")}
        commitment, created = Commitment.objects.get_or_create(
            agreement=agreement, code=code, defaults={**fields, "order": order}
        )
        union = row["party"] == Party.UNION
        if created:
            commitment.responsible_units.set([tw] if union else [hq])
            commitment.reviewing_units.set([hq] if union else [office])
        if services is not None and not commitment.services.exists():
            wanted = [
                s
                for s in services
                if any(k.lower() in s.name.lower() for k in SERVICE_KEYWORDS.get(code, []))
            ]
            commitment.services.set(wanted)
        for i, ind in enumerate(rows):
            indicator, _ = Indicator.objects.get_or_create(
                commitment=commitment,
                name=ind["name"],
                defaults={
                    "unit_of_measure": ind["unit_of_measure"],
                    "target": Decimal(str(ind["target"])),  # a decimal is written as a string
                    "measure": ind["measure"],
                    "auto_source": ind["auto_source"],
                    "off_portal_reports": (code, i) in OFF_PORTAL,
                    "order": i,
                },
            )
            indicators[(code, i)] = indicator
    return indicators


# Counted automatically and also reported: volunteers also join activities that were never
# entered in the portal; branches report those only ("ngoài portal"), the two are added.
OFF_PORTAL = {("V.6", 1)}


def _services():
    try:
        from services.selectors import all_services

        return all_services()
    except Exception:  # the catalogue's tables may not exist on a partial install
        return None


def _value(code, i, indicator, province, period_index):
    if indicator.measure == Measure.LATEST:
        if code in ("Đ.1", "V.1", "V.7"):
            return Decimal(1 if period_index >= ADOPTED_FROM[province] else 0)
        return None
    base = BASE_VALUES.get((code, i))
    if base is None:
        return None
    # Growing quarter by quarter, never below one.
    return Decimal(max(1, round(base * SCALE[province] * (2 + period_index) / 16)))


def _reports(indicators, people) -> int:
    existing = set(ProgressReport.objects.values_list("indicator_id", "unit_id", "year", "quarter"))
    to_create, plans = [], []
    for province in PROVINCES:
        union_unit = unit(provinces.union_unit_name(province))
        vnpt_unit = unit(provinces.vnpt_branch_name(province))
        for (code, i), indicator in indicators.items():
            party = indicator.commitment.party
            if not indicator.takes_reports or (party == Party.UNION and code == "Đ.2"):
                continue
            if indicator.commitment.level == Level.CENTRAL:
                continue
            reporter_unit = union_unit if party == Party.UNION else vnpt_unit
            for n, (year, quarter) in enumerate(PERIODS):
                value = _value(code, i, indicator, province, n)
                if value is None:
                    continue
                if (indicator.pk, reporter_unit.pk, year, quarter) in existing:
                    continue
                report = _report(indicator, reporter_unit, province, n, value, LAST_STATE[province])
                to_create.append(report)
                plans.append((report, province, party, year, quarter))
    central = _central_reports(indicators, existing)
    to_create += [r for r, *_ in central]
    plans += central
    created = ProgressReport.objects.bulk_create(to_create)
    changes, evidence = [], 0
    for report, province, party, year, quarter in plans:
        author, reviewer = _who(people, province, party)
        report.author = author
        moment = timezone.make_aware(
            datetime.datetime.combine(quarter_end(year, quarter), datetime.time(9))
        )
        steps = [("", ReportStatus.DRAFT, author, "")]
        if report.status != ReportStatus.DRAFT:
            steps.append((ReportStatus.DRAFT, ReportStatus.SUBMITTED, author, ""))
        if report.status == ReportStatus.RETURNED or (
            report.status == ReportStatus.APPROVED and quarter == 4 and year == 2021
        ):
            steps.append(
                (
                    ReportStatus.SUBMITTED,
                    ReportStatus.RETURNED,
                    reviewer,
                    "Đề nghị bổ sung danh sách đơn vị và biên bản nghiệm thu.",
                )
            )
            if report.status == ReportStatus.APPROVED:
                steps.append((ReportStatus.RETURNED, ReportStatus.SUBMITTED, author, ""))
        if report.status == ReportStatus.APPROVED:
            steps.append(
                (
                    ReportStatus.SUBMITTED,
                    ReportStatus.APPROVED,
                    reviewer,
                    "Số liệu khớp với biên bản của hai bên.",
                )
            )
        for k, (old, new, by, comment) in enumerate(steps):
            at = moment + datetime.timedelta(days=3 + 2 * k)
            changes.append(
                ReportStatusChange(
                    report=report, old_status=old, new_status=new, by=by, at=at, comment=comment
                )
            )
            if new == ReportStatus.SUBMITTED:
                report.submitted_at = at
            if new in (ReportStatus.APPROVED, ReportStatus.RETURNED):
                report.reviewed_by, report.reviewed_at, report.review_comment = by, at, comment
        report.created_at = moment + datetime.timedelta(days=3)
        if report.status == ReportStatus.APPROVED and year == 2022 and quarter == 2:
            data = _pdf(f"Bien ban xac nhan Q{quarter}/{year}")
            e = Evidence(
                report=report,
                original_name=f"bien-ban-Q{quarter}-{year}.pdf",
                content_type="application/pdf",
                size=len(data),
            )
            _store(e.file, "pdf", data)
            evidence += 1
    ProgressReport.objects.bulk_update(
        created,
        ["author", "submitted_at", "reviewed_by", "reviewed_at", "review_comment", "created_at"],
    )
    ReportStatusChange.objects.bulk_create(changes)
    summary.rebuild()  # bulk_create sends no signal: the dashboard's rows from the reports
    return len(created)


def _central_reports(indicators, existing):
    """Reports of central units: the Union's news for VNPT channels, VNPT's work at the Central Union."""
    tw_office, hq = unit("Văn phòng Trung ương Đoàn"), unit("vnpt")
    rows = []
    values = {
        ("Đ.2", 0): [6, 7, 8, 6, 9, 8, 7, 9, 8, 7, 8, 9],
        ("V.2", 0): [3, 5, 7, 9, 11, 12, 14, 15, 16, 18, 19, 20],
        ("V.2", 1): [300, 380, 420, 450, 500, 520, 560, 600, 640, 700, 720, 760],
        ("V.3", 0): [99.1, 99.3, 99.5, 99.6, 99.6, 99.7, 99.7, 99.8, 99.8, 99.9, 99.9, 99.9],
        ("V.4", 0): [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
        ("V.8", 0): [0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4],
        ("V.12", 0): [60, 120, 190, 260, 320, 380, 420, 450, 480, 510, 540, 560],
    }
    for (code, i), series in values.items():
        indicator = indicators[(code, i)]
        reporter = tw_office if indicator.commitment.party == Party.UNION else hq
        for n, (year, quarter) in enumerate(PERIODS):
            if (indicator.pk, reporter.pk, year, quarter) in existing:
                continue
            report = _report(indicator, reporter, "", n, series[n], ReportStatus.SUBMITTED)
            rows.append((report, "", indicator.commitment.party, year, quarter))
    return rows


def _report(indicator, reporter_unit, province, n, value, last_status):
    """The report of the n-th of PERIODS: approved, but for the last period's (`last_status`)."""
    year, quarter = PERIODS[n]
    return ProgressReport(
        indicator=indicator,
        unit=reporter_unit,
        year=year,
        quarter=quarter,
        value=Decimal(str(value)),
        narrative=_narrative(province, year, quarter, value, indicator),
        status=last_status if n == len(PERIODS) - 1 else ReportStatus.APPROVED,
    )


def _who(people, province, party):
    key = {
        "Hà Nội": "hanoi",
        "Nghệ An": "nghean",
        "Đà Nẵng": "danang",
        "TP. Hồ Chí Minh": "hcm",
        "Cần Thơ": "cantho",
    }.get(province)
    officer = (
        people.get(f"officer.{key}@doan-vnpt.test")
        if key
        else people.get("officer.tw@doan-vnpt.test")
    )
    liaison = (
        people.get(f"vnpt.{key}@doan-vnpt.test") if key else people.get("vnpt.hq@doan-vnpt.test")
    )
    officer = officer or people.get("officer.tw@doan-vnpt.test")
    liaison = liaison or people.get("vnpt.hq@doan-vnpt.test")
    return (officer, liaison) if party == Party.UNION else (liaison, officer)


def _narrative(province, year, quarter, value, indicator):
    where = f" tại {province}" if province else ""
    return (
        f"Quý {quarter}/{year}{where}: đạt {value} {indicator.unit_of_measure} cho chỉ tiêu "
        f"“{indicator.name}”. Số liệu tổng hợp từ báo cáo của các đơn vị cơ sở, có biên bản xác nhận."
    )


def _activities(agreement, indicators) -> int:
    created_count = 0
    participants_indicator = {"V.5": indicators[("V.5", 1)], "V.6": indicators[("V.6", 1)]}
    colours = [(0, 84, 166), (200, 30, 45), (0, 120, 80)]
    from django.utils.text import slugify

    for n, row in enumerate(CONTENT["activities"]):
        title, code, start = row["title"], row["commitment"], row["starts_on"]
        slug = slugify(title.replace("đ", "d").replace("Đ", "D"))[:150]
        fields = {k: v for k, v in row.items() if k not in ("organisers", "commitment")}
        activity, created = JointActivity.objects.get_or_create(
            slug=slug, defaults={"agreement": agreement, **fields}
        )
        if not created:
            continue
        created_count += 1
        activity.organising_units.set([unit(o) for o in row["organisers"]])
        commitment = Commitment.objects.get(agreement=agreement, code=code)
        activity.commitments.set([commitment])
        if code in participants_indicator:
            activity.indicators.set([participants_indicator[code]])
        if n < 3:
            photo = Photo(activity=activity, caption=title, credit="Ảnh minh họa (dữ liệu demo)")
            when = f"{start:%d/%m/%Y}"
            _store(photo.image, "jpg", _jpeg(_short(title), when, colours[n]))
    return created_count
