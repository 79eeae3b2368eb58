"""Forms of the back-office for funds and calls. They check what one form can see; the
services in `funds.services` check the rules again and save.

Model forms here are given a *copy* of the object they edit, so that validating a form
never changes the instance the view hands to the service (which compares before/after to
write its audit row).
"""

import copy
import re
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essaim.core import uploads
from essaim.core.validators import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    SensibleDateField,
    sensible_date,
)
from essaim.territory.enums import OrganisationType

from . import services
from .enums import StageKind, SupportKind
from .models import DEFAULT_RETENTION_MONTHS, Call, CallStage, Fund, Theme

PARIS = ZoneInfo("Europe/Paris")
MAX_LOGO_BYTES = 1024 * 1024
SLUG_INVALID = _("Utilisez seulement des lettres minuscules, des chiffres et des tirets.")
LOGO_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


class ParisDateTimeField(forms.DateTimeField):
    """A date and time typed and shown in Europe/Paris, whatever the active time zone, in a
    native `<input type="datetime-local">` (which works without JavaScript)."""

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H h %M"]
    default_validators = [sensible_date]

    def __init__(self, *, required_message=None, **kwargs):
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        )
        messages = {"invalid": _("Saisissez une date et une heure, par exemple 30/06/2024 23:59.")}
        if required_message:
            messages["required"] = required_message
        kwargs.setdefault("error_messages", messages)
        super().__init__(**kwargs)

    def to_python(self, value):
        with timezone.override(PARIS):
            return super().to_python(value)

    def prepare_value(self, value):
        with timezone.override(PARIS):
            return super().prepare_value(value)


