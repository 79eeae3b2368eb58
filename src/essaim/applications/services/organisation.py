"""The body that carries a dossier, chosen in the referential (territory).

Choosing it copies its name, kind and département into the dossier's own fields, which the
staff list, the exports, the receipt and the frozen versions read; the foreign key gives the
filters and statistics the rest (size band, région, population).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.territory.enums import OrganisationSource, OrganisationType
from essaim.territory.models import Organisation
from essaim.territory.names import search_key, strip_designation
from essaim.territory.services import organisation_add

from ..errors import ApplicationError
from ..models import Application

ORGANISATION_FIELDS = [
    "organisation",
    "organisation_name",
    "organisation_type",
    "organisation_departement",
]


def check_organisation_allowed(application: Application, organisation: Organisation) -> None:
    call = application.call
    if not call.accepts_organisation_type(organisation.kind):
        raise ApplicationError(
            _("Cet appel est ouvert aux organismes suivants : %(types)s.")
            % {"types": ", ".join(call.allowed_organisation_type_labels())}
        )


def _copy(application: Application, organisation: Organisation) -> None:
    application.organisation = organisation
    application.organisation_name = organisation.formal_name[:200]
    application.organisation_type = organisation.kind
    application.organisation_departement = organisation.departement


def organisation_from_proconnect(application: Application, user) -> Organisation | None:
    """The body of the referential an agent signed in with ProConnect works for (by the
    SIREN of their establishment's SIRET), when the call accepts its kind."""
    from essaim.accounts.proconnect.identity import establishment_siren

    siren = establishment_siren(user)
    if siren is None:
        return None
    organisation = Organisation.objects.filter(siren=siren).first()
    if organisation is None or not application.call.accepts_organisation_type(organisation.kind):
        return None
    return organisation


def prefill_organisation(application: Application, user) -> None:
    """A new draft starts with the agent's own body when ProConnect tells it; they may
    change it in the "Organisme" section. Saved by the caller."""
    organisation = organisation_from_proconnect(application, user)
    if organisation is not None:
        _copy(application, organisation)


def application_save_organisation_section(
    *, application: Application, user, title: str, organisation: Organisation | None
) -> Application:
    """Save the title and, when given, the chosen body (which the call must accept)."""
    if application.is_frozen:
        raise ApplicationError(_("Ce dossier a été déposé : il ne peut plus être modifié."))
    fields = ["title", "last_saved_at", "updated_at"]
    with transaction.atomic():
        if organisation is not None:
            check_organisation_allowed(application, organisation)
            _copy(application, organisation)
            fields += ORGANISATION_FIELDS
        application.title = title.strip()
        application.last_saved_at = timezone.now()
        application.save(update_fields=fields)
    return application


def application_set_organisation(
    *, application: Application, user, organisation: Organisation
) -> Application:
    """Point the dossier at `organisation` (from the search page)."""
    return application_save_organisation_section(
        application=application, user=user, title=application.title, organisation=organisation
    )


@dataclass
class AddedOrganisation:
    organisation: Organisation
    created: bool


def application_add_organisation(
    *, application: Application, user, kind: str, name: str, departement: str, siren: str = ""
) -> AddedOrganisation:
    """Add a body missing from the referential (or find the one it duplicates) and choose
    it for the dossier. Raises ValidationError (per field) or ApplicationError."""
    if application.is_frozen:
        raise ApplicationError(_("Ce dossier a été déposé : il ne peut plus être modifié."))
    call = application.call
    if kind and not call.accepts_organisation_type(kind):
        raise ApplicationError(
            _("Cet appel est ouvert aux organismes suivants : %(types)s.")
            % {"types": ", ".join(call.allowed_organisation_type_labels())}
        )
    with transaction.atomic():
        added = organisation_add(
            actor=user,
            kind=kind,
            name=name,
            departement=departement,
            siren=siren,
            source=OrganisationSource.APPLICANT,
        )
        application_set_organisation(
            application=application, user=user, organisation=added.organisation
        )
    return AddedOrganisation(added.organisation, added.created)


def match_referential(*, name: str, kind: str, departement: str) -> Organisation | None:
    """The official body that a free-text (name, kind, département) most likely means, or
    None when there is no single candidate."""
    if kind not in (
        OrganisationType.COMMUNE,
        OrganisationType.EPCI,
        OrganisationType.DEPARTEMENT,
        OrganisationType.REGION,
    ):
        return None
    key = search_key(name)
    if kind == OrganisationType.COMMUNE:
        key = strip_designation(key)
    candidates = Organisation.objects.filter(kind=kind, is_active=True)
    if kind == OrganisationType.DEPARTEMENT:
        found = list(candidates.filter(departement=departement)[:2])
        return found[0] if len(found) == 1 else None
    if kind == OrganisationType.REGION:
        padded = f" {key} "
        found = [r for r in candidates if f" {r.search_name} " in padded]
        return found[0] if len(found) == 1 else None
    found = list(candidates.filter(departement=departement, search_name=key)[:2])
    if len(found) == 1:
        return found[0]
    if kind == OrganisationType.EPCI:
        found = list(candidates.filter(departement=departement, search_name__contains=key)[:2])
        return found[0] if len(found) == 1 else None
    return None


def link_dossiers_to_referential(queryset: QuerySet[Application] | None = None) -> int:
    """Point the dossiers written before the referential at their official body when their
    free text designates exactly one; their recorded name, kind and département stay.
    Returns how many were linked."""
    queryset = queryset if queryset is not None else Application.objects.all()
    linked = 0
    rows = queryset.filter(organisation__isnull=True).exclude(organisation_name="")
    for application in rows.only(
        "id", "organisation_name", "organisation_type", "organisation_departement"
    ).iterator(chunk_size=500):
        organisation = match_referential(
            name=application.organisation_name,
            kind=application.organisation_type,
            departement=application.organisation_departement,
        )
        if organisation is not None:
            Application.objects.filter(pk=application.pk).update(organisation=organisation)
            linked += 1
    return linked
