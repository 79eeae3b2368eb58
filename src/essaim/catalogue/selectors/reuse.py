"""Reads about reuse, each in a fixed number of queries whatever the data size."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from essaim.applications.enums import TeamAccess
from essaim.applications.models import TeamMember
from essaim.funds.rules import is_platform_admin, staff_fund_ids
from essaim.territory.enums import DEPARTEMENT_NAMES

from ..enums import ReuseStatus
from ..models import Innovation, Reuse, ReuseUpdate

# the public panel and the lists: deployed first, abandoned last
STATUS_ORDER = [
    ReuseStatus.DEPLOYED,
    ReuseStatus.ADAPTING,
    ReuseStatus.IN_CONTACT,
    ReuseStatus.INTERESTED,
    ReuseStatus.ABANDONED,
]
_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}


def reuse_for_thread() -> QuerySet[Reuse]:
    """What the thread page and the permission rules read about a reuse, in one query."""
    return Reuse.objects.select_related(
        "innovation__fund", "innovation__application", "organisation", "declared_by"
    )


def thread(reuse: Reuse) -> dict:
    """The thread page's content: the messages with their authors and the history."""
    return {
        "thread_messages": list(
            reuse.messages.select_related("author").order_by("created_at", "id")
        ),
        "updates": list(reuse.updates.select_related("author").order_by("created_at", "id")),
    }


# --- the public panel of an innovation ----------------------------------------------------


@dataclass(frozen=True)
class PublicReuse:
    """Only what the body declared in public: its name, département and status."""

    organisation: str
    departement: str
    departement_name: str
    status: str
    status_label: str


@dataclass
class InnovationReuses:
    rows: list[PublicReuse] = field(default_factory=list)

    @property
    def active(self) -> list[PublicReuse]:
        """The reuses not given up: those the counts speak of."""
        return [row for row in self.rows if row.status != ReuseStatus.ABANDONED]

    @property
    def count(self) -> int:
        return len(self.active)

    @property
    def deployed(self) -> int:
        return sum(1 for row in self.rows if row.status == ReuseStatus.DEPLOYED)

    @property
    def departements(self) -> int:
        return len({row.departement for row in self.active if row.departement})


def innovation_reuses(innovation: Innovation) -> InnovationReuses:
    """The bodies reusing an innovation, deployed first, then by name (one given up last,
    listed but not counted, as on the map). One query."""
    rows = (
        Reuse.objects.public()
        .filter(innovation=innovation)
        .values_list("organisation__name", "departement", "status")
    )
    items = [
        PublicReuse(
            organisation=name,
            departement=departement,
            departement_name=DEPARTEMENT_NAMES.get(departement, ""),
            status=status,
            status_label=str(ReuseStatus(status).label),
        )
        for name, departement, status in rows
    ]
    items.sort(key=lambda row: (_RANK[row.status], row.organisation.lower()))
    return InnovationReuses(rows=items)


# --- a person's reuses ---------------------------------------------------------------------


def my_reuses(user) -> dict:
    """The reuses a person declared, and those of innovations whose dossier team they are
    on (owner or co-applicant). Two queries."""
    base = Reuse.objects.select_related("innovation", "organisation").order_by("-updated_at", "-id")
    declared = list(base.filter(declared_by=user))
    team_of = TeamMember.objects.filter(
        application_id=OuterRef("innovation__application_id"),
        user=user,
        access__in=[TeamAccess.OWNER, TeamAccess.EDITOR],
    )
    of_my_innovations = list(
        base.filter(Exists(team_of)).exclude(declared_by=user).select_related("declared_by")
    )
    return {"declared": declared, "of_my_innovations": of_my_innovations}


# --- the staff's statistics ------------------------------------------------------------------


def followed_innovations(user) -> QuerySet[Innovation]:
    """The innovations whose reuse a person follows in the back-office: those of the funds
    they manage and the sheets from outside any fund they added; all for an admin."""
    if is_platform_admin(user):
        return Innovation.objects.all()
    return Innovation.objects.filter(
        Q(fund_id__in=staff_fund_ids(user)) | Q(fund__isnull=True, created_by=user)
    )


@dataclass
class InnovationRow:
    innovation_id: int
    slug: str
    title: str
    fund: str
    is_published: bool
    counts: dict[str, int]
    total: int


@dataclass
class MonthRow:
    month: dt.date
    declared: int
    deployed: int


@dataclass
class ReuseStatistics:
    innovations: list[InnovationRow]
    by_status: dict[str, int]
    months: list[MonthRow]
    total: int

    @property
    def peak(self) -> int:
        return max([0] + [max(m.declared, m.deployed) for m in self.months])


def reuse_statistics(innovations: QuerySet[Innovation]) -> ReuseStatistics:
    """Reuse counts per innovation and status, and per month the new declarations and the
    deployments (a reuse counts once, in the month it was first marked deployed). Three
    queries, whatever the number of innovations or reuses."""
    status_counts = {
        f"n_{status}": Count("reuses", filter=Q(reuses__status=status))
        for status in ReuseStatus.values
    }
    rows = []
    totals = dict.fromkeys(ReuseStatus.values, 0)
    for innovation in (
        innovations.filter(reuses__isnull=False)
        .annotate(total=Count("reuses"), **status_counts)
        .select_related("fund")
        .order_by("-total", "title", "id")
    ):
        counts = {status: getattr(innovation, f"n_{status}") for status in ReuseStatus.values}
        for status, number in counts.items():
            totals[status] += number
        rows.append(
            InnovationRow(
                innovation_id=innovation.pk,
                slug=innovation.slug,
                title=innovation.title,
                fund=innovation.fund.name if innovation.fund_id else "",
                is_published=innovation.is_published,
                counts=counts,
                total=innovation.total,
            )
        )

    tz = timezone.get_default_timezone()
    reuses = Reuse.objects.filter(innovation__in=innovations)
    declared = dict(
        reuses.annotate(month=TruncMonth("created_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    first_deployments = (
        ReuseUpdate.objects.filter(reuse__in=reuses, status=ReuseStatus.DEPLOYED)
        .values("reuse_id")
        .annotate(first=Min("created_at"))
        .values_list("first", flat=True)
    )
    deployed: dict[dt.date, int] = {}
    for moment in first_deployments:
        month = timezone.localtime(moment, tz).date().replace(day=1)
        deployed[month] = deployed.get(month, 0) + 1
    declared = {_as_month(month, tz): n for month, n in declared.items()}
    months = []
    if declared or deployed:
        first = min([*declared, *deployed])
        last = max([*declared, *deployed])
        month = first
        while month <= last:
            months.append(MonthRow(month, declared.get(month, 0), deployed.get(month, 0)))
            month = (month + dt.timedelta(days=32)).replace(day=1)
    return ReuseStatistics(
        innovations=rows, by_status=totals, months=months, total=sum(totals.values())
    )


def _as_month(value, tz) -> dt.date:
    # TruncMonth gives an aware datetime on PostgreSQL and SQLite alike; a date on backends
    # that truncate to a date
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, tz)
        return value.date().replace(day=1)
    return value.replace(day=1)
