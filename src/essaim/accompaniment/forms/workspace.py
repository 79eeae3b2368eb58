"""Forms of the shared workspace: journal, documents and evidence, milestones, moving
phases, evaluation reports. They check the shape of what is typed; the services check the
rest (file content, who may own a milestone) and the views put a refusal beside its field."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from essaim.applications.uploads import ACCEPT_ATTRIBUTE, ACCEPTED_LABELS, format_size
from essaim.core.validators import SensibleDateField

from ..enums import MilestoneStatus
from ..services.evaluation import FIELD_MAX_LENGTH
from ..services.timeline import REASON_MAX_LENGTH, SETTABLE_STATUSES
from ..services.workspace import JOURNAL_MAX_LENGTH, TITLE_MAX_LENGTH, URL_MAX_LENGTH


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_field(label, **kwargs):
    return SensibleDateField(
        label=label,
        widget=_date_widget(),
        error_messages={
            "invalid": gettext_lazy("Indiquez une date valide, par exemple 15/04/2026.")
        },
        **kwargs,
    )


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects already loaded: no query per option nor for validation."""

    def __init__(self, *, objects, label_of=str, empty_label, **kwargs):
        self.objects = {str(obj.pk): obj for obj in objects}
        choices = [("", empty_label)] + [(obj.pk, label_of(obj)) for obj in objects]
        super().__init__(choices=choices, required=False, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if str(value) not in self.objects:
            raise forms.ValidationError(_("Choisissez une valeur dans la liste."))
        return self.objects[str(value)]

    def validate(self, value):
        pass


def _phase_field(phases, *, empty_label):
    return ObjectChoiceField(
        objects=phases,
        label_of=lambda p: p.name,
        empty_label=empty_label,
        label=gettext_lazy("Phase"),
    )


class JournalForm(forms.Form):
    body = forms.CharField(
        # the context keeps allauth's French catalogue from reading "Note" as "Remarque"
        label=pgettext_lazy("journal", "Note"),
        help_text=gettext_lazy(
            "Ce qui s'est passé, ce qui est décidé, ce qui bloque. L'équipe, l'accompagnant, "
            "l'évaluateur et l'équipe du fonds la liront."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=JOURNAL_MAX_LENGTH,
        error_messages={"required": gettext_lazy("Écrivez la note avant de l'enregistrer.")},
    )

    def __init__(self, *args, phases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"] = _phase_field(
            phases, empty_label=_("L'accompagnement dans son ensemble")
        )
        self.order_fields(["phase", "body"])


class DocumentForm(forms.Form):
    """A file or a link, the one or the other."""

    title = forms.CharField(
        label=gettext_lazy("Titre"),
        help_text=gettext_lazy("Par exemple : « Synthèse des entretiens usagers »."),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": gettext_lazy("Donnez un titre au document.")},
    )
    file = forms.FileField(
        label=gettext_lazy("Fichier"),
        required=False,
        error_messages={
            "empty": gettext_lazy("Le fichier choisi est vide : choisissez-en un autre."),
            "invalid": gettext_lazy("Aucun fichier n'a été reçu : choisissez-le à nouveau."),
        },
    )
    url = forms.CharField(
        label=gettext_lazy("Ou un lien"),
        help_text=gettext_lazy(
            "L'adresse d'un document en ligne (espace partagé, vidéo…), qui commence par https://."
        ),
        max_length=URL_MAX_LENGTH,
        required=False,
        widget=forms.URLInput(),
    )

    def __init__(self, *args, phases=None, **kwargs):
        super().__init__(*args, **kwargs)
        file_field = self.fields["file"]
        file_field.widget.attrs["accept"] = ACCEPT_ATTRIBUTE
        file_field.help_text = _(
            "Formats acceptés : %(formats)s, %(max)s au maximum. Un fichier ou un lien : "
            "l'un des deux."
        ) % {"formats": ACCEPTED_LABELS, "max": format_size(settings.ESSAIM_MAX_ATTACHMENT_BYTES)}
        self.fields["file"].hide_optional = True
        self.fields["url"].hide_optional = True
        if phases is not None:
            self.fields["phase"] = _phase_field(
                phases, empty_label=_("L'accompagnement dans son ensemble")
            )
            self.order_fields(["title", "phase", "file", "url"])

    def clean(self):
        data = super().clean()
        has_file = bool(data.get("file"))
        has_url = bool((data.get("url") or "").strip())
        if has_file and has_url:
            self.add_error("url", _("Joignez un fichier ou indiquez un lien, pas les deux."))
        elif not has_file and not has_url and "file" not in self.errors:
            self.add_error("file", _("Choisissez un fichier à joindre, ou indiquez un lien."))
        return data


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Jalon"),
        max_length=200,
        error_messages={"required": gettext_lazy("Donnez un titre au jalon.")},
    )
    description = forms.CharField(
        label=gettext_lazy("Précisions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, phases, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"] = _date_field(gettext_lazy("Échéance"))
        self.fields["due_on"].error_messages["required"] = _("Indiquez l'échéance du jalon.")
        self.fields["owner"] = ObjectChoiceField(
            objects=owners,
            empty_label=_("Personne pour l'instant"),
            label=gettext_lazy("Responsable"),
            help_text=gettext_lazy("Un membre de l'équipe, l'accompagnant ou l'équipe du fonds."),
        )
        self.fields["phase"] = _phase_field(phases, empty_label=_("Aucune phase en particulier"))
        self.order_fields(["title", "due_on", "owner", "phase", "description"])


class MilestoneStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Où en est ce jalon ?"),
        widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in SETTABLE_STATUSES],
        error_messages={"required": gettext_lazy("Choisissez où en est le jalon.")},
    )
    achieved_on = SensibleDateField(
        label=gettext_lazy("Atteint le"),
        help_text=gettext_lazy("Si le jalon est atteint. Aujourd'hui si vous ne précisez pas."),
        widget=_date_widget(),
        required=False,
        error_messages={
            "invalid": gettext_lazy("Indiquez une date valide, par exemple 15/04/2026.")
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Motif de l'abandon"),
        help_text=gettext_lazy("Si le jalon est abandonné : pourquoi, et ce qui le remplace."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        required=False,
    )

    def clean(self):
        data = super().clean()
        status = data.get("status")
        achieved_on = data.get("achieved_on")
        if (
            status == MilestoneStatus.ABANDONED
            and not (data.get("reason") or "").strip()
            and "reason" not in self.errors  # too long is already said
        ):
            self.add_error("reason", _("Indiquez pourquoi le jalon est abandonné."))
        if (
            status == MilestoneStatus.ACHIEVED
            and achieved_on
            and achieved_on > timezone.localdate()
        ):
            self.add_error("achieved_on", _("Un jalon ne peut pas être atteint dans le futur."))
        return data


class PhaseMoveForm(forms.Form):
    on = SensibleDateField(
        label=gettext_lazy("Date"),
        widget=_date_widget(),
        error_messages={
            "required": gettext_lazy("Indiquez la date."),
            "invalid": gettext_lazy("Indiquez une date valide, par exemple 15/04/2026."),
        },
    )

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
        return value


class ReportForm(forms.Form):
    questions = forms.CharField(
        label=gettext_lazy("Questions évaluatives"),
        help_text=gettext_lazy("Ce que l'évaluation cherche à comprendre, une question par ligne."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=FIELD_MAX_LENGTH,
        required=False,
    )
    findings = forms.CharField(
        label=gettext_lazy("Constats"),
        help_text=gettext_lazy(
            "Ce que vous avez observé, avec vos sources (entretiens, données…)."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=FIELD_MAX_LENGTH,
        required=False,
    )
    recommendations = forms.CharField(
        label=gettext_lazy("Recommandations"),
        help_text=gettext_lazy(
            "Pour l'équipe, pour le fonds, pour qui voudrait reproduire le projet."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=FIELD_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("questions", "findings", "recommendations"):
            # A draft may leave parts empty; submitting asks for all three.
            self.fields[name].hide_optional = True
