"""The Fonds MNT (seeds 000–003): the fund, its seven calls since October 2020 (the sixth in selection, the seventh open), the thirteen
laureates named in seed 001 and, around them, fictitious dossiers that were not selected.

The laureates' bodies and subjects are real (seed 001); their dossiers are written from the
seeds and marked "(nom fictif)" wherever a person is invented. Seed 000 and 002 name a few
people in their own words: those names are kept.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from essaim.applications.enums import Maturity, TeamAccess
from essaim.funds.enums import StageKind
from essaim.territory.enums import LOCAL_AUTHORITY_TYPES, OrganisationType

from ..specs import (
    ACCOMPANIED,
    DRAFT,
    IN_ACCOMPANIMENT,
    INELIGIBLE,
    NOT_SELECTED,
    NOT_SHORTLISTED,
    SHORTLISTED,
    SUBMITTED,
    WITHDRAWN,
    Call,
    Dossier,
    Fund,
    Person,
    Stage,
    Theme,
)
from .accounts import COPORTEUR, PORTEUR

PARIS = ZoneInfo("Europe/Paris")
T = OrganisationType


def paris(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


d = dt.date

# --- the fund --------------------------------------------------------------------------

DESCRIPTION = """\
Le Fonds MNT est le fonds de dotation créé en octobre 2020 par la Mutuelle nationale \
territoriale, en partenariat avec le Syndicat national des directeurs généraux des \
collectivités territoriales (SNDGCT) et l'Association des maires de France (AMF). \
Accélérateur d'innovation pour les agents territoriaux, il aide les collectivités à faire \
évoluer l'action publique locale et le métier d'agent territorial. Il ne verse pas \
d'argent : il accompagne, sous forme de mécénat de compétences.

Ses objectifs :
– accompagner l'évolution des métiers des agents ;
– améliorer le service rendu aux usagers ;
– encourager les initiatives des agents ;
– rendre le service public de proximité toujours plus utile.

Des projets proposant une transformation concrète. Les projets sélectionnés portent une \
dimension innovante et un effet positif sur le travail des agents des services publics \
locaux ; ils bénéficient aux usagers.

Des projets collectifs… Pour assurer la réussite de la démarche, les projets recueillent le \
soutien hiérarchique de la collectivité, afin de garantir le bon déroulé des étapes.

… et inspirants. Les projets retenus sont accompagnés avec la volonté qu'ils puissent être \
reproduits et adaptés dans d'autres territoires. Grandes ou petites collectivités, toutes \
sont au cœur de l'innovation publique.

Deux thématiques guident les candidatures :
– Faire évoluer les conditions de travail des agents : comment imaginer les espaces de \
travail de demain ? Comment repenser la collaboration entre les agents d'une même \
collectivité et entre les agents de collectivités différentes ?
– Repenser l'accueil des usagers : comment réinventer l'accueil du public ? Comment \
améliorer la relation à l'utilisateur ? Comment tirer parti du potentiel numérique pour \
améliorer la relation, sans pour autant imposer la dématérialisation ?

