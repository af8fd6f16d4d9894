"""Demo data: the 2019–2022 agreement as the article tells it, every commitment, indicators,
progress for five provinces in every state, and joint activities. Idempotent and fast:
everything is looked up by a natural key before it is created.

Figures and activities are illustrative (the article gives none); the agreement, its bases,
the signing, the speaker and every commitment are from the article.
"""

import datetime
import io
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from partnership.accounts.actions import set_role
from partnership.accounts.models import User
from partnership.accounts.roles import Role
from partnership.organisations import provinces
from partnership.organisations.demo import unit
from partnership.organisations.models import Party

from . import summary
from .models import (
    Agreement,
    AgreementDocument,
    AutoSource,
    Commitment,
    DocumentKind,
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
    Theme,
    quarter_end,
)

SLUG = "thoa-thuan-hop-tac-2019-2022"

# The agreement and the speaker at its signing, as the article tells them.
AGREEMENT = {
    "title": "Thỏa thuận hợp tác giữa Trung ương Đoàn TNCS Hồ Chí Minh và Tập đoàn Bưu chính "
    "Viễn thông Việt Nam giai đoạn 2019 – 2022",
    "number": "",
    "place": "Hà Nội",
    "signed_on": datetime.date(2019, 8, 23),
    "starts_on": datetime.date(2019, 8, 23),
    "ends_on": datetime.date(2022, 12, 31),
    "summary": "Hai bên phối hợp thực hiện trách nhiệm, quyền lợi và nghĩa vụ trong công tác "
    "tuyên truyền, xây dựng và bảo vệ Tổ quốc; VNPT đồng hành cùng Đoàn ứng dụng công nghệ "
    "thông tin, phục vụ phong trào “Tuổi trẻ sáng tạo”.",
}
SPEAKER = {
    "name": "Lê Quốc Phong",
    "title": "Ủy viên dự khuyết Trung ương Đảng, Bí thư thứ nhất Trung ương Đoàn",
    "party": Party.UNION,
    "spoke": True,
    "remarks": "Thời gian qua, VNPT đã đồng hành, chia sẻ cùng Đoàn TNCS Hồ Chí Minh; hỗ trợ Đoàn "
    "tổ chức nhiều hoạt động ứng dụng công nghệ thông tin, giúp cho hoạt động của Đoàn có sức "
    "lan tỏa đến đông đảo cán bộ đoàn viên, thanh niên trong cả nước và giúp cho thanh niên "
    "Việt Nam bắt nhịp với sự phát triển của đất nước. Trong nhiệm kỳ này, Trung ương Đoàn "
    "triển khai phong trào “Tuổi trẻ sáng tạo”; nội dung hợp tác giai đoạn 2019 – 2022 sẽ giúp "
    "tổ chức Đoàn đáp ứng được mục tiêu nhiệm vụ, yêu cầu đề ra.",
}
BASES = [
    ("", "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XII của Đảng", "Đảng Cộng sản Việt Nam"),
    (
        "Nghị quyết số 25-NQ/TW",
        "Nghị quyết Hội nghị lần thứ bảy Ban Chấp hành Trung ương Đảng khóa X về tăng cường sự "
        "lãnh đạo của Đảng đối với công tác thanh niên thời kỳ đẩy mạnh công nghiệp hóa, hiện đại hóa",
        "Ban Chấp hành Trung ương Đảng khóa X",
    ),
    (
        "Chỉ thị số 42-CT/TW",
        "Chỉ thị của Ban Bí thư Trung ương Đảng về tăng cường sự lãnh đạo của Đảng đối với công tác "
        "giáo dục lý tưởng cách mạng, đạo đức, lối sống văn hóa cho thế hệ trẻ giai đoạn 2015 – 2030",
        "Ban Bí thư Trung ương Đảng",
    ),
]

