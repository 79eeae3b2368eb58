"""`make bench`: generate N dossiers, then measure the main pages under the production servers.

    python bench/run.py [--n 10000] [--postgres] [--servers gunicorn,gunicorn-gthread,granian]
                        [--duration 10] [--connections 16] [--skip-generate]
    python bench/run.py --report bench/results/latest.json     # the tables again

1. bench/generate.py fills a fresh database (SQLite /tmp/bench.sqlite3, or PostgreSQL
   `essaim_bench` with --postgres) with N dossiers in one call, plus other calls.
2. collectstatic into a temporary folder (WhiteNoise's manifest storage needs it).
3. For each server in turn (gunicorn with 2 sync workers, gunicorn with 2 gthread workers,
   granian WSGI with 2 workers), on 127.0.0.1: every page is checked to answer 200 (a page
   answering 302, 404 or 500 is not measured: the run stops), warmed up, then loaded by
   `wrk -t2 -c16 -d10s --latency` — the public call page, "Mes dossiers", the staff list of
   the call (first page and a filtered page) and the bare "hello" view as the ceiling.
   Then the CSV export of 1,000 and of N dossiers is downloaded once (wall time) while the
   server's worker processes' RSS is sampled.
4. bench/export_memory.py measures each export's peak memory in a fresh process.
5. Prints the tables and writes bench/results/latest.json and latest.md (and a copy named
   latest-sqlite.* or latest-postgresql.*). See docs/benchmarks.md.

Aims (from the issue): every page at least half the ceiling's requests per second, and
p95 under 100 ms at 16 connections. The run reports; it does not fail on a missed aim.
"""

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BENCH_DIR,
    DATASET_FILE,
    FILTER,
    RESULTS_DIR,
    ROOT,
    SERVERS,
    SQLITE_PATH,
    VAR_DIR,
    BenchError,
    Server,
    bench_env,
    cpu_model,
    fetch,
    page_urls,
    postgres_cpu_seconds,
    postgres_version,
    process_tree_cpu_seconds,
    setup_django,
)

PYTHON = sys.executable
WRK = shutil.which("wrk") or "/usr/bin/wrk"
LUA = BENCH_DIR / "wrk_report.lua"
PAGES = ["hello", "call page", "mes dossiers", "staff list", "staff list, filtered"]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


