"""The catalogue of the demo: innovation sheets of laureates, one innovation from outside the
funds, the funds' news and testimonials, and reuses by other public bodies.

Real bodies, projects and quotes come from the seeds (shared/seeds/000–004). The figures,
steps and reuses are invented for the demo: each figure says so in its detail, each invented
sheet or post says "Exemple fictif", each invented person is "(nom fictif)".
"""

import datetime as dt
from dataclasses import dataclass, field

from essaim.catalogue.enums import NewsKind, Topic

DEMO_FIGURE = "chiffre fictif, pour la démonstration"


@dataclass(frozen=True)
class Sheet:
    fund: str  # fund slug
    dossier: str  # the laureate dossier's title
    topic: str
    summary: str
    results: str = ""
    steps: str = ""
    duration: str = ""
    cost: str = ""
    skills: str = ""
    pitfalls: str = ""
    figures: tuple[tuple[str, str], ...] = ()  # (label, value)
    link: tuple[str, str] | None = None  # (title, url)


@dataclass(frozen=True)
class External:
    title: str
    summary: str
    topic: str
    insee_code: str  # the body in the referential
    problem: str
    solution: str
    results: str
    year: int
    added_by: str  # staff e-mail


@dataclass(frozen=True)
class News:
    fund: str
    kind: str
    title: str
    summary: str
    body: str
    call_edition: int = 0  # the call the post is about (its edition within the fund)
    dossier: str = ""  # the laureate whose sheet the post is about
    days_ago: int = 0
    # a post about a call with fixed dates is dated by them, not by the day of loading
    published_on: dt.date | None = None


@dataclass(frozen=True)
class Quote:
    fund: str
    quote: str
    person_name: str
    person_function: str
    organisation_label: str
    dossier: str = ""


@dataclass(frozen=True)
class Declarer:
    email: str
    full_name: str
    job_title: str


@dataclass(frozen=True)
class ReuseSpec:
    dossier: str  # the sheet taken up
    insee_code: str  # the reusing commune; "" = the body of the porteur's submitted dossier
    declarer: str  # e-mail
    message: str
    # then, in order: ("team", text) | ("reuser", text) | ("status", "<status>|<note>")
    steps: tuple[tuple[str, str], ...] = field(default_factory=tuple)


