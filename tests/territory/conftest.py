import pytest


@pytest.fixture(scope="module")
def full_referential(django_db_setup, django_db_blocker):
    """The whole shipped referential (36,000 bodies, about 6 s on SQLite, 10 s on
    PostgreSQL), loaded once per module inside a transaction rolled back at its end. The
    tests that use it run inside it (`db` savepoints): no `transaction=True` test with it."""
    from django.db import transaction

    from essaim.territory.importer import import_referential
    from essaim.territory.snapshot import load_snapshot

    snapshot = load_snapshot()
    with django_db_blocker.unblock(), transaction.atomic():
        yield snapshot, import_referential(snapshot)
        transaction.set_rollback(True)
