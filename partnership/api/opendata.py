"""Open data: the published ideas and the indicator figures as CSV and JSON, daily.

Apps register datasets in their AppConfig.ready() (`register(name, rows)`); `rows()` yields
dicts with the same keys, and must never hold personal data (no person's name, e-mail or
phone: units only). The daily beat task `api.export_open_data` writes each dataset to
OPEN_DATA_DIR as <name>.csv and <name>.json (written aside, then renamed: a download never
sees half a file).
"""

import csv
import datetime
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
FORMATS = ("csv", "json")

Rows = Callable[[], Iterable[dict[str, Any]]]
_DATASETS: dict[str, Rows] = {}


def register(name: str, rows: Rows) -> None:
    _DATASETS[name] = rows


def datasets() -> list[str]:
    return sorted(_DATASETS)


def directory() -> Path:
    return Path(settings.OPEN_DATA_DIR)


def path_of(name: str, fmt: str) -> Path:
    return directory() / f"{name}.{fmt}"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral() else int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _write_atomically(target: Path, write: Callable[[Any], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            write(out)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(name: str) -> int:
    """Write one dataset in every format; returns the number of rows."""
    rows = [{k: _plain(v) for k, v in row.items()} for row in _DATASETS[name]()]
    generated = timezone.now().replace(microsecond=0).isoformat()

    def write_json(out: Any) -> None:
        json.dump(
            {
                "dataset": name,
                "licence": LICENCE,
                "licence_url": LICENCE_URL,
                "generated_at": generated,
                "rows": rows,
            },
            out,
            ensure_ascii=False,
        )

    def write_csv(out: Any) -> None:
        out.write("\ufeff")  # Excel opens UTF-8 with a BOM as UTF-8
        columns = list(rows[0]) if rows else []
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)

    _write_atomically(path_of(name, "json"), write_json)
    _write_atomically(path_of(name, "csv"), write_csv)
    return len(rows)


def export_all() -> dict[str, int]:
    return {name: export(name) for name in datasets()}


def stream(name: str, fmt: str) -> Iterator[bytes] | None:
    """The file's bytes, exporting it first when it was never written (a fresh install)."""
    if name not in _DATASETS or fmt not in FORMATS:
        return None
    target = path_of(name, fmt)
    if not target.exists():
        export(name)
    return iter([target.read_bytes()])
