from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = _("Partnership portal")

    def ready(self):
        # The page cache's invalidation hooks: connected in every process (web, Celery
        # worker, management commands), not only where the URLs are loaded.
        from partnership import pagecache  # noqa: F401