PESSAC = "Améliorer l'expérience des usagers grâce à un accueil téléphonique de qualité"
FLASSANS = "Réorganiser l'accueil en mairie et rendre visibles les services publics locaux"
RENAC = "Redynamiser le centre-bourg en repensant les usages d'un lieu culturel"
PARIS = "Réaménager l'accueil des jeunes mineurs non accompagnés et des jeunes majeurs"
ALLIER = "Repenser l'accueil extérieur de la Maison des solidarités"
SDIS14 = "Mieux prendre en charge les victimes sourdes et malentendantes"
SAINT_AMAND = "Transformer la bibliothèque en pôle culturel et social"
HAZEBROUCK = "Lutter contre l'absentéisme en agissant sur les conditions de travail"
THIERS = "Rénover un groupe scolaire avec les élèves, les enseignants, les ATSEM et les agents"
ACCESLIBRE = (
    "Acceslibre : l'accessibilité des établissements recevant du public, en données ouvertes"
)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        fund="mnt",
        dossier=PESSAC,
        topic=Topic.RECEPTION,
        summary=(
            "Accueil téléphonique : la ville de Pessac a repensé l'accueil de ses usagers au "
            "téléphone avec des designers de service — message d'accueil clair, rappel à heure "
            "convenue, base de réponses partagée entre l'accueil et les services."
        ),
        results=(
            "Exemple fictif pour la démonstration : un accueil téléphonique qui perd moins "
            "d'appels aux heures de pointe, des transferts qui aboutissent et des agents "
            "d'accueil moins exposés aux appels répétés."
        ),
        steps=(
            "1. Écouter des appels au standard pendant deux semaines et noter les motifs.\n"
            "2. Interroger des usagers et les agents de l'accueil téléphonique.\n"
            "3. Concevoir un parcours : message d'accueil, rappel à heure convenue, base de "
            "réponses partagée.\n"
            "4. Tester le prototype un mois sur deux services, puis l'étendre."
        ),
        duration="5 mois d'accompagnement, puis 3 mois de déploiement",
        cost="Accompagnement pris en charge par le Fonds MNT ; environ 4 000 € de téléphonie",
        skills="Designers de service, responsable de l'accueil, agents du standard, DSI",
        pitfalls=(
            "Ne pas concevoir le parcours sans les agents du standard ; prévoir qui tient la "
            "base de réponses à jour dans chaque service."
        ),
        figures=(
            ("Appels sans réponse à l'accueil téléphonique aux heures de pointe", "12 %"),
            ("Appels résolus dès le premier contact", "68 %"),
            ("Délai de rappel promis à l'usager", "2 heures"),
        ),
        link=("Le Fonds MNT et ses lauréats", "https://fonds.mnt.fr"),
    ),
    Sheet(
        fund="mnt",
        dossier=FLASSANS,
        topic=Topic.RECEPTION,
        summary=(
            "Flassans-sur-Issole a réorganisé l'accueil de sa mairie et rendu visibles les "
            "services publics locaux, avec les élus, la direction générale et tous les agents."
        ),
        results=(
            "Un accueil unique et lisible ; un travail collaboratif entre élus, DGS et agents "
            "qui, selon le CCAS, « a donné de la fluidité » au travail."
        ),
        steps=(
            "1. Observer l'accueil et interroger les habitants.\n"
            "2. Ateliers avec les agents et les élus.\n"
            "3. Tester un nouvel aménagement et une signalétique.\n"
            "4. Consolider et former les agents."
        ),
        duration="5 mois",
        cost="Accompagnement pris en charge par le Fonds MNT ; petits travaux d'aménagement",
        skills="Designers de service, DGS, agents d'accueil, CCAS",
        pitfalls="Associer le CCAS et les élus dès le début.",
        figures=(("Agents associés aux ateliers", "100 %"),),
    ),
    Sheet(
        fund="mnt",
        dossier=RENAC,
        topic=Topic.LIVING,
        summary=(
            "Renac cherche à redynamiser son bourg en repensant les usages d'un lieu culturel, "
            "avec la population dès le début du projet et sur la durée."
        ),
        results=(
            "Un projet associatif qui appartient à la population tout en restant un projet "
            "municipal ; de nouveaux liens de socialisation et de convivialité."
        ),
        steps=(
            "1. Recueillir la mémoire du lieu et ses anecdotes.\n"
            "2. Concertation avec les habitants et les associations.\n"
            "3. Tester des usages (café, ateliers, spectacles).\n"
            "4. Confier la gestion à une association."
        ),
        duration="5 mois, puis une saison de test",
        cost="Accompagnement pris en charge par le Fonds MNT",
        skills="Élus, designers de service, associations locales",
        pitfalls="Prévoir la concertation sur la durée, pas seulement au lancement.",
    ),
    Sheet(
        fund="mnt",
        dossier=PARIS,
        topic=Topic.SOCIAL,
        summary=(
            "La ville de Paris a réaménagé l'accueil des jeunes mineurs non accompagnés et des "
            "jeunes majeurs, une problématique d'accueil très spécialisée."
        ),
        steps=(
            "1. Entretiens avec les jeunes et les agents.\n"
            "2. Conception d'un nouvel aménagement.\n"
            "3. Test et consolidation."
        ),
        duration="5 mois",
    ),
    Sheet(
        fund="mnt",
        dossier=SDIS14,
        topic=Topic.SAFETY,
        summary=(
            "Le SDIS du Calvados améliore la prise en charge des victimes sourdes et "
            "malentendantes, de l'appel d'urgence à l'intervention."
        ),
        steps=(
            "1. Entretiens avec des personnes sourdes et malentendantes.\n"
            "2. Prototypes d'outils de communication pour les équipes.\n"
            "3. Test en intervention."
        ),
        duration="5 mois",
        skills="Sapeurs-pompiers, associations de personnes sourdes, designers de service",
    ),
    Sheet(
        fund="mnt",
        dossier=SAINT_AMAND,
        topic=Topic.CULTURE,
        summary=(
            "Saint-Amand-en-Puisaye transforme sa bibliothèque en un pôle culturel et social "
            "au cœur de la commune."
        ),
        duration="5 mois",
    ),
    Sheet(
        fund="mnt",
        dossier=HAZEBROUCK,
        topic=Topic.WORK,
        summary=(
            "Hazebrouck lutte contre l'absentéisme en agissant sur les conditions de travail, "
            "avec les agents concernés."
        ),
        steps=(
            "1. Analyse des absences et entretiens avec les agents.\n"
            "2. Ateliers par service.\n"
            "3. Test de mesures d'organisation du travail."
        ),
        duration="5 mois",
        skills="Ressources humaines, encadrants, médecine préventive",
        figures=(("Agents interrogés", "60"),),
    ),
    Sheet(
        fund="ditp",
        dossier=THIERS,
        topic=Topic.YOUTH,
        summary=(
            "La municipalité de Thiers rénove un groupe scolaire en associant les élèves, les "
            "enseignants, les ATSEM, les agents d'entretien et de maintenance."
        ),
        duration="2022–2023",
        cost="Soutenu par l'appel à défis de la DITP (France Relance)",
        skills="Architectes, designers, services techniques, équipe éducative",
    ),
    Sheet(
        fund="ditp",
        dossier=ACCESLIBRE,
        topic=Topic.DIGITAL,
        summary=(
            "Acceslibre, plateforme publique des informations essentielles aux personnes en "
            "situation de handicap pour savoir si un établissement leur est accessible."
        ),
        skills="Équipe produit de la Fabrique numérique, associations, collectivités",
        link=("Acceslibre", "https://acceslibre.beta.gouv.fr"),
    ),
)

