import time

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs):
    # SessionLifetimeMiddleware ends the session 12 hours after this, however active.
    request.session["login_at"] = int(time.time())


@receiver(post_migrate)
def ensure_role_groups(sender, app_config=None, **kwargs):
    if app_config is None or app_config.label != "accounts":
        return
    from .actions import sync_role_groups

    sync_role_groups()
