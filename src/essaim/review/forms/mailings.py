"""Forms of the decision messages: a template's wording, and a new mailing (wording plus the
dossiers it goes to). `review.services.mailings` checks the rules again and saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..mailings import validate_placeholders


class MailTemplateForm(forms.Form):
    subject = forms.CharField(
        label=_("Objet"),
        max_length=200,
        error_messages={"required": _("Indiquez l'objet du message.")},
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Écrivez le message.")},
        help_text=_(
            "Les remplacements entre accolades, listés ci-dessus, sont remplis pour chaque dossier."
        ),
    )

    def clean_subject(self):
        subject = self.cleaned_data["subject"].strip()
        validate_placeholders(subject)
        return subject

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        validate_placeholders(body)
        return body


class MailingForm(MailTemplateForm):
    """The wording and the dossiers: `candidates` are the call's dossiers in that state
    (annotated with `owner_name`), all ticked unless the person unticked some."""

    applications = forms.TypedMultipleChoiceField(
        label=_("Dossiers destinataires"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Le message part vers le porteur et les co-porteurs qui ont un compte ; les "
            "membres de l'équipe sans compte ne le reçoivent pas."
        ),
        error_messages={
            "required": _("Choisissez au moins un dossier."),
            "invalid_choice": _("Un des dossiers choisis n'est plus dans cet état."),
        },
    )

    field_order = ["applications", "subject", "body"]

    def __init__(self, data=None, *, candidates, **kwargs):
        super().__init__(data, **kwargs)
        choices = [
            (
                a.pk,
                " — ".join(part for part in (a.reference, a.title, a.organisation_name) if part),
            )
            for a in candidates
        ]
        field = self.fields["applications"]
        field.choices = choices
        field.initial = [pk for pk, _label in choices]
