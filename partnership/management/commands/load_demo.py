from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data of every app (idempotent: running it twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when DEBUG is off (never on a real server).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data (with known demo accounts) is for DEBUG only.")
        for path in settings.DEMO_LOADERS:
            with transaction.atomic():
                import_module(path).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
