from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = _("Partnership portal")

    def ready(self):
        # The page cache's invalidation hooks: connected in every process (web, Celery
        # worker, management commands), not only where the URLs are loaded.
        from partnership import admin_labels, pagecache  # noqa: F401

        admin_labels.apply()

        # Sent per app that has models: hooked to the sites app's, after its own handler
        # (which creates "example.com" in an empty table).
        post_migrate.connect(_sync_site, sender=apps.get_app_config("sites"))


def _sync_site(sender, *, using="default", **kwargs) -> None:
    """Every `migrate` (and `flush`) sets the Sites record from SITE_URL again (the migration
    does it once). `flush` sends no `apps`: the project's own then."""
    from partnership.sites import sync_site

    state = kwargs.get("apps") or apps
    try:
        state.get_model("sites", "Site")
    except LookupError:  # sites' tables not migrated (yet)
        return
    sync_site(apps=state, using=using)
