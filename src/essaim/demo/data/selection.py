"""Who reviews and judges in the demo, and the words they use. Everyone here is invented
except the demo accounts; the texts are what a reviewer or the fund's staff would write.

Scores are not listed: the loader derives them from what became of each dossier (a
laureate scores higher than a dossier left out at the first selection) with a reviewer's
habit (one is harsh, one lenient) and a fixed pseudo-random spread, so the ranking agrees
with the decisions without being a copy of them.
"""

from dataclasses import dataclass

from essaim.funds.enums import FundRole

from .accounts import Account


@dataclass(frozen=True)
class Panelist:
    """A member of a call's pool: the account, the role they were invited to, the
    organisation and département they declared on accepting, and their scoring habit
    (added to every score before rounding)."""

    email: str
    role: str
    organisation: str
    departement: str
    bias: float = 0.0


EXPERT = "expert@demo.essaim.fr"
JURY = "jury@demo.essaim.fr"

OTHER_PANELISTS: tuple[Account, ...] = (
    Account(
        "Experte",
        "i.roche@demo.essaim.fr",
        "Isabelle Roche",
        "Directrice générale des services",
        listed=False,
    ),
    Account(
        "Expert", "m.lemoine@demo.essaim.fr", "Marc Lemoine", "Consultant, ancien DGS", listed=False
    ),
    Account(
        "Juré",
        "p.girard@demo.essaim.fr",
        "Pascale Girard",
        "Maire, représentante de l'AMF",
        listed=False,
    ),
    Account(
        "Juré", "d.morel@demo.essaim.fr", "Didier Morel", "Administrateur du SNDGCT", listed=False
    ),
    Account(
        "Experte",
        "a.besson@demo.essaim.fr",
        "Agnès Besson",
        "Designer de service indépendante",
        listed=False,
    ),
    Account(
        "Expert",
        "y.kaci@demo.essaim.fr",
        "Yacine Kaci",
        "Chef de projet innovation, préfecture",
        listed=False,
    ),
    Account(
        "Experte",
        "c.hamon@demo.essaim.fr",
        "Céline Hamon",
        "Chercheuse en sciences de gestion",
        listed=False,
    ),
    Account(
        "Expert",
        "l.picard@demo.essaim.fr",
        "Luc Picard",
        "Inspecteur général de l'administration",
        listed=False,
    ),
    Account(
        "Jurée",
        "e.santini@demo.essaim.fr",
        "Émilie Santini",
        "Directrice de programme, DITP",
        listed=False,
    ),
)

MNT_POOL: tuple[Panelist, ...] = (
    Panelist(EXPERT, FundRole.REVIEWER, "Commune de Saint-Herblain", "44", 0.0),
    Panelist("i.roche@demo.essaim.fr", FundRole.REVIEWER, "Commune de Montauban", "82", -0.5),
    Panelist("m.lemoine@demo.essaim.fr", FundRole.REVIEWER, "SNDGCT", "", 0.4),
    Panelist(JURY, FundRole.JUROR, "Fonds MNT", "", 0.0),
    Panelist(
        "p.girard@demo.essaim.fr", FundRole.JUROR, "Association des maires de France", "", 0.2
    ),
    Panelist("d.morel@demo.essaim.fr", FundRole.JUROR, "SNDGCT", "", -0.3),
)

DITP_POOL: tuple[Panelist, ...] = (
    Panelist("a.besson@demo.essaim.fr", FundRole.REVIEWER, "Agence Besson Design", "", 0.3),
    Panelist("y.kaci@demo.essaim.fr", FundRole.REVIEWER, "Préfecture de la Gironde", "33", 0.0),
    Panelist("c.hamon@demo.essaim.fr", FundRole.REVIEWER, "Université de Lille", "59", -0.4),
    Panelist(
        "l.picard@demo.essaim.fr",
        FundRole.REVIEWER,
        "Inspection générale de l'administration",
        "75",
        0.1,
    ),
    Panelist("e.santini@demo.essaim.fr", FundRole.JUROR, "DITP", "75", 0.0),
)

POOLS = {"mnt": MNT_POOL, "ditp": DITP_POOL}

# The bodies the referential names differently from the dossiers ("CC du Thouarsais"):
# (name as written in the dossier, département) -> SIREN or INSEE code of the body.
REFERENTIAL_CODES = {
    ("Communauté de communes du Thouarsais", "79"): "247900798",
    ("Communauté de communes Cœur de Brenne", "36"): "243600343",
    ("Agglomération du Pays de Dreux", "28"): "200040277",
    ("Communauté de communes du Grand Autunois Morvan", "71"): "200070530",
    ("Communauté d'agglomération du Grand Dax", "40"): "244000675",
    ("Hautes Terres Communauté", "15"): "200066637",
    ("Ville de Pont-de-Claix", "38"): "38317",
}

