"""Admin actions other apps' admins can add: announce the selected objects to many people."""

from django.contrib import admin, messages
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .actions import announce_to_unit as announce
from .actions import people_of
from .models import Announcement

BODY_CHARS = 1000  # the start of the text; the mail links to the page for the rest


def announce_to_unit(*, unit: str, category: str, body: str = ""):
    """An admin action announcing each selected object (its title, the start of its `body`
    field, a link to its page) to every active person of its `unit` field's unit and of
    the units below it. The fan-out runs in a task (actions.announce_to_unit), so the
    request returns at once whatever the size of the unit. Once per object and unit:
    selecting it again only says when it was announced."""

    @admin.action(
        description=_("Announce to everyone in its unit and the units below"),
        permissions=["change"],
    )
    def announce_to_unit_people(modeladmin, request, queryset):
        for obj in queryset:
            where = getattr(obj, unit)
            key = f"{obj._meta.label_lower}:{obj.pk}:unit:{where.pk}"
            done = Announcement.objects.filter(key=key, finished_at__isnull=False).first()
            if done is not None:
                modeladmin.message_user(
                    request,
                    ngettext(
                        "“%(title)s” was announced already, on %(date)s, to %(count)d person.",
                        "“%(title)s” was announced already, on %(date)s, to %(count)d people.",
                        done.recipients,
                    )
                    % {
                        "title": obj,
                        "date": formats.date_format(
                            timezone.localtime(done.finished_at), "SHORT_DATETIME_FORMAT"
                        ),
                        "count": done.recipients,
                    },
                    messages.WARNING,
                )
                continue
            announce(
                where,
                title=str(obj),
                body=Truncator(getattr(obj, body, "") if body else "").chars(BODY_CHARS),
                category=category,
                obj=obj,
                actor=request.user,
                key=key,
            )
            count = people_of(where).filter(is_active=True).exclude(pk=request.user.pk).count()
            modeladmin.message_user(
                request,
                ngettext(
                    "“%(title)s” is being announced to %(count)d person in %(unit)s. "
                    "Follow it in Notifications → Announcements.",
                    "“%(title)s” is being announced to %(count)d people in %(unit)s. "
                    "Follow it in Notifications → Announcements.",
                    count,
                )
                % {"title": obj, "count": count, "unit": where},
                messages.SUCCESS,
            )

    return announce_to_unit_people
