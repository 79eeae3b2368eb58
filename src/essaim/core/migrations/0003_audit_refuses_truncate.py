"""On PostgreSQL, TRUNCATE empties a table without firing its row triggers: the audit table
refused UPDATE and DELETE (0002) but not TRUNCATE, nor the TRUNCATE … CASCADE of a table it
references. A statement trigger now refuses it too.

The test settings allow it on their connections (`essaim.audit_truncate_allowed`), since
Django empties the database with one TRUNCATE between transactional tests; a test turns
the permission off and checks the refusal. SQLite has no TRUNCATE: its "DELETE FROM" without
WHERE goes through the row triggers of 0002.
"""

from django.db import migrations

TABLE = "core_auditevent"
MESSAGE = "core_auditevent is append-only: audit rows are never updated nor deleted"


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""CREATE OR REPLACE FUNCTION {TABLE}_no_truncate() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('essaim.audit_truncate_allowed', true) = 'on' THEN
                RETURN NULL;
            END IF;
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END;
        $$"""
    )
    schema_editor.execute(
        f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_no_truncate()"""
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_no_truncate()")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_fund_and_append_only")]

    operations = [migrations.RunPython(install, drop, elidable=False)]
