"""Forms of reuse: declaring interest (the body and a first message), writing in the thread,
recording progress."""

from django import forms
from django.utils.translation import gettext_lazy as _

from essaim.territory.forms import OrganisationChoiceMixin, organisation_fields
from essaim.territory.models import Organisation
from essaim.territory.search import MAX_QUERY, search
from essaim.territory.suggestions import suggestion

from ..enums import ReuseStatus
from ..services.reuse import MESSAGE_MAX, NOTE_MAX

CANDIDATES_SHOWN = 20


class ReuseDeclareForm(OrganisationChoiceMixin, forms.Form):
    """The body, chosen with the referential's combobox, and the first message.

    Without JavaScript the typed text is resolved on save; when it designates several
    bodies, the same page comes back with them as radio buttons (`organisation_pick`) and
    the message kept, so nothing typed is lost on the way.
    """

    organisation, organisation_query = organisation_fields(_("Votre organisme"), required=True)
    organisation_pick = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        error_messages={"invalid_choice": _("Choisissez un organisme dans la liste.")},
    )
    message = forms.CharField(
        label=_("Votre message à l'équipe de l'innovation"),
        help_text=_(
            "Présentez votre organisme et ce qui vous intéresse. Votre adresse e-mail ne leur "
            "est pas communiquée : les échanges passent par la plateforme."
        ),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Écrivez votre message.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_query"].error_messages["required"] = _(
            "Indiquez votre organisme."
        )
        self.candidates: list[dict] = []

    def clean(self):
        cleaned = super().clean()
        pick = cleaned.get("organisation_pick")
        if pick is not None:
            cleaned["organisation"] = pick
            cleaned["organisation_query"] = str(pick)
        if "organisation_query" not in cleaned:
            return cleaned  # the required error is already beside the field
        organisation = self.resolve_organisation(cleaned)
        if self.needs_choice:
            query = cleaned["organisation_query"][:MAX_QUERY]
            self.candidates = [suggestion(o) for o in search(query, limit=CANDIDATES_SHOWN)]
            self.add_error(
                "organisation_query",
                _("Plusieurs organismes correspondent à « %(query)s » : choisissez le vôtre.")
                % {"query": query},
            )
        elif organisation is None and not self.has_error("organisation_query"):
            self.add_error("organisation_query", _("Choisissez votre organisme dans la liste."))
        return cleaned


class ReuseMessageForm(forms.Form):
    prefix = "message"

    body = forms.CharField(
        label=_("Votre message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Écrivez votre message.")},
    )


class ReuseStatusForm(forms.Form):
    prefix = "status"

    status = forms.ChoiceField(
        label=_("Où en est la réutilisation ?"),
        choices=ReuseStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez un avancement."),
            "invalid_choice": _("Choisissez un avancement dans la liste."),
        },
    )
    note = forms.CharField(
        label=_("Une note courte"),
        help_text=_("Par exemple : « Déployé à l'accueil de la mairie depuis mars »."),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
