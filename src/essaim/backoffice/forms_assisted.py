"""Forms of the "dépôt accompagné" (staff entering a dossier received off line).

The dossier's own sections reuse the portal's section forms (applications.forms): the same
labels, hints, limits and choices as online. What is added here: how and when the dossier
reached the fund, who carries it, the supervisor who signed the paper support, the files.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essaim.applications.assisted import received_on_problem
from essaim.applications.enums import SubmissionChannel
from essaim.applications.uploads import ACCEPT_ATTRIBUTE, ACCEPTED_LABELS
from essaim.core.validators import SensibleDateField

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHANNEL_CHOICES = [
    (SubmissionChannel.PAPER, _("Par courrier (dossier papier)")),
    (SubmissionChannel.PHONE, _("Par téléphone")),
    (SubmissionChannel.EMAIL, _("Par courriel")),
]


class ReceptionFields(forms.Form):
    """How and when the dossier reached the fund; the date is judged against the call."""

    channel = forms.ChoiceField(
        label=_("Comment le dossier est-il parvenu au fonds ?"),
        choices=CHANNEL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez comment le dossier est parvenu au fonds.")},
    )
    received_on = SensibleDateField(
        label=_("Date de réception"),
        help_text=_(
            "Pour un courrier, la date du cachet de la poste. Un dossier reçu après le jour "
            "de clôture ne peut pas être enregistré."
        ),
        widget=DATE_WIDGET,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Indiquez la date à laquelle le fonds a reçu le dossier."),
            "invalid": _("Saisissez une date, par exemple 28/06/2024."),
        },
    )

    def __init__(self, *args, call, **kwargs):
        self.call = call
        super().__init__(*args, **kwargs)

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        problem = received_on_problem(self.call, value, today=timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return value


class AssistedStartForm(ReceptionFields):
    title = forms.CharField(
        label=_("Titre du projet"),
        max_length=200,
        error_messages={"required": _("Indiquez le titre du projet.")},
    )
    applicant_name = forms.CharField(
        label=_("Prénom et nom du porteur"),
        max_length=150,
        error_messages={"required": _("Indiquez le prénom et le nom du porteur.")},
    )
    applicant_job_title = forms.CharField(
        label=_("Fonction du porteur"),
        max_length=150,
        help_text=_("Par exemple : agent d'accueil, directrice des ressources humaines."),
        error_messages={"required": _("Indiquez la fonction du porteur.")},
    )
    applicant_email = forms.EmailField(
        label=_("Adresse e-mail du porteur"),
        max_length=254,
        help_text=_(
            "Le récépissé lui est envoyé. S'il n'a pas de compte, il reçoit une invitation "
            "pour suivre son dossier en ligne."
        ),
        error_messages={
            "required": _("Indiquez l'adresse e-mail du porteur : le récépissé lui est envoyé."),
            "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@mairie.fr."),
        },
    )


class ApplicantFields(ReceptionFields):
    """On the entry page: the reception and the applicant's name and function (their e-mail
    is fixed at the start: the invitation and the receipt go there)."""

    applicant_name = AssistedStartForm.base_fields["applicant_name"]
    applicant_job_title = AssistedStartForm.base_fields["applicant_job_title"]


class SupervisorForm(forms.Form):
    """The supervisor who signed the paper support. Optional while drafting, but all three
    together: the support is recorded only once it names someone reachable."""

    supervisor_name = forms.CharField(label=_("Prénom et nom du signataire"), max_length=150)
    supervisor_function = forms.CharField(label=_("Sa fonction"), max_length=150)
    supervisor_email = forms.EmailField(
        label=_("Son adresse e-mail"),
        max_length=254,
        error_messages={
            "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@mairie.fr.")
        },
    )

    MISSING = {
        "supervisor_name": _("Indiquez le prénom et le nom de la personne qui a signé le soutien."),
        "supervisor_function": _("Indiquez la fonction de la personne qui a signé le soutien."),
        "supervisor_email": _("Indiquez l'adresse e-mail de la personne qui a signé le soutien."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.hide_optional = True

    def clean(self):
        cleaned = super().clean()
        given = [name for name in self.fields if cleaned.get(name)]
        if given and len(given) < len(self.fields):
            for name in self.fields:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, self.MISSING[name])
        return cleaned

    def supervisor(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("supervisor_name"):
            return None
        return {
            "name": data["supervisor_name"],
            "function": data["supervisor_function"],
            "email": data["supervisor_email"],
        }


class AssistedFileForm(forms.Form):
    """One file: the signed support's scan, or another attachment of the paper dossier."""

    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("Formats acceptés : %(types)s.") % {"types": ACCEPTED_LABELS},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={
            "required": _("Choisissez le fichier à joindre."),
            "empty": _("Le fichier choisi est vide."),
        },
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, signed_support: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_support:
            self.fields["file"].label = _("Scan du soutien hiérarchique signé")
            self.fields["file"].help_text = _(
                "La page signée du formulaire papier (soutien de la hiérarchie), scannée ou "
                "photographiée. Formats acceptés : %(types)s."
            ) % {"types": ACCEPTED_LABELS}
            del self.fields["description"]


class AssistedSubmitForm(forms.Form):
    declaration = forms.BooleanField(
        label=_(
            "Je certifie avoir reporté fidèlement le dossier reçu, et que le porteur en a "
            "demandé le dépôt."
        ),
        error_messages={"required": _("Cochez la déclaration pour déposer le dossier.")},
    )
