"""Generate the benchmark's data: a fresh, migrated database with N dossiers in one call.

    python bench/generate.py [--n 10000] [--postgres] [--seed 42]

Rows are written with bulk_create (the services would take minutes for 10,000 dossiers)
but follow the services' rules, so that every page sees consistent data:

- two funds (Fonds MNT, DITP appel à défis) and four calls: the measured call (MNT, closed
  three weeks ago, screening under way) with N submitted dossiers plus 5 % drafts, the
  previous MNT edition (1,000 dossiers, finished: laureates, accompaniment), the current
  MNT edition (open: mostly drafts), a DITP funding call (jury done, budget lines);
- submitted dossiers carry a reference `PREFIX-YYYY-EE-NNNN` numbered 1..n in submission
  order, the call's `reference_counter` is n, a frozen version (`ApplicationVersion`) with
  its SHA-256, a confirmed hierarchical support when the call asks for it, and one
  `application.state` audit event per transition of their path;
- states spread as a call at that point of its life has them; themes, organisation types
  and départements varied (names consistent with their département);
- every dossier has an owner (`TeamMember`, access "owner", with a user account and a
  verified `EmailAddress`), often one or two listed members;
- a staff user with `FundMembership(role="staff")` on the MNT fund, and an applicant who
  owns 20 dossiers across the calls ("Mes dossiers").

Writes bench/results/dataset.json: what bench/run.py needs (ids, slugs, e-mails).
"""

import argparse
import datetime as dt
import itertools
import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATASET_FILE, RESULTS_DIR, reset_database, setup_django

STAFF_EMAIL = "equipe.mnt@bench.essaim.localhost"
APPLICANT_EMAIL = "porteuse@bench.essaim.localhost"
APPLICANT_DOSSIERS = 20
BATCH = 2000

