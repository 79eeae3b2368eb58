"""A small catalogue that looks like the demo's: the Fonds MNT's laureates from the seeds
(Pessac's phone reception, Renac's bourg, Flassans' mairie…) and a few other sheets, for the
search-quality table, the similarity tests and the catalogue pages."""

from essaim.catalogue.models import Innovation

from ..factories import CallFactory, FundFactory, InnovationFactory, OrganisationFactory

# slug: (title, summary, place, departement, region, body kind, population, topic, year,
#        problem, solution)
SHEETS = {
    "pessac-telephone": (
        "Un accueil téléphonique repensé avec les agents",
        "Le standard de la ville a été réorganisé pour que les usagers obtiennent une réponse.",
        "Pessac",
        "33",
        "75",
        "commune",
        65_000,
        "reception",
        2022,
        "Les usagers attendaient longtemps au téléphone : le standard était saturé, un appel "
        "sur trois était perdu et les agents se sentaient débordés.",
        "Un standard réorganisé, un serveur vocal simplifié, un script d'accueil co-écrit avec "
        "les agents et un rappel systématique des usagers dans la journée.",
    ),
    "renac-bourg": (
        "Un lieu culturel et convivial pour redynamiser le centre-bourg",
        "Les habitants ont ouvert un café associatif, lieu de culture et de rencontre.",
        "Renac",
        "35",
        "53",
        "commune",
        1_000,
        "living",
        2023,
        "Le centre-bourg se vidait : plus de commerce, peu de liens de socialisation entre "
        "anciens et nouveaux habitants.",
        "Un tiers-lieu culturel porté par une association et la municipalité : café, concerts, "
        "ateliers et animations de convivialité.",
    ),
    "flassans-mairie": (
        "Réorganiser l'accueil en mairie",
        "Un guichet unique rend visibles les services publics locaux.",
        "Flassans-sur-Issole",
        "83",
        "93",
        "commune",
        3_700,
        "reception",
        2021,
        "L'accueil de la mairie était éclaté entre plusieurs bureaux ; les habitants ne savaient "
        "pas à qui s'adresser et le CCAS était peu connu.",
        "Un guichet unique à l'entrée de la mairie, des agents polyvalents formés ensemble et "
        "une signalétique claire des services publics locaux.",
    ),
    "paris-mineurs": (
        "Accueillir les jeunes mineurs non accompagnés",
        "Un accueil réaménagé pour les mineurs isolés et les jeunes majeurs.",
        "Paris",
        "75",
        "11",
        "commune",
        2_100_000,
        "social",
        2020,
        "Les mineurs isolés attendaient des heures dans un lieu inadapté, sans interprète.",
        "Un espace d'accueil réaménagé, des interprètes et un parcours expliqué aux jeunes.",
    ),
    "allier-solidarites": (
        "Repenser l'accueil extérieur de la Maison des solidarités",
        "Les abords de la Maison des solidarités accueillent mieux les familles.",
        "Allier",
        "03",
        "84",
        "departement",
        335_000,
        "social",
        2022,
        "Les familles patientaient dehors, sans abri ni information, devant la Maison des "
        "solidarités.",
        "Un auvent, des bancs, un affichage des horaires et un agent d'orientation le matin.",
    ),
    "saint-amand-bibliotheque": (
        "La bibliothèque devient un pôle culturel et social",
        "La bibliothèque municipale accueille aussi les permanences sociales.",
        "Saint-Amand-en-Puisaye",
        "58",
        "27",
        "commune",
        1_300,
        "culture",
        2023,
        "La bibliothèque était peu fréquentée et les permanences sociales loin du bourg.",
        "Des horaires élargis, un coin numérique et les permanences sociales dans la bibliothèque.",
    ),
    "sdis-sourds": (
        "Mieux prendre en charge les victimes sourdes et malentendantes",
        "Les sapeurs pompiers du Calvados reçoivent les appels d'urgence par SMS et en visio.",
        "Calvados",
        "14",
        "28",
        "sdis",
        None,
        "safety",
        2024,
        "Les personnes sourdes ou malentendantes ne pouvaient pas appeler les pompiers.",
        "Un numéro d'urgence par SMS, la visio en langue des signes et des pompiers formés.",
    ),
    "thau-eau": (
        "Sensibiliser le grand public aux cours d'eau",
        "Des balades et des animations font découvrir la lagune et son patrimoine vivant.",
        "Bassin de Thau",
        "34",
        "76",
        "syndicat",
        None,
        "environment",
        2024,
        "Le grand public connaissait mal les cours d'eau et les milieux sensibles de la lagune.",
        "Des balades commentées, des panneaux et des animations dans les écoles du bassin.",
    ),
    "cdg79-rh": (
        "Une offre de services RH partagée avec les intercommunalités",
        "Le centre de gestion construit ses services de ressources humaines avec les EPCI.",
        "Deux-Sèvres",
        "79",
        "75",
        "centre_gestion",
        None,
        "skills",
        2023,
        "Les petites communes manquaient d'appui en ressources humaines et en recrutement.",
        "Une offre de services RH mutualisée : remplacements, paie, conseil en recrutement.",
    ),
    "hazebrouck-absenteisme": (
        "Lutter contre l'absentéisme des agents",
        "La qualité de vie au travail améliorée avec les managers et les agents.",
        "Hazebrouck",
        "59",
        "32",
        "commune",
        21_000,
        "work",
        2021,
        "L'absentéisme et les arrêts maladie désorganisaient les services.",
        "Des ateliers de qualité de vie au travail, des managers formés et un retour "
        "progressif après les arrêts.",
    ),
    "correze-democratie": (
        "Renforcer la démocratie participative",
        "Un budget participatif et un conseil citoyen pour les habitants de la communauté.",
        "Haute Corrèze",
        "19",
        "75",
        "epci",
        33_000,
        "other",
        2022,
        "Les habitants participaient peu aux décisions de l'intercommunalité.",
        "Un budget participatif, un conseil citoyen tiré au sort et des réunions dans chaque "
        "commune.",
    ),
    "pont-de-claix-qualite": (
        "Évaluer la qualité de l'accueil",
        "Une enquête de satisfaction et des usagers mystères mesurent la qualité de l'accueil.",
        "Pont-de-Claix",
        "38",
        "84",
        "commune",
        11_000,
        "reception",
        2020,
        "La commune ne savait pas mesurer la qualité de son accueil.",
        "Une enquête de satisfaction, des visites d'usagers mystères et des indicateurs suivis.",
    ),
    "oise-mobilite": (
        "Une bourse de l'emploi et de la mobilité",
        "Le centre de gestion publie les offres d'emploi et facilite la mobilité interne.",
        "Oise",
        "60",
        "32",
        "centre_gestion",
        None,
        "skills",
        2024,
        "Les agents territoriaux trouvaient mal les postes ouverts dans les collectivités.",
        "Une bourse de l'emploi en ligne, des entretiens de mobilité et un accompagnement.",
    ),
    "ecoles-tablettes": (
        "Des tablettes numériques dans les écoles",
        "Les écoles élémentaires équipées de tablettes avec les enseignants.",
        "Mérignac",
        "33",
        "75",
        "commune",
        72_000,
        "youth",
        2023,
        "Les élèves des écoles élémentaires n'avaient pas accès au numérique.",
        "Des tablettes partagées, des enseignants formés et un référent dans chaque école.",
    ),
    "cantine-bio": (
        "Une cantine scolaire bio et locale",
        "La restauration scolaire achète aux producteurs locaux en circuits courts.",
        "Mouans-Sartoux",
        "06",
        "93",
        "commune",
        10_000,
        "environment",
        2021,
        "Le gaspillage alimentaire était important à la cantine des écoles.",
        "Une régie agricole, des circuits courts et des repas bio pour les élèves.",
    ),
    "demarches-en-ligne": (
        "Des démarches en ligne avec un accompagnement au numérique",
        "Des conseillers numériques aident les habitants à faire leurs démarches en ligne.",
        "Quimper",
        "29",
        "53",
        "commune",
        63_000,
        "digital",
        2024,
        "La fracture numérique empêchait une partie des habitants de faire leurs démarches.",
        "Des formulaires en ligne simplifiés et des conseillers numériques en France services.",
    ),
    "eclairage-nuit": (
        "Éteindre l'éclairage public la nuit",
        "Des économies d'énergie grâce à l'extinction nocturne et aux lampadaires LED.",
        "Saint-Malo",
        "35",
        "53",
        "commune",
        47_000,
        "environment",
        2022,
        "La facture d'énergie de l'éclairage public pesait lourd sur le budget.",
        "L'extinction nocturne de l'éclairage public et des lampadaires LED.",
    ),
    "ecologie-urbaine": (
        "Un plan d'écologie urbaine",
        "Des îlots de fraîcheur et des arbres plantés dans les quartiers.",
        "Grenoble",
        "38",
        "84",
        "commune",
        158_000,
        "environment",
        2024,
        "Les quartiers souffraient de la chaleur l'été.",
        "Des arbres, des cours végétalisées et des îlots de fraîcheur.",
    ),
}
# never found: not published
DRAFT = (
    "brouillon-telephone",
    "Brouillon d'un standard téléphonique",
    "Ce brouillon n'est pas publié.",
)


