"""Forms of an innovation sheet: starting it from a dossier, its text, its figures and
contacts (formsets), a resource to add."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from essaim.applications.uploads import ACCEPT_ATTRIBUTE, ACCEPTED_LABELS
from essaim.core.validators import explain_text_lengths
from essaim.territory.forms import OrganisationChoiceMixin, organisation_fields

from ..enums import ResourceKind, Topic
from ..models import Innovation
from ..services.sheets import resource_add, sheet_update

TEXT_LIMITS = {
    "problem": 6000,
    "solution": 6000,
    "results": 6000,
    "steps": 6000,
    "skills": 3000,
    "pitfalls": 4000,
}
ONE_PER_LINE = _("Une idée par ligne : elles s'affichent en liste.")


class SheetStartForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Thème de l'innovation"),
        choices=[("", "—"), *list(Topic.choices)],
        help_text=_("Le thème sous lequel le catalogue la classe."),
    )


def _url_fields_assume_https(field, **kwargs):
    # An address typed without a scheme ("pessac.fr/accueil") is read as https, as Django 6
    # will do by default.
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SheetForm(OrganisationChoiceMixin, forms.ModelForm):
    """The sheet's text. The organisation gives the place and the département."""

    organisation, organisation_query = organisation_fields(_("Organisme porteur"), required=False)

    class Meta:
        model = Innovation
        formfield_callback = _url_fields_assume_https
        fields = [
            "title",
            "summary",
            "topic",
            "problem",
            "solution",
            "results",
            "steps",
            "duration",
            "cost",
            "skills",
            "pitfalls",
            "licence",
            "year",
            "source_url",
        ]
        labels = {
            "title": _("Titre"),
            "summary": _("Résumé"),
            "topic": _("Thème"),
            "problem": _("Le problème"),
            "solution": _("Ce qui a été construit"),
            "results": _("Les résultats"),
            "steps": _("Les étapes pour le reproduire"),
            "duration": _("Durée"),
            "cost": _("Coût"),
            "skills": _("Compétences mobilisées"),
            "pitfalls": _("Pièges à éviter"),
            "licence": _("Licence"),
            "year": _("Année"),
            "source_url": _("Source (adresse web)"),
        }
        help_texts = {
            "summary": _("Deux ou trois phrases : ce que la fiche apprend à un autre organisme."),
            "problem": _("Ce qui n'allait pas, pour qui, et comment vous l'avez constaté."),
            "solution": _("Le service, l'outil ou l'organisation mis en place."),
            "results": _("Ce qui a changé ; les chiffres se saisissent plus bas."),
            "steps": ONE_PER_LINE,
            "duration": _("Par exemple : 4 mois, dont 6 semaines d'entretiens."),
            "cost": _("Par exemple : 15 000 € et 20 jours d'agents."),
            "skills": ONE_PER_LINE,
            "pitfalls": ONE_PER_LINE,
            "licence": _("La Licence Ouverte 2.0 permet à tous de réutiliser la fiche."),
            "source_url": _("Pour une innovation hors du fonds : où elle est décrite."),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 6}),
            "solution": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 5}),
            "steps": forms.Textarea(attrs={"rows": 6}),
            "skills": forms.Textarea(attrs={"rows": 3}),
            "pitfalls": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, external: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not external:
            # a laureate's sheet takes its year from the call and has no outside source
            del self.fields["year"]
            del self.fields["source_url"]
        instance = self.instance
        if instance.pk and instance.organisation_id:
            self.initial.setdefault("organisation", instance.organisation_id)
            self.initial.setdefault("organisation_query", str(instance.organisation))
        for name in ("title", "summary", "problem", "solution"):
            self.fields[name].required = True
        # a sheet is read on a screen: long enough for any story, not for a pasted report
        for name, limit in TEXT_LIMITS.items():
            field = self.fields[name]
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
        explain_text_lengths(self)

    def clean(self):
        cleaned = super().clean()
        self.resolve_organisation(cleaned)
        if self.needs_choice:
            self.add_error(
                "organisation_query",
                _(
                    "Plusieurs organismes correspondent à « %(query)s » : précisez avec le "
                    "code postal ou le code INSEE."
                )
                % {"query": cleaned.get("organisation_query")},
            )
        return cleaned

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        data["organisation"] = self.cleaned_data.get("organisation")
        return data


