"""The staff's portfolio of laureates: every laureate of the calls of the funds a person
manages (all of them for a platform administrator), one row each, in a fixed number of
queries whatever the number of rows.

A laureate is a dossier that has an `Accompaniment`, or that is in a selected state
(laureate, in accompaniment, accompanied) without one yet. Each row carries, as SQL
annotations (no query per row): the current phase, the next milestone, the number of late
milestones, and for funding calls the amount granted by the current engagement and the sum
of its paid tranches.

Filters and sort keys are French words because they show in the address bar:
`?fonds=1&appel=3&cohorte=2&accompagnant=7&phase=Test+du+prototype&retard=on&tri=-retard`.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import django_filters
from django import forms
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from essaim.accounts.models import User
from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.core.widgets import FastSelect
from essaim.funds.models import Call, Fund
from essaim.funds.selectors import managed_calls, managed_funds

from ..enums import (
    OPEN_MILESTONE_STATUSES,
    EngagementStatus,
    MilestoneStatus,
    PhaseStatus,
    SignatureSide,
)
from ..models import Cohort, Engagement, Milestone, Phase, Signature, Tranche

CURRENT_ENGAGEMENT_STATUSES = (EngagementStatus.DRAFT, EngagementStatus.SIGNED)
EXPECTED_MILESTONE_STATUSES = (MilestoneStatus.UPCOMING, MilestoneStatus.IN_PROGRESS)
MONEY = DecimalField(max_digits=14, decimal_places=2)


def late_milestones(today: dt.date) -> Q:
    """Marked late by the daily task, or still expected and past due (the task may not have
    run yet today): both count as late on the portfolio."""
    return Q(status=MilestoneStatus.LATE) | Q(
        status__in=EXPECTED_MILESTONE_STATUSES, due_on__lt=today
    )


def laureates(user, *, today: dt.date | None = None) -> QuerySet[Application]:
    """The laureates `user` manages, annotated for the portfolio (see the module docstring).

    Annotations: `current_phase` (name of the first phase in progress), `next_milestone_on`
    and `next_milestone_title` (the earliest milestone still expected, overdue or not),
    `late_count`, `committed` (the larger granted amount of the version in force and a draft,
    as the envelope counts it), `engagement_in_force` (a signed version exists),
    `engagement_status`, `engagement_fund_signed` (the fund signed the current one, which
    then awaits the team), `paid` (sum of the paid tranches of the version in force, 0 if none).
    """
    today = today or timezone.localdate()
    milestones = Milestone.objects.filter(accompaniment__application=OuterRef("pk"))
    # the earliest still expected, overdue ones included (as the coaches' list shows it)
    next_milestone = milestones.filter(status__in=OPEN_MILESTONE_STATUSES).order_by("due_on", "id")
    late = (
        milestones.filter(late_milestones(today))
        .order_by()
        .values("accompaniment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    current_phase = Phase.objects.filter(
        accompaniment__application=OuterRef("pk"), status=PhaseStatus.IN_PROGRESS
    ).order_by("position", "id")
    engagement = Engagement.objects.filter(
        application=OuterRef("pk"), status__in=CURRENT_ENGAGEMENT_STATUSES
    ).order_by("-version")
    paid = (
        # the version in force only: an amendment in preparation copies its paid tranches,
        # which would count twice (the envelope page reads them the same way)
        Tranche.objects.filter(
            engagement__application=OuterRef("pk"),
            engagement__status=EngagementStatus.SIGNED,
            paid_on__isnull=False,
        )
        .order_by()  # the model's ordering would enter the GROUP BY
        .values("engagement__application")
        .annotate(total=Sum("paid_amount", output_field=MONEY))
        .values("total")
    )
    return (
        Application.objects.filter(call__in=managed_calls(user))
        .filter(Q(accompaniment__isnull=False) | Q(state__in=ApplicationState.selected()))
        .select_related("call__fund", "accompaniment__cohort", "accompaniment__coach")
        .annotate(
            current_phase=Subquery(current_phase.values("name")[:1]),
            next_milestone_on=Subquery(
                next_milestone.values("due_on")[:1], output_field=DateField()
            ),
            next_milestone_title=Subquery(next_milestone.values("title")[:1]),
            late_count=Coalesce(
                Subquery(late, output_field=IntegerField()), Value(0), output_field=IntegerField()
            ),
            # as the envelope counts it: the larger of the version in force and a draft
            committed=Subquery(
                engagement.order_by(F("granted_amount").desc(nulls_last=True)).values(
                    "granted_amount"
                )[:1],
                output_field=MONEY,
            ),
            engagement_status=Subquery(engagement.values("status")[:1]),
            engagement_in_force=Exists(engagement.filter(status=EngagementStatus.SIGNED)),
            # a draft is always the newest version (one at a time): the current one
            engagement_fund_signed=Exists(
                Signature.objects.filter(
                    engagement__application=OuterRef("pk"),
                    engagement__status=EngagementStatus.DRAFT,
                    side=SignatureSide.FUND,
                )
            ),
            paid=Coalesce(
                Subquery(paid, output_field=MONEY), Value(Decimal("0")), output_field=MONEY
            ),
        )
    )


def with_phases(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Each laureate's phases in order, in one more query (for the timeline)."""
    return queryset.prefetch_related(
        Prefetch("accompaniment__phases", queryset=Phase.objects.order_by("position", "id"))
    )


