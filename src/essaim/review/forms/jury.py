"""Forms of the jury pages. They check what one form can see; `review.services.jury`
checks the rules again and saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from essaim.applications.enums import ApplicationState
from essaim.funds.forms import ParisDateTimeField

from ..services.jury import Seat

PRESENT, ABSENT = "present", "absent"


class JurySessionForm(forms.Form):
    title = forms.CharField(
        label=_("Intitulé de la séance"),
        max_length=200,
        error_messages={"required": _("Donnez un intitulé à la séance.")},
    )
    starts_at = ParisDateTimeField(
        label=_("Date et heure"),
        help_text=_("Heure de Paris."),
        required_message=_("Indiquez la date et l'heure de la séance."),
    )
    place = forms.CharField(
        label=_("Lieu"),
        max_length=250,
        required=False,
        help_text=_("Une adresse, une salle ou « en visioconférence »."),
    )
    agenda = forms.CharField(
        label=_("Ordre du jour"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "starts_at", "place", "agenda")}


class JurySessionEditForm(JurySessionForm):
    minutes_notes = forms.CharField(
        label=_("Compte rendu des échanges"),
        required=False,
        help_text=_("Repris dans le procès-verbal."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def service_data(self) -> dict:
        return {**super().service_data(), "minutes_notes": self.cleaned_data["minutes_notes"]}


class JuryMembersForm(forms.Form):
    """One "sits" checkbox and one capacity per candidate, and one chair among them.

    `candidates` are users annotated by `selectors.jury.jury_candidates`; `members` the
    session's current JuryMember rows, which give the initial values.
    """

    NO_CHAIR = ""

    def __init__(self, data=None, *, candidates, members):
        super().__init__(data)
        self.candidates = list(candidates)
        seated = {m.user_id: m for m in members}
        chair = next((m.user_id for m in members if m.is_chair), None)
        for user in self.candidates:
            member = seated.get(user.pk)
            self.fields[f"seat_{user.pk}"] = forms.BooleanField(
                label=_("Siège à cette séance"), required=False, initial=member is not None
            )
            self.fields[f"function_{user.pk}"] = forms.CharField(
                label=_("Qualité"),
                max_length=200,
                required=False,
                initial=member.function if member else user.job_title,
            )
        self.fields["chair"] = forms.ChoiceField(
            label=_("Présidence de la séance"),
            choices=[(self.NO_CHAIR, _("Pas de président désigné"))]
            + [(str(u.pk), u.full_name or u.email) for u in self.candidates],
            required=False,
            initial=str(chair) if chair else self.NO_CHAIR,
            widget=forms.RadioSelect,
            help_text=_("La personne qui préside doit siéger."),
        )
        self.fields["chair"].hide_optional = True  # "no chair" is one of the choices

    def rows(self):
        """(candidate, seat field, capacity field) for the template."""
        return [(u, self[f"seat_{u.pk}"], self[f"function_{u.pk}"]) for u in self.candidates]

    def clean(self):
        cleaned = super().clean()
        chair = cleaned.get("chair")
        if chair and not cleaned.get(f"seat_{chair}"):
            self.add_error(
                "chair", _("Cochez « Siège à cette séance » pour la personne qui préside.")
            )
        return cleaned

    def seats(self) -> list[Seat]:
        chair = self.cleaned_data.get("chair")
        return [
            Seat(
                user_id=u.pk,
                function=self.cleaned_data.get(f"function_{u.pk}", ""),
                is_chair=str(u.pk) == chair,
            )
            for u in self.candidates
            if self.cleaned_data.get(f"seat_{u.pk}")
        ]


class JuryItemsForm(forms.Form):
    """One "before the jury" checkbox and one order of passage per dossier that may go."""

    def __init__(self, data=None, *, applications, items):
        super().__init__(data)
        self.applications = list(applications)
        positions = {item.application_id: item.position for item in items}
        for application in self.applications:
            position = positions.get(application.pk)
            self.fields[f"include_{application.pk}"] = forms.BooleanField(
                label=_("Présenté au jury"), required=False, initial=position is not None
            )
            self.fields[f"position_{application.pk}"] = forms.IntegerField(
                label=_("Ordre de passage"),
                min_value=1,
                max_value=999,
                required=False,
                initial=position,
                error_messages={
                    "invalid": _("Saisissez un nombre entier, par exemple 3."),
                    "min_value": _("L'ordre de passage commence à 1."),
                    "max_value": _("L'ordre de passage ne dépasse pas 999."),
                },
                widget=forms.NumberInput(attrs={"class": "input--short"}),
            )

    def rows(self):
        return [(a, self[f"include_{a.pk}"], self[f"position_{a.pk}"]) for a in self.applications]

    def application_ids(self) -> list[int]:
        """The chosen dossiers by order of passage; unnumbered ones last, by reference."""
        chosen = [
            (self.cleaned_data.get(f"position_{a.pk}") or 1000, index, a.pk)
            for index, a in enumerate(self.applications)
            if self.cleaned_data.get(f"include_{a.pk}")
        ]
        return [pk for *_order, pk in sorted(chosen)]


class JuryAttendanceForm(forms.Form):
    """Present or absent, for every member."""

    def __init__(self, data=None, *, members):
        super().__init__(data)
        self.members = list(members)
        for member in self.members:
            initial = {True: PRESENT, False: ABSENT}.get(member.was_present)
            self.fields[f"member_{member.user_id}"] = forms.ChoiceField(
                label=member.user.full_name or member.user.email,
                choices=[(PRESENT, _("Présent")), (ABSENT, _("Absent"))],
                widget=forms.RadioSelect,
                initial=initial,
                error_messages={"required": _("Indiquez si cette personne était présente.")},
            )

    def present(self) -> dict[int, bool]:
        return {
            m.user_id: self.cleaned_data[f"member_{m.user_id}"] == PRESENT for m in self.members
        }


class JuryAbstentionsForm(forms.Form):
    abstentions = forms.MultipleChoiceField(
        label=_("Membres qui s'abstiennent sur ce dossier"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, data=None, *, members, abstainers, prefix=None):
        super().__init__(data, prefix=prefix)
        self.fields["abstentions"].choices = [
            (str(m.user_id), m.user.full_name or m.user.email) for m in members
        ]
        self.fields["abstentions"].initial = [str(u.pk) for u in abstainers]
        self.fields["abstentions"].hide_optional = True

    def user_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["abstentions"]}


class JuryDecisionForm(forms.Form):
    """The jury's decision on one dossier, among the outcomes still open to it."""

    outcome = forms.ChoiceField(
        label=_("Décision du jury"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez la décision du jury."),
            "invalid_choice": _("Choisissez une des décisions proposées."),
        },
    )
    reason = forms.CharField(
        label=_("Motif communiqué à l'équipe"),
        required=False,
        max_length=3000,
        help_text=_("Obligatoire si le dossier n'est pas retenu."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    internal_note = forms.CharField(
        label=_("Note interne"),
        required=False,
        max_length=3000,
        help_text=_("Visible seulement de l'équipe du fonds."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data=None, *, outcomes, prefix=None):
        super().__init__(data, prefix=prefix)
        labels = dict(ApplicationState.choices)
        self.fields["outcome"].choices = [(o, labels[o]) for o in outcomes]
        # required for one outcome only: the hint says when, not "(facultatif)"
        self.fields["reason"].hide_optional = True

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("outcome") == ApplicationState.NOT_SELECTED
            and not (cleaned.get("reason") or "").strip()
            and "reason" not in self.errors  # too long is already said
        ):
            self.add_error(
                "reason", _("Indiquez le motif : il sera communiqué à l'équipe du projet.")
            )
        return cleaned
