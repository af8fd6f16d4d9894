"""Signed one-click unsubscribe tokens: who and which categories, nothing else.

The signature (SECRET_KEY + a salt of its own) covers the user id, so a token cannot be made
up or edited to switch off someone else's mail. It does not expire: a link in an old mail
must keep working, as mailbox providers expect of List-Unsubscribe.
"""

from django.contrib.auth import get_user_model
from django.core import signing

from . import categories as kinds

SALT = "partnership.notifications.unsubscribe"


def make_token(user, categories) -> str:
    cats = sorted({str(c) for c in categories if c in kinds.configurable()})
    return signing.dumps({"u": user.pk, "c": cats}, salt=SALT)


def read_token(token: str):
    """(user, categories), or raise signing.BadSignature."""
    data = signing.loads(token, salt=SALT)
    if not isinstance(data, dict) or not isinstance(data.get("c"), list):
        raise signing.BadSignature("malformed")
    cats = [c for c in data["c"] if c in kinds.configurable()]
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not cats:
        raise signing.BadSignature("no such subscriber")
    return user, cats


ADDRESS_SALT = "partnership.notifications.unsubscribe-address"


def make_address_token(email: str) -> str:
    """For an address without an account (an invitation): no more mail to it."""
    return signing.dumps({"a": email.strip().lower()}, salt=ADDRESS_SALT)


def read_address_token(token: str) -> str:
    data = signing.loads(token, salt=ADDRESS_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("a"), str) or "@" not in data["a"]:
        raise signing.BadSignature("malformed")
    return data["a"]