# --- filters and sorting -----------------------------------------------------------------

# sort key in the address -> expressions, ascending; "-key" sorts descending.
SORTS: dict[str, tuple[str, ...]] = {
    "appel": ("call__title", "accompaniment__cohort__starts_on", "organisation_name"),
    "organisme": ("organisation_name",),
    "cohorte": ("accompaniment__cohort__starts_on", "accompaniment__cohort__name"),
    "accompagnant": ("accompaniment__coach__full_name",),
    "phase": ("current_phase",),
    "jalon": ("next_milestone_on",),
    "retard": ("late_count",),
    "engage": ("committed",),
    "verse": ("paid",),
}
DEFAULT_SORT = "appel"
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]
NO_COHORT = NO_COACH = "aucun"


def _ordering(sort: str) -> list:
    descending = sort.startswith("-")
    ordering = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        for name in SORTS[sort.lstrip("-")]
    ]
    # a unique last key keeps pages stable when many rows share a value
    ordering.append(F("id").desc() if descending else F("id").asc())
    return ordering


class _CallChoice(filter_fields.ModelChoiceField):
    def label_from_instance(self, obj: Call) -> str:
        return f"{obj.fund.name} — {obj.title}"


class _CohortChoice(filter_fields.ModelChoiceField):
    def label_from_instance(self, obj: Cohort) -> str:
        return f"{obj.name} ({obj.call.title})"


