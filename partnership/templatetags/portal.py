"""Template helpers available in every template (registered as builtins in settings)."""

import datetime
from urllib.parse import quote

from django import template
from django.template.base import token_kwargs
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from partnership import cachekeys, pagecache
from partnership.money import format_vnd
from partnership.paging import page_query

register = template.Library()


@register.filter
def has_role(user, code: str) -> bool:
    """{% if user|has_role:"reviewer" %}: a role that an app registered (accounts.roles)."""
    return bool(getattr(user, "is_authenticated", False) and user.has_role(code))


@register.filter
def vnd(amount):
    """{{ plan.price|vnd }} -> 46.200 ₫"""
    return format_vnd(amount)


@register.filter
def machine_time(value: datetime.datetime | datetime.date | None) -> str:
    """{{ at|machine_time }} -> 2026-12-05T06:39:29+07:00, for <time datetime>: a valid HTML
    date or time (whole seconds: HTML allows at most three fraction digits), local time."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@register.filter
def percent_of(value, target):
    """Share of a target as a whole percentage, capped at 100, for progress bars."""
    try:
        value, target = float(value or 0), float(target or 0)
    except (TypeError, ValueError):
        return 0
    if target <= 0:
        return 0
    return max(0, min(100, round(100 * value / target)))


@register.simple_tag(takes_context=True)
def page_url(context, query):
    """{% page_url page_obj.next_query %} -> "?q=…&after=…&p=3": the current query string
    with the pager's parameters replaced by that page's (partnership/paging.py)."""
    request = context.get("request")
    return page_query(request.GET if request is not None else {}, query or {})


class PagedNode(template.Node):
    def __init__(self, nodelist, empty):
        self.nodelist = nodelist
        self.empty = empty

    def render(self, context):
        engine = context.template.engine
        if getattr(context.get("page_obj"), "object_list", None):
            pager = engine.get_template("includes/pagination.html")
            return self.nodelist.render(context) + pager.render(context)
        values = {name: value.resolve(context) for name, value in self.empty.items()}
        with context.push(**values):
            return engine.get_template("includes/empty.html").render(context)


@register.tag
def paged(parser, token):
    """{% paged message=msg hint=hint %}<ul>{% for x in page_obj %}…</ul>{% endpaged %}: the
    content then the pager (includes/pagination.html) when `page_obj` holds rows; otherwise
    the empty state (includes/empty.html) with the message and hint given, if any."""
    bits = token.split_contents()[1:]
    empty = token_kwargs(bits, parser)
    if bits or not set(empty) <= {"message", "hint"}:
        raise template.TemplateSyntaxError("{% paged %} takes only message= and hint=")
    nodelist = parser.parse(("endpaged",))
    parser.delete_first_token()
    return PagedNode(nodelist, empty)


@register.inclusion_tag("includes/field.html")
def field(bound_field, **attrs):
    """Render one form field with its label, help and errors tied by aria-describedby."""
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_helptext")
    widget_attrs = bound_field.field.widget.attrs
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        widget_attrs["aria-invalid"] = "true"
    if described:
        widget_attrs["aria-describedby"] = " ".join(described)
    return {"field": bound_field, **attrs}


# --- holes in cached fragments ---------------------------------------------------------------
# The header is the same on every page for one person and language except for two values: the
# log-out form's CSRF token (masked anew for every response) and the current path (the
# language switch and "Log in" come back to it). {% holes %} renders its content, typically a
# {% cache %} block, then puts those values in place of the {% hole %} markers, so the cached
# HTML never holds a token or a path. The marker carries a part derived from SECRET_KEY: text
# typed by a user cannot forge one, and every process of the site writes and fills the same
# markers, as parts kept in the shared cache ({% shared %}) need.

_HOLE = f"@@hole-{salted_hmac('portal.holes', 'marker').hexdigest()[:16]}-"


def _hole_values(context) -> dict[str, str]:
    request = context.get("request")
    path = request.get_full_path() if request is not None else ""
    return {
        "csrf": lambda: format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
            context.get("csrf_token", ""),
        ),
        "path": lambda: escape(path),
        "next": lambda: escape(quote(path, safe="/")),  # as the urlencode filter
    }


class HolesNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        if _HOLE not in html:
            return html
        for name, value in _hole_values(context).items():
            marker = f"{_HOLE}{name}@@"
            if marker in html:
                html = html.replace(marker, str(value()))
        return mark_safe(html)  # noqa: S308 - our own rendered HTML, values escaped above


class HoleNode(template.Node):
    def __init__(self, name):
        self.name = name

    def render(self, context):
        return f"{_HOLE}{self.name}@@"


@register.tag
def holes(parser, token):
    """{% holes %}…{% endholes %}: fill the {% hole %} markers of the content for this request."""
    nodelist = parser.parse(("endholes",))
    parser.delete_first_token()
    return HolesNode(nodelist)


@register.tag
def hole(parser, token):
    """{% hole "csrf" %}, {% hole "path" %} or {% hole "next" %} (the path, URL-encoded)."""
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("{% hole %} takes one name") from None
    name = name.strip("\"'")
    if name not in ("csrf", "path", "next"):
        raise template.TemplateSyntaxError(f"unknown hole {name!r}")
    return HoleNode(name)


class SharedNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        name = ":".join(str(v.resolve(context)) for v in (self.name, *self.vary_on))
        return pagecache.shared_part(
            context.get("request"), name, lambda: self.nodelist.render(context)
        )


@register.tag
def shared(parser, token):
    """{% shared name [value ...] %}…{% endshared %}: a part of a page cached by
    pagecache.cached() that shows nothing of the person reading it but the `value`s it varies
    on (e.g. `moderator`): logged-in people read it from the cache under the page's key, as
    visitors read the whole page (pagecache.shared_part). A form inside takes its token from
    {% hole "csrf" %} under an enclosing {% holes %}."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% shared %} takes a name")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    name, *vary_on = (parser.compile_filter(bit) for bit in bits[1:])
    return SharedNode(nodelist, name, vary_on)


@register.filter
def unit_name(unit) -> str:
    """{{ report.unit|unit_name }} -> "Tỉnh đoàn Hà Giang (now Tuyên Quang)" for a unit merged
    away (its records keep its name), the plain name otherwise."""
    from partnership.organisations.selectors import now_part

    if not unit:
        return ""
    if now := now_part(unit):
        return gettext("%(name)s (now %(current)s)") % {"name": unit.name, "current": now}
    return unit.name


@register.filter
def province_name(province: str) -> str:
    """{{ idea.unit.province|province_name }} -> "Hà Giang (now Tuyên Quang)"."""
    from partnership.organisations.selectors import now_part

    if province and (now := now_part(province=province)):
        return gettext("%(name)s (now %(current)s)") % {"name": province, "current": now}
    return province or ""


@register.simple_tag(takes_context=True)
def cards(context, rows, template_name, name="item", shows=""):
    """{% cards page_obj "ideas/_card.html" name="idea" shows="idea_setup units" %}: each row
    rendered with the template (the row as `name`), cached under the row's own version and the
    generations of the namespaces in `shows` (related names the card prints). One get_many for
    the list; a support re-renders one card, not the page (partnership/cachekeys.py). The
    template must show nothing of the visitor: the cards are shared."""
    template = context.template.engine.get_template(template_name)
    depends = [template_name, pagecache.version(*shows.split())] if shows else [template_name]

    def render(row):
        with context.push(**{name: row}):
            return template.render(context)

    return cachekeys.render_each(rows, render, kind="card", depends=depends)