Du dépôt du projet à sa concrétisation, sept étapes :
1. Dépôt de candidature, pour tous les agents et les collectivités qui souhaitent \
concrétiser leur projet.
2. Première sélection des dossiers : identification des projets les plus collectifs et \
inspirants.
3. Appui aux équipes porteuses de projet : aide aux participants sélectionnés pour préciser \
leur projet et préparer le dossier soumis au jury.
4. Jury : sélection des projets qui bénéficieront de l'accompagnement.
5. Annonce des résultats.
6. Accompagnement du projet en quatre phases : entretiens usagers ; analyse, conception et \
prototypage ; test du prototype ; consolidation.
7. Déploiement et promotion du projet définitif."""

THEMES = (
    Theme(
        "travail",
        "Faire évoluer les conditions de travail des agents",
        "Comment imaginer les espaces de travail de demain ? Comment repenser la collaboration "
        "entre les agents d'une même collectivité et entre les agents de collectivités "
        "différentes ?",
    ),
    Theme(
        "accueil",
        "Repenser l'accueil des usagers",
        "Comment réinventer l'accueil du public ? Comment améliorer la relation à "
        "l'utilisateur ? Comment tirer parti du potentiel numérique pour améliorer la "
        "relation, sans pour autant imposer la dématérialisation ?",
    ),
)

CALL_DEFAULTS = {
    "audience": (
        "Tous les agents territoriaux, quels que soient leur statut, leur catégorie d'emploi "
        "ou leur fonction, et les décideurs des services publics locaux, quelle que soit la "
        "taille de la collectivité : communes, intercommunalités, départements, régions, "
        "SDIS, centres de gestion, syndicats, CCAS et établissements publics locaux.\n\n"
        "Le projet doit recueillir le soutien hiérarchique de la collectivité."
    ),
    "benefits": (
        "Pas de subvention : un accompagnement humain et opérationnel (mécénat de "
        "compétences) d'environ cinq mois par une agence de design de politiques publiques, "
        "en quatre phases — entretiens usagers ; analyse, conception et prototypage ; test du "
        "prototype ; consolidation.\n\n"
        "Le jury retient deux à quatre projets à chaque appel. Les innovations sont ensuite "
        "présentées à toutes les collectivités pour être reproduites ou adaptées dans "
        "d'autres territoires."
    ),
    "how_to_apply": (
        "Le dossier se remplit en ligne, seul ou avec vos collègues, et s'enregistre au fur "
        "et à mesure : vous pouvez vous arrêter et reprendre plus tard. Prévoyez le nom et "
        "l'adresse e-mail de votre responsable hiérarchique, qui confirme son soutien par un "
        "lien reçu par e-mail."
    ),
    "eligibility_rules": (
        "Le projet est porté par des agents ou des décideurs d'une collectivité territoriale, "
        "d'un groupement ou d'un établissement public local.\n"
        "Il s'inscrit dans l'une des deux thématiques de l'appel.\n"
        "Il a le soutien hiérarchique de la collectivité.\n"
        "Il propose une transformation concrète, qui reste à mener (et non un projet déjà "
        "réalisé ou un simple achat d'équipement).\n"
        "Il a une dimension collective et peut être reproduit ou adapté ailleurs."
    ),
    "allowed_organisation_types": [str(t) for t in LOCAL_AUTHORITY_TYPES],
    "requires_hierarchical_support": True,
    "requires_partners": False,
    "support_kind": "accompaniment",
    "accompaniment_months": 5,
    "max_laureates": 4,
    "min_amount": None,
    "max_amount": None,
    "envelope": None,
    "is_published": True,
}

S = StageKind
FIRST_SELECTION = "Identification des projets les plus collectifs et inspirants."
SUPPORT = (
    "Aide aux équipes présélectionnées pour préciser leur projet et préparer le dossier "
    "soumis au jury."
)
JURY = "Sélection des deux à quatre projets qui bénéficieront de l'accompagnement."
ACCOMPANIMENT = (
    "Environ cinq mois, en quatre phases : entretiens usagers ; analyse, conception et "
    "prototypage ; test du prototype ; consolidation."
)
DEPLOYMENT = "Déploiement et promotion du projet définitif auprès des autres collectivités."


def stages(
    application: tuple[dt.date, dt.date],
    first_selection: tuple[dt.date, dt.date],
    support: tuple[dt.date, dt.date],
    jury: dt.date,
    results: dt.date,
    accompaniment: tuple[dt.date, dt.date],
    deployment: tuple[dt.date, dt.date],
    accompaniment_note: str = "",
) -> tuple[Stage, ...]:
    return (
        Stage(S.APPLICATION, *application, "Pour tous les agents et les collectivités."),
        Stage(S.FIRST_SELECTION, *first_selection, FIRST_SELECTION),
        Stage(S.SUPPORT, *support, SUPPORT),
        Stage(S.JURY, jury, jury, JURY),
        Stage(S.RESULTS, results, results, "Annonce des résultats."),
        Stage(S.ACCOMPANIMENT, *accompaniment, accompaniment_note or ACCOMPANIMENT),
        Stage(S.DEPLOYMENT, *deployment, DEPLOYMENT),
    )


def stages_after_closing(
    *, support_ends: int, jury: int, accompaniment: tuple[int, int], deployment: tuple[int, int]
) -> tuple[Stage, ...]:
    """The steps of a call placed by the day of loading, in days after its closing: five
    weeks to apply, first selection, support to the shortlisted teams, the jury and its
    results a week later, the accompaniment, then the deployment."""
    return (
        Stage(
            S.APPLICATION,
            description="Pour tous les agents et les collectivités.",
            after_closing=(-35, 0),
        ),
        Stage(S.FIRST_SELECTION, description=FIRST_SELECTION, after_closing=(3, 14)),
        Stage(S.SUPPORT, description=SUPPORT, after_closing=(17, support_ends)),
        Stage(S.JURY, description=JURY, after_closing=(jury, jury)),
        Stage(S.RESULTS, description="Annonce des résultats.", after_closing=(jury + 7, jury + 7)),
        Stage(S.ACCOMPANIMENT, description=ACCOMPANIMENT, after_closing=accompaniment),
        Stage(S.DEPLOYMENT, description=DEPLOYMENT, after_closing=deployment),
    )


def invented(full_name: str, job_title: str, project_role: str = "") -> Person:
    """A person invented for a real body: the name says so."""
    return Person(f"{full_name} (nom fictif)", job_title, project_role)


# --- the thirteen laureates (seed 001) -------------------------------------------------

PARIS_MNA = Dossier(
    title="Réaménager l'accueil des jeunes mineurs non accompagnés et des jeunes majeurs",
    organisation_name="Ville de Paris",
    organisation_type=T.COMMUNE,
    departement="75",
    theme="accueil",
    problem=(
        "Les jeunes mineurs non accompagnés et les jeunes majeurs sortant de l'aide sociale à "
        "l'enfance sont reçus dans des locaux pensés pour un accueil administratif classique : "
        "longues attentes debout, informations affichées seulement en français, peu d'endroits "
        "pour parler en confidentialité. Les agents d'accueil et les travailleurs sociaux "
        "constatent des tensions et une fatigue qui pèsent sur la qualité de l'accompagnement."
    ),
    users_concerned=(
        "Des jeunes de 15 à 21 ans, souvent arrivés récemment en France, parlant peu le "
        "français et parfois sans hébergement stable ; les agents d'accueil, éducateurs et "
        "travailleurs sociaux qui les reçoivent chaque jour."
    ),
    idea=(
        "Repenser l'accueil avec les jeunes et les agents : un parcours d'arrivée lisible, une "
        "signalétique en pictogrammes et en plusieurs langues, des espaces d'attente et "
        "d'entretien réaménagés, et un rôle de « premier contact » tenu à tour de rôle par "
        "l'équipe. Les hypothèses sont testées sur un site avant d'être étendues."
    ),
    effect_on_agents=(
        "Moins de tensions au guichet, des entretiens menés dans de meilleures conditions et un "
        "rôle d'accueil reconnu et partagé dans l'équipe."
    ),
    effect_on_users=(
        "Des jeunes orientés dès leur arrivée, qui comprennent les étapes de leur prise en "
        "charge et attendent dans un lieu digne et rassurant."
    ),
    collective_dimension=(
        "Le projet réunit l'aide sociale à l'enfance, les équipes d'accueil, des associations "
        "partenaires et des jeunes accompagnés, consultés à chaque étape."
    ),
    reproducibility=(
        "Les principes d'aménagement et la signalétique multilingue peuvent être repris par "
        "tout département ou toute grande ville qui accueille des publics allophones ou "
        "vulnérables."
    ),
    maturity=Maturity.IDEA,
    outcome=ACCOMPANIED,
    cohort=0,
    team=(
        invented(
            "Nadia Benali",
            "Cheffe du bureau de l'accueil, aide sociale à l'enfance",
            "Cheffe de projet",
        ),
        invented("Yannick Morel", "Éducateur spécialisé", "Référent des jeunes accueillis"),
    ),
    supervisor=invented(
        "Hélène Vasseur", "Sous-directrice de la prévention et de la protection de l'enfance"
    ),
)

FLASSANS = Dossier(
    title="Réorganiser l'accueil en mairie et rendre visibles les services publics locaux",
    organisation_name="Commune de Flassans-sur-Issole",
    organisation_type=T.COMMUNE,
    departement="83",
    theme="accueil",
    problem=(
        "Dans notre commune varoise de près de 4 000 habitants, l'accueil de la mairie, du CCAS "
        "et des services administratifs est dispersé : les habitants ne savent pas à quelle "
        "porte frapper, les agents sont sans cesse interrompus et répondent à des demandes qui "
        "ne relèvent pas d'eux. Les services proposés sur la commune restent mal connus."
    ),
    users_concerned=(
        "Les habitants, dont de nombreux nouveaux arrivants et des personnes âgées peu à l'aise "
        "avec les démarches en ligne ; les agents d'accueil, du CCAS et des services "
        "administratifs."
    ),
    idea=(
        "Un accueil unique et polyvalent à l'entrée de la mairie, un rôle d'accueil défini "
        "avec les agents, et une signalétique et des supports qui rendent visibles tous les "
        "services publics présents sur la commune, y compris ceux d'autres administrations."
    ),
    effect_on_agents=(
        "Des missions d'accueil clarifiées, moins d'interruptions, et une montée en "
        "compétences reconnue : les agents prennent conscience des compétences nécessaires à "
        "l'évolution des services publics."
    ),
    effect_on_users=(
        "Une seule porte d'entrée, une réponse ou une orientation dès le premier contact, des "
        "services mieux connus."
    ),
    collective_dimension=(
        "Un travail collaboratif entre les élus, la direction générale des services, le CCAS "
        "et tous les agents, qui donne de la fluidité au travail quotidien."
    ),
    reproducibility=(
        "La démarche convient à toute petite commune rurale ou périurbaine qui réunit "
        "plusieurs services dans une même mairie."
    ),
    maturity=Maturity.IDEA,
    outcome=ACCOMPANIED,
    cohort=0,
    team=(
        Person("Carole Dolignon", "Directrice générale des services", "Cheffe de projet"),
        Person(
            "Edith Poupeney", "Responsable du centre communal d'action sociale", "Accueil social"
        ),
    ),
    supervisor=invented("François Meunier", "Maire"),
)

PESSAC = Dossier(
    title="Améliorer l'expérience des usagers grâce à un accueil téléphonique de qualité",
    organisation_name="Ville de Pessac",
    organisation_type=T.COMMUNE,
    departement="33",
    theme="accueil",
    problem=(
        "Le standard de la ville reçoit plusieurs milliers d'appels par mois. Aux heures de "
        "pointe, une partie reste sans réponse et les transferts entre services se perdent : "
        "les habitants rappellent plusieurs fois, et les agents de l'accueil téléphonique "
        "travaillent sous une forte pression."
    ),
    users_concerned=(
        "Les habitants qui appellent la mairie, en particulier ceux qui ne font pas leurs "
        "démarches en ligne ; les agents du standard et des accueils des services."
    ),
    idea=(
        "Repenser la stratégie d'accueil téléphonique avec des designers de service : écouter "
        "des appels, interroger usagers et agents, puis tester un nouveau parcours — message "
        "d'accueil, rappel à heure convenue, base de réponses partagée entre le standard et "
        "les services."
    ),
    effect_on_agents=(
        "Moins d'appels répétés et de transferts inutiles ; des agents du standard outillés "
        "pour répondre eux-mêmes aux questions les plus fréquentes."
    ),
    effect_on_users=(
        "Une réponse au premier appel ou un rappel à l'heure convenue, sans être renvoyé de "
        "service en service."
    ),
    collective_dimension=(
        "La direction des relations usagers pilote le projet avec le standard, l'état civil, "
        "l'urbanisme et le CCAS, qui reçoivent le plus d'appels transférés."
    ),
    reproducibility=(
        "Toute collectivité dotée d'un standard peut reprendre la méthode d'écoute des appels "
        "et la base de réponses partagée."
    ),
    maturity=Maturity.IDEA,
    outcome=ACCOMPANIED,
    cohort=1,
    team=(
        Person("Pierre Lormeau", "Directeur des relations usagers", "Chef de projet"),
        invented("Sandrine Lopez", "Responsable de l'accueil téléphonique"),
    ),
    supervisor=invented("Marc Delorme", "Directeur général des services"),
)

RENAC = Dossier(
    title="Redynamiser le centre-bourg en repensant les usages d'un lieu culturel",
    organisation_name="Commune de Renac",
    organisation_type=T.COMMUNE,
    departement="35",
    theme="accueil",
    problem=(
        "Comme beaucoup de bourgs ruraux, Renac a perdu ses lieux de rencontre : les habitants "
        "se croisent peu et un bâtiment culturel du centre-bourg, chargé d'histoire, est "
        "sous-utilisé. La commune veut recréer des liens de socialisation et de convivialité "
        "sans imposer un projet tout fait."
    ),
    users_concerned=(
        "Les habitants de la commune, des plus jeunes aux plus âgés, les associations locales, "
        "et les agents et élus qui animent la vie du bourg."
    ),
    idea=(
        "Penser l'avenir du lieu avec la population, dès le début et dans la durée : recueillir "
        "les souvenirs et les envies des habitants, imaginer ensemble de nouveaux usages, les "
        "tester lors d'ouvertures temporaires, puis confier le lieu à un projet associatif "
        "soutenu par la commune."
    ),
    effect_on_agents=(
        "Des agents et des élus outillés pour la concertation, avec une technicité "
        "complémentaire qui manque aux petites communes."
    ),
    effect_on_users=(
        "Un lieu de vie ouvert au centre-bourg, qui appartient à la population et crée de "
        "nouvelles occasions de se rencontrer."
    ),
    collective_dimension=(
        "Un projet à la fois associatif et municipal, construit avec les habitants, les "
        "associations, les élus et les agents."
    ),
    reproducibility=(
        "La méthode de concertation autour d'un lieu existant peut servir à toute commune "
        "rurale qui veut revitaliser son centre-bourg."
    ),
    maturity=Maturity.IDEA,
    outcome=ACCOMPANIED,
    cohort=1,
    team=(
        Person("Damien Guillas", "Adjoint au maire", "Chef de projet"),
        Person("Anne Patault", "Adjointe au maire", "Lien avec les associations"),
    ),
    supervisor=invented("Jean-Luc Hamon", "Maire"),
)

ALLIER = Dossier(
    title="Repenser l'accueil extérieur de la Maison des solidarités",
    organisation_name="Conseil départemental de l'Allier",
    organisation_type=T.DEPARTEMENT,
    departement="03",
    theme="accueil",
    problem=(
        "Devant la Maison des solidarités, les personnes attendent dehors, sans abri ni "
        "information, avant l'ouverture ou entre deux rendez-vous. L'entrée est peu lisible, "
        "les personnes hésitent à entrer et les agents d'accueil gèrent à l'intérieur des "
        "situations tendues nées de cette attente."
    ),
    users_concerned=(
        "Les personnes reçues par les services sociaux du département — familles, "
        "bénéficiaires du RSA, personnes âgées ou en situation de handicap — et les agents "
        "d'accueil et travailleurs sociaux."
    ),
    idea=(
        "Concevoir avec les usagers et les agents un accueil qui commence dehors : un espace "
        "abrité, une entrée et des horaires lisibles, des informations utiles en attendant, "
        "et un premier contact possible avant même de franchir la porte."
    ),
    effect_on_agents=(
        "Des arrivées plus sereines, moins de tensions à gérer au guichet, un accueil pensé "
        "avec les agents qui le tiennent."
    ),
    effect_on_users=(
        "Une attente digne et abritée, une entrée qui rassure, des personnes mieux informées "
        "avant leur rendez-vous."
    ),
    collective_dimension=(
        "La direction de l'action sociale, les agents d'accueil, les services des bâtiments et "
        "des usagers de la Maison des solidarités travaillent ensemble."
    ),
    reproducibility=(
        "Tout département peut reprendre ces principes pour ses maisons des solidarités ou ses "
        "centres médico-sociaux."
    ),
    maturity=Maturity.IDEA,
    outcome=ACCOMPANIED,
    cohort=0,
    team=(
        invented(
            "Isabelle Chauvet", "Responsable de territoire d'action sociale", "Cheffe de projet"
        ),
        invented("Mathieu Perrot", "Agent d'accueil"),
    ),
    supervisor=invented("Véronique Barbier", "Directrice générale adjointe des solidarités"),
)

SAINT_AMAND = Dossier(
    title="Transformer la bibliothèque en pôle culturel et social",
    organisation_name="Commune de Saint-Amand-en-Puisaye",
    organisation_type=T.COMMUNE,
    departement="58",
    theme="accueil",
    problem=(
        "La bibliothèque municipale n'accueille plus qu'un public d'habitués, alors que les "
        "habitants manquent de lieux où se retrouver, se faire aider dans leurs démarches ou "
        "accéder à internet. Les services sociaux et culturels du territoire sont éloignés."
    ),
    users_concerned=(
        "Les habitants de la commune et des villages voisins, notamment les familles, les "
        "personnes âgées isolées et celles qui ont peu accès au numérique ; l'agente de la "
        "bibliothèque et les bénévoles."
    ),
    idea=(
        "Faire de la bibliothèque un pôle culturel et social : des horaires et des espaces "
        "repensés, des permanences de services publics, un accompagnement aux démarches et des "
        "activités construites avec les habitants."
    ),
    effect_on_agents=(
        "Un métier enrichi pour l'agente de la bibliothèque, soutenue par un réseau de "
        "partenaires au lieu d'être seule face aux demandes."
    ),
    effect_on_users=(
        "Un lieu proche, ouvert et accueillant pour se cultiver, se rencontrer et être aidé "
        "dans ses démarches."
    ),
    collective_dimension=(
        "La commune associe les bénévoles, la communauté de communes, les services sociaux et "
        "les associations culturelles du territoire."
    ),
    reproducibility=(
        "Une transformation à la portée de nombreuses petites communes qui ont une "
        "bibliothèque et cherchent à maintenir des services de proximité."
    ),
    maturity=Maturity.IDEA,
    outcome=ACCOMPANIED,
    cohort=0,
    team=(
        invented("Martine Giraud", "Secrétaire générale de mairie", "Cheffe de projet"),
        invented("Lucie Fontaine", "Agente de la bibliothèque"),
    ),
    supervisor=invented("Gérard Colin", "Maire"),
)

SDIS_CALVADOS = Dossier(
    title="Mieux prendre en charge les victimes sourdes et malentendantes",
    organisation_name="Service départemental d'incendie et de secours du Calvados",
    organisation_type=T.SDIS,
    departement="14",
    theme="accueil",
    problem=(
        "Lors d'une intervention, la communication avec une victime sourde ou malentendante "
        "repose sur l'improvisation : gestes, papier, téléphone. Des informations essentielles "
        "sur son état de santé se perdent, et les sapeurs-pompiers se sentent démunis."
    ),
    users_concerned=(
        "Les personnes sourdes et malentendantes du Calvados, leurs proches, et les "
        "sapeurs-pompiers professionnels et volontaires qui interviennent auprès d'elles."
    ),
    idea=(
        "Concevoir avec des personnes sourdes et malentendantes et des sapeurs-pompiers des "
        "outils de communication adaptés à l'urgence — supports visuels, phrases clés, "
        "sensibilisation des équipes — et les tester lors de manœuvres."
    ),
    effect_on_agents=(
        "Des sapeurs-pompiers formés et outillés, plus sûrs d'eux face à une victime qu'ils ne "
        "comprenaient pas."
    ),
    effect_on_users=(
        "Des victimes qui peuvent dire ce qu'elles ressentent et comprendre ce qu'on leur fait, "
        "avec une prise en charge plus sûre."
    ),
    collective_dimension=(
        "Le SDIS travaille avec des associations de personnes sourdes et malentendantes, le "
        "SAMU et les centres de secours volontaires."
    ),
    reproducibility=(
        "Les supports et la formation peuvent être repris par tous les SDIS et, plus "
        "largement, par les services d'urgence."
    ),
    maturity=Maturity.IDEA,
    outcome=ACCOMPANIED,
    cohort=1,
    team=(
        invented("Capitaine Olivier Renaud", "Chef du service prévision", "Chef de projet"),
        invented("Adjudante Émilie Leroux", "Sapeur-pompier, formatrice secourisme"),
    ),
    supervisor=invented("Colonel Philippe Carré", "Directeur départemental adjoint"),
)

THAU = Dossier(
    title=(
        "Repenser la sensibilisation du grand public aux cours d'eau, milieux sensibles et "
        "patrimoine vivant"
    ),
    organisation_name="Syndicat mixte du bassin de Thau",
    organisation_type=T.SYNDICAT,
    departement="34",
    theme="accueil",
    problem=(
        "Les animations de sensibilisation aux cours d'eau et aux milieux sensibles du bassin "
        "touchent surtout un public déjà convaincu. Les habitants et les visiteurs connaissent "
        "mal la lagune, ses cours d'eau et son patrimoine vivant, et les agents ont le "
        "sentiment de parler toujours aux mêmes."
    ),
    users_concerned=(
        "Les habitants du bassin de Thau, les scolaires, les visiteurs de passage, et les "
        "agents et techniciens du syndicat qui animent les opérations."
    ),
    idea=(
        "Repartir des attentes du grand public pour repenser les opérations de "
        "sensibilisation : nouveaux formats sur le terrain, supports conçus avec les "
        "habitants, rôle des agents revu pour aller vers ceux qu'on ne touche pas."
    ),
    effect_on_agents=(
        "Des techniciens reconnus dans leur rôle de médiation, avec des formats qu'ils ont "
        "contribué à concevoir."
    ),
    effect_on_users=(
        "Des habitants et visiteurs qui comprennent mieux les milieux qui les entourent et les "
        "gestes qui les protègent."
    ),
    collective_dimension=(
        "Le syndicat associe les communes du bassin, les associations d'éducation à "
        "l'environnement et les acteurs de la conchyliculture."
    ),
    reproducibility=(
        "La démarche s'adresse à tous les syndicats de bassin, parcs et gestionnaires "
        "d'espaces naturels."
    ),
    maturity=Maturity.IDEA,
    outcome=ACCOMPANIED,
    cohort=0,
    team=(
        invented("Laure Bonnet", "Chargée de mission sensibilisation", "Cheffe de projet"),
        invented("Kevin Marty", "Technicien de rivière"),
    ),
    supervisor=invented("Sébastien Roux", "Directeur du syndicat"),
)

CDG_79 = Dossier(
    title=(
        "Réinventer l'offre de services RH du centre de gestion en complémentarité avec les "
        "intercommunalités"
    ),
    organisation_name="Centre de gestion de la fonction publique territoriale des Deux-Sèvres",
    organisation_type=T.CENTRE_GESTION,
    departement="79",
    theme="travail",
    problem=(
        "Les communes des Deux-Sèvres reçoivent des services en ressources humaines à la fois "
        "du centre de gestion et de leur intercommunalité, sans toujours savoir qui fait quoi. "
        "Certaines offres se chevauchent, d'autres besoins restent sans réponse, et les "
        "secrétaires de mairie s'épuisent à chercher le bon interlocuteur."
    ),
    users_concerned=(
        "Les secrétaires de mairie et élus employeurs des petites communes, les services RH "
        "des intercommunalités et les agents du centre de gestion."
    ),
    idea=(
        "Construire avec les intercommunalités une offre de services RH lisible et "
        "complémentaire : cartographie des besoins, partage des rôles, porte d'entrée commune "
        "pour les communes, et nouveaux services co-conçus là où des manques apparaissent."
    ),
    effect_on_agents=(
        "Des agents du centre de gestion et des intercommunalités qui coopèrent au lieu de se "
        "concurrencer, et des secrétaires de mairie moins isolés."
    ),
    effect_on_users=(
        "Des communes employeuses qui savent à qui s'adresser et obtiennent une réponse plus "
        "rapide, au bénéfice de leurs agents."
    ),
    collective_dimension=(
        "Le projet associe les neuf intercommunalités du département, des secrétaires de "
        "mairie et les élus du conseil d'administration du centre de gestion."
    ),
    reproducibility=(
        "Tous les centres de gestion partagent cette question : la démarche et la "
        "cartographie des rôles sont transposables."
    ),
    maturity=Maturity.IDEA,
    outcome=ACCOMPANIED,
    cohort=1,
    team=(
        invented(
            "Nathalie Guérin", "Directrice du pôle conseil et accompagnement", "Cheffe de projet"
        ),
        invented("Damien Besson", "Conseiller en organisation"),
    ),
    supervisor=invented("Patrick Royer", "Directeur du centre de gestion"),
)

HAZEBROUCK = Dossier(
    title="Lutter contre l'absentéisme en agissant sur les conditions de travail",
    organisation_name="Ville d'Hazebrouck",
    organisation_type=T.COMMUNE,
    departement="59",
    theme="travail",
    problem=(
        "L'absentéisme progresse dans plusieurs services de la ville, surtout parmi les agents "
        "de terrain. Chaque absence reporte la charge sur les collègues présents, ce qui "
        "fatigue les équipes et fragilise le service rendu aux habitants."
    ),
    users_concerned=(
        "Les agents des services techniques, de l'entretien et de la restauration scolaire, "
        "leurs encadrants, et les habitants qui dépendent de ces services."
    ),
    idea=(
        "Comprendre avec les agents ce qui les use et ce qui les fait tenir, puis tester des "
        "réponses concrètes : organisation des plannings, accueil après une absence, "
        "aménagement de postes, rôle des encadrants de proximité."
    ),
    effect_on_agents=(
        "Des conditions de travail améliorées là où elles pèsent le plus, et des agents "
        "écoutés sur ce qui les concerne."
    ),
    effect_on_users=(
        "Des services plus réguliers : écoles entretenues, cantines et espaces publics assurés "
        "sans interruption."
    ),
    collective_dimension=(
        "La direction des ressources humaines, les encadrants, les représentants du personnel "
        "et le service de prévention travaillent ensemble."
    ),
    reproducibility=(
        "La méthode d'écoute et les mesures testées peuvent inspirer toute collectivité "
        "confrontée à l'absentéisme de ses équipes de terrain."
    ),
    maturity=Maturity.IDEA,
    outcome=ACCOMPANIED,
    cohort=0,
    team=(
        invented("Céline Lemaire", "Directrice des ressources humaines", "Cheffe de projet"),
        invented("Rachid Benamar", "Responsable du centre technique municipal"),
    ),
    supervisor=invented("Dominique Lefebvre", "Directeur général des services"),
)

HAUTE_CORREZE = Dossier(
    title="Renforcer la démocratie participative sur un territoire rural",
    organisation_name="Haute-Corrèze Communauté",
    organisation_type=T.EPCI,
    departement="19",
    theme="accueil",
    problem=(
        "Sur un territoire de plus de soixante-dix communes rurales, les habitants participent "
        "peu aux décisions de l'intercommunalité, qu'ils connaissent mal. Les réunions "
        "publiques rassemblent toujours les mêmes personnes, et les agents manquent d'outils "
        "pour associer la population."
    ),
    users_concerned=(
        "Les habitants de Haute-Corrèze, en particulier les jeunes, les actifs et les nouveaux "
        "arrivants qu'on entend peu ; les élus et les agents de l'intercommunalité."
    ),
    idea=(
        "Concevoir avec les habitants de nouvelles façons de participer — aller à leur "
        "rencontre dans les bourgs, formats courts, retour systématique sur ce qui a été "
        "décidé — et former les agents à les animer."
    ),
    effect_on_agents=(
        "Des agents formés à la participation, qui ne portent plus seuls la concertation de "
        "leurs projets."
    ),
    effect_on_users=(
        "Des habitants qui comprennent le rôle de l'intercommunalité et voient l'effet de leur "
        "participation."
    ),
    collective_dimension=(
        "L'intercommunalité associe les communes membres, le conseil de développement et les "
        "associations locales."
    ),
    reproducibility=("Les formats testés conviennent aux intercommunalités rurales étendues."),
    maturity=Maturity.IDEA,
    outcome=ACCOMPANIED,
    cohort=1,
    team=(
        invented("Élise Vidal", "Chargée de mission participation citoyenne", "Cheffe de projet"),
        invented("Bastien Faure", "Chargé de communication"),
    ),
    supervisor=invented("Michel Tessier", "Directeur général des services"),
)

PONT_DE_CLAIX = Dossier(
    title="Évaluer la qualité de l'accueil avec les usagers et les agents",
    organisation_name="Ville de Pont-de-Claix",
    organisation_type=T.COMMUNE,
    departement="38",
    theme="accueil",
    problem=(
        "La ville a fait évoluer ses accueils ces dernières années, mais ne sait pas mesurer "
        "leur qualité autrement que par les réclamations. Les agents d'accueil n'ont pas de "
        "retour sur leur travail et les habitants ne sont jamais consultés."
    ),
    users_concerned=(
        "Les habitants qui se rendent à l'accueil de la mairie, du CCAS et des équipements "
        "municipaux, ou qui appellent ; les agents de ces accueils."
    ),
    idea=(
        "Construire avec les usagers et les agents une évaluation de l'accueil qui leur "
        "ressemble : des critères de qualité choisis ensemble, des façons simples de recueillir "
        "l'avis des habitants, et des temps réguliers pour en tirer des améliorations."
    ),
    effect_on_agents=(
        "Des agents qui voient reconnue la qualité de leur travail et participent aux "
        "améliorations."
    ),
    effect_on_users=(
        "Des habitants écoutés, et un accueil qui s'améliore en continu à partir de leurs retours."
    ),
    collective_dimension=(
        "Tous les accueils municipaux participent, avec la direction générale et un groupe "
        "d'habitants volontaires."
    ),
    reproducibility=(
        "Le référentiel et les outils d'évaluation peuvent être adaptés par toute commune."
    ),
    maturity=Maturity.IDEA,
    outcome=IN_ACCOMPANIMENT,
    cohort=0,
    team=(
        invented("Aurélie Caron", "Responsable de la relation aux usagers", "Cheffe de projet"),
        invented("Hugo Brunet", "Agent d'accueil"),
    ),
    supervisor=invented("Stéphane Arnaud", "Directeur général des services"),
)

CDG_60 = Dossier(
    title="Une bourse de mobilité pour les agents territoriaux de l'Oise",
    organisation_name="Centre de gestion de la fonction publique territoriale de l'Oise",
    organisation_type=T.CENTRE_GESTION,
    departement="60",
    theme="travail",
    problem=(
        "Des agents souhaitent changer de poste ou de collectivité — usure, projet personnel, "
        "reconversion — mais les occasions restent invisibles et les démarches complexes. Les "
        "collectivités, de leur côté, peinent à recruter sur des postes que d'autres agents "
        "pourraient occuper."
    ),
    users_concerned=(
        "Les agents territoriaux des collectivités de l'Oise, les services de ressources "
        "humaines et les secrétaires de mairie qui recrutent."
    ),
    idea=(
        "Une bourse de mobilité pensée avec les agents et les employeurs : repérer les "
        "souhaits de mobilité, faire se rencontrer les agents et les postes, accompagner les "
        "périodes d'immersion et les échanges de postes entre collectivités."
    ),
    effect_on_agents=(
        "Des parcours professionnels possibles sans quitter la fonction publique territoriale, "
        "et moins d'usure."
    ),
    effect_on_users=(
        "Des postes pourvus plus vite, donc des services maintenus dans les communes."
    ),
    collective_dimension=(
        "Le centre de gestion construit l'outil avec des collectivités volontaires de toutes "
        "tailles et les représentants du personnel."
    ),
    reproducibility=(
        "Chaque centre de gestion peut proposer une bourse semblable à ses collectivités."
    ),
    maturity=Maturity.IDEA,
    outcome=IN_ACCOMPANIMENT,
    cohort=1,
    team=(
        invented("Sophie Lambert", "Responsable de l'emploi territorial", "Cheffe de projet"),
        invented("Julien Charpentier", "Conseiller mobilité"),
    ),
    supervisor=invented("Frédéric Masson", "Directeur du centre de gestion"),
)


# --- fictitious dossiers that were not selected ----------------------------------------


def fictitious(
    title: str,
    organisation_name: str,
    organisation_type: str,
    departement: str,
    theme: str,
    problem: str,
    idea: str,
    outcome: str,
    *,
    users: str,
    agents: str,
    effect: str,
    collective: str,
    reproducibility: str,
    reason: str = "",
    owner: Person,
    supervisor: Person,
) -> Dossier:
    return Dossier(
        title=title,
        organisation_name=organisation_name,
        organisation_type=organisation_type,
        departement=departement,
        theme=theme,
        problem=problem,
        users_concerned=users,
        idea=idea,
        effect_on_agents=agents,
        effect_on_users=effect,
        collective_dimension=collective,
        reproducibility=reproducibility,
        maturity=Maturity.IDEA,
        outcome=outcome,
        reason=reason,
        team=(owner,),
        supervisor=supervisor,
        fictitious=True,
    )


CALL_1_OTHERS = (
    fictitious(
        "Des bureaux partagés entre communes voisines pour les agents en télétravail",
        "Communauté de communes du Thouarsais",
        T.EPCI,
        "79",
        "travail",
        "Depuis la crise sanitaire, des agents télétravaillent dans de mauvaises conditions, "
        "isolés et loin de leur collectivité.",
        "Ouvrir dans trois mairies des bureaux partagés que tout agent du territoire peut "
        "réserver.",
        NOT_SHORTLISTED,
        users="Les agents des communes et de l'intercommunalité.",
        agents="Moins de trajets et d'isolement.",
        effect="Un service maintenu près des habitants.",
        collective="Trois communes et l'intercommunalité.",
        reproducibility="Toute intercommunalité rurale.",
        reason=(
            "Projet pertinent mais encore peu précis sur les usages ; le comité a retenu des "
            "projets plus avancés dans leur réflexion collective."
        ),
        owner=Person("Hervé Poirier", "Directeur des ressources humaines"),
        supervisor=Person("Martine Aubert", "Directrice générale des services"),
    ),
    fictitious(
        "Un accueil sur rendez-vous sans file d'attente",
        "Commune de Montbrison",
        T.COMMUNE,
        "42",
        "accueil",
        "Pendant la crise sanitaire, les files d'attente devant la mairie sont devenues "
        "impossibles à gérer.",
        "Généraliser l'accueil sur rendez-vous, pris par téléphone ou au guichet.",
        NOT_SHORTLISTED,
        users="Les habitants qui viennent en mairie pour l'état civil et les titres.",
        agents="Des journées mieux organisées.",
        effect="Moins d'attente.",
        collective="Les services de l'état civil et de l'accueil.",
        reproducibility="Toute commune.",
        reason="Le comité a privilégié des projets à la dimension collective plus marquée.",
        owner=Person("Valérie Dumas", "Responsable de l'état civil"),
        supervisor=Person("Laurent Chevalier", "Directeur général des services"),
    ),
    fictitious(
        "Des bornes tactiles pour toutes les démarches en mairie",
        "Commune de Vitré",
        T.COMMUNE,
        "35",
        "accueil",
        "Les démarches simples occupent les agents d'accueil une grande partie de la journée.",
        "Acheter et installer quatre bornes tactiles dans le hall de la mairie.",
        INELIGIBLE,
        users="Les habitants qui viennent en mairie.",
        agents="Moins de demandes simples au guichet.",
        effect="Des démarches possibles sans attendre.",
        collective="Le service informatique et l'accueil.",
        reproducibility="Toute commune qui le souhaite.",
        reason=(
            "Achat d'équipements sans démarche associant les agents et les usagers : hors du "
            "champ de l'appel, qui accompagne des transformations de service."
        ),
        owner=Person("Nicolas Lebrun", "Responsable du service informatique"),
        supervisor=Person("Anne Prévost", "Directrice générale des services"),
    ),
    fictitious(
        "Un espace de récupération pour les agents des services techniques",
        "Commune de Lannion",
        T.COMMUNE,
        "22",
        "travail",
        "Les agents des espaces verts et de la voirie n'ont pas de lieu pour se reposer, se "
        "réchauffer ou se changer pendant leurs journées sur le terrain.",
        "Concevoir avec eux des espaces de récupération répartis dans la ville, dans des "
        "bâtiments municipaux existants.",
        NOT_SELECTED,
        users="Les agents des services techniques.",
        agents="Moins de fatigue et de troubles musculo-squelettiques.",
        effect="Des agents en meilleure forme, un service plus régulier.",
        collective="Les services techniques, la prévention et les représentants du personnel.",
        reproducibility="Toute ville moyenne.",
        reason="Le jury a retenu quatre projets ; celui-ci arrive juste après.",
        owner=Person("Gwenaël Le Roux", "Responsable du centre technique municipal"),
        supervisor=Person("Sylvie Kerbrat", "Directrice générale des services"),
    ),
    fictitious(
        "Un guichet itinérant pour les hameaux",
        "Commune de Saint-Flour",
        T.COMMUNE,
        "15",
        "accueil",
        "Les habitants des hameaux, souvent âgés et sans voiture, ne viennent plus en mairie.",
        "Un agent d'accueil se déplace chaque semaine dans les hameaux avec un guichet mobile.",
        NOT_SELECTED,
        users="Les habitants des hameaux.",
        agents="Un métier d'accueil qui va vers les habitants.",
        effect="Des démarches faites près de chez soi.",
        collective="La mairie, le CCAS et La Poste.",
        reproducibility="Toute commune étendue.",
        reason="Le jury a retenu d'autres projets sur l'accueil des usagers.",
        owner=Person("Mireille Bastide", "Secrétaire générale de mairie"),
        supervisor=Person("Jean Vidalenc", "Maire"),
    ),
)

CALL_2_OTHERS = (
    fictitious(
        "Un réseau d'entraide entre secrétaires de mairie",
        "Communauté de communes Cœur de Brenne",
        T.EPCI,
        "36",
        "travail",
        "Les secrétaires de mairie des petites communes travaillent seuls et ne savent pas à "
        "qui demander conseil.",
        "Animer un réseau d'entraide : rencontres mensuelles, messagerie partagée, "
        "remplacements croisés.",
        NOT_SELECTED,
        users="Les secrétaires de mairie des communes membres.",
        agents="Moins d'isolement, des réponses plus rapides.",
        effect="Des mairies ouvertes même pendant les congés.",
        collective="Les communes membres et le centre de gestion.",
        reproducibility="Toute intercommunalité rurale.",
        reason="Le jury a salué le projet mais retenu des démarches plus innovantes.",
        owner=Person("Patricia Renard", "Chargée de mission mutualisation"),
        supervisor=Person("Bernard Aucher", "Directeur général des services"),
    ),
    fictitious(
        "Refaire la rampe d'accès et le parking de la mairie",
        "Commune de Lamballe-Armor",
        T.COMMUNE,
        "22",
        "accueil",
        "L'entrée de la mairie n'est pas accessible aux personnes en fauteuil roulant.",
        "Construire une rampe d'accès et réaménager le parking.",
        INELIGIBLE,
        users="Les personnes à mobilité réduite.",
        agents="Plus besoin de recevoir certains habitants dehors.",
        effect="Une mairie accessible.",
        collective="Les services techniques.",
        reproducibility="Toute commune.",
        reason=(
            "Travaux d'accessibilité du bâtiment : hors du champ de l'appel, qui accompagne "
            "l'évolution des pratiques de travail et de l'accueil."
        ),
        owner=Person("Yves Le Bihan", "Directeur des services techniques"),
        supervisor=Person("Christine Morvan", "Directrice générale des services"),
    ),
    fictitious(
        "Des ateliers numériques animés par les agents d'accueil",
        "Commune de Rezé",
        T.COMMUNE,
        "44",
        "accueil",
        "De nombreux habitants viennent en mairie parce qu'ils n'arrivent pas à faire leurs "
        "démarches en ligne.",
        "Des ateliers hebdomadaires où les agents d'accueil montrent les démarches les plus "
        "courantes.",
        NOT_SHORTLISTED,
        users="Les habitants éloignés du numérique.",
        agents="Un rôle de médiation reconnu.",
        effect="Des habitants plus autonomes, sans obligation de passer au numérique.",
        collective="L'accueil, le CCAS et la médiathèque.",
        reproducibility="Toute commune.",
        reason="Projet proche de dispositifs existants (conseillers numériques).",
        owner=Person("Morgane Guillou", "Responsable de l'accueil"),
        supervisor=Person("Thierry Pasquier", "Directeur général des services"),
    ),
    fictitious(
        "Une équipe de remplacement mutualisée pour l'entretien des écoles",
        "Syndicat intercommunal à vocation scolaire de la vallée du Gier",
        T.SYNDICAT,
        "42",
        "travail",
        "Chaque absence d'un agent d'entretien désorganise une école, faute de remplaçant.",
        "Une petite équipe de remplacement partagée entre les écoles du syndicat.",
        NOT_SHORTLISTED,
        users="Les agents d'entretien et les équipes des écoles.",
        agents="Moins de surcharge pour les collègues présents.",
        effect="Des écoles toujours propres.",
        collective="Les cinq communes du syndicat.",
        reproducibility="Tout syndicat scolaire.",
        reason="Le comité a retenu des projets plus collectifs et inspirants.",
        owner=Person("Karine Chapuis", "Directrice du syndicat"),
        supervisor=Person("Roger Faure", "Président du syndicat"),
    ),
    fictitious(
        "Un accueil de jour partagé avec le CCAS",
        "Centre communal d'action sociale de Dole",
        T.CCAS,
        "39",
        "accueil",
        "Les personnes sans domicile sont accueillies à plusieurs endroits selon leur demande.",
        "Un accueil de jour unique, partagé entre le CCAS et les associations.",
        WITHDRAWN,
        users="Les personnes sans domicile ou mal logées.",
        agents="Un travail coordonné avec les associations.",
        effect="Un seul lieu pour être accueilli et orienté.",
        collective="Le CCAS et trois associations.",
        reproducibility="Toute ville moyenne.",
        reason=(
            "Le projet sera porté par l'intercommunalité dans la future maison France "
            "Services ; nous retirons notre dossier."
        ),
        owner=Person("Agnès Vuillemin", "Directrice du CCAS"),
        supervisor=Person("Paul Girardot", "Vice-président du CCAS"),
    ),
)

CALL_3_OTHERS = (
    fictitious(
        "Un parcours d'intégration des nouveaux agents écrit avec les agents",
        "Commune de Fougères",
        T.COMMUNE,
        "35",
        "travail",
        "Les nouveaux agents découvrent seuls l'organisation et quittent parfois la "
        "collectivité dans l'année.",
        "Un parcours d'intégration conçu avec des agents récemment arrivés : accueil, "
        "parrainage, visites des services.",
        NOT_SELECTED,
        users="Les agents nouvellement recrutés et leurs équipes.",
        agents="Une intégration plus rapide et moins de départs.",
        effect="Des services stables.",
        collective="Les ressources humaines et tous les services.",
        reproducibility="Toute collectivité qui recrute.",
        reason="Le jury a retenu deux projets ; celui-ci était en concurrence directe.",
        owner=Person("Élodie Lemoine", "Chargée de recrutement"),
        supervisor=Person("Alain Robert", "Directeur général des services"),
    ),
    fictitious(
        "Rendre les courriers de la mairie compréhensibles par tous",
        "Commune d'Auch",
        T.COMMUNE,
        "32",
        "accueil",
        "Les habitants appellent ou viennent en mairie parce qu'ils n'ont pas compris un courrier.",
        "Réécrire avec des habitants les vingt courriers les plus envoyés.",
        NOT_SELECTED,
        users="Tous les habitants qui reçoivent un courrier de la mairie.",
        agents="Moins d'appels d'explication.",
        effect="Des courriers compris du premier coup.",
        collective="Tous les services qui écrivent aux habitants.",
        reproducibility="Les courriers réécrits peuvent être partagés avec d'autres communes.",
        reason="Le jury a retenu d'autres projets sur l'accueil des usagers.",
        owner=Person("Isabelle Cazaux", "Chargée de la relation usagers"),
        supervisor=Person("Henri Dupuy", "Directeur général des services"),
    ),
    fictitious(
        "Des horaires d'ouverture décidés avec les habitants",
        "Commune de Guingamp",
        T.COMMUNE,
        "22",
        "accueil",
        "Les horaires de la mairie ne conviennent pas aux habitants qui travaillent.",
        "Consulter les habitants et tester de nouveaux horaires pendant trois mois.",
        NOT_SHORTLISTED,
        users="Les habitants actifs.",
        agents="Des horaires discutés avec eux.",
        effect="Une mairie ouverte quand on peut y aller.",
        collective="Les services d'accueil et les représentants du personnel.",
        reproducibility="Toute commune.",
        reason="Projet utile mais de portée limitée pour un accompagnement de cinq mois.",
        owner=Person("Tristan Le Goff", "Responsable de l'accueil"),
        supervisor=Person("Maryvonne Le Du", "Directrice générale des services"),
    ),
    fictitious(
        "Un tiers-lieu pour les agents en déplacement",
        "Conseil départemental de la Creuse",
        T.DEPARTEMENT,
        "23",
        "travail",
        "Les agents du département parcourent de longues distances entre deux rendez-vous sans "
        "lieu pour travailler.",
        "Ouvrir des postes de travail dans les bâtiments départementaux du territoire.",
        NOT_SHORTLISTED,
        users="Les agents itinérants du département.",
        agents="Moins de temps perdu sur la route.",
        effect="Plus de temps consacré aux usagers.",
        collective="Plusieurs directions du département.",
        reproducibility="Tout département rural.",
        reason="Le comité a retenu des projets plus avancés.",
        owner=Person("Cédric Pichon", "Chargé de mission organisation"),
        supervisor=Person("Florence Dumont", "Directrice générale des services"),
    ),
)

CALL_4_OTHERS = (
    fictitious(
        "Prévenir l'usure professionnelle des agents des crèches",
        "Ville de Niort",
        T.COMMUNE,
        "79",
        "travail",
        "Les auxiliaires de puériculture souffrent de troubles musculo-squelettiques et les "
        "postes restent vacants.",
        "Revoir avec les équipes l'aménagement des crèches et l'organisation des journées.",
        NOT_SELECTED,
        users="Les agents des crèches municipales.",
        agents="Moins de douleurs et d'arrêts.",
        effect="Des crèches qui gardent leurs places ouvertes.",
        collective="La petite enfance, la prévention et les équipes.",
        reproducibility="Toute commune gestionnaire de crèches.",
        reason="Le jury a retenu deux projets ; celui-ci est encouragé à candidater de nouveau.",
        owner=Person("Delphine Marchais", "Coordinatrice petite enfance"),
        supervisor=Person("Olivier Baudry", "Directeur général adjoint"),
    ),
    fictitious(
        "Un logiciel de réservation des salles municipales",
        "Ville de Blois",
        T.COMMUNE,
        "41",
        "accueil",
        "Les associations réservent les salles par téléphone et les plannings se chevauchent.",
        "Acquérir un logiciel de réservation en ligne.",
        INELIGIBLE,
        users="Les associations.",
        agents="Moins d'appels.",
        effect="Des réservations plus simples.",
        collective="La vie associative.",
        reproducibility="Toute commune.",
        reason=(
            "Acquisition d'un logiciel sans démarche associant agents et usagers : hors du "
            "champ de l'appel."
        ),
        owner=Person("Sébastien Hardy", "Responsable de la vie associative"),
        supervisor=Person("Claire Bouchet", "Directrice générale des services"),
    ),
    fictitious(
        "Mieux accueillir les gens du voyage sur les aires intercommunales",
        "Agglomération du Pays de Dreux",
        T.EPCI,
        "28",
        "accueil",
        "L'accueil sur les aires se limite au paiement ; les tensions sont fréquentes.",
        "Un accueil repensé avec les familles et les gestionnaires.",
        NOT_SHORTLISTED,
        users="Les familles de voyageurs.",
        agents="Moins de conflits.",
        effect="Un accueil respectueux.",
        collective="L'agglomération et les communes.",
        reproducibility="Toute intercommunalité gestionnaire d'aires.",
        reason="Le comité a retenu des projets plus précis à ce stade.",
        owner=Person("Farid Mansouri", "Responsable de l'habitat"),
        supervisor=Person("Catherine Lenoir", "Directrice générale des services"),
    ),
    fictitious(
        "Des binômes agents-habitants pour tester les nouveaux formulaires",
        "Ville de Mâcon",
        T.COMMUNE,
        "71",
        "accueil",
        "Les formulaires de la ville sont mal remplis et reviennent incomplets.",
        "Faire tester chaque nouveau formulaire par un binôme agent-habitant avant diffusion.",
        NOT_SHORTLISTED,
        users="Les habitants qui remplissent des formulaires.",
        agents="Moins de dossiers incomplets.",
        effect="Des démarches plus simples.",
        collective="Tous les services.",
        reproducibility="Toute collectivité.",
        reason="Idée intéressante mais peu développée.",
        owner=Person("Amandine Perret", "Chargée de qualité"),
        supervisor=Person("Vincent Bonnard", "Directeur général des services"),
    ),
)

CALL_5_OTHERS = (
    fictitious(
        "Un accueil unique des aidants à la maison départementale",
        "Conseil départemental du Gers",
        T.DEPARTEMENT,
        "32",
        "accueil",
        "Les proches aidants ne savent pas vers qui se tourner et racontent leur situation à "
        "chaque guichet.",
        "Un accueil unique des aidants, avec un référent qui les suit.",
        NOT_SELECTED,
        users="Les proches aidants de personnes âgées ou handicapées.",
        agents="Un suivi coordonné entre services.",
        effect="Un seul interlocuteur.",
        collective="L'autonomie, l'action sociale et les associations d'aidants.",
        reproducibility="Tout département.",
        reason="Le jury a retenu deux projets ; celui-ci arrive juste après.",
        owner=Person("Bénédicte Lacoste", "Cheffe du service autonomie"),
        supervisor=Person("Jean-Marc Dufau", "Directeur général adjoint des solidarités"),
    ),
    fictitious(
        "La semaine de quatre jours testée avec des agents volontaires",
        "Ville de Landerneau",
        T.COMMUNE,
        "29",
        "travail",
        "Les agents demandent plus de souplesse ; la ville peine à recruter.",
        "Tester la semaine de quatre jours dans deux services volontaires.",
        NOT_SELECTED,
        users="Les agents des services volontaires.",
        agents="Un meilleur équilibre entre vie professionnelle et personnelle.",
        effect="Des horaires d'ouverture élargis.",
        collective="Les ressources humaines et les représentants du personnel.",
        reproducibility="Toute collectivité.",
        reason="Le jury a retenu d'autres projets sur les conditions de travail.",
        owner=Person("Gaëlle Quéré", "Directrice des ressources humaines"),
        supervisor=Person("Yann Cloarec", "Directeur général des services"),
    ),
    fictitious(
        "Un espace d'attente pour les familles à l'accueil social d'urgence",
        "Centre communal d'action sociale de Bourges",
        T.CCAS,
        "18",
        "accueil",
        "Les familles attendent avec leurs enfants dans un couloir.",
        "Aménager un espace d'attente accueillant avec les familles.",
        NOT_SHORTLISTED,
        users="Les familles reçues en urgence.",
        agents="Des entretiens plus calmes.",
        effect="Une attente digne.",
        collective="Le CCAS et une association.",
        reproducibility="Tout CCAS.",
        reason="Projet surtout d'aménagement ; le comité a retenu des projets plus collectifs.",
        owner=Person("Nathalie Mercier", "Responsable de l'accueil social"),
        supervisor=Person("Philippe Joly", "Directeur du CCAS"),
    ),
    fictitious(
        "Un comptoir des savoirs entre agents expérimentés et nouveaux arrivants",
        "Centre de gestion de la fonction publique territoriale du Cantal",
        T.CENTRE_GESTION,
        "15",
        "travail",
        "Les départs à la retraite emportent des savoir-faire que personne n'a transmis.",
        "Des binômes de transmission entre agents de collectivités différentes.",
        NOT_SHORTLISTED,
        users="Les agents des petites communes.",
        agents="Des savoir-faire transmis.",
        effect="Des services qui continuent après un départ.",
        collective="Le centre de gestion et les communes.",
        reproducibility="Tout centre de gestion.",
        reason="Le comité a retenu des projets plus avancés.",
        owner=Person("Jérôme Vigier", "Conseiller en ressources humaines"),
        supervisor=Person("Sandrine Teyssier", "Directrice du centre de gestion"),
    ),
    fictitious(
        "De nouvelles tenues de travail pour les agents de propreté",
        "Ville de Sète",
        T.COMMUNE,
        "34",
        "travail",
        "Les tenues des agents de propreté étaient inadaptées à la chaleur.",
        "Nouvelles tenues choisies avec les agents.",
        INELIGIBLE,
        users="Les agents de propreté.",
        agents="Un meilleur confort.",
        effect="Des agents reconnaissables.",
        collective="Le service propreté.",
        reproducibility="Toute commune.",
        reason=(
            "Projet déjà réalisé (tenues commandées en 2023) : l'appel accompagne des projets "
            "à concrétiser."
        ),
        owner=Person("Marc Ferrer", "Responsable du service propreté"),
        supervisor=Person("Laetitia Roca", "Directrice générale des services"),
    ),
)


# --- the open call: fictitious drafts and submitted dossiers ---------------------------

CHAMBRAY = "Commune de Chambray-lès-Tours"

# --- the sixth call, whose selection is under way in the demo ----------------------------

CALL_6_DOSSIERS = (
    fictitious(
        "Une conciergerie pour les agents des services techniques",
        "Commune de Lodève",
        T.COMMUNE,
        "34",
        "travail",
        "Les agents des services techniques commencent tôt et finissent tard : ils n'ont pas "
        "le temps de faire leurs démarches ni de déposer un colis pendant les heures "
        "d'ouverture.",
        "Une conciergerie tenue à tour de rôle au centre technique municipal, conçue avec les "
        "agents : dépôt de colis, prise de rendez-vous, aide aux démarches.",
        SHORTLISTED,
        users="Les soixante agents du centre technique municipal.",
        agents="Moins de stress et d'absences pour des démarches personnelles.",
        effect="Des équipes plus disponibles et plus stables sur le terrain.",
        collective="Les agents, l'encadrement technique, les ressources humaines et le CCAS.",
        reproducibility="Toute commune dotée d'un centre technique.",
        owner=Person("Rachid Benali", "Responsable du centre technique municipal"),
        supervisor=Person("Catherine Vidal", "Directrice générale des services"),
    ),
    fictitious(
        "Un accueil commun de la mairie et de la maison France Services",
        "Commune de Quimperlé",
        T.COMMUNE,
        "29",
        "accueil",
        "Les habitants passent d'un guichet à l'autre entre la mairie et la maison France "
        "Services, à deux rues de distance, et répètent leur demande à chaque fois.",
        "Un seul accueil, conçu avec les agents des deux structures et des habitants, qui "
        "oriente chacun dès la première visite et l'accompagne jusqu'au bon interlocuteur.",
        SHORTLISTED,
        users="Les habitants de Quimperlé et des communes voisines, surtout les plus âgés.",
        agents="Des agents d'accueil formés ensemble et moins sollicités deux fois.",
        effect="Une seule démarche au lieu de deux ou trois, sans rendez-vous obligatoire.",
        collective="La mairie, la maison France Services, le CCAS et un panel d'habitants.",
        reproducibility="Toute commune qui accueille une maison France Services.",
        owner=Person("Morgane Le Bihan", "Responsable de l'accueil et de la citoyenneté"),
        supervisor=Person("Yann Cariou", "Directeur général des services"),
    ),
    fictitious(
        "Des binômes pour accueillir les nouveaux agents des collèges",
        "Conseil départemental de la Nièvre",
        T.DEPARTEMENT,
        "58",
        "travail",
        "Les agents qui arrivent dans les collèges, souvent seuls sur leur site, quittent leur "
        "poste dans l'année faute d'avoir été accueillis.",
        "Chaque nouvel agent est accueilli par un binôme expérimenté pendant trois mois, avec "
        "un parcours d'intégration imaginé par les agents eux-mêmes.",
        SHORTLISTED,
        users="Les agents techniques des trente collèges du département.",
        agents="Un accueil humain, des repères dès les premiers jours, moins de départs.",
        effect="Des collèges mieux entretenus, des repas servis sans interruption.",
        collective="Les agents des collèges, les principaux, les ressources humaines.",
        reproducibility="Tout département ou toute région pour les agents des lycées.",
        owner=Person("Sandrine Perrot", "Cheffe du service des agents des collèges"),
        supervisor=Person("Philippe Genest", "Directeur général adjoint des services"),
    ),
    fictitious(
        "Un accueil sans jugement pour les personnes en difficulté avec l'écrit",
        "Centre communal d'action sociale de Roubaix",
        T.CCAS,
        "59",
        "accueil",
        "Une partie des personnes reçues au CCAS ne savent pas remplir un formulaire et "
        "renoncent à leurs droits plutôt que de le dire.",
        "Repenser l'accueil avec des personnes concernées : formulaires lus à voix haute, "
        "signalétique en images, agents formés à repérer la difficulté sans la nommer.",
        SHORTLISTED,
        users="Les personnes reçues par le CCAS, dont beaucoup sont en difficulté avec l'écrit.",
        agents="Des agents mieux outillés face à des situations qu'ils vivaient mal.",
        effect="Des droits ouverts à temps, moins de rendez-vous manqués.",
        collective="Le CCAS, les centres sociaux, une association d'alphabétisation.",
        reproducibility="Tout CCAS ou CIAS, quelle que soit sa taille.",
        owner=Person("Nadia Bouzid", "Responsable de l'accueil du CCAS"),
        supervisor=Person("Olivier Lemaire", "Directeur du CCAS"),
    ),
    fictitious(
        "Un tableau de bord des absences pour les encadrants",
        "Commune de Villeurbanne",
        T.COMMUNE,
        "69",
        "travail",
        "Les encadrants découvrent trop tard les absences répétées dans leurs équipes.",
        "Un tableau de bord mensuel des absences par service, envoyé aux encadrants.",
        NOT_SHORTLISTED,
        users="Les encadrants de proximité.",
        agents="Un suivi plus régulier des absences.",
        effect="Des services moins désorganisés.",
        collective="La direction des ressources humaines.",
        reproducibility="Toute collectivité disposant d'un logiciel de paie.",
        reason=(
            "Un outil de pilotage utile, mais conçu sans les agents concernés : le comité a "
            "retenu des projets plus collectifs."
        ),
        owner=Person("Julie Marchetti", "Contrôleuse de gestion sociale"),
        supervisor=Person("François Delorme", "Directeur des ressources humaines"),
    ),
    fictitious(
        "Des permanences de la mairie dans les villages de montagne",
        "Commune de Gap",
        T.COMMUNE,
        "05",
        "accueil",
        "Les habitants des hameaux de montagne viennent rarement en ville pour leurs démarches.",
        "Une permanence mensuelle de la mairie dans trois hameaux.",
        NOT_SHORTLISTED,
        users="Les habitants des hameaux.",
        agents="Des agents qui rencontrent les habitants chez eux.",
        effect="Des démarches faites sans descendre en ville.",
        collective="Le service population et les comités de quartier.",
        reproducibility="Toute commune étendue.",
        reason=(
            "Une idée intéressante mais peu développée : le comité a retenu des projets plus "
            "précis sur la démarche avec les usagers."
        ),
        owner=Person("Denis Arnaud", "Responsable du service population"),
        supervisor=Person("Hélène Faure", "Directrice générale des services"),
    ),
    fictitious(
        "Renouveler le mobilier de l'accueil de la mairie",
        "Commune de Millau",
        T.COMMUNE,
        "12",
        "accueil",
        "Le mobilier de l'accueil est vétuste et peu accueillant.",
        "Acheter un nouveau comptoir et des sièges pour la salle d'attente.",
        INELIGIBLE,
        users="Les habitants qui viennent en mairie.",
        agents="Un poste de travail plus confortable.",
        effect="Une salle d'attente plus agréable.",
        collective="Les services généraux.",
        reproducibility="Toute commune.",
        reason=(
            "Achat de mobilier sans démarche associant les agents et les usagers : hors du "
            "champ de l'appel, qui accompagne des transformations de service."
        ),
        owner=Person("Christophe Bru", "Responsable des services généraux"),
        supervisor=Person("Lucie Carrière", "Directrice générale des services"),
    ),
)

OPEN_CALL_DOSSIERS = (
    # The demo applicant's draft: complete but for the supervisor's answer (pending).
    Dossier(
        title="Un guichet partagé entre la mairie et la médiathèque le samedi matin",
        organisation_name=CHAMBRAY,
        organisation_type=T.COMMUNE,
        departement="37",
        theme="accueil",
        problem=(
            "La mairie est fermée le samedi, alors que c'est le seul jour où beaucoup "
            "d'habitants actifs peuvent faire leurs démarches. La médiathèque voisine, elle, "
            "est ouverte et ses agents reçoivent des questions auxquelles ils ne savent pas "
            "répondre."
        ),
        users_concerned=(
            "Les habitants qui travaillent en semaine, les familles, et les agents de "
            "l'accueil de la mairie et de la médiathèque."
        ),
        idea=(
            "Un guichet commun le samedi matin à la médiathèque, tenu à tour de rôle par des "
            "agents des deux équipes formés ensemble, avec une liste des démarches possibles "
            "sur place et un rendez-vous garanti en semaine pour les autres."
        ),
        maturity=Maturity.IDEA,
        effect_on_agents=(
            "Des agents de la médiathèque qui ne sont plus démunis face aux questions "
            "administratives, et des agents de la mairie qui découvrent un autre public."
        ),
        effect_on_users=("Des démarches possibles le samedi, sans poser de jour de congé."),
        collective_dimension=(
            "L'accueil de la mairie, la médiathèque et le service des ressources humaines "
            "construisent ensemble le planning et la formation."
        ),
        reproducibility=(
            "Toute commune qui dispose d'un équipement ouvert le samedi peut adapter ce "
            "guichet partagé."
        ),
        outcome=DRAFT,
        support_pending=True,
        fictitious=True,
        team=(
            Person(
                "Camille Lefèvre",
                "Responsable de l'accueil de la mairie",
                "Porteuse du projet",
                account=PORTEUR,
                access=TeamAccess.OWNER,
            ),
            Person(
                "Julien Moreau",
                "Agent d'accueil polyvalent",
                "Co-porteur",
                account=COPORTEUR,
                access=TeamAccess.EDITOR,
            ),
            Person("Inès Garcia", "Responsable de la médiathèque", "Lien avec la médiathèque"),
        ),
        supervisor=Person(
            "Hélène Roussel",
            "Directrice générale des services",
            email="dgs-chambray@demo.essaim.fr",
        ),
    ),
    # The demo applicant's submitted dossier.
    Dossier(
        title="Des fiches réflexes écrites par les agents pour l'accueil téléphonique",
        organisation_name=CHAMBRAY,
        organisation_type=T.COMMUNE,
        departement="37",
        theme="accueil",
        problem=(
            "Au téléphone, chaque agent répond à sa manière aux questions les plus fréquentes "
            "; les habitants reçoivent des réponses différentes selon la personne qui "
            "décroche, et les nouveaux agents sont vite débordés."
        ),
        users_concerned=(
            "Les habitants qui appellent la mairie et les six agents qui se relaient au standard."
        ),
        idea=(
            "Écrire avec les agents, à partir d'appels réels, des fiches réflexes pour les "
            "trente questions les plus fréquentes, les tester avec des habitants, puis les "
            "tenir à jour chaque trimestre."
        ),
        maturity=Maturity.UNDER_WAY,
        effect_on_agents="Moins de stress, une intégration plus rapide des nouveaux agents.",
        effect_on_users="La même réponse, juste, quel que soit l'agent qui décroche.",
        collective_dimension="Le standard, l'état civil, l'urbanisme et le CCAS.",
        reproducibility="Les fiches et la méthode peuvent être partagées avec d'autres mairies.",
        outcome=SUBMITTED,
        submitted_days_ago=4,
        fictitious=True,
        team=(
            Person(
                "Camille Lefèvre",
                "Responsable de l'accueil de la mairie",
                "Porteuse du projet",
                account=PORTEUR,
                access=TeamAccess.OWNER,
            ),
            Person("Karine Fournier", "Agente d'accueil téléphonique", "Rédaction des fiches"),
        ),
        supervisor=Person(
            "Hélène Roussel",
            "Directrice générale des services",
            email="dgs-chambray@demo.essaim.fr",
        ),
    ),
    Dossier(
        title="Un bureau partagé pour les agents itinérants du territoire",
        organisation_name="Communauté de communes du Grand Autunois Morvan",
        organisation_type=T.EPCI,
        departement="71",
        theme="travail",
        problem=(
            "Les agents de l'intercommunalité qui interviennent dans les communes — "
            "instructeurs, techniciens, animateurs — perdent du temps en trajets pour revenir "
            "au siège entre deux rendez-vous."
        ),
        users_concerned="Une quarantaine d'agents itinérants et les communes où ils travaillent.",
        idea=(
            "Ouvrir, dans trois mairies volontaires, des bureaux partagés réservables, conçus "
            "avec les agents, et mesurer les trajets évités."
        ),
        maturity=Maturity.IDEA,
        effect_on_agents="Moins de route, moins de fatigue, des journées mieux organisées.",
        effect_on_users="Des agents plus disponibles pour les habitants et les communes.",
        collective_dimension="L'intercommunalité et trois communes membres.",
        reproducibility="Toute intercommunalité rurale étendue.",
        outcome=SUBMITTED,
        submitted_days_ago=9,
        fictitious=True,
        team=(
            Person(
                "Élodie Perrin",
                "Chargée de mission ressources humaines",
                "Porteuse du projet",
                account="e.perrin@demo.essaim.fr",
                access=TeamAccess.OWNER,
            ),
        ),
        supervisor=Person(
            "Jacques Bouvier", "Directeur général des services", email="dgs-autunois@demo.essaim.fr"
        ),
    ),
    Dossier(
        title="Un accueil en langue des signes à la maison France Services",
        organisation_name="Commune de Ploërmel",
        organisation_type=T.COMMUNE,
        departement="56",
        theme="accueil",
        problem=(
            "Les personnes sourdes ne viennent pas à la maison France Services : aucun agent "
            "ne signe et l'interprétation à distance n'est pas proposée."
        ),
        users_concerned="Les personnes sourdes et malentendantes du territoire.",
        idea=(
            "Former deux agents aux bases de la langue des signes, proposer une visio-"
            "interprétation sur rendez-vous, et concevoir l'accueil avec une association."
        ),
        maturity=Maturity.IDEA,
        effect_on_agents=(
            "Des agents capables d'accueillir un public qu'ils ne savaient pas servir."
        ),
        effect_on_users="Un accès aux services publics sans intermédiaire familial.",
        collective_dimension="La maison France Services, le CCAS et une association locale.",
        reproducibility="Toutes les maisons France Services.",
        outcome=SUBMITTED,
        submitted_days_ago=6,
        fictitious=True,
        team=(
            Person(
                "Maël Le Gall",
                "Responsable de la maison France Services",
                "Porteur du projet",
                account="m.legall@demo.essaim.fr",
                access=TeamAccess.OWNER,
            ),
        ),
        supervisor=Person(
            "Anne Le Floch", "Directrice générale des services", email="dgs-ploermel@demo.essaim.fr"
        ),
    ),
    Dossier(
        title="Associer les agents d'entretien à l'aménagement des écoles",
        organisation_name="Commune de Rillieux-la-Pape",
        organisation_type=T.COMMUNE,
        departement="69",
        theme="travail",
        problem=(
            "Les écoles sont rénovées sans consulter les agents qui les entretiennent : "
            "revêtements difficiles à nettoyer, locaux de ménage trop petits, gestes pénibles."
        ),
        users_concerned="Les agents d'entretien et les ATSEM des écoles de la ville.",
        idea=(
            "Associer systématiquement les agents à la conception des travaux, avec une grille "
            "d'avis simple et des visites de chantier."
        ),
        maturity=Maturity.IDEA,
        effect_on_agents="Moins de pénibilité et la reconnaissance de leur expertise.",
        effect_on_users="Des écoles plus propres et mieux entretenues pour les enfants.",
        collective_dimension="L'éducation, les bâtiments et les agents des écoles.",
        reproducibility="Toute commune qui rénove ses écoles.",
        outcome=SUBMITTED,
        submitted_days_ago=2,
        fictitious=True,
        team=(
            Person(
                "Samira Diallo",
                "Directrice de l'éducation",
                "Porteuse du projet",
                account="s.diallo@demo.essaim.fr",
                access=TeamAccess.OWNER,
            ),
        ),
        supervisor=Person(
            "Pierre Chambon", "Directeur général des services", email="dgs-rillieux@demo.essaim.fr"
        ),
    ),
    # Two drafts by other people, at different stages.
    Dossier(
        title="Repenser l'accueil des nouveaux habitants",
        organisation_name="Ville de Cholet",
        organisation_type=T.COMMUNE,
        departement="49",
        outcome=DRAFT,
        fictitious=True,
        team=(
            Person(
                "Thomas Robin",
                "Chargé de l'accueil des nouveaux habitants",
                "Porteur du projet",
                account="t.robin@demo.essaim.fr",
                access=TeamAccess.OWNER,
            ),
        ),
    ),
    Dossier(
        title="Un planning partagé pour les agents des piscines intercommunales",
        organisation_name="Communauté d'agglomération du Grand Dax",
        organisation_type=T.EPCI,
        departement="40",
        theme="travail",
        problem=(
            "Les maîtres-nageurs des trois piscines se remplacent par téléphone, souvent la "
            "veille ; les plannings changent sans cesse."
        ),
        users_concerned="Les agents des piscines et les usagers des bassins.",
        idea="Un planning commun aux trois piscines, construit avec les équipes.",
        outcome=DRAFT,
        fictitious=True,
        team=(
            Person(
                "Aurélie Marchand",
                "Responsable des équipements sportifs",
                "Porteuse du projet",
                account="a.marchand@demo.essaim.fr",
                access=TeamAccess.OWNER,
            ),
        ),
    ),
)


# --- the six calls ---------------------------------------------------------------------

CALLS = (
    Call(
        slug="2020-1",
        year=2020,
        edition=1,
        title="1er appel à projets — automne 2020",
        summary=(
            "Le premier appel du Fonds MNT, lancé en octobre 2020 en pleine crise sanitaire : "
            "repenser l'accueil des usagers et faire évoluer les conditions de travail des "
            "agents."
        ),
        description=(
            "Lancé en octobre 2020 en partenariat avec l'AMF et le SNDGCT, ce premier appel "
            "invite tous les agents territoriaux à proposer leurs idées. En raison des normes "
            "sanitaires, l'accueil des usagers et la collaboration entre agents et entre "
            "collectivités sont à repenser. Le jury se réunit début 2021 et retient quatre "
            "projets pour l'année à venir."
        ),
        opens_at=paris(2020, 10, 15, 9),
        closes_at=paris(2020, 11, 20, 12),
        stages=stages(
            (d(2020, 10, 15), d(2020, 11, 20)),
            (d(2020, 11, 23), d(2020, 12, 11)),
            (d(2020, 12, 14), d(2021, 1, 22)),
            d(2021, 2, 4),
            d(2021, 2, 15),
            (d(2021, 3, 1), d(2021, 9, 30)),
            (d(2021, 10, 1), d(2022, 6, 30)),
            accompaniment_note=(
                "Deux collectivités accompagnées de mars à mai, deux autres de juillet à "
                "septembre, par l'agence de design de politiques publiques Vraiment Vraiment."
            ),
        ),
        dossiers=(PARIS_MNA, FLASSANS, PESSAC, RENAC, *CALL_1_OTHERS),
    ),
    Call(
        slug="2021-2",
        year=2021,
        edition=2,
        title="2e appel à projets — automne 2021",
        summary=(
            "Deuxième appel : des projets d'agents et de décideurs pour un service public "
            "local plus proche et plus utile."
        ),
        opens_at=paris(2021, 9, 20, 9),
        closes_at=paris(2021, 10, 29, 12),
        stages=stages(
            (d(2021, 9, 20), d(2021, 10, 29)),
            (d(2021, 11, 2), d(2021, 11, 19)),
            (d(2021, 11, 22), d(2022, 1, 14)),
            d(2022, 1, 27),
            d(2022, 2, 7),
            (d(2022, 3, 1), d(2022, 10, 28)),
            (d(2022, 11, 1), d(2023, 6, 30)),
        ),
        dossiers=(ALLIER, SAINT_AMAND, SDIS_CALVADOS, *CALL_2_OTHERS),
    ),
    Call(
        slug="2022-3",
        year=2022,
        edition=3,
        title="3e appel à projets — automne 2022",
        summary=(
            "Troisième appel, ouvert aux collectivités de toutes tailles et à leurs "
            "groupements : syndicats, centres de gestion, intercommunalités."
        ),
        opens_at=paris(2022, 9, 12, 9),
        closes_at=paris(2022, 10, 21, 12),
        stages=stages(
            (d(2022, 9, 12), d(2022, 10, 21)),
            (d(2022, 10, 24), d(2022, 11, 18)),
            (d(2022, 11, 21), d(2023, 1, 6)),
            d(2023, 1, 19),
            d(2023, 1, 30),
            (d(2023, 3, 1), d(2023, 9, 29)),
            (d(2023, 10, 2), d(2024, 3, 29)),
        ),
        dossiers=(THAU, CDG_79, *CALL_3_OTHERS),
    ),
    Call(
        slug="2023-4",
        year=2023,
        edition=4,
        title="4e appel à projets — printemps 2023",
        summary=(
            "Quatrième appel : conditions de travail des agents et accueil des usagers, avec "
            "un accompagnement d'environ cinq mois pour les lauréats."
        ),
        opens_at=paris(2023, 3, 13, 9),
        closes_at=paris(2023, 4, 21, 12),
        stages=stages(
            (d(2023, 3, 13), d(2023, 4, 21)),
            (d(2023, 4, 24), d(2023, 5, 19)),
            (d(2023, 5, 22), d(2023, 6, 23)),
            d(2023, 7, 6),
            d(2023, 7, 13),
            (d(2023, 9, 11), d(2024, 2, 16)),
            (d(2024, 3, 1), d(2024, 9, 30)),
        ),
        dossiers=(HAZEBROUCK, HAUTE_CORREZE, *CALL_4_OTHERS),
    ),
    Call(
        edition=5,
        title="5e appel à projets",
        summary=(
            "Cinquième appel : le jury a retenu deux projets, accompagnés en ce moment par une "
            "agence de design de service pendant environ cinq mois."
        ),
        accompanied_in_demo=True,
        stages=stages_after_closing(
            support_ends=45, jury=70, accompaniment=(105, 300), deployment=(301, 480)
        ),
        dossiers=(PONT_DE_CLAIX, CDG_60, *CALL_5_OTHERS),
    ),
    Call(
        edition=6,
        title="6e appel à projets",
        summary=(
            "Sixième appel : la première sélection et l'appui aux équipes sont faits ; les "
            "experts donnent leur avis et le jury se réunit bientôt."
        ),
        in_selection_in_demo=True,
        stages=stages_after_closing(
            support_ends=45, jury=70, accompaniment=(105, 260), deployment=(261, 440)
        ),
        dossiers=CALL_6_DOSSIERS,
    ),
    Call(
        edition=7,
        title="7e appel à projets",
        summary=(
            "Le septième appel du Fonds MNT est ouvert : agents et décideurs territoriaux, "
            "proposez vos idées pour faire évoluer les conditions de travail ou améliorer "
            "le service rendu aux usagers."
        ),
        description=(
            "Lancé en octobre 2020, le Fonds MNT encourage les acteurs du service public à "
            "faire évoluer leurs conditions de travail ou à améliorer le service rendu aux "
            "usagers. Avec le soutien de leur direction, décideurs et agents territoriaux "
            "déposent leurs initiatives innovantes. Un jury en sélectionne deux à quatre, "
            "accompagnées pendant environ cinq mois. L'objectif final : faire connaître ces "
            "innovations à toutes les collectivités afin qu'elles puissent être reproduites ou "
            "adaptées dans d'autres territoires.\n\n"
            "Déjà treize lauréats depuis 2020 : pensez à en parler dans votre collectivité !"
        ),
        open_in_demo=True,
        stages=stages_after_closing(
            support_ends=35, jury=42, accompaniment=(77, 230), deployment=(231, 410)
        ),
        dossiers=OPEN_CALL_DOSSIERS,
    ),
)

FUND = Fund(
    slug="mnt",
    name="Fonds MNT",
    operator="Mutuelle nationale territoriale (fonds de dotation)",
    reference_prefix="MNT",
    tagline="Accélérateur d'innovation pour les agents territoriaux",
    description=DESCRIPTION,
    partners=(
        "Syndicat national des directeurs généraux des collectivités territoriales (SNDGCT), "
        "Association des maires de France (AMF)"
    ),
    website="https://fonds.mnt.fr",
    contact_email="fonds-mnt@demo.essaim.fr",
    accent_colour="#00667a",
    call_defaults=CALL_DEFAULTS,
    themes=THEMES,
    calls=CALLS,
)