EXTERNAL = External(
    title="Des permanences de services publics itinérantes dans les quartiers (exemple fictif)",
    summary=(
        "Exemple fictif : la ville fait circuler chaque semaine dans ses quartiers éloignés "
        "un véhicule aménagé où des agents reçoivent les habitants pour leurs démarches."
    ),
    topic=Topic.RECEPTION,
    insee_code="56260",  # Vannes
    problem=(
        "Exemple fictif. Dans les quartiers éloignés, les habitants sans voiture renoncent à "
        "leurs démarches : le premier guichet est à quarante minutes de bus."
    ),
    solution=(
        "Un véhicule aménagé, deux agents formés, une tournée fixe annoncée en mairie et sur "
        "les panneaux lumineux, et la prise de rendez-vous à l'accueil de la mairie."
    ),
    results="Exemple fictif : douze arrêts desservis chaque mois.",
    year=2023,
    added_by="equipe-mnt@demo.essaim.fr",
)

NEWS: tuple[News, ...] = (
    News(
        fund="mnt",
        kind=NewsKind.CALL,
        title="Le Fonds MNT lance son sixième appel à projets",
        summary=(
            "Le sixième appel à candidature est ouvert cinq semaines ; le jury se réunira "
            "dix semaines après la clôture."
        ),
        body=(
            "Comment repenser l'accueil du public, tout en conservant la proximité qui "
            "caractérise les services publics locaux ? Avec le soutien de leur direction, "
            "décideurs et agents territoriaux peuvent déposer leurs initiatives innovantes.\n\n"
            "Les dossiers sont examinés par un jury qui en sélectionne deux à quatre. Les "
            "équipes sont ensuite accompagnées pendant environ cinq mois."
        ),
        call_edition=6,
        days_ago=98,  # the day the call in selection opened (loader.SELECTION_CALL_OPENED_DAYS_AGO)
    ),
    News(
        fund="mnt",
        kind=NewsKind.STORY,
        title="Pessac repense son accueil téléphonique avec des designers de service",
        summary=(
            "Lauréate du premier appel, la ville de Pessac a été accompagnée pour améliorer "
            "l'expérience des usagers au téléphone."
        ),
        body=(
            "« Il y a deux aspects qui ont retenu notre attention dans l'accompagnement du "
            "Fonds MNT : la thématique (on est sûr de la relation aux usagers) et le bénéfice "
            "pour le lauréat de l'appel à projets qui est l'accompagnement par des designers de "
            "service. » — Pierre Lormeau, directeur des relations usagers.\n\n"
            "La fiche de l'innovation détaille les étapes, la durée, le coût et les pièges à "
            "éviter pour la reproduire."
        ),
        dossier=PESSAC,
        days_ago=120,
    ),
    News(
        fund="mnt",
        kind=NewsKind.RESULTS,
        title="Fonds MNT : déjà treize lauréats",
        summary=(
            "Depuis sa création, treize initiatives ont été accompagnées ou sont en cours "
            "d'accompagnement par le Fonds MNT."
        ),
        body=(
            "Paris, Flassans-sur-Issole, Pessac, Renac, l'Allier, Saint-Amand-en-Puisaye, le "
            "SDIS du Calvados, le Syndicat mixte du bassin de Thau, le centre de gestion des "
            "Deux-Sèvres, Hazebrouck, la Haute-Corrèze communauté, Pont-de-Claix et le centre "
            "de gestion de l'Oise.\n\n"
            "Ces solutions sont diffusées à l'ensemble des collectivités territoriales pour "
            "pouvoir être adaptées ou dupliquées dans d'autres territoires."
        ),
        days_ago=60,
    ),
    News(
        fund="ditp",
        kind=NewsKind.CALL,
        title="Un appel à défis pour une action publique co-construite",
        summary=(
            "En septembre 2021, la ministre de la Transformation et de la Fonction publiques "
            "consacre 3 millions d'euros aux innovations du terrain."
        ),
        body=(
            "Mis en œuvre dans le cadre de France Relance et confié à la DITP, cet appel a un "
            "objectif : promouvoir les méthodes permettant de concevoir des services publics "
            "avec et pour les agents et les usagers."
        ),
        call_edition=1,
        published_on=dt.date(2021, 9, 15),  # the call opens (demo.data.ditp)
    ),
    News(
        fund="ditp",
        kind=NewsKind.RESULTS,
        title="3 millions pour soutenir 27 projets lauréats",
        summary=(
            "27 lauréats ont été retenus pour des projets compris entre 30 000 et 120 000 "
            "euros ; 18 sont prêts à être lancés."
        ),
        body=(
            "Sélectionnés par une équipe d'experts, les projets lauréats portent des démarches "
            "principalement basées sur le design et l'intelligence collective. La DITP signe "
            "avec chaque lauréat un engagement réciproque portant sur les résultats attendus, "
            "le budget et le calendrier."
        ),
        call_edition=1,
        published_on=dt.date(2022, 2, 17),  # the results (demo.data.ditp)
    ),
    News(
        fund="ditp",
        kind=NewsKind.STORY,
        title="À Thiers, une école rénovée avec ceux qui la font vivre",
        summary=(
            "La municipalité de Thiers associe élèves, enseignants, ATSEM et agents à la "
            "rénovation d'un groupe scolaire."
        ),
        body=(
            "Plusieurs lauréats ont décidé d'associer les usagers en matière de design et "
            "d'architecture. À Thiers, la rénovation d'un groupe scolaire associe les élèves, "
            "les enseignants, les ATSEM, les agents d'entretien et de maintenance."
        ),
        dossier=THIERS,
        days_ago=300,
    ),
)

