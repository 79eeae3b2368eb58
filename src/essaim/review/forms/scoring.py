"""The reviewer's scoring form: one note and one comment per criterion, then the comments.

Every note is optional here, so a draft can be saved half done; `save_review` decides what
submission needs and the view puts its refusal beside each criterion (`add_review_error`).
"""

from dataclasses import dataclass

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Criterion, Review, ReviewStage

COMMENT_MAX = 3000


@dataclass
class CriterionRow:
    criterion: Criterion
    score: BoundField
    comment: BoundField


def score_field_name(criterion: Criterion) -> str:
    return f"score_{criterion.pk}"


def comment_field_name(criterion: Criterion) -> str:
    return f"comment_{criterion.pk}"


class ScoringForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Commentaire général pour l'équipe du fonds"),
        help_text=gettext_lazy("Votre appréciation d'ensemble. Seule l'équipe du fonds la lit."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=COMMENT_MAX,
        required=False,
    )
    comment_for_applicant = forms.CharField(
        label=gettext_lazy("Commentaire pour l'équipe du projet"),
        help_text=gettext_lazy(
            "Ce que l'équipe qui porte le projet peut lire : restez factuel et constructif."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=COMMENT_MAX,
        required=False,
    )

    def __init__(self, data=None, *, stage: ReviewStage, criteria: list[Criterion], review=None):
        initial = _initial(review)
        super().__init__(data, initial=initial)
        self.stage = stage
        self.criteria = criteria
        if not stage.allows_comment_for_applicant:
            del self.fields["comment_for_applicant"]
        # criteria first, in their order, then the general comments
        general = {name: self.fields.pop(name) for name in list(self.fields)}
        for criterion in criteria:
            bounds = {"min": criterion.scale_min, "max": criterion.scale_max}
            scale = _("Note de %(min)s (le plus faible) à %(max)s (le plus fort).") % bounds
            self.fields[score_field_name(criterion)] = forms.TypedChoiceField(
                label=criterion.label,
                help_text=f"{criterion.help_text}\n{scale}" if criterion.help_text else scale,
                choices=[
                    (value, str(value))
                    for value in range(criterion.scale_min, criterion.scale_max + 1)
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Choisissez une note de %(min)s à %(max)s.") % bounds
                },
            )
            self.fields[comment_field_name(criterion)] = forms.CharField(
                label=_("Commentaire sur « %(criterion)s »") % {"criterion": criterion.label},
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=COMMENT_MAX,
                required=False,
            )
        self.fields.update(general)
        for field in self.fields.values():
            field.hide_optional = True  # notes are optional until submission: no noise

    def criterion_rows(self) -> list[CriterionRow]:
        return [
            CriterionRow(c, self[score_field_name(c)], self[comment_field_name(c)])
            for c in self.criteria
        ]

    def general_fields(self) -> list[BoundField]:
        return [self[name] for name in ("comment", "comment_for_applicant") if name in self.fields]

    def score_data(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data.get(score_field_name(c)), data.get(comment_field_name(c), ""))
            for c in self.criteria
        }

    def add_review_error(self, error) -> None:
        """Put a ReviewError from `save_review` beside the criteria it names."""
        for criterion in error.missing:
            self.add_error(
                score_field_name(criterion),
                _("Donnez une note pour « %(criterion)s ».") % {"criterion": criterion.label},
            )
        for criterion in error.invalid:
            self.add_error(
                score_field_name(criterion),
                _("Choisissez une note de %(min)s à %(max)s.")
                % {"min": criterion.scale_min, "max": criterion.scale_max},
            )
        if not error.missing and not error.invalid:
            self.add_error(None, str(error))


def _initial(review: Review | None) -> dict:
    if review is None:
        return {}
    initial = {"comment": review.comment, "comment_for_applicant": review.comment_for_applicant}
    for score in review.scores.all():
        initial[f"score_{score.criterion_id}"] = score.value
        initial[f"comment_{score.criterion_id}"] = score.comment
    return initial