# code, party, level, theme, title, text, indicators[(name, uom, target, measure, auto)]
U, V = Party.UNION, Party.VNPT
COMMITMENTS = [
    (
        "Đ.1",
        U,
        Level.ALL_LEVELS,
        Theme.ICT_PRODUCTS,
        "Ưu tiên sử dụng sản phẩm, dịch vụ của VNPT trong toàn hệ thống Đoàn",
        "Trung ương Đoàn ưu tiên sử dụng các sản phẩm, dịch vụ viễn thông, công nghệ thông tin, "
        "truyền thông của VNPT trong cơ quan và triển khai trong toàn hệ thống tổ chức Đoàn các cấp.",
        [
            (
                "Tỉnh đoàn, thành đoàn sử dụng phần mềm văn phòng điện tử của VNPT",
                "đơn vị",
                34,
                Measure.LATEST,
                "",
            ),
            (
                "Yêu cầu dịch vụ VNPT của các cấp bộ Đoàn đã hoàn thành",
                "yêu cầu",
                500,
                Measure.SUM,
                AutoSource.SERVICE_REQUESTS,
            ),
        ],
    ),
    (
        "Đ.2",
        U,
        Level.CENTRAL,
        Theme.YOUTH_INFO,
        "Cung cấp thông tin về công tác Đoàn cho các kênh thông tin của VNPT",
        "Trung ương Đoàn phối hợp với VNPT cung cấp thông tin về công tác Đoàn và phong trào thanh, "
        "thiếu nhi; các nội dung đoàn viên, thanh niên quan tâm để VNPT tuyên truyền trên các kênh "
        "thông tin của Tập đoàn.",
        [
            (
                "Tin, bài về công tác Đoàn cung cấp cho kênh thông tin của VNPT",
                "tin bài",
                240,
                Measure.SUM,
                "",
            )
        ],
    ),
    (
        "V.1",
        V,
        Level.ALL_LEVELS,
        Theme.ICT_PRODUCTS,
        "Sản phẩm, dịch vụ, hạ tầng với mức giá cạnh tranh cho các cấp bộ Đoàn",
        "VNPT ưu tiên cung cấp các sản phẩm, dịch vụ, hạ tầng về viễn thông, công nghệ thông tin và "
        "truyền thông với mức giá cạnh tranh và có chính sách phù hợp với điều kiện của các cấp bộ Đoàn.",
        [("Tỉnh, thành đoàn được áp dụng chính sách giá ưu đãi", "đơn vị", 34, Measure.LATEST, "")],
    ),
    (
        "V.2",
        V,
        Level.CENTRAL,
        Theme.OFFICE_SOFTWARE,
        "Phần mềm quản lý văn bản điện tử tại Trung ương Đoàn",
        "Tại Trung ương Đoàn, VNPT triển khai phần mềm quản lý văn bản điện tử trong công tác văn phòng.",
        [
            (
                "Ban, đơn vị của Trung ương Đoàn dùng phần mềm quản lý văn bản điện tử",
                "đơn vị",
                20,
                Measure.LATEST,
                "",
            ),
            ("Văn bản được xử lý trên phần mềm", "văn bản", 12000, Measure.SUM, ""),
        ],
    ),
    (
        "V.3",
        V,
        Level.CENTRAL,
        Theme.IDEA_BANK,
        "Cổng thông tin Ngân hàng ý tưởng sáng tạo thanh niên Việt Nam (ytuongsangtao.net)",
        "VNPT xây dựng, tham gia vận hành kỹ thuật Cổng thông tin Ngân hàng ý tưởng sáng tạo thanh "
        "niên Việt Nam (www.ytuongsangtao.net), phục vụ phong trào “Tuổi trẻ sáng tạo”.",
        [
            (
                "Thời gian hoạt động của cổng ytuongsangtao.net",
                "%",
                Decimal("99.5"),
                Measure.LATEST,
                "",
            ),
            (
                "Ý tưởng sáng tạo được VNPT hỗ trợ",
                "ý tưởng",
                50,
                Measure.SUM,
                AutoSource.SUPPORTED_IDEAS,
            ),
        ],
    ),
    (
        "V.4",
        V,
        Level.CENTRAL,
        Theme.IT_MASTER_PLAN,
        "Khảo sát, lên đề án tổng thể về công nghệ thông tin cho Trung ương Đoàn",
        "VNPT hỗ trợ khảo sát, lên đề án tổng thể về công nghệ thông tin cho Trung ương Đoàn.",
        [("Đề án tổng thể về công nghệ thông tin được hoàn thành", "đề án", 1, Measure.LATEST, "")],
    ),
    (
        "V.5",
        V,
        Level.LOCAL,
        Theme.YOUTH_ACTIVITIES,
        "Môi trường sáng tạo và sân chơi trực tuyến cho đoàn viên, thanh niên",
        "Hệ thống của VNPT tại địa phương phối hợp, hỗ trợ tổ chức Đoàn về công nghệ, nguồn lực để tổ "
        "chức các hoạt động tạo môi trường sáng tạo cho đoàn viên, thanh niên; các sân chơi trực tuyến "
        "ứng dụng công nghệ thông tin.",
        [
            ("Cuộc thi, sân chơi trực tuyến được VNPT hỗ trợ", "cuộc thi", 60, Measure.SUM, ""),
            (
                "Lượt đoàn viên, thanh niên tham gia hoạt động chung",
                "lượt",
                50000,
                Measure.SUM,
                AutoSource.ACTIVITY_PARTICIPANTS,
            ),
        ],
    ),
    (
        "V.6",
        V,
        Level.LOCAL,
        Theme.VOLUNTEERING,
        "Hoạt động tình nguyện, an sinh xã hội",
        "VNPT tại địa phương phối hợp, hỗ trợ tổ chức Đoàn về công nghệ, nguồn lực để tổ chức các hoạt "
        "động tình nguyện, an sinh xã hội.",
        [
            (
                "Hoạt động tình nguyện, an sinh xã hội được VNPT hỗ trợ",
                "hoạt động",
                120,
                Measure.SUM,
                "",
            ),
            (
                "Lượt tình nguyện viên tham gia",
                "lượt",
                20000,
                Measure.SUM,
                AutoSource.ACTIVITY_PARTICIPANTS,
            ),
        ],
    ),
    (
        "V.7",
        V,
        Level.LOCAL,
        Theme.UNION_SOFTWARE,
        "Phần mềm nghiệp vụ quản lý công tác Đoàn trên toàn quốc",
        "VNPT thực hiện phần mềm nghiệp vụ quản lý công tác Đoàn trên toàn quốc.",
        [
            (
                "Tỉnh, thành đoàn đưa phần mềm quản lý công tác Đoàn vào sử dụng",
                "đơn vị",
                34,
                Measure.LATEST,
                "",
            ),
            ("Cán bộ Đoàn được tập huấn sử dụng phần mềm", "người", 5000, Measure.SUM, ""),
        ],
    ),
    (
        "V.8",
        V,
        Level.LOCAL,
        Theme.ONLINE_SYSTEM,
        "Đề án hệ thống trực tuyến của Đoàn",
        "VNPT triển khai xây dựng Đề án hệ thống trực tuyến của Đoàn.",
        [("Hạng mục của đề án hệ thống trực tuyến hoàn thành", "hạng mục", 5, Measure.LATEST, "")],
    ),
    (
        "V.9",
        V,
        Level.LOCAL,
        Theme.ENGLISH,
        "Đào tạo, bồi dưỡng tiếng Anh: MyEnglish, KidEnglish",
        "VNPT giới thiệu và cung cấp các sản phẩm có giá trị gia tăng, hỗ trợ thanh thiếu nhi trong lĩnh "
        "vực đào tạo, bồi dưỡng nâng cao trình độ tiếng Anh đáp ứng nhu cầu của các cán bộ Đoàn trên toàn "
        "quốc như: dịch vụ MyEnglish (myenglish.com.vn), dịch vụ KidEnglish (kidenglish.vn).",
        [
            ("Cán bộ Đoàn học tiếng Anh qua MyEnglish", "người", 10000, Measure.SUM, ""),
            ("Thiếu nhi học tiếng Anh qua KidEnglish", "em", 8000, Measure.SUM, ""),
        ],
    ),
    (
        "V.10",
        V,
        Level.LOCAL,
        Theme.VNPT_PAY,
        "Khuyến mại VNPT Pay cho cán bộ Đoàn",
        "VNPT cung cấp các chương trình khuyến mại hỗ trợ cán bộ Đoàn trên cả nước tham gia sử dụng hoặc "
        "giới thiệu sử dụng giải pháp thanh toán không dùng tiền mặt VNPT Pay.",
        [("Cán bộ Đoàn sử dụng VNPT Pay", "tài khoản", 20000, Measure.SUM, "")],
    ),
    (
        "V.11",
        V,
        Level.LOCAL,
        Theme.MYTV,
        "MyTV, gói tích hợp dịch vụ số, dịch vụ giá trị gia tăng và CNTT cho cán bộ Đoàn",
        "VNPT cung cấp các gói sản phẩm tích hợp dịch vụ số như dịch vụ truyền hình MyTV, dịch vụ giá trị "
        "gia tăng, dịch vụ công nghệ thông tin và truyền thông tới các cán bộ Đoàn.",
        [
            ("Thuê bao MyTV và gói tích hợp của cán bộ Đoàn", "thuê bao", 6000, Measure.SUM, ""),
            (
                "Yêu cầu gói tích hợp qua cổng đã hoàn thành",
                "yêu cầu",
                300,
                Measure.SUM,
                AutoSource.SERVICE_REQUESTS,
            ),
        ],
    ),
    (
        "V.12",
        V,
        Level.CENTRAL,
        Theme.STAFF_TARIFFS,
        "Gói cước ưu đãi cho cán bộ, công chức, viên chức, người lao động của Trung ương Đoàn",
        "VNPT triển khai các gói cước ưu đãi dành riêng cho cán bộ công chức, viên chức người lao động "
        "của Trung ương Đoàn và các đơn vị trực thuộc.",
        [
            (
                "Cán bộ, công chức, viên chức, người lao động dùng gói cước ưu đãi",
                "người",
                600,
                Measure.LATEST,
                "",
            )
        ],
    ),
]

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
# (title, kind, text of the stand-in PDF)
DOCUMENTS = [
    (
        "Văn bản thỏa thuận hợp tác (bản mẫu cho demo)",
        DocumentKind.SIGNED,
        "Thoa thuan hop tac 2019-2022 (demo)",
    ),
    (
        "Phụ lục: danh mục nội dung hợp tác (bản mẫu cho demo)",
        DocumentKind.ANNEX,
        "Phu luc noi dung hop tac (demo)",
    ),
]
EXTRA_PEOPLE = [
    ("officer.hcm@doan-vnpt.test", "Nguyễn Thị Hồng", "Thành đoàn TP. Hồ Chí Minh", Role.OFFICER),
    ("officer.cantho@doan-vnpt.test", "Trương Văn Khánh", "Thành đoàn Cần Thơ", Role.OFFICER),
    ("officer.danang@doan-vnpt.test", "Phan Thị Mai", "Thành đoàn Đà Nẵng", Role.OFFICER),
    ("vnpt.hcm@doan-vnpt.test", "Lý Minh Tuấn", "VNPT Hồ Chí Minh", Role.LIAISON),
    ("vnpt.cantho@doan-vnpt.test", "Huỳnh Thị Thu", "VNPT Cần Thơ", Role.LIAISON),
]

