"""The default accompaniment template: the four phases of the Fonds MNT's accompaniment by
service designers (about five months in all), offered to any call that has none yet."""

from django.utils.translation import gettext_lazy as _

# (name, weeks, expected deliverables, one per line)
DEFAULT_PHASES = (
    (
        _("Entretiens usagers"),
        4,
        _("Guide d'entretien\nSynthèse des entretiens usagers et agents"),
    ),
    (
        _("Analyse, conception et prototypage"),
        6,
        _("Parcours usager actuel et cible\nPrototype à tester"),
    ),
    (
        _("Test du prototype"),
        5,
        _("Protocole de test\nRetours des usagers et ajustements"),
    ),
    (
        _("Consolidation"),
        5,
        _("Feuille de route de déploiement\nFiche de partage pour l'essaimage"),
    ),
)
