"""Whole-page caching of public pages for anonymous visitors, invalidated the moment data changes.

Most of the portal's traffic is anonymous reading: the home page, news, the services catalogue,
the agreement, the idea gallery, the units. `cached(*namespaces)` wraps such a view (in the
app's urls.py) and keeps its rendered HTML in the Django cache (Redis in production; with the
fail-open backend a Redis outage only means no caching).

Invalidation is by generation, not by deleting keys. Every content "namespace" ("news",
"services", ...) has a generation number in the cache, and a page's key contains the
generations of the namespaces it shows. Saving or deleting any model of the namespace's apps
bumps its generation (at once, and again when the transaction commits), so the next request
builds a new key and renders afresh: a change appears on the next page view. Old entries are
never read again and expire on their own. Namespaces are per area, so the frequent writes of
one (an idea support) leave the others' pages (news, services) cached.

A page is cached only when it is safe to share between visitors:
- GET or HEAD from an anonymous visitor with no pending messages;
- the response is a plain 200 that sets no cookie, is not marked private/no-store, and did not
  use the CSRF token (a form's token belongs to one visitor; a page that rendered one is never
  cached, so a shared page can never hand out somebody else's token). The header's language
  switch is a GET form (`switch_language` below) so ordinary pages carry no token at all.

Cached responses carry an ETag (a hash of the body, or the view's own), a Last-Modified
derived from the newest generation of their namespaces, and `Cache-Control: public,
max-age=0, must-revalidate` with `Vary: Cookie`, so browsers and feed readers revalidate and
get `304 Not Modified` when nothing changed. Logged-in visitors always get the view itself,
marked `Cache-Control: private, no-cache`.

Known limit: QuerySet.update() sends no signal. Code that changes public content that way
calls `bump(namespace)` itself; otherwise the change shows within PAGE_CACHE_SECONDS.
"""

import functools
import hashlib
import logging
import time
import uuid
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import requestmemo
from .cachekeys import versioned_key

logger = logging.getLogger(__name__)

# Which apps' models feed which namespace. A page lists the namespaces it shows. The core's
# namespaces are here; each domain app registers its own in AppConfig.ready()
# (register_namespace), so the core names none of them.
NAMESPACES: dict[str, list[str]] = {
    "news": ["news"],
    "units": ["organisations"],
    "people": ["accounts"],
}
# Namespaces a notification's subject can name (an idea, a request, a report, a unit, a person).
_SUBJECTS: list[str] = ["news", "units", "people"]
# Models whose writes feed other namespaces than their app's ("app.model" -> namespaces; an
# empty tuple: a versioned model, whose writes bump nothing, see versioned_models()).
_MODEL_NAMESPACE: dict[str, tuple[str, ...]] = {}


def register_namespace(
    name: str,
    *,
    apps: tuple[str, ...] = (),
    models: tuple[str, ...] = (),
    subject: bool = True,
    keep_app: bool = False,
) -> None:
    """A namespace of cached pages, fed by the writes of `apps` (app labels) and of `models`
    ("app_label.model_name", which leave their app's namespace for this one unless
    `keep_app`: then they feed both). `subject`: a notification can be about something of
    it. Called from an app's ready(); idempotent."""
    NAMESPACES[name] = list(apps)
    for label in models:
        model_app = label.split(".")[0]
        also = (_APP_NAMESPACE[model_app],) if keep_app and model_app in _APP_NAMESPACE else ()
        _MODEL_NAMESPACE[label.lower()] = (*also, name)
    if subject and name not in _SUBJECTS:
        _SUBJECTS.append(name)
    for label in apps:
        _APP_NAMESPACE[label] = name
    _connect(list(apps) + [label.split(".")[0] for label in models])


def versioned_models(*labels: str) -> None:
    """Models ("app_label.model_name") whose writes bump no namespace: the pages that show
    them key their cache on the versions of the rows they show (`cached(versions=...)`,
    `{% cards %}`, partnership/cachekeys.py), so their frequent writes (supports, comments)
    retire only the entries that show the row they touched."""
    for label in labels:
        _MODEL_NAMESPACE[label.lower()] = ()


def all_namespaces() -> tuple[str, ...]:
    """Every namespace: what a page showing a bit of everything (home, search) lists."""
    return tuple(NAMESPACES)


def subjects() -> tuple[str, ...]:
    return tuple(_SUBJECTS)


