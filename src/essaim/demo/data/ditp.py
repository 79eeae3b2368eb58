"""The DITP's appel à défis (seed 004): one call in September 2021, 27 laureates announced
on 17 February 2022, between 30 000 € and 120 000 € each, 18 of them ready to launch for
about 2 M€.

The nine projects the seed describes keep their real bodies and subjects; their teams are
"(nom fictif)". The eighteen other laureates and the few dossiers that were not selected
are fictitious examples, marked as such.
"""

from essaim.applications.enums import Maturity
from essaim.funds.enums import StageKind
from essaim.territory.enums import OrganisationType

from ..specs import (
    IN_ACCOMPANIMENT,
    INELIGIBLE,
    LAUREATE,
    NOT_SELECTED,
    WITHDRAWN,
    Budget,
    Call,
    Dossier,
    Fund,
    Person,
    Stage,
    Theme,
)
from .mnt import d, invented, paris

T = OrganisationType
S = StageKind
READY, IDEA, UNDER_WAY = Maturity.READY, Maturity.IDEA, Maturity.UNDER_WAY

DESCRIPTION = """\
En septembre 2021, la ministre de la Transformation et de la Fonction publiques a choisi de \
consacrer 3 millions d'euros aux innovations du terrain en lançant un appel à défis pour \
une action publique co-construite avec les usagers et les agents publics.

Mis en œuvre dans le cadre de France Relance et confié à la Direction interministérielle de \
la transformation publique (DITP), cet appel a un objectif : promouvoir les méthodes \
permettant de concevoir des services publics avec et pour les agents et les usagers, afin \
de mieux prendre en compte leurs besoins et attentes.

Transformation des organisations, amélioration du parcours usagers et de la qualité de \
service, transformation numérique : les projets sont liés à des réformes prioritaires et \
doivent pouvoir être répliqués ou déployés à l'échelle nationale. Les porteurs mobilisent \
différentes structures, faisant dialoguer administrations centrales, services déconcentrés, \
opérateurs de l'État et collectivités.

La DITP signe avec chaque lauréat un engagement réciproque portant sur les résultats \
attendus, le budget et le calendrier du projet. Ses équipes suivent certains projets en \
s'assurant que les jalons clés sont respectés, et chaque lauréat est accompagné dans une \
démarche d'évaluation apprenante par un expert indépendant."""

THEMES = (
    Theme(
        "organisation",
        "Innovation managériale et transformation des organisations",
        "Associer les citoyens et les agents aux politiques publiques, créer des laboratoires "
        "d'innovation, développer de nouvelles méthodes de travail et l'intelligence "
        "collective.",
    ),
    Theme(
        "parcours",
        "Améliorer le parcours usagers / qualité du service rendu",
        "Des démarches participatives pour améliorer le parcours des usagers ou la qualité du "
        "service rendu, y compris en matière de design et d'architecture, et pour mieux "
        "accompagner les personnes en situation de vulnérabilité.",
    ),
    Theme(
        "numerique",
        "Transformations numériques",
        "Des outils numériques conçus avec leurs utilisateurs, le partage et l'ouverture des "
        "données.",
    ),
)

CALL_DEFAULTS = {
    "audience": (
        "Les administrations centrales, les services déconcentrés de l'État, les opérateurs "
        "de l'État et les collectivités territoriales, souvent plusieurs structures "
        "ensemble. Les porteurs mobilisent différentes structures dans leur démarche."
    ),
    "benefits": (
        "Un financement de 30 000 € à 120 000 € par projet, sur une enveloppe de 3 millions "
        "d'euros (France Relance).\n\n"
        "Un engagement réciproque avec la DITP sur les résultats attendus, le budget et le "
        "calendrier ; un suivi des jalons clés ; une évaluation apprenante par un expert "
        "indépendant."
    ),
    "how_to_apply": (
        "Décrivez le défi, la démarche de co-construction avec les usagers et les agents, les "
        "structures partenaires, la maturité du projet et son budget détaillé. Un jury "
        "d'experts sélectionne les lauréats."
    ),
    "eligibility_rules": (
        "Le projet est porté par une administration de l'État, un opérateur, une collectivité "
        "ou un établissement public.\n"
        "Il associe plusieurs structures : administrations centrales, services déconcentrés, "
        "opérateurs, collectivités.\n"
        "Il repose sur une démarche de co-construction avec les usagers et les agents "
        "(design, intelligence collective).\n"
        "Il est lié à une réforme prioritaire et peut être répliqué ou déployé à l'échelle "
        "nationale.\n"
        "Le montant demandé est compris entre 30 000 € et 120 000 €.\n"
        "Le projet est mis en œuvre d'ici fin 2023."
    ),
    "allowed_organisation_types": [],
    "requires_hierarchical_support": False,
    "requires_partners": True,
    "support_kind": "funding",
    "accompaniment_months": None,
    "has_independent_evaluation": True,
    "min_amount": 30000,
    "max_amount": 120000,
    "envelope": 3000000,
    "max_laureates": 27,
    "is_published": True,
}

