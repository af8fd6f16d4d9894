"""Panels on the home page, contributed by apps without the core importing them.

A domain app registers a panel in its AppConfig.ready():
    home.register_panel("agreements/home_panel.html", context_fn, order=10, shared=True)
where context_fn(request) returns the template's context (keep it to a few queries).
`shared`: the panel shows nothing of the person but whether they are logged in; a logged-in
person's home page then takes it from the cache ({% shared %}), and context_fn runs only
when it is not there.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[Any], dict]
    order: int
    shared: bool = False


_panels: dict[str, Panel] = {}


def register_panel(
    template: str, context: Callable[[Any], dict], order: int = 50, *, shared: bool = False
) -> None:
    _panels[template] = Panel(template, context, order, shared)


class PanelContext(Mapping):
    """What a panel's template reads as `panel`: its template and `shared` flag, and the
    values of its context function, called on the first of them only."""

    def __init__(self, panel: Panel, request: Any) -> None:
        self.panel = panel
        self.request = request
        self._values: dict | None = None

    def _context(self) -> dict:
        if self._values is None:
            self._values = self.panel.context(self.request)
        return self._values

    def __getitem__(self, key: str) -> Any:
        if key in ("template", "shared"):
            return getattr(self.panel, key)
        return self._context()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(["template", "shared", *self._context()])

    def __len__(self) -> int:
        return 2 + len(self._context())


def panels(request) -> list[PanelContext]:
    return [PanelContext(p, request) for p in sorted(_panels.values(), key=lambda p: p.order)]
