"""One demo account per role. The password is generated once, kept under var/ and printed."""

import secrets

from django.conf import settings

from partnership.organisations.demo import unit

from .actions import set_role
from .models import User
from .roles import CONTENT_ADMIN, LIAISON, MEMBER, OFFICER

PASSWORD_FILE = settings.VAR_DIR / "demo-password.txt"

ACCOUNTS = [
    ("admin@doan-vnpt.test", "Quản trị Cổng", "trung-uong-doan", [CONTENT_ADMIN]),
    (
        "member@doan-vnpt.test",
        "Nguyễn Văn An",
        "Đoàn Thanh niên Đại học Quốc gia Hà Nội",
        [MEMBER],
    ),
    (
        "officer.hanoi@doan-vnpt.test",
        "Trần Thị Bình",
        "Thành đoàn Hà Nội",
        [MEMBER, OFFICER],
    ),
    (
        "officer.nghean@doan-vnpt.test",
        "Lê Văn Cường",
        "Tỉnh đoàn Nghệ An",
        [MEMBER, OFFICER],
    ),
    (
        "officer.tw@doan-vnpt.test",
        "Phạm Thu Dung",
        "Văn phòng Trung ương Đoàn",
        [MEMBER, OFFICER],
    ),
    ("member.nghean@doan-vnpt.test", "Hoàng Minh Đức", "Đoàn Trường Đại học Vinh", [MEMBER]),
    ("vnpt.hanoi@doan-vnpt.test", "Vũ Quang Huy", "VNPT Hà Nội", [LIAISON]),
    ("vnpt.nghean@doan-vnpt.test", "Đặng Thị Lan", "VNPT Nghệ An", [LIAISON]),
    ("vnpt.danang@doan-vnpt.test", "Bùi Văn Minh", "VNPT Đà Nẵng", [LIAISON]),
    ("vnpt.hq@doan-vnpt.test", "Ngô Thị Nga", "vnpt", [LIAISON]),
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


def make_demo_accounts(rows, stdout) -> None:
    """The demo accounts of `rows` (e-mail, name, unit, role codes), their addresses verified,
    each printed with its roles. Apps call it for the accounts of their own roles."""
    from allauth.account.models import EmailAddress

    password = demo_password()
    for email, name, unit_ref, codes in rows:
        user = demo_account(email, name, unit_ref, codes, password)
        if CONTENT_ADMIN in codes and not user.is_superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    for email, _name, unit_ref, codes in rows:
        stdout.write(f"    {email:32} {', '.join(codes)} – {unit(unit_ref).name}")


def load(stdout):
    stdout.write(f"  accounts: {len(ACCOUNTS)} demo accounts, password: {demo_password()}")
    make_demo_accounts(ACCOUNTS, stdout)
