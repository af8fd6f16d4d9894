from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    SERVICE_REQUESTS = "service_requests", _("Service requests")
    AGREEMENT_PROGRESS = "agreement_progress", _("Agreement progress")
    IDEAS = "ideas", _("Ideas")
    COMMENTS = "comments", _("Comments")
    REMINDERS = "reminders", _("Reminders")
    ACCOUNT = "account", _("Account")
