"""The sections of a dossier, what each needs, and what is missing before submission.

This is the single definition of "complete": the task list, the check page and the
submission service all read it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from essaim.funds.models import Call

from .enums import SectionStatus, SupportStatus, TeamAccess
from .models import Application


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    fields: tuple[str, ...] = ()
    optional_fields: tuple[str, ...] = ()
    hint: str = ""


@dataclass
class Missing:
    section: str
    message: str
    anchor: str = ""


@dataclass
class SectionState:
    section: Section
    status: str
    missing: list[Missing] = field(default_factory=list)
    optional: bool = False  # nothing to do: not counted among the sections left

    @property
    def status_label(self) -> str:
        if self.optional and self.status == SectionStatus.NOT_STARTED:
            return str(_("Facultative"))
        return str(SectionStatus(self.status).label)

    @property
    def counts(self) -> bool:
        """Whether the section counts in "n sections sur m terminées"."""
        return not self.optional or self.status == SectionStatus.DONE


ORGANISATION = Section(
    "organisation",
    _("Organisme"),
    ("title", "organisation_name", "organisation_type", "organisation_departement"),
    hint=_("Le titre du projet et l'organisme qui le porte."),
)
TEAM = Section("team", _("Équipe"), hint=_("Les personnes qui portent le projet et leur rôle."))
PROBLEM = Section(
    "problem",
    _("Le problème"),
    ("theme", "problem", "users_concerned"),
    hint=_("Ce que vous observez aujourd'hui, et qui est concerné."),
)
IDEA = Section(
    "idea",
    _("L'idée"),
    ("idea", "maturity"),
    ("partners",),
    hint=_("Ce que vous proposez, où vous en êtes, avec qui."),
)
IMPACT = Section(
    "impact",
    _("Impact"),
    ("effect_on_agents", "effect_on_users", "collective_dimension", "reproducibility"),
    hint=_("Les effets attendus et comment d'autres pourraient s'en inspirer."),
)
BUDGET = Section("budget", _("Budget"), ("amount_requested",), hint=_("Le montant demandé."))
ATTACHMENTS = Section(
    "attachments", _("Pièces jointes"), hint=_("Facultatif : notes, photos, schémas.")
)
SUPPORT = Section(
    "support",
    _("Soutien hiérarchique"),
    hint=_("Votre hiérarchie confirme qu'elle soutient le projet."),
)

FIELD_LABELS = {
    "title": _("le titre du projet"),
    "organisation_name": _("le nom de l'organisme"),
    "organisation_type": _("le type d'organisme"),
    "organisation_departement": _("le département"),
    "theme": _("la thématique"),
    "problem": _("le problème constaté"),
    "users_concerned": _("les usagers concernés"),
    "idea": _("l'idée"),
    "maturity": _("la maturité du projet"),
    "partners": _("les structures partenaires"),
    "effect_on_agents": _("l'effet attendu pour les agents"),
    "effect_on_users": _("l'effet attendu pour les usagers"),
    "collective_dimension": _("la dimension collective"),
    "reproducibility": _("la reproductibilité"),
    "amount_requested": _("le montant demandé"),
}


def sections_for(call: Call) -> list[Section]:
    sections = [ORGANISATION, TEAM, PROBLEM]
    if call.requires_partners:
        sections.append(
            Section(IDEA.slug, IDEA.title, ("idea", "maturity", "partners"), (), IDEA.hint)
        )
    else:
        sections.append(IDEA)
    sections.append(IMPACT)
    if call.is_funding:
        sections.append(BUDGET)
    sections.append(ATTACHMENTS)
    if call.requires_hierarchical_support:
        sections.append(SUPPORT)
    return sections


def _filled(application: Application, name: str) -> bool:
    if name == "theme":
        return application.theme_id is not None
    value = getattr(application, name)
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


# Copied from the body chosen in the referential: one choice fills the three of them.
ORGANISATION_FIELDS = ("organisation_name", "organisation_type", "organisation_departement")
ORGANISATION_ANCHOR = "organisation_query"  # the combobox of the organisation section


def _field_state(application: Application, section: Section) -> SectionState:
    all_fields = section.fields + section.optional_fields
    filled = [name for name in all_fields if _filled(application, name)]
    missing = [
        Missing(section.slug, str(_("Renseignez %(what)s.") % {"what": FIELD_LABELS[name]}), name)
        for name in section.fields
        if not _filled(application, name) and name not in ORGANISATION_FIELDS
    ]
    if any(
        not _filled(application, name) for name in section.fields if name in ORGANISATION_FIELDS
    ):
        missing.append(
            Missing(
                section.slug,
                str(_("Choisissez l'organisme qui porte le projet.")),
                ORGANISATION_ANCHOR,
            )
        )
    if not filled:
        status = SectionStatus.NOT_STARTED
    elif missing:
        status = SectionStatus.IN_PROGRESS
    else:
        status = SectionStatus.DONE
    return SectionState(section, status, missing)


def _team_state(application: Application, section: Section) -> SectionState:
    members = list(application.team.all())
    described = [m for m in members if m.full_name and m.job_title]
    if not described:
        return SectionState(
            section,
            SectionStatus.NOT_STARTED,
            [Missing(section.slug, str(_("Présentez au moins une personne de l'équipe.")))],
        )
    missing = [
        Missing(
            section.slug,
            str(_("Indiquez la fonction de %(name)s.") % {"name": m.full_name or m.email}),
        )
        for m in members
        if m.access != TeamAccess.OWNER and not (m.full_name and m.job_title)
    ]
    return SectionState(
        section, SectionStatus.IN_PROGRESS if missing else SectionStatus.DONE, missing
    )


def amount_problem(call: Call, amount) -> str | None:
    """Why `amount` does not fit the call's range per project, or None. The budget form and
    the submission check both use it."""
    from essaim.core.formatting import euros

    if amount is None:
        return None
    if call.min_amount is not None and amount < call.min_amount:
        return str(_("Le montant doit être d'au moins %(min)s.") % {"min": euros(call.min_amount)})
    if call.max_amount is not None and amount > call.max_amount:
        return str(_("Le montant ne peut pas dépasser %(max)s.") % {"max": euros(call.max_amount)})
    return None


def _budget_state(application: Application, section: Section) -> SectionState:
    call = application.call
    lines = list(application.budget_lines.all())
    amount = application.amount_requested
    if amount is None and not lines:
        return SectionState(
            section,
            SectionStatus.NOT_STARTED,
            [Missing(section.slug, str(_("Indiquez le montant demandé et son budget.")))],
        )
    missing = []
    if amount is None:
        missing.append(Missing(section.slug, str(_("Indiquez le montant demandé."))))
    else:
        problem = amount_problem(call, amount)
        if problem:
            missing.append(Missing(section.slug, problem, "amount_requested"))
        if not lines:
            missing.append(
                Missing(section.slug, str(_("Détaillez le budget en lignes de dépenses.")))
            )
        elif sum(line.amount for line in lines) != amount:
            missing.append(
                Missing(
                    section.slug,
                    str(_("Le total des lignes de budget doit être égal au montant demandé.")),
                )
            )
    return SectionState(
        section, SectionStatus.IN_PROGRESS if missing else SectionStatus.DONE, missing
    )


def _attachments_state(application: Application, section: Section) -> SectionState:
    count = len(application.attachments.all())
    # Attachments are optional: the section is done once the team has looked at it or added one.
    return SectionState(
        section, SectionStatus.DONE if count else SectionStatus.NOT_STARTED, [], optional=True
    )


def _support_state(application: Application, section: Section) -> SectionState:
    request = getattr(application, "support_request", None)
    if request is None:
        return SectionState(
            section,
            SectionStatus.NOT_STARTED,
            [Missing(section.slug, str(_("Demandez le soutien de votre hiérarchie.")))],
        )
    if request.status == SupportStatus.CONFIRMED:
        return SectionState(section, SectionStatus.DONE, [])
    message = (
        _("Votre hiérarchie a refusé son soutien : modifiez la demande ou renvoyez-la.")
        if request.status == SupportStatus.DECLINED
        else _("Votre hiérarchie n'a pas encore confirmé son soutien.")
    )
    return SectionState(section, SectionStatus.IN_PROGRESS, [Missing(section.slug, str(message))])


def section_states(application: Application) -> list[SectionState]:
    """Expects `team`, `budget_lines`, `attachments` prefetched and `support_request` joined."""
    states = []
    for section in sections_for(application.call):
        if section.slug == TEAM.slug:
            states.append(_team_state(application, section))
        elif section.slug == BUDGET.slug:
            states.append(_budget_state(application, section))
        elif section.slug == ATTACHMENTS.slug:
            states.append(_attachments_state(application, section))
        elif section.slug == SUPPORT.slug:
            states.append(_support_state(application, section))
        else:
            states.append(_field_state(application, section))
    return states


def missing_items(application: Application) -> list[Missing]:
    items = [item for state in section_states(application) for item in state.missing]
    call = application.call
    if application.organisation_type and not call.accepts_organisation_type(
        application.organisation_type
    ):
        items.insert(
            0,
            Missing(
                ORGANISATION.slug,
                str(_("Cet appel n'est pas ouvert aux organismes de ce type.")),
                ORGANISATION_ANCHOR,
            ),
        )
    return items
