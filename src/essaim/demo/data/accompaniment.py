"""After the jury: what the demo's laureates live through, as plain data (seeds 003, 004).

Fonds MNT laureates are accompanied by a service designer of the agency the fund chose
(seed 003: Vraiment Vraiment) for about five months, in the four default phases, two
laureates a cohort. The DITP's laureates ready to launch sign a reciprocal engagement on
results, budget and calendar, are paid in tranches, and are followed by an independent
evaluator (seed 004: "évaluation apprenante").

Texts are what a coach, a team or the fund's staff would write. Links point at the demo
domain: they stand for the shared drives where teams keep their deliverables.
"""

from dataclasses import dataclass

from . import accounts

COACH = "accompagnant@demo.essaim.fr"
EVALUATOR = "evaluateur@demo.essaim.fr"
LAUREATE = accounts.LAUREATE
# What the coach and the evaluator declare when they accept their invitation.
COACH_ORGANISATION = ("Vraiment Vraiment", "75")
EVALUATOR_ORGANISATION = ("Cabinet Trajectoires Évaluation (exemple fictif)", "69")
LINKS = "https://partage.demo.essaim.fr"

# Owners of a milestone, an entry or a document: the coach, the team's owner, the fund's staff.
BY_COACH, BY_TEAM, BY_STAFF = "coach", "team", "staff"


@dataclass(frozen=True)
class Step:
    """A milestone of a phase: who owns it, and when it falls, as a share of the phase."""

    title: str
    owner: str
    at: float
    description: str = ""


@dataclass(frozen=True)
class Note:
    author: str
    body: str


# --- Fonds MNT: the four default phases -------------------------------------------------

# Per phase (same order as defaults.DEFAULT_PHASES).
MNT_MILESTONES: tuple[tuple[Step, ...], ...] = (
    (
        Step("Guide d'entretien validé par l'équipe", BY_COACH, 0.3),
        Step(
            "Entretiens menés auprès des usagers et des agents",
            BY_TEAM,
            0.9,
            "Une quinzaine d'entretiens, dont au moins cinq avec des agents de terrain.",
        ),
    ),
    (
        Step("Atelier de conception avec les agents", BY_COACH, 0.35),
        Step(
            "Parcours cible validé par la direction générale",
            BY_TEAM,
            0.6,
            "Présentation du parcours cible en comité de direction ; arbitrages sur le "
            "périmètre du prototype.",
        ),
        Step("Prototype prêt à être testé", BY_COACH, 0.95),
    ),
    (
        Step("Protocole de test partagé avec les sites pilotes", BY_COACH, 0.2),
        Step("Tests menés sur deux semaines avec les usagers", BY_TEAM, 0.8),
    ),
    (
        Step("Feuille de route de déploiement adoptée", BY_TEAM, 0.7),
        Step("Fiche de partage publiée pour l'essaimage", BY_STAFF, 0.95),
    ),
)

MNT_JOURNAL: tuple[tuple[Note, ...], ...] = (
    (
        Note(
            BY_COACH,
            "Réunion de lancement avec l'équipe projet. Nous avons précisé le périmètre : "
            "on part des situations vécues, pas des solutions. Liste des personnes à "
            "interroger établie ensemble (usagers réguliers, usagers occasionnels, agents "
            "d'accueil, encadrants).",
        ),
        Note(
            BY_TEAM,
            "Les entretiens avec les agents ont libéré la parole : plusieurs irritants "
            "reviennent (outils qui ne se parlent pas, consignes contradictoires). Les usagers "
            "parlent surtout de l'attente et du manque d'information.",
        ),
    ),
    (
        Note(
            BY_COACH,
            "Atelier de conception : trois pistes retenues sur les huit proposées. L'équipe "
            "choisit de prototyper d'abord celle qui touche le plus d'usagers.",
        ),
        Note(
            BY_TEAM,
            "Le passage en comité de direction est repoussé : la direction générale veut voir "
            "le parcours cible avec l'avis des représentants du personnel.",
        ),
    ),
    (
        Note(
            BY_COACH,
            "Tests en conditions réelles : le prototype tient, deux ajustements à faire sur "
            "les supports papier, jugés trop denses par les usagers.",
        ),
    ),
    (
        Note(
            BY_COACH,
            "Dernière séance : l'équipe présente sa feuille de route de déploiement. Fiche de "
            "partage rédigée pour que d'autres collectivités puissent reprendre la démarche.",
        ),
        Note(
            BY_STAFF,
            "Bilan de l'accompagnement partagé avec le conseil d'administration du fonds. "
            "Projet proposé pour la prochaine rencontre des lauréats.",
        ),
    ),
)