# Budget profiles: labels and their share of the amount (percent).
DESIGN = Budget(
    (
        ("Prestation de design de service et ateliers de co-conception", 45),
        ("Prototypage et développement", 35),
        ("Tests auprès des usagers et des agents", 10),
        ("Évaluation et documentation pour le déploiement", 10),
    )
)
LAB = Budget(
    (
        ("Aménagement et équipement du laboratoire", 30),
        ("Formation des agents aux méthodes d'intelligence collective", 30),
        ("Animation par un prestataire spécialisé", 30),
        ("Évaluation apprenante", 10),
    )
)
DIGITAL = Budget(
    (
        ("Développement de l'outil", 55),
        ("Design de l'interface avec ses utilisateurs", 20),
        ("Hébergement, sécurité et accessibilité", 10),
        ("Accompagnement au changement", 15),
    )
)
BUILDING = Budget(
    (
        ("Assistance à maîtrise d'ouvrage en conception participative", 50),
        ("Ateliers avec les usagers, les proches et les équipes", 30),
        ("Maquettes et prototypes d'espaces", 20),
    )
)
PARTICIPATION = Budget(
    (
        ("Conception et animation des dispositifs de participation", 50),
        ("Formation des agents", 25),
        ("Outils et supports", 15),
        ("Évaluation", 10),
    )
)


def project(
    title: str,
    organisation_name: str,
    organisation_type: str,
    departement: str,
    theme: str,
    maturity: str,
    amount: int,
    budget: Budget,
    *,
    problem: str,
    users: str,
    idea: str,
    agents: str,
    effect: str,
    collective: str,
    reproducibility: str,
    partners: str,
    team: tuple[Person, ...],
    fictitious: bool = False,
    outcome: str = "",
    reason: str = "",
) -> Dossier:
    """A DITP dossier. Unless told otherwise, laureates ready to launch are already in
    accompaniment and the others are laureates."""
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
        partners=partners,
        maturity=maturity,
        amount=amount,
        budget=budget,
        outcome=outcome or (IN_ACCOMPANIMENT if maturity == READY else LAUREATE),
        reason=reason,
        team=team,
        fictitious=fictitious,
    )


# --- the nine projects the seed describes ----------------------------------------------