CITIES = [
    ("Pessac", "33"),
    ("Bordeaux", "33"),
    ("Mérignac", "33"),
    ("Libourne", "33"),
    ("Lyon", "69"),
    ("Villeurbanne", "69"),
    ("Vénissieux", "69"),
    ("Marseille", "13"),
    ("Aix-en-Provence", "13"),
    ("Arles", "13"),
    ("Toulouse", "31"),
    ("Muret", "31"),
    ("Nantes", "44"),
    ("Saint-Nazaire", "44"),
    ("Rennes", "35"),
    ("Saint-Malo", "35"),
    ("Lille", "59"),
    ("Roubaix", "59"),
    ("Dunkerque", "59"),
    ("Strasbourg", "67"),
    ("Haguenau", "67"),
    ("Mulhouse", "68"),
    ("Colmar", "68"),
    ("Montpellier", "34"),
    ("Béziers", "34"),
    ("Nice", "06"),
    ("Antibes", "06"),
    ("Grenoble", "38"),
    ("Vienne", "38"),
    ("Dijon", "21"),
    ("Beaune", "21"),
    ("Besançon", "25"),
    ("Clermont-Ferrand", "63"),
    ("Limoges", "87"),
    ("Poitiers", "86"),
    ("Tours", "37"),
    ("Orléans", "45"),
    ("Angers", "49"),
    ("Cholet", "49"),
    ("Le Mans", "72"),
    ("Caen", "14"),
    ("Lisieux", "14"),
    ("Rouen", "76"),
    ("Le Havre", "76"),
    ("Amiens", "80"),
    ("Reims", "51"),
    ("Metz", "57"),
    ("Nancy", "54"),
    ("Brest", "29"),
    ("Quimper", "29"),
    ("Vannes", "56"),
    ("Lorient", "56"),
    ("Saint-Brieuc", "22"),
    ("Lannion", "22"),
    ("Laval", "53"),
    ("La Rochelle", "17"),
    ("Niort", "79"),
    ("Angoulême", "16"),
    ("Périgueux", "24"),
    ("Agen", "47"),
    ("Pau", "64"),
    ("Bayonne", "64"),
    ("Tarbes", "65"),
    ("Auch", "32"),
    ("Montauban", "82"),
    ("Albi", "81"),
    ("Rodez", "12"),
    ("Millau", "12"),
    ("Cahors", "46"),
    ("Figeac", "46"),
    ("Perpignan", "66"),
    ("Carcassonne", "11"),
    ("Nîmes", "30"),
    ("Avignon", "84"),
    ("Toulon", "83"),
    ("Gap", "05"),
    ("Digne-les-Bains", "04"),
    ("Valence", "26"),
    ("Privas", "07"),
    ("Chambéry", "73"),
    ("Annecy", "74"),
    ("Bourg-en-Bresse", "01"),
    ("Saint-Étienne", "42"),
    ("Le Puy-en-Velay", "43"),
    ("Aurillac", "15"),
    ("Moulins", "03"),
    ("Nevers", "58"),
    ("Auxerre", "89"),
    ("Troyes", "10"),
    ("Chaumont", "52"),
    ("Bar-le-Duc", "55"),
    ("Épinal", "88"),
    ("Belfort", "90"),
    ("Vesoul", "70"),
    ("Lons-le-Saunier", "39"),
    ("Dole", "39"),
    ("Mâcon", "71"),
    ("Autun", "71"),
    ("Chartres", "28"),
    ("Blois", "41"),
    ("Châteauroux", "36"),
    ("Bourges", "18"),
    ("Guéret", "23"),
    ("Tulle", "19"),
    ("Évreux", "27"),
    ("Beauvais", "60"),
    ("Laon", "02"),
    ("Arras", "62"),
    ("Calais", "62"),
    ("Charleville-Mézières", "08"),
    ("Cherbourg-en-Cotentin", "50"),
    ("Saint-Lô", "50"),
    ("Alençon", "61"),
    ("Ajaccio", "2A"),
    ("Bastia", "2B"),
    ("Versailles", "78"),
    ("Nanterre", "92"),
    ("Montreuil", "93"),
    ("Bobigny", "93"),
    ("Créteil", "94"),
    ("Évry-Courcouronnes", "91"),
    ("Cergy", "95"),
    ("Melun", "77"),
    ("Paris", "75"),
    ("Mende", "48"),
    ("Foix", "09"),
    ("Mont-de-Marsan", "40"),
    ("La Roche-sur-Yon", "85"),
    ("Les Sables-d'Olonne", "85"),
    ("Pointe-à-Pitre", "971"),
    ("Fort-de-France", "972"),
    ("Cayenne", "973"),
    ("Saint-Denis", "974"),
    ("Mamoudzou", "976"),
]
REGIONS = [
    ("Nouvelle-Aquitaine", "33"),
    ("Auvergne-Rhône-Alpes", "69"),
    ("Occitanie", "31"),
    ("Bretagne", "35"),
    ("Normandie", "76"),
    ("Hauts-de-France", "59"),
    ("Grand Est", "67"),
    ("Bourgogne-Franche-Comté", "21"),
    ("Centre-Val de Loire", "45"),
    ("Pays de la Loire", "44"),
    ("Provence-Alpes-Côte d'Azur", "13"),
    ("Île-de-France", "75"),
]
STATE_BODIES = [
    "Direction interministérielle de la transformation publique",
    "Direction générale des finances publiques",
    "Direction générale de l'administration et de la fonction publique",
    "Secrétariat général du ministère de l'Intérieur",
    "Direction interministérielle du numérique",
    "Direction générale des collectivités locales",
]
OPERATORS = [
    "France Travail",
    "Agence nationale de la cohésion des territoires",
    "ADEME",
    "Office français de la biodiversité",
    "Météo-France",
    "Agence nationale des titres sécurisés",
]
# (type, weight): the mix of an MNT call (territorial) and of the DITP call (State first)
MNT_TYPES = [
    ("commune", 38),
    ("epci", 15),
    ("departement", 7),
    ("region", 2),
    ("sdis", 4),
    ("centre_gestion", 3),
    ("syndicat", 4),
    ("ccas", 8),
    ("etablissement_public", 4),
    ("hopital", 5),
    ("etat_deconcentre", 3),
    ("operateur", 2),
    ("etat_central", 1),
    ("association_collectivites", 2),
    ("autre", 2),
]
DITP_TYPES = [
    ("etat_deconcentre", 30),
    ("etat_central", 15),
    ("operateur", 20),
    ("commune", 12),
    ("epci", 6),
    ("departement", 6),
    ("region", 3),
    ("hopital", 5),
    ("autre", 3),
]
TITLES = [
    "Un accueil téléphonique repensé avec les agents",
    "Le guichet unique des démarches sociales",
    "Prendre rendez-vous sans écran",
    "Des agents d'accueil formés à la médiation numérique",
    "Un livret d'accueil des nouveaux agents écrit par leurs collègues",
    "Moins de bruit dans les bureaux partagés",
    "Les tournées de propreté redessinées avec les équipes",
    "Un tiers-lieu pour les agents des petites communes",
    "Les courriers administratifs réécrits en langage clair",
    "Un accueil itinérant dans les villages",
    "Un espace de repos pour les équipes de nuit",
    "Une permanence France services le samedi matin",
    "L'inscription à la cantine en une seule démarche",
    "Un tableau de bord partagé des demandes des usagers",
    "Des usagers testeurs pour chaque nouveau formulaire",
    "Des horaires d'ouverture pour les usagers qui travaillent",
    "Prévenir l'usure professionnelle des agents des écoles",
    "Le binôme tuteur pour les apprentis",
    "Des visites à domicile coordonnées entre services",
    "Un outil de signalement des pannes pour les agents techniques",
    "La salle d'attente transformée en lieu d'information",
    "Les agents de terrain équipés pour répondre sur place",
    "Un accueil des gens du voyage plus digne",
    "La rédaction collective des procédures internes",
    "Un accompagnement au retour après un long arrêt",
    "Un parcours d'accueil unique pour les nouveaux habitants",
    "Un standard mutualisé entre communes voisines",
    "Des réunions d'équipe plus courtes et plus utiles",
    "L'entretien annuel repensé avec les agents",
    "Un point d'accès au droit dans chaque canton",
]
TITLE_SUFFIXES = [
    "",
    "",
    "",
    " — deuxième étape",
    " en milieu rural",
    " pour les seniors",
    " avec les associations",
    " en quartier prioritaire",
]
SENTENCES = {
    "problem": [
        "Les usagers attendent en moyenne vingt minutes au téléphone avant d'obtenir une réponse.",
        "Les agents d'accueil reçoivent des demandes qu'ils ne peuvent pas traiter seuls.",
        "Un tiers des courriers envoyés reviennent avec des questions sur leur sens.",
        "Les agents techniques signalent les pannes par des canaux différents et rien n'est suivi.",
        "L'absentéisme a doublé en trois ans dans les services en contact avec le public.",
        "Les usagers âgés renoncent à des droits faute de pouvoir faire la démarche en ligne.",
        "Les nouveaux agents mettent plusieurs mois à trouver les bonnes personnes à qui s'adresser.",
        "Les habitants des hameaux sont à quarante minutes du premier guichet.",
    ],
    "users_concerned": [
        "Les habitants de la commune, en particulier les familles et les personnes âgées.",
        "Les agents d'accueil, de l'état civil et des services techniques.",
        "Les allocataires des minima sociaux et les personnes accompagnées par le CCAS.",
        "Les usagers éloignés du numérique et les aidants qui les accompagnent.",
        "Les agents de catégorie C des services en contact avec le public.",
    ],
    "idea": [
        "Nous voulons concevoir avec les agents un parcours d'accueil simple et le tester en situation réelle.",
        "Un prototype sera testé pendant trois mois dans deux services avant d'être étendu.",
        "Les agents et des usagers volontaires co-construiront les nouveaux supports.",
        "L'organisation des équipes sera revue pour libérer du temps d'écoute.",
        "Un outil simple, sans développement spécifique, remplacera les tableaux dispersés.",
        "Des ateliers mensuels permettront d'ajuster le dispositif au fil de l'eau.",
    ],
    "effect_on_agents": [
        "Moins d'appels répétés et moins de tensions au guichet.",
        "Des agents qui retrouvent du sens et de l'autonomie dans leur travail.",
        "Une charge mieux répartie entre les équipes.",
    ],
    "effect_on_users": [
        "Des réponses plus rapides et plus claires.",
        "Une démarche faite en une seule fois, sans aller-retour.",
        "Un accueil humain maintenu pour ceux qui en ont besoin.",
    ],
    "collective_dimension": [
        "Trois services travaillent ensemble depuis le diagnostic.",
        "Les représentants du personnel sont associés au comité de suivi.",
        "Le projet associe la commune, le CCAS et deux associations locales.",
    ],
    "reproducibility": [
        "Toute collectivité disposant d'un accueil physique peut reprendre la démarche.",
        "Les supports et le guide seront publiés sous licence ouverte.",
        "Le coût est faible et la méthode ne dépend d'aucun outil propriétaire.",
    ],
}
JOBS = [
    "Directrice des relations usagers",
    "Chargé de mission innovation",
    "Responsable de l'accueil",
    "Directeur général des services",
    "Agente d'accueil",
    "Responsable des ressources humaines",
    "Cheffe de projet transformation",
    "Conseiller en prévention",
]
FIRST_NAMES = [
    "Camille",
    "Claire",
    "Nicolas",
    "Julie",
    "Thomas",
    "Sophie",
    "Karim",
    "Léa",
    "Marc",
    "Nadia",
    "Pierre",
    "Inès",
    "Luc",
    "Emma",
    "Yannick",
    "Fatou",
    "Hugo",
    "Sarah",
    "Olivier",
    "Chloé",
    "Mathieu",
    "Aïcha",
    "Bruno",
    "Élodie",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Nguyen",
    "Benali",
]


