"""One demo account per role. The password is generated once, kept under var/ and printed."""

import secrets

from django.conf import settings

from partnership.organisations.demo import unit

from .actions import set_role
from .models import User
from .roles import Role

PASSWORD_FILE = settings.VAR_DIR / "demo-password.txt"

ACCOUNTS = [
    ("admin@doan-vnpt.test", "Quản trị Cổng", "trung-uong-doan", [Role.CONTENT_ADMIN]),
    (
        "member@doan-vnpt.test",
        "Nguyễn Văn An",
        "Đoàn Thanh niên Đại học Quốc gia Hà Nội",
        [Role.MEMBER],
    ),
    (
        "officer.hanoi@doan-vnpt.test",
        "Trần Thị Bình",
        "Thành đoàn Hà Nội",
        [Role.MEMBER, Role.OFFICER],
    ),
    (
        "officer.nghean@doan-vnpt.test",
        "Lê Văn Cường",
        "Tỉnh đoàn Nghệ An",
        [Role.MEMBER, Role.OFFICER],
    ),
    (
        "officer.tw@doan-vnpt.test",
        "Phạm Thu Dung",
        "Văn phòng Trung ương Đoàn",
        [Role.MEMBER, Role.OFFICER],
    ),
    ("member.nghean@doan-vnpt.test", "Hoàng Minh Đức", "Đoàn Trường Đại học Vinh", [Role.MEMBER]),
    ("vnpt.hanoi@doan-vnpt.test", "Vũ Quang Huy", "VNPT Hà Nội", [Role.LIAISON]),
    ("vnpt.nghean@doan-vnpt.test", "Đặng Thị Lan", "VNPT Nghệ An", [Role.LIAISON]),
    ("vnpt.danang@doan-vnpt.test", "Bùi Văn Minh", "VNPT Đà Nẵng", [Role.LIAISON]),
    ("vnpt.hq@doan-vnpt.test", "Ngô Thị Nga", "vnpt", [Role.LIAISON]),
    (
        "reviewer@doan-vnpt.test",
        "GS. Đỗ Văn Phúc",
        "Trung tâm Phát triển Khoa học, Công nghệ và Tài năng trẻ",
        [Role.REVIEWER],
    ),
    ("reviewer2@doan-vnpt.test", "TS. Mai Thị Quỳnh", "VNPT-IT", [Role.REVIEWER]),
]


def demo_password() -> str:
    if PASSWORD_FILE.exists():
        return PASSWORD_FILE.read_text().strip()
    PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
    password = "demo-" + secrets.token_urlsafe(9)
    PASSWORD_FILE.write_text(password + "\n")
    return password


def demo_account(email, name, unit_ref, roles, password) -> User:
    """The demo account with that e-mail, created if missing, with every one of `roles`."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=name,
            unit=unit(unit_ref),
            phone="0912 345 678",
        )
    for role in roles:
        if role not in user.role_codes:
            set_role(user=user, role=role, granted=True, by=None)
    return user


def load(stdout):
    from allauth.account.models import EmailAddress

    password = demo_password()
    for email, name, unit_ref, roles in ACCOUNTS:
        user = demo_account(email, name, unit_ref, roles, password)
        if Role.CONTENT_ADMIN in roles and not user.is_superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    stdout.write(f"  accounts: {len(ACCOUNTS)} demo accounts, password: {password}")
    for email, _name, unit_ref, roles in ACCOUNTS:
        stdout.write(f"    {email:32} {', '.join(roles)} – {unit(unit_ref).name}")
