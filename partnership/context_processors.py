from django.utils.functional import SimpleLazyObject


def portal(request):
    """What the header needs on every page; lazy, so pages that do not show it pay nothing."""
    user = getattr(request, "user", None)

    def unread():
        if user is None or not user.is_authenticated:
            return 0
        from partnership.notifications.selectors import unread_count

        return unread_count(user=user)

    def nav_key():
        # The main navigation depends only on these (includes/header.html caches it per
        # language and key; role_nav.html and the apps' nav.html read nothing else).
        if user is None or not user.is_authenticated:
            return "anonymous"
        return user.access_key

    return {"unread_notifications": SimpleLazyObject(unread), "nav_key": SimpleLazyObject(nav_key)}
