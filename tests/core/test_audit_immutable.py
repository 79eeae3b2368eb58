"""The audit trail is append-only: in the model and in the database (triggers), on SQLite
and on PostgreSQL alike."""

import pytest
from django.db import IntegrityError, connection, transaction

from essaim.core import audit_lock
from essaim.core.audit import record
from essaim.core.models import AuditEvent

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

FOREIGN_KEYS = {"actor_id", "fund_id"}


@pytest.fixture
def event(application, staff):
    return record(actor=staff, action="state", obj=application, from_value="a", to_value="b")


def _refused(callable_, *args):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_(*args)


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_saving_again_is_refused_by_the_model(event):
    event.reason = "réécrit"
    with pytest.raises(ValueError):
        event.save()


def test_deleting_is_refused_by_the_model_and_the_queryset(event):
    with pytest.raises(ValueError):
        event.delete()
    with pytest.raises(ValueError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "changes",
    [{"reason": "réécrit"}, {"to_value": "c"}, {"action": "autre"}, {"object_id": "999"}],
)
def test_orm_update_is_refused_by_the_database(event, changes):
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(**changes))
    event.refresh_from_db()
    assert (event.reason, event.to_value, event.action) == ("", "b", "state")


def test_moving_the_date_or_the_fund_is_refused(event, other_fund_staff):
    from essaim.funds.models import Fund

    other = Fund.objects.exclude(pk=event.fund_id).first()
    _refused(
        lambda: AuditEvent.objects.filter(pk=event.pk).update(
            created_at=event.created_at.replace(year=2000)
        )
    )
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(fund=other))
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(actor=other_fund_staff))


def test_raw_sql_update_and_delete_are_refused(event):
    # the table's name is a constant: nothing typed reaches these statements
    _refused(_raw, "UPDATE core_auditevent SET reason = %s WHERE id = %s", ["x", event.pk])
    _refused(_raw, "DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    _refused(_raw, "DELETE FROM core_auditevent", [])
    assert AuditEvent.objects.filter(pk=event.pk, reason="").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_truncate_is_refused_on_postgresql(event, fund):
    """TRUNCATE fires no row trigger: a statement trigger refuses it, and the TRUNCATE …
    CASCADE of a table the audit rows reference."""
    with transaction.atomic():
        # the test settings allow TRUNCATE for Django's flushes; this transaction does not
        _raw("SET LOCAL essaim.audit_truncate_allowed = 'off'", [])
        # TRUNCATE waits for no deferred foreign-key check of the rows this test wrote
        _raw("SET CONSTRAINTS ALL IMMEDIATE", [])
        _refused(_raw, "TRUNCATE core_auditevent", [])
        _refused(_raw, "TRUNCATE funds_fund CASCADE", [])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_deleted_person_leaves_the_row_with_its_label(application):
    person = UserFactory(email="partie@exemple.fr", full_name="Paule Partie")
    event = record(actor=person, action="state", obj=application)
    person.delete()
    event.refresh_from_db()
    assert event.actor is None
    assert event.actor_label == "Paule Partie"
    assert event.fund_id == application.call.fund_id


def test_rewriting_opens_the_lock_for_its_block_only(event):
    with audit_lock.rewriting():
        AuditEvent.objects.filter(pk=event.pk).update(reason="daté par la démo")
    event.refresh_from_db()
    assert event.reason == "daté par la démo"
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(reason="après"))


def test_the_triggers_are_installed_and_cover_every_column():
    """Fails when a migration rebuilds the table (SQLite drops its triggers then) or adds a
    column the SQLite trigger does not compare."""
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
            triggers = dict(cursor.fetchall())
            assert set(triggers) == {f"{table}_no_update", f"{table}_no_delete"}
            columns = {f.column for f in AuditEvent._meta.concrete_fields} - FOREIGN_KEYS
            for column in columns:
                assert f"NEW.{column} IS OLD.{column}" in triggers[f"{table}_no_update"]
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
            assert sorted(row[0] for row in cursor.fetchall()) == [
                f"{table}_append_only",
                f"{table}_no_truncate",
            ]
