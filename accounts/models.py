from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from hubs_portal.input_guard import refuse_direction_overrides


class UserManager(BaseUserManager):
    """Users log in with their e-mail address; there is no username."""

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
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person using the portal. Roles beyond "teacher" come from hub and Work Group records."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150, validators=[refuse_direction_overrides])
    is_ncetm_staff = models.BooleanField(
        "NCETM staff",
        default=False,
        help_text="Network-wide, read-only access to every hub's reports; manages the project catalogue.",
    )
    school = models.ForeignKey(
        "schools.School",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        help_text="The school the teacher works at.",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class AuditEntry(models.Model):
    """One change that matters, as the service that made it recorded it (``accounts.audit.audit_record``).

    Who (``actor``, or ``actor_label`` for someone without an account: a headteacher, the system), what
    (``action``, e.g. "registration.decided"), when, the object (type, id and label at the time), the hub it
    belongs to (so hub staff read their hub's entries), the person it is about (their data download and
    account closure find it), the values before and after, and the reason where one was asked.
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries_made"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=255, blank=True)
    # Scoping: hub staff read the entries of their hubs. Hubs are never deleted; kept NULL if one ever is.
    hub = models.ForeignKey("hubs.Hub", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries_about"
    )
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit trail"
        indexes = [
            models.Index(fields=["hub", "-created_at"], name="audit_hub_idx"),
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.who}: {self.action} {self.target_label}"

    @property
    def who(self) -> str:
        if self.actor_id:
            return str(self.actor)
        return self.actor_label or "The portal"
