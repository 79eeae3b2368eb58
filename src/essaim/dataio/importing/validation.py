"""The dry run: every row of the sheet checked, every problem reported (row, column, value,
French message), and the writes planned — without writing anything. The real run checks
the sheet again (the database may have changed since) and writes the plan.

Natural keys make the import idempotent: a call is its fund's call of that slug, a dossier
is its reference (unique on the platform). A dossier already there is never modified; a
call already there is used as it is. Lookups are batched: a fixed number of queries for the
whole sheet, whatever its number of rows.
"""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState, Maturity
from essaim.applications.models import LONG_TEXT, Application
from essaim.funds.models import Call, Fund, Theme
from essaim.review.enums import DECISION_OUTCOMES
from essaim.territory.enums import DEPARTEMENT_NAMES, OrganisationType
from essaim.territory.models import Organisation, OrganisationAlias
from essaim.territory.names import (
    INSEE_CODE,
    expand_epci_prefix,
    fold,
    search_key,
    strip_designation,
)
from essaim.territory.services import clean_siren

from ..datasets.dossiers import DOSSIERS, LONG_TEXTS
from ..enums import Severity
from . import values as read
from .problems import Problem
from .reader import Sheet

REQUIRED = ("reference", "call", "title", "state", "submitted_at")
MIN_YEAR = 2000
LOOKUP_BATCH = 500
MAX_LENGTHS = {
    "reference": 30,
    "call": 40,
    "call_title": 200,
    "title": 200,
    "theme": 200,
    "organisation_name": 200,
    "owner_name": 150,
    "owner_job_title": 150,
    "owner_email": 254,
    "decision_reason": LONG_TEXT,
    **{key: LONG_TEXT for key, _label in LONG_TEXTS},
}
S = ApplicationState
# the states a dossier may be in after its latest decision
AFTER_DECISION = {
    S.ELIGIBLE: {S.ELIGIBLE, S.WITHDRAWN},
    S.INELIGIBLE: {S.INELIGIBLE},
    S.SHORTLISTED: {S.SHORTLISTED, S.IN_SUPPORT, S.WITHDRAWN},
    S.NOT_SHORTLISTED: {S.NOT_SHORTLISTED},
    S.LAUREATE: {S.LAUREATE, S.IN_ACCOMPANIMENT, S.ACCOMPANIED},
    S.WAITLISTED: {S.WAITLISTED},
    S.NOT_SELECTED: {S.NOT_SELECTED},
}
KIND_OF_OUTCOME = {
    outcome: kind for kind, outcomes in DECISION_OUTCOMES.items() for outcome in outcomes
}
REFERENCE_PATTERN = re.compile(r"^([A-Z0-9]{2,8})-(\d{4})-(\d{1,3})-\d+$")
SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]+$")


@dataclass
class CallPlan:
    slug: str
    title: str
    year: int
    row: int
    themes: list[str] = field(default_factory=list)
    editions: set[int] = field(default_factory=set)
    earliest: dt.datetime | None = None
    latest: dt.datetime | None = None
    funding: bool = False


@dataclass
class DossierPlan:
    row: int
    reference: str
    call_slug: str
    state: str
    submitted_at: dt.datetime
    title: str
    theme: str = ""
    maturity: str = ""
    amount_requested: Decimal | None = None
    organisation_id: int | None = None
    organisation_name: str = ""
    organisation_type: str = ""
    organisation_departement: str = ""
    owner_name: str = ""
    owner_email: str = ""
    owner_job_title: str = ""
    texts: dict = field(default_factory=dict)
    decision: str = ""
    decision_date: dt.date | None = None
    decision_reason: str = ""


@dataclass
class Report:
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    dossiers: list[DossierPlan] = field(default_factory=list)
    calls: list[CallPlan] = field(default_factory=list)
    existing: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if problem.is_error)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def as_dict(self, *, max_problems: int = 5000) -> dict:
        return {
            "rows": self.rows,
            "errors": self.errors,
            "warnings": self.warnings,
            "to_create": len(self.dossiers),
            "existing": self.existing,
            "calls_to_create": [
                {"slug": plan.slug, "title": plan.title, "year": plan.year} for plan in self.calls
            ],
            "problems": [problem.as_dict() for problem in self.problems[:max_problems]],
            "problems_left_out": max(0, len(self.problems) - max_problems),
        }


