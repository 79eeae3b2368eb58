"""Criteria offered when staff create a review stage, taken from the programmes' own words.

Kept as data: staff pick a set when creating a stage, then edit the criteria freely. Each
criterion is (label, help text, weight); every one is scored 0–4 unless staff change it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DEFAULT_SCALE = (0, 4)


@dataclass(frozen=True)
class CriterionTemplate:
    label: Promise
    help_text: Promise
    weight: Decimal = Decimal("1")
    scale_min: int = DEFAULT_SCALE[0]
    scale_max: int = DEFAULT_SCALE[1]


@dataclass(frozen=True)
class CriteriaSet:
    key: str
    label: Promise
    criteria: tuple[CriterionTemplate, ...]


# Fonds MNT: the first selection looks for "the most collective and inspiring projects",
# with a concrete transformation for agents that benefits users and can be reproduced.
MNT = CriteriaSet(
    key="mnt",
    label=_("Fonds MNT : des projets collectifs et inspirants"),
    criteria=(
        CriterionTemplate(
            _("Dimension collective"),
            _(
                "Le projet associe plusieurs agents ou services, a le soutien de sa hiérarchie "
                "et fait travailler ensemble élus, encadrement et agents."
            ),
            Decimal("2"),
        ),
        CriterionTemplate(
            _("Caractère inspirant et reproductible"),
            _(
                "D'autres collectivités, grandes ou petites, pourraient reproduire ou adapter "
                "l'idée sur leur territoire."
            ),
            Decimal("2"),
        ),
        CriterionTemplate(
            _("Transformation concrète du travail des agents"),
            _(
                "Le projet fait évoluer le métier ou les conditions de travail des agents "
                "de façon tangible."
            ),
        ),
        CriterionTemplate(
            _("Bénéfice pour les usagers"),
            _("Le service rendu aux usagers s'améliore, sans imposer la dématérialisation."),
        ),
    ),
)

# DITP appel à défis: co-construction with users and agents, cooperation between bodies,
# national replication, and a project ready enough to be funded and followed.
DITP = CriteriaSet(
    key="ditp",
    label=_("Appel à défis DITP : co-construction et passage à l'échelle"),
    criteria=(
        CriterionTemplate(
            _("Co-construction avec les usagers et les agents"),
            _(
                "La démarche associe usagers et agents publics à la conception, par le design "
                "ou l'intelligence collective."
            ),
            Decimal("2"),
        ),
        CriterionTemplate(
            _("Réplicabilité ou déploiement national"),
            _("Le projet peut être répliqué ou déployé à l'échelle nationale."),
            Decimal("2"),
        ),
        CriterionTemplate(
            _("Coopération entre structures"),
            _(
                "Le projet fait dialoguer administrations centrales, services déconcentrés, "
                "opérateurs et collectivités."
            ),
        ),
        CriterionTemplate(
            _("Maturité et faisabilité"),
            _(
                "Le budget, le calendrier et les jalons sont réalistes ; le projet est prêt "
                "à être lancé ou le sera bientôt."
            ),
        ),
    ),
)

CRITERIA_SETS: dict[str, CriteriaSet] = {item.key: item for item in (MNT, DITP)}
