"""The roles of PRODUCT.md as Django groups. Role names are stable codes; labels translate."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    OFFICER = "union_officer", _("Union officer")
    LIAISON = "vnpt_liaison", _("VNPT liaison")
    REVIEWER = "reviewer", _("Reviewer")
    CONTENT_ADMIN = "content_admin", _("Content admin")


# Roles an officer may grant to people of units below their own (never to themself).
GRANTABLE_BY_OFFICERS = {Role.OFFICER, Role.REVIEWER}
