import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from partnership import usercache


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


def _retire_user(sender, instance, raw=False, **kwargs):
    if not raw:
        usercache.bump("user", [instance.pk])


def _retire_members(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        usercache.bump("user", [instance.pk])
    elif pk_set:
        usercache.bump("user", list(pk_set))
    else:  # a group cleared from the group's side: everyone who might have had it
        usercache.bump("user", list(instance.user_set.values_list("pk", flat=True)))


def connect_user_cache():
    """The cached user (partnership.accounts.middleware) goes whenever the row or its groups
    change, whichever fields were saved: a new password must end other sessions at once."""
    User = get_user_model()
    post_save.connect(_retire_user, sender=User, dispatch_uid="usercache-user-save")
    post_delete.connect(_retire_user, sender=User, dispatch_uid="usercache-user-delete")
    m2m_changed.connect(
        _retire_members, sender=User.groups.through, dispatch_uid="usercache-user-groups"
    )


connect_user_cache()
