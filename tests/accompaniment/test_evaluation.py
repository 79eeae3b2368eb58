"""Evaluation reports: a draft per moment, submitted complete and then read-only, the
fund's staff told by e-mail once."""

import pytest
from django.core import mail

from essaim.accompaniment.enums import ReportStatus
from essaim.accompaniment.services import evaluation
from essaim.accompaniment.services.workspace import WorkspaceError
from essaim.core.models import AuditEvent

from ..coaching.conftest import make_accompaniment
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

FULL = {
    "questions": "Le nouvel accueil réduit-il l'attente ?",
    "findings": "L'attente moyenne passe de 12 à 5 minutes.",
    "recommendations": "Étendre aux mairies annexes.",
}


@pytest.fixture
def evaluator(db):
    return UserFactory(full_name="Éva Évaluatrice")


@pytest.fixture
def accompaniment(call, applicant, evaluator):
    return make_accompaniment(call=call, team_owner=applicant, evaluator=evaluator)


def test_draft_saved_many_times_one_report_per_moment(accompaniment, evaluator):
    first = evaluation.save_report(
        accompaniment=accompaniment, actor=evaluator, moment="mid_course", questions="Q"
    )
    second = evaluation.save_report(
        accompaniment=accompaniment, actor=evaluator, moment="mid_course", **FULL
    )
    assert first.pk == second.pk
    assert second.status == ReportStatus.DRAFT and second.findings == FULL["findings"]
    final = evaluation.save_report(accompaniment=accompaniment, actor=evaluator, moment="final")
    assert final.pk != first.pk
    with pytest.raises(WorkspaceError):
        evaluation.save_report(accompaniment=accompaniment, actor=evaluator, moment="someday")


def test_submit_needs_every_part(accompaniment, evaluator):
    report = evaluation.save_report(
        accompaniment=accompaniment, actor=evaluator, moment="final", questions="Q"
    )
    with pytest.raises(WorkspaceError, match="Constats, Recommandations"):
        evaluation.submit_report(report=report, actor=evaluator)


def test_submit_is_final_audited_and_mails_staff_once(
    accompaniment, evaluator, staff, django_capture_on_commit_callbacks
):
    report = evaluation.save_report(
        accompaniment=accompaniment, actor=evaluator, moment="final", **FULL
    )
    with django_capture_on_commit_callbacks(execute=True):
        submitted = evaluation.submit_report(report=report, actor=evaluator)
        evaluation.submit_report(report=report, actor=evaluator)  # a double click
    assert submitted.status == ReportStatus.SUBMITTED and submitted.submitted_at
    assert AuditEvent.objects.filter(action="evaluation.report_submitted").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff.email]
    assert "Finale" in message.subject
    assert f"/accompagnement/{accompaniment.pk}/#evaluation-final" in message.body
    with pytest.raises(WorkspaceError, match="a été remis"):
        evaluation.save_report(
            accompaniment=accompaniment, actor=evaluator, moment="final", findings="Autre"
        )


def test_other_laureate_reports_are_separate(call, accompaniment, evaluator):
    other = make_accompaniment(call=call, team_owner=UserFactory(), evaluator=evaluator)
    a = evaluation.save_report(accompaniment=accompaniment, actor=evaluator, moment="final")
    b = evaluation.save_report(accompaniment=other, actor=evaluator, moment="final")
    assert a.pk != b.pk