ACTIVITIES = [
    (
        "Cuộc thi trực tuyến “Tuổi trẻ sáng tạo” 2020",
        Theme.YOUTH_ACTIVITIES,
        (2020, 3, 26),
        (2020, 5, 15),
        True,
        "ytuongsangtao.net",
        "",
        ["trung-uong-doan", "vnpt"],
        12500,
        "V.5",
        "Sân chơi trực tuyến toàn quốc trên nền tảng do VNPT vận hành.",
        "12.500 lượt thí sinh; 320 ý tưởng gửi về Ngân hàng ý tưởng sáng tạo.",
    ),
    (
        "Ngày Chủ nhật xanh: phủ sóng wifi miễn phí tại điểm tình nguyện",
        Theme.VOLUNTEERING,
        (2020, 7, 19),
        (2020, 7, 19),
        False,
        "Quận Hoàn Kiếm",
        "Hà Nội",
        ["Thành đoàn Hà Nội", "VNPT Hà Nội"],
        850,
        "V.6",
        "Đoàn viên dọn vệ sinh, VNPT Hà Nội lắp điểm wifi miễn phí cho khu sinh hoạt cộng đồng.",
        "850 đoàn viên tham gia; 12 điểm wifi cộng đồng.",
    ),
    (
        "Tập huấn phần mềm quản lý công tác Đoàn cho cán bộ cơ sở",
        Theme.UNION_SOFTWARE,
        (2020, 10, 8),
        (2020, 10, 9),
        False,
        "TP. Vinh",
        "Nghệ An",
        ["Tỉnh đoàn Nghệ An", "VNPT Nghệ An"],
        240,
        "V.7",
        "Hai ngày tập huấn cho bí thư đoàn cơ sở.",
        "240 cán bộ được cấp tài khoản và tập huấn.",
    ),
    (
        "Khóa học MyEnglish cho cán bộ Đoàn",
        Theme.ENGLISH,
        (2021, 3, 1),
        (2021, 5, 31),
        True,
        "myenglish.com.vn",
        "Đà Nẵng",
        ["Thành đoàn Đà Nẵng", "VNPT Đà Nẵng"],
        420,
        "V.9",
        "Khóa học tiếng Anh trực tuyến ba tháng, học phí ưu đãi cho cán bộ Đoàn.",
        "420 học viên, 310 hoàn thành khóa học.",
    ),
    (
        "Tháng khuyến mại VNPT Pay cho cán bộ Đoàn",
        Theme.VNPT_PAY,
        (2021, 3, 26),
        (2021, 4, 26),
        False,
        "Nhà Văn hóa Thanh niên",
        "TP. Hồ Chí Minh",
        ["Thành đoàn TP. Hồ Chí Minh", "VNPT Hồ Chí Minh"],
        1800,
        "V.10",
        "Hướng dẫn cài đặt và hoàn tiền cho giao dịch đầu tiên.",
        "1.800 cán bộ kích hoạt ví.",
    ),
    (
        "Chiến dịch Mùa hè xanh: số hóa nhà văn hóa ấp",
        Theme.VOLUNTEERING,
        (2021, 7, 1),
        (2021, 8, 15),
        False,
        "Huyện Phong Điền",
        "Cần Thơ",
        ["Thành đoàn Cần Thơ", "VNPT Cần Thơ"],
        600,
        "V.6",
        "Sinh viên tình nguyện cùng VNPT Cần Thơ lắp Internet và hướng dẫn dịch vụ công trực tuyến.",
        "600 tình nguyện viên; 25 nhà văn hóa có Internet.",
    ),
    (
        "Hội thi Tin học trẻ trực tuyến",
        Theme.YOUTH_ACTIVITIES,
        (2021, 11, 5),
        (2021, 11, 28),
        True,
        "",
        "Hà Nội",
        ["Thành đoàn Hà Nội", "VNPT Hà Nội"],
        3200,
        "V.5",
        "Vòng sơ khảo trực tuyến trên hạ tầng của VNPT.",
        "3.200 thí sinh; 60 vào chung kết.",
    ),
    (
        "Giới thiệu gói MyTV và gói tích hợp cho cán bộ Đoàn",
        Theme.MYTV,
        (2022, 3, 10),
        (2022, 3, 31),
        False,
        "Trụ sở Tỉnh đoàn",
        "Nghệ An",
        ["Tỉnh đoàn Nghệ An", "VNPT Nghệ An"],
        500,
        "V.11",
        "Quầy tư vấn và đăng ký gói tích hợp với giá ưu đãi.",
        "500 cán bộ được tư vấn; 140 thuê bao mới.",
    ),
    (
        "Tuổi trẻ sáng tạo: ngày hội ý tưởng 2022",
        Theme.IDEA_BANK,
        (2022, 9, 24),
        (2022, 9, 24),
        False,
        "Trung ương Đoàn, 60 Bà Triệu",
        "Hà Nội",
        ["trung-uong-doan", "vnpt"],
        900,
        "V.3",
        "Trưng bày và kết nối các ý tưởng trên ytuongsangtao.net với doanh nghiệp.",
        "45 ý tưởng được giới thiệu; 8 ý tưởng được VNPT cam kết hỗ trợ.",
    ),
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
        slug=SLUG, defaults={**AGREEMENT, "union_party": tw, "vnpt_party": hq}
    )
    if created:
        for i, (ref, title, by) in enumerate(BASES):
            LegalBasis.objects.create(
                agreement=agreement, reference=ref, title=title, issued_by=by, order=i
            )
        Signatory.objects.create(agreement=agreement, **SPEAKER)
        for order, (title, kind, text) in enumerate(DOCUMENTS):
            document = AgreementDocument(agreement=agreement, title=title, kind=kind, order=order)
            _store(document.file, "pdf", _pdf(text))
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
    for order, (code, party, level, theme, title, text, rows) in enumerate(COMMITMENTS):
        commitment, created = Commitment.objects.get_or_create(
            agreement=agreement,
            code=code,
            defaults={
                "party": party,
                "level": level,
                "theme": theme,
                "title": title,
                "text": text,
                "order": order,
            },
        )
        if created:
            commitment.responsible_units.set([tw] if party == U else [hq])
            commitment.reviewing_units.set([hq] if party == U else [office])
        if services is not None and not commitment.services.exists():
            wanted = [
                s
                for s in services
                if any(k.lower() in s.name.lower() for k in SERVICE_KEYWORDS.get(code, []))
            ]
            commitment.services.set(wanted)
        for i, (name, uom, target, measure, auto) in enumerate(rows):
            indicator, _ = Indicator.objects.get_or_create(
                commitment=commitment,
                name=name,
                defaults={
                    "unit_of_measure": uom,
                    "target": target,
                    "measure": measure,
                    "auto_source": auto,
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
            if not indicator.takes_reports or (party == U and code == "Đ.2"):
                continue
            if indicator.commitment.level == Level.CENTRAL:
                continue
            reporter_unit = union_unit if party == U else vnpt_unit
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
        reporter = tw_office if indicator.commitment.party == U else hq
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
    return (officer, liaison) if party == U else (liaison, officer)


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

    for n, (
        title,
        theme,
        start,
        end,
        online,
        place,
        province,
        organisers,
        people,
        code,
        description,
        outcome,
    ) in enumerate(ACTIVITIES):
        slug = slugify(title.replace("đ", "d").replace("Đ", "D"))[:150]
        activity, created = JointActivity.objects.get_or_create(
            slug=slug,
            defaults={
                "agreement": agreement,
                "title": title,
                "theme": theme,
                "starts_on": datetime.date(*start),
                "ends_on": datetime.date(*end),
                "online": online,
                "place": place,
                "province": province,
                "participants": people,
                "description": description,
                "outcome": outcome,
            },
        )
        if not created:
            continue
        created_count += 1
        activity.organising_units.set([unit(o) for o in organisers])
        commitment = Commitment.objects.get(agreement=agreement, code=code)
        activity.commitments.set([commitment])
        if code in participants_indicator:
            activity.indicators.set([participants_indicator[code]])
        if n < 3:
            photo = Photo(activity=activity, caption=title, credit="Ảnh minh họa (dữ liệu demo)")
            when = f"{start[2]:02d}/{start[1]:02d}/{start[0]}"
            _store(photo.image, "jpg", _jpeg(_short(title), when, colours[n]))
    return created_count
