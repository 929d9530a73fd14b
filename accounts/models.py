from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator app; only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        db_table = "networkhub_recoverycode"
        constraints = [models.UniqueConstraint(fields=["user", "code_hash"], name="recoverycode_unique_per_user")]

    def __str__(self):
        return f"{self.user_id} {'used' if self.used_at else 'unused'}"
