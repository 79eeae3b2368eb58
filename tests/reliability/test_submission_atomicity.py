"""A submission is all or nothing: submitted with its reference, frozen version, audit row
and queued receipt — or still a clean draft, whatever fails on the way.

The faults are injected in the outside world, never in our code: the database refusing a
statement (a connection lost mid-transaction), the transaction dying before its COMMIT (a
worker killed), the mail server refusing the receipt. Real transactions (`transaction=True`),
on SQLite and on PostgreSQL (DATABASE_URL).
"""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, OperationalError, connection, transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application, ApplicationVersion
from essaim.applications.services.submission import application_submit
from essaim.core.models import AuditEvent

from ..factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The production queue: tasks are rows of the same database.
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class FailAt:
    """A database that answers the first `index` statements, then loses the connection."""

    def __init__(self, index: int):
        self.index, self.seen, self.failed_sql = index, 0, ""

    def __call__(self, execute, sql, params, many, context):
        position = self.seen
        self.seen += 1
        if position == self.index:
            self.failed_sql = sql
            raise OperationalError("server closed the connection unexpectedly (injected)")
        return execute(sql, params, many, context)


def _submission_rows(application: Application) -> dict:
    application.refresh_from_db()
    application.call.refresh_from_db()
    return {
        "state": application.state,
        "reference": application.reference,
        "submitted_at": application.submitted_at,
        "versions": ApplicationVersion.objects.filter(application=application).count(),
        "audit": AuditEvent.objects.filter(
            action="application.state", object_id=str(application.pk)
        ).count(),
        "receipts": _receipts_queued(application),
        "counter": application.call.reference_counter,
    }


def _receipts_queued(application: Application) -> int:
    return sum(
        1
        for row in DBTaskResult.objects.values_list("args_kwargs", flat=True)
        if row["kwargs"].get("template") == "receipt"
        and row["kwargs"]["attachments"][0]["application_id"] == application.pk
    )


def _clean_draft(counter: int) -> dict:
    return {
        "state": ApplicationState.DRAFT,
        "reference": None,
        "submitted_at": None,
        "versions": 0,
        "audit": 0,
        "receipts": 0,
        "counter": counter,
    }


def test_a_database_failure_at_any_statement_leaves_a_clean_draft(settings, call, applicant):
    settings.TASKS = DATABASE_QUEUE
    drafts, failed_statements = [], []
    # Fail the 1st statement of a submission, then the 2nd, … until one gets through.
    for index in range(100):
        draft = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
        fault = FailAt(index)
        try:
            with connection.execute_wrapper(fault):
                application_submit(application_id=draft.pk, user=applicant)
        except DatabaseError:
            # whatever the statement, nothing of the submission is left, the counter included
            assert _submission_rows(draft) == _clean_draft(counter=0), fault.failed_sql
            failed_statements.append(fault.failed_sql.split()[0])
            drafts.append(draft)
        else:
            assert not fault.failed_sql
            break
    # lock, counter, state, audit, version, receipt… each failed once
    assert len(failed_statements) >= 6
    assert {"UPDATE", "INSERT"} <= set(failed_statements)
    assert _submission_rows(draft)["reference"] == "MNT-2024-06-0001"

    # The database back, each draft submits with the next number: no gap, no duplicate.
    for draft in drafts:
        application_submit(application_id=draft.pk, user=applicant)
    references = list(
        Application.objects.filter(call=call)
        .order_by("reference")
        .values_list("reference", flat=True)
    )
    assert references == [f"MNT-2024-06-{n:04d}" for n in range(1, len(drafts) + 2)]
    for application in Application.objects.filter(call=call):
        rows = _submission_rows(application)
        assert (rows["versions"], rows["audit"], rows["receipts"]) == (1, 1, 1)


def test_the_receipt_is_queued_inside_the_submission_transaction(settings, call, applicant):
    """A worker killed between COMMIT and an on_commit hook would leave a submitted dossier
    whose receipt is never sent: the task row must be part of the transaction itself."""
    settings.TASKS = DATABASE_QUEUE
    draft = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
    with transaction.atomic():
        application_submit(application_id=draft.pk, user=applicant)
        assert _receipts_queued(draft) == 1  # already written, not waiting for the commit
        assert connection.run_on_commit == []
        transaction.set_rollback(True)  # the process dies before COMMIT
    assert _submission_rows(draft) == _clean_draft(counter=0)

    application_submit(application_id=draft.pk, user=applicant)
    rows = _submission_rows(draft)
    assert rows["reference"] == "MNT-2024-06-0001"
    assert (rows["versions"], rows["audit"], rows["receipts"]) == (1, 1, 1)


class RefusingEmailBackend(BaseEmailBackend):
    """The mail server is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed (injected)")


REFUSING = f"{__name__}.RefusingEmailBackend"


def test_a_mail_server_down_does_not_undo_or_break_the_submission(
    client, settings, call, applicant
):
    """With the immediate queue (demo, small installs) the mail is sent in the request: the
    dossier stays submitted and the person lands on the confirmation, not on an error."""
    settings.EMAIL_BACKEND = REFUSING
    draft = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
    client.force_login(applicant)
    response = client.post(
        reverse("portal:application_check", args=[draft.pk]), {"declaration": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:application_confirmation", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.state == ApplicationState.SUBMITTED
    assert draft.reference == "MNT-2024-06-0001"
    assert ApplicationVersion.objects.filter(application=draft).count() == 1
    assert mail.outbox == []
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "MNT-2024-06-0001" in page.content.decode()


def test_with_the_database_queue_a_failed_sending_keeps_the_receipt_to_retry(
    settings, call, applicant
):
    """In production the worker sends: the mail server down marks the task failed, the
    dossier keeps its reference, and the task's arguments are all a retry needs."""
    from django.core.management import call_command

    settings.TASKS = DATABASE_QUEUE
    draft = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
    application_submit(application_id=draft.pk, user=applicant)
    settings.EMAIL_BACKEND = REFUSING
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    task = DBTaskResult.objects.get()
    assert task.status == "FAILED"
    assert "SMTPServerDisconnected" in task.exception_class_path
    assert _submission_rows(draft)["reference"] == "MNT-2024-06-0001"

    # the mail server back, the same arguments send the receipt once
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from essaim.notifications.tasks import send_templated_email

    send_templated_email.call(**task.args_kwargs["kwargs"])
    assert len(mail.outbox) == 1
    assert "MNT-2024-06-0001" in mail.outbox[0].subject + mail.outbox[0].body
