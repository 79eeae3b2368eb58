"""A call's process as its staff follow it: the steps of its calendar in order, each with its
dates, whether it is over, under way or to come, and the back-office pages that do its work.

A page belongs to the step it serves (screening to the examination of eligibility, the
ranking of a review stage to that stage…); when the call does not list that step, the page
goes to the nearest one it has, and to "other tools" when none fits, so none is ever lost.
"""

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.funds.enums import StageKind as K

DONE, CURRENT, UPCOMING, UNDATED = "done", "current", "upcoming", "undated"
OTHER = "other"


@dataclass
class Step:
    title: str
    kind: str
    starts_on: date | None = None
    ends_on: date | None = None
    state: str = UNDATED
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class CallProgress:
    steps: list[Step]
    current: Step | None  # the step under way, else the next one to come

    @property
    def is_under_way(self) -> bool:
        return self.current is not None and self.current.state == CURRENT


def _state(starts_on: date | None, ends_on: date | None, today: date) -> str:
    if starts_on is None and ends_on is None:
        return UNDATED
    if ends_on is not None and ends_on < today:
        return DONE
    if starts_on is not None and starts_on > today:
        return UPCOMING
    if starts_on is None:  # only an end, still ahead
        return UPCOMING
    return CURRENT


def _pages(call, review_stages) -> list[tuple[tuple[str, ...], str, str]]:
    """(where it belongs, the nearest first; label; address) for each page of the call's
    steps (the dossiers' list and the assisted deposit are the page's buttons)."""
    pk = call.pk
    review_setup = (K.FIRST_SELECTION, K.EXPERT_REVIEW, K.JURY)
    pages = [
        (
            (K.ELIGIBILITY, K.APPLICATION),
            _("Recevabilité"),
            reverse("backoffice:call_screening", args=[pk]),
        ),
        (
            review_setup,
            _("Étapes d'évaluation et critères"),
            reverse("backoffice:review_stages", args=[pk]),
        ),
        (review_setup, _("Évaluateurs et jurés"), reverse("backoffice:review_pool", args=[pk])),
        (review_setup, _("Conflits d'intérêts"), reverse("backoffice:conflict_list", args=[pk])),
    ]
    for stage in review_stages:
        pages.append(
            (
                (stage.kind, K.JURY),
                _("Classement — %(title)s") % {"title": stage.display_title},
                reverse("backoffice:ranking", args=[stage.pk]),
            )
        )
    if call.uses_first_selection:
        pages.append(
            (
                (K.FIRST_SELECTION,),
                _("Décisions de première sélection"),
                reverse("backoffice:first_selection", args=[pk]),
            )
        )
    if call.uses_support_stage:
        pages.append(
            ((K.SUPPORT,), _("Appui aux équipes"), reverse("backoffice:support_rounds", args=[pk]))
        )
    pages += [
        ((K.JURY, K.RESULTS), _("Séances du jury"), reverse("backoffice:jury_sessions", args=[pk])),
        ((K.RESULTS, K.JURY), _("Messages de décision"), reverse("backoffice:mailings", args=[pk])),
        (
            (K.RESULTS, K.JURY),
            _("Publication des résultats"),
            reverse("backoffice:call_results", args=[pk]),
        ),
        (
            (K.ACCOMPANIMENT, K.DEPLOYMENT),
            _("Modèle, cohortes et lauréats"),
            reverse("backoffice:call_accompaniment", args=[pk]),
        ),
        (
            (K.ACCOMPANIMENT, K.DEPLOYMENT),
            _("Accompagnants et évaluateurs"),
            reverse("backoffice:accompaniment_people", args=[pk]),
        ),
    ]
    if call.is_funding:
        pages.append(
            (
                (K.ACCOMPANIMENT, K.RESULTS),
                _("Enveloppe et engagements"),
                reverse("backoffice:call_envelope", args=[pk]),
            )
        )
    return pages


def call_progress(call, *, stages, review_stages, today: date | None = None) -> CallProgress:
    """`stages`: the call's calendar (funds.Stage, in order); `review_stages`: its review
    stages. No query of its own."""
    today = today or timezone.localdate()
    steps: list[Step] = []
    for stage in stages:
        starts_on, ends_on = stage.starts_on, stage.ends_on
        if stage.kind == K.APPLICATION:  # the call's own window is the reference
            starts_on = timezone.localdate(call.opens_at) if call.opens_at else starts_on
            ends_on = timezone.localdate(call.closes_at) if call.closes_at else ends_on
        steps.append(
            Step(
                title=str(stage.display_title),
                kind=stage.kind,
                starts_on=starts_on,
                ends_on=ends_on,
                state=_state(starts_on, ends_on, today),
            )
        )
    if not any(step.kind == K.APPLICATION for step in steps):
        opens = timezone.localdate(call.opens_at) if call.opens_at else None
        closes = timezone.localdate(call.closes_at) if call.closes_at else None
        steps.insert(
            0,
            Step(
                title=str(K.APPLICATION.label),
                kind=K.APPLICATION,
                starts_on=opens,
                ends_on=closes,
                state=_state(opens, closes, today),
            ),
        )
    by_kind: dict[str, Step] = {}
    for step in steps:
        by_kind.setdefault(step.kind, step)
    other = Step(title=_("Autres outils"), kind=OTHER)
    for homes, label, url in _pages(call, review_stages):
        home = next((by_kind[kind] for kind in homes if kind in by_kind), other)
        home.links.append((label, url))
    if other.links:
        steps.append(other)
    current = next((s for s in steps if s.state == CURRENT), None) or next(
        (s for s in steps if s.state == UPCOMING), None
    )
    return CallProgress(steps=steps, current=current)
