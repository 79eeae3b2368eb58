"""Forms of the review set-up: stages and criteria, invitations, acceptance, assignment,
conflict decisions. They check what one form can see; the services check the rules again."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from essaim.core.validators import SensibleDateField
from essaim.core.widgets import FastSelect
from essaim.funds.enums import FundRole
from essaim.territory.enums import DEPARTEMENT_CHOICES

from ..defaults import CRITERIA_SETS
from ..enums import OtherReviewsVisibility, ReviewStageKind
from ..models import Criterion, ReviewStage
from ..services import stages as stage_services

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_INVALID = _("Saisissez une date, par exemple 15/06/2024.")


def _date_field(label, help_text=""):
    return SensibleDateField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_INVALID},
    )


class ReviewStageForm(forms.Form):
    """A stage's settings. `kind` offers only the kinds the call does not use yet."""

    kind = forms.ChoiceField(
        label=_("Étape"),
        error_messages={
            "required": _("Choisissez l'étape."),
            "invalid_choice": _("Choisissez une étape de la liste."),
        },
    )
    title = forms.CharField(
        label=_("Intitulé"),
        required=False,
        max_length=200,
        help_text=_("Laissez vide pour l'intitulé standard de l'étape."),
    )
    instructions = forms.CharField(
        label=_("Consignes aux évaluateurs"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ce qu'ils lisent avant de noter : ce que l'étape cherche, comment noter."),
    )
    opens_on = _date_field(_("Début des évaluations"))
    closes_on = _date_field(
        _("Fin des évaluations"), _("Les évaluations se ferment le soir de ce jour.")
    )
    reviews_per_application = forms.IntegerField(
        label=_("Évaluations par dossier"),
        min_value=1,
        max_value=stage_services.MAX_REVIEWS_PER_APPLICATION,
        initial=2,
        help_text=_(
            "Le nombre de personnes qui évaluent chaque dossier (l'affectation automatique s'y tient)."
        ),
        widget=forms.NumberInput(attrs={"class": "input--short"}),
        error_messages={
            "required": _("Indiquez le nombre d'évaluations par dossier."),
            "invalid": _("Saisissez un nombre entier, par exemple 2."),
            "min_value": _("Indiquez au moins 1 évaluation par dossier."),
            "max_value": _("Indiquez au plus %(limit_value)s évaluations par dossier."),
        },
    )
    shows_applicant_names = forms.BooleanField(
        label=_("Les évaluateurs voient les noms des porteurs et de l'organisme"),
        required=False,
        initial=True,
    )
    other_reviews_visibility = forms.ChoiceField(
        label=_("Les évaluateurs voient les évaluations des autres"),
        choices=OtherReviewsVisibility.choices,
        initial=OtherReviewsVisibility.AFTER_OWN,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez quand les évaluateurs voient les autres évaluations.")
        },
    )
    allows_comment_for_applicant = forms.BooleanField(
        label=_("Les évaluateurs peuvent écrire un commentaire destiné à l'équipe du projet"),
        required=False,
        help_text=_("Sinon, leurs commentaires restent internes à l'équipe du fonds."),
    )
    flags_same_departement = forms.BooleanField(
        label=_(
            "Signaler un conflit possible quand l'évaluateur est du même département que le dossier"
        ),
        required=False,
    )

    def __init__(self, *args, stage: ReviewStage | None = None, used_kinds=(), **kwargs):
        if stage is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(stage, name) for name in stage_services.STAGE_FIELDS}
        super().__init__(*args, **kwargs)
        current = stage.kind if stage is not None else None
        self.fields["kind"].choices = [("", _("Choisissez une étape"))] + [
            (value, label)
            for value, label in ReviewStageKind.choices
            if value == current or value not in used_kinds
        ]

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("La fin des évaluations doit suivre leur début."))
        return cleaned

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in stage_services.STAGE_FIELDS}
        data["title"] = data["title"].strip()
        data["instructions"] = data["instructions"].strip()
        return data


