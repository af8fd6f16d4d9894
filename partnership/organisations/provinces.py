"""Vietnam's provincial-level units since 1 July 2025, and where the former 63 went.

The resolution that took effect on 1 July 2025 merged 63 provinces into 34; every union
unit and VNPT branch of a merged province was retired with the unit of the new province as
its successor. Records from 2019–2022 keep naming the former unit.
"""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CITIES = ["Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "TP. Hồ Chí Minh", "Cần Thơ"]
PROVINCES = [
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Cao Bằng",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Quảng Trị",
    "Quảng Ngãi",
    "Gia Lai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Đồng Nai",
    "Tây Ninh",
    "Vĩnh Long",
    "Đồng Tháp",
    "Cà Mau",
    "An Giang",
]
CURRENT = CITIES + PROVINCES

# former province -> the province it was merged into on 1 July 2025
MERGED_INTO = {
    "Hà Giang": "Tuyên Quang",
    "Yên Bái": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên",
    "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
    "Thái Bình": "Hưng Yên",
    "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình",
    "Nam Định": "Ninh Bình",
    "Quảng Bình": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi",
    "Bình Định": "Gia Lai",
    "Ninh Thuận": "Khánh Hòa",
    "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng",
    "Phú Yên": "Đắk Lắk",
    "Bà Rịa - Vũng Tàu": "TP. Hồ Chí Minh",
    "Bình Dương": "TP. Hồ Chí Minh",
    "Bình Phước": "Đồng Nai",
    "Long An": "Tây Ninh",
    "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ",
    "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long",
    "Tiền Giang": "Đồng Tháp",
    "Bạc Liêu": "Cà Mau",
    "Kiên Giang": "An Giang",
}
MERGER_DATE = (2025, 7, 1)
ALL = CURRENT + list(MERGED_INTO)
CHOICES = [(name, name) for name in sorted(ALL)]


def union_unit_name(province: str) -> str:
    return ("Thành đoàn " if province in CITIES else "Tỉnh đoàn ") + province


def vnpt_branch_name(province: str) -> str:
    return "VNPT " + province.replace("TP. ", "")


def province_field(help_text: str | Promise) -> models.CharField:
    """The optional, indexed province column that units and joint activities both carry."""
    return models.CharField(
        _("province"),
        max_length=60,
        blank=True,
        db_index=True,
        choices=CHOICES,
        help_text=help_text,
    )


# The 34 current provinces as a tile map: name -> (short code, column, row), each tile
# placed roughly where the province lies, north at the top (partnership/charts.py draws it).
TILES: dict[str, tuple[str, int, int]] = {
    "Lai Châu": ("LCh", 0, 0),
    "Lào Cai": ("LCa", 1, 0),
    "Tuyên Quang": ("TQ", 2, 0),
    "Cao Bằng": ("CB", 3, 0),
    "Điện Biên": ("ĐB", 0, 1),
    "Sơn La": ("SL", 1, 1),
    "Phú Thọ": ("PT", 2, 1),
    "Thái Nguyên": ("TNg", 3, 1),
    "Lạng Sơn": ("LS", 4, 1),
    "Hà Nội": ("HN", 2, 2),
    "Bắc Ninh": ("BN", 3, 2),
    "Quảng Ninh": ("QNi", 4, 2),
    "Ninh Bình": ("NB", 2, 3),
    "Hưng Yên": ("HY", 3, 3),
    "Hải Phòng": ("HP", 4, 3),
    "Thanh Hóa": ("TH", 2, 4),
    "Nghệ An": ("NA", 2, 5),
    "Hà Tĩnh": ("HT", 3, 5),
    "Quảng Trị": ("QT", 3, 6),
    "Huế": ("Huế", 4, 6),
    "Đà Nẵng": ("ĐNg", 4, 7),
    "Quảng Ngãi": ("QNg", 4, 8),
    "Gia Lai": ("GL", 4, 9),
    "Đắk Lắk": ("ĐL", 4, 10),
    "Lâm Đồng": ("LĐ", 3, 11),
    "Khánh Hòa": ("KH", 4, 11),
    "Tây Ninh": ("TNi", 1, 12),
    "TP. Hồ Chí Minh": ("HCM", 2, 12),
    "Đồng Nai": ("ĐNa", 3, 12),
    "An Giang": ("AG", 0, 13),
    "Đồng Tháp": ("ĐT", 1, 13),
    "Vĩnh Long": ("VL", 2, 13),
    "Cà Mau": ("CM", 0, 14),
    "Cần Thơ": ("CT", 1, 14),
}