# Saves that touch only these fields change nothing a public page shows (a log-in updates
# last_login on every sign-in; it must not flush the idea pages that show authors' names).
# search_text is derived from the other fields; User.save adds it to every update_fields.
_INVISIBLE_FIELDS = frozenset({"last_login", "password", "search_text"})

_PREFIX = "pagecache"
_MAX_QUERY = 512  # longer query strings are not worth a cache entry


def _timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 120)


def _versioned_timeout() -> int:
    """Lifetime of a page keyed on versions: no write needs it to expire (its key changes),
    and its `versions()` include what changes by the clock, so it can live longer."""
    return getattr(settings, "VERSIONED_PAGE_SECONDS", 600)


def _enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def _gen_key(namespace: str) -> str:
    return f"{_PREFIX}:gen:{namespace}"


# --- generations ----------------------------------------------------------------------------


def generation_keys() -> tuple[str, ...]:
    """The cache keys of every namespace's generation (fetched together, once per request)."""
    return tuple(_gen_key(ns) for ns in NAMESPACES)


def start_generation(key: str, *, timeout=None) -> int:
    """A generation for a key that has none (first use, or evicted). add() keeps a value another
    process stored meanwhile; a new value can never match an entry stored under an old one."""
    value = time.time_ns()
    if not cache.add(key, value, timeout=timeout):
        value = cache.get(key) or value
    requestmemo.remember({key: value})
    return value


def generations(namespaces) -> dict[str, int]:
    """The current generation of each namespace (nanoseconds since the epoch of its last bump).

    Within a request they are read once, all namespaces in one round trip
    (partnership/requestmemo.py)."""
    keys = {_gen_key(ns): ns for ns in namespaces}
    found = requestmemo.get_many(list(keys), also=generation_keys())
    out = {}
    for key, ns in keys.items():
        value = found.get(key)
        out[ns] = int(start_generation(key) if value is None else value)
    return out


def per_generation(*namespaces: str, timeout: int = 3600):
    """Keep what a function without arguments returns, in this process (the "local" cache),
    for as long as the generations of `namespaces` stay the same: rows that change only by
    the writes that bump them, read on many requests (the main agreement, the merges of units,
    the idea bank's campaigns and fields). Each call gets its own copy.

    The generations are read once per request anyway (generations()); the rows are read again
    after each bump, which happens before and again after the write's commit. When Redis does
    not answer, each read starts a new generation, so nothing is kept and the rows are read
    from the database: never older than the last committed write."""

    def decorator(fn):
        name = f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def wrapper():
            return _remember(namespaces, name, fn, (), timeout)

        return wrapper

    return decorator


def remembered(namespaces, name: str, compute, *parts, timeout: int = 3600):
    """What `compute()` returns, kept as per_generation() keeps a function's value, under
    `name` and `parts` (strings and numbers that tell one value of `name` from another, e.g.
    the SQL of a search): for what a page reads that depends on its arguments. Unlike the
    rows per_generation() keeps, this is the page's own work, so with the page cache off
    (PAGE_CACHE_ENABLED, the cold pages of bench/run) nothing is kept."""
    if not _enabled():
        return compute()
    return _remember(namespaces, name, compute, parts, timeout)


def _remember(namespaces, name: str, compute, parts: tuple, timeout: int):
    local = caches["local"]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"per-generation:{name}:{digest}:{version(*namespaces)}"
    found = local.get(key)
    if found is None:
        found = (compute(),)  # a tuple: None is a value too
        local.set(key, found, timeout)
    return found[0]


def _bump_now(namespaces) -> None:
    now = time.time_ns()
    current = cache.get_many([_gen_key(ns) for ns in namespaces])
    values = {_gen_key(ns): max(now, int(current.get(_gen_key(ns)) or 0) + 1) for ns in namespaces}
    cache.set_many(values, timeout=None)
    requestmemo.remember(values)


def bump(*namespaces: str) -> None:
    """Make every cached page showing these namespaces stale, now and again after commit.

    The second bump covers a page rendered by another request between this write and its
    commit (it read the old rows but would be stored under the new generation).
    """
    _bump_now(namespaces)
    transaction.on_commit(lambda: _bump_now(namespaces))


def _namespaces_of(sender) -> tuple[str, ...]:
    found = _MODEL_NAMESPACE.get(sender._meta.label_lower)
    if found is not None:
        return found
    app = _APP_NAMESPACE.get(sender._meta.app_label)
    return (app,) if app else ()


