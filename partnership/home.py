"""Panels on the home page, contributed by apps without the core importing them.

A domain app registers a panel in its AppConfig.ready():
    home.register_panel("agreements/home_panel.html", context_fn, order=10)
where context_fn(request) returns the template's context (keep it to a few queries).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[Any], dict]
    order: int


_panels: dict[str, Panel] = {}


def register_panel(template: str, context: Callable[[Any], dict], order: int = 50) -> None:
    _panels[template] = Panel(template, context, order)


def panels(request) -> list[dict]:
    return [
        {"template": p.template, **p.context(request)}
        for p in sorted(_panels.values(), key=lambda p: p.order)
    ]
