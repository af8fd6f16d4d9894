"""Readable differences between two versions of an idea's text, word by word, as HTML.

Removed words are wrapped in <del>, added words in <ins>; each run also carries a visually
hidden label ("removed:", "added:") so a screen reader says what sighted readers see in
colour and strike-through. Everything is escaped before it is marked up.
"""

import difflib
import re
from collections.abc import Mapping
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# A word with the spaces that follow it: diffs stay on word boundaries, lines are kept.
_TOKEN = re.compile(r"\S+\s*|\s+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def _run(tag: str, label: str, text: str) -> str:
    return format_html(
        '<{tag}><span class="visually-hidden">[{label} </span>{text}<span '
        'class="visually-hidden">]</span></{tag}>',
        tag=tag,
        label=label,
        text=text,
    )


def diff_words(old: str, new: str) -> SafeString:
    """`new` compared with `old`: unchanged words as they are, the rest in <del>/<ins>."""
    a, b = _tokens(old), _tokens(new)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(_run("del", _("removed:"), "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(_run("ins", _("added:"), "".join(b[j1:j2])))
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 (escaped above)


def diff_texts(
    old: Mapping[str, Any], new: Mapping[str, Any], labels: Mapping[str, str]
) -> list[dict[str, Any]]:
    """One row per section that changed: its label and the marked-up difference."""
    return [
        {"name": name, "label": label, "html": diff_words(str(old[name]), str(new[name]))}
        for name, label in labels.items()
        if str(old.get(name, "")) != str(new.get(name, ""))
    ]
