"""The actors of the reuse tests, built by one plain function (no fixtures, so that unit,
view and browser tests share them).

- team: Alice (owner of the laureate dossier) and Bob (co-applicant);
- the innovation's contact Camille, reachable only by e-mail (never shown);
- staff: the fund's staff; other_staff: another fund's staff; admin: platform admin;
- reuser: Dora, of Bordeaux, who declares the reuse; outsider: Charlie.
"""

from dataclasses import dataclass

from essaim.applications.enums import TeamAccess
from essaim.applications.models import TeamMember
from essaim.catalogue.models import InnovationContact

from ..factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    FundMembershipFactory,
    InnovationFactory,
    OrganisationFactory,
    UserFactory,
)


@dataclass
class World:
    fund: object
    innovation: object
    application: object
    owner: object
    co_applicant: object
    staff: object
    other_staff: object
    admin: object
    reuser: object
    outsider: object
    pessac: object
    bordeaux: object
    brest: object


def build_world() -> World:
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    call = CallFactory(fund=fund)
    owner = UserFactory(email="alice@pessac.fr", full_name="Alice Martin")
    co_applicant = UserFactory(email="bob@pessac.fr", full_name="Bob Durand")
    application = ApplicationFactory(call=call, created_by=owner, title="Accueil repensé")
    TeamMember.objects.create(
        application=application,
        user=co_applicant,
        full_name=co_applicant.full_name,
        email=co_applicant.email,
        job_title="Agent d'accueil",
        access=TeamAccess.EDITOR,
    )
    pessac = OrganisationFactory(name="Pessac", departement="33", postal_codes="33600")
    bordeaux = OrganisationFactory(name="Bordeaux", departement="33", postal_codes="33000")
    brest = OrganisationFactory(name="Brest", departement="29", region="53")
    innovation = InnovationFactory(
        slug="accueil-telephonique-pessac",
        title="Un accueil téléphonique repensé",
        fund=fund,
        call=call,
        application=application,
        organisation=pessac,
        departement="33",
        place="Pessac (33)",
    )
    InnovationContact.objects.create(
        innovation=innovation,
        full_name="Camille Contact",
        job_title="Directrice de l'accueil",
        email="camille.contact@pessac.fr",
    )
    admin = UserFactory(email="admin@essaim.fr", full_name="Admin Plateforme")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    return World(
        fund=fund,
        innovation=innovation,
        application=application,
        owner=owner,
        co_applicant=co_applicant,
        staff=FundMembershipFactory(
            fund=fund, user=UserFactory(email="equipe@fonds-mnt.fr", full_name="Emma Équipe")
        ).user,
        other_staff=FundMembershipFactory(user=UserFactory(email="equipe@autre.fr")).user,
        admin=admin,
        reuser=UserFactory(email="dora@bordeaux.fr", full_name="Dora Dupuis"),
        outsider=UserFactory(email="charlie@ailleurs.fr", full_name="Charlie Petit"),
        pessac=pessac,
        bordeaux=bordeaux,
        brest=brest,
    )
