"""Forms of support rounds: opening one (which dossiers, the feedback to each team, the
deadline), and choosing two versions of a dossier to compare."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essaim.applications.models import Application, ApplicationVersion
from essaim.core.formatting import when
from essaim.funds.forms import ParisDateTimeField

FEEDBACK_MAX_LENGTH = 5000


class OpenRoundForm(forms.Form):
    """The round, then one box and one feedback per shortlisted dossier (`include_<pk>`,
    `feedback_<pk>`), so that every team's feedback is its own labelled field."""

    title = forms.CharField(
        label=_("Intitulé de la session"),
        max_length=200,
        initial=_("Appui aux équipes présélectionnées"),
        error_messages={"required": _("Donnez un intitulé à la session d'appui.")},
    )
    message = forms.CharField(
        label=_("Message à toutes les équipes"),
        help_text=_("Ce que vous attendez des nouvelles versions, le calendrier, vos contacts."),
        max_length=FEEDBACK_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    deadline = ParisDateTimeField(
        label=_("Date limite des nouvelles versions"),
        help_text=_("Date et heure de Paris. Après, les équipes ne peuvent plus déposer."),
        required_message=_("Indiquez la date limite des nouvelles versions."),
    )

    def __init__(self, *args, applications: list[Application], **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = applications
        for application in applications:
            name = f"{application.reference} — {application.title}"
            self.fields[f"include_{application.pk}"] = forms.BooleanField(
                label=_("Inclure le dossier %(name)s") % {"name": name},
                required=False,
                initial=True,
            )
            self.fields[f"feedback_{application.pk}"] = forms.CharField(
                label=_("Retours à l'équipe du dossier %(reference)s")
                % {"reference": application.reference},
                help_text=_("L'équipe les reçoit par e-mail et les retrouve dans son dossier."),
                max_length=FEEDBACK_MAX_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def rows(self) -> list[dict]:
        return [
            {
                "application": application,
                "include": self[f"include_{application.pk}"],
                "feedback": self[f"feedback_{application.pk}"],
            }
            for application in self.applications
        ]

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(
                _("La date limite doit être à venir (il est %(now)s).")
                % {"now": when(timezone.now())}
            )
        return deadline

    def clean(self):
        cleaned = super().clean()
        chosen = [a for a in self.applications if cleaned.get(f"include_{a.pk}")]
        if self.applications and not chosen:
            self.add_error(
                f"include_{self.applications[0].pk}",
                _("Choisissez au moins un dossier présélectionné."),
            )
        for application in chosen:
            text = (cleaned.get(f"feedback_{application.pk}") or "").strip()
            cleaned[f"feedback_{application.pk}"] = text
            if not text:
                self.add_error(
                    f"feedback_{application.pk}",
                    _("Écrivez vos retours à l'équipe de ce dossier."),
                )
        return cleaned

    def feedbacks(self) -> dict[Application, str]:
        return {
            application: self.cleaned_data[f"feedback_{application.pk}"]
            for application in self.applications
            if self.cleaned_data.get(f"include_{application.pk}")
        }


class VersionCompareForm(forms.Form):
    """Two versions of the dossier: `de` (before) and `a` (after). A plain GET form."""

    de = forms.TypedChoiceField(label=_("Version de départ"), coerce=int)
    a = forms.TypedChoiceField(label=_("Version comparée"), coerce=int)

    def __init__(self, *args, versions: list[ApplicationVersion], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (
                version.number,
                _("Version %(number)s — %(date)s")
                % {
                    "number": version.number,
                    "date": when(version.submitted_at),
                },
            )
            for version in versions
        ]
        self.fields["de"].choices = choices
        self.fields["a"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("de") is not None and cleaned.get("de") == cleaned.get("a"):
            self.add_error("a", _("Choisissez deux versions différentes."))
        return cleaned
