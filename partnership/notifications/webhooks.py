"""Webhooks: a unit's own system is told of its events as signed JSON, through the outbox.

`actions.emit_event()` writes one delivery row per active endpoint of the unit that wants the
event, in the caller's transaction; the outbox sends it like a mail (claim, retries with
backoff, failed rows re-sendable in admin). Each request carries:

- `X-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + body, keyed by the secret>`;
  a receiver recomputes it and refuses a `t` more than REPLAY_WINDOW seconds away from its
  clock (a new try is signed anew, with a new `t`);
- `Idempotency-Key`: the event's id, the same on every try, so a receiver drops repeats;
- `X-Webhook-Event`: the event's name.

The domain apps name their events with `register_event()` (the admin lists them); the core
knows none of them.
"""

import hashlib
import hmac
import ipaddress
import json
import secrets
import time
from urllib.parse import urlsplit

import requests
from django.utils.functional import Promise

from . import conf
from .models import Delivery

REPLAY_WINDOW = 300  # seconds a receiver should accept between `t` and its own clock
USER_AGENT = "partnership-webhooks/1"

EVENTS: dict[str, str | Promise] = {}


def register_event(name: str, label: str | Promise) -> None:
    EVENTS[name] = label


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, *, now: float | None = None) -> str:
    timestamp = int(now if now is not None else time.time())
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def verify(
    secret: str, header: str, body: bytes, *, window: int = REPLAY_WINDOW, now: float | None = None
) -> bool:
    """What a receiver does (docs/webhooks.md): the signature matches and `t` is recent."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > window:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), parts.get("v1", ""))


def encode(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def url_allowed(url: str) -> bool:
    """HTTPS always; plain HTTP only to a loopback address, and only when
    WEBHOOKS_ALLOW_HTTP_LOOPBACK is on."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    if parts.scheme != "http" or not conf.get("WEBHOOKS_ALLOW_HTTP_LOOPBACK"):
        return False
    host = parts.hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebhookError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def post(delivery: Delivery) -> None:
    """Send one event; raise WebhookError unless the receiver answered 2xx. 410 Gone is
    final; any other answer or a network error is tried again with backoff."""
    endpoint = delivery.endpoint
    if not url_allowed(endpoint.url):
        raise WebhookError(f"not an HTTPS address: {endpoint.url}", permanent=True)
    body = encode(delivery.payload)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Webhook-Event": str(delivery.payload.get("event", "")),
        "Idempotency-Key": str(delivery.payload.get("id", delivery.idempotency_key)),
        "X-Signature": signature_header(endpoint.secret, body),
    }
    try:
        answer = requests.post(
            endpoint.url,
            data=body,
            headers=headers,
            timeout=conf.get("WEBHOOKS_TIMEOUT"),
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise WebhookError(f"{type(exc).__name__}: {exc}") from exc
    if not 200 <= answer.status_code < 300:
        raise WebhookError(
            f"HTTP {answer.status_code} {answer.text[:300]}", permanent=answer.status_code == 410
        )
