"""Reads behind decision messages: templates, the dossiers a mailing can reach, the values of
their placeholders, and the mailings' log. Each runs a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.applications.selectors import with_owner
from essaim.funds.models import Call

from ..default_mail_templates import DEFAULT_TEMPLATES
from ..enums import DeliveryStatus
from ..mailings import MAIL_OUTCOMES
from ..models import Decision, Mailing, MailingRecipient, MailTemplate


@dataclass(frozen=True)
class TemplateText:
    outcome: str
    subject: str
    body: str
    is_default: bool


def template_text(call: Call, outcome: str) -> TemplateText:
    """The call's wording for `outcome`, or the default one when it has none."""
    row = MailTemplate.objects.filter(call=call, outcome=outcome).first()
    if row is not None:
        return TemplateText(outcome, row.subject, row.body, is_default=False)
    default = DEFAULT_TEMPLATES[outcome]
    return TemplateText(outcome, str(default.subject), str(default.body), is_default=True)


@dataclass(frozen=True)
class OutcomeRow:
    outcome: str
    label: str
    is_custom: bool
    dossier_count: int


def outcome_rows(call: Call) -> list[OutcomeRow]:
    """One row per announceable outcome: whether the call wrote its own wording and how
    many dossiers are in that state now. Two queries."""
    custom = set(MailTemplate.objects.filter(call=call).values_list("outcome", flat=True))
    counts = dict(
        Application.objects.filter(call=call, state__in=MAIL_OUTCOMES)
        .order_by()
        .values_list("state")
        .annotate(n=Count("*"))
    )
    return [
        OutcomeRow(
            outcome=outcome,
            label=str(ApplicationState(outcome).label),
            is_custom=outcome in custom,
            dossier_count=counts.get(outcome, 0),
        )
        for outcome in MAIL_OUTCOMES
    ]


def mailing_candidates(call: Call, outcome: str) -> QuerySet[Application]:
    """The call's dossiers now in state `outcome`, by reference, with their owner's name."""
    return with_owner(
        Application.objects.filter(call=call, state=outcome)
        .select_related("call__fund")
        .order_by("reference", "pk")
    )


def latest_reasons(application_ids: list[int], outcome: str) -> dict[int, str]:
    """{application id: reason of its latest decision with this outcome}. One query."""
    reasons: dict[int, str] = {}
    rows = (
        Decision.objects.filter(application_id__in=application_ids, outcome=outcome)
        .order_by("application_id", "-decided_at", "-id")
        .values_list("application_id", "reason")
    )
    for application_id, reason in rows:
        reasons.setdefault(application_id, reason)
    return reasons


def dossier_url(application_id: int) -> str:
    """The dossier's page in the applicant's portal, as an absolute address for e-mails."""
    return settings.SITE_URL + reverse("portal:application_detail", args=[application_id])


def placeholder_values(application: Application, *, reason: str) -> dict[str, str]:
    """The value of every placeholder for one dossier (`owner_name` from `with_owner`)."""
    call = application.call
    return {
        "reference": application.reference or "",
        "titre": application.title,
        "organisme": application.organisation_name,
        "porteur": getattr(application, "owner_name", "") or "",
        "appel": call.title,
        "fonds": call.fund.name,
        "motif": reason,
        "lien": dossier_url(application.pk),
    }


# --- the log ------------------------------------------------------------------------------


def call_mailings(call: Call) -> QuerySet[Mailing]:
    """A call's mailings, newest first, each with its counts by delivery status."""
    return (
        Mailing.objects.filter(call=call)
        .select_related("created_by", "confirmed_by")
        .annotate(
            recipient_count=Count("recipients"),
            sent_count=Count("recipients", filter=Q(recipients__status=DeliveryStatus.SENT)),
            failed_count=Count("recipients", filter=Q(recipients__status=DeliveryStatus.FAILED)),
        )
        .order_by("-created_at", "-id")
    )


def staff_mailing_queryset() -> QuerySet[Mailing]:
    return Mailing.objects.select_related("call__fund", "created_by", "confirmed_by")


def mailing_recipients(mailing: Mailing) -> QuerySet[MailingRecipient]:
    return (
        MailingRecipient.objects.filter(mailing=mailing)
        .select_related("application")
        .order_by("application__reference", "application_id")
    )


def delivery_counts(recipients: list[MailingRecipient]) -> Counter:
    return Counter(recipient.status for recipient in recipients)