class Rng(random.Random):
    def weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.choices(values, weights=weights)[0]

    def text(self, key, low=2, high=4):
        pool = SENTENCES[key]
        return " ".join(self.sample(pool, min(len(pool), self.randint(low, high))))


def organisation(rng: Rng, types, dept_names) -> tuple[str, str, str]:
    """(name, type, département), the name consistent with the département."""
    kind = rng.weighted(types)
    city, dept = rng.choice(CITIES)
    dname = dept_names[dept]
    names = {
        "commune": lambda: rng.choice([f"Commune de {city}", f"Ville de {city}"]),
        "epci": lambda: rng.choice(
            [
                f"Communauté d'agglomération du Grand {city}",
                f"Communauté de communes du Pays de {city}",
                f"{city} Métropole",
            ]
        ),
        "departement": lambda: f"Conseil départemental — {dname}",
        "sdis": lambda: f"SDIS {dept} — {dname}",
        "centre_gestion": lambda: f"Centre de gestion de la FPT — {dname}",
        "syndicat": lambda: rng.choice(
            [
                f"Syndicat intercommunal des eaux de {city}",
                f"Syndicat mixte du Pays de {city}",
            ]
        ),
        "ccas": lambda: f"CCAS de {city}",
        "etablissement_public": lambda: rng.choice(
            [
                f"Office de tourisme de {city}",
                f"Régie des transports de {city}",
            ]
        ),
        "hopital": lambda: rng.choice([f"Centre hospitalier de {city}", f"EHPAD public de {city}"]),
        "etat_deconcentre": lambda: rng.choice(
            [
                f"Préfecture — {dname}",
                f"DDETS — {dname}",
                f"DDT — {dname}",
            ]
        ),
        "association_collectivites": lambda: f"Association des maires — {dname}",
        "autre": lambda: f"GIP de développement local de {city}",
    }
    if kind == "region":
        region, dept = rng.choice(REGIONS)
        return f"Région {region}", kind, dept
    if kind == "etat_central":
        return rng.choice(STATE_BODIES), kind, "75"
    if kind == "operateur":
        return f"{rng.choice(OPERATORS)} — {dname}", kind, dept
    return names[kind](), kind, dept


