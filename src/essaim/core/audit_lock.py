"""The audit table is append-only in the database itself, not only in the model.

Migration core 0002 installs triggers that refuse UPDATE and DELETE on `core_auditevent`,
on SQLite and on PostgreSQL, whoever sends them (the ORM, raw SQL, a script). They let one
change through: a foreign key (`actor_id`, `fund_id`) set to NULL, every other column
unchanged — what Django does when the person or the fund a row names is deleted; the row
keeps `actor_label`.

The one deliberate way around them is `rewriting()`, for the demo loader, which tells a
story in the past and moves its rows' dates. It opens the lock for the current transaction
and connection only: on PostgreSQL a transaction-local setting (`set_config(..., true)`),
on SQLite a SQL function registered on each connection by Django (`essaim_audit_unlocked`),
which a plain `sqlite3` shell does not have — an UPDATE or DELETE typed there fails too.
On PostgreSQL a statement trigger also refuses TRUNCATE (migration 0003), which row
triggers do not see. Whoever owns the database can still drop the triggers: they guard
against the application and its bugs, not against the database's administrator.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

SQLITE_FUNCTION = "essaim_audit_unlocked"
POSTGRESQL_SETTING = "essaim.audit_unlocked"

_state = threading.local()


def _sqlite_unlocked() -> int:
    return 1 if getattr(_state, "unlocked", 0) > 0 else 0


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: the SQLite triggers call this function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 0, _sqlite_unlocked)


@contextmanager
def rewriting() -> Iterator[None]:
    """Let this block's transaction update or delete audit rows (the demo loader only)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [POSTGRESQL_SETTING])
        _state.unlocked = getattr(_state, "unlocked", 0) + 1
        try:
            yield
        finally:
            _state.unlocked -= 1
            still_open = _state.unlocked > 0  # an enclosing rewriting() block
            if (
                connection.vendor == "postgresql"
                and not still_open
                and not connection.needs_rollback
            ):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'off', true)", [POSTGRESQL_SETTING])


@contextmanager
def unlocked_for_test_teardown() -> Iterator[None]:
    """For the test suite only: emptying the tables between transactional tests deletes
    audit rows (SQLite flushes with DELETE; PostgreSQL with TRUNCATE, which the test
    settings allow on their connections)."""
    _state.unlocked = getattr(_state, "unlocked", 0) + 1
    try:
        yield
    finally:
        _state.unlocked -= 1
