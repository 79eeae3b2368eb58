"""People. The e-mail address is the identifier; roles hang off funds (see funds.models)."""

from django.contrib.auth.models import AbstractUser, BaseUserManager, _user_has_perm
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """`is_staff` only opens the Django admin for the platform's operators; a fund's staff
    are given their role through `funds.FundMembership`."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    full_name = models.CharField(_("prénom et nom"), max_length=150)
    job_title = models.CharField(_("fonction"), max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")

    def __str__(self) -> str:
        return self.full_name or self.email

    def has_perm(self, perm, obj=None) -> bool:
        """Every permission goes through the backends, superusers included: Django's own
        shortcut would let a platform admin act as a dossier's team or as a conflicted
        reviewer. The rules grant admins what they should have (`is_platform_admin`), and
        the model backend still gives them every model permission for the Django admin."""
        return self.is_active and _user_has_perm(self, perm, obj)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email
