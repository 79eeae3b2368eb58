"""Forms of a fund's news posts and testimonials. The call and innovation choices are
limited to the fund's own."""

from django import forms
from django.utils.translation import gettext_lazy as _

from essaim.funds.models import Call, Fund

from ..models import Innovation, NewsPost, Testimonial


class NewsPostForm(forms.ModelForm):
    class Meta:
        model = NewsPost
        fields = ["kind", "title", "summary", "body", "call", "innovation"]
        labels = {
            "kind": _("Type d'actualité"),
            "title": _("Titre"),
            "summary": _("Chapeau"),
            "body": _("Texte"),
            "call": _("Appel concerné"),
            "innovation": _("Innovation concernée"),
        }
        help_texts = {
            "summary": _("Une ou deux phrases, reprises dans la liste et le flux Atom."),
            "body": _("Un paragraphe par ligne vide."),
            "innovation": _("L'actualité s'affiche aussi sur sa fiche."),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, fund: Fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = Call.objects.filter(fund=fund).order_by("-opens_at")
        self.fields["innovation"].queryset = Innovation.objects.filter(fund=fund).order_by("title")


class TestimonialForm(forms.ModelForm):
    class Meta:
        model = Testimonial
        fields = [
            "quote",
            "person_name",
            "person_function",
            "organisation_label",
            "innovation",
            "position",
        ]
        labels = {
            "quote": _("Citation"),
            "person_name": _("Prénom et nom"),
            "person_function": _("Fonction"),
            "organisation_label": _("Organisme"),
            "innovation": _("Innovation concernée"),
            "position": _("Ordre d'affichage"),
        }
        help_texts = {
            "quote": _("Sans les guillemets : ils sont ajoutés à l'affichage."),
            "organisation_label": _("Par exemple : RENAC (35)."),
            "innovation": _("Le témoignage s'affiche aussi sur sa fiche."),
        }
        widgets = {"quote": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, fund: Fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = Innovation.objects.filter(fund=fund).order_by("title")