QUOTES: tuple[Quote, ...] = (
    Quote(
        fund="mnt",
        quote=(
            "Il y a deux aspects qui ont retenu notre attention dans l'accompagnement du Fonds "
            "MNT : la thématique (on est sûr de la relation aux usagers) et le bénéfice pour le "
            "lauréat de l'appel à projets qui est l'accompagnement par des designers de service."
        ),
        person_name="Pierre Lormeau",
        person_function="Directeur des relations usagers",
        organisation_label="PESSAC (33)",
        dossier=PESSAC,
    ),
    Quote(
        fund="mnt",
        quote=(
            "Le Fonds MNT nous apporte cette technicité complémentaire et tout ce savoir-faire "
            "pour la concertation qui me semblent indispensables pour penser l'avenir de ce lieu "
            "(tout en plongeant dans les anecdotes et le passé de cet espace) et pour vraiment "
            "impliquer la population dès le début du projet et surtout sur la durée."
        ),
        person_name="Damien Guillas",
        person_function="Adjoint au maire",
        organisation_label="RENAC (35)",
        dossier=RENAC,
    ),
    Quote(
        fund="mnt",
        quote=(
            "Ce type d'expérimentation permet la transformation des pratiques professionnelles "
            "des agents puisque cela a permis également de prendre conscience de la montée en "
            "compétences nécessaire pour l'évolution des services publics."
        ),
        person_name="Carole Dolignon",
        person_function="Directrice générale des services",
        organisation_label="FLASSANS-SUR-ISSOLE (83)",
        dossier=FLASSANS,
    ),
)

