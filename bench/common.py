"""What the benchmark's scripts share: paths, the production-like environment, the database,
the production-like servers, signed-in test clients, measuring a page and writing results.

Every script of bench/ runs Django with `bench/settings.py` (production settings plus the
"hello" URL) against its own database: SQLite at ESSAIM_SQLITE_PATH (default
/tmp/bench.sqlite3) or, with --postgres, the PostgreSQL database `essaim_bench`. A script
that needs other places passes them to bench_env, setup_django and reset_database (the
reliability scripts do), or sets BENCH_SQLITE_PATH, BENCH_PG_DATABASE and BENCH_VAR_DIR
before importing this module (the other benchmarks do).

The figures in docs/benchmarks.md and docs/reliability.md are read from what these helpers
write: change a table's or a record's shape here and the docs' quotes go stale.
"""

import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
SRC_DIR = ROOT / "src"
RESULTS_DIR = BENCH_DIR / "results"
DATASET_FILE = RESULTS_DIR / "dataset.json"

SQLITE_PATH = os.environ.get("BENCH_SQLITE_PATH", "/tmp/bench.sqlite3")  # noqa: S108
PG_SERVER_URL = os.environ.get("BENCH_PG_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "essaim_bench")
VAR_DIR = os.environ.get("BENCH_VAR_DIR", "/tmp/essaim-bench-var")  # noqa: S108


def pg_url(database: str = PG_DATABASE) -> str:
    return f"{PG_SERVER_URL}/{database}"


def database_flavour(postgres: bool) -> str:
    """The suffix of the result files: one set per database."""
    return "postgresql" if postgres else "sqlite"


# --- the environment and the database ------------------------------------------------------
def bench_env(
    *,
    postgres: bool,
    site_port: int = 8200,
    secret_key: str | None = None,
    sqlite_path: str = SQLITE_PATH,
    pg_database: str = PG_DATABASE,
    var_dir: str = VAR_DIR,
    src_dir: Path = SRC_DIR,
) -> dict:
    """The environment of every Django process of the benchmark (generator, servers, export
    probe): production settings, plain HTTP on 127.0.0.1, the script's own database and
    files, and the code of `src_dir` (a frozen copy of src/ for long reliability runs)."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "settings",
            "PYTHONPATH": os.pathsep.join([str(BENCH_DIR), str(src_dir)]),
            "DJANGO_SECRET_KEY": secret_key
            or os.environ.get("DJANGO_SECRET_KEY", "")
            or secrets.token_urlsafe(64),
            "ESSAIM_SITE_URL": f"http://127.0.0.1:{site_port}",
            "ESSAIM_ALLOW_HTTP": "1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "ESSAIM_VAR_DIR": var_dir,
            "ESSAIM_SQLITE_PATH": sqlite_path,
            "ESSAIM_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if postgres:
        env["DATABASE_URL"] = pg_url(pg_database)
    else:
        env.pop("DATABASE_URL", None)
    return env


def setup_django(*, postgres: bool, secret_key: str | None = None, **bench_env_options) -> None:
    """Configure this process like the servers (`bench_env_options` as bench_env's), then
    django.setup()."""
    env = bench_env(postgres=postgres, secret_key=secret_key, **bench_env_options)
    for name in ("DATABASE_URL",):
        if name not in env:
            os.environ.pop(name, None)
    os.environ.update(env)
    for path in (str(bench_env_options.get("src_dir", SRC_DIR)), str(BENCH_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def reset_database(
    postgres: bool, *, sqlite_path: str = SQLITE_PATH, pg_database: str = PG_DATABASE
) -> None:
    """An empty database: the SQLite file removed, or the PostgreSQL database re-created."""
    if postgres:
        import psycopg

        with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{pg_database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{pg_database}"')
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(sqlite_path + suffix).unlink(missing_ok=True)


def migrate_and_collect_static() -> None:
    """Schema, and the collected static files: WhiteNoise's manifest storage cannot render a
    page without them."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False, clear=True)


def analyze_database() -> None:
    """Fresh statistics after a bulk load, or the planner guesses from an empty table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def test_client_arguments(
    argv: list[str] | None, *, doc: str, n: int, n_help: str, requests: int, seed: int
):
    """The options of the benchmarks run through the test client (build_database, then
    measure_pages): the size, the database, the requests per page and the data's seed."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--n", type=int, default=n, help=n_help)
    parser.add_argument("--postgres", action="store_true", help=f"use PostgreSQL ({PG_DATABASE})")
    parser.add_argument("--requests", type=int, default=requests, help="requests per page")
    parser.add_argument("--seed", type=int, default=seed)
    return parser.parse_args(argv)


def build_database(build: Callable[[], dict], *, postgres: bool) -> tuple[dict, float]:
    """A fresh database, migrated, static files collected, filled by `build()` in one
    transaction and analysed. Returns build()'s answer (with its "rows" counts) and the
    seconds all that took: the results' "build_seconds"."""
    reset_database(postgres)
    setup_django(postgres=postgres)
    from django.db import connection, transaction

    started = time.perf_counter()
    migrate_and_collect_static()
    with transaction.atomic():
        data = build()
    analyze_database()
    built = time.perf_counter() - started
    print(f"built {data['rows']} on {connection.vendor} in {built:.1f} s", flush=True)
    return data, built


def create_users(specs: list[tuple[str, str]], *, password: str) -> list:
    """People in bulk from (email, full name) pairs, all with the same hashed password
    (hashing one per person would take longer than the rest of the build)."""
    from essaim.accounts.models import User

    made = User.objects.bulk_create(
        [User(email=email, full_name=name, password=password) for email, name in specs],
        batch_size=2000,
    )
    if any(u.pk is None for u in made):  # a database that does not return the new keys
        by_email = dict(
            User.objects.filter(email__in=[e for e, _ in specs]).values_list("email", "pk")
        )
        for u in made:
            u.pk = by_email[u.email]
    return made


# --- measuring --------------------------------------------------------------------------------
def percentile(values: list[float], share: float) -> float:
    """The value at `share` (0–1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def wrk_latency(requests_lua: str, *, port: int, connections: int, duration: int) -> dict:
    """Load 127.0.0.1:`port` with wrk (2 threads), the requests made by `requests_lua` (a
    Lua `request` function), and read the latency report of wrk_report.lua. Stops the
    benchmark when wrk fails or sees an error."""
    import json
    import re
    import shutil
    import subprocess
    import tempfile

    wrk = shutil.which("wrk") or "/usr/bin/wrk"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(requests_lua + (BENCH_DIR / "wrk_report.lua").read_text())
    try:
        done = subprocess.run(
            [
                *(wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"),
                *("-s", lua.name, f"http://127.0.0.1:{port}/"),
            ],
            capture_output=True,
            text=True,
            timeout=duration + 60,
            check=False,
        )
    finally:
        Path(lua.name).unlink(missing_ok=True)
    match = re.search(r"BENCH-JSON (\{.*\})", done.stdout)
    if done.returncode or not match:
        raise SystemExit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    stats = json.loads(match.group(1))
    errors = sum(v for k, v in stats.items() if k.startswith("errors_"))
    if errors:
        raise SystemExit(f"wrk saw {errors} errors: {stats}")
    return {
        "connections": connections,
        "duration_s": duration,
        "requests": stats["requests"],
        "req_per_s": round(stats["requests"] / (stats["duration_us"] / 1e6), 1),
        "p50_ms": round(stats["p50_us"] / 1000, 2),
        "p95_ms": round(stats["p95_us"] / 1000, 2),
        "p99_ms": round(stats["p99_us"] / 1000, 2),
        "max_ms": round(stats["max_us"] / 1000, 2),
    }


def signed_in_client(user):
    """A test client signed in as `user`, its session marked as having set an authenticator
    app up: staff must pass a second factor (accounts.two_factor), and a benchmark measures
    the page, not the redirect to the two-factor pages."""
    from django.test import Client

    from essaim.accounts.two_factor import ENROLLED_SESSION_KEY

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[ENROLLED_SESSION_KEY] = True
    session.save()
    return client


def measure_page(client, path: str, requests: int) -> dict:
    """`requests` GETs of `path` through the test client after two warm-up requests: p50 and
    p95 in ms, the numbers of queries seen, the size. A page that does not answer 200 stops
    the benchmark: a redirect or an error page is not the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm-up: templates compiled, caches filled
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    times, size, counts = [], 0, set()
    for _ in range(requests):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            body = (
                b"".join(response.streaming_content)
                if getattr(response, "streaming", False)
                else response.content
            )
            times.append(time.perf_counter() - started)
        size = len(body)
        counts.add(len(queries.captured_queries))
    return {
        "path": path,
        "requests": requests,
        "p50_ms": round(percentile(times, 0.5) * 1000, 1),
        "p95_ms": round(percentile(times, 0.95) * 1000, 1),
        "queries": sorted(counts),
        "bytes": size,
    }


def measure_pages(pages: dict[str, tuple], requests: int) -> dict:
    """measure_page for each {name: (client, path)}, each result printed as it comes."""
    measured = {}
    for name, (client, path) in pages.items():
        measured[name] = measure_page(client, path, requests)
        print(f"{name}: {measured[name]}", flush=True)
    return measured


# the staff list's filtered page: submitted dossiers of communes, about a fifth of the call
FILTER = "?etat=submitted&type=commune"


def page_urls(dataset: dict) -> dict[str, tuple[str | None, str]]:
    """{page name: (who, path)} of the pages `make bench` measures on bench/generate.py's
    data, reversed by name; who is "applicant", "staff" or None (anonymous)."""
    from django.urls import reverse

    staff_list = reverse("backoffice:call_applications", args=[dataset["call_id"]])
    return {
        "hello": (None, "/bench-hello/"),
        "call page": (
            None,
            reverse(
                "public:call_detail",
                kwargs={"fund_slug": dataset["fund_slug"], "call_slug": dataset["call_slug"]},
            ),
        ),
        "mes dossiers": ("applicant", reverse("portal:my_applications")),
        "staff list": ("staff", staff_list),
        "staff list, filtered": ("staff", staff_list + FILTER),
    }


# --- the machine and the result files ---------------------------------------------------------
def machine() -> dict:
    """The machine a run had: other work on it skews the timings (not the query counts), so
    the load average at the start is kept on record."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def machine_line(machine: dict, *, shared_by: str = "") -> str:
    """The sentence under each table that says what the figures were measured on."""
    shared = f" shared by {shared_by}" if shared_by else ""
    return (
        f"{machine['cpus']} CPUs{shared}, Python {machine['python']}, "
        f"load average {machine['load_average'][0]} at the start."
    )


def cpu_model() -> str:
    return next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "",
    )


def postgres_version() -> str:
    """The server's version as PostgreSQL spells it (`SHOW server_version`)."""
    import psycopg

    with psycopg.connect(pg_url("postgres")) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def database_label() -> str:
    """The database this process measured, as the tables name it."""
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.ensure_connection()
        return "PostgreSQL {}.{}".format(*divmod(connection.connection.info.server_version, 10000))
    return f"SQLite {SQLITE_PATH}"


def results_record(script: str, argv: list[str] | None) -> dict:
    """What every result file starts with: when, the command line, the machine and the
    database — the docs quote them beside the figures."""
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join(
            [f"python bench/{script}", *(argv if argv is not None else sys.argv[1:])]
        ),
        "machine": machine(),
        "database": database_label(),
    }


def write_results(name: str, results: dict, report: str) -> None:
    """bench/results/<name>.json and the Markdown table beside it (<name>.md), and the table
    printed: the docs' figures are read from these files."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = RESULTS_DIR / f"{name}.json"
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    output.with_suffix(".md").write_text(report + "\n")
    print()
    print(report)


def page_table(title: str, results: dict, *, first_column: str = "what", rows=()) -> str:
    """The Markdown table of a benchmark run through the test client: `rows` the script
    adds, then a row per measured page, and how it was measured."""
    lines = [
        title,
        "",
        f"| {first_column} | p50 ms | p95 ms | queries | size |",
        "|---|---:|---:|---:|---:|",
        *rows,
    ]
    for name, page in results["pages"].items():
        queries = "/".join(str(q) for q in page["queries"])
        lines.append(
            f"| {name} | {page['p50_ms']} | {page['p95_ms']} | {queries} "
            f"| {page['bytes'] / 1024:,.0f} KiB |"
        )
    lines += [
        "",
        f"{results['requests']} requests per page through Django's test client in one process "
        "(production settings, no HTTP server), after two warm-up requests; "
        + machine_line(results["machine"]),
    ]
    return "\n".join(lines)


# --- production-like servers ------------------------------------------------------------------
class BenchError(RuntimeError):
    """The run cannot give figures (a server that does not start, a page that fails)."""


BIN = Path(sys.executable).parent
SERVERS = {
    # name: (description, command line without the bind address)
    "gunicorn": (
        "gunicorn 2 sync workers",
        [
            str(BIN / "gunicorn"),
            "essaim.wsgi:application",
            *("--workers", "2", "--worker-class", "sync", "--log-level", "warning"),
        ],
    ),
    "gunicorn-gthread": (
        "gunicorn 2 gthread workers × 4 threads",
        [
            str(BIN / "gunicorn"),
            "essaim.wsgi:application",
            *("--workers", "2", "--worker-class", "gthread", "--threads", "4"),
            *("--log-level", "warning"),
        ],
    ),
    "granian": (
        "granian WSGI 2 workers",
        [
            str(BIN / "granian"),
            *("--interface", "wsgi", "--workers", "2", "--blocking-threads", "1"),
            *("--log-level", "warning", "--no-access-log"),
            "essaim.wsgi:application",
        ],
    ),
}


def fetch(port: int, path: str, cookie: str | None = None, timeout: float = 30):
    """One GET on 127.0.0.1:`port`: (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Cookie": cookie} if cookie else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


def start_server_process(
    command: list[str], *, env: dict, log_file, port: int, name: str, wait: float
) -> subprocess.Popen:
    """`command` started in a process group of its own — stopping the group then stops the
    server and its workers and nothing else — once it answers 200 on /bench-hello/."""
    process = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.time() + wait
    while time.time() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{name} exited at start; see {log_file.name}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if fetch(port, "/bench-hello/", timeout=2)[0] == 200:
                return process
        time.sleep(0.2)
    stop_process_group(process)
    raise BenchError(f"{name} did not answer on port {port} within {wait:g} s")


def stop_process_group(process: subprocess.Popen, *, grace: float = 15) -> None:
    """SIGTERM the group start_server_process made, SIGKILL it after `grace` seconds."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


class Server:
    """One of SERVERS on 127.0.0.1:`port`, as a `with` block: answering on entry, stopped
    with its workers on exit. Its output goes to <log_dir>/<name>.log."""

    def __init__(self, name: str, port: int, env: dict, log_dir: Path | None = None):
        self.name, self.port, self.env = name, port, env
        self.description, command = SERVERS[name]
        if name.startswith("gunicorn"):
            command = [*command, "--bind", f"127.0.0.1:{port}"]
        else:
            command = [*command[:-1], "--host", "127.0.0.1", "--port", str(port), command[-1]]
        self.command = command
        self.log_dir = Path(log_dir or VAR_DIR)
        self.log_path = self.log_dir / f"{name}.log"
        self.process = None

    def __enter__(self):
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.log_file = open(self.log_path, "w")  # closed in __exit__
        try:
            self.process = start_server_process(
                self.command,
                env=self.env,
                log_file=self.log_file,
                port=self.port,
                name=self.name,
                wait=30,
            )
        except BaseException:
            self.log_file.close()
            raise
        return self

    def __exit__(self, *exc):
        stop_process_group(self.process)
        self.log_file.close()

    def workers(self):
        import psutil

        return psutil.Process(self.process.pid).children(recursive=True)


def process_tree_cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and its live descendants (a server's workers)."""
    import psutil

    total = 0.0
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return total
    for process in processes:
        with contextlib.suppress(psutil.Error):  # a worker may be recycled meanwhile
            times = process.cpu_times()
            total += times.user + times.system
    return total


def postgres_cpu_seconds() -> float:
    """CPU time used so far by the PostgreSQL server's processes (0 with SQLite, which runs
    inside the workers)."""
    import psutil

    total = 0.0
    for process in psutil.process_iter(["name"]):
        with contextlib.suppress(psutil.Error):
            if process.info["name"] == "postgres":
                times = process.cpu_times()
                total += times.user + times.system
    return total