# The path of transitions that leads to each state (first selection used or not).
def path_to(state: str, first_selection: bool) -> list[str]:
    head = ["draft", "submitted"]
    paths = {
        "draft": ["draft"],
        "submitted": head,
        "eligible": [*head, "eligible"],
        "ineligible": [*head, "ineligible"],
        "withdrawn": [*head, "withdrawn"],
        "shortlisted": [*head, "eligible", "shortlisted"],
        "not_shortlisted": [*head, "eligible", "not_shortlisted"],
        "in_support": [*head, "eligible", "shortlisted", "in_support"],
    }
    if state in paths:
        return paths[state]
    decided = [*head, "eligible", "shortlisted"] if first_selection else [*head, "eligible"]
    tail = {
        "laureate": ["laureate"],
        "waitlisted": ["waitlisted"],
        "not_selected": ["not_selected"],
        "in_accompaniment": ["laureate", "in_accompaniment"],
        "accompanied": ["laureate", "in_accompaniment", "accompanied"],
    }
    return decided + tail[state]


class Generator:
    def __init__(self, n: int, seed: int, now: dt.datetime):
        from allauth.account.models import EmailAddress
        from django.contrib.auth.hashers import make_password

        from essaim.applications.models import Application, TeamMember
        from essaim.territory.enums import DEPARTEMENT_NAMES

        self.n = n
        self.rng = Rng(seed)
        self.now = now
        self.dept_names = DEPARTEMENT_NAMES
        # one PBKDF2 hash shared by every generated account (hashing 10,000 would take minutes)
        self.password_hash = make_password("banc-d-essai-2025")
        self.users_made = 0
        self.counts: dict[str, int] = {}
        self._email_model = EmailAddress
        self._models = (Application, TeamMember)

    # --- accounts ---------------------------------------------------------------------
    def person(self) -> tuple[str, str]:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        return f"{first} {last}", f"{first}.{last}".lower()

    def make_users(self, specs: list[tuple[str, str, str]]):
        """Users (email, full name, job) with a verified primary e-mail address."""
        from essaim.accounts.models import User

        users = [
            User(
                email=email,
                full_name=name,
                job_title=job,
                password=self.password_hash,
                is_active=True,
                date_joined=self.now - dt.timedelta(days=400),
            )
            for email, name, job in specs
        ]
        users = User.objects.bulk_create(users, batch_size=BATCH)
        if any(u.pk is None for u in users):  # a backend without RETURNING
            by_email = dict(
                User.objects.filter(email__in=[u.email for u in users]).values_list("email", "pk")
            )
            for u in users:
                u.pk = by_email[u.email]
        self._email_model.objects.bulk_create(
            [
                self._email_model(user_id=u.pk, email=u.email, verified=True, primary=True)
                for u in users
            ],
            batch_size=BATCH,
        )
        self.users_made += len(users)
        return users

    def owner_users(self, count: int, prefix: str):
        specs = []
        for i in range(count):
            name, slug = self.person()
            specs.append(
                (f"{slug}.{prefix}{i}@agents.bench.essaim.localhost", name, self.rng.choice(JOBS))
            )
        return self.make_users(specs)

    # --- dossiers ----------------------------------------------------------------------
    def make_call_dossiers(
        self,
        call,
        *,
        states,
        count,
        drafts,
        types,
        owners,
        submitted_from,
        submitted_to,
        extra_owned=(),
    ):
        """`count` non-draft dossiers spread over `states` (weights) plus `drafts` drafts.

        `owners` is a list of users, one per dossier; `extra_owned` positions of dossiers
        owned by someone else (the "Mes dossiers" applicant), given as (index, user).
        """
        from essaim.applications.models import (
            Application,
            ApplicationVersion,
            BudgetLine,
            SupportRequest,
            TeamMember,
        )
        from essaim.applications.snapshot import CONTENT_FIELDS, fingerprint
        from essaim.core.models import AuditEvent

        rng = self.rng
        themes = list(call.themes.all())
        first_selection = call.uses_first_selection
        funding = call.is_funding
        total = count + drafts
        span = (submitted_to - submitted_from).total_seconds()
        # submission times sorted, so that references follow submission order
        times = sorted(
            submitted_from + dt.timedelta(seconds=rng.random() * span) for _ in range(count)
        )
        state_list = [rng.weighted(states) for _ in range(count)] + ["draft"] * drafts
        owned = dict(extra_owned)
        apps, meta = [], []
        for i in range(total):
            state = state_list[i]
            owner = owned.get(i) or owners[i]
            org_name, org_type, dept = organisation(rng, types, self.dept_names)
            submitted_at = times[i] if i < count else None
            created = (submitted_at or submitted_to) - dt.timedelta(
                days=rng.randint(2, 30), minutes=rng.randint(0, 900)
            )
            app = Application(
                call=call,
                state=state,
                reference=None,
                created_by=owner,
                title=rng.choice(TITLES) + rng.choice(TITLE_SUFFIXES),
                organisation_name=org_name,
                organisation_type=org_type,
                organisation_departement=dept,
                theme=rng.choice(themes),
                problem=rng.text("problem"),
                users_concerned=rng.text("users_concerned", 1, 2),
                idea=rng.text("idea", 2, 4),
                maturity=rng.choice(["idea", "idea", "ready", "under_way"]),
                partners=("Préfecture et conseil départemental." if funding else ""),
                effect_on_agents=rng.text("effect_on_agents", 1, 3),
                effect_on_users=rng.text("effect_on_users", 1, 3),
                collective_dimension=rng.text("collective_dimension", 1, 3),
                reproducibility=rng.text("reproducibility", 1, 3),
                amount_requested=(
                    Decimal(rng.randrange(30_000, 120_001, 500)) if funding else None
                ),
                last_saved_at=submitted_at or created + dt.timedelta(days=1),
                submitted_at=submitted_at,
                withdrawal_reason=(
                    "Le projet est reporté à l'an prochain." if state == "withdrawn" else ""
                ),
                created_at=created,
                updated_at=submitted_at or created + dt.timedelta(days=1),
            )
            if i < count:
                app.reference = (
                    f"{call.fund.reference_prefix}-{call.year}-{call.edition:02d}-{i + 1:04d}"
                )
            apps.append(app)
            meta.append((state, owner))
        apps = Application.objects.bulk_create(apps, batch_size=BATCH)
        if any(a.pk is None for a in apps):
            by_ref = {}
            for pk, created_at, title in Application.objects.filter(call=call).values_list(
                "pk", "created_at", "title"
            ):
                by_ref[(created_at, title)] = pk
            for a in apps:
                a.pk = by_ref[(a.created_at, a.title)]

        team, supports, budget, versions, events = [], [], [], [], []
        for app, (state, owner) in zip(apps, meta, strict=True):
            members = [
                TeamMember(
                    application_id=app.pk,
                    user=owner,
                    full_name=owner.full_name,
                    email=owner.email,
                    job_title=owner.job_title or "Chargée de mission",
                    project_role="Pilote du projet",
                    access="owner",
                    created_at=app.created_at,
                    updated_at=app.created_at,
                )
            ]
            for _ in range(rng.choice([0, 1, 1, 2])):
                name, slug = self.person()
                members.append(
                    TeamMember(
                        application_id=app.pk,
                        full_name=name,
                        email=f"{slug}@agents.bench.essaim.localhost",
                        job_title=rng.choice(JOBS),
                        project_role="Membre de l'équipe",
                        access="listed",
                        created_at=app.created_at,
                        updated_at=app.created_at,
                    )
                )
            team.extend(members)
            lines = []
            if funding:
                amount = app.amount_requested
                first = (amount * Decimal("0.6")).quantize(Decimal("1"))
                lines = [
                    BudgetLine(
                        application_id=app.pk, label="Design de service", amount=first, position=0
                    ),
                    BudgetLine(
                        application_id=app.pk,
                        label="Prototypage et tests",
                        amount=amount - first,
                        position=1,
                    ),
                ]
                budget.extend(lines)
            support = None
            if call.requires_hierarchical_support and state != "draft":
                support = SupportRequest(
                    application_id=app.pk,
                    supervisor_name=self.person()[0],
                    supervisor_function="Directeur général des services",
                    supervisor_email=f"dgs{app.pk}@mairie.bench.essaim.localhost",
                    status="confirmed",
                    sent_at=app.created_at + dt.timedelta(days=1),
                    send_count=1,
                    responded_at=app.created_at + dt.timedelta(days=2),
                    created_at=app.created_at,
                    updated_at=app.created_at,
                )
                supports.append(support)
            if state == "draft":
                continue
            # the frozen version, in the shape of applications.snapshot
            content = {name: getattr(app, name) for name in CONTENT_FIELDS}
            content["call"] = {"fund": call.fund.slug, "call": call.slug}
            content["theme"] = app.theme.title
            content["amount_requested"] = (
                str(app.amount_requested) if app.amount_requested is not None else None
            )
            content["budget_lines"] = [{"label": b.label, "amount": str(b.amount)} for b in lines]
            content["team"] = [
                {
                    "full_name": m.full_name,
                    "job_title": m.job_title,
                    "project_role": m.project_role,
                    "email": m.email,
                    "access": m.access,
                }
                for m in members
            ]
            content["attachments"] = []
            content["support"] = (
                {
                    "supervisor_name": support.supervisor_name,
                    "supervisor_function": support.supervisor_function,
                    "status": support.status,
                    "responded_at": support.responded_at.isoformat(),
                }
                if support
                else None
            )
            digest = fingerprint(content)
            app.content_sha256 = digest
            versions.append(
                ApplicationVersion(
                    application_id=app.pk,
                    number=1,
                    content=content,
                    sha256=digest,
                    submitted_at=app.submitted_at,
                    submitted_by=owner,
                )
            )
            # one audit event per transition, a few days apart after submission
            steps = path_to(state, first_selection)
            at = app.submitted_at
            for source, target in itertools.pairwise(steps):
                events.append(
                    AuditEvent(
                        created_at=at,
                        actor=owner if target in ("submitted", "withdrawn") else None,
                        actor_label=owner.full_name
                        if target in ("submitted", "withdrawn")
                        else "Équipe du fonds",
                        action="application.state",
                        object_type="applications.application",
                        object_id=str(app.pk),
                        from_value=source,
                        to_value=target,
                        reason=app.withdrawal_reason if target == "withdrawn" else "",
                    )
                )
                at = min(at + dt.timedelta(days=rng.randint(3, 20)), self.now)
        TeamMember.objects.bulk_create(team, batch_size=BATCH)
        SupportRequest.objects.bulk_create(supports, batch_size=BATCH)
        BudgetLine.objects.bulk_create(budget, batch_size=BATCH)
        ApplicationVersion.objects.bulk_create(versions, batch_size=BATCH)
        AuditEvent.objects.bulk_create(events, batch_size=BATCH)
        Application.objects.bulk_update(
            [a for a in apps if a.content_sha256], ["content_sha256"], batch_size=BATCH
        )
        type(call).objects.filter(pk=call.pk).update(reference_counter=count)
        for state in state_list:
            self.counts[state] = self.counts.get(state, 0) + 1
        return apps