class _CoachChoice(filter_fields.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class _CallFilter(django_filters.ModelChoiceFilter):
    field_class = _CallChoice


class _CohortFilter(django_filters.ModelChoiceFilter):
    field_class = _CohortChoice


class _CoachFilter(django_filters.ModelChoiceFilter):
    field_class = _CoachChoice


class PortfolioFilter(django_filters.FilterSet):
    fonds = django_filters.ModelChoiceFilter(
        label=_("Fonds"),
        field_name="call__fund",
        queryset=Fund.objects.none(),
        empty_label=_("Tous"),
        widget=FastSelect,
    )
    appel = _CallFilter(
        label=_("Appel"),
        field_name="call",
        queryset=Call.objects.none(),
        empty_label=_("Tous"),
        widget=FastSelect,
    )
    cohorte = _CohortFilter(
        label=_("Cohorte"),
        field_name="accompaniment__cohort",
        queryset=Cohort.objects.none(),
        empty_label=_("Toutes"),
        null_label=_("Sans cohorte"),
        null_value=NO_COHORT,
        widget=FastSelect,
    )
    accompagnant = _CoachFilter(
        label=_("Accompagnant"),
        field_name="accompaniment__coach",
        queryset=User.objects.none(),
        empty_label=_("Tous"),
        null_label=_("Sans accompagnant"),
        null_value=NO_COACH,
        widget=FastSelect,
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase en cours"),
        field_name="current_phase",
        choices=[],
        empty_label=_("Toutes"),
        widget=FastSelect,
    )
    retard = django_filters.BooleanFilter(
        label=_("En retard seulement"),
        method="only_late",
        widget=forms.CheckboxInput,
    )
    tri = django_filters.ChoiceFilter(
        label=_("Tri"), choices=SORT_CHOICES, method="sort", widget=forms.HiddenInput
    )

    FILTER_NAMES = ("fonds", "appel", "cohorte", "accompagnant", "phase", "retard")

    def __init__(self, data=None, queryset=None, *, user, today: dt.date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(data, queryset, **kwargs)
        calls = managed_calls(user)
        self.filters["fonds"].queryset = managed_funds(user).order_by("name")
        self.filters["appel"].queryset = calls.order_by("fund__name", "-opens_at", "-id")
        self.filters["cohorte"].queryset = (
            Cohort.objects.filter(call__in=calls)
            .select_related("call")
            .order_by("-starts_on", "name", "id")
        )
        self.filters["accompagnant"].queryset = (
            User.objects.filter(coached_accompaniments__application__call__in=calls)
            .distinct()
            .order_by("full_name", "id")
        )
        phase_names = (
            Phase.objects.filter(
                accompaniment__application__call__in=calls, status=PhaseStatus.IN_PROGRESS
            )
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()
        )
        self.filters["phase"].extra["choices"] = PhaseChoices(phase_names)
        for field in self.form.fields.values():
            field.hide_optional = True  # every filter is optional: no "(facultatif)" noise

    def only_late(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if not value:
            return queryset
        late = Milestone.objects.filter(accompaniment__application=OuterRef("pk")).filter(
            late_milestones(self.today)
        )
        return queryset.filter(Exists(late))

    def sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*_ordering(value))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return super().filter_queryset(queryset.order_by(*_ordering(DEFAULT_SORT)))

    @property
    def current_sort(self) -> str:
        self.errors  # noqa: B018 - validates the form, which fills cleaned_data
        return self.form.cleaned_data.get("tri") or DEFAULT_SORT

    @property
    def is_filtered(self) -> bool:
        self.errors  # noqa: B018
        return any(self.form.cleaned_data.get(name) for name in self.FILTER_NAMES)


class PhaseChoices:
    """The names of the phases in progress, read when the form is rendered or validated
    (once: the result is kept), not when the filter set is built."""

    def __init__(self, names: QuerySet):
        self.names = names
        self._choices: list[tuple[str, str]] | None = None

    def __iter__(self):
        if self._choices is None:
            self._choices = [(name, name) for name in self.names]
        return iter(self._choices)


# --- the timeline ------------------------------------------------------------------------

MAX_MONTHS = 36  # the CSS defines slot classes for three years (two slots per month)


@dataclass(frozen=True)
class Month:
    first_day: dt.date
    start: int  # grid line of its first half (1-based)


@dataclass(frozen=True)
class Bar:
    phase: Phase
    start: int  # first grid line (1-based), inclusive
    end: int  # last grid line, exclusive


@dataclass(frozen=True)
class TimelineRow:
    application: Application
    phases: list[Phase]
    bars: list[Bar]


@dataclass(frozen=True)
class Timeline:
    months: list[Month]
    rows: list[TimelineRow]
    today_slot: int | None
    truncated: bool

    @property
    def first_month(self) -> dt.date | None:
        return self.months[0].first_day if self.months else None

    @property
    def last_month(self) -> dt.date | None:
        return self.months[-1].first_day if self.months else None


def _slot(day: dt.date, origin: dt.date) -> int:
    """The half-month slot of `day`, counted from `origin` (the first of a month), 1-based."""
    months = (day.year - origin.year) * 12 + day.month - origin.month
    return 1 + 2 * months + (1 if day.day > 15 else 0)


def timeline(applications: list[Application], *, today: dt.date) -> Timeline:
    """Phases as bars over months, by half-month: pure computation over the prefetched
    phases of the page's laureates (see `with_phases`); no query."""
    rows_phases = []
    for application in applications:
        accompaniment = getattr(application, "accompaniment", None)
        phases = list(accompaniment.phases.all()) if accompaniment else []
        rows_phases.append((application, phases))
    dated = [p for _, phases in rows_phases for p in phases if p.planned_start and p.planned_end]
    if not dated:
        return Timeline(
            months=[],
            rows=[TimelineRow(a, phases, []) for a, phases in rows_phases],
            today_slot=None,
            truncated=False,
        )
    first = min(p.planned_start for p in dated).replace(day=1)
    last = max(max(p.planned_end, p.planned_start) for p in dated)
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    truncated = count > MAX_MONTHS
    count = min(count, MAX_MONTHS)
    months = []
    year, month = first.year, first.month
    for index in range(count):
        months.append(Month(dt.date(year, month, 1), 1 + 2 * index))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    limit = 2 * count + 1  # the grid line after the last slot
    rows = []
    for application, phases in rows_phases:
        bars, previous_end = [], 1
        for phase in phases:
            if not (phase.planned_start and phase.planned_end):
                continue
            # a bar never overlaps the previous one: same grid row, one bar per slot
            start = max(_slot(phase.planned_start, first), previous_end)
            if start >= limit:
                continue
            end = max(_slot(max(phase.planned_end, phase.planned_start), first) + 1, start + 1)
            end = min(end, limit)
            bars.append(Bar(phase, start, end))
            previous_end = end
        rows.append(TimelineRow(application, phases, bars))
    today_slot = _slot(today, first)
    return Timeline(
        months=months,
        rows=rows,
        today_slot=today_slot if 1 <= today_slot < limit else None,
        truncated=truncated,
    )
