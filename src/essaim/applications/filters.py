"""Filters of a call's dossiers in the back-office, shared by the list and the CSV export.

Parameters are French words because they show in the address bar:
`?etat=submitted&theme=3&type=commune&departement=33&region=75&taille=1000_3499&q=accueil&tri=-depot`.
The région is read from the dossier's département (so dossiers written before the
referential are filtered too); the size band from the body chosen in the referential.
Drafts are counted elsewhere but listed only when `etat=draft` asks for them.
"""

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from essaim.core.widgets import FastSelect
from essaim.funds.models import Call, Theme
from essaim.territory.enums import (
    DEPARTEMENT_CHOICES,
    REGION_CHOICES,
    OrganisationType,
    SizeBand,
    departements_of_region,
)

from .enums import ApplicationState

# sort key in the address -> model fields, ascending; "-key" sorts descending.
SORTS: dict[str, tuple[str, ...]] = {
    "reference": ("reference",),
    "titre": ("title",),
    "organisme": ("organisation_name",),
    "theme": ("theme__position", "theme__title"),
    "depot": ("submitted_at",),
    "etat": ("state",),
}
DEFAULT_SORT = "-depot"
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]


def _ordering(sort: str) -> list:
    descending = sort.startswith("-")
    names = SORTS[sort.lstrip("-")]
    ordering = [
        # No NULLS LAST on the descending default: PostgreSQL can then walk the
        # (call, -submitted_at, -id) index instead of sorting every row of the call.
        F(name).desc() if descending else F(name).asc(nulls_last=True)
        for name in names
    ]
    # a unique last key keeps pages stable when many rows share a value
    ordering.append(F("id").desc() if descending else F("id").asc())
    return ordering


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Titre ou référence"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    etat = django_filters.ChoiceFilter(
        label=_("État"),
        field_name="state",
        choices=ApplicationState.choices,
        empty_label=_("Tous, sauf les brouillons"),
        widget=FastSelect,
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        field_name="theme",
        queryset=Theme.objects.none(),
        empty_label=_("Toutes"),
        widget=FastSelect,
    )
    type = django_filters.ChoiceFilter(
        label=_("Type d'organisme"),
        field_name="organisation_type",
        choices=OrganisationType.choices,
        empty_label=_("Tous"),
        widget=FastSelect,
    )
    departement = django_filters.ChoiceFilter(
        label=_("Département"),
        field_name="organisation_departement",
        choices=DEPARTEMENT_CHOICES,
        empty_label=_("Tous"),
        widget=FastSelect,
    )
    region = django_filters.ChoiceFilter(
        label=_("Région"),
        choices=REGION_CHOICES,
        method="in_region",
        empty_label=_("Toutes"),
        widget=FastSelect,
    )
    taille = django_filters.ChoiceFilter(
        label=_("Taille de l'organisme"),
        field_name="organisation__size_band",
        choices=SizeBand.choices,
        empty_label=_("Toutes"),
        widget=FastSelect,
    )
    tri = django_filters.ChoiceFilter(
        label=_("Tri"),
        choices=SORT_CHOICES,
        method="sort",
        widget=forms.HiddenInput,
    )

    def __init__(self, data=None, queryset=None, *, call: Call, **kwargs):
        self.call = call
        super().__init__(data, queryset, **kwargs)
        self.filters["theme"].queryset = call.themes.all()
        for field in self.form.fields.values():
            field.hide_optional = True  # every filter is optional: no "(facultatif)" noise

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # No title is longer than 200 characters; a longer pattern only costs (SQLite even
        # refuses LIKE patterns over 50,000 bytes: "pattern too complex").
        value = value.strip()[:200]
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(reference__icontains=value))

    def in_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # served by the (call, organisation_departement) index
        return queryset.filter(organisation_departement__in=departements_of_region(value))

    def sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*_ordering(value))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = queryset.order_by(*_ordering(DEFAULT_SORT))
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("etat"):
            queryset = queryset.exclude(state=ApplicationState.DRAFT)
        return queryset

    @property
    def current_sort(self) -> str:
        self.errors  # noqa: B018 - validates the form, which fills cleaned_data
        return self.form.cleaned_data.get("tri") or DEFAULT_SORT

    @property
    def is_filtered(self) -> bool:
        self.errors  # noqa: B018
        names = ("q", "etat", "theme", "type", "departement", "region", "taille")
        return any(self.form.cleaned_data.get(name) for name in names)