def make_calls(now):
    from essaim.funds.models import Call, CallStage, Fund, Theme

    mnt = Fund.objects.create(
        slug="mnt",
        name="Fonds MNT pour l'innovation territoriale",
        operator="Fonds de dotation MNT",
        reference_prefix="MNT",
        tagline="Des idées d'agents pour mieux travailler et mieux accueillir.",
        partners="AMF, SNDGCT",
        accent_colour="#1f4e79",
    )
    ditp = Fund.objects.create(
        slug="ditp",
        name="Appel à défis de la DITP",
        operator="DITP",
        reference_prefix="DITP",
        accent_colour="#6a2c70",
    )
    mnt_stages = [
        "application",
        "eligibility",
        "first_selection",
        "support",
        "jury",
        "results",
        "accompaniment",
        "deployment",
    ]
    ditp_stages = [
        "application",
        "eligibility",
        "expert_review",
        "jury",
        "results",
        "accompaniment",
    ]
    mnt_themes = [
        "Repenser l'accueil des usagers, sans imposer la dématérialisation",
        "Faire évoluer les conditions de travail des agents",
    ]
    ditp_themes = [
        "Innovation managériale",
        "Parcours usager et qualité de service",
        "Transformation numérique",
    ]
    day = dt.timedelta(days=1)

    def call(fund, slug, year, edition, title, opens, closes, stages, themes, **extra):
        c = Call.objects.create(
            fund=fund,
            slug=slug,
            year=year,
            edition=edition,
            title=title,
            summary="Des idées d'agents pour améliorer le travail et l'accueil des usagers.",
            description="Présentation de l'appel.\n\n" + "Un paragraphe de présentation. " * 20,
            audience="Tout agent ou décideur territorial, quel que soit son statut.",
            benefits="Un accompagnement par une agence de design de service pendant 3 à 5 mois.",
            how_to_apply="Créez un compte, remplissez le dossier, déposez-le avant la clôture.",
            opens_at=opens,
            closes_at=closes,
            is_published=True,
            eligibility_rules="Organisme public\nSoutien hiérarchique confirmé\nProjet collectif",
            **extra,
        )
        start = opens.date()
        for position, kind in enumerate(stages):
            CallStage.objects.create(
                call=c,
                kind=kind,
                position=position,
                starts_on=start + dt.timedelta(days=40 * position),
                ends_on=start + dt.timedelta(days=40 * position + 35),
            )
        for position, t in enumerate(themes):
            Theme.objects.create(
                call=c, title=t, position=position, description="Une thématique de l'appel."
            )
        return c

    y = now.year
    measured = call(
        mnt,
        f"{y}-7",
        y,
        7,
        f"Appel à projets {y} — 7e édition",
        now - 60 * day,
        now - 21 * day,
        mnt_stages,
        mnt_themes,
        support_kind="accompaniment",
        accompaniment_months=5,
        max_laureates=4,
    )
    previous = call(
        mnt,
        f"{y - 1}-6",
        y - 1,
        6,
        f"Appel à projets {y - 1} — 6e édition",
        now - 420 * day,
        now - 385 * day,
        mnt_stages,
        mnt_themes,
        support_kind="accompaniment",
        accompaniment_months=5,
        max_laureates=4,
    )
    current = call(
        mnt,
        f"{y}-8",
        y,
        8,
        f"Appel à projets {y} — 8e édition",
        now - 10 * day,
        now + 25 * day,
        mnt_stages,
        mnt_themes,
        support_kind="accompaniment",
        accompaniment_months=5,
        max_laureates=4,
    )
    funding = call(
        ditp,
        f"defis-{y}",
        y,
        1,
        "Appel à défis de la transformation publique",
        now - 150 * day,
        now - 100 * day,
        ditp_stages,
        ditp_themes,
        support_kind="funding",
        min_amount=Decimal("30000"),
        max_amount=Decimal("120000"),
        envelope=Decimal("3000000"),
        requires_hierarchical_support=False,
        requires_partners=True,
        max_laureates=27,
    )
    return mnt, ditp, measured, previous, current, funding


