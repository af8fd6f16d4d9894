"""Units of both parties as one tree of any depth (django-treebeard, materialised path)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from partnership.text import fold

from . import provinces


class Party(models.TextChoices):
    UNION = "union", _("Ho Chi Minh Communist Youth Union")
    VNPT = "vnpt", _("VNPT")


class Kind(models.TextChoices):
    CENTRAL_COMMITTEE = "central", _("Central Committee")
    CENTRAL_BODY = "central_body", _("Central body")
    PROVINCIAL_UNION = "provincial_union", _("Provincial union")
    GRASSROOTS_UNION = "grassroots_union", _("Grassroots union")
    VNPT_GROUP = "vnpt_group", _("VNPT group HQ")
    SUBSIDIARY = "subsidiary", _("VNPT subsidiary")
    PROVINCIAL_BRANCH = "provincial_branch", _("VNPT provincial branch")


UNION_KINDS = {
    Kind.CENTRAL_COMMITTEE,
    Kind.CENTRAL_BODY,
    Kind.PROVINCIAL_UNION,
    Kind.GRASSROOTS_UNION,
}


class UnitQuerySet(MP_NodeQuerySet):
    def active(self):
        return self.filter(retired_on__isnull=True)

    def of_union(self):
        return self.filter(party=Party.UNION)

    def of_vnpt(self):
        return self.filter(party=Party.VNPT)

    def under(self, unit):
        """The unit and every unit below it, as one indexed prefix query on the path."""
        return self.filter(path__startswith=unit.path)


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return UnitQuerySet(self.model).order_by("path")


class Unit(MP_Node):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    province = provinces.province_field(
        _("Empty for central units. Grassroots units take their parent's province.")
    )
    served_by = models.ForeignKey(
        "self",
        verbose_name=_("served by (VNPT unit)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="serves",
        limit_choices_to={"party": Party.VNPT},
        help_text=_(
            "Leave empty to use the rule: the VNPT branch of the same province; central "
            "units are served by VNPT group HQ."
        ),
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    retired_on = models.DateField(
        _("retired on"),
        null=True,
        blank=True,
        help_text=_("Units merged away are retired, never deleted: their history stays readable."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=True)

    objects = UnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(retired_on__isnull=False),
                name="unit_successor_only_when_retired",
            ),
        ]

    def __str__(self):
        if self.retired_on:
            return _("%(name)s (retired)") % {"name": self.name}
        return self.name

    def save(self, *args, **kwargs):
        if not self.province and self.kind in (Kind.GRASSROOTS_UNION,) and self.depth > 1:
            parent = Unit.objects.get_parent(self)
            self.province = parent.province if parent else ""
        self.search_text = fold(f"{self.name} {self.short_name} {self.province}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.slug])

    @property
    def is_union(self):
        return self.party == Party.UNION

    @property
    def is_vnpt(self):
        return self.party == Party.VNPT

    @property
    def is_active(self):
        return self.retired_on is None

    @property
    def is_central(self):
        return self.kind in (Kind.CENTRAL_COMMITTEE, Kind.CENTRAL_BODY) or (
            self.party == Party.UNION and not self.province
        )

    def current(self):
        """The unit that carries this one's work today: itself, or its last successor."""
        unit, seen = self, set()
        while unit.successor_id and unit.pk not in seen:
            seen.add(unit.pk)
            unit = unit.successor
        return unit

    def serving_unit(self):
        """The VNPT unit that serves this union unit (see selectors.serving_vnpt_unit)."""
        from .selectors import serving_vnpt_unit

        return serving_vnpt_unit(self)
