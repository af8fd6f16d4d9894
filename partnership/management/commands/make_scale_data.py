"""Load a national-scale dataset: members, and the rows each app generates for them.

    python manage.py make_scale_data --ideas 1000000 --requests 100000 --members 500000

Run it after `load_demo` (it spreads rows over the demo organisation tree and what each app's
demo made). The core makes the scale units and members; every other option (`--ideas`,
`--requests`...) belongs to a generator an app registered (`partnership/scale.py`), so this
command imports no domain app.
"""

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnership import scale


class Command(BaseCommand):
    help = "Generate national-scale members and each app's rows for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=2000)
        for generator in scale.generators():
            parser.add_argument(
                f"--{generator.name}", type=int, default=generator.default, help=generator.help
            )
        parser.add_argument("--batch", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--reset", action="store_true", help="delete earlier scale rows first (and only)"
        )
        parser.add_argument(
            "--keep-indexes",
            action="store_true",
            help="PostgreSQL: do not drop and rebuild the plain indexes around the load",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        loader = scale.Loader(
            rng=random.Random(opts["seed"]),
            batch=max(1000, opts["batch"]),
            stdout=self.stdout,
            stderr=self.stderr,
            verbosity=opts["verbosity"],
        )
        generators = scale.generators()
        counts = {g.name: opts.get(g.name, g.default) for g in generators}
        started = time.monotonic()
        if opts["reset"]:
            scale.reset(loader)
        if not (opts["members"] or any(counts.values())):
            return
        for generator in generators:
            reason = generator.check()
            if reason:
                self.stderr.write(reason)
                return
        scale.prepare_units(loader)
        scale.make_members(loader, max(opts["members"], 1))
        dropped = []
        if loader.pg and not opts["keep_indexes"]:
            tables = [t for g in generators if counts[g.name] >= scale.BULK for t in g.bulk_tables]
            dropped = loader.drop_indexes(tables) if tables else []
        for generator in generators:
            generator.make(loader, counts[generator.name])
        if dropped:
            loader.recreate_indexes(dropped)
        loader.finish(scale.CORE_MODELS + [m for g in generators for m in g.models()])
        self.stdout.write(f"scale data: done in {time.monotonic() - started:.1f} s")
