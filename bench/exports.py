"""Benchmark of the exports: a call of 100,000 dossiers written to CSV, XLSX and ODS.

    python bench/exports.py [--rows 100000] [--postgres] [--formats csv,xlsx,ods]
                            [--odfpy-rows 10000] [--skip-build]

1. Builds a fresh database — SQLite /tmp/bench-exports.sqlite3, or with --postgres the
   PostgreSQL database `essaim_bench_exports` on 127.0.0.1 (user postgres) — with one call
   of N submitted dossiers (bulk_create by 5,000: owner, theme, body, amounts; a fifth of
   them with a decision), plus a call of N/10 for the flatness check.
2. For each format, in a FRESH process (so that each peak is its own), runs the export job
   exactly as the worker does (`run_export_job`, the dossiers' default columns, chunks of
   ESSAIM_EXPORT_CHUNK_SIZE) and measures: wall time, the peak RSS of the process
   (ru_maxrss) and its growth during the job. On N/10 rows, the same and — in a second run
   of the job — the peak of Python allocations seen by tracemalloc (tracing slows the job
   about six times: on the N rows only with --tracemalloc-full). Memory that does not grow
   with the rows is what "constant memory" means here.
3. For comparison, odfpy (which builds the whole document tree in memory) writing the same
   columns for --odfpy-rows rows, tracemalloc peak and time: why the ODS writer is our own.
4. Writes bench/results/exports-<db>.json and prints a Markdown table.
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("BENCH_SQLITE_PATH", "/tmp/bench-exports.sqlite3")  # noqa: S108
os.environ.setdefault("BENCH_PG_DATABASE", "essaim_bench_exports")
os.environ.setdefault("BENCH_VAR_DIR", "/tmp/essaim-bench-exports-var")  # noqa: S108

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS_DIR, reset_database, setup_django

BATCH = 5000


def build(rows: int) -> dict:
    from decimal import Decimal

    from django.utils import timezone

    from essaim.accounts.models import User
    from essaim.applications.enums import ApplicationState, TeamAccess
    from essaim.applications.models import Application, TeamMember
    from essaim.funds.enums import FundRole, SupportKind
    from essaim.funds.models import Call, Fund, FundMembership, Theme
    from essaim.review.models import Decision
    from essaim.territory.models import Organisation

    fund = Fund.objects.create(slug="mnt", name="Fonds MNT", operator="MNT", reference_prefix="MNT")
    staff = User.objects.create_user(email="equipe@bench.fr", password="x" * 12)
    FundMembership.objects.create(fund=fund, user=staff, role=FundRole.STAFF)
    body = Organisation.objects.create(
        kind="commune",
        name="Pessac",
        formal_name="Commune de Pessac",
        search_name="pessac",
        siren="213303183",
        insee_code="33318",
        departement="33",
        region="75",
        population=66000,
    )
    now = timezone.now()
    calls = {}
    for edition, size in ((1, rows), (2, max(1, rows // 10))):
        call = Call.objects.create(
            fund=fund,
            slug=f"2024-{edition}",
            year=2024,
            edition=edition,
            title=f"Appel {edition}",
            summary="Bench",
            support_kind=SupportKind.FUNDING,
            opens_at=now - dt.timedelta(days=60),
            closes_at=now - dt.timedelta(days=1),
        )
        theme = Theme.objects.create(call=call, title="Repenser l'accueil des usagers")
        states = [
            ApplicationState.SUBMITTED,
            ApplicationState.ELIGIBLE,
            ApplicationState.NOT_SHORTLISTED,
            ApplicationState.LAUREATE,
            ApplicationState.NOT_SELECTED,
        ]
        for start in range(0, size, BATCH):
            batch = [
                Application(
                    call=call,
                    state=states[i % 5],
                    reference=f"MNT-2024-{edition:02d}-{i:06d}",
                    title=f"Projet d'accueil n° {i}",
                    theme=theme,
                    organisation=body,
                    organisation_name="Commune de Pessac",
                    organisation_type="commune",
                    organisation_departement="33",
                    amount_requested=Decimal("50000.00") + i,
                    problem="Les usagers attendent longtemps au téléphone. " * 4,
                    submitted_at=now - dt.timedelta(days=30, minutes=i),
                )
                for i in range(start, min(size, start + BATCH))
            ]
            Application.objects.bulk_create(batch)
            TeamMember.objects.bulk_create(
                TeamMember(
                    application=a,
                    full_name=f"Porteur {a.reference}",
                    email=f"p{a.pk}@mairie.fr",
                    job_title="DGS",
                    access=TeamAccess.OWNER,
                )
                for a in batch
            )
            Decision.objects.bulk_create(
                Decision(application=a, kind="eligibility", outcome=a.state, reason="Motif")
                for a in batch
                if a.state != ApplicationState.SUBMITTED
            )
        calls[edition] = call.pk
    return {"staff_id": staff.pk, "calls": calls}


def measure_one(args) -> None:
    """In a fresh process: one export job, timed, with its memory (see the docstring)."""
    import resource
    import time
    import tracemalloc

    from django.db import connection

    from essaim.accounts.models import User
    from essaim.dataio.datasets import DATASETS
    from essaim.dataio.exports import run_export_job
    from essaim.dataio.models import ExportJob
    from essaim.funds.models import Call

    call = Call.objects.select_related("fund").get(pk=args.call_id)
    staff = User.objects.get(pk=args.staff_id)
    columns = DATASETS["dossiers"].default_keys(call)
    # warm up imports, translations and the connection on a one-row job of the other call
    result = {}
    for traced in (False, True) if args.traced else (False,):
        job = ExportJob.objects.create(
            fund=call.fund,
            call=call,
            dataset="dossiers",
            format=args.format,
            columns=columns,
            filters={},
            created_by=staff,
        )
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        status = run_export_job(job_id=job.pk)
        seconds = time.perf_counter() - started
        assert status == "done", ExportJob.objects.get(pk=job.pk).error
        job.refresh_from_db()
        if traced:
            result["tracemalloc_peak_mib"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
            result["seconds_traced"] = round(seconds, 1)
            tracemalloc.stop()
        else:
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            result.update(
                rows=job.done,
                columns=len(columns),
                seconds=round(seconds, 1),
                rows_per_second=round(job.done / seconds),
                bytes=job.size,
                rss_peak_mib=round(rss_after / 1024, 1),
                rss_growth_mib=round((rss_after - rss_before) / 1024, 1),
            )
        job.file.delete(save=False)
    result["vendor"] = connection.vendor
    print("BENCH-JSON " + json.dumps(result))


def measure_odfpy(rows: int, call_id: int) -> dict:
    """odfpy building the same sheet: the whole tree stays in memory until save()."""
    import io
    import time
    import tracemalloc

    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    from essaim.dataio.datasets import DATASETS
    from essaim.dataio.writers import typed
    from essaim.funds.models import Call

    call = Call.objects.get(pk=call_id)
    spec = DATASETS["dossiers"]
    columns = spec.chosen(call, spec.default_keys(call))
    tracemalloc.start()
    started = time.perf_counter()
    document = OpenDocumentSpreadsheet()
    table = Table(name="Dossiers")
    for n, obj in enumerate(spec.rows(call, columns, {}).iterator(chunk_size=2000)):
        if n >= rows:
            break
        line = TableRow()
        for column in columns:
            value = typed(column.value(obj), column.kind)
            cell = TableCell(valuetype="string")
            cell.addElement(P(text="" if value is None else str(value)))
            line.addElement(cell)
        table.addElement(line)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "rows": rows,
        "seconds_traced": round(seconds, 1),
        "tracemalloc_peak_mib": round(peak / 2**20, 1),
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--formats", default="csv,xlsx,ods")
    parser.add_argument("--odfpy-rows", type=int, default=10_000)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--tracemalloc-full", action="store_true")
    # internal: one measure in a fresh process
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--format", help=argparse.SUPPRESS)
    parser.add_argument("--call-id", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--staff-id", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:
        setup_django(postgres=args.postgres)
        measure_one(args)
        return {}

    state_file = RESULTS_DIR / f"exports-dataset-{'postgresql' if args.postgres else 'sqlite'}.json"
    if not args.skip_build:
        reset_database(args.postgres)
    setup_django(postgres=args.postgres)
    import time

    from django.core.management import call_command

    if not args.skip_build:
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        dataset = build(args.rows)
        dataset["build_seconds"] = round(time.perf_counter() - started, 1)
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        state_file.write_text(json.dumps(dataset))
    dataset = json.loads(state_file.read_text())

    results = {
        "rows": args.rows,
        "formats": {},
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average": round(os.getloadavg()[0], 2),
        },
        "build_seconds": dataset.get("build_seconds"),
    }
    for fmt in args.formats.split(","):
        for label, call_id in (("all", dataset["calls"]["1"]), ("tenth", dataset["calls"]["2"])):
            command = [
                sys.executable,
                __file__,
                "--measure",
                "--format",
                fmt,
                "--call-id",
                str(call_id),
                "--staff-id",
                str(dataset["staff_id"]),
                *(["--postgres"] if args.postgres else []),
                *(["--traced"] if label == "tenth" or args.tracemalloc_full else []),
            ]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH-JSON ")), None)
            if line is None:
                raise SystemExit(f"{fmt}: {done.stderr[-3000:]}")
            results["formats"].setdefault(fmt, {})[label] = json.loads(line[len("BENCH-JSON ") :])
            print(fmt, label, results["formats"][fmt][label], flush=True)
    if args.odfpy_rows:
        results["odfpy"] = measure_odfpy(args.odfpy_rows, dataset["calls"]["1"])
        print("odfpy", results["odfpy"], flush=True)

    vendor = "postgresql" if args.postgres else "sqlite"
    out = RESULTS_DIR / f"exports-{vendor}.json"
    out.write_text(json.dumps(results, indent=2))
    print(table(results, vendor))
    return results


def table(results: dict, vendor: str) -> str:
    lines = [
        f"Exports of the dossiers' default columns, {vendor}:",
        "",
        "| format | rows | time s | rows/s | file MiB | peak RSS MiB | RSS growth MiB | tracemalloc peak MiB | 1/10 of the rows |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for fmt, runs in results["formats"].items():
        full, tenth = runs["all"], runs["tenth"]
        lines.append(
            f"| {fmt.upper()} | {full['rows']:,} | {full['seconds']} | {full['rows_per_second']:,} "
            f"| {full['bytes'] / 2**20:.1f} | {full['rss_peak_mib']} | {full['rss_growth_mib']} "
            f"| {full.get('tracemalloc_peak_mib', '—')} | {tenth['seconds']} s, RSS growth "
            f"{tenth['rss_growth_mib']}, tracemalloc {tenth['tracemalloc_peak_mib']} MiB |"
        )
    if "odfpy" in results:
        odf = results["odfpy"]
        lines.append(
            f"\nodfpy building the same ODS in memory: {odf['rows']:,} rows, "
            f"tracemalloc peak {odf['tracemalloc_peak_mib']} MiB, {odf['seconds_traced']} s (traced)."
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
