from django.core.management.base import BaseCommand

from agreements import summary


class Command(BaseCommand):
    help = "Recompute the agreement dashboard's summary rows from every progress report."

    def handle(self, *args, **options):
        written = summary.rebuild()
        self.stdout.write(f"{written} summary rows written")
