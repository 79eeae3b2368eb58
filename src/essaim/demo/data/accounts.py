"""One demo account per role. The people are invented; the addresses use the demo domain."""

from dataclasses import dataclass

from essaim.funds.enums import FundRole

PASSWORD = "essaim-demo-2026"  # noqa: S105 — printed on purpose: demo accounts only


@dataclass(frozen=True)
class Account:
    role: str  # shown in the table printed at the end
    email: str
    full_name: str
    job_title: str
    try_this: str = ""
    fund_roles: tuple[tuple[str, str], ...] = ()  # (fund slug, FundRole)
    superuser: bool = False
    # Listed in the printed table, with the demo password. False for the owners of the
    # fictitious dossiers of the open call: they have no usable password.
    listed: bool = True


PORTEUR = "porteur@demo.essaim.fr"
COPORTEUR = "coporteur@demo.essaim.fr"
# The owner of a DITP laureate (demo.data.accompaniment gives the account to its team).
LAUREATE = "laureat@demo.essaim.fr"

ACCOUNTS: tuple[Account, ...] = (
    Account(
        role="Porteur de projet",
        email=PORTEUR,
        full_name="Camille Lefèvre",
        job_title="Responsable de l'accueil de la mairie",
        try_this=(
            "Mes dossiers : reprendre le brouillon (soutien hiérarchique en attente), "
            "voir le dossier déposé et son récépissé"
        ),
    ),
    Account(
        role="Co-porteur",
        email=COPORTEUR,
        full_name="Julien Moreau",
        job_title="Agent d'accueil polyvalent",
        try_this="Modifier le brouillon partagé par Camille Lefèvre",
    ),
    Account(
        role="Équipe du Fonds MNT",
        email="equipe-mnt@demo.essaim.fr",
        full_name="Sophie Garnier",
        job_title="Chargée de programme, Fonds MNT",
        try_this=(
            "Gestion : les sept appels du Fonds MNT ; le 6e en sélection (classement, appui, "
            "séance du jury à venir, messages de décision en brouillon), le 7e ouvert ; "
            "l'accompagnement des lauréats du 5e appel (cohortes, phases, un jalon en retard) "
            "sur la page de l'appel et dans /accompagnement/"
        ),
        fund_roles=(("mnt", FundRole.STAFF),),
    ),
    Account(
        role="Équipe DITP",
        email="equipe-ditp@demo.essaim.fr",
        full_name="Nicolas Fabre",
        job_title="Chargé de mission innovation, DITP",
        try_this=(
            "Gestion : l'appel à défis, ses 27 lauréats, leurs engagements réciproques et "
            "l'enveloppe (tranches versées, un avenant à signer par l'équipe) ; le portefeuille "
            "sur /gestion/portefeuille/"
        ),
        fund_roles=(("ditp", FundRole.STAFF),),
    ),
    Account(
        role="Expert (Fonds MNT)",
        email="expert@demo.essaim.fr",
        full_name="Karim Haddad",
        job_title="Directeur général adjoint des services",
        try_this=(
            "/expertise/ : avis d'experts du 6e appel MNT (un rendu, un en brouillon, un à "
            "faire) ; un conflit d'intérêts déclaré"
        ),
        fund_roles=(("mnt", FundRole.REVIEWER),),
    ),
    Account(
        role="Membre du jury (Fonds MNT)",
        email="jury@demo.essaim.fr",
        full_name="Brigitte Laurent",
        job_title="Administratrice du Fonds MNT",
        try_this=(
            "/expertise/ : noter avant la séance les dossiers présentés au jury du 6e appel "
            "MNT (une note rendue, une en brouillon, deux à faire)"
        ),
        fund_roles=(("mnt", FundRole.JUROR),),
    ),
    Account(
        role="Accompagnant (Fonds MNT)",
        email="accompagnant@demo.essaim.fr",
        full_name="Thomas Nguyen",
        job_title="Designer de service",
        try_this=(
            "/accompagnement/ : les lauréats du Fonds MNT ; au 5e appel, une équipe en "
            "phase 2 avec un jalon en retard, une autre en phase 1 ; journal et livrables"
        ),
        fund_roles=(("mnt", FundRole.COACH),),
    ),
    Account(
        role="Évaluatrice (DITP)",
        email="evaluateur@demo.essaim.fr",
        full_name="Claire Dubois",
        job_title="Évaluatrice indépendante",
        try_this=(
            "/accompagnement/ : les 18 lauréats DITP en cours ; un rapport à mi-parcours "
            "remis (EHPAD), un autre en brouillon à compléter et remettre (ministère de "
            "l'Intérieur)"
        ),
        fund_roles=(("ditp", FundRole.EVALUATOR),),
    ),
    Account(
        role="Équipe lauréate (DITP)",
        email=LAUREATE,
        full_name="Laurence Michaud (nom fictif)",
        job_title="Directrice des EHPAD",
        try_this=(
            "Mon dossier lauréat : l'engagement réciproque et ses tranches, l'avenant à "
            "signer ; /accompagnement/ : phases, jalons, rapport à mi-parcours de l'évaluatrice"
        ),
    ),
    Account(
        role="Administrateur de la plateforme",
        email="admin@demo.essaim.fr",
        full_name="Alex Martin",
        job_title="Administrateur de la plateforme",
        try_this="Tous les fonds, et l'administration Django sur /admin/",
        superuser=True,
    ),
)

OTHER_APPLICANTS: tuple[Account, ...] = (
    Account(
        "Porteur",
        "e.perrin@demo.essaim.fr",
        "Élodie Perrin",
        "Chargée de mission ressources humaines",
        listed=False,
    ),
    Account(
        "Porteur",
        "m.legall@demo.essaim.fr",
        "Maël Le Gall",
        "Responsable de la maison France Services",
        listed=False,
    ),
    Account(
        "Porteur",
        "s.diallo@demo.essaim.fr",
        "Samira Diallo",
        "Directrice de l'éducation",
        listed=False,
    ),
    Account(
        "Porteur",
        "t.robin@demo.essaim.fr",
        "Thomas Robin",
        "Chargé de l'accueil des nouveaux habitants",
        listed=False,
    ),
    Account(
        "Porteur",
        "a.marchand@demo.essaim.fr",
        "Aurélie Marchand",
        "Responsable des équipements sportifs",
        listed=False,
    ),
)
