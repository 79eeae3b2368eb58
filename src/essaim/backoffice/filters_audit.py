"""Filters of the audit journal (/gestion/journal/), shared by the page and its CSV export.

Parameters are French words because they show in the address bar:
`?du=2026-01-01&au=2026-01-31&auteur=equipe@fonds.fr&categorie=export&action=call.exported
&objet=applications.application&identifiant=12&fonds=3&q=prolongation`.
Each one is served by an index of `core_auditevent` (created_at; actor; action; object_type
and object_id; fund), except `q`, a free search in the reason and the before/after values
that the other filters narrow first.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from essaim.core.widgets import FastSelect
from essaim.funds.models import Fund

PARIS = ZoneInfo("Europe/Paris")

# The kinds of event the issue names, each a list of action codes (an `IN` on the indexed
# action column). Codes that are written elsewhere still show under "Toutes".
CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "etat": (
        _("Changements d'état"),
        (
            "application.state",
            "application.version_submitted",
            "accompaniment.started",
            "accompaniment.finished",
            "engagement.in_force",
            "engagement.superseded",
        ),
    ),
    "decision": (
        _("Décisions"),
        ("decision.recorded", "application.state", "conflict.confirmed", "conflict.cleared"),
    ),
    "note": (_("Notes des évaluations"), ("review.submitted",)),
    "echeance": (_("Échéances et calendrier"), ("call.deadline_extended", "call.updated")),
    "publication": (
        _("Publications"),
        (
            "innovation.published",
            "innovation.unpublished",
            "call.results_published",
            "call.results_unpublished",
            "news.published",
            "testimonial.published",
        ),
    ),
    "export": (
        _("Exports et téléchargements"),
        (
            "export",
            "call.exported",
            "ranking.exported",
            "statistics.exported",
            "reuse_stats.exported",
            "jury.minutes_exported",
            "engagement.pdf_exported",
            "audit_log.exported",
            "personal_data.exported",
        ),
    ),
    "connexion": (
        _("Connexions de l'équipe"),
        ("sign_in", "sign_in.failed", "account.two_factor_enabled", "account.two_factor_disabled"),
    ),
    "fichier": (
        _("Fichiers"),
        (
            "attachment.added",
            "attachment.deleted",
            "workspace.document_added",
            "workspace.document_removed",
            "innovation.resource_added",
            "innovation.resource_deleted",
        ),
    ),
}
FILTER_NAMES = ("du", "au", "auteur", "categorie", "action", "objet", "identifiant", "fonds", "q")


def object_type_choices() -> list[tuple[str, str]]:
    """Every model of Essaim, by its name in French (read from the code: no query)."""
    models = [m for m in apps.get_models() if m.__module__.startswith("essaim.")]
    return sorted(
        ((m._meta.label_lower, str(m._meta.verbose_name).capitalize()) for m in models),
        key=lambda choice: choice[1].lower(),
    )


def _paris_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=PARIS)


class AuditEventFilter(django_filters.FilterSet):
    du = django_filters.DateFilter(
        label=_("Du"),
        method="since",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Par exemple 2026-01-31."),
    )
    au = django_filters.DateFilter(
        label=_("Au (inclus)"),
        method="until",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    auteur = django_filters.CharFilter(
        label=_("Auteur"),
        method="by_author",
        help_text=_("Nom ou adresse e-mail."),
        max_length=200,
    )
    categorie = django_filters.ChoiceFilter(
        label=_("Type d'événement"),
        choices=[(key, label) for key, (label, _codes) in CATEGORIES.items()],
        method="in_category",
        empty_label=_("Tous"),
        widget=FastSelect,
    )
    action = django_filters.CharFilter(
        label=_("Code de l'action"),
        field_name="action",
        help_text=_("Le code exact, par exemple application.state."),
        max_length=60,
    )
    objet = django_filters.ChoiceFilter(
        label=_("Type d'objet"),
        field_name="object_type",
        choices=object_type_choices,
        empty_label=_("Tous"),
        widget=FastSelect,
    )
    identifiant = django_filters.CharFilter(
        label=_("Numéro de l'objet"), field_name="object_id", max_length=40
    )
    fonds = django_filters.ModelChoiceFilter(
        label=_("Fonds"),
        field_name="fund",
        queryset=Fund.objects.none(),
        empty_label=_("Tous"),
        widget=FastSelect,
    )
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="search",
        help_text=_("Dans le motif et les valeurs avant et après."),
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, data=None, queryset=None, *, funds: QuerySet[Fund], **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["fonds"].queryset = funds.order_by("name")
        for field in self.form.fields.values():
            field.hide_optional = True  # every filter is optional: no "(facultatif)" noise

    def since(self, queryset, name, value):
        return queryset.filter(created_at__gte=_paris_midnight(value))

    def until(self, queryset, name, value):
        return queryset.filter(created_at__lt=_paris_midnight(value + dt.timedelta(days=1)))

    def by_author(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        return queryset.filter(Q(actor__email__iexact=value) | Q(actor_label__icontains=value))

    def in_category(self, queryset, name, value):
        return queryset.filter(action__in=CATEGORIES[value][1])

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reason__icontains=value)
            | Q(from_value__icontains=value)
            | Q(to_value__icontains=value)
        )

    @property
    def applied(self) -> dict[str, str]:
        """The filters in use, as typed (for the export's own audit row)."""
        self.errors  # noqa: B018 - validates the form, which fills cleaned_data
        return {
            name: str(self.data.get(name, "")).strip()[:200]
            for name in FILTER_NAMES
            if name in self.form.cleaned_data and self.form.cleaned_data[name] not in (None, "")
        }
