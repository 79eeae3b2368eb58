"""Reads behind the engagement pages: a call's envelope, a dossier's versions.

Money is Decimal from the database to the page; nothing here goes through float.

What a dossier commits: the larger amount of its version in force and its amendment in
preparation. Until the team signs, the version in force binds the fund, so an amendment that
lowers the amount frees nothing yet, and one that raises it reserves the difference at once.
A dossier is never counted twice. What is paid: the paid tranches of the version in force
(signed); an amendment copies them.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Sum

from essaim.applications.models import Application
from essaim.funds.models import Call

from ..enums import EngagementStatus, SignatureSide
from ..models import Engagement, Signature

ZERO = Decimal("0")
CURRENT_STATUSES = (EngagementStatus.DRAFT, EngagementStatus.SIGNED)


@dataclass
class EnvelopeLine:
    application: Application
    engagement: Engagement  # the dossier's newest version not superseded
    granted: Decimal  # what the dossier commits (see the module's docstring)
    paid: Decimal


@dataclass
class Envelope:
    total: Decimal | None  # None: the call sets no envelope
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    lines: list[EnvelopeLine] = field(default_factory=list)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.total is None else self.total - self.committed

    @property
    def is_over(self) -> bool:
        return self.remaining is not None and self.remaining < 0


def _newest_per_application(engagements) -> dict[int, Engagement]:
    """`engagements` ordered by dossier then version: the newest version of each wins."""
    current: dict[int, Engagement] = {}
    for engagement in engagements:
        current[engagement.application_id] = engagement
    return current


def _committed_per_application(engagements) -> dict[int, Decimal]:
    """The larger amount of each dossier's version in force and amendment in preparation."""
    committed: dict[int, Decimal] = {}
    for engagement in engagements:
        amount = engagement.granted_amount or ZERO
        committed[engagement.application_id] = max(
            committed.get(engagement.application_id, ZERO), amount
        )
    return committed


def committed_amount(call: Call, *, excluding_application_id: int | None = None) -> Decimal:
    """What the call's dossiers commit (one query), leaving one dossier out when its own
    engagement is being written."""
    queryset = Engagement.objects.filter(application__call=call, status__in=CURRENT_STATUSES).only(
        "application_id", "version", "granted_amount"
    )
    if excluding_application_id is not None:
        queryset = queryset.exclude(application_id=excluding_application_id)
    return sum(_committed_per_application(queryset).values(), ZERO)


def call_envelope(call: Call) -> Envelope:
    """Total, committed, paid and remaining, with one line per committed dossier (one
    query, whatever the number of laureates)."""
    queryset = (
        Engagement.objects.filter(application__call=call, status__in=CURRENT_STATUSES)
        .select_related("application")
        .annotate(
            paid_total=Sum("tranches__paid_amount"),
            fund_signed=Exists(
                Signature.objects.filter(engagement=OuterRef("pk"), side=SignatureSide.FUND)
            ),
        )
    )
    engagements = list(queryset.order_by("application_id", "version"))
    current = _newest_per_application(engagements)
    committed = _committed_per_application(engagements)
    paid_by_application = {
        e.application_id: e.paid_total or ZERO
        for e in engagements
        if e.status == EngagementStatus.SIGNED
    }
    envelope = Envelope(total=call.envelope)
    for application_id, engagement in current.items():
        line = EnvelopeLine(
            application=engagement.application,
            engagement=engagement,
            granted=committed[application_id],
            paid=paid_by_application.get(application_id, ZERO),
        )
        envelope.lines.append(line)
        envelope.committed += line.granted
        envelope.paid += line.paid
    envelope.lines.sort(key=lambda line: (line.application.reference or "", line.application.pk))
    return envelope


def engagement_detail_queryset() -> QuerySet[Engagement]:
    """An engagement with everything its page and its PDF show (four queries)."""
    return Engagement.objects.select_related(
        "application__call__fund", "created_by"
    ).prefetch_related(
        "indicators",
        "tranches",
        Prefetch("signatures", queryset=Signature.objects.order_by("signed_at")),
    )


def application_engagements(application: Application) -> list[Engagement]:
    """Every version of the dossier's engagement, newest first, with its signatures (two
    queries)."""
    return list(
        Engagement.objects.filter(application=application)
        .prefetch_related(Prefetch("signatures", queryset=Signature.objects.order_by("signed_at")))
        .order_by("-version")
    )


def current_engagement(versions: list[Engagement]) -> Engagement | None:
    """The version to act on: the one in preparation, else the one in force."""
    for status in (EngagementStatus.DRAFT, EngagementStatus.SIGNED):
        for engagement in versions:
            if engagement.status == status:
                return engagement
    return None


def signed_engagement(versions: list[Engagement]) -> Engagement | None:
    return next((e for e in versions if e.status == EngagementStatus.SIGNED), None)


def signature_of(engagement: Engagement, side: str) -> Signature | None:
    """From the prefetched signatures."""
    return next((s for s in engagement.signatures.all() if s.side == side), None)