DECLARERS: tuple[Declarer, ...] = (
    Declarer("v.ferrand@demo.essaim.fr", "Valérie Ferrand (nom fictif)", "Directrice de l'accueil"),
    Declarer("y.kerbrat@demo.essaim.fr", "Yann Kerbrat (nom fictif)", "Responsable du standard"),
    Declarer("l.morvan@demo.essaim.fr", "Lucie Morvan (nom fictif)", "Secrétaire générale"),
    Declarer("p.besse@demo.essaim.fr", "Paul Besse (nom fictif)", "Chargé de mission centre-ville"),
)

REUSES: tuple[ReuseSpec, ...] = (
    ReuseSpec(
        dossier=PESSAC,
        insee_code="69266",  # Villeurbanne
        declarer="v.ferrand@demo.essaim.fr",
        message=(
            "Exemple fictif. Notre standard perd beaucoup d'appels le lundi matin : comment "
            "avez-vous organisé le rappel à heure convenue ?"
        ),
        steps=(
            ("team", "Le rappel est pris en charge par le service concerné, sous deux heures."),
            ("status", "adapting|Nous adaptons le message d'accueil et la base de réponses."),
            ("status", "deployed|Déployé sur tout le standard depuis la rentrée."),
        ),
    ),
    ReuseSpec(
        dossier=PESSAC,
        insee_code="29232",  # Quimper
        declarer="y.kerbrat@demo.essaim.fr",
        message="Exemple fictif. Pourriez-vous partager votre base de réponses ?",
        steps=(("team", "Bien sûr : nous vous envoyons le modèle par la plateforme."),),
    ),
    ReuseSpec(
        dossier=PESSAC,
        insee_code="",  # the porteur's own body
        declarer="porteur@demo.essaim.fr",
        message=(
            "Exemple fictif. Nous écrivons des fiches réflexes pour notre accueil téléphonique : "
            "votre démarche nous intéresse beaucoup."
        ),
    ),
    ReuseSpec(
        dossier=FLASSANS,
        insee_code="22113",  # Lannion
        declarer="l.morvan@demo.essaim.fr",
        message="Exemple fictif. Comment avez-vous associé les élus aux ateliers ?",
        steps=(
            ("team", "Un élu référent a participé à chaque atelier."),
            ("status", "adapting|Premier atelier avec les agents prévu le mois prochain."),
        ),
    ),
    ReuseSpec(
        dossier=RENAC,
        insee_code="63113",  # Clermont-Ferrand
        declarer="p.besse@demo.essaim.fr",
        message="Exemple fictif. Le lieu est-il géré par une association aujourd'hui ?",
        steps=(("status", "abandoned|Exemple fictif : le bâtiment visé a finalement été vendu."),),
    ),
)
