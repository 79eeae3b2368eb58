"""Benchmark of the public catalogue's search over 50,000 generated innovation sheets.

    python bench/catalogue.py [--postgres] [--n 50000] [--duration 10] [--connections 16]

1. Builds a fresh database — SQLite /tmp/bench-catalogue.sqlite3, or with --postgres the
   PostgreSQL database `essaim_bench_catalogue` on 127.0.0.1 (user postgres) — with two
   funds, eight calls, 3,000 public bodies (kinds, sizes and départements varied) and N
   sheets (95 % published) whose French text is drawn from per-theme phrases, bodies and
   places, written with `bulk_create`: the database's own triggers index them (timed).
2. In this process: `catalogue_page()` for each request of REQUESTS (10 runs each), p50 /
   p95 in ms and the number of SQL queries — the page's own reads; the requests with words
   again with the text's matches forgotten each time (as for a word nobody searched since
   the last write to a sheet); the build of the facets' bitmaps (`facet_index`).
3. Over HTTP: granian WSGI with 2 workers (as `make bench`), production settings, then
   `wrk -t2 -c16 -d10s` on `/innovations/…`, each request taking the next of REQUESTS
   (the bare catalogue, words, several words, facets alone and with words, later pages):
   once as deployed (a search asked again is served from the page cache, after a warm-up
   that fills it); once as deployed with one request in ten a search never asked before (a
   word and a département, FRESH_PATHS: its page is not cached; its word's matches are,
   in a worker, after that word's first search); once with the page cache off (every
   request counts, ranks and renders). Load generator and server share the machine's cores.
4. Writes bench/results/catalogue-sqlite.json (or -postgresql.json) and a Markdown table
   beside it, and prints the table. The aim: p95 under 50 ms at 16 connections.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

# Before `common` reads them: this benchmark's own database and files.
os.environ.setdefault("BENCH_SQLITE_PATH", "/tmp/bench-catalogue.sqlite3")  # noqa: S108
os.environ.setdefault("BENCH_PG_DATABASE", "essaim_bench_catalogue")
os.environ.setdefault("BENCH_VAR_DIR", "/tmp/essaim-bench-catalogue-var")  # noqa: S108

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    PG_DATABASE,
    Server,
    analyze_database,
    bench_env,
    database_flavour,
    machine_line,
    migrate_and_collect_static,
    percentile,
    reset_database,
    results_record,
    setup_django,
    write_results,
    wrk_latency,
)

PORT = 8240
BATCH = 2000
BODIES = 3000

# What visitors do: the bare catalogue, one or two words (with or without accents), a
# place, facets alone, words with facets, a later page.
REQUESTS = [
    {},
    {"q": "accueil"},
    {"q": "accueil téléphonique"},
    {"q": "ecole"},
    {"q": "cantine scolaire"},
    {"q": "numérique"},
    {"q": "absentéisme des agents"},
    {"q": "tiers-lieu culturel"},
    {"q": "Pessac"},
    {"q": "usagers mystères"},
    {"q": "zzyzx"},
    {"theme": "reception"},
    {"departement": "33"},
    {"region": "53", "taille": "under_1000"},
    {"annee": "2024", "type": "commune"},
    {"q": "accueil", "theme": "reception", "departement": "33"},
    {"q": "numerique", "fonds": "mnt"},
    {"page": "2"},
    {"q": "accueil", "page": "5"},
    {"theme": "environment", "page": "40"},
]
PATHS = ["/innovations/" + (f"?{urlencode(r)}" if r else "") for r in REQUESTS]

# Searches nobody asked before, for the mixed run: a word and a département, each used once
# (its page is not in the cache; each worker reads a word's matches the first time).
FRESH_WORDS = [
    "accueil", "mairie", "école", "numérique", "cantine", "agents", "usagers", "tiers-lieu",
    "formation", "démarches", "seniors", "jeunes", "mobilité", "énergie", "déchets", "santé",
    "quartier", "bibliothèque", "transport", "logement",
]  # fmt: skip
FRESH_PATHS = [
    "/innovations/?" + urlencode({"q": word, "departement": f"{d:02d}"})
    for d in range(1, 96)
    if d != 20
    for word in FRESH_WORDS
]
# One request in FRESH_SHARE is a new search in the mixed run.
FRESH_SHARE = 10

# per theme: (title starts, problems, solutions)
THEMES = {
    "reception": (
        [
            "Un accueil téléphonique repensé",
            "Réorganiser l'accueil en mairie",
            "Un guichet unique",
            "Évaluer la qualité de l'accueil",
            "Des rendez-vous sans attente",
            "Un accueil de nuit",
        ],
        [
            "les usagers attendaient longtemps au téléphone",
            "le standard était saturé",
            "les habitants ne savaient pas à quel service s'adresser",
            "l'accueil était éclaté entre plusieurs bureaux",
            "les files d'attente s'allongeaient le samedi",
            "les usagers se plaignaient de réponses contradictoires",
        ],
        [
            "un script d'accueil co-écrit avec les agents",
            "un rappel systématique des usagers",
            "une signalétique claire",
            "des agents polyvalents formés ensemble",
            "une enquête de satisfaction",
            "des usagers mystères",
            "une prise de rendez-vous en ligne et par téléphone",
        ],
    ),
    "work": (
        [
            "Lutter contre l'absentéisme",
            "Des managers mieux formés",
            "La qualité de vie au travail",
            "Un télétravail organisé",
            "Prévenir l'usure professionnelle",
        ],
        [
            "l'absentéisme désorganisait les services",
            "les arrêts maladie se multipliaient",
            "les agents se sentaient isolés",
            "les encadrants manquaient d'appui",
        ],
        [
            "des ateliers de qualité de vie au travail",
            "un retour progressif après les arrêts",
            "des managers formés à l'écoute",
            "une charte du télétravail",
            "des groupes d'échange entre agents",
        ],
    ),
    "skills": (
        [
            "Une bourse de l'emploi",
            "Recruter autrement",
            "Des parcours de mobilité",
            "Former les agents au numérique",
        ],
        [
            "les petites communes peinaient à recruter",
            "les postes restaient vacants des mois",
            "les agents connaissaient mal les possibilités de mobilité",
        ],
        [
            "une offre de services RH mutualisée",
            "des entretiens de mobilité",
            "un vivier de remplaçants",
            "un tutorat des nouveaux arrivants",
        ],
    ),
    "digital": (
        [
            "Des démarches en ligne accompagnées",
            "Un formulaire unique",
            "Des conseillers numériques",
            "Simplifier les démarches",
        ],
        [
            "la fracture numérique écartait une partie des habitants",
            "les formulaires étaient trop longs",
            "les usagers se perdaient entre les sites",
        ],
        [
            "des formulaires simplifiés testés avec les usagers",
            "des permanences d'aide au numérique",
            "un espace France services",
            "des tablettes en libre accès",
        ],
    ),
    "environment": (
        [
            "Une cantine scolaire bio",
            "Éteindre l'éclairage public la nuit",
            "Des cours d'école végétalisées",
            "Réduire le gaspillage alimentaire",
            "Sensibiliser aux cours d'eau",
        ],
        [
            "la facture d'énergie pesait sur le budget",
            "le gaspillage alimentaire était important à la cantine",
            "les cours d'école devenaient des îlots de chaleur",
            "les milieux aquatiques étaient méconnus",
        ],
        [
            "des circuits courts avec les producteurs locaux",
            "l'extinction nocturne et des lampadaires LED",
            "des arbres plantés avec les élèves",
            "des balades commentées le long de la lagune",
        ],
    ),
    "living": (
        [
            "Redynamiser le centre-bourg",
            "Un tiers-lieu culturel",
            "Un café associatif",
            "Revitaliser les commerces",
        ],
        [
            "le centre-bourg se vidait",
            "les commerces fermaient les uns après les autres",
            "les liens entre anciens et nouveaux habitants se distendaient",
        ],
        [
            "un tiers-lieu porté par une association",
            "des animations de convivialité",
            "une boutique à l'essai",
            "un marché de producteurs le dimanche",
        ],
    ),
    "social": (
        [
            "Accueillir les mineurs isolés",
            "Repenser la Maison des solidarités",
            "Un CCAS plus proche",
            "Aller vers les personnes isolées",
        ],
        [
            "les familles patientaient dehors",
            "les personnes âgées restaient isolées",
            "les droits sociaux n'étaient pas demandés",
        ],
        [
            "des permanences dans les villages",
            "un agent d'orientation le matin",
            "des visites à domicile",
            "un interprète et un parcours expliqué",
        ],
    ),
    "youth": (
        [
            "Des tablettes dans les écoles",
            "Un conseil municipal des jeunes",
            "Une crèche aux horaires décalés",
            "Le périscolaire repensé",
        ],
        [
            "les élèves des écoles élémentaires n'avaient pas accès au numérique",
            "les parents travaillant tôt ne trouvaient pas de garde",
            "les jeunes ne participaient pas",
        ],
        [
            "des enseignants formés",
            "des horaires élargis",
            "un référent dans chaque école",
            "des ateliers avec les animateurs",
        ],
    ),
    "culture": (
        [
            "La bibliothèque devient un pôle culturel",
            "Une saison culturelle itinérante",
            "Un équipement sportif partagé",
        ],
        [
            "la bibliothèque était peu fréquentée",
            "les associations manquaient de salles",
            "les habitants des hameaux n'allaient pas aux spectacles",
        ],
        [
            "des horaires élargis et un coin numérique",
            "des spectacles dans les villages",
            "un planning partagé des salles",
        ],
    ),
    "health": (
        ["Une maison de santé pluriprofessionnelle", "Le maintien à domicile", "Un bus santé"],
        [
            "les médecins manquaient dans le canton",
            "les personnes âgées quittaient leur domicile trop tôt",
        ],
        [
            "des consultations avancées",
            "une coordination des aides à domicile",
            "un bus de prévention",
        ],
    ),
    "safety": (
        [
            "Mieux prendre en charge les victimes sourdes",
            "Prévenir les noyades",
            "Une police municipale de proximité",
        ],
        [
            "les personnes sourdes ne pouvaient pas appeler les pompiers",
            "les baignades sauvages causaient des accidents",
        ],
        ["un numéro d'urgence par SMS", "la visio en langue des signes", "des patrouilles à vélo"],
    ),
}
PLACES = [
    ("Pessac", "33"),
    ("Mérignac", "33"),
    ("Renac", "35"),
    ("Rennes", "35"),
    ("Flassans-sur-Issole", "83"),
    ("Toulon", "83"),
    ("Paris", "75"),
    ("Hazebrouck", "59"),
    ("Lille", "59"),
    ("Quimper", "29"),
    ("Grenoble", "38"),
    ("Pont-de-Claix", "38"),
    ("Niort", "79"),
    ("Tulle", "19"),
    ("Moulins", "03"),
    ("Caen", "14"),
    ("Sète", "34"),
    ("Beauvais", "60"),
    ("Nevers", "58"),
    ("Mouans-Sartoux", "06"),
    ("Dax", "40"),
    ("Albi", "81"),
    ("Chambéry", "73"),
    ("Besançon", "25"),
    ("Metz", "57"),
    ("Strasbourg", "67"),
    ("Ajaccio", "2A"),
    ("Saint-Denis", "974"),
    ("Limoges", "87"),
    ("Auxerre", "89"),
]
KINDS = ["commune"] * 6 + [
    "epci",
    "epci",
    "departement",
    "ccas",
    "sdis",
    "centre_gestion",
    "syndicat",
]


def build(n: int, seed: int) -> dict:
    from django.db import transaction

    from essaim.catalogue.models import Innovation
    from essaim.funds.models import Call, Fund
    from essaim.territory.enums import DEPARTEMENTS, REGION_OF_DEPARTEMENT
    from essaim.territory.models import Organisation
    from essaim.territory.services import refresh_derived_fields

    try:
        from essaim.catalogue.services.sheets import search_text
    except ImportError:  # pragma: no cover

        def search_text(i):
            return "\n".join((i.title, i.summary, i.place, i.problem, i.solution, i.results))

    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    funds = [
        Fund.objects.create(
            slug="mnt", name="Fonds MNT", reference_prefix="MNT", is_published=True
        ),
        Fund.objects.create(
            slug="ditp", name="DITP appel à défis", reference_prefix="DITP", is_published=True
        ),
    ]
    calls = []
    for fund in funds:
        for edition, year in enumerate((2021, 2022, 2023, 2024), start=1):
            call = Call(
                fund=fund,
                slug=f"{year}-{edition}",
                year=year,
                edition=edition,
                title=f"{fund.name} — appel {year}",
                summary="Appel",
                is_published=True,
                opens_at=now - dt.timedelta(days=400 * (5 - edition)),
                closes_at=now - dt.timedelta(days=400 * (5 - edition) - 35),
            )
            call.save()
            calls.append(call)

    departements = [code for code, _name in DEPARTEMENTS]
    bodies = []
    for i in range(BODIES):
        kind = rng.choice(KINDS)
        dep = rng.choice(departements)
        population = int(rng.lognormvariate(8, 1.6)) if kind in ("commune", "epci") else None
        body = Organisation(
            kind=kind,
            name=f"Organisme {i}",
            formal_name=f"Organisme public {i}",
            departement=dep,
            region=REGION_OF_DEPARTEMENT.get(dep, ""),
            population=population,
            source="referential",
        )
        refresh_derived_fields(body)
        bodies.append(body)
    Organisation.objects.bulk_create(bodies, batch_size=BATCH)
    bodies = list(Organisation.objects.order_by("pk"))

    started = time.perf_counter()
    topics = list(THEMES)
    for start in range(0, n, BATCH):
        rows = []
        for i in range(start, min(n, start + BATCH)):
            topic = rng.choice(topics)
            titles, problems, solutions = THEMES[topic]
            place, dep = rng.choice(PLACES)
            body = rng.choice(bodies)
            in_fund = rng.random() < 0.6
            call = rng.choice(calls) if in_fund else None
            problem = ". ".join(rng.sample(problems, min(2, len(problems)))).capitalize() + "."
            solution = ", ".join(rng.sample(solutions, min(3, len(solutions)))).capitalize() + "."
            results = rng.choice(
                [
                    "Le délai de réponse est passé de 9 à 2 jours.",
                    "Les agents disent travailler mieux.",
                    "La fréquentation a doublé en un an.",
                    "Les usagers sont satisfaits à 87 %.",
                    "",
                ]
            )
            published = rng.random() < 0.95
            innovation = Innovation(
                slug=f"innovation-{i}",
                title=f"{rng.choice(titles)} à {place}",
                summary=f"{rng.choice(solutions).capitalize()} : {rng.choice(problems)}.",
                topic=topic,
                organisation=body,
                place=f"{place} ({dep})",
                departement=body.departement if rng.random() < 0.7 else dep,
                fund=call.fund if call else None,
                call=call,
                year=call.year if call else rng.choice((2019, 2020, 2021, 2022, 2023, 2024)),
                is_external=not in_fund,
                problem=problem,
                solution=solution,
                results=results,
                steps="Des entretiens avec les usagers, un prototype, un test, une consolidation.",
                is_published=published,
                published_at=now - dt.timedelta(minutes=i) if published else None,
            )
            innovation.search_document = search_text(innovation)
            rows.append(innovation)
        with transaction.atomic():
            Innovation.objects.bulk_create(rows)
    return {"innovations": n, "index_seconds": round(time.perf_counter() - started, 1)}


def measure_in_process(runs: int = 10) -> dict:
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from essaim.catalogue import facet_index
    from essaim.catalogue.filters import CatalogueFilters
    from essaim.catalogue.selectors.catalogue import catalogue_page, index_version

    version = index_version()
    builds = []
    for _ in range(3):
        started = time.perf_counter()
        facet_index._build(version)
        builds.append(time.perf_counter() - started)
    index = facet_index.facet_index(version)

    times, new_text, queries, per_request = [], [], set(), {}
    for request in REQUESTS:
        filters = CatalogueFilters.from_query(QueryDict(urlencode(request)))
        catalogue_page(filters)  # warm-up
        own = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                page = catalogue_page(filters)
                own.append(time.perf_counter() - started)
            queries.add(len(captured.captured_queries))
            if request.get("q"):  # the same with the text's matches forgotten
                index._matches.clear()
                started = time.perf_counter()
                catalogue_page(filters)
                new_text.append(time.perf_counter() - started)
        times += own
        per_request[urlencode(request) or "(none)"] = {
            "median_ms": round(percentile(own, 0.5) * 1000, 2),
            "total": page.total,
        }
    slowest = max(per_request.items(), key=lambda item: item[1]["median_ms"])
    return {
        "calls": len(times),
        "p50_ms": round(percentile(times, 0.5) * 1000, 2),
        "p95_ms": round(percentile(times, 0.95) * 1000, 2),
        "new_text_calls": len(new_text),
        "new_text_p50_ms": round(percentile(new_text, 0.5) * 1000, 2),
        "new_text_p95_ms": round(percentile(new_text, 0.95) * 1000, 2),
        "bitmaps_build_ms": round(min(builds) * 1000),
        "slowest": {"request": slowest[0], **slowest[1]},
        "sql_queries": sorted(queries),
        "per_request": per_request,
    }


def run_wrk(duration: int, connections: int) -> dict:
    paths = ", ".join(json.dumps(p) for p in PATHS)
    script = (
        "local paths = {" + paths + "}\nlocal counter = 0\nrequest = function()\n"
        "  counter = counter + 1\n"
        '  return wrk.format("GET", paths[(counter % #paths) + 1])\nend\n'
    )
    return wrk_latency(script, port=PORT, connections=connections, duration=duration)


def run_wrk_mixed(duration: int, connections: int) -> dict:
    """As run_wrk, but one request in FRESH_SHARE is a search never asked before; wrk's two
    threads take alternate entries of FRESH_PATHS so that none is asked twice."""
    paths = ", ".join(json.dumps(p) for p in PATHS)
    fresh = ", ".join(json.dumps(p) for p in FRESH_PATHS)
    script = (
        "local threads = 0\n"
        "setup = function(thread)\n"
        '  thread:set("tid", threads)\n'
        "  threads = threads + 1\n"
        "end\n"
        "local paths = {" + paths + "}\n"
        "local fresh = {" + fresh + "}\n"
        "local counter, fresh_used = 0, 0\n"
        "request = function()\n"
        "  counter = counter + 1\n"
        f"  if counter % {FRESH_SHARE} == 0 then\n"
        "    fresh_used = fresh_used + 1\n"
        '    return wrk.format("GET", fresh[((fresh_used * 2 + tid) % #fresh) + 1])\n'
        "  end\n"
        '  return wrk.format("GET", paths[(counter % #paths) + 1])\n'
        "end\n"
    )
    return wrk_latency(script, port=PORT, connections=connections, duration=duration)


def check_pages(env: dict) -> None:
    """Every measured URL answers 200 with a result count (no error page measured)."""
    import urllib.request

    for path in PATHS:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=30) as response:
            body = response.read().decode()
            if response.status != 200 or 'id="results-count"' not in body:
                raise SystemExit(f"{path}: {response.status}")


def table(results: dict) -> str:
    own, http, uncached = results["in_process"], results["http"], results["http_uncached"]
    mixed = results["http_mixed"]
    return "\n".join(
        [
            f"### Catalogue search — {results['database']}, {results['innovations']:,} sheets",
            "",
            "| what | p50 ms | p95 ms | other |",
            "|---|---:|---:|---|",
            f"| `catalogue_page()` in process ({own['calls']} calls, {len(REQUESTS)} requests) "
            f"| {own['p50_ms']} | {own['p95_ms']} | {'/'.join(map(str, own['sql_queries']))} SQL "
            f"queries; slowest {own['slowest']['median_ms']} ms ({own['slowest']['request']}) |",
            f"| the same, each text's matches forgotten first (a word not searched since the "
            f"last write to a sheet: one more query) | {own['new_text_p50_ms']} "
            f"| {own['new_text_p95_ms']} | {own['new_text_calls']} calls |",
            f"| the facets' bitmaps built (once per index version and worker) "
            f"| {own['bitmaps_build_ms']} | | |",
            f"| `/innovations/…`, granian 2 workers, wrk {http['connections']} connections "
            f"{http['duration_s']} s | {http['p50_ms']} | {http['p95_ms']} "
            f"| {http['req_per_s']:,} req/s; p99 {http['p99_ms']} ms |",
            f"| as deployed, one request in {FRESH_SHARE} a search never asked before "
            f"| {mixed['p50_ms']} | {mixed['p95_ms']} "
            f"| {mixed['req_per_s']:,} req/s; p99 {mixed['p99_ms']} ms |",
            f"| the 20 searches without the page cache (`ESSAIM_CATALOGUE_PAGE_CACHE_SECONDS=0`) "
            f"| {uncached['p50_ms']} | {uncached['p95_ms']} "
            f"| {uncached['req_per_s']:,} req/s; p99 {uncached['p99_ms']} ms |",
            "",
            f"{results['innovations']:,} sheets written and indexed by the database's triggers in "
            f"{results['index_seconds']} s. "
            + machine_line(results["machine"], shared_by="wrk and the server"),
        ]
    )


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help=f"use PostgreSQL ({PG_DATABASE})")
    parser.add_argument("--n", type=int, default=50_000, help="innovation sheets")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk load")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)

    reset_database(args.postgres)
    secret_key = "bench-catalogue-" + "k" * 50
    setup_django(postgres=args.postgres, secret_key=secret_key)
    from django.db import connection

    migrate_and_collect_static()
    built = build(args.n, args.seed)
    analyze_database()
    print(
        f"{args.n} sheets on {connection.vendor}, indexed in {built['index_seconds']} s", flush=True
    )

    results = {
        **results_record("catalogue.py", argv),
        **built,
        "in_process": measure_in_process(),
    }
    print(f"in process: {json.dumps(results['in_process'], indent=1)}", flush=True)
    connection.close()

    env = bench_env(postgres=args.postgres, site_port=PORT, secret_key=secret_key)
    with Server("granian", PORT, env):
        check_pages(env)
        run_wrk(3, args.connections)  # warm-up: workers' imports, connections, caches
        results["http"] = run_wrk(args.duration, args.connections)
        results["http_mixed"] = run_wrk_mixed(args.duration, args.connections)
    print(f"http: {results['http']}", flush=True)
    print(f"http, with new searches: {results['http_mixed']}", flush=True)
    # The same searches with the page cache off: each request runs the ranked search and
    # renders the page.
    uncached_env = {**env, "ESSAIM_CATALOGUE_PAGE_CACHE_SECONDS": "0"}
    with Server("granian", PORT, uncached_env):
        check_pages(uncached_env)
        run_wrk(3, args.connections)
        results["http_uncached"] = run_wrk(args.duration, args.connections)
    print(f"http without the page cache: {results['http_uncached']}", flush=True)

    write_results(f"catalogue-{database_flavour(args.postgres)}", results, table(results))
    if results["http"]["p95_ms"] >= 50:
        print(f"\nABOVE AIM: p95 {results['http']['p95_ms']} ms ≥ 50 ms", file=sys.stderr)
    return results


if __name__ == "__main__":
    main()