NAMED = (
    project(
        "Associer les citoyens à la mise en œuvre des politiques publiques du ministère",
        "Ministère de l'Intérieur",
        T.ETAT_CENTRAL,
        "75",
        "organisation",
        READY,
        120000,
        PARTICIPATION,
        problem=(
            "Le ministère associe rarement les citoyens à la mise en œuvre de ses politiques : "
            "les consultations restent ponctuelles, leurs résultats reviennent peu aux "
            "services qui appliquent les réformes sur le terrain."
        ),
        users=(
            "Les usagers des services du ministère (titres, sécurité routière, étrangers en "
            "France) et les agents des préfectures qui mettent en œuvre les réformes."
        ),
        idea=(
            "Rendre systématique la participation des citoyens : un panel d'usagers mobilisable "
            "sur chaque réforme prioritaire, des méthodes et des outils partagés avec les "
            "préfectures, et un retour public sur ce qui a changé grâce à leurs avis."
        ),
        agents=(
            "Des agents outillés pour consulter les usagers et des réformes mieux comprises "
            "avant leur mise en œuvre."
        ),
        effect="Des procédures conçues à partir de l'expérience réelle des usagers.",
        collective=(
            "Administration centrale, préfectures pilotes et associations d'usagers travaillent "
            "ensemble."
        ),
        reproducibility="Les méthodes et le panel peuvent être repris par d'autres ministères.",
        partners=(
            "Deux préfectures pilotes, plusieurs directions d'administration centrale du "
            "ministère, des associations d'usagers."
        ),
        team=(
            invented(
                "Claire Fontanel",
                "Cheffe de la mission participation citoyenne",
                "Cheffe de projet",
            ),
            invented("Antoine Mercier", "Chargé de mission innovation"),
        ),
    ),
    project(
        "Créer un laboratoire d'innovation interne à la Gendarmerie nationale",
        "Direction générale de la Gendarmerie nationale",
        T.ETAT_CENTRAL,
        "92",
        "organisation",
        READY,
        110000,
        LAB,
        problem=(
            "Les idées des gendarmes de terrain remontent difficilement et les méthodes de "
            "travail évoluent peu, faute de lieu et de méthode pour les faire émerger et les "
            "tester."
        ),
        users="Les gendarmes des unités territoriales et les usagers qu'ils servent.",
        idea=(
            "Un laboratoire interne qui développe de nouvelles méthodes de travail et crée une "
            "dynamique autour de l'intelligence collective : ateliers, accompagnement de "
            "projets d'unités, diffusion des réussites."
        ),
        agents="Des gendarmes qui voient leurs idées testées et reprises.",
        effect="Des pratiques de terrain améliorées au bénéfice de la population.",
        collective="Unités volontaires, écoles de la gendarmerie et directions centrales.",
        reproducibility="Le modèle du laboratoire peut inspirer d'autres forces et services.",
        partners=(
            "Groupements de gendarmerie départementale volontaires, écoles de la gendarmerie, "
            "réseau des laboratoires d'innovation publique."
        ),
        team=(
            invented("Commandant Hugo Lefranc", "Chef de projet innovation", "Chef de projet"),
            invented("Capitaine Sarah Dupré", "Officière chargée des méthodes"),
        ),
    ),
    project(
        "Un laboratoire d'innovation partagé entre les services de l'État en région",
        "Préfecture de la région Bourgogne-Franche-Comté",
        T.ETAT_DECONCENTRE,
        "21",
        "organisation",
        IDEA,
        85000,
        LAB,
        problem=(
            "Le second projet de laboratoire lauréat n'est pas nommé dans les sources : "
            "celui-ci l'illustre. Les services de l'État en région innovent chacun de leur "
            "côté, sans lieu ni méthode communs."
        ),
        users="Les agents des services déconcentrés de la région.",
        idea="Un laboratoire partagé entre services, ouvert aux collectivités partenaires.",
        agents="Des méthodes d'intelligence collective accessibles à tous les services.",
        effect="Des projets conçus avec les usagers du territoire.",
        collective="Préfecture de région, directions régionales et collectivités.",
        reproducibility="Toute région peut créer un laboratoire de ce type.",
        partners="Directions régionales de l'État, deux départements, une métropole.",
        team=(Person("Mathilde Berthier", "Chargée de mission modernisation"),),
        fictitious=True,
    ),
    project(
        "Reconstruire les EHPAD avec les résidents, les proches aidants et les professionnels",
        "Centre hospitalier Métropole Savoie",
        T.HOPITAL,
        "73",
        "parcours",
        READY,
        120000,
        BUILDING,
        problem=(
            "Les EHPAD du centre hospitalier doivent être reconstruits. Conçus sans ceux qui y "
            "vivent et y travaillent, de nouveaux bâtiments risqueraient de reproduire les "
            "défauts des anciens : espaces impersonnels, circulations difficiles, isolement."
        ),
        users=(
            "Les résidents, leurs proches aidants, les professionnels des EHPAD et les acteurs "
            "locaux."
        ),
        idea=(
            "Une démarche collaborative associant résidents, proches aidants, professionnels et "
            "acteurs locaux à la conception du nouveau lieu de vie : ateliers, maquettes, "
            "visites, puis programme architectural co-écrit."
        ),
        agents="Des locaux pensés pour les soins et l'accompagnement au quotidien.",
        effect="Un lieu de vie qui ressemble à un domicile et s'ouvre sur le quartier.",
        collective="Le centre hospitalier, l'ARS, le département et les communes d'implantation.",
        reproducibility=(
            "La méthode de programmation participative peut servir à toutes les "
            "reconstructions d'EHPAD."
        ),
        partners="Agence régionale de santé, conseil départemental de la Savoie, communes.",
        team=(
            invented("Laurence Michaud", "Directrice des EHPAD", "Cheffe de projet"),
            invented("Benoît Giraud", "Ingénieur des travaux"),
        ),
    ),
    project(
        "Rénover un groupe scolaire avec les élèves, les enseignants, les ATSEM et les agents",
        "Ville de Thiers",
        T.COMMUNE,
        "63",
        "parcours",
        READY,
        95000,
        BUILDING,
        problem=(
            "Le groupe scolaire doit être rénové. Les besoins de ceux qui l'utilisent chaque "
            "jour — élèves, enseignants, ATSEM, agents d'entretien et de maintenance — sont "
            "rarement pris en compte dans un tel chantier."
        ),
        users=(
            "Les élèves et leurs familles, les enseignants, les ATSEM, les agents d'entretien et "
            "de maintenance."
        ),
        idea=(
            "Associer tous les utilisateurs à la conception : ateliers avec les classes, "
            "observation des usages, prototypes d'aménagement testés avant les travaux."
        ),
        agents="Des locaux plus faciles à entretenir et des postes moins pénibles.",
        effect="Une école où les enfants apprennent et vivent mieux.",
        collective="La ville, l'éducation nationale et les familles.",
        reproducibility="La démarche peut guider la rénovation de toute école.",
        partners=(
            "Direction des services départementaux de l'éducation nationale, associations de "
            "parents d'élèves."
        ),
        team=(
            invented("Nicolas Chabrier", "Directeur de l'éducation", "Chef de projet"),
            invented("Marie Pouzadoux", "Architecte de la ville"),
        ),
    ),
    project(
        "Acceslibre : l'accessibilité des établissements recevant du public, en données ouvertes",
        "Ministère de la Transition écologique — Fabrique numérique",
        T.ETAT_CENTRAL,
        "92",
        "parcours",
        UNDER_WAY,
        120000,
        DIGITAL,
        problem=(
            "Les personnes en situation de handicap ne savent pas, avant de se déplacer, si un "
            "établissement leur est accessible : les informations sont rares, dispersées et "
            "rarement à jour."
        ),
        users=(
            "Les personnes en situation de handicap et leurs proches ; les gestionnaires "
            "d'établissements ; les services publics qui réutilisent les données."
        ),
        idea=(
            "Financer le développement d'Acceslibre, plateforme publique qui recueille les "
            "informations jugées essentielles par les personnes en situation de handicap pour "
            "savoir si un établissement leur est accessible, et les publie en données ouvertes."
        ),
        agents="Des agents d'accueil qui peuvent renseigner précisément les usagers.",
        effect="Des déplacements préparés en confiance.",
        collective="Fabrique numérique, associations de personnes handicapées, collectivités.",
        reproducibility="Plateforme nationale, données réutilisables par tous.",
        partners=(
            "Associations représentatives des personnes handicapées, collectivités "
            "contributrices, autres services publics réutilisateurs des données."
        ),
        team=(
            invented("Romain Castel", "Intrapreneur, Fabrique numérique", "Chef de produit"),
            invented("Léa Simonet", "Chargée de déploiement"),
        ),
    ),
    project(
        "Mieux repérer et accompagner les personnes en situation d'illettrisme",
        "Secrétariat général pour les affaires régionales des Hauts-de-France",
        T.ETAT_DECONCENTRE,
        "59",
        "parcours",
        READY,
        115000,
        DESIGN,
        problem=(
            "Les personnes en situation d'illettrisme sont mal repérées par les services "
            "publics : elles évitent les guichets ou s'y font aider sans que leur difficulté "
            "soit identifiée, et les solutions proposées ne leur correspondent pas."
        ),
        users=(
            "Les personnes en situation d'illettrisme et les agents des guichets publics de la "
            "région."
        ),
        idea=(
            "Conduire plusieurs expérimentations pour mieux identifier les personnes concernées "
            "et mettre en place des solutions plus adaptées à leurs besoins, conçues avec elles "
            "et les agents."
        ),
        agents="Des agents formés à repérer l'illettrisme et à orienter sans stigmatiser.",
        effect="Des personnes accompagnées vers des solutions qui leur conviennent.",
        collective="Services de l'État, opérateurs et associations de lutte contre l'illettrisme.",
        reproducibility="Les outils de repérage peuvent être diffusés dans toutes les régions.",
        partners=(
            "Préfectures de département, France Travail, caisses d'allocations familiales, "
            "associations de lutte contre l'illettrisme."
        ),
        team=(
            invented("Audrey Delattre", "Chargée de mission cohésion sociale", "Cheffe de projet"),
            invented("Thierry Wallart", "Coordinateur régional illettrisme"),
        ),
    ),
    project(
        "Un outil interactif pour orienter les agents de l'État dans leurs démarches de retraite",
        "Service des retraites de l'État",
        T.ETAT_CENTRAL,
        "44",
        "numerique",
        READY,
        120000,
        DIGITAL,
        problem=(
            "Les agents de la fonction publique d'État ne savent pas quelles démarches "
            "accomplir pour leur retraite, ni quand : ils multiplient les appels et les "
            "courriers, et certains partent avec un dossier incomplet."
        ),
        users=(
            "Les agents de la fonction publique d'État et les gestionnaires des ressources "
            "humaines."
        ),
        idea=(
            "Un outil digital interactif, conçu avec des agents proches de la retraite, qui "
            "les oriente pas à pas selon leur situation."
        ),
        agents="Moins de demandes répétitives pour les gestionnaires.",
        effect="Des futurs retraités qui savent quoi faire et quand.",
        collective="Le SRE, des services RH ministériels et des agents testeurs.",
        reproducibility="L'outil peut être étendu à d'autres régimes de retraite.",
        partners="Services des ressources humaines de plusieurs ministères, agents testeurs.",
        team=(
            invented("Gilles Perrichon", "Chef du département relations usagers", "Chef de projet"),
            invented("Anaïs Leroy", "Designer de service"),
        ),
    ),
    project(
        "Un portail web cartographique pour agréger les données géographiques des interventions",
        "Service départemental d'incendie et de secours de Meurthe-et-Moselle",
        T.SDIS,
        "54",
        "numerique",
        READY,
        98000,
        DIGITAL,
        problem=(
            "Les données géographiques utiles aux interventions — points d'eau, accès, "
            "bâtiments sensibles — sont dispersées entre services et partenaires, ce qui "
            "ralentit la préparation des secours."
        ),
        users="Les sapeurs-pompiers, les opérateurs du centre de traitement de l'alerte.",
        idea=(
            "Un portail web cartographique agrégeant l'ensemble des données géographiques et "
            "spatiales, conçu avec les équipes pour améliorer l'efficacité et la rapidité des "
            "interventions."
        ),
        agents="Des informations fiables et à jour, au même endroit.",
        effect="Des secours plus rapides.",
        collective="Le SDIS, le département, les communes et les gestionnaires de réseaux.",
        reproducibility="Les SDIS peuvent reprendre le portail et son modèle de données.",
        partners="Conseil départemental, communes, gestionnaires de réseaux d'eau.",
        team=(
            invented("Lieutenant Julien Marchal", "Chef du service SIG", "Chef de projet"),
            invented("Caroline Henry", "Géomaticienne"),
        ),
    ),
)


