"""The audit trail gets a fund (who may read each row) and becomes append-only in the
database (see essaim.core.audit_lock).

1. `fund`, indexed with the journal's filters;
2. existing rows get their fund back, one UPDATE per kind of object, found through the
   object's foreign keys (as essaim.core.audit.fund_path does; copied here so that this
   migration does not change when the code does);
3. triggers refuse UPDATE and DELETE, on SQLite and on PostgreSQL. They let a foreign key
   be set to NULL (a deleted person or fund) when nothing else changes.

A later migration that rebuilds this table on SQLite (most AlterField do) drops its
triggers: tests/core/test_audit_immutable.py fails then, and the migration must install them
again.
"""

from collections import deque

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import BigIntegerField, OuterRef, Subquery
from django.db.models.functions import Cast

TABLE = "core_auditevent"
# Every column but the two foreign keys that Django may set to NULL.
FROZEN_COLUMNS = (
    "id",
    "created_at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "from_value",
    "to_value",
    "reason",
    "data",
)
MESSAGE = "core_auditevent is append-only: audit rows are never updated nor deleted"


def _fund_path(model, fund_model, user_label):
    if model._meta.label_lower == "funds.fund":
        return ()
    seen = {model._meta.label_lower}
    queue = deque([(model, ())])
    while queue:
        current, path = queue.popleft()
        if len(path) >= 4:
            continue
        links = [
            f
            for f in current._meta.concrete_fields
            if f.is_relation and (f.many_to_one or f.one_to_one)
        ]
        links.sort(key=lambda f: f.null)
        for field in links:
            related = field.related_model
            label = related._meta.label_lower
            if label == "funds.fund":
                return (*path, field.name)
            if label in seen or related._meta.label == user_label:
                continue
            seen.add(label)
            queue.append((related, (*path, field.name)))
    return None


def backfill_funds(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    Fund = apps.get_model("funds", "Fund")
    kinds = AuditEvent.objects.filter(fund__isnull=True).values_list("object_type", flat=True)
    for object_type in sorted(set(kinds)):
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue
        if not isinstance(model._meta.pk, (models.AutoField, models.BigAutoField)):
            continue
        path = _fund_path(model, Fund, settings.AUTH_USER_MODEL)
        if path is None:
            continue
        source = model._base_manager.filter(
            pk=Cast(OuterRef("object_id"), output_field=BigIntegerField())
        ).values("__".join(path) or "pk")[:1]
        rows = AuditEvent.objects.filter(object_type=object_type, fund__isnull=True)
        # object ids are digits for every integer key (audit.record writes str(pk))
        rows.filter(object_id__regex=r"^[0-9]+$").update(fund=Subquery(source))


def _sqlite_statements():
    unchanged = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in FROZEN_COLUMNS)
    return [
        f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} FOR EACH ROW
        WHEN NOT essaim_audit_unlocked() AND NOT (
            {unchanged}
            AND (NEW.actor_id IS NULL OR NEW.actor_id IS OLD.actor_id)
            AND (NEW.fund_id IS NULL OR NEW.fund_id IS OLD.fund_id)
        )
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} FOR EACH ROW
        WHEN NOT essaim_audit_unlocked()
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ]


def _postgresql_statements():
    # to_jsonb(NEW) - keys: every column, present or future, is compared but the two keys.
    return [
        f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('essaim.audit_unlocked', true) = 'on' THEN
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
            END IF;
            IF TG_OP = 'UPDATE'
               AND (to_jsonb(NEW) - 'actor_id' - 'fund_id')
                   = (to_jsonb(OLD) - 'actor_id' - 'fund_id')
               AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
               AND (NEW.fund_id IS NULL OR NEW.fund_id IS NOT DISTINCT FROM OLD.fund_id)
            THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END;
        $$""",
        f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()""",
    ]


def install_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": _sqlite_statements, "postgresql": _postgresql_statements}
    for statement in statements.get(vendor, list)():
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("funds", "0005_call_has_independent_evaluation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="fund",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="funds.fund",
                verbose_name="fonds",
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["fund", "-created_at"], name="core_audit_fund_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action", "-created_at"], name="core_audit_action_idx"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["actor", "-created_at"], name="core_audit_actor_idx"),
        ),
        migrations.RunPython(backfill_funds, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(install_triggers, drop_triggers, elidable=False),
    ]