# Deliverables per phase: (title, file name in the shared drive); the first one of a phase is
# the evidence of its last milestone.
MNT_DELIVERABLES: tuple[tuple[tuple[str, str], ...], ...] = (
    (
        ("Synthèse des entretiens usagers et agents", "synthese-entretiens.pdf"),
        ("Guide d'entretien", "guide-entretien.pdf"),
    ),
    (
        ("Parcours usager actuel et cible", "parcours-usager.pdf"),
        ("Maquette du prototype", "prototype"),
    ),
    (("Retours des usagers et ajustements", "retours-tests.pdf"),),
    (
        ("Fiche de partage pour l'essaimage", "fiche-essaimage.pdf"),
        ("Feuille de route de déploiement", "feuille-de-route.pdf"),
    ),
)

# The calls whose laureates get the whole course (milestones, journal, deliverables, the
# team's accounts); the older ones only the phases and a closing note.
MNT_FULL_COURSE_CALLS = (4, 5)  # editions
# The weeks of the four phases for the calls whose accompaniment is over: the first calls
# planned three to four months (seed 003); the template's default (about five months) is
# kept for the call under way.
MNT_PAST_WEEKS = (3, 4, 3, 3)
# The accompaniment under way: how many days before the load each cohort began.
MNT_LIVE_STARTED_DAYS_AGO = (63, 15)
# The milestone of phase 2 left late in the first cohort: days past its due date.
MNT_LATE_BY_DAYS = 6


# --- DITP: engagement, phases, evaluation -------------------------------------------------

DITP_PHASES = (
    (
        "Cadrage et lancement",
        6,
        "Gouvernance du projet et comité de pilotage\nPlan de travail détaillé",
    ),
    (
        "Conception avec les usagers et les agents",
        10,
        "Synthèse des ateliers de co-conception\nSolution retenue et prototype",
    ),
    (
        "Mise en œuvre et test",
        12,
        "Bilan du pilote\nIndicateurs renseignés",
    ),
    (
        "Évaluation et déploiement",
        8,
        "Bilan final de l'engagement\nKit de déploiement pour d'autres administrations",
    ),
)
DITP_COHORT = "Projets prêts à être lancés"
# The engagements were signed this many days before the load; the cohort began ten days
# after.
DITP_SIGNED_DAYS_AGO = 150
DITP_STARTS_AFTER_SIGNATURE = 10

# (label, unit, baseline, target) by theme of the call.
DITP_INDICATORS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "parcours": (
        ("Délai moyen de réponse aux usagers", "jours", "21", "10"),
        ("Taux de satisfaction des usagers", "%", "62", "80"),
        ("Part des demandes traitées au premier contact", "%", "45", "65"),
    ),
    "organisation": (
        ("Agents ayant participé à au moins un atelier", "agents", "0", "150"),
        ("Taux de satisfaction des agents participants", "%", "58", "75"),
        ("Projets d'équipes accompagnés", "projets", "0", "12"),
    ),
    "numerique": (
        ("Utilisateurs actifs par mois", "utilisateurs", "0", "2500"),
        ("Taux de satisfaction des utilisateurs", "%", "55", "80"),
        ("Délai moyen de réponse aux demandes", "jours", "15", "5"),
    ),
}

DITP_SUMMARY = (
    "Mettre en œuvre le projet lauréat de l'appel à défis tel que décrit dans le dossier, "
    "avec les usagers et les agents, et en mesurer les effets."
)
DITP_FUND_COMMITMENTS = (
    "La DITP verse le financement accordé en tranches selon le calendrier ci-dessous, suit "
    "les jalons clés avec l'équipe projet, l'aide à lever les difficultés rencontrées et met "
    "à sa disposition un évaluateur indépendant pour une évaluation apprenante."
)
DITP_TEAM_COMMITMENTS = (
    "L'équipe mène le projet avec les usagers et les agents, tient les jalons convenus, "
    "renseigne les indicateurs à mi-parcours et en fin de projet, participe à l'évaluation "
    "apprenante et partage ses résultats pour un déploiement dans d'autres administrations."
)
DITP_CALENDAR = (
    "Cadrage et lancement : {p1}.\n"
    "Conception avec les usagers et les agents : {p2}.\n"
    "Mise en œuvre et test : {p3}.\n"
    "Évaluation et déploiement : {p4}."
)
# (share of the amount in percent, condition); the last tranche takes the remainder.
DITP_TRANCHES = (
    (40, "À la signature de l'engagement réciproque"),
    (40, "À la fin de la phase de conception, sur remise de la synthèse des ateliers"),
    (20, "À la remise du bilan final"),
)
DITP_TRANCHES_SMALL = (
    (50, "À la signature de l'engagement réciproque"),
    (50, "À la remise du bilan final"),
)
SMALL_AMOUNT = 60000