def _languages():
    return [code for code, _name in settings.LANGUAGES]


def column_labels() -> dict[str, str]:
    """{key: French label} of the dossiers columns, in the export's order."""
    with translation.override("fr"):
        return {column.key: str(column.label) for column in DOSSIERS.columns_for(None)}


def _header_map() -> dict[str, str]:
    """{folded header: column key}: the labels in every language, and the keys themselves."""
    mapping = {}
    for language in _languages():
        with translation.override(language):
            for column in DOSSIERS.columns_for(None):
                mapping[fold(str(column.label))] = column.key
    for column in DOSSIERS.columns_for(None):
        mapping.setdefault(fold(column.key), column.key)
    return mapping


def _choices(choices) -> dict[str, str]:
    mapping = {}
    for language in _languages():
        with translation.override(language):
            mapping.update(read.choice_map(choices))
    return mapping


class _Checker:
    def __init__(self, fund: Fund, sheet: Sheet):
        self.fund = fund
        self.sheet = sheet
        self.report = Report()
        self.labels = column_labels()
        self.importable = {c.key for c in DOSSIERS.columns_for(None) if c.importable}
        self.states = _choices(ApplicationState.choices)
        self.maturities = _choices(Maturity.choices)
        self.types = _choices(OrganisationType.choices)
        self.departements = {fold(name): code for code, name in DEPARTEMENT_NAMES.items()}
        self.seen_references: dict[str, int] = {}
        self.call_plans: dict[str, CallPlan] = {}
        self.now = timezone.now()

    # --- problems ------------------------------------------------------------------------
    def problem(self, code, message, *, row=None, key="", value="", warning=False):
        self.report.problems.append(
            Problem(
                code=code,
                message=message,
                row=row,
                column=self.labels.get(key, key),
                value=read.text(value) if value is not None else "",
                severity=Severity.WARNING if warning else Severity.ERROR,
            )
        )

    # --- the sheet as a whole ------------------------------------------------------------
    def run(self) -> Report:
        self.report.problems.extend(self.sheet.problems)
        positions = self._map_headers()
        rows = []
        for number, values in self.sheet.rows:
            if not any(read.present(value) for value in values):
                continue  # a blank line
            rows.append(
                (
                    number,
                    {key: values[i] if i < len(values) else None for key, i in positions.items()},
                )
            )
        self.report.rows = len(rows)
        if not rows:
            self.problem(
                "empty_sheet",
                _("La feuille ne contient aucune ligne de données sous la ligne des en-têtes."),
            )
            return self.report
        self.present_keys = set(positions)
        self._preload(rows)
        for number, raw in rows:
            plan = self._check_row(number, raw)
            if plan is not None:
                self.report.dossiers.append(plan)
        self.report.calls = list(self.call_plans.values())
        self._check_new_calls()
        return self.report

    def _map_headers(self) -> dict[str, int]:
        known = _header_map()
        positions: dict[str, int] = {}
        for index, header in enumerate(self.sheet.headers):
            if not header:
                continue
            key = known.get(fold(header))
            if key is None:
                self.problem(
                    "unknown_column",
                    _(
                        "Colonne inconnue : elle est ignorée. Les colonnes reconnues sont celles de l'export des dossiers (voir le modèle)."
                    ),
                    row=1,
                    key=header,
                    value=header,
                    warning=True,
                )
            elif key in positions:
                self.problem(
                    "duplicate_column",
                    _("Cette colonne apparaît deux fois : gardez-en une seule."),
                    row=1,
                    key=key,
                    value=header,
                )
            elif key in self.importable:
                positions[key] = index
        for key in REQUIRED:
            if key not in positions:
                self.problem(
                    "missing_column",
                    _("Colonne obligatoire absente : ajoutez-la à la première ligne."),
                    row=1,
                    key=key,
                )
        return positions

    # --- batched lookups -----------------------------------------------------------------
    def _preload(self, rows):
        self.calls = {
            call.slug: call
            for call in Call.objects.filter(fund=self.fund).only(
                "id", "fund_id", "slug", "year", "edition", "title", "opens_at", "closes_at"
            )
        }
        self.themes: dict[int, dict[str, str]] = defaultdict(dict)
        for theme in Theme.objects.filter(call__fund=self.fund).only("call_id", "title"):
            self.themes[theme.call_id][fold(theme.title)] = theme.title
        fund_slugs = {read.text(raw.get("fund")) for _n, raw in rows} - {"", self.fund.slug}
        self.other_funds = set(
            Fund.objects.filter(slug__in=fund_slugs).values_list("slug", flat=True)
        )
        references = sorted({read.text(raw.get("reference")) for _n, raw in rows} - {""})
        self.existing = {}
        for start in range(0, len(references), LOOKUP_BATCH):
            for reference, call_id, call_slug, fund_id, title, state in Application.objects.filter(
                reference__in=references[start : start + LOOKUP_BATCH]
            ).values_list("reference", "call_id", "call__slug", "call__fund_id", "title", "state"):
                self.existing[reference] = (call_id, call_slug, fund_id, title, state)
        sirens, insees, names = set(), set(), set()
        for _n, raw in rows:
            siren = read.code(raw.get("siren"), width=9)
            if siren:
                sirens.add(siren)
            insee = read.code(raw.get("insee_code"), width=5).upper()
            if insee:
                insees.add(insee)
            name = read.text(raw.get("organisation_name"))
            if name:
                names.update(_name_keys(name))
        self.by_siren = dict(
            Organisation.objects.filter(siren__in=sirens).values_list("siren", "id")
        )
        self.by_insee = dict(
            Organisation.objects.filter(
                insee_code__in=insees, kind=OrganisationType.COMMUNE
            ).values_list("insee_code", "id")
        )
        # a merged body's former SIREN or INSEE code leads to the body that carries it today
        for code, organisation_id in OrganisationAlias.objects.filter(
            code__in=sirens | insees
        ).values_list("code", "organisation_id"):
            target = self.by_siren if len(code) == 9 else self.by_insee
            target.setdefault(code, organisation_id)
        self.by_name: dict[str, list[tuple]] = defaultdict(list)
        for pk, key, departement, kind, formal_name in Organisation.objects.filter(
            search_name__in=names, is_active=True
        ).values_list("id", "search_name", "departement", "kind", "formal_name"):
            self.by_name[key].append((pk, departement, kind, formal_name))
        self.organisations = {
            pk: (kind, departement, formal_name)
            for pk, kind, departement, formal_name in Organisation.objects.filter(
                pk__in=set(self.by_siren.values()) | set(self.by_insee.values())
            ).values_list("id", "kind", "departement", "formal_name")
        }
        for matches in self.by_name.values():
            for pk, departement, kind, formal_name in matches:
                self.organisations[pk] = (kind, departement, formal_name)

    # --- one row -------------------------------------------------------------------------
    def _text(self, number, raw, key) -> str:
        value = read.text(raw.get(key))
        limit = MAX_LENGTHS.get(key)
        if limit and len(value) > limit:
            self.problem(
                "too_long",
                _("Texte trop long : %(n)s caractères au plus (il en compte %(count)s).")
                % {"n": limit, "count": len(value)},
                row=number,
                key=key,
                value=value,
            )
            return value[:limit]
        return value

    def _required(self, number, raw, key) -> bool:
        if key in self.present_keys and not read.present(raw.get(key)):
            self.problem("required", _("Valeur obligatoire manquante."), row=number, key=key)
            return False
        return key in self.present_keys

    def _check_row(self, number: int, raw: dict) -> DossierPlan | None:
        errors_before = self.report.errors
        present = {key: self._required(number, raw, key) for key in REQUIRED}

        fund_slug = read.text(raw.get("fund"))
        if fund_slug and fund_slug != self.fund.slug:
            if fund_slug in self.other_funds:
                message = _(
                    "Cette ligne est celle d'un autre fonds : importez-la depuis ce fonds-là."
                )
            else:
                message = _(
                    "Fonds inconnu : indiquez l'identifiant de ce fonds (%(slug)s) ou laissez vide."
                ) % {"slug": self.fund.slug}
            self.problem("unknown_fund", message, row=number, key="fund", value=fund_slug)

        reference = self._text(number, raw, "reference")
        call, call_plan = self._call(number, raw) if present["call"] else (None, None)
        call_year = call.year if call else (call_plan.year if call_plan else None)

        state = ""
        if present["state"]:
            value = read.text(raw.get("state"))
            state = self.states.get(fold(value), "")
            if not state:
                self.problem(
                    "unknown_state",
                    _("État inconnu. États possibles : %(states)s.")
                    % {
                        "states": ", ".join(
                            str(label) for _k, label in ApplicationState.choices[1:]
                        )
                    },
                    row=number,
                    key="state",
                    value=value,
                )
            elif state == ApplicationState.DRAFT:
                self.problem(
                    "unknown_state",
                    _("Un brouillon ne s'importe pas : seuls les dossiers déposés sont repris."),
                    row=number,
                    key="state",
                    value=value,
                )
                state = ""

        existing = None
        if reference:
            existing = self._reference(number, reference, call, call_year)

        submitted_at = None
        if present["submitted_at"]:
            submitted_at = self._moment(number, raw, "submitted_at")
        title = self._text(number, raw, "title") if present["title"] else ""
        theme = self._theme(number, raw, call, call_plan)
        maturity = self._choice(number, raw, "maturity", self.maturities, Maturity.choices)
        amount = None
        if read.present(raw.get("amount_requested")):
            try:
                amount = read.amount(raw.get("amount_requested"))
            except read.CellError as exc:
                self.problem(
                    exc.code,
                    exc.message,
                    row=number,
                    key="amount_requested",
                    value=raw.get("amount_requested"),
                )
        organisation = self._organisation(number, raw)
        owner_email = self._text(number, raw, "owner_email")
        if owner_email:
            try:
                validate_email(owner_email)
            except ValidationError:
                self.problem(
                    "bad_email",
                    _("Adresse e-mail invalide, par exemple prenom.nom@mairie.fr."),
                    row=number,
                    key="owner_email",
                    value=owner_email,
                )
        decision, decision_date = self._decision(number, raw, state, submitted_at)
        texts = {key: self._text(number, raw, key) for key, _label in LONG_TEXTS}
        plan = DossierPlan(
            row=number,
            reference=reference,
            call_slug=read.text(raw.get("call")),
            state=state,
            submitted_at=submitted_at,
            title=title,
            theme=theme,
            maturity=maturity,
            amount_requested=amount,
            owner_name=self._text(number, raw, "owner_name"),
            owner_email=owner_email,
            owner_job_title=self._text(number, raw, "owner_job_title"),
            texts=texts,
            decision=decision,
            decision_date=decision_date,
            decision_reason=self._text(number, raw, "decision_reason"),
            **organisation,
        )
        if self.report.errors > errors_before:
            return None
        if existing is not None:
            self.report.existing += 1
            self._compare(number, plan, existing)
            return None
        if call_plan is not None:
            call_plan.funding = call_plan.funding or amount is not None
            if theme and theme not in call_plan.themes:
                call_plan.themes.append(theme)
            if submitted_at:
                call_plan.earliest = min(filter(None, [call_plan.earliest, submitted_at]))
                call_plan.latest = max(filter(None, [call_plan.latest, submitted_at]))
            match = REFERENCE_PATTERN.match(reference)
            if match:
                call_plan.editions.add(int(match.group(3)))
        return plan

    def _call(self, number, raw):
        slug = read.text(raw.get("call"))
        year = None
        if read.present(raw.get("call_year")):
            try:
                year = read.integer(raw.get("call_year"))
            except read.CellError as exc:
                self.problem(
                    exc.code, exc.message, row=number, key="call_year", value=raw.get("call_year")
                )
            else:
                if not MIN_YEAR <= year <= self.now.year + 1:
                    self.problem(
                        "date_range",
                        _("Année hors de la période possible (%(min)s à %(max)s).")
                        % {"min": MIN_YEAR, "max": self.now.year + 1},
                        row=number,
                        key="call_year",
                        value=year,
                    )
                    year = None
        call = self.calls.get(slug)
        if call is not None:
            if year is not None and year != call.year:
                self.problem(
                    "year_mismatch",
                    _("L'appel « %(slug)s » est de %(year)s, pas de cette année-là.")
                    % {"slug": slug, "year": call.year},
                    row=number,
                    key="call_year",
                    value=year,
                )
            return call, None
        plan = self.call_plans.get(slug)
        if plan is not None:
            if year is not None and year != plan.year:
                self.problem(
                    "year_mismatch",
                    _(
                        "Une ligne précédente (ligne %(row)s) donne %(year)s comme année de cet appel."
                    )
                    % {"row": plan.row, "year": plan.year},
                    row=number,
                    key="call_year",
                    value=year,
                )
            return None, plan
        title = self._text(number, raw, "call_title")
        if not title or year is None:
            self.problem(
                "unknown_call",
                _(
                    "Appel inconnu dans ce fonds. Indiquez l'identifiant d'un appel existant, ou "
                    "le titre et l'année de l'appel pour le créer."
                ),
                row=number,
                key="call",
                value=slug,
            )
            return None, None
        if len(slug) > 40 or not SLUG_PATTERN.match(slug):
            self.problem(
                "unknown_call",
                _(
                    "Identifiant d'appel invalide : lettres, chiffres et tirets, 40 caractères au plus (par exemple 2021-2)."
                ),
                row=number,
                key="call",
                value=slug,
            )
            return None, None
        plan = self.call_plans[slug] = CallPlan(slug=slug, title=title, year=year, row=number)
        return None, plan

    def _reference(self, number, reference, call, call_year):
        if reference in self.seen_references:
            self.problem(
                "duplicate_reference",
                _("Référence en double : déjà à la ligne %(row)s.")
                % {"row": self.seen_references[reference]},
                row=number,
                key="reference",
                value=reference,
            )
            return None
        self.seen_references[reference] = number
        match = REFERENCE_PATTERN.match(reference)
        if match:
            prefix, year, edition = match.group(1), int(match.group(2)), int(match.group(3))
            if prefix != self.fund.reference_prefix:
                self.problem(
                    "other_call_reference",
                    _(
                        "Cette référence commence par %(prefix)s : les références de ce fonds commencent par %(own)s."
                    )
                    % {"prefix": prefix, "own": self.fund.reference_prefix},
                    row=number,
                    key="reference",
                    value=reference,
                )
            elif call_year is not None and year != call_year:
                self.problem(
                    "year_mismatch",
                    _("La référence est de %(year)s, l'appel de %(call_year)s.")
                    % {"year": year, "call_year": call_year},
                    row=number,
                    key="reference",
                    value=reference,
                )
            elif call is not None and edition != call.edition:
                self.problem(
                    "other_call_reference",
                    _(
                        "Cette référence est celle de l'édition n° %(edition)s, pas de l'appel indiqué (édition n° %(own)s)."
                    )
                    % {"edition": edition, "own": call.edition},
                    row=number,
                    key="reference",
                    value=reference,
                )
        found = self.existing.get(reference)
        if found is None:
            return None
        call_id, call_slug, fund_id, _title, _state = found
        if call is None or call_id != call.pk:
            self.problem(
                "other_call_reference",
                _("Cette référence est déjà celle d'un dossier d'un autre appel (%(call)s).")
                % {"call": call_slug if fund_id == self.fund.pk else _("autre fonds")},
                row=number,
                key="reference",
                value=reference,
            )
            return None
        return found

    def _moment(self, number, raw, key) -> dt.datetime | None:
        try:
            moment = read.when(raw.get(key))
        except read.CellError as exc:
            self.problem(exc.code, exc.message, row=number, key=key, value=raw.get(key))
            return None
        if moment.year < MIN_YEAR or moment > self.now + dt.timedelta(days=1):
            self.problem(
                "date_range",
                _("Date hors de la période possible (du 01/01/%(min)s à aujourd'hui).")
                % {"min": MIN_YEAR},
                row=number,
                key=key,
                value=raw.get(key),
            )
            return None
        return moment

    def _choice(self, number, raw, key, mapping, choices) -> str:
        value = read.text(raw.get(key))
        if not value:
            return ""
        found = mapping.get(fold(value))
        if found is None:
            self.problem(
                f"unknown_{key}",
                _("Valeur inconnue. Valeurs possibles : %(values)s.")
                % {"values": ", ".join(str(label) for _k, label in choices)},
                row=number,
                key=key,
                value=value,
            )
            return ""
        return found

    def _theme(self, number, raw, call, call_plan) -> str:
        value = self._text(number, raw, "theme")
        if not value or call is None:
            return value
        found = self.themes[call.pk].get(fold(value))
        if found is None:
            known = ", ".join(f"« {t} »" for t in self.themes[call.pk].values()) or _("aucune")
            self.problem(
                "unknown_theme",
                _("Thématique inconnue dans cet appel. Thématiques de l'appel : %(themes)s.")
                % {"themes": known},
                row=number,
                key="theme",
                value=value,
            )
            return ""
        return found

    def _organisation(self, number, raw) -> dict:
        name = self._text(number, raw, "organisation_name")
        kind = self._choice(number, raw, "organisation_type", self.types, OrganisationType.choices)
        departement = ""
        dep_value = read.text(raw.get("departement"))
        if dep_value:
            code = dep_value.split("—")[0].split(" - ")[0].strip().upper()
            if code.isdigit() and len(code) == 1:
                code = "0" + code
            departement = (
                code if code in DEPARTEMENT_NAMES else self.departements.get(fold(dep_value), "")
            )
            if not departement:
                self.problem(
                    "unknown_departement",
                    _("Département inconnu : indiquez son numéro (33, 2A, 974…)."),
                    row=number,
                    key="departement",
                    value=dep_value,
                )
        siren = read.code(raw.get("siren"), width=9)
        insee = read.code(raw.get("insee_code"), width=5).upper()
        organisation_id = None
        if siren:
            try:
                siren = clean_siren(siren)
            except ValidationError as exc:
                self.problem("bad_siren", exc.messages[0], row=number, key="siren", value=siren)
                siren = ""
        if insee and not INSEE_CODE.match(insee.lower()):
            self.problem(
                "bad_insee",
                _("Code INSEE invalide : 5 caractères, par exemple 33318 ou 2A004."),
                row=number,
                key="insee_code",
                value=insee,
            )
            insee = ""
        if insee:
            organisation_id = self.by_insee.get(insee)
            if organisation_id is None:
                self.problem(
                    "unknown_organisation",
                    _("Aucune commune du référentiel ne porte ce code INSEE."),
                    row=number,
                    key="insee_code",
                    value=insee,
                )
        elif siren:
            organisation_id = self.by_siren.get(siren)
            if organisation_id is None:
                self.problem(
                    "unknown_organisation",
                    _(
                        "Aucun organisme du référentiel ne porte ce SIREN : vérifiez-le, ou laissez la colonne vide pour garder le seul nom."
                    ),
                    row=number,
                    key="siren",
                    value=siren,
                )
        elif name:
            matches = {
                match[0]: match
                for key in _name_keys(name)
                for match in self.by_name.get(key, [])
                if (not departement or match[1] == departement) and (not kind or match[2] == kind)
            }
            if len(matches) == 1:
                organisation_id = next(iter(matches))
            elif len(matches) > 1:
                self.problem(
                    "ambiguous_organisation",
                    _(
                        "Plusieurs organismes du référentiel portent ce nom : indiquez le département, le SIREN ou le code INSEE."
                    ),
                    row=number,
                    key="organisation_name",
                    value=name,
                )
            else:
                self.problem(
                    "organisation_not_found",
                    _("Organisme absent du référentiel : le dossier gardera le seul nom indiqué."),
                    row=number,
                    key="organisation_name",
                    value=name,
                    warning=True,
                )
        result = {
            "organisation_id": organisation_id,
            "organisation_name": name,
            "organisation_type": kind,
            "organisation_departement": departement,
        }
        if organisation_id is not None and organisation_id in self.organisations:
            found_kind, found_departement, formal_name = self.organisations[organisation_id]
            result["organisation_name"] = name or formal_name
            result["organisation_type"] = kind or found_kind
            result["organisation_departement"] = departement or found_departement
        return result

    def _decision(self, number, raw, state, submitted_at):
        value = read.text(raw.get("decision"))
        decision = ""
        if value:
            decision = self.states.get(fold(value), "")
            if decision not in AFTER_DECISION:
                self.problem(
                    "unknown_decision",
                    _("Décision inconnue. Décisions possibles : %(values)s.")
                    % {"values": ", ".join(str(ApplicationState(k).label) for k in AFTER_DECISION)},
                    row=number,
                    key="decision",
                    value=value,
                )
                decision = ""
            elif state and state not in AFTER_DECISION[decision]:
                self.problem(
                    "state_decision",
                    _("L'état « %(state)s » ne suit pas la décision « %(decision)s ».")
                    % {
                        "state": ApplicationState(state).label,
                        "decision": ApplicationState(decision).label,
                    },
                    row=number,
                    key="state",
                    value=raw.get("state"),
                )
        elif state:
            # no decision written: the one the state implies, if any
            decision = next(
                (
                    d
                    for d, states in AFTER_DECISION.items()
                    if state in states and state != S.WITHDRAWN
                ),
                "",
            )
        decision_date = None
        if read.present(raw.get("decision_date")):
            moment = self._moment(number, raw, "decision_date")
            if moment is not None:
                decision_date = moment.astimezone(read.PARIS).date()
                if submitted_at and decision_date < submitted_at.astimezone(read.PARIS).date():
                    self.problem(
                        "date_range",
                        _("La décision ne peut pas précéder le dépôt du dossier."),
                        row=number,
                        key="decision_date",
                        value=raw.get("decision_date"),
                    )
        elif state in ApplicationState.selected():
            self.problem(
                "laureate_without_date",
                _("Un lauréat doit avoir la date de la décision du jury."),
                row=number,
                key="decision_date",
            )
        return decision, decision_date

    def _compare(self, number, plan: DossierPlan, existing) -> None:
        _call_id, _slug, _fund, title, state = existing
        differences = []
        if plan.title and plan.title != title:
            differences.append(self.labels["title"])
        if plan.state and plan.state != state:
            differences.append(self.labels["state"])
        if differences:
            self.problem(
                "exists_differs",
                _(
                    "Ce dossier existe déjà et n'est pas modifié par l'import ; la feuille en diffère sur : %(columns)s."
                )
                % {"columns": ", ".join(differences)},
                row=number,
                key="reference",
                value=plan.reference,
                warning=True,
            )

    def _check_new_calls(self) -> None:
        used = set(Call.objects.filter(fund=self.fund).values_list("year", "edition"))
        for plan in self.call_plans.values():
            if len(plan.editions) > 1:
                self.problem(
                    "other_call_reference",
                    _(
                        "Les références de l'appel « %(slug)s » mêlent plusieurs éditions (%(editions)s)."
                    )
                    % {"slug": plan.slug, "editions": ", ".join(map(str, sorted(plan.editions)))},
                    row=plan.row,
                    key="reference",
                )
            elif plan.editions and (plan.year, next(iter(plan.editions))) in used:
                self.problem(
                    "other_call_reference",
                    _(
                        "Le fonds a déjà un appel %(year)s n° %(edition)s : indiquez son identifiant dans la colonne Appel."
                    )
                    % {"year": plan.year, "edition": next(iter(plan.editions))},
                    row=plan.row,
                    key="call",
                    value=plan.slug,
                )


def _name_keys(name: str) -> set[str]:
    key = search_key(name)
    return {key, strip_designation(key), expand_epci_prefix(key)} - {""}


def check_sheet(*, fund: Fund, sheet: Sheet) -> Report:
    """Check every row of `sheet` for an import into `fund`; writes nothing."""
    return _Checker(fund, sheet).run()
