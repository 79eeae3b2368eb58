"""Forms of the dossier's sections. Every field is optional while drafting: completeness is
judged at submission (sections.missing_items), so a half-written section can be saved."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from essaim.core.formatting import euros
from essaim.core.validators import explain_text_lengths
from essaim.territory.forms import OrganisationChoiceMixin, organisation_fields

from .models import Application, BudgetLine, TeamMember
from .sections import amount_problem, sections_for


def needed_at_submission(call) -> set[str]:
    needed = {name for section in sections_for(call) for name in section.fields}
    if call.is_funding:
        needed.add("amount_requested")
    return needed


class StartApplicationForm(forms.Form):
    title = forms.CharField(
        label=_("Titre du projet"),
        max_length=200,
        help_text=_("Une phrase courte ; vous pourrez la modifier jusqu'au dépôt."),
    )


class SectionForm(forms.ModelForm):
    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        needed = needed_at_submission(self.instance.call)
        for name, field in self.fields.items():
            field.required = name == "title"
            # Not required to save a draft, but required to submit: no "(facultatif)".
            field.hide_optional = name in needed
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 6)
        explain_text_lengths(self)


class OrganisationSectionForm(OrganisationChoiceMixin, forms.Form):
    """The title and the body carrying the project, chosen in the referential with the
    combobox (see territory.forms.OrganisationChoiceMixin); the section's own view
    (portal.views.organisation) saves it through one service."""

    title = forms.CharField(label=_("Titre du projet"), max_length=200)
    organisation, organisation_query = organisation_fields(_("Organisme qui porte le projet"))

    def __init__(self, data=None, *, instance: Application):
        self.instance = instance
        initial = {"title": instance.title}
        if instance.organisation_id:
            initial["organisation"] = instance.organisation_id
            initial["organisation_query"] = str(instance.organisation)
        else:
            initial["organisation_query"] = instance.organisation_name
        super().__init__(data, initial=initial)
        self.fields["organisation_query"].hide_optional = True  # needed at submission
        explain_text_lengths(self)

    def clean(self):
        cleaned = super().clean()
        organisation = self.resolve_organisation(cleaned)
        call = self.instance.call
        if organisation is not None and not call.accepts_organisation_type(organisation.kind):
            self.add_error(
                "organisation_query",
                _("Cet appel est ouvert aux organismes suivants : %(types)s.")
                % {"types": ", ".join(call.allowed_organisation_type_labels())},
            )
        return cleaned


class ProblemSectionForm(SectionForm):
    class Meta:
        model = Application
        fields = ["theme", "problem", "users_concerned"]
        labels = {
            "theme": _("Thématique"),
            "problem": _("Quel problème observez-vous ?"),
            "users_concerned": _("Qui est concerné ?"),
        }
        help_texts = {
            "problem": _("Décrivez la situation d'aujourd'hui, avec des exemples concrets."),
            "users_concerned": _("Les usagers et les agents touchés, et combien environ."),
        }
        widgets = {"theme": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = self.instance.call.themes.all()
        self.fields["theme"].empty_label = None


class IdeaSectionForm(SectionForm):
    class Meta:
        model = Application
        fields = ["idea", "maturity", "partners"]
        labels = {
            "idea": _("Quelle est votre idée ?"),
            "maturity": _("Où en est le projet ?"),
            "partners": _("Structures partenaires"),
        }
        help_texts = {
            "idea": _("Ce que vous voulez changer, et comment vous comptez vous y prendre."),
            "partners": _(
                "Les autres administrations, services ou collectivités qui s'associent au projet."
            ),
        }
        widgets = {"maturity": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["maturity"].choices = [c for c in self.fields["maturity"].choices if c[0] != ""]


class ImpactSectionForm(SectionForm):
    class Meta:
        model = Application
        fields = ["effect_on_agents", "effect_on_users", "collective_dimension", "reproducibility"]
        labels = {
            "effect_on_agents": _("Quel effet attendez-vous pour les agents ?"),
            "effect_on_users": _("Quel effet attendez-vous pour les usagers ?"),
            "collective_dimension": _("En quoi le projet est-il collectif ?"),
            "reproducibility": _("Comment d'autres pourraient-ils le reproduire ?"),
        }
        help_texts = {
            "collective_dimension": _("Les services, les agents et les élus qui y participent."),
            "reproducibility": _(
                "Ce qu'une autre collectivité ou un autre service devrait réunir pour s'en inspirer."
            ),
        }


class BudgetSectionForm(SectionForm):
    class Meta:
        model = Application
        fields = ["amount_requested"]
        labels = {"amount_requested": _("Montant demandé (en euros)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        call = self.instance.call
        field = self.fields["amount_requested"]
        field.widget = forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})
        if call.min_amount is not None and call.max_amount is not None:
            field.help_text = _("Entre %(min)s et %(max)s pour cet appel.") % {
                "min": euros(call.min_amount),
                "max": euros(call.max_amount),
            }

    def clean_amount_requested(self):
        amount = self.cleaned_data.get("amount_requested")
        call = self.instance.call
        problem = amount_problem(call, amount)
        if problem:
            raise forms.ValidationError(problem)
        return amount


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["label", "amount"]
        labels = {"label": _("Poste de dépense"), "amount": _("Montant (en euros)")}
        widgets = {"amount": forms.NumberInput(attrs={"step": "0.01", "min": "0"})}


class BaseBudgetLineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        self.total = sum(
            (
                form.cleaned_data["amount"]
                for form in self.forms
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and form.cleaned_data.get("amount") is not None
            ),
            Decimal("0"),
        )


BudgetLineFormSet = forms.inlineformset_factory(
    Application,
    BudgetLine,
    form=BudgetLineForm,
    formset=BaseBudgetLineFormSet,
    extra=2,
    can_delete=True,
    max_num=30,
)


SECTION_FORMS = {
    "organisation": OrganisationSectionForm,
    "problem": ProblemSectionForm,
    "idea": IdeaSectionForm,
    "impact": ImpactSectionForm,
    "budget": BudgetSectionForm,
}


class TeamMemberForm(forms.ModelForm):
    invite = forms.BooleanField(
        label=_("Lui permettre de modifier le dossier avec moi"),
        help_text=_("Une invitation lui est envoyée par e-mail ; elle crée son compte si besoin."),
        required=False,
    )

    class Meta:
        model = TeamMember
        fields = ["full_name", "job_title", "project_role", "email"]
        labels = {
            "full_name": _("Prénom et nom"),
            "job_title": _("Fonction"),
            "project_role": _("Rôle dans le projet"),
            "email": _("Adresse e-mail"),
        }
        help_texts = {
            "job_title": _("Par exemple : agent d'accueil, directrice des ressources humaines."),
            "project_role": _("Par exemple : référente usagers, pilote du prototype."),
            "email": _(
                "Facultative pour un membre de l'équipe ; nécessaire pour inviter la personne à "
                "modifier le dossier."
            ),
        }

    def __init__(self, *args, allow_invite=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project_role"].required = False
        self.fields["email"].required = False
        if not allow_invite:
            del self.fields["invite"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("invite") and not cleaned.get("email"):
            self.add_error("email", _("Indiquez son adresse e-mail pour l'inviter."))
        return cleaned


class SubmitForm(forms.Form):
    declaration = forms.BooleanField(
        label=_(
            "Je certifie que les informations de ce dossier sont exactes et que mon organisme "
            "soutient sa candidature."
        ),
        error_messages={"required": _("Cochez la déclaration pour déposer le dossier.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi retirez-vous ce dossier ?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Indiquez le motif du retrait.")},
    )
