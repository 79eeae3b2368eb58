"""Benchmark of the organisation autocomplete over the whole official referential.

    python bench/autocomplete.py [--postgres] [--duration 10] [--connections 16]

1. Builds a fresh database — SQLite /tmp/bench-autocomplete.sqlite3, or with --postgres the
   PostgreSQL database `essaim_bench_autocomplete` on 127.0.0.1 (user postgres) — and loads
   the shipped referential with `import_territory` (timed: the "well under a minute").
2. In this process: `territory.search.search()` on each query of QUERIES (20 runs each),
   p50 / p95 in ms and the number of SQL queries — the search's own cost.
3. Over HTTP: granian WSGI with 2 workers (as `make bench`), production settings, then
   `wrk -t2 -c16 -d10s` on the suggestions endpoint `/organismes/suggestions/?q=…`, each
   request taking the next query of QUERIES (what people type, letter by letter, names,
   postal and INSEE codes, SIREN). Load generator and server share the machine's cores.
4. Writes bench/results/autocomplete-sqlite.json (or -postgresql.json) and a Markdown
   table beside it, and prints the table. The target: p95 under 30 ms at 16 connections.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import quote

# Before `common` reads them: this benchmark's own database and files.
os.environ.setdefault("BENCH_SQLITE_PATH", "/tmp/bench-autocomplete.sqlite3")  # noqa: S108
os.environ.setdefault("BENCH_PG_DATABASE", "essaim_bench_autocomplete")
os.environ.setdefault("BENCH_VAR_DIR", "/tmp/essaim-bench-autocomplete-var")  # noqa: S108

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

PORT = 8230
# What people type: a name letter by letter, accents and hyphens left out, "st", homonyms,
# EPCI, départements, postal and INSEE codes, SIREN and SIRET, and a few that find nothing.
QUERIES = [
    "pe",
    "pes",
    "pess",
    "pessac",
    "sa",
    "saint",
    "saint d",
    "st denis",
    "saint-denis",
    "flassans sur issole",
    "issole",
    "re",
    "renac",
    "bordeaux",
    "bordeaux metropole",
    "cc haute correze",
    "communaute de communes haute-correze communaute",
    "haute correze",
    "gironde",
    "conseil departemental du calvados",
    "ile de france",
    "ville de la rochelle",
    "l isle adam",
    "les sables d olonne",
    "montreuil",
    "lyon",
    "marseille 13",
    "33600",
    "336",
    "75001",
    "33318",
    "2a004",
    "213303183",
    "21330318300012",
    "243300316",
    "zzyzx",
    "correze haute",
    "sur issole",
    "grand paris",
    "aix en pro",
]
LUA_REQUESTS = """
local queries = {%s}
local counter = 0
request = function()
  counter = counter + 1
  local q = queries[(counter %% #queries) + 1]
  return wrk.format("GET", "/organismes/suggestions/?q=" .. q)
end
"""


def suggestions_path() -> str:
    from django.urls import reverse

    return reverse("portal:organisation_suggestions")


def measure_in_process(runs: int = 20) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from essaim.territory.search import search

    times, queries, slowest = [], set(), (0.0, "")
    for query in QUERIES:
        search(query)  # warm-up
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                search(query)
                elapsed = time.perf_counter() - started
            times.append(elapsed)
            queries.add(len(captured.captured_queries))
            slowest = max(slowest, (elapsed, query))
    return {
        "calls": len(times),
        "p50_ms": round(percentile(times, 0.5) * 1000, 2),
        "p95_ms": round(percentile(times, 0.95) * 1000, 2),
        "max_ms": round(slowest[0] * 1000, 2),
        "slowest_query": slowest[1],
        "sql_queries": sorted(queries),
    }


def run_wrk(duration: int, connections: int, path: str) -> dict:
    script = LUA_REQUESTS % ", ".join(f'"{quote(q)}"' for q in QUERIES)
    script = script.replace("/organismes/suggestions/", path)
    return wrk_latency(script, port=PORT, connections=connections, duration=duration)


def table(results: dict) -> str:
    own, http = results["in_process"], results["http"]
    lines = [
        f"### Organisation autocomplete — {results['database']}, "
        f"{results['bodies']:,} bodies, {results['terms']:,} search terms",
        "",
        "| what | p50 ms | p95 ms | other |",
        "|---|---:|---:|---|",
        f"| `search()` in process ({own['calls']} calls, {len(QUERIES)} queries) "
        f"| {own['p50_ms']} | {own['p95_ms']} | {'/'.join(map(str, own['sql_queries']))} SQL "
        f"queries; slowest {own['max_ms']} ms ({own['slowest_query']!r}) |",
        f"| suggestions endpoint, granian 2 workers, wrk {http['connections']} connections "
        f"{http['duration_s']} s | {http['p50_ms']} | {http['p95_ms']} "
        f"| {http['req_per_s']:,} req/s; p99 {http['p99_ms']} ms |",
        "",
        f"Import of the whole referential (`import_territory`, fresh database): "
        f"{results['import_seconds']} s. "
        + machine_line(results["machine"], shared_by="wrk and the server"),
    ]
    return "\n".join(lines)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help=f"use PostgreSQL ({PG_DATABASE})")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk load")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args(argv)

    reset_database(args.postgres)
    secret_key = "bench-autocomplete-" + "k" * 50
    setup_django(postgres=args.postgres, secret_key=secret_key)
    from django.core.management import call_command
    from django.db import connection

    from essaim.territory.models import Organisation, SearchTerm

    migrate_and_collect_static()
    started = time.perf_counter()
    call_command("import_territory", verbosity=0)
    imported = round(time.perf_counter() - started, 1)
    analyze_database()
    print(f"referential imported on {connection.vendor} in {imported} s", flush=True)

    results = {
        **results_record("autocomplete.py", argv),
        "bodies": Organisation.objects.count(),
        "terms": SearchTerm.objects.count(),
        "import_seconds": imported,
        "in_process": measure_in_process(),
    }
    print(f"in process: {results['in_process']}", flush=True)
    path = suggestions_path()
    connection.close()

    env = bench_env(postgres=args.postgres, site_port=PORT, secret_key=secret_key)
    with Server("granian", PORT, env):
        run_wrk(3, args.connections, path)  # warm-up: workers' imports, connections
        results["http"] = run_wrk(args.duration, args.connections, path)
    print(f"http: {results['http']}", flush=True)

    write_results(f"autocomplete-{database_flavour(args.postgres)}", results, table(results))
    if results["http"]["p95_ms"] >= 30:
        print(f"\nABOVE TARGET: p95 {results['http']['p95_ms']} ms ≥ 30 ms", file=sys.stderr)
    return results


if __name__ == "__main__":
    main()