# Overall comments for the fund's staff, by level of the reviewer's mean score.
COMMENTS = {
    "high": (
        "Projet très collectif, porté par les agents eux-mêmes ; la démarche avec les usagers "
        "est claire et l'idée se reproduirait facilement ailleurs.",
        "Un vrai besoin, bien décrit, et une équipe motivée. Je recommande ce dossier.",
        "Démarche exemplaire : les agents et les usagers sont associés dès le départ.",
    ),
    "middle": (
        "Idée intéressante, mais la place des usagers dans la démarche reste à préciser.",
        "Projet solide sur le fond ; la dimension collective mériterait d'être développée.",
        "Bon diagnostic ; le calendrier paraît ambitieux pour une équipe de cette taille.",
    ),
    "low": (
        "Le projet répond à un besoin réel mais relève davantage de l'équipement que de la "
        "transformation du service.",
        "Dossier peu développé : on ne voit pas comment agents et usagers seront associés.",
    ),
}

# What the team reads when the stage allows it.
FOR_APPLICANT = {
    "high": "Un projet inspirant : continuez à associer les agents à chaque étape.",
    "middle": "Précisez comment les usagers participeront à la conception.",
    "low": "Le projet gagnerait à partir des besoins exprimés par les agents et les usagers.",
}

# One criterion's comment, written now and then.
CRITERION_NOTES = (
    "Point fort du dossier.",
    "À préciser lors de l'appui.",
    "Convaincant.",
    "Peu documenté.",
)

CONFLICT_DETAILS = (
    "J'ai travaillé pendant six ans avec la directrice générale des services de cette "
    "collectivité : je préfère ne pas évaluer ce dossier."
)

SUPPORT_ROUND_MESSAGE = (
    "Bravo pour votre présélection ! Pendant les semaines qui viennent, l'équipe du fonds vous "
    "aide à préciser votre projet avant le jury. Vous pouvez modifier votre dossier et en "
    "déposer une nouvelle version jusqu'à la date limite."
)
SUPPORT_FEEDBACK = (
    "Le comité a aimé la dimension collective de votre projet. Pour le jury, précisez :\n"
    "– comment les usagers participeront aux entretiens et aux tests ;\n"
    "– qui, parmi les agents, portera le projet au quotidien ;\n"
    "– ce qu'une autre collectivité devrait réunir pour le reproduire."
)
REVISION_NOTE = (
    "\n\nPrécisions apportées pendant l'appui : six entretiens avec des usagers sont prévus "
    "dès le premier mois, et deux agents volontaires animeront le projet avec l'encadrement."
)

JURY_PLACE = "Siège de la MNT, 4 rue d'Athènes, Paris 9e"
JURY_PLACE_DITP = "DITP, 139 rue de Bercy, Paris 12e"
JURY_AGENDA = (
    "1. Présentation des dossiers par l'équipe du fonds\n"
    "2. Échanges sur chaque dossier, avis des experts et notes du jury\n"
    "3. Délibération et désignation des lauréats"
)
MINUTES_NOTES = (
    "Le jury a salué la qualité des dossiers et la place donnée aux agents. Les décisions "
    "ont été prises à l'unanimité des membres présents."
)

# Messages on dossiers: (from staff?, text), in order.
THREAD_OPEN_CALL = (
    (
        True,
        "Bonjour, merci pour votre dossier. Pouvez-vous nous dire combien d'agents "
        "d'accueil participeront aux ateliers de conception ?",
    ),
    (
        False,
        "Bonjour, les quatre agents de l'accueil et deux agents de la médiathèque y "
        "participeront, sur leur temps de travail.",
    ),
    (True, "Merci, c'est noté : nous l'ajoutons à votre dossier pour le comité."),
)
THREAD_SHORTLISTED = (
    (
        True,
        "Bonjour, le jury se réunit bientôt. Votre nouvelle version répond bien à nos "
        "retours ; pensez à préparer une présentation de cinq minutes.",
    ),
)

MAILING_SUBJECT = "{appel} : votre dossier {reference}"
MAILING_BODY = (
    "Bonjour {porteur},\n\n"
    "Merci pour votre dossier « {titre} ». Le comité de première sélection ne l'a pas retenu "
    "cette fois-ci.\n\n{motif}\n\n"
    "Nous espérons vous retrouver lors d'un prochain appel.\n\n"
    "L'équipe du {fonds}"
)