def generate(n: int, seed: int) -> dict:
    from django.utils import timezone

    from essaim.applications.models import Application, TeamMember
    from essaim.core.models import AuditEvent
    from essaim.funds.models import FundMembership

    now = timezone.now().replace(microsecond=0)
    gen = Generator(n, seed, now)
    mnt, ditp, measured, previous, current, funding = make_calls(now)
    day = dt.timedelta(days=1)

    staff, applicant, admin = gen.make_users(
        [
            (STAFF_EMAIL, "Claire Martin", "Chargée de programme"),
            (APPLICANT_EMAIL, "Camille Durand", "Directrice des relations usagers"),
            ("equipe.ditp@bench.essaim.localhost", "Marc Leroy", "Chef de projet"),
        ]
    )
    FundMembership.objects.create(fund=mnt, user=staff, role="staff")
    FundMembership.objects.create(fund=ditp, user=admin, role="staff")

    # (call, states, count, drafts, types, submission window): the applicant's 20 dossiers
    # are spread over the four calls (8 in the measured one)
    plan = [
        (
            measured,
            [
                ("submitted", 50),
                ("eligible", 28),
                ("ineligible", 10),
                ("shortlisted", 4),
                ("not_shortlisted", 5),
                ("withdrawn", 3),
            ],
            n,
            max(1, n // 20),
            MNT_TYPES,
            (now - 60 * day, now - 21 * day),
            8,
        ),
        (
            previous,
            [
                ("ineligible", 12),
                ("not_shortlisted", 70),
                ("not_selected", 9),
                ("waitlisted", 2),
                ("in_accompaniment", 1),
                ("accompanied", 2),
                ("withdrawn", 4),
            ],
            1000,
            60,
            MNT_TYPES,
            (now - 420 * day, now - 385 * day),
            4,
        ),
        (current, [("submitted", 1)], 40, 160, MNT_TYPES, (now - 10 * day, now - day), 4),
        (
            funding,
            [
                ("ineligible", 15),
                ("not_selected", 66),
                ("waitlisted", 5),
                ("laureate", 1),
                ("in_accompaniment", 3),
                ("withdrawn", 4),
                ("eligible", 6),
            ],
            700,
            40,
            DITP_TYPES,
            (now - 150 * day, now - 100 * day),
            4,
        ),
    ]
    made = {}
    for c, states, count, drafts, types, (start, end), mine in plan:
        owners = gen.owner_users(count + drafts, f"{c.fund.reference_prefix.lower()}{c.edition}-")
        rng = gen.rng
        positions = [*rng.sample(range(count), mine - 1), count + drafts - 1]  # one draft
        apps = gen.make_call_dossiers(
            c,
            states=states,
            count=count,
            drafts=drafts,
            types=types,
            owners=owners,
            submitted_from=start,
            submitted_to=end,
            extra_owned=[(p, applicant) for p in positions],
        )
        made[c.pk] = len(apps)

    # what the pages will show
    return {
        "n": n,
        "fund_slug": mnt.slug,
        "call_slug": measured.slug,
        "call_id": measured.pk,
        "small_call_id": previous.pk,
        "staff_email": STAFF_EMAIL,
        "applicant_email": APPLICANT_EMAIL,
        "applicant_dossiers": Application.objects.editable_by(applicant).count(),
        "dossiers_per_call": {
            str(pk): Application.objects.filter(call_id=pk).exclude(state="draft").count()
            for pk in made
        },
        "drafts_per_call": {
            str(pk): Application.objects.filter(call_id=pk, state="draft").count() for pk in made
        },
        "rows": {
            "applications": Application.objects.count(),
            "team_members": TeamMember.objects.count(),
            "users": gen.users_made,
            "audit_events": AuditEvent.objects.count(),
        },
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="dossiers in the measured call")
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL (essaim_bench)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    reset_database(args.postgres)
    setup_django(postgres=args.postgres)
    from django.core.management import call_command
    from django.db import connection, transaction

    from essaim.applications.models import Application, TeamMember

    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()

    # Let bulk_create keep the generated dates instead of "now" (auto_now / auto_now_add).
    from essaim.applications.models import SupportRequest
    from essaim.core.models import AuditEvent

    for model in (Application, TeamMember, SupportRequest, AuditEvent):
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                field.auto_now = field.auto_now_add = False
    with transaction.atomic():
        dataset = generate(args.n, args.seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # sanity checks: the rules the services keep
    assert not Application.objects.filter(state="draft", reference__isnull=False).exists()
    assert not Application.objects.exclude(state="draft").filter(reference__isnull=True).exists()
    assert not Application.objects.exclude(team__access="owner").exists()
    assert TeamMember.objects.filter(access="owner", user__isnull=True).count() == 0

    dataset["database"] = connection.vendor
    dataset["seconds"] = {
        "migrate": round(migrated - started, 1),
        "generate": round(time.perf_counter() - migrated, 1),
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    DATASET_FILE.write_text(json.dumps(dataset, indent=2))
    print(
        f"generated {dataset['rows']['applications']:,} dossiers "
        f"({args.n:,} submitted in the measured call) on {connection.vendor} in "
        f"{dataset['seconds']['generate']} s (migrate {dataset['seconds']['migrate']} s)"
    )
    return dataset


if __name__ == "__main__":
    main()