# --- the machine ----------------------------------------------------------------------------
def machine() -> dict:
    mem_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem_kib = int(line.split()[1])
    versions = {}
    for package in ("django", "gunicorn", "granian", "psycopg", "whitenoise"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:
            versions[package] = "?"
    wrk_version = subprocess.run([WRK, "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    import sqlite3

    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "wrk": wrk_version.strip(),
        **versions,
    }


# --- Django in this process: sessions and URLs -----------------------------------------------
def prepare(dataset: dict, postgres: bool, secret_key: str) -> dict:
    """Sessions of the applicant and the staff member, the URLs reversed by name."""
    setup_django(postgres=postgres, secret_key=secret_key)
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections
    from django.urls import reverse

    from essaim.accounts.models import User
    from essaim.accounts.two_factor import ENROLLED_SESSION_KEY
    from essaim.applications.models import Application

    cookies = {}
    for who, email in (
        ("applicant", dataset["applicant_email"]),
        ("staff", dataset["staff_email"]),
    ):
        user = User.objects.get(email=email)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        # as after a sign-in with the authenticator app that staff must use
        session[ENROLLED_SESSION_KEY] = True
        session.create()
        cookies[who] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    call_id = dataset["call_id"]
    pages = page_urls(dataset)
    exports = {
        size: reverse("backoffice:call_applications_export", args=[cid])
        for size, cid in (
            (dataset["dossiers_per_call"][str(dataset["small_call_id"])], dataset["small_call_id"]),
            (dataset["dossiers_per_call"][str(call_id)], call_id),
        )
    }
    filtered_rows = Application.objects.filter(
        call_id=call_id, state="submitted", organisation_type="commune"
    ).count()
    connections.close_all()
    return {"cookies": cookies, "pages": pages, "exports": exports, "filtered_rows": filtered_rows}


# --- servers ---------------------------------------------------------------------------------
def preflight(port: int, name: str, who: str | None, path: str, cookie: str | None) -> int:
    """The page answers 200 with the content expected; otherwise it is not measured."""
    status, headers, body = fetch(port, path, cookie)
    if status != 200:
        where = headers.get("Location", "")
        raise BenchError(
            f"{name} ({path}) answered {status} {where}: not measured. Body starts: {body[:300]!r}"
        )
    expected = {
        "hello": b"hello",
        "staff list": b"MNT-",
        "staff list, filtered": b"MNT-",
        "mes dossiers": b"MNT-",
        "call page": b"<h1",
    }[name]
    if expected not in body:
        raise BenchError(f"{name} ({path}) answered 200 without {expected!r}")
    return len(body)


# --- the load tool ---------------------------------------------------------------------------
def _busy_seconds() -> float:
    import psutil

    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


def others_share(server: "Server", seconds: float = 1.0) -> float:
    """Share of the machine's CPU used by processes other than the idle server and this one."""
    import psutil

    me = psutil.Process()
    busy0, ours0 = _busy_seconds(), process_tree_cpu_seconds(server.process.pid)
    mine0 = sum(me.cpu_times()[:2])
    time.sleep(seconds)
    foreign = (
        (_busy_seconds() - busy0)
        - (process_tree_cpu_seconds(server.process.pid) - ours0)
        - (sum(me.cpu_times()[:2]) - mine0)
    )
    return max(0.0, foreign) / ((os.cpu_count() or 1) * seconds)


def wait_for_quiet(server: "Server", max_wait: float, threshold: float = 0.2) -> float:
    """Wait (up to max_wait seconds) for a second in which other processes use less than
    `threshold` of the CPU: the benchmark shares the machine. Returns the last share seen."""
    deadline = time.time() + max_wait
    share = others_share(server)
    while share > threshold and time.time() < deadline:
        share = others_share(server)
    return share


def run_wrk(
    server: "Server",
    path: str,
    cookie: str | None,
    *,
    duration: int,
    connections: int,
    threads: int,
) -> dict:
    """wrk against one page; also how much CPU other processes of the machine took meanwhile
    (the benchmark shares 2 cores with whatever else runs: that share is reported)."""
    import resource

    port = server.port
    command = [
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "5s",
        "-s",
        str(LUA),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    busy0, ours0, db0 = (
        _busy_seconds(),
        process_tree_cpu_seconds(server.process.pid),
        postgres_cpu_seconds(),
    )
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    wall = time.perf_counter() - wall0
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = (children1.ru_utime - children0.ru_utime) + (children1.ru_stime - children0.ru_stime)
    server_cpu = process_tree_cpu_seconds(server.process.pid) - ours0
    db_cpu = postgres_cpu_seconds() - db0
    foreign = max(0.0, _busy_seconds() - busy0 - server_cpu - wrk_cpu - db_cpu)
    out = done.stdout
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr or out}")
    match = re.search(r"^BENCH-JSON (.*)$", out, re.M)
    if not match:
        raise BenchError(f"wrk gave no BENCH-JSON line:\n{out}")
    stats = json.loads(match.group(1))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    stats["rps"] = float(rps.group(1)) if rps else stats["requests"] / stats["duration_us"] * 1e6
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    stats["non_2xx_3xx"] = int(non_2xx.group(1)) if non_2xx else 0
    stats["wrk_output"] = out
    cores = os.cpu_count() or 1
    stats["cpu"] = {
        "server_share": round(server_cpu / (cores * wall), 3),
        "wrk_share": round(wrk_cpu / (cores * wall), 3),
        "postgres_share": round(db_cpu / (cores * wall), 3),
        "other_processes_share": round(foreign / (cores * wall), 3),
    }
    if stats["non_2xx_3xx"] or stats["errors_status"]:
        raise BenchError(
            f"{path}: {stats['non_2xx_3xx'] or stats['errors_status']} responses were not "
            f"2xx/3xx under load — the page is failing, not slow. wrk said:\n{out}"
        )
    return stats


# --- the CSV export over HTTP ------------------------------------------------------------
def wait_idle(server: Server, max_wait: float = 10.0) -> None:
    """Let the server finish the requests wrk left queued when it stopped (a sync worker
    keeps serving the accepted connections), so that they do not count in the next timing."""
    deadline = time.time() + max_wait
    while time.time() < deadline:
        before = process_tree_cpu_seconds(server.process.pid)
        time.sleep(0.3)
        if process_tree_cpu_seconds(server.process.pid) - before < 0.3 * 0.05:
            return


def download(server: Server, path: str, cookie: str) -> dict:
    """One full download: wall time, bytes, rows; worker RSS sampled every 10 ms."""
    wait_idle(server)
    workers = server.workers()
    baseline = {w.pid: w.memory_info().rss for w in workers}
    peaks = dict(baseline)
    stop = threading.Event()

    def sample():
        import psutil

        while not stop.is_set():
            for w in workers:
                with contextlib.suppress(psutil.Error):  # a worker may be recycled
                    peaks[w.pid] = max(peaks[w.pid], w.memory_info().rss)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    first_byte = time.perf_counter() - started
    if response.status != 200:
        raise BenchError(f"export {path} answered {response.status}")
    size = rows = 0
    while chunk := response.read(65536):
        size += len(chunk)
        rows += chunk.count(b"\r\n")
    seconds = time.perf_counter() - started
    conn.close()
    stop.set()
    sampler.join()
    growth = max(peaks[pid] - baseline[pid] for pid in baseline)
    return {
        "rows": rows - 1,
        "bytes": size,
        "seconds": round(seconds, 3),
        "first_byte_ms": round(first_byte * 1000, 1),
        "worker_peak_rss_mib": round(max(peaks.values()) / 2**20, 1),
        "worker_rss_growth_mib": round(growth / 2**20, 1),
    }


# --- the report ------------------------------------------------------------------------------
def ms(us: float) -> str:
    return f"{us / 1000:.1f}"


def cpu_ms(stats: dict, cores: int, share: str) -> str:
    """CPU milliseconds spent per request, from the share of the machine and the rate."""
    return f"{stats['cpu'][share] * cores * 1000 / stats['rps']:.1f}" if stats["rps"] else "—"


def tables(results: dict) -> str:
    m, d, load = results["machine"], results["dataset"], results["load"]
    cores = m["cores"] or 1
    lines = [
        f"Run of {results['date']}: `{results['command']}`",
        "",
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM; Python "
        f"{m['python']}, Django {m['django']}, gunicorn {m['gunicorn']}, granian "
        f"{m['granian']}, {m['wrk']}",
        f"- database: {results['database']}; {d['n']:,} submitted dossiers (+"
        f"{d['drafts_per_call'][str(d['call_id'])]:,} drafts) in the measured call, "
        f"{d['rows']['applications']:,} dossiers in all; filtered page `{results['filter']}` "
        f"matches {results['filtered_rows']:,}",
        f"- load: wrk -t{load['threads']} -c{load['connections']} -d{load['duration_s']}s "
        f"after {load['warmup_s']} s of warm-up; CPU shares are of the whole machine "
        "(⚠: other processes took ≥ 25 % of it during the measurement)",
    ]
    for data in results["servers"].values():
        hello = data["pages"]["hello"]["rps"]
        lines.append(f"\n### {data['description']} ({results['database']})\n")
        lines.append(
            "| page | req/s | p50 ms | p95 ms | p99 ms | × ceiling | aims "
            "| CPU ms/request (app + db) | CPU share server / postgres / wrk / others |"
        )
        lines.append("|---|---:|---:|---:|---:|---:|---|---:|---|")
        for page in PAGES:
            s = data["pages"][page]
            ratio = s["rps"] / hello if hello else 0
            ok_ratio = page == "hello" or ratio >= 0.5
            ok_p95 = s["p95_us"] < 100_000
            aims = (
                "ceiling"
                if page == "hello"
                else (
                    "✅"
                    if ok_ratio and ok_p95
                    else "❌ "
                    + ", ".join(
                        x
                        for x, bad in (("< ½ ceiling", not ok_ratio), ("p95 ≥ 100 ms", not ok_p95))
                        if bad
                    )
                )
            )
            lines.append(
                f"| {page} | {s['rps']:,.0f} | {ms(s['p50_us'])} | {ms(s['p95_us'])} "
                f"| {ms(s['p99_us'])} | {ratio:.2f} | {aims} "
                f"| {cpu_ms(s, cores, 'server_share')} + "
                f"{cpu_ms(s, cores, 'postgres_share')} "
                f"| {s['cpu']['server_share']:.0%} / {s['cpu']['postgres_share']:.0%} / "
                f"{s['cpu']['wrk_share']:.0%} / "
                f"{s['cpu']['other_processes_share']:.0%}"
                f"{' ⚠' if s['cpu']['other_processes_share'] >= 0.25 else ''} |"
            )
        lines.append("")
        lines.append(
            "| CSV export | rows | MB | seconds | first byte ms | worker peak RSS MiB "
            "| RSS growth MiB |"
        )
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        for size, e in data["exports"].items():
            lines.append(
                f"| {int(size):,} dossiers | {e['rows']:,} | {e['bytes'] / 1e6:.1f} | "
                f"{e['seconds']:.2f} | {e['first_byte_ms']} | "
                f"{e['worker_peak_rss_mib']} | {e['worker_rss_growth_mib']} |"
            )
    if results.get("export_memory"):
        lines.append("\n### CSV export, peak memory in a fresh process (tracemalloc)\n")
        lines.append(
            "| dossiers | rows | seconds (traced) | peak KiB after 2,000 rows "
            "| peak KiB at the end | max RSS before → after KiB |"
        )
        lines.append("|---:|---:|---:|---:|---:|---|")
        for size, m in results["export_memory"].items():
            at_2000 = next(
                (peak for rows, _cur, peak in m["tracemalloc_every_1000_rows"] if rows >= 2000),
                None,
            )
            lines.append(
                f"| {int(size):,} | {m['rows']:,} | {m['seconds_with_tracemalloc']} | "
                f"{f'{at_2000:,}' if at_2000 else '—'} | "
                f"{m['tracemalloc_peak_kib']:,} | {m['maxrss_before_kib']:,} → "
                f"{m['maxrss_after_kib']:,} |"
            )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="dossiers in the measured call")
    parser.add_argument(
        "--postgres", action="store_true", help="PostgreSQL database essaim_bench on 127.0.0.1:5432"
    )
    parser.add_argument(
        "--servers",
        default="gunicorn,gunicorn-gthread,granian",
        help=f"comma-separated, among {', '.join(SERVERS)}",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8200, help="first port (8200-8299)")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=15,
        help="seconds to wait, before each page, for other processes to "
        "leave the CPU (0: do not wait)",
    )
    parser.add_argument(
        "--skip-generate", action="store_true", help="reuse the database of the previous run"
    )
    parser.add_argument("--output", default=str(RESULTS_DIR / "latest.json"))
    parser.add_argument(
        "--report", metavar="JSON", help="only print the tables of a previous run's JSON file"
    )
    args = parser.parse_args(argv)
    if args.report:
        print(tables(json.loads(Path(args.report).read_text())))
        return
    servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    unknown = set(servers) - set(SERVERS)
    if unknown:
        parser.error(f"unknown server(s): {', '.join(sorted(unknown))}")
    if not 8200 <= args.port <= 8299 - len(servers):
        parser.error("--port must leave room for every server within 8200-8299")

    started = time.perf_counter()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    log_dir = RESULTS_DIR / "logs"
    log_dir.mkdir(exist_ok=True)
    db_flag = ["--postgres"] if args.postgres else []

    if not args.skip_generate:
        log(f"generating {args.n:,} dossiers ({'PostgreSQL' if args.postgres else 'SQLite'})")
        subprocess.run(
            [PYTHON, str(BENCH_DIR / "generate.py"), "--n", str(args.n), *db_flag],
            check=True,
            env=bench_env(postgres=args.postgres),
        )
    dataset = json.loads(DATASET_FILE.read_text())
    if dataset["database"] != ("postgresql" if args.postgres else "sqlite"):
        raise BenchError(
            "the database of the last generation is not the one asked for; "
            "run without --skip-generate"
        )

    secret_key = secrets.token_urlsafe(64)
    env = bench_env(postgres=args.postgres, site_port=args.port, secret_key=secret_key)
    log("collectstatic into " + VAR_DIR)
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "--clear", "-v0"],
        check=True,
        env=env,
    )
    prepared = prepare(dataset, args.postgres, secret_key)

    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "database": "PostgreSQL " + postgres_version()
        if args.postgres
        else f"SQLite {SQLITE_PATH}",
        "dataset": dataset,
        "filtered_rows": prepared["filtered_rows"],
        "filter": FILTER,
        "load": {
            "tool": "wrk",
            "threads": args.threads,
            "connections": args.connections,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
        },
        "servers": {},
    }
    for index, name in enumerate(servers):
        port = args.port + index
        with Server(name, port, env, log_dir) as server:
            log(f"{server.description} on 127.0.0.1:{port} (load average {os.getloadavg()[0]:.2f})")
            data = {
                "description": server.description,
                "command": server.command,
                "load_average_at_start": round(os.getloadavg()[0], 2),
                "pages": {},
                "exports": {},
            }
            for page in PAGES:
                who, path = prepared["pages"][page]
                cookie = prepared["cookies"].get(who)
                size = preflight(port, page, who, path, cookie)
                if args.quiet_wait:
                    wait_for_quiet(server, args.quiet_wait)
                if args.warmup:
                    run_wrk(
                        server,
                        path,
                        cookie,
                        duration=args.warmup,
                        connections=args.connections,
                        threads=args.threads,
                    )
                stats = run_wrk(
                    server,
                    path,
                    cookie,
                    duration=args.duration,
                    connections=args.connections,
                    threads=args.threads,
                )
                stats.update({"path": path, "page_bytes": size})
                (log_dir / f"wrk-{name}-{page.replace(' ', '-').replace(',', '')}.txt").write_text(
                    stats["wrk_output"]
                )
                data["pages"][page] = stats
                log(
                    f"  {page:22} {stats['rps']:8,.0f} req/s  p50 {ms(stats['p50_us']):>6} ms"
                    f"  p95 {ms(stats['p95_us']):>6} ms  p99 {ms(stats['p99_us']):>6} ms"
                    f"  (CPU: server {stats['cpu']['server_share']:.0%}, postgres "
                    f"{stats['cpu']['postgres_share']:.0%}, wrk "
                    f"{stats['cpu']['wrk_share']:.0%}, others "
                    f"{stats['cpu']['other_processes_share']:.0%})"
                )
            for size, path in prepared["exports"].items():
                result = download(server, path, prepared["cookies"]["staff"])
                if result["rows"] != size:
                    raise BenchError(f"export of {size} dossiers gave {result['rows']} rows")
                data["exports"][str(size)] = result
                log(
                    f"  CSV export {size:>6,}      {result['seconds']:6.2f} s   "
                    f"{result['bytes'] / 1e6:.1f} MB   worker RSS +"
                    f"{result['worker_rss_growth_mib']} MiB (peak "
                    f"{result['worker_peak_rss_mib']} MiB)"
                )
            results["servers"][name] = data

    log("CSV export peak memory, one fresh process per size")
    results["export_memory"] = {}
    call_ids = {
        dataset["dossiers_per_call"][str(dataset["small_call_id"])]: dataset["small_call_id"],
        dataset["n"]: dataset["call_id"],
    }
    for size, call_id in sorted(call_ids.items()):
        done = subprocess.run(
            [PYTHON, str(BENCH_DIR / "export_memory.py"), "--call-id", str(call_id), *db_flag],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        results["export_memory"][str(size)] = json.loads(done.stdout.strip().splitlines()[-1])

    results["seconds"] = round(time.perf_counter() - started)
    report = tables(results)
    print(report)
    output = Path(args.output)
    for stats in (p for s in results["servers"].values() for p in s["pages"].values()):
        stats.pop("wrk_output", None)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    output.with_suffix(".md").write_text(report + "\n")
    flavour = "postgresql" if args.postgres else "sqlite"
    shutil.copyfile(output, output.with_name(f"{output.stem}-{flavour}.json"))
    shutil.copyfile(output.with_suffix(".md"), output.with_name(f"{output.stem}-{flavour}.md"))
    log(f"done in {results['seconds']} s; results in {output} and {output.with_suffix('.md')}")


if __name__ == "__main__":
    try:
        main()
    except BenchError as exc:
        print(f"\nBENCH FAILED: {exc}", file=sys.stderr)
        sys.exit(1)
