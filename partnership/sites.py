"""The portal's name and address, from settings, wherever a library asks the Sites framework.

`SITE_URL` (and `SITE_NAME`) are the truth: Atom ids, mail links and the Sites record that
allauth and Django's syndication read are made from them. The record is written by the
migration `partnership/migrations/0001_site_from_settings.py` and again after every
`migrate` (post_migrate, see apps.py), so a portal moved to another host or port, `make run
PORT=8101` included, names its real address after its next start.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.conf import settings


@dataclass(frozen=True)
class PortalSite:
    """What templates read from `current_site`: its name and domain (host[:port])."""

    name: str
    domain: str

    def __str__(self) -> str:
        return self.domain


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).netloc


def portal_site() -> PortalSite:
    return PortalSite(name=settings.SITE_NAME, domain=site_domain())


def absolute(path: str) -> str:
    """An absolute link on the portal: SITE_URL + path."""
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


def sync_site(*, apps: Apps = global_apps, using: str = "default") -> None:
    """Make the Sites record (SITE_ID) name this portal at SITE_URL."""
    Site = apps.get_model("sites", "Site")
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": site_domain()[:100], "name": settings.SITE_NAME[:50]},
    )
    from django.contrib.sites.models import SITE_CACHE

    SITE_CACHE.clear()