_APP_NAMESPACE: dict[str, str] = {app: ns for ns, labels in NAMESPACES.items() for app in labels}


def _on_save(sender, update_fields=None, raw=False, **kwargs):
    if raw:
        return  # loaddata
    if update_fields and set(update_fields) <= _INVISIBLE_FIELDS:
        return
    if touched := _namespaces_of(sender):
        bump(*touched)


def _on_delete(sender, **kwargs):
    if touched := _namespaces_of(sender):
        bump(*touched)


def _on_m2m(sender, action, instance, model, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        touched = {*_namespaces_of(type(instance)), *_namespaces_of(model)}
        if touched:
            bump(*touched)


def connect_signals() -> None:
    """Connect the receivers per model (a receiver for every sender would stop Django's fast
    bulk deletes of unrelated tables such as sessions). Idempotent."""
    _connect(list(_APP_NAMESPACE))


def _connect(labels: list[str]) -> None:
    for label in labels:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models(include_auto_created=True):
            uid = f"pagecache:{model._meta.label}"
            post_save.connect(_on_save, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(_on_delete, sender=model, dispatch_uid=uid, weak=False)
            # m2m_changed's sender is the through model; it reports both ends.
            m2m_changed.connect(_on_m2m, sender=model, dispatch_uid=uid, weak=False)


# --- the view wrapper -----------------------------------------------------------------------


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _shareable_request(request) -> bool:
    return (
        _enabled()
        and request.method in ("GET", "HEAD")
        and len(request.META.get("QUERY_STRING", "")) <= _MAX_QUERY
        and not request.user.is_authenticated
        and not _has_messages(request)
    )


def _shares_parts(request) -> bool:
    """A logged-in person's GET of a cached page: its {% shared %} parts (what every person
    sees alike) come from the cache."""
    return (
        _enabled()
        and request.method in ("GET", "HEAD")
        and len(request.META.get("QUERY_STRING", "")) <= _MAX_QUERY
        and request.user.is_authenticated
    )


def shared_part(request, name: str, render) -> str:
    """A part of a cached page that shows nothing of the person reading it (`{% shared %}`):
    kept under the page's own key (its path, variant, generations and the versions of its
    rows, read before the view ran) and `name`, so a logged-in person reads what a visitor's
    miss rendered and the other way round. The view passes its rows lazily: a hit reads
    none of them. A part that used the CSRF token belongs to one person and is not kept."""
    offered = getattr(request, "_shared_parts", None) if request is not None else None
    if offered is None:
        return render()
    page, timeout = offered
    key = versioned_key("part", page, name)
    html = cache.get(key)
    if html is not None:
        return html
    before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
    html = render()
    used_token = request.META["CSRF_COOKIE_NEEDS_UPDATE"]
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = before or used_token
    if not used_token:
        cache.set(key, html, timeout)
    return html


def _shareable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page rendered a CSRF token: it belongs to this visitor only
    if _has_messages(request):
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _gens_text(gens: dict[str, int]) -> str:
    return ",".join(f"{ns}={gens[ns]}" for ns in sorted(gens))


def version(*namespaces: str) -> str:
    """A string that changes whenever data of these namespaces changes: the key of a cached
    template fragment (`{% cache 300 name version %}`) that must show a change at once."""
    return _gens_text(generations(namespaces))


def fragment_key(request, *namespaces: str, scope="") -> str:
    """The key of the cached body of a logged-in page (`{% cache 600 name body_key %}`).

    It changes with the data the body shows (the generations of `namespaces`), with whose view
    it is (`scope`: a unit for a branch's queue, a person for "my requests"; the caller names
    everything the body's queries depend on), with the language, the day (overdue flags) and
    the query string (filters, page). The view passes its querysets lazily, so a hit runs
    none of them. Forms with a CSRF token stay outside the cached part.

    With FRAGMENT_CACHE_ENABLED off (bench/run's second pass) every key is new: what a page
    costs on a miss."""
    if not getattr(settings, "FRAGMENT_CACHE_ENABLED", True):
        return uuid.uuid4().hex
    return "|".join(
        [version(*namespaces), str(scope), timezone.localdate().isoformat(), *_variant(request)]
    )


def _variant(request) -> tuple[str, str]:
    """What else makes two views of one URL differ: the query string (parameters sorted) and
    the active language."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    return query, translation.get_language() or settings.LANGUAGE_CODE


def page_key(request, gens: dict[str, int], shown=None) -> str:
    """The key of a whole page: its path and variant, the generations of the namespaces it
    shows and, for a page of versioned rows, what `versions()` returned (the ids and versions
    of the rows on it). Built by cachekeys.versioned_key, the one place keys are made."""
    return versioned_key("page", request.path, *_variant(request), _gens_text(gens), shown)


def _last_modified(gens: dict[str, int], now: float) -> str | None:
    """Last-Modified only when it is a reliable validator: HTTP dates have whole seconds, so a
    generation from the current second could still be followed by another change in that
    second with the same date. Such a page is sent without one (its ETag still validates)."""
    newest = max(gens.values()) // 1_000_000_000
    return http_date(newest) if newest < int(now) else None


def _public(response) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def _from_entry(entry) -> HttpResponse:
    response = HttpResponse(entry["content"], status=200)
    for name, value in entry["headers"]:
        response.headers[name] = value
    return response


def cached(*namespaces: str, versions=None):
    """Cache the view's page for anonymous visitors; `namespaces` are the data it shows.

    `versions(request, *args, **kwargs)`, for pages of rows that change often (ideas, their
    supports and comments): what identifies the state of the rows the page shows, read by one
    cheap query before the view runs (the page's (id, version) pairs, its count). It is part
    of the key, so a write to one row changes the key of the pages showing that row and of no
    other; nothing is bumped. None: this request is not cached (e.g. no such row)."""
    unknown = set(namespaces) - set(NAMESPACES)
    if unknown or (not namespaces and versions is None):
        raise ValueError(f"Unknown page-cache namespaces: {sorted(unknown) or '(none)'}")

    timeout = _timeout if versions is None else _versioned_timeout

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _shareable_request(request):
                if _shares_parts(request):
                    # A logged-in person: the page's {% shared %} parts come from the cache,
                    # under the key a visitor's page would have (read before rendering).
                    shown = versions(request, *args, **kwargs) if versions else None
                    if versions is None or shown is not None:
                        key = page_key(request, generations(namespaces), shown)
                        request._shared_parts = (key, timeout())
                response = view(request, *args, **kwargs)
                if request.user.is_authenticated:
                    patch_cache_control(response, private=True, no_cache=True)
                return response

            gens = generations(namespaces)  # read before rendering: see bump()
            shown = None
            if versions is not None:
                # Read before rendering too: the page may show newer rows than its key says
                # (a write committed meanwhile), never older ones.
                shown = versions(request, *args, **kwargs)
                if shown is None:
                    return view(request, *args, **kwargs)
            key = page_key(request, gens, shown)
            request._shared_parts = (key, timeout())  # a miss stores them for members too
            entry = cache.get(key)
            if entry is not None:
                response = _public(_from_entry(entry))
                response["X-Page-Cache"] = "hit"
                return get_conditional_response(
                    request,
                    etag=response.get("ETag"),
                    last_modified=entry.get("last_modified_ts"),
                    response=response,
                )

            response = view(request, *args, **kwargs)
            if not getattr(response, "is_rendered", True):
                response.render()
            if not _shareable_response(request, response):
                return response

            if not response.has_header("ETag"):
                digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
                response["ETag"] = f'"{digest}"'
            last_modified_ts = None
            # A versioned page changes with no generation: no Last-Modified (the ETag stays).
            if not response.has_header("Last-Modified") and gens and versions is None:
                stamp = _last_modified(gens, time.time())
                if stamp:
                    response["Last-Modified"] = stamp
            if response.has_header("Last-Modified"):
                last_modified_ts = parse_http_date_safe(response["Last-Modified"])
            cache.set(
                key,
                {
                    "content": response.content,
                    "headers": [
                        (name, value)
                        for name, value in response.headers.items()
                        if name.lower() not in ("content-length", "date", "expires")
                    ],
                    "last_modified_ts": last_modified_ts,
                },
                timeout(),
            )
            response = _public(response)
            response["X-Page-Cache"] = "miss"
            return get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=last_modified_ts,
                response=response,
            )

        return wrapper

    return decorator


# --- the language switch --------------------------------------------------------------------


@never_cache
@require_GET
def switch_language(request):
    """Set the language cookie and go back, as a GET so the header carries no CSRF token.

    The header is on every page; with Django's POST set_language it held a CSRF token and no
    anonymous page could be shared. Switching language is no state worth forging a request
    for; `next` is checked like any redirect target so the switch cannot send people away.
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


connect_signals()
