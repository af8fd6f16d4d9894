"""The agreement's open dataset: every indicator with its target and current figures."""

from collections.abc import Iterator
from typing import Any

from . import selectors


def indicator_figures() -> Iterator[dict[str, Any]]:
    agreement = selectors.main_agreement()
    if agreement is None:
        return
    progress = selectors.indicator_progress(selectors.indicators_of(agreement))
    for p in progress.values():
        i = p.indicator
        yield {
            "agreement": agreement.title,
            "commitment": i.commitment.code,
            "party": i.commitment.party,
            "theme": i.commitment.theme,
            "indicator_id": i.pk,
            "indicator": i.name,
            "unit_of_measure": i.unit_of_measure,
            "target": i.target,
            "reported": p.reported,
            "automatic": p.automatic,
            "current": p.total,
            "percent": p.percent,
            "state": p.state,
        }
