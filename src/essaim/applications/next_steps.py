"""What happens next for a dossier, in plain French, for its team."""

from django.utils.translation import gettext as _

from .enums import ApplicationState as S
from .models import Application


def next_step(application: Application) -> str:
    state = application.state
    if state == S.DRAFT:
        return _("Complétez les sections puis déposez le dossier avant la clôture.")
    if state == S.SUBMITTED:
        return _("L'équipe du fonds vérifie la recevabilité de votre dossier.")
    if state == S.ELIGIBLE:
        if application.call.uses_first_selection:
            return _("Votre dossier est recevable ; il sera examiné lors de la première sélection.")
        return _("Votre dossier est recevable ; il sera examiné par le jury.")
    if state == S.SHORTLISTED:
        return _("Votre dossier est présélectionné : il sera présenté au jury.")
    if state == S.IN_SUPPORT:
        return _(
            "Précisez votre dossier avec l'appui de l'équipe du fonds, puis déposez-le à nouveau."
        )
    if state == S.WAITLISTED:
        return _(
            "Votre dossier est sur liste d'attente ; vous serez prévenu de la décision finale."
        )
    if state == S.LAUREATE:
        return _("Félicitations ! L'équipe du fonds vous contactera pour la suite.")
    if state == S.IN_ACCOMPANIMENT:
        return _("Votre projet est accompagné.")
    if state == S.ACCOMPANIED:
        return _(
            "L'accompagnement est terminé ; votre innovation peut inspirer d'autres territoires."
        )
    if state == S.WITHDRAWN:
        return _("Vous avez retiré ce dossier.")
    return _("L'instruction de ce dossier est terminée.")
