"""Forms of the engagement pages. They check what one form can see (types, required
fields); `accompaniment.services.engagements` checks the money and the terms, and its
refusals are put next to the fields they name."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from essaim.core.formatting import euros
from essaim.core.validators import SensibleDateField
from essaim.funds.forms import EuroField
from essaim.funds.models import Call

DATE_INPUT = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
DATE_INVALID = _("Saisissez une date, par exemple 30/06/2026.")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _date(label, *, required=False, help_text="", required_message=None):
    messages = {"invalid": DATE_INVALID}
    if required_message:
        messages["required"] = required_message
    return SensibleDateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        error_messages=messages,
        **DATE_INPUT,
    )


class NumberField(forms.DecimalField):
    """A value typed the French way (« 1 250,5 »), for an indicator."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        messages = kwargs.pop("error_messages", {})
        kwargs["error_messages"] = {
            "invalid": _("Saisissez un nombre, par exemple 12,5."),
            **messages,
        }
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
            value = value.replace(",", ".")
        return super().to_python(value)


class EngagementForm(forms.Form):
    summary = forms.CharField(
        label=_("Objet de l'engagement"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Le projet, en quelques phrases, et ce qu'il doit changer."),
        error_messages={"required": _("Indiquez l'objet de l'engagement.")},
    )
    fund_commitments = forms.CharField(
        label=_("Ce que le fonds s'engage à apporter"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Indiquez ce que le fonds s'engage à apporter.")},
    )
    team_commitments = forms.CharField(
        label=_("Ce que l'équipe lauréate s'engage à faire"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Indiquez ce que l'équipe s'engage à faire.")},
    )
    starts_on = _date(
        _("Début"), required=True, required_message=_("Indiquez la date de début du projet.")
    )
    ends_on = _date(
        _("Fin"), required=True, required_message=_("Indiquez la date de fin du projet.")
    )
    calendar = forms.CharField(
        label=_("Calendrier"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Les grandes étapes et leurs dates, une par ligne."),
    )
    granted_amount = EuroField(
        label=_("Montant accordé (€)"),
        help_text=_("Le montant total versé à ce lauréat, dans les limites de l'appel."),
        error_messages={
            "invalid": _("Saisissez un montant en euros, par exemple 30 000."),
            "required": _("Indiquez le montant accordé à ce lauréat."),
        },
    )

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        if not call.is_funding:
            del self.fields["granted_amount"]
        else:
            low, high = call.min_amount, call.max_amount
            if low is not None and high is not None:
                self.fields["granted_amount"].help_text = _(
                    "Le montant total versé à ce lauréat : de %(min)s à %(max)s par projet."
                ) % {"min": euros(low), "max": euros(high)}

    def clean_granted_amount(self):
        from ..services.engagements import amount_limit_errors

        amount = self.cleaned_data["granted_amount"]
        if amount is not None:
            errors = amount_limit_errors(self.call, amount)
            if errors:
                raise ValidationError(errors)
        return amount

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("granted_amount", None)
        return data


class IndicatorForm(forms.Form):
    label = forms.CharField(
        label=_("Indicateur"),
        max_length=200,
        error_messages={"required": _("Indiquez ce qui est mesuré.")},
    )
    unit = forms.CharField(
        label=_("Unité"), max_length=50, required=False, help_text=_("Par exemple : minutes, %.")
    )
    baseline = NumberField(label=_("Valeur de départ"), required=False)
    target = NumberField(
        label=_("Cible"), error_messages={"required": _("Indiquez la valeur visée.")}
    )
    target_date = _date(_("Échéance"))


class TrancheForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    planned_on = _date(
        _("Date prévue"), required=True, required_message=_("Indiquez la date prévue du versement.")
    )
    amount = EuroField(
        label=_("Montant (€)"),
        error_messages={
            "invalid": _("Saisissez un montant en euros, par exemple 30 000."),
            "required": _("Indiquez le montant de la tranche."),
        },
    )
    condition = forms.CharField(
        label=_("Condition de versement"),
        max_length=300,
        required=False,
        help_text=_("Par exemple : à la signature, à la remise du prototype."),
    )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise ValidationError(_("Le montant d'une tranche doit être supérieur à zéro."))
        return amount


class _RowsFormSet(forms.BaseFormSet):
    fields: tuple[str, ...] = ()

    def kept_forms(self) -> list:
        """Rows filled in: every initial row, and the extra ones someone typed in."""
        kept = []
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            if index >= self.initial_form_count() and not form.has_changed():
                continue
            kept.append(form)
        return kept

    def rows(self) -> list[dict]:
        return [
            {name: form.cleaned_data.get(name) for name in self.fields}
            for form in self.kept_forms()
        ]


class IndicatorFormSet(_RowsFormSet):
    fields = ("label", "unit", "baseline", "target", "target_date")

    def clean(self):
        super().clean()
        if not any(self.errors) and not self.kept_forms():
            raise ValidationError(_("Indiquez au moins un résultat attendu (indicateur et cible)."))


class TrancheFormSet(_RowsFormSet):
    fields = ("id", "planned_on", "amount", "condition")


def indicator_formset_class(*, extra: int):
    return forms.formset_factory(
        IndicatorForm, formset=IndicatorFormSet, extra=extra, can_delete=True, max_num=30
    )


def tranche_formset_class(*, extra: int):
    return forms.formset_factory(
        TrancheForm, formset=TrancheFormSet, extra=extra, can_delete=True, max_num=30
    )


class SignatureForm(forms.Form):
    signer_name = forms.CharField(
        label=_("Nom du signataire"),
        max_length=150,
        error_messages={"required": _("Indiquez le nom du signataire.")},
    )
    signer_function = forms.CharField(
        label=_("Fonction du signataire"),
        max_length=150,
        error_messages={"required": _("Indiquez la fonction du signataire.")},
    )
    confirm = forms.BooleanField(
        label=_("J'ai lu l'engagement et je le signe au nom de la partie que je représente."),
        error_messages={"required": _("Cochez la case pour confirmer la signature.")},
    )


class PaymentForm(forms.Form):
    paid_on = _date(
        _("Versé le"), required=True, required_message=_("Indiquez la date du versement.")
    )
    paid_amount = EuroField(
        label=_("Montant versé (€)"),
        error_messages={
            "invalid": _("Saisissez un montant en euros, par exemple 30 000."),
            "required": _("Indiquez le montant versé."),
        },
    )


class AmendmentForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'avenant"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Il figure sur l'avenant et dans l'historique des versions."),
        error_messages={"required": _("Indiquez le motif de l'avenant.")},
    )