class FigureForm(forms.Form):
    label = forms.CharField(label=_("Indicateur"), max_length=200, required=False)
    value = forms.CharField(label=_("Valeur"), max_length=100, required=False)
    detail = forms.CharField(
        label=_("Précision"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : au lieu de 9."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("label") and not cleaned.get("value"):
            self.add_error("value", _("Indiquez la valeur de cet indicateur."))
        if cleaned.get("value") and not cleaned.get("label"):
            self.add_error("label", _("Nommez l'indicateur de cette valeur."))
        return cleaned


class ContactForm(forms.Form):
    full_name = forms.CharField(label=_("Prénom et nom"), max_length=150, required=False)
    job_title = forms.CharField(label=_("Fonction"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        required=False,
        help_text=_("Jamais affichée : les messages passent par la plateforme."),
    )

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("job_title") or cleaned.get("email")) and not cleaned.get("full_name"):
            self.add_error("full_name", _("Indiquez le prénom et le nom de ce contact."))
        if cleaned.get("full_name") and not cleaned.get("job_title"):
            self.add_error("job_title", _("Indiquez la fonction de ce contact."))
        return cleaned


FigureFormSet = forms.formset_factory(FigureForm, extra=2, max_num=20)
ContactFormSet = forms.formset_factory(ContactForm, extra=1, max_num=10)


def figures_initial(innovation: Innovation) -> list[dict]:
    return [
        {"label": f.label, "value": f.value, "detail": f.detail} for f in innovation.figures.all()
    ]


def contacts_initial(innovation: Innovation) -> list[dict]:
    return [
        {"full_name": c.full_name, "job_title": c.job_title, "email": c.email}
        for c in innovation.contacts.all()
    ]


def formset_rows(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if form.cleaned_data]


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=ResourceKind.choices)
    title = forms.CharField(
        label=_("Titre"),
        max_length=200,
        required=False,
        help_text=_("Par défaut, le nom du fichier."),
    )
    file = forms.FileField(
        label=_("Fichier"),
        required=False,
        help_text=_("%(types)s ; une photo en PNG ou JPEG.") % {"types": ACCEPTED_LABELS},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    url = forms.CharField(
        label=_("Ou un lien"),
        max_length=200,
        required=False,
        help_text=_("Une adresse qui commence par https://"),
        widget=forms.URLInput,
    )


class SheetEditing:
    """The sheet's form with its figures and contacts formsets, bound together.

    `save(actor)` calls the service; a refusal is put next to the fields it names."""

    def __init__(self, request, innovation: Innovation):
        posted = request.method == "POST"
        data = request.POST if posted else None
        self.innovation = innovation
        self.form = SheetForm(data, instance=innovation, external=innovation.is_external)
        self.figures = FigureFormSet(
            data, prefix="figures", initial=None if posted else figures_initial(innovation)
        )
        self.contacts = ContactFormSet(
            data, prefix="contacts", initial=None if posted else contacts_initial(innovation)
        )

    # --- looks like a form to core/includes/error_summary.html ---
    @property
    def errors(self) -> bool:
        return bool(self.form.errors) or any(
            fs.total_error_count() for fs in (self.figures, self.contacts)
        )

    def non_field_errors(self) -> list:
        errors = list(self.form.non_field_errors())
        for formset in (self.figures, self.contacts):
            errors.extend(formset.non_form_errors())
            for form in formset.forms:
                errors.extend(form.non_field_errors())
        return errors

    def __iter__(self):
        yield from self.form
        for formset in (self.figures, self.contacts):
            for form in formset.forms:
                yield from form

    def is_valid(self) -> bool:
        # every part is judged, so that all the errors show at once
        return all([self.form.is_valid(), self.figures.is_valid(), self.contacts.is_valid()])

    def save(self, actor) -> Innovation | None:
        try:
            return sheet_update(
                innovation=self.innovation,
                actor=actor,
                data=self.form.service_data(),
                figures=formset_rows(self.figures),
                contacts=formset_rows(self.contacts),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    target = name if name in self.form.fields else None
                    for error in errors:
                        self.form.add_error(target, error)
            else:
                for message in exc.messages:
                    self.form.add_error(None, message)
            return None


def submit_resource(form: ResourceForm, *, innovation: Innovation, actor):
    """Add the resource described by a valid `form` through the service; a refusal goes
    next to its field. Returns the resource, or None."""
    data = form.cleaned_data
    try:
        return resource_add(
            innovation=innovation,
            actor=actor,
            kind=data["kind"],
            title=data.get("title") or "",
            upload=data.get("file"),
            url=data.get("url") or "",
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            for message in exc.messages:
                form.add_error(None, message)
        return None