DITP_MILESTONES: tuple[tuple[Step, ...], ...] = (
    (Step("Comité de pilotage de lancement", BY_TEAM, 0.5),),
    (
        Step(
            "Ateliers de co-conception avec les usagers et les agents",
            BY_TEAM,
            0.6,
            "Au moins trois ateliers, dont un sur site avec des usagers.",
        ),
        Step("Point d'étape avec la DITP", BY_STAFF, 0.95),
    ),
    (Step("Pilote ouvert sur un premier site", BY_TEAM, 0.4),),
    (Step("Bilan final et indicateurs renseignés", BY_TEAM, 0.9),),
)
DITP_JOURNAL = (
    Note(
        BY_STAFF,
        "Réunion de lancement avec l'équipe projet : calendrier confirmé, comité de pilotage "
        "constitué, premier versement demandé au service financier.",
    ),
    Note(
        BY_TEAM,
        "Les ateliers avec les usagers ont fait émerger des besoins que nous n'avions pas "
        "anticipés ; le prototype en tient compte. Merci à l'évaluatrice pour ses questions "
        "lors du dernier atelier.",
    ),
)

# The dossiers the demo gives a particular story (by title).
DITP_LAUREATE_TITLE = (
    "Reconstruire les EHPAD avec les résidents, les proches aidants et les professionnels"
)
DITP_AMENDED_TITLE = "Créer un laboratoire d'innovation interne à la Gendarmerie nationale"
DITP_DRAFT_REPORT_TITLE = (
    "Associer les citoyens à la mise en œuvre des politiques publiques du ministère"
)
# A laureate not yet ready to launch: its engagement is being prepared.
DITP_DRAFT_ENGAGEMENT_TITLE = (
    "Un laboratoire d'innovation partagé entre les services de l'État en région"
)

SIGNED_AMENDMENT = (
    "Report de six semaines de la phase de test : le recrutement de l'animatrice du "
    "laboratoire a pris plus de temps que prévu. Montant et indicateurs inchangés."
)
PENDING_AMENDMENT = (
    "Le chantier du premier EHPAD reconstruit démarre avec trois mois de retard : la phase "
    "de test et la dernière tranche sont décalées d'autant."
)
PENDING_AMENDMENT_DAYS_AGO = 4

MID_COURSE_REPORT = {
    "questions": (
        "1. Dans quelle mesure les résidents, les proches aidants et les professionnels "
        "ont-ils réellement pesé sur les choix de conception ?\n"
        "2. La démarche change-t-elle les pratiques de l'équipe de direction au-delà du "
        "projet architectural ?\n"
        "3. Les indicateurs retenus permettront-ils de mesurer la qualité de vie des "
        "résidents dans les nouveaux bâtiments ?"
    ),
    "findings": (
        "Quatorze ateliers ont réuni 96 participants, dont 31 résidents et 22 proches. Les "
        "plans issus des ateliers diffèrent nettement du programme initial : unités de vie "
        "plus petites, circulations en boucle, espaces pour les familles. Les professionnels "
        "de nuit ont été moins associés que les autres, faute de créneaux adaptés. Le taux de "
        "satisfaction des résidents n'a pas encore de mesure de départ fiable."
    ),
    "recommendations": (
        "Organiser deux ateliers sur les horaires de nuit avant de figer les plans. Mesurer "
        "dès maintenant la satisfaction des résidents dans les bâtiments actuels pour "
        "disposer d'une base de comparaison. Documenter la méthode pour les autres "
        "établissements du groupement hospitalier."
    ),
}
MID_COURSE_SUBMITTED_DAYS_AGO = 20
DRAFT_REPORT = {
    "questions": (
        "1. Le panel d'usagers est-il représentatif des publics concernés par les réformes ?\n"
        "2. Les préfectures pilotes se sont-elles approprié les outils de participation ?"
    ),
    "findings": (
        "Premiers entretiens menés avec les deux préfectures pilotes ; à compléter après le "
        "comité de pilotage."
    ),
    "recommendations": "",
}
DRAFT_REPORT_DAYS_AGO = 3