class EuroField(forms.DecimalField):
    """An amount in euros typed the French way: « 30 000 », « 1 250,50 », « 120000 € »."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "input--amount"})
        )
        kwargs.setdefault(
            "error_messages", {"invalid": _("Saisissez un montant en euros, par exemple 30 000.")}
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f€]", "", value).replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            try:
                whole = value == value.to_integral_value()
            except InvalidOperation:
                return value
            return f"{value:.0f}" if whole else f"{value:.2f}".replace(".", ",")
        return value


# --- funds ---------------------------------------------------------------------------------


class FundForm(forms.ModelForm):
    website = forms.URLField(
        label=_("Site web"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Adresse complète, par exemple https://www.exemple.fr."),
        error_messages={
            "invalid": _("Saisissez une adresse web complète, par exemple https://www.exemple.fr.")
        },
    )
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("Une image PNG, JPEG, WebP ou GIF de 1 Mo au plus."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
    )
    remove_logo = forms.BooleanField(label=_("Retirer le logo actuel"), required=False)

    class Meta:
        model = Fund
        fields = list(services.FUND_FIELDS)
        labels = {
            "name": _("Nom du fonds"),
            "operator": _("Opérateur"),
            "tagline": _("Accroche"),
            "description": _("Présentation"),
            "partners": _("Partenaires"),
            "contact_email": _("Adresse e-mail de contact"),
            "reference_prefix": _("Préfixe des références des dossiers"),
            "accent_colour": _("Couleur d'accent"),
            "retention_months": _("Conservation des dossiers non retenus (en mois)"),
        }
        help_texts = {
            "tagline": _("Une phrase affichée sous le nom du fonds."),
            "partners": _("Par exemple : AMF, SNDGCT."),
            "reference_prefix": _(
                "De 2 à 8 lettres majuscules ou chiffres, par exemple MNT pour MNT-2024-06-0012. "
                "Seuls les dossiers déposés ensuite prennent le nouveau préfixe."
            ),
            "retention_months": _(
                "Après ce délai, compté depuis la décision (ou la dernière modification d'un "
                "brouillon), les noms, adresses e-mail et pièces jointes des dossiers non "
                "retenus, retirés ou jamais déposés sont effacés ; les lauréats ne sont pas "
                "concernés. Vide : 36 mois."
            ),
            "accent_colour": _(
                "Au format #RRVVBB, par exemple #1f4e79. Le texte reste lisible : la "
                "plateforme fonce la couleur si le contraste ne suffit pas."
            ),
        }
        error_messages = {
            "name": {"required": _("Indiquez le nom du fonds.")},
            "operator": {"required": _("Indiquez l'opérateur du fonds.")},
            "reference_prefix": {"required": _("Indiquez le préfixe des références.")},
            "accent_colour": {"required": _("Indiquez la couleur d'accent, par exemple #1f4e79.")},
            "retention_months": {
                "required": _("Indiquez la durée de conservation, en mois, par exemple 36."),
                "invalid": _("Indiquez un nombre entier de mois, par exemple 36."),
                "min_value": _("La durée de conservation est d'au moins 1 mois."),
                "max_value": _("La durée de conservation ne peut pas dépasser 120 mois (10 ans)."),
            },
            "contact_email": {
                "invalid": _("Saisissez une adresse e-mail, par exemple contact@exemple.fr.")
            },
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "accent_colour": forms.TextInput(
                attrs={"class": "input--short", "spellcheck": "false", "autocomplete": "off"}
            ),
            "reference_prefix": forms.TextInput(
                attrs={"class": "input--short", "spellcheck": "false", "autocomplete": "off"}
            ),
        }

    def __init__(self, *args, instance: Fund | None = None, **kwargs):
        super().__init__(*args, instance=copy.copy(instance) if instance else None, **kwargs)
        if not (instance and instance.logo):
            del self.fields["remove_logo"]
        # RGPD retention (essaim.privacy.retention): left empty, the default period applies
        self.fields["retention_months"].required = False

    def clean_reference_prefix(self):
        prefix = (self.cleaned_data.get("reference_prefix") or "").strip().upper()
        others = Fund.objects.filter(reference_prefix=prefix)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        if prefix and others.exists():
            raise ValidationError(
                _("Un autre fonds utilise déjà ce préfixe : les références se confondraient.")
            )
        return prefix

    def clean_retention_months(self):
        value = self.cleaned_data.get("retention_months")
        return DEFAULT_RETENTION_MONTHS if value is None else value

    def clean_accent_colour(self):
        return (self.cleaned_data.get("accent_colour") or "").strip().lower()

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo:
            return logo
        if logo.size > MAX_LOGO_BYTES:
            raise ValidationError(_("Le logo pèse plus de 1 Mo : réduisez-le avant de l'envoyer."))
        image = getattr(logo, "image", None)
        if image is not None and image.format not in LOGO_FORMATS:
            raise ValidationError(_("Le logo doit être une image PNG, JPEG, WebP ou GIF."))
        # The platform's one upload checker: type from the bytes, polyglots, clean name.
        try:
            checked = uploads.inspect_upload(logo, max_bytes=MAX_LOGO_BYTES, accept=uploads.IMAGES)
        except uploads.UploadRefused as exc:
            raise ValidationError(str(exc)) from exc
        logo.name = checked.name
        return logo

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in services.FUND_FIELDS}
        if self.cleaned_data.get("logo"):
            data["logo"] = self.cleaned_data["logo"]
        elif self.cleaned_data.get("remove_logo"):
            data["logo"] = False
        return data


class FundCreateForm(FundForm):
    class Meta(FundForm.Meta):
        fields = ["slug", *services.FUND_FIELDS, "is_published"]
        labels = {
            **FundForm.Meta.labels,
            "slug": _("Identifiant dans l'adresse"),
            "is_published": _("Publier le fonds sur le site"),
        }
        error_messages = {
            **FundForm.Meta.error_messages,
            "slug": {
                "required": _("Indiquez l'identifiant du fonds dans l'adresse."),
                "invalid": SLUG_INVALID,
                "unique": _("Un autre fonds utilise déjà cet identifiant."),
            },
        }
        help_texts = {
            **FundForm.Meta.help_texts,
            "slug": _("Lettres minuscules, chiffres et tirets, par exemple mnt pour /fonds/mnt/."),
        }

    def service_data(self) -> dict:
        data = super().service_data()
        data["slug"] = self.cleaned_data["slug"]
        data["is_published"] = self.cleaned_data["is_published"]
        return data


# --- calls ---------------------------------------------------------------------------------


# (field, least, most) of the call's numbers
NUMBER_RANGES = (
    ("year", EARLIEST_YEAR, LATEST_YEAR),
    ("edition", 1, 999),
    ("accompaniment_months", 1, 120),
    ("max_laureates", 1, 999),
)


class CallForm(forms.ModelForm):
    opens_at = ParisDateTimeField(
        label=_("Ouverture des candidatures"),
        help_text=_("Date et heure de Paris."),
        required_message=_("Indiquez la date et l'heure d'ouverture."),
    )
    closes_at = ParisDateTimeField(
        label=_("Clôture des candidatures"),
        help_text=_("Date et heure de Paris. Un dossier se dépose jusqu'à cette minute."),
        required_message=_("Indiquez la date et l'heure de clôture."),
    )
    allowed_organisation_types = forms.MultipleChoiceField(
        label=_("Organismes admis"),
        choices=OrganisationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ne cochez rien pour ouvrir l'appel à tous les organismes publics."),
    )
    support_kind = forms.ChoiceField(
        label=_("Nature du soutien"),
        choices=SupportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la nature du soutien apporté.")},
    )
    min_amount = EuroField(
        label=_("Montant minimum par projet (€)"),
        required=False,
        help_text=_("Appels avec financement seulement."),
    )
    max_amount = EuroField(
        label=_("Montant maximum par projet (€)"),
        required=False,
        help_text=_("Appels avec financement seulement."),
    )
    envelope = EuroField(
        label=_("Enveloppe totale (€)"),
        required=False,
        max_digits=14,
        help_text=_("Appels avec financement seulement."),
    )

    class Meta:
        model = Call
        fields = list(services.CALL_FIELDS)
        labels = {
            "title": _("Titre de l'appel"),
            "slug": _("Identifiant dans l'adresse"),
            "year": _("Année"),
            "edition": _("Numéro d'édition"),
            "summary": _("Résumé"),
            "description": _("Présentation"),
            "audience": _("Qui peut candidater"),
            "benefits": _("Ce que reçoivent les lauréats"),
            "how_to_apply": _("Comment candidater"),
            "requires_hierarchical_support": _("Le soutien hiérarchique est obligatoire"),
            "requires_partners": _("Plusieurs structures partenaires sont demandées"),
            "eligibility_rules": _("Critères de recevabilité"),
            "accompaniment_months": _("Durée de l'accompagnement (mois)"),
            "max_laureates": _("Nombre maximum de lauréats"),
            "has_independent_evaluation": _(
                "Chaque lauréat est suivi par un évaluateur indépendant"
            ),
            "is_published": _("Publier l'appel sur le site"),
        }
        help_texts = {
            "summary": _("Deux lignes au plus, affichées dans la liste des appels."),
            "eligibility_rules": _(
                "Un critère par ligne ; ils forment la liste de vérification de la recevabilité."
            ),
            "is_published": _(
                "Un appel publié est visible de tous ; il reçoit des dossiers entre son "
                "ouverture et sa clôture."
            ),
        }
        error_messages = {
            "title": {"required": _("Indiquez le titre de l'appel.")},
            "slug": {
                "required": _("Indiquez l'identifiant de l'appel dans l'adresse."),
                "invalid": SLUG_INVALID,
            },
            "year": {"required": _("Indiquez l'année de l'appel.")},
            "edition": {"required": _("Indiquez le numéro d'édition.")},
            "summary": {"required": _("Écrivez un résumé de l'appel.")},
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "audience": forms.Textarea(attrs={"rows": 4}),
            "benefits": forms.Textarea(attrs={"rows": 4}),
            "how_to_apply": forms.Textarea(attrs={"rows": 4}),
            "eligibility_rules": forms.Textarea(attrs={"rows": 5}),
            "year": forms.NumberInput(attrs={"class": "input--short"}),
            "edition": forms.NumberInput(attrs={"class": "input--short"}),
        }

    def __init__(self, *args, instance: Call, **kwargs):
        self.fund = instance.fund
        self.original_pk = instance.pk
        super().__init__(*args, instance=copy.copy(instance), **kwargs)
        # the reference (MNT-2024-06-…) and the dashboards read these: no 0 nor 20266
        for name, low, high in NUMBER_RANGES:
            field = self.fields[name]
            field.min_value, field.max_value = low, high
            field.widget.attrs.update(min=low, max=high)
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
        if instance.pk is not None and services.call_is_under_way(instance):
            for name in ("opens_at", "closes_at"):
                self.fields[name].disabled = True
            self.fields["closes_at"].help_text = _(
                "L'appel est ouvert : pour repousser la clôture, utilisez « Prolonger la "
                "clôture », qui garde la trace du motif."
            )
            self.fields["opens_at"].help_text = _("L'appel est ouvert : l'ouverture est acquise.")

    def clean(self):
        cleaned = super().clean()
        rules = {
            **services.call_calendar_errors(
                opens_at=cleaned.get("opens_at"), closes_at=cleaned.get("closes_at")
            ),
            **services.call_amount_errors(
                support_kind=cleaned.get("support_kind"),
                min_amount=cleaned.get("min_amount"),
                max_amount=cleaned.get("max_amount"),
                envelope=cleaned.get("envelope"),
            ),
            **services.call_identity_errors(
                fund=self.fund,
                call_pk=self.original_pk,
                slug=cleaned.get("slug") or "",
                year=cleaned.get("year"),
                edition=cleaned.get("edition"),
            ),
        }
        for name, message in rules.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def service_data(self) -> dict:
        """The typed values; a disabled field (an open call's calendar) is left out rather
        than sent back as its display value, which has lost its seconds."""
        return {
            name: self.cleaned_data[name]
            for name in services.CALL_FIELDS
            if not self.fields[name].disabled
        }


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = list(services.THEME_FIELDS)
        labels = {"title": _("Intitulé"), "description": _("Description"), "position": _("Ordre")}
        error_messages = {"title": {"required": _("Indiquez l'intitulé de la thématique.")}}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "position": forms.NumberInput(attrs={"class": "input--short"}),
        }


class StageForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("Étape"),
        choices=[("", _("Choisissez une étape")), *StageKind.choices],
        error_messages={"required": _("Choisissez l'étape.")},
    )

    class Meta:
        model = CallStage
        fields = list(services.STAGE_FIELDS)
        labels = {
            "title": _("Intitulé"),
            "description": _("Description"),
            "starts_on": _("Début"),
            "ends_on": _("Fin"),
            "position": _("Ordre"),
        }
        help_texts = {"title": _("Laissez vide pour l'intitulé standard de l'étape.")}
        field_classes = {"starts_on": SensibleDateField, "ends_on": SensibleDateField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "position": forms.NumberInput(attrs={"class": "input--short"}),
        }

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La fin de l'étape doit suivre son début."))
        return cleaned


class _ChildFormSet(forms.BaseInlineFormSet):
    fields: tuple[str, ...] = ()

    def __init__(self, *args, instance: Call, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)

    def validate_unique(self):
        # uniqueness of stage kinds is said in French by clean() and by the service
        return None

    def rows(self) -> list[dict]:
        """The kept rows as the service wants them: dicts of fields, `id` for existing ones."""
        rows = []
        for form in self.forms:
            if form.instance.pk is None and not form.has_changed():
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            row = {name: form.cleaned_data.get(name) for name in self.fields}
            if form.instance.pk is not None:
                row["id"] = form.instance.pk
            rows.append(row)
        return rows


class BaseThemeFormSet(_ChildFormSet):
    fields = services.THEME_FIELDS


class BaseStageFormSet(_ChildFormSet):
    fields = services.STAGE_FIELDS

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        for message in services.stage_errors(self.rows()):
            raise ValidationError(message)


def theme_formset_class(*, extra: int):
    return forms.inlineformset_factory(
        Call, Theme, form=ThemeForm, formset=BaseThemeFormSet, extra=extra, can_delete=True
    )


def stage_formset_class(*, extra: int):
    return forms.inlineformset_factory(
        Call, CallStage, form=StageForm, formset=BaseStageFormSet, extra=extra, can_delete=True
    )


# --- deadline extension ----------------------------------------------------------------------


class DeadlineExtensionForm(forms.Form):
    new_closes_at = ParisDateTimeField(
        label=_("Nouvelle clôture"),
        help_text=_("Date et heure de Paris, après la clôture actuelle."),
        required_message=_("Indiquez la nouvelle date et heure de clôture."),
    )
    reason = forms.CharField(
        label=_("Motif de la prolongation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Il est gardé dans le journal de l'appel."),
        error_messages={"required": _("Indiquez le motif de la prolongation.")},
    )

    def __init__(self, *args, call: Call, **kwargs):
        self.call = call
        super().__init__(*args, **kwargs)

    def clean_new_closes_at(self):
        value = self.cleaned_data["new_closes_at"]
        if value <= self.call.closes_at:
            from essaim.core.templatetags.essaim import when

            raise ValidationError(
                _("La nouvelle clôture doit être postérieure à la clôture actuelle (%(current)s).")
                % {"current": when(self.call.closes_at)}
            )
        return value

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Indiquez le motif de la prolongation."))
        return reason