# --- the eighteen other laureates: fictitious examples ---------------------------------


def example(
    title,
    organisation_name,
    organisation_type,
    departement,
    theme,
    maturity,
    amount,
    budget,
    text,
    partners,
    owner: Person,
) -> Dossier:
    """A fictitious laureate from a short description: (problem, users, idea, agents,
    effect, collective, reproducibility)."""
    problem, users, idea, agents, effect, collective, reproducibility = text
    return project(
        title,
        organisation_name,
        organisation_type,
        departement,
        theme,
        maturity,
        amount,
        budget,
        problem=problem,
        users=users,
        idea=idea,
        agents=agents,
        effect=effect,
        collective=collective,
        reproducibility=reproducibility,
        partners=partners,
        team=(owner,),
        fictitious=True,
    )


EXAMPLES = (
    example(
        "Des communautés de pratique entre managers de proximité",
        "Direction régionale de l'économie, de l'emploi, du travail et des solidarités de "
        "Normandie",
        T.ETAT_DECONCENTRE,
        "14",
        "organisation",
        READY,
        120000,
        LAB,
        (
            "Les managers de proximité sont seuls face aux réorganisations.",
            "Les encadrants des services déconcentrés.",
            "Des communautés de pratique animées entre services.",
            "Des encadrants soutenus.",
            "Des services plus stables.",
            "Plusieurs directions régionales.",
            "Modèle diffusable dans toutes les régions.",
        ),
        "DREAL, DRAAF, rectorat.",
        Person("Hélène Marais", "Responsable de la formation"),
    ),
    example(
        "Former des binômes agents-usagers à la conduite du changement",
        "Caisse d'allocations familiales de la Gironde",
        T.OPERATEUR,
        "33",
        "organisation",
        READY,
        118000,
        PARTICIPATION,
        (
            "Les réorganisations des accueils sont mal comprises.",
            "Les allocataires et les agents d'accueil.",
            "Des binômes agent-usager associés à chaque changement.",
            "Des agents associés aux décisions.",
            "Des changements mieux expliqués.",
            "La caisse, le département et des associations.",
            "Toutes les caisses.",
        ),
        "Conseil départemental, associations d'allocataires.",
        Person("Olivier Sarrazin", "Responsable de la relation allocataires"),
    ),
    example(
        "Un tiers-lieu de travail partagé entre administrations",
        "Sous-préfecture de Lannion",
        T.ETAT_DECONCENTRE,
        "22",
        "organisation",
        IDEA,
        100000,
        LAB,
        (
            "Les agents de l'État du territoire travaillent isolés.",
            "Les agents des services de l'État et des collectivités.",
            "Un tiers-lieu partagé dans la sous-préfecture.",
            "Moins de trajets, plus d'échanges.",
            "Des services mieux coordonnés.",
            "Sous-préfecture, DDTM, communes.",
            "Toute sous-préfecture.",
        ),
        "Direction départementale des territoires et de la mer, communes voisines.",
        Person("Gaël Le Meur", "Secrétaire général de la sous-préfecture"),
    ),
    example(
        "Simplifier la demande de titre de séjour avec les usagers et les agents",
        "Préfecture du Rhône",
        T.ETAT_DECONCENTRE,
        "69",
        "parcours",
        READY,
        115000,
        DESIGN,
        (
            "Les dossiers de titre de séjour arrivent incomplets et les délais s'allongent.",
            "Les ressortissants étrangers et les agents instructeurs.",
            "Des pièces et des courriers réécrits avec les usagers.",
            "Moins de dossiers incomplets.",
            "Des démarches comprises.",
            "Préfecture, associations, ministère.",
            "Toutes les préfectures.",
        ),
        "Direction générale des étrangers en France, associations d'aide aux étrangers.",
        Person("Sonia Achour", "Cheffe du bureau du séjour"),
    ),
    example(
        "Un parcours d'accueil des victimes co-conçu dans les commissariats",
        "Direction départementale de la sécurité publique du Nord",
        T.ETAT_DECONCENTRE,
        "59",
        "parcours",
        READY,
        112000,
        DESIGN,
        (
            "Les victimes attendent longtemps sans information.",
            "Les victimes et les policiers d'accueil.",
            "Un parcours d'accueil repensé avec des victimes.",
            "Un accueil moins tendu.",
            "Des victimes mieux prises en charge.",
            "Police, associations d'aide aux victimes.",
            "Tous les commissariats.",
        ),
        "Associations d'aide aux victimes, parquet.",
        Person("Commandant Éric Vandamme", "Chef de l'accueil"),
    ),
    example(
        "Des courriers des impôts compréhensibles, réécrits avec les usagers",
        "Direction départementale des finances publiques de la Loire",
        T.ETAT_DECONCENTRE,
        "42",
        "parcours",
        READY,
        110000,
        DESIGN,
        (
            "Les courriers fiscaux génèrent des appels et des visites.",
            "Les contribuables et les agents des centres des finances.",
            "Réécrire avec des usagers les courriers les plus envoyés.",
            "Moins d'appels d'explication.",
            "Des courriers compris.",
            "DDFiP, direction générale, usagers testeurs.",
            "Diffusable nationalement.",
        ),
        "Direction générale des finances publiques, maisons France Services.",
        Person("Pascale Royer", "Responsable du pôle accueil"),
    ),
    example(
        "Accompagner vers le logement les jeunes sortant de l'aide sociale à l'enfance",
        "Conseil départemental du Finistère",
        T.DEPARTEMENT,
        "29",
        "parcours",
        UNDER_WAY,
        120000,
        DESIGN,
        (
            "À 18 ans, des jeunes quittent l'aide sociale à l'enfance sans solution de logement.",
            "Les jeunes majeurs et les travailleurs sociaux.",
            "Un parcours logement anticipé, conçu avec les jeunes.",
            "Des sorties préparées.",
            "Aucune sortie sèche.",
            "Département, État, bailleurs sociaux.",
            "Tout département.",
        ),
        "Direction départementale de l'emploi, du travail et des solidarités, bailleurs sociaux.",
        Person("Anne-Sophie Kerjean", "Responsable de l'accompagnement des jeunes majeurs"),
    ),
    example(
        "Une maison France Services itinérante conçue avec les habitants",
        "Hautes Terres Communauté",
        T.EPCI,
        "15",
        "parcours",
        READY,
        120000,
        DESIGN,
        (
            "Les habitants éloignés renoncent à leurs démarches.",
            "Les habitants des communes rurales isolées.",
            "Un bus France Services dont les haltes sont choisies avec les habitants.",
            "Un métier d'accueil qui va vers les habitants.",
            "Des droits ouverts.",
            "Intercommunalité, préfecture, opérateurs.",
            "Tout territoire rural.",
        ),
        "Préfecture du Cantal, caisses de sécurité sociale, La Poste.",
        Person("Julie Vermenouze", "Responsable de la maison France Services"),
    ),
    example(
        "Améliorer l'accueil des familles dans un tribunal judiciaire",
        "Tribunal judiciaire de Bobigny",
        T.ETAT_DECONCENTRE,
        "93",
        "parcours",
        IDEA,
        90000,
        DESIGN,
        (
            "Les familles se perdent dans le tribunal et manquent leurs audiences.",
            "Les justiciables et les greffiers d'accueil.",
            "Une signalétique et un accueil conçus avec les justiciables.",
            "Moins de sollicitations.",
            "Des audiences mieux préparées.",
            "Tribunal, conseil départemental de l'accès au droit.",
            "Tout tribunal.",
        ),
        "Conseil départemental de l'accès au droit, barreau.",
        Person("Marion Touati", "Directrice de greffe"),
    ),
    example(
        "Un parcours de soins en santé mentale co-construit avec les patients",
        "Agence régionale de santé Bretagne",
        T.OPERATEUR,
        "35",
        "parcours",
        READY,
        120000,
        DESIGN,
        (
            "Les patients et leurs aidants ne savent pas à qui s'adresser.",
            "Les patients, les aidants et les soignants.",
            "Un parcours co-construit et un annuaire partagé.",
            "Des soignants mieux coordonnés.",
            "Un accès aux soins plus rapide.",
            "ARS, hôpitaux, associations d'usagers.",
            "Toute région.",
        ),
        "Centres hospitaliers, associations de patients et d'aidants.",
        Person("Dr Yann Le Corre", "Référent santé mentale"),
    ),
    example(
        "Une prise de rendez-vous en préfecture accessible à tous",
        "Préfecture de la Marne",
        T.ETAT_DECONCENTRE,
        "51",
        "numerique",
        READY,
        115000,
        DIGITAL,
        (
            "Les créneaux de rendez-vous sont difficiles à obtenir en ligne.",
            "Les usagers des guichets de la préfecture.",
            "Une prise de rendez-vous accessible, en ligne et par téléphone.",
            "Des plannings maîtrisés.",
            "Un rendez-vous pour chacun.",
            "Préfecture, sous-préfectures, maisons France Services.",
            "Toutes les préfectures.",
        ),
        "Sous-préfectures, maisons France Services.",
        Person("Vincent Lallement", "Chef du service numérique"),
    ),
    example(
        "Déclarer ses travaux agricoles en ligne sans laisser personne de côté",
        "Direction départementale des territoires de la Dordogne",
        T.ETAT_DECONCENTRE,
        "24",
        "numerique",
        UNDER_WAY,
        120000,
        DIGITAL,
        (
            "Les agriculteurs peinent avec les déclarations en ligne.",
            "Les exploitants agricoles et les agents instructeurs.",
            "Un formulaire simplifié et un accompagnement en chambre d'agriculture.",
            "Moins de dossiers à reprendre.",
            "Des aides versées à temps.",
            "DDT, chambre d'agriculture.",
            "Toutes les DDT.",
        ),
        "Chambre d'agriculture de la Dordogne.",
        Person("Bernard Lacombe", "Chef du service économie agricole"),
    ),
    example(
        "Un tableau de bord partagé des places d'hébergement d'urgence",
        "Direction régionale et interdépartementale de l'hébergement et du logement "
        "d'Île-de-France",
        T.ETAT_DECONCENTRE,
        "75",
        "numerique",
        READY,
        120000,
        DIGITAL,
        (
            "Les places libres ne sont pas connues en temps réel.",
            "Les écoutants du 115 et les personnes sans abri.",
            "Un tableau de bord partagé entre gestionnaires et SIAO.",
            "Moins d'appels de vérification.",
            "Une mise à l'abri plus rapide.",
            "DRIHL, SIAO, gestionnaires.",
            "Toute région.",
        ),
        "Services intégrés d'accueil et d'orientation, associations gestionnaires.",
        Person("Karima Bensaïd", "Cheffe de projet hébergement"),
    ),
    example(
        "Signaler les dégradations de chaussée entre l'État et les départements",
        "Direction interdépartementale des routes Centre-Est",
        T.ETAT_DECONCENTRE,
        "69",
        "numerique",
        IDEA,
        30000,
        DIGITAL,
        (
            "Les signalements d'usagers arrivent au mauvais gestionnaire.",
            "Les usagers de la route et les agents d'exploitation.",
            "Un outil de signalement commun aux gestionnaires.",
            "Moins de transferts.",
            "Des réparations plus rapides.",
            "DIR, départements.",
            "Toutes les DIR.",
        ),
        "Conseils départementaux de l'Ain et de l'Isère.",
        Person("Franck Reynaud", "Responsable de l'exploitation"),
    ),
    example(
        "Un espace numérique des élèves conçu avec les familles éloignées du numérique",
        "Rectorat de l'académie de Créteil",
        T.ETAT_DECONCENTRE,
        "94",
        "numerique",
        READY,
        112000,
        DIGITAL,
        (
            "Des familles ne consultent jamais l'espace numérique de l'établissement.",
            "Les familles et les personnels des collèges.",
            "Un espace repensé avec les familles.",
            "Moins de relances papier.",
            "Des familles informées.",
            "Rectorat, départements, associations de parents.",
            "Toutes les académies.",
        ),
        "Conseils départementaux, associations de parents d'élèves.",
        Person("Sylvain Morisset", "Délégué académique au numérique"),
    ),
    example(
        "Des données sur la qualité de l'eau présentées pour les habitants",
        "Agence de l'eau Adour-Garonne",
        T.OPERATEUR,
        "31",
        "numerique",
        UNDER_WAY,
        110000,
        DIGITAL,
        (
            "Les données sur l'eau existent mais restent illisibles.",
            "Les habitants et les élus.",
            "Une application conçue avec les habitants.",
            "Des agents sollicités sur les bonnes questions.",
            "Des habitants informés.",
            "Agence de l'eau, ARS, collectivités.",
            "Toutes les agences de l'eau.",
        ),
        "Agence régionale de santé Occitanie, syndicats des eaux.",
        Person("Marion Castagné", "Chargée de la donnée"),
    ),
    example(
        "Un simulateur d'aides pour les jeunes agriculteurs",
        "Direction régionale de l'alimentation, de l'agriculture et de la forêt de "
        "Nouvelle-Aquitaine",
        T.ETAT_DECONCENTRE,
        "33",
        "numerique",
        READY,
        60000,
        DIGITAL,
        (
            "Les jeunes agriculteurs ignorent les aides auxquelles ils ont droit.",
            "Les jeunes installés et les conseillers.",
            "Un simulateur conçu avec eux.",
            "Des conseillers déchargés des questions simples.",
            "Des aides demandées.",
            "DRAAF, région, chambres d'agriculture.",
            "Diffusable nationalement.",
        ),
        "Conseil régional, chambres d'agriculture.",
        Person("Pierre Daguerre", "Chef du service installation"),
    ),
    example(
        "La visioconférence pour les rendez-vous d'insertion en détention",
        "Direction interrégionale des services pénitentiaires de Rennes",
        T.ETAT_DECONCENTRE,
        "35",
        "numerique",
        IDEA,
        80000,
        DIGITAL,
        (
            "Les rendez-vous avec les conseillers d'insertion sont trop rares.",
            "Les personnes détenues et les conseillers.",
            "Des rendez-vous en visioconférence, conçus avec eux.",
            "Moins de déplacements.",
            "Une sortie mieux préparée.",
            "Administration pénitentiaire, France Travail.",
            "Tous les établissements.",
        ),
        "France Travail, missions locales.",
        Person("Isabelle Quéméner", "Directrice d'un service d'insertion et de probation"),
    ),
)