class ReviewStageCreateForm(ReviewStageForm):
    criteria_set = forms.ChoiceField(
        label=_("Critères proposés"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Vous pourrez ensuite les modifier, en ajouter ou en retirer."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_set"].choices = [
            *((item.key, item.label) for item in CRITERIA_SETS.values()),
            ("", _("Aucun : je saisis mes critères")),
        ]
        self.fields["criteria_set"].initial = next(iter(CRITERIA_SETS))
        self.fields["criteria_set"].hide_optional = True  # "none" is one of the choices


class CriterionForm(forms.Form):
    label = forms.CharField(
        label=_("Critère"),
        max_length=200,
        error_messages={"required": _("Indiquez l'intitulé du critère.")},
    )
    help_text = forms.CharField(
        label=_("Aide pour les évaluateurs"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que le critère regarde, ce qui fait une bonne note."),
    )
    weight = forms.DecimalField(
        label=_("Poids"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("1"),
        localize=True,  # "1,5" is how French people write one and a half
        help_text=_("Un critère de poids 2 compte deux fois plus qu'un critère de poids 1."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--amount"}),
        error_messages={
            "required": _("Indiquez le poids du critère, par exemple 1."),
            "invalid": _("Saisissez un nombre, par exemple 1 ou 1,5."),
            "max_digits": _("Saisissez un poids de 999 au plus."),
            "max_whole_digits": _("Saisissez un poids de 999 au plus."),
            "max_decimal_places": _("Saisissez au plus deux chiffres après la virgule."),
        },
    )
    scale_min = forms.IntegerField(
        label=_("Note minimale"),
        initial=0,
        widget=forms.NumberInput(attrs={"class": "input--short"}),
        error_messages={
            "required": _("Indiquez la note minimale, par exemple 0."),
            "invalid": _("Saisissez un nombre entier, par exemple 0."),
        },
    )
    scale_max = forms.IntegerField(
        label=_("Note maximale"),
        initial=4,
        widget=forms.NumberInput(attrs={"class": "input--short"}),
        error_messages={
            "required": _("Indiquez la note maximale, par exemple 4."),
            "invalid": _("Saisissez un nombre entier, par exemple 4."),
        },
    )

    def __init__(self, *args, criterion: Criterion | None = None, **kwargs):
        if criterion is not None and "initial" not in kwargs:
            kwargs["initial"] = {n: getattr(criterion, n) for n in stage_services.CRITERION_FIELDS}
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for name, message in stage_services.criterion_errors(cleaned).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in stage_services.CRITERION_FIELDS}


class InvitationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Prénom et nom"),
        max_length=150,
        error_messages={"required": _("Indiquez le prénom et le nom de la personne.")},
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        error_messages={
            "required": _("Indiquez l'adresse e-mail de la personne."),
            "invalid": _("Saisissez une adresse e-mail, par exemple prenom.nom@exemple.fr."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[
            (
                FundRole.REVIEWER,
                _("Expert : évalue les dossiers de la première sélection et de l'expertise"),
            ),
            (FundRole.JUROR, _("Membre du jury : évalue les dossiers présentés au jury")),
        ],
        initial=FundRole.REVIEWER,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le rôle de la personne.")},
    )


class AcceptInvitationForm(forms.Form):
    organisation_name = forms.CharField(
        label=_("Votre organisme"),
        max_length=200,
        help_text=_(
            "Par exemple : Commune de Pessac, Centre de gestion des Deux-Sèvres. Il sert à "
            "repérer les dossiers de votre organisme, que vous n'évaluerez pas."
        ),
        error_messages={"required": _("Indiquez votre organisme.")},
    )
    organisation_departement = forms.ChoiceField(
        label=_("Votre département"),
        required=False,
        choices=[("", _("Aucun (organisme national)")), *DEPARTEMENT_CHOICES],
        widget=FastSelect,
        help_text=_(
            "Celui de votre organisme ; certains appels écartent les dossiers de votre département."
        ),
        error_messages={"invalid_choice": _("Choisissez un département de la liste.")},
    )


class AssignForm(forms.Form):
    """Add one reviewer to one dossier of the board; the choices are the stage's pool."""

    application = forms.IntegerField(widget=forms.HiddenInput)
    reviewer = forms.TypedChoiceField(
        label=_("Évaluateur"),
        coerce=int,
        error_messages={
            "required": _("Choisissez la personne à qui confier le dossier."),
            "invalid_choice": _("Choisissez une personne du vivier de l'étape."),
        },
    )

    def __init__(self, *args, pool=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [("", "—"), *((user.pk, str(user)) for user in pool)]


class DecisionNoteForm(forms.Form):
    """The optional reason staff give when confirming or clearing a conflict."""

    note = forms.CharField(
        label=_("Motif (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
