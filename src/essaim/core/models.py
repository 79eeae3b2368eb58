"""The few things every data app shares: timestamps and the audit trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "AuditEventQuerySet":
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def delete(self):
        raise ValueError("Audit events are immutable: they are never deleted.")

    delete.queryset_only = True


class AuditEvent(models.Model):
    """One row per meaningful change (state, deadline, decision, score, export, staff
    sign-in). Rows are never updated nor deleted: `save()` and `delete()` refuse here, and
    database triggers (migration 0002) refuse an UPDATE or DELETE sent by any other path.
    The one change they let through is a foreign key set to NULL when the person or the fund
    it names is deleted; `actor_label` keeps who it was.

    The object is named by its model label and primary key rather than a foreign key so that
    the trail outlives the object and one table serves every app. `fund` scopes the row: a
    fund's staff read the rows of their funds only.
    """

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("auteur (texte)"), max_length=200, blank=True)
    # Indexed through the (fund, -created_at) index below, which every staff query starts with.
    fund = models.ForeignKey(
        "funds.Fund",
        verbose_name=_("fonds"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=40)
    from_value = models.CharField(_("avant"), max_length=200, blank=True)
    to_value = models.CharField(_("après"), max_length=200, blank=True)
    reason = models.TextField(_("motif"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement du journal")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-id"]
        indexes = [
            # serves AuditEvent.objects.for_object(...) on every dossier page
            models.Index(fields=["object_type", "object_id", "-created_at"]),
            # the journal's filters (backoffice audit_log): a fund's rows, newest first; by
            # action; by author. `created_at` alone (the period filter) has its own index.
            models.Index(fields=["fund", "-created_at"], name="core_audit_fund_idx"),
            models.Index(fields=["action", "-created_at"], name="core_audit_action_idx"),
            models.Index(fields=["actor", "-created_at"], name="core_audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are immutable: they are never deleted.")