NOT_SELECTED_EXAMPLES = (
    project(
        "Un agent conversationnel sur les permis de construire",
        "Direction départementale des territoires et de la mer du Var",
        T.ETAT_DECONCENTRE,
        "83",
        "numerique",
        IDEA,
        60000,
        DIGITAL,
        problem="Les pétitionnaires posent toujours les mêmes questions.",
        users="Les particuliers qui déposent un permis.",
        idea="Un agent conversationnel en ligne.",
        agents="Moins d'appels.",
        effect="Des réponses immédiates.",
        collective="La DDTM et deux communes.",
        reproducibility="Toute DDT.",
        partners="Deux communes du Var.",
        team=(Person("Fabien Rossi", "Chef du service urbanisme"),),
        fictitious=True,
        outcome=NOT_SELECTED,
        reason=(
            "Démarche peu fondée sur la co-construction avec les usagers ; un outil national "
            "existe déjà."
        ),
    ),
    project(
        "Réaménager les salles d'attente d'une caisse primaire",
        "Caisse primaire d'assurance maladie de la Somme",
        T.OPERATEUR,
        "80",
        "parcours",
        READY,
        45000,
        BUILDING,
        problem="Les salles d'attente sont saturées.",
        users="Les assurés.",
        idea="Un réaménagement conçu avec les assurés.",
        agents="Un accueil plus calme.",
        effect="Une attente plus confortable.",
        collective="La caisse et le département.",
        reproducibility="Toute caisse.",
        partners="Conseil départemental de la Somme.",
        team=(Person("Sandrine Lefort", "Responsable de l'accueil"),),
        fictitious=True,
        outcome=NOT_SELECTED,
        reason="Projet d'aménagement de portée locale, peu réplicable à l'échelle nationale.",
    ),
    project(
        "Un festival de l'innovation publique en région",
        "Préfecture de la région Grand Est",
        T.ETAT_DECONCENTRE,
        "67",
        "organisation",
        IDEA,
        50000,
        PARTICIPATION,
        problem="Les innovations locales sont mal connues.",
        users="Les agents publics de la région.",
        idea="Un festival annuel.",
        agents="Des agents inspirés.",
        effect="Indirect.",
        collective="Services de l'État et collectivités.",
        reproducibility="Toute région.",
        partners="Région Grand Est, métropoles.",
        team=(Person("Lucas Schmitt", "Chargé de communication interne"),),
        fictitious=True,
        outcome=INELIGIBLE,
        reason=(
            "Événement ponctuel sans projet de transformation réplicable : hors du champ de "
            "l'appel à défis."
        ),
    ),
    project(
        "Une plateforme d'échanges entre agents d'état civil",
        "Ville de Limoges",
        T.COMMUNE,
        "87",
        "numerique",
        UNDER_WAY,
        40000,
        DIGITAL,
        problem="Les officiers d'état civil se posent les mêmes questions juridiques.",
        users="Les agents d'état civil de la région.",
        idea="Une plateforme d'entraide.",
        agents="Des réponses plus rapides.",
        effect="Des actes délivrés plus vite.",
        collective="Ville, procureur, communes voisines.",
        reproducibility="Nationale.",
        partners="Parquet de Limoges, communes de la Haute-Vienne.",
        team=(Person("Christophe Mazaud", "Responsable de l'état civil"),),
        fictitious=True,
        outcome=WITHDRAWN,
        reason=(
            "Projet financé par ailleurs dans le cadre du plan de relance régional : nous "
            "retirons notre candidature."
        ),
    ),
)