def search_text(innovation: Innovation) -> str:
    try:  # the sheets' own builder when it is there
        from essaim.catalogue.services.sheets import search_text as builder
    except ImportError:  # pragma: no cover
        return "\n".join(
            (innovation.title, innovation.summary, innovation.place, innovation.problem)
        )
    return builder(innovation)


def index(innovation: Innovation) -> Innovation:
    """Set the text the search reads, as the sheets' services do on every save."""
    innovation.search_document = search_text(innovation)
    innovation.save(update_fields=["search_document"])
    return innovation


def build_corpus(*, with_fund: bool = True) -> dict[str, Innovation]:
    """The sheets of SHEETS (the seeds' five MNT laureates in a fund and call when
    `with_fund`) plus an unpublished draft. Returns them by slug."""
    fund = call = None
    mnt = {
        "pessac-telephone",
        "renac-bourg",
        "flassans-mairie",
        "paris-mineurs",
        "allier-solidarites",
    }
    if with_fund:
        fund = FundFactory(slug="fonds-mnt", name="Fonds MNT", reference_prefix="FMN")
        call = CallFactory(fund=fund, slug="2021-1", year=2021, edition=1, title="Appel 2021")
    sheets = {}
    for slug, row in SHEETS.items():
        title, summary, place, dep, region, kind, population, topic, year, problem, solution = row
        organisation = OrganisationFactory(
            name=place, kind=kind, departement=dep, region=region, population=population
        )
        in_fund = with_fund and slug in mnt
        sheets[slug] = index(
            InnovationFactory(
                slug=slug,
                title=title,
                summary=summary,
                place=f"{place} ({dep})",
                departement=dep,
                organisation=organisation,
                topic=topic,
                year=year,
                problem=problem,
                solution=solution,
                fund=fund if in_fund else None,
                call=call if in_fund else None,
                is_external=not in_fund,
            )
        )
    slug, title, summary = DRAFT
    sheets[slug] = index(
        InnovationFactory(
            slug=slug,
            title=title,
            summary=summary,
            problem="Les usagers attendent au téléphone, le standard sature.",
            solution="Rien encore.",
            is_published=False,
            published_at=None,
        )
    )
    return sheets
