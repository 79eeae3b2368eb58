"""The wording of each decision message when a call has not written its own.

Staff start from these; saving an edited version creates the call's MailTemplate row.
Placeholders are those of `review.mailings.PLACEHOLDERS`.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from essaim.applications.enums import ApplicationState as S


@dataclass(frozen=True)
class DefaultTemplate:
    subject: Promise
    body: Promise


DEFAULT_TEMPLATES: dict[str, DefaultTemplate] = {
    S.ELIGIBLE: DefaultTemplate(
        subject=_("Votre dossier {reference} est recevable"),
        body=_(
            "Bonjour {porteur},\n\n"
            "Nous avons examiné la recevabilité de votre dossier « {titre} » ({reference}), "
            "déposé pour l'appel « {appel} ». Il est recevable : il sera maintenant examiné "
            "selon le calendrier de l'appel.\n\n"
            "Vous pouvez suivre votre dossier à cette adresse :\n{lien}\n\n"
            "{fonds}"
        ),
    ),
    S.INELIGIBLE: DefaultTemplate(
        subject=_("Votre dossier {reference} n'est pas recevable"),
        body=_(
            "Bonjour {porteur},\n\n"
            "Nous avons examiné la recevabilité de votre dossier « {titre} » ({reference}), "
            "déposé pour l'appel « {appel} ». Nous ne pouvons malheureusement pas le retenir, "
            "pour le motif suivant :\n\n{motif}\n\n"
            "Vous pouvez nous poser vos questions depuis votre dossier :\n{lien}\n\n"
            "Merci de l'intérêt que vous portez à l'appel.\n\n"
            "{fonds}"
        ),
    ),
    S.SHORTLISTED: DefaultTemplate(
        subject=_("Votre dossier {reference} est présélectionné"),
        body=_(
            "Bonjour {porteur},\n\n"
            "Nous avons le plaisir de vous annoncer que votre dossier « {titre} » "
            "({reference}) est présélectionné dans le cadre de l'appel « {appel} ».\n\n"
            "Nous reviendrons vers vous pour les prochaines étapes. Vous pouvez suivre votre "
            "dossier à cette adresse :\n{lien}\n\n"
            "{fonds}"
        ),
    ),
    S.NOT_SHORTLISTED: DefaultTemplate(
        subject=_("Votre dossier {reference} n'est pas présélectionné"),
        body=_(
            "Bonjour {porteur},\n\n"
            "Nous avons examiné avec attention votre dossier « {titre} » ({reference}), "
            "déposé pour l'appel « {appel} ». Il ne fait pas partie des dossiers "
            "présélectionnés, pour le motif suivant :\n\n{motif}\n\n"
            "Vous pouvez nous poser vos questions depuis votre dossier :\n{lien}\n\n"
            "Merci pour le travail que vous avez engagé.\n\n"
            "{fonds}"
        ),
    ),
    S.LAUREATE: DefaultTemplate(
        subject=_("Votre projet {reference} est lauréat"),
        body=_(
            "Bonjour {porteur},\n\n"
            "Nous avons le plaisir de vous annoncer que le jury a retenu votre projet "
            "« {titre} » ({reference}) parmi les lauréats de l'appel « {appel} ».\n\n"
            "{motif}\n\n"
            "Nous vous contacterons très prochainement pour organiser la suite. Vous "
            "pouvez suivre votre dossier à cette adresse :\n{lien}\n\n"
            "Félicitations à toute l'équipe.\n\n"
            "{fonds}"
        ),
    ),
    S.WAITLISTED: DefaultTemplate(
        subject=_("Votre projet {reference} est sur liste d'attente"),
        body=_(
            "Bonjour {porteur},\n\n"
            "Le jury de l'appel « {appel} » a placé votre projet « {titre} » ({reference}) "
            "sur liste d'attente. Si une place se libère, nous vous préviendrons ; dans tous "
            "les cas, nous vous informerons de la décision finale.\n\n"
            "{motif}\n\n"
            "Vous pouvez suivre votre dossier à cette adresse :\n{lien}\n\n"
            "{fonds}"
        ),
    ),
    S.NOT_SELECTED: DefaultTemplate(
        subject=_("Votre projet {reference} n'a pas été retenu"),
        body=_(
            "Bonjour {porteur},\n\n"
            "Le jury de l'appel « {appel} » a examiné avec attention votre projet "
            "« {titre} » ({reference}). Il ne l'a malheureusement pas retenu, pour le motif "
            "suivant :\n\n{motif}\n\n"
            "Vous pouvez nous poser vos questions depuis votre dossier :\n{lien}\n\n"
            "Merci pour la qualité de votre candidature et pour le travail de votre équipe.\n\n"
            "{fonds}"
        ),
    ),
}
