"""People: a custom user with e-mail as login, a unit, and roles held as groups."""

from django.contrib.auth.models import (
    AbstractBaseUser,
    AnonymousUser,
    BaseUserManager,
    Group,
    PermissionsMixin,
)
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from partnership.text import fold

from . import roles


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        default="vi",
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
        help_text=_("Language of the e-mails the portal sends you."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.full_name} {self.email}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split()[-1] if self.full_name else self.email

    def get_absolute_url(self):
        return reverse("accounts:profile")

    @cached_property
    def role_codes(self) -> frozenset[str]:
        if not self.pk:
            return frozenset()
        if "groups" in getattr(self, "_prefetched_objects_cache", {}):
            return frozenset(g.name for g in self.groups.all())
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def role_labels(self) -> list[str]:
        """The roles in the interface language, for display."""
        return [str(roles.label(code)) for code in sorted(self.role_codes) if code in roles.codes()]

    @property
    def access_key(self) -> str:
        """Everything that decides what this person may see besides who they are: unit, roles,
        superuser and staff flags. Part of the key of cached fragments shared by people
        with the same access (partnership/pagecache.py, fragment_key)."""
        codes = ",".join(sorted(self.role_codes))
        return f"{self.unit_id}:{codes}:{self.is_superuser:d}{self.is_staff:d}"

    def has_role(self, role: str) -> bool:
        return role in self.role_codes

    @property
    def is_member(self):
        return self.has_role(roles.MEMBER) or self.is_officer

    @property
    def is_officer(self):
        return self.has_role(roles.OFFICER)

    @property
    def is_liaison(self):
        return self.has_role(roles.LIAISON)

    @property
    def is_content_admin(self):
        return self.is_superuser or self.has_role(roles.CONTENT_ADMIN)


class RoleGrant(models.Model):
    """Every grant or withdrawal of a role, with who did it and when."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=roles.CODE_LENGTH, choices=roles.choices)
    granted = models.BooleanField(
        _("granted"), default=True, help_text=_("Unticked: the role was withdrawn.")
    )
    by = models.ForeignKey(
        User, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} {self.role} {self.granted}"


def role_group(role: str) -> Group:
    group, _created = Group.objects.get_or_create(name=role)
    return group


# Who a page's `request.user` may be: a person, or a visitor who has not logged in.
AnyUser = User | AnonymousUser
