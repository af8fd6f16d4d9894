from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    SERVICE_REQUESTS = "service_requests", _("Service requests")
    AGREEMENT_PROGRESS = "agreement_progress", _("Agreement progress")
    IDEAS = "ideas", _("Ideas")
    COMMENTS = "comments", _("Comments")
    REMINDERS = "reminders", _("Reminders")
    ACCOUNT = "account", _("Account")


# What a person may choose for; account mail (security, sign-in) always goes out at once.
CONFIGURABLE = [
    Category.SERVICE_REQUESTS,
    Category.AGREEMENT_PROGRESS,
    Category.IDEAS,
    Category.COMMENTS,
    Category.REMINDERS,
]
