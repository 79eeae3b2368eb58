"""The dashboards' figures: each chart with its title, its description for screen readers
and the table of its data, built from the selectors' counts and the charts' geometry.

A `Figure` is what one template include draws: an SVG (role="img", its <title> and <desc>)
followed by its table. The numbers in the table are the numbers the chart draws.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from essaim.core.formatting import day as day_text
from essaim.core.formatting import euros
from essaim.funds.models import Call, Fund
from essaim.review.ranking import DISPLAY_SCALE
from essaim.territory.enums import DEPARTEMENT_NAMES, OrganisationType, SizeBand

from . import charts
from . import selectors as reads
from .charts import ColumnChart, HBarChart, TileMap, format_number

SCORE_BINS = 10  # intervals of 2 points on the 0–20 scale
MAX_PERIODS = 120  # bars of the submissions' chart, at most
WEEKLY_AFTER_DAYS = 70  # a longer calendar is drawn by weeks


@dataclass(frozen=True)
class Table:
    caption: str
    head: list[str]  # the first is the header of the row headers
    rows: list[list[str]]  # the first cell of each row is its header
    foot: list[str] | None = None


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    description: str
    chart: HBarChart | ColumnChart | TileMap
    table: Table
    note: str = ""
    empty_text: str = ""

    @property
    def is_empty(self) -> bool:
        return self.chart.is_empty


@dataclass
class Section:
    id: str
    title: str
    intro: str = ""
    figures: list[Figure] = field(default_factory=list)
    groups: list["Section"] = field(default_factory=list)  # a review stage's figures


@dataclass
class KeyFigure:
    label: str
    value: str


@dataclass
class Dashboard:
    key_figures: list[KeyFigure]
    sections: list[Section]

    @property
    def figures(self) -> list[Figure]:
        every = []
        for section in self.sections:
            every += section.figures
            for group in section.groups:
                every += group.figures
        return every


# --- small helpers -----------------------------------------------------------------------


def share(count: float, total: float) -> str:
    """'41,7 %' (one decimal, half up), '—' when there is nothing to divide by."""
    if not total:
        return "—"
    value = (Decimal(100) * Decimal(count) / Decimal(total)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return formats.number_format(value, decimal_pos=1, use_l10n=True) + "\u00a0%"


def one_decimal(value: float) -> str:
    """'2,3' for 2.25: one decimal, half up (not the float's half-to-even)."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimal_pos=1, use_l10n=True)


def _listing(pairs: list[tuple[str, str]]) -> str:
    """'Déposés : 12 ; lauréats : 3.' for a description."""
    if not pairs:
        return _("Aucune donnée.")
    return " ; ".join(f"{label} : {value}" for label, value in pairs) + "."


def _count_table(caption: str, header: str, rows: list[tuple[str, int]], total: int) -> Table:
    return Table(
        caption=caption,
        head=[header, _("Dossiers"), _("Part")],
        rows=[[label, format_number(n), share(n, total)] for label, n in rows],
        foot=[_("Total"), format_number(total), share(total, total)] if rows else None,
    )


def _ordered(counter, labels: dict[str, str], order: list[str] | None = None):
    """(label, count) by count, largest first (ties by label), or in `order`; the missing
    information ("") last, as on the statistics page."""
    keys = [key for key in counter if key and counter[key]]
    if order is not None:
        keys = [key for key in order if counter.get(key)]
    else:
        keys.sort(key=lambda key: (-counter[key], labels.get(key, key)))
    rows = [(labels.get(key, key), counter[key]) for key in keys]
    if counter.get(""):
        rows.append((_("Non renseigné"), counter[""]))
    return rows


# --- the funnel --------------------------------------------------------------------------


def _funnel_steps(counts: list[reads.CallCounts]) -> list[tuple[str, int]]:
    steps = [
        (_("Brouillons"), sum(c.drafts for c in counts)),
        (_("Déposés"), sum(c.submitted for c in counts)),
        (_("Recevables"), sum(c.eligible for c in counts)),
    ]
    if any(c.shortlisted is not None for c in counts):
        steps.append((_("Présélectionnés"), sum(c.shortlisted or 0 for c in counts)))
    steps += [
        (_("Lauréats"), sum(c.laureates for c in counts)),
        (_("Fiches d'innovation publiées"), sum(c.published for c in counts)),
        (_("Innovations réutilisées"), sum(c.reused for c in counts)),
    ]
    return steps


def funnel_figure(counts: list[reads.CallCounts]) -> Figure:
    steps = _funnel_steps(counts)
    submitted = steps[1][1]
    rows = []
    for index, (label, n) in enumerate(steps):
        part = "—" if index == 0 else share(n, submitted)
        rows.append([label, format_number(n), part])
    return Figure(
        id="entonnoir",
        title=_("Du brouillon à l'essaimage"),
        description=_listing([(label, format_number(n)) for label, n in steps]),
        chart=charts.hbars(steps),
        table=Table(
            caption=_("Dossiers à chaque étape, et leur part des dossiers déposés"),
            head=[_("Étape"), _("Dossiers"), _("Part des déposés")],
            rows=rows,
        ),
        note=_(
            "Chaque étape compte les dossiers qui l'ont franchie, y compris ceux qui sont allés "
            "plus loin ; les dossiers retirés ne comptent qu'au dépôt. Les brouillons ne sont "
            "pas encore déposés."
        ),
        empty_text=_("Aucun dossier pour l'instant."),
    )


# --- who applied -------------------------------------------------------------------------


def _breakdown_figure(ident: str, title: str, header: str, rows, total: int) -> Figure:
    return Figure(
        id=ident,
        title=title,
        description=_listing([(label, format_number(n)) for label, n in rows]),
        chart=charts.hbars(rows),
        table=_count_table(
            _("Dossiers déposés %(what)s : nombre et part") % {"what": title.lower()},
            header,
            rows,
            total,
        ),
        empty_text=_("Aucun dossier déposé pour l'instant."),
    )


def profile_figures(profile: reads.Profile) -> list[Figure]:
    themes = _ordered(profile.by_theme, {})
    types = _ordered(profile.by_type, {k: str(v) for k, v in OrganisationType.choices})
    sizes = _ordered(
        profile.by_size_band,
        {k: str(v) for k, v in SizeBand.choices},
        order=list(SizeBand.values),
    )
    figures = [
        _breakdown_figure("par-theme", _("Par thématique"), _("Thématique"), themes, profile.total),
        _breakdown_figure(
            "par-type", _("Par type d'organisme"), _("Type d'organisme"), types, profile.total
        ),
        _breakdown_figure(
            "par-taille", _("Par taille d'organisme"), _("Taille"), sizes, profile.total
        ),
        departement_figure(profile),
    ]
    return figures


def departement_figure(profile: reads.Profile) -> Figure:
    values = {code: n for code, n in profile.by_departement.items() if code}
    chart = charts.tile_map(values, DEPARTEMENT_NAMES, band_text=_band_text)
    labels = {code: f"{code} — {name}" for code, name in DEPARTEMENT_NAMES.items()}
    rows = _ordered(profile.by_departement, labels)
    top = rows[:5] if rows and rows[0][0] != _("Non renseigné") else []
    description = (
        _("Carte de France, un carré par département. Les plus représentés : %(list)s")
        % {"list": _listing([(label, format_number(n)) for label, n in top if n])}
        if values
        else _("Carte de France : aucun dossier déposé.")
    )
    return Figure(
        id="par-departement",
        title=_("Par département"),
        description=description,
        chart=chart,
        table=_count_table(
            _("Dossiers déposés par département : nombre et part ; départements sans dossier omis"),
            _("Département"),
            rows,
            profile.total,
        ),
        note=_(
            "Chaque carré est un département, placé à peu près où il se trouve ; plus il est "
            "foncé, plus il compte de dossiers. Outre-mer : dernière ligne."
        ),
        empty_text=_("Aucun dossier déposé pour l'instant."),
    )


def _band_text(low: int, high: int) -> str:
    if high == 0:
        return _("aucun")
    if low == high:
        return format_number(low)
    return _("%(low)s à %(high)s") % {"low": format_number(low), "high": format_number(high)}


# --- when they applied -------------------------------------------------------------------


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def call_calendar_figure(call: Call, days) -> Figure:
    """Dossiers submitted per day from the opening to the deadline (or to the last
    submission, when staff entered one after it), the deadline marked."""
    opening, closing = _local_day(call.opens_at), _local_day(call.closes_at)
    first = min([opening, *days])
    last = max([closing, *days])
    span = (last - first).days + 1
    step = 7 if span > WEEKLY_AFTER_DAYS else 1
    # a window of years (a date typed wrong, an import) still draws a readable chart
    step = max(step, -(-span // MAX_PERIODS))
    periods = []
    start = first
    while True:
        # never compute a day past `last`: it may be near the calendar's end (9999-12-31)
        end = last if (last - start).days < step else start + dt.timedelta(days=step - 1)
        n = sum(days.get(start + dt.timedelta(days=k), 0) for k in range((end - start).days + 1))
        periods.append((start, end, n))
        if end == last:
            break
        start = end + dt.timedelta(days=1)
    closing_index = next(i for i, (s, e, _n) in enumerate(periods) if s <= closing <= e)
    rows = [(formats.date_format(s, "j b"), _period_text(s, e), n) for s, e, n in periods]
    chart = charts.time_series(
        rows,
        marker_after=closing_index,
        marker_text=_("Clôture le %(day)s") % {"day": formats.date_format(closing, "j b")},
    )
    table_rows, cumulative = [], 0
    for _short, long, n in rows:
        cumulative += n
        if n:
            table_rows.append([long, format_number(n), format_number(cumulative)])
    total = cumulative
    busiest = max(periods, key=lambda p: p[2]) if periods else None
    description = _(
        "%(total)s dossiers déposés du %(first)s au %(last)s ; le plus grand nombre, "
        "%(most)s, %(when)s. Clôture le %(closing)s."
    ) % {
        "total": format_number(total),
        "first": day_text(first),
        "last": day_text(last),
        "most": format_number(busiest[2]) if busiest else "0",
        "when": _period_text(busiest[0], busiest[1]) if busiest else "",
        "closing": day_text(closing),
    }
    return Figure(
        id="depots-par-jour",
        title=_("Dépôts par semaine") if step == 7 else _("Dépôts par jour"),
        description=description,
        chart=chart,
        table=Table(
            caption=_("Dossiers déposés par période et cumul ; périodes sans dépôt omises"),
            head=[_("Période") if step == 7 else _("Jour"), _("Déposés"), _("Cumul")],
            rows=table_rows,
            foot=[_("Total"), format_number(total), format_number(total)] if table_rows else None,
        ),
        note=_("La ligne verticale marque la clôture de l'appel."),
        empty_text=_("Aucun dossier déposé pour l'instant."),
    )


def _period_text(start: dt.date, end: dt.date) -> str:
    if start == end:
        return day_text(start)
    return _("du %(start)s au %(end)s") % {"start": day_text(start), "end": day_text(end)}


def fund_calendar_figure(calls: list[Call], days_by_call) -> Figure:
    """The fund's calls on one scale: days before (and after) each call's own deadline."""
    relative: dict[int, int] = {}
    earliest = 0
    for call in calls:
        closing = _local_day(call.closes_at)
        earliest = min(earliest, (_local_day(call.opens_at) - closing).days)
        for day, n in days_by_call.get(call.pk, {}).items():
            offset = (day - closing).days
            relative[offset] = relative.get(offset, 0) + n
    first = min([earliest, *relative])
    last = max([0, *relative])
    rows = []
    for offset in range(first, last + 1):
        n = relative.get(offset, 0)
        rows.append((_relative_short(offset), _relative_long(offset), n))
    chart = charts.time_series(
        rows,
        marker_after=-first,
        marker_text=_("Clôture"),
    )
    table_rows, cumulative = [], 0
    for _short, long, n in rows:
        cumulative += n
        if n:
            table_rows.append([long, format_number(n), format_number(cumulative)])
    return Figure(
        id="depots-par-jour",
        title=_("Dépôts selon le nombre de jours avant la clôture"),
        description=_(
            "%(total)s dossiers déposés, tous appels du fonds confondus, placés selon le nombre "
            "de jours qui les séparaient de la clôture de leur appel."
        )
        % {"total": format_number(cumulative)},
        chart=chart,
        table=Table(
            caption=_("Dossiers déposés selon le jour, par rapport à la clôture, et cumul"),
            head=[_("Jour"), _("Déposés"), _("Cumul")],
            rows=table_rows,
            foot=[_("Total"), format_number(cumulative), format_number(cumulative)]
            if table_rows
            else None,
        ),
        note=_("La ligne verticale marque le jour de la clôture."),
        empty_text=_("Aucun dossier déposé pour l'instant."),
    )


def _relative_short(offset: int) -> str:
    return "J" if offset == 0 else f"J{offset:+d}".replace("-", "\u2212")


def _relative_long(offset: int) -> str:
    if offset == 0:
        return _("Jour de la clôture")
    if offset < 0:
        return ngettext("%(n)s jour avant la clôture", "%(n)s jours avant la clôture", -offset) % {
            "n": -offset
        }
    return ngettext("%(n)s jour après la clôture", "%(n)s jours après la clôture", offset) % {
        "n": offset
    }


# --- reviews -----------------------------------------------------------------------------


def review_groups(
    progress: list[reads.StageProgress], scores: list[reads.StageScores]
) -> list[Section]:
    scores_by_kind = {s.kind: s for s in scores}
    groups = []
    for stage in progress:
        figures = [progress_figure(stage)]
        stage_scores = scores_by_kind.get(stage.kind)
        if stage_scores is not None:
            figures.append(weighted_figure(stage_scores))
            figures += [
                criterion_figure(stage.kind, index, marks)
                for index, marks in enumerate(stage_scores.criteria)
            ]
        groups.append(Section(id=f"etape-{stage.kind}", title=stage.title, figures=figures))
    return groups


def progress_figure(stage: reads.StageProgress) -> Figure:
    rows = [
        (
            row.name,
            row.submitted,
            row.assigned,
            _("%(done)s sur %(all)s")
            % {"done": format_number(row.submitted), "all": format_number(row.assigned)},
        )
        for row in stage.reviewers
    ]
    return Figure(
        id=f"avancement-{stage.kind}",
        title=_("Avancement par évaluateur"),
        description=_(
            "%(done)s évaluations rendues sur %(all)s affectées, %(people)s évaluateurs. "
        )
        % {
            "done": format_number(stage.submitted),
            "all": format_number(stage.assigned),
            "people": format_number(len(stage.reviewers)),
        }
        + _listing([(label, text) for label, _d, _a, text in rows]),
        chart=charts.progress_hbars(rows),
        table=Table(
            caption=_("%(stage)s : évaluations affectées et rendues par évaluateur")
            % {"stage": stage.title},
            head=[_("Évaluateur"), _("Affectées"), _("Rendues"), _("À rendre")],
            rows=[
                [
                    row.name,
                    format_number(row.assigned),
                    format_number(row.submitted),
                    format_number(row.assigned - row.submitted),
                ]
                for row in stage.reviewers
            ],
            foot=[
                _("Total"),
                format_number(stage.assigned),
                format_number(stage.submitted),
                format_number(stage.assigned - stage.submitted),
            ]
            if stage.reviewers
            else None,
        ),
        note=_("La partie pleine de chaque barre : les évaluations rendues ; hachurée : à rendre."),
        empty_text=_("Aucun dossier affecté à cette étape pour l'instant."),
    )


def weighted_figure(stage: reads.StageScores) -> Figure:
    chart = charts.histogram(
        stage.scores, lower=0, upper=DISPLAY_SCALE, bins=SCORE_BINS, edge_every=2
    )
    rows = []
    for index, column in enumerate(chart.columns):
        rows.append([_bin_text(index), format_number(column.value)])
    count = len(stage.scores)
    mean = sum(stage.scores) / count if count else None
    description = (
        _("%(n)s évaluations comptées, note pondérée moyenne %(mean)s sur 20. ")
        % {"n": format_number(count), "mean": one_decimal(mean)}
        + _listing([(r[0], r[1]) for r in rows])
        if count
        else _("Aucune évaluation rendue.")
    )
    return Figure(
        id=f"notes-{stage.kind}",
        title=_("Notes pondérées"),
        description=description,
        chart=chart,
        table=Table(
            caption=_(
                "%(stage)s : évaluations rendues par tranche de note pondérée sur 20 (chaque "
                "tranche comprend sa borne basse ; la dernière, aussi 20)"
            )
            % {"stage": stage.title},
            head=[_("Note sur 20"), _("Évaluations")],
            rows=rows,
            foot=[_("Total"), format_number(count)],
        ),
        note=_(
            "Note de chaque évaluation rendue, critères pondérés, ramenée sur 20 comme dans le "
            "classement ; les évaluations en conflit d'intérêts ne comptent pas."
        ),
        empty_text=_("Aucune évaluation rendue pour l'instant."),
    )


def _bin_text(index: int) -> str:
    width = DISPLAY_SCALE // SCORE_BINS
    low, high = index * width, (index + 1) * width
    if index == SCORE_BINS - 1:
        return _("de %(low)s à %(high)s") % {"low": low, "high": high}
    return _("de %(low)s à moins de %(high)s") % {"low": low, "high": high}


def criterion_figure(kind: str, index: int, marks: reads.CriterionMarks) -> Figure:
    criterion = marks.criterion
    values = range(criterion.scale_min, criterion.scale_max + 1)
    rows = [(format_number(v), marks.marks.get(v, 0)) for v in values]
    chart = charts.category_columns(rows)
    mean = marks.mean
    mean_text = (
        _("moyenne %(mean)s") % {"mean": one_decimal(mean)}
        if mean is not None
        else _("aucune note")
    )
    return Figure(
        id=f"critere-{kind}-{index + 1}",
        title=f"{criterion.label} ({mean_text})",
        description=_("Notes de %(min)s à %(max)s données sur ce critère. ")
        % {"min": criterion.scale_min, "max": criterion.scale_max}
        + _listing([(_("note %(v)s") % {"v": label}, format_number(n)) for label, n in rows]),
        chart=chart,
        table=Table(
            caption=_("%(criterion)s : nombre de fois où chaque note a été donnée")
            % {"criterion": criterion.label},
            head=[pgettext("évaluation", "Note"), _("Fois")],
            rows=[[label, format_number(n)] for label, n in rows],
            foot=[_("Total"), format_number(marks.count)],
        ),
        empty_text=_("Aucune note rendue pour l'instant."),
    )


# --- after the jury ----------------------------------------------------------------------


def accompaniment_figures(
    status: reads.AccompanimentStatus, envelopes: list[reads.EnvelopeUse]
) -> list[Figure]:
    engagements = [
        (_("Engagement signé"), status.signed),
        (_("Engagement en préparation"), status.in_preparation),
        (_("Pas encore d'engagement"), status.without_engagement),
    ]
    labels = {
        "achieved": _("Atteints"),
        "on_time": _("À venir, dans les temps"),
        "late": _("En retard"),
        "abandoned": _("Abandonnés"),
    }
    milestones = [(labels[key], status.milestones.get(key, 0)) for key in reads.MILESTONE_BUCKETS]
    total_milestones = sum(n for _l, n in milestones)
    figures = [
        Figure(
            id="engagements",
            title=_("Engagements réciproques des lauréats"),
            description=_listing([(label, format_number(n)) for label, n in engagements]),
            chart=charts.hbars(engagements),
            table=_count_table(
                _("Lauréats selon leur engagement réciproque"),
                _("Engagement"),
                engagements,
                status.laureates,
            ),
            empty_text=_("Pas encore de lauréat."),
        ),
        Figure(
            id="jalons",
            title=_("Jalons de l'accompagnement"),
            description=_listing([(label, format_number(n)) for label, n in milestones]),
            chart=charts.hbars(milestones),
            table=_count_table(
                _("Jalons des lauréats selon leur état"), _("Jalons"), milestones, total_milestones
            ),
            note=_(
                "En retard : marqué en retard, ou encore attendu alors que son échéance est "
                "passée (comme dans le portefeuille)."
            ),
            empty_text=_("Aucun jalon pour l'instant."),
        ),
    ]
    figures += [envelope_figure(use, several=len(envelopes) > 1) for use in envelopes]
    return figures


def envelope_figure(use: reads.EnvelopeUse, *, several: bool) -> Figure:
    rows = []
    if use.total is not None:
        rows.append((_("Enveloppe"), float(use.total)))
    rows += [(_("Engagé"), float(use.committed)), (_("Versé"), float(use.paid))]
    maximum = max(value for _label, value in rows)
    table_rows = [[label, euros(Decimal(str(value)))] for label, value in rows]
    if use.remaining is not None:
        table_rows.append([_("Reste à engager"), euros(use.remaining)])
    title = _("Enveloppe")
    if several:
        title = _("Enveloppe — %(call)s") % {"call": use.call.title}
    return Figure(
        id=f"enveloppe-{use.call.pk}",
        title=title,
        description=_listing([(label, euros(Decimal(str(v)))) for label, v in rows]),
        chart=charts.hbars(rows, formatter=lambda v: euros(Decimal(str(v))), maximum=maximum),
        table=Table(
            caption=_("%(call)s : enveloppe, montants engagés et versés")
            % {"call": use.call.title},
            head=[_("Montant"), _("En euros")],
            rows=table_rows,
        ),
        note=_(
            "Engagé : le montant accordé par la dernière version de chaque engagement (signée "
            "ou en préparation) ; versé : les tranches payées des engagements signés."
        ),
        empty_text=_("Rien d'engagé pour l'instant."),
    )


# --- the fund's calls side by side ------------------------------------------------------


def comparison_figure(counts: list[reads.CallCounts], envelopes: list[reads.EnvelopeUse]):
    by_call = {use.call.pk: use for use in envelopes}
    series = [_("Déposés"), _("Recevables"), _("Lauréats")]
    chart = charts.grouped_hbars(
        [(c.call.title, [c.submitted, c.eligible, c.laureates]) for c in counts], series=series
    )
    rows = []
    for c in counts:
        use = by_call.get(c.call.pk)
        if use is None:
            envelope = "—"
        elif use.total is None:
            envelope = euros(use.committed)
        else:
            envelope = _("%(committed)s sur %(total)s") % {
                "committed": euros(use.committed),
                "total": euros(use.total),
            }
        rows.append(
            [
                c.call.title,
                format_number(c.submitted),
                format_number(c.eligible),
                format_number(c.laureates),
                share(c.laureates, c.submitted),
                format_number(c.reviewers),
                envelope,
            ]
        )
    total_submitted = sum(c.submitted for c in counts)
    total_laureates = sum(c.laureates for c in counts)
    return Figure(
        id="comparaison",
        title=_("Les appels côte à côte"),
        description=_listing(
            [
                (
                    c.call.title,
                    _("%(s)s déposés, %(e)s recevables, %(l)s lauréats")
                    % {
                        "s": format_number(c.submitted),
                        "e": format_number(c.eligible),
                        "l": format_number(c.laureates),
                    },
                )
                for c in counts
            ]
        ),
        chart=chart,
        table=Table(
            caption=_("Chaque appel du fonds : dossiers, lauréats, évaluateurs et enveloppe"),
            head=[
                _("Appel"),
                _("Déposés"),
                _("Recevables"),
                _("Lauréats"),
                _("Taux de sélection"),
                _("Évaluateurs"),
                _("Enveloppe engagée"),
            ],
            rows=rows,
            foot=[
                _("Total"),
                format_number(total_submitted),
                format_number(sum(c.eligible for c in counts)),
                format_number(total_laureates),
                share(total_laureates, total_submitted),
                "",
                "",
            ]
            if counts
            else None,
        ),
        note=_(
            "Taux de sélection : lauréats sur dossiers déposés. Évaluateurs : personnes ayant "
            "reçu au moins un dossier à évaluer."
        ),
        empty_text=_("Ce fonds n'a pas encore d'appel."),
    )


# --- the two dashboards ------------------------------------------------------------------


def _key_figures(counts: list[reads.CallCounts]) -> list[KeyFigure]:
    submitted = sum(c.submitted for c in counts)
    laureates = sum(c.laureates for c in counts)
    # before any jury has chosen, a rate of 0 % would read as a verdict
    decided = laureates or any(c.call.results_published_at for c in counts)
    return [
        KeyFigure(_("Dossiers déposés"), format_number(submitted)),
        KeyFigure(_("Recevables"), format_number(sum(c.eligible for c in counts))),
        KeyFigure(_("Lauréats"), format_number(laureates)),
        KeyFigure(_("Taux de sélection"), share(laureates, submitted) if decided else "—"),
    ]


def _common_sections(
    calls: list[Call], counts, calendar: Figure, envelopes, *, today
) -> list[Section]:
    profile = reads.applicant_profile(calls)
    stages = reads.review_stages(calls)
    progress = reads.review_progress(calls, stages)
    scores = reads.score_distributions(calls, stages)
    status = reads.accompaniment_status(calls, today=today)
    return [
        Section(id="etapes", title=_("Les étapes"), figures=[funnel_figure(counts)]),
        Section(id="candidats", title=_("Qui a candidaté"), figures=profile_figures(profile)),
        Section(id="calendrier", title=_("Les dépôts dans le temps"), figures=[calendar]),
        Section(
            id="evaluations",
            title=_("Les évaluations"),
            intro="" if progress else _("Aucune étape d'évaluation n'est encore définie."),
            groups=review_groups(progress, scores),
        ),
        Section(
            id="apres-le-jury",
            title=_("Après le jury"),
            figures=accompaniment_figures(status, envelopes),
        ),
    ]


def call_dashboard(call: Call, *, today: dt.date) -> Dashboard:
    counts = reads.call_counts([call])
    days = reads.submissions_by_day([call]).get(call.pk, {})
    calendar = call_calendar_figure(call, days)
    sections = _common_sections([call], counts, calendar, reads.envelope_use([call]), today=today)
    return Dashboard(key_figures=_key_figures(counts), sections=sections)


def fund_dashboard(fund: Fund, calls: list[Call], *, today: dt.date) -> Dashboard:
    counts = reads.call_counts(calls)
    days = reads.submissions_by_day(calls)
    envelopes = reads.envelope_use(calls)
    calendar = fund_calendar_figure(calls, days)
    sections = _common_sections(calls, counts, calendar, envelopes, today=today)
    comparison = Section(
        id="appels",
        title=_("Les appels du fonds"),
        figures=[comparison_figure(counts, envelopes)],
    )
    return Dashboard(key_figures=_key_figures(counts), sections=[comparison, *sections])
