"""Submissions arriving in the same instant: each gets exactly one reference, none is lost.

Runs on real transactions and threads, so SQLite's immediate transactions and busy
timeout, or PostgreSQL's row locks, are what is tested.
"""

import threading

import pytest
from django.db import connection

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application, ApplicationVersion
from essaim.applications.services.submission import application_submit

from ..factories import ApplicationFactory, CallFactory, FundFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _run_in_threads(targets):
    errors = []
    barrier = threading.Barrier(len(targets))

    def wrap(target):
        try:
            barrier.wait()
            target()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def call():
    return CallFactory(fund=FundFactory(reference_prefix="MNT"), year=2024, edition=6)


def test_parallel_submissions_get_distinct_consecutive_references(call):
    user = UserFactory()
    ids = [
        ApplicationFactory(call=call, created_by=user, complete=True, ready=True).pk
        for _ in range(8)
    ]
    errors = _run_in_threads(
        [lambda pk=pk: application_submit(application_id=pk, user=user) for pk in ids]
    )
    assert errors == []
    references = sorted(Application.objects.values_list("reference", flat=True))
    assert references == [f"MNT-2024-06-{n:04d}" for n in range(1, 9)]
    assert ApplicationVersion.objects.count() == 8


def test_double_submission_of_one_dossier_gives_one_reference(call):
    user = UserFactory()
    pk = ApplicationFactory(call=call, created_by=user, complete=True, ready=True).pk
    errors = _run_in_threads(
        [lambda: application_submit(application_id=pk, user=user) for _ in range(4)]
    )
    assert errors == []
    application = Application.objects.get(pk=pk)
    assert application.state == ApplicationState.SUBMITTED
    assert application.reference == "MNT-2024-06-0001"
    assert ApplicationVersion.objects.filter(application=application).count() == 1
    call.refresh_from_db()
    assert call.reference_counter == 1
