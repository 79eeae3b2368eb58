"""The independent evaluator's learning-evaluation reports: one per moment (mid-course,
final) and laureate, with its evaluative questions, findings and recommendations.

A report is a draft its evaluator saves as often as they like; once submitted it is final
(read-only), visible to the fund's staff and to the team, and the staff are told by e-mail.
Callers check `accompaniment.write_evaluation` (the laureate's own evaluator).
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.applications.services.messages import staff_emails
from essaim.core.audit import record
from essaim.notifications.services import queue_email

from ..enums import EvaluationMoment, ReportStatus
from ..models import Accompaniment, EvaluationReport
from .workspace import WorkspaceError

REPORT_FIELDS = ("questions", "findings", "recommendations")
FIELD_MAX_LENGTH = 20000


def _submitted_error() -> WorkspaceError:
    return WorkspaceError(_("Ce rapport a été remis : il ne peut plus être modifié."))


def save_report(
    *,
    accompaniment: Accompaniment,
    actor,
    moment: str,
    questions: str = "",
    findings: str = "",
    recommendations: str = "",
) -> EvaluationReport:
    """Create or update the draft of `moment`. Refused once the report is submitted."""
    if moment not in EvaluationMoment.values:
        raise WorkspaceError(_("Ce moment d'évaluation n'existe pas."))
    values = {
        "questions": (questions or "").strip()[:FIELD_MAX_LENGTH],
        "findings": (findings or "").strip()[:FIELD_MAX_LENGTH],
        "recommendations": (recommendations or "").strip()[:FIELD_MAX_LENGTH],
    }
    with transaction.atomic():
        report, created = EvaluationReport.objects.select_for_update(of=("self",)).get_or_create(
            accompaniment=accompaniment,
            moment=moment,
            defaults={**values, "evaluator": actor},
        )
        if not created:
            if report.status == ReportStatus.SUBMITTED:
                raise _submitted_error()
            for field, value in values.items():
                setattr(report, field, value)
            report.evaluator = actor
            report.save(update_fields=[*REPORT_FIELDS, "evaluator", "updated_at"])
    return report


def missing_parts(report: EvaluationReport) -> list[str]:
    """The parts still empty, by their French label: a report is submitted complete."""
    labels = {
        "questions": _("Questions évaluatives"),
        "findings": _("Constats"),
        "recommendations": _("Recommandations"),
    }
    return [labels[field] for field in REPORT_FIELDS if not getattr(report, field).strip()]


def submit_report(*, report: EvaluationReport, actor) -> EvaluationReport:
    """Make the report final and tell the fund's staff. Submitting twice changes nothing."""
    with transaction.atomic():
        locked = (
            EvaluationReport.objects.select_for_update(of=("self",))
            .select_related("accompaniment__application__call__fund")
            .get(pk=report.pk)
        )
        if locked.status == ReportStatus.SUBMITTED:
            return locked
        missing = missing_parts(locked)
        if missing:
            raise WorkspaceError(
                _("Complétez le rapport avant de le remettre : %(parts)s.")
                % {"parts": ", ".join(missing)}
            )
        locked.status = ReportStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.evaluator = actor
        locked.save(update_fields=["status", "submitted_at", "evaluator", "updated_at"])
        record(
            actor=actor,
            action="evaluation.report_submitted",
            obj=locked,
            from_value=ReportStatus.DRAFT,
            to_value=ReportStatus.SUBMITTED,
            data={"accompaniment_id": locked.accompaniment_id, "moment": locked.moment},
        )
        application = locked.accompaniment.application
        recipients = staff_emails(application)
        if recipients:
            queue_email(
                to=recipients,
                template="evaluation_submitted",
                context={
                    "title": application.title,
                    "reference": application.reference,
                    "call_title": application.call.title,
                    "moment": str(locked.get_moment_display()),
                    "evaluator": str(actor),
                    "path": reverse("coaching:workspace", args=[locked.accompaniment_id])
                    + f"#evaluation-{locked.moment}",
                },
            )
    return locked
