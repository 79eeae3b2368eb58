"""Forms of the staff set-up of the accompaniment: template phases, cohorts, invitations of
coaches and evaluators, placing a laureate, finishing. They check what one form can see;
the services check the rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from essaim.core.formatting import day
from essaim.core.validators import SensibleDateField
from essaim.core.widgets import FastSelect
from essaim.funds.enums import FundRole

from ..services.setup import MAX_WEEKS

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_INVALID = _("Saisissez une date, par exemple 02/03/2026.")


def _date_field(label, required_message):
    return SensibleDateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_INVALID, "required": required_message},
    )


class PhaseTemplateForm(forms.Form):
    name = forms.CharField(
        label=_("Nom de la phase"),
        max_length=200,
        error_messages={"required": _("Indiquez le nom de la phase.")},
    )
    default_weeks = forms.IntegerField(
        label=_("Durée prévue, en semaines"),
        min_value=1,
        max_value=MAX_WEEKS,
        initial=4,
        widget=forms.NumberInput(attrs={"class": "input--short"}),
        error_messages={
            "required": _("Indiquez la durée de la phase en semaines."),
            "invalid": _("Saisissez un nombre entier de semaines, par exemple 4."),
            "min_value": _("Indiquez au moins 1 semaine."),
            "max_value": _("Indiquez au plus %(limit_value)s semaines."),
        },
    )
    deliverables = forms.CharField(
        label=_("Livrables attendus"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Un livrable par ligne, par exemple « Synthèse des entretiens »."),
    )

    def __init__(self, *args, phase=None, **kwargs):
        if phase is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": phase.name,
                    "default_weeks": phase.default_weeks,
                    "deliverables": phase.deliverables,
                },
            )
        super().__init__(*args, **kwargs)


class CohortForm(forms.Form):
    name = forms.CharField(
        label=_("Nom de la cohorte"),
        max_length=100,
        help_text=_("Par exemple « Printemps » ou « Été »."),
        error_messages={"required": _("Indiquez le nom de la cohorte, par exemple « Printemps ».")},
    )
    starts_on = _date_field(_("Début"), _("Indiquez la date de début."))
    ends_on = _date_field(_("Fin"), _("Indiquez la date de fin."))

    def __init__(self, *args, cohort=None, **kwargs):
        if cohort is not None:
            kwargs.setdefault(
                "initial",
                {"name": cohort.name, "starts_on": cohort.starts_on, "ends_on": cohort.ends_on},
            )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La fin doit venir après le début."))
        return data


class AccompanimentInvitationForm(forms.Form):
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
        initial=FundRole.COACH,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez le rôle de la personne."),
            "invalid_choice": _("Choisissez un rôle de la liste."),
        },
    )

    def __init__(self, *args, with_evaluator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (FundRole.COACH, _("Accompagnant : conduit l'accompagnement des lauréats confiés"))
        ]
        if with_evaluator:
            choices.append(
                (
                    FundRole.EVALUATOR,
                    _("Évaluateur indépendant : écrit l'évaluation apprenante des lauréats"),
                )
            )
        self.fields["role"].choices = choices


class PlacementForm(forms.Form):
    """Cohort, coach and (where the call wants one) evaluator of one laureate.

    Built from lists loaded once per page (`cohorts`, `coaches`, `evaluators`), so that a
    page with one form per laureate runs a fixed number of queries.
    """

    cohort = forms.TypedChoiceField(
        label=_("Cohorte"),
        coerce=int,
        required=False,
        widget=FastSelect,
        error_messages={"invalid_choice": _("Choisissez une cohorte de la liste.")},
    )
    coach = forms.TypedChoiceField(
        label=_("Accompagnant"),
        coerce=int,
        widget=FastSelect,
        error_messages={
            "required": _("Choisissez l'accompagnant du lauréat."),
            "invalid_choice": _("Choisissez un accompagnant de la liste."),
        },
    )
    evaluator = forms.TypedChoiceField(
        label=_("Évaluateur indépendant"),
        coerce=int,
        widget=FastSelect,
        error_messages={
            "required": _("Choisissez l'évaluateur indépendant du lauréat."),
            "invalid_choice": _("Choisissez un évaluateur de la liste."),
        },
    )

    def __init__(
        self,
        *args,
        cohorts,
        coaches,
        evaluators,
        coach_required: bool,
        with_evaluator: bool,
        accompaniment=None,
        **kwargs,
    ):
        if accompaniment is not None:
            kwargs.setdefault(
                "initial",
                {
                    "cohort": accompaniment.cohort_id,
                    "coach": accompaniment.coach_id,
                    "evaluator": accompaniment.evaluator_id,
                },
            )
        super().__init__(*args, **kwargs)
        self._objects = {
            "cohort": {c.pk: c for c in cohorts},
            "coach": {u.pk: u for u in coaches},
            "evaluator": {u.pk: u for u in evaluators},
        }
        self.fields["cohort"].choices = [("", _("Sans cohorte : commence aujourd'hui"))] + [
            (c.pk, f"{c.name} ({day(c.starts_on)} – {day(c.ends_on)})") for c in cohorts
        ]
        self.fields["coach"].required = coach_required
        self.fields["coach"].choices = [
            ("", _("Choisissez") if coach_required else _("Sans accompagnant"))
        ] + [(u.pk, str(u)) for u in coaches]
        if with_evaluator:
            self.fields["evaluator"].choices = [("", _("Choisissez"))] + [
                (u.pk, str(u)) for u in evaluators
            ]
        else:
            del self.fields["evaluator"]

    def objects(self) -> dict:
        """The chosen cohort, coach and evaluator as objects (None when left empty)."""
        return {
            name: self._objects[name].get(self.cleaned_data.get(name))
            for name in ("cohort", "coach", "evaluator")
        }


class FinishForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi l'accompagnement s'arrête-t-il avant la fin des phases ?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Conservé dans l'historique du dossier."),
        error_messages={
            "required": _(
                "Des phases ne sont pas terminées : indiquez pourquoi l'accompagnement "
                "s'arrête quand même."
            )
        },
    )

    def __init__(self, *args, unfinished: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = unfinished