CALL = Call(
    slug="2021-1",
    year=2021,
    edition=1,
    title="Appel à défis 2021 — une action publique co-construite avec les usagers et les "
    "agents publics",
    summary=(
        "3 millions d'euros (France Relance) pour des projets de 30 000 € à 120 000 € conçus "
        "avec les usagers et les agents publics, répliquables à l'échelle nationale."
    ),
    description=(
        "Lancé en septembre 2021 dans le cadre de France Relance, cet appel à défis soutient "
        "des démarches principalement fondées sur le design et l'intelligence collective, "
        "liées à des réformes prioritaires.\n\n"
        "27 lauréats ont été retenus par une équipe d'experts et annoncés le 17 février 2022, "
        "pour des projets compris entre 30 000 € et 120 000 €. Ils ne sont pas tous au même "
        "stade de maturité : 18 projets sont prêts à être lancés et financés, pour un montant "
        "total d'environ 2 millions d'euros. L'ensemble des projets est mis en œuvre d'ici "
        "2023."
    ),
    opens_at=paris(2021, 9, 15, 9),
    closes_at=paris(2021, 10, 29, 12),
    stages=(
        Stage(
            S.APPLICATION,
            d(2021, 9, 15),
            d(2021, 10, 29),
            "Dépôt des projets par les administrations et leurs partenaires.",
        ),
        Stage(
            S.EXPERT_REVIEW,
            d(2021, 11, 2),
            d(2021, 12, 17),
            "Examen des projets par une équipe d'experts.",
        ),
        Stage(S.JURY, d(2022, 1, 20), d(2022, 1, 20), "Sélection des lauréats."),
        Stage(
            S.RESULTS, d(2022, 2, 17), d(2022, 2, 17), "27 lauréats annoncés le 17 février 2022."
        ),
        Stage(
            S.ACCOMPANIMENT,
            d(2022, 3, 1),
            d(2023, 12, 31),
            "Engagement réciproque, suivi des jalons clés par la DITP et évaluation "
            "apprenante par un expert indépendant ; projets mis en œuvre d'ici 2023.",
        ),
    ),
    dossiers=(*NAMED, *EXAMPLES, *NOT_SELECTED_EXAMPLES),
)

FUND = Fund(
    slug="ditp",
    name="Appel à défis de la DITP",
    operator="Direction interministérielle de la transformation publique",
    reference_prefix="DITP",
    tagline="Une action publique co-construite avec les usagers et les agents publics",
    description=DESCRIPTION,
    partners="Ministère de la Transformation et de la Fonction publiques — France Relance",
    website="https://www.modernisation.gouv.fr",
    contact_email="ditp@demo.essaim.fr",
    accent_colour="#2b3f8c",
    call_defaults=CALL_DEFAULTS,
    themes=THEMES,
    calls=(CALL,),
)
