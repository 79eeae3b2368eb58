"""What the reliability scripts share: their own database, the seed of an open call with
ready dossiers, a gunicorn they can kill, a browser-like HTTP client and the invariant check.

    bench/deadline_rush.py, bench/fault_kill_worker.py, bench/fault_db_restart.py

Each script runs Django with `bench/settings.py` (the production settings) against its own
database — SQLite /tmp/essaim-rush.sqlite3, or with --postgres the PostgreSQL database
`essaim_rush` on 127.0.0.1:5432 — never the benchmark's or the tests'. Setup goes through
the services in this process; the submissions go through gunicorn over HTTP, as a browser's.
The environment, the database reset and the server's start and stop are bench/common.py's,
pointed at these places.
"""

import argparse
import contextlib
import datetime as dt
import html
import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import (
    BENCH_DIR,
    BIN,
    ROOT,
    bench_env,
    cpu_model,
    database_flavour,
    percentile,
    postgres_version,
    process_tree_cpu_seconds,
    start_server_process,
    stop_process_group,
)

PYTHON = sys.executable
SQLITE_PATH = os.environ.get("RELIABILITY_SQLITE_PATH", "/tmp/essaim-rush.sqlite3")  # noqa: S108
PG_DATABASE = os.environ.get("RELIABILITY_PG_DATABASE", "essaim_rush")
VAR_DIR = os.environ.get("RELIABILITY_VAR_DIR", "/tmp/essaim-rush-var")  # noqa: S108
RESULTS_DIR = BENCH_DIR / "results" / "reliability"
PREFIX = "RUSH"
RECEIPT_TASK = "essaim.notifications.tasks.send_templated_email"
# The code the servers run: the project's src/, or a frozen copy of it (--snapshot) when
# other work is changing the tree during a long run.
SRC_DIR = ROOT / "src"
SNAPSHOT_DIR = Path(os.environ.get("RELIABILITY_SNAPSHOT_DIR", "/tmp/essaim-rush-src"))  # noqa: S108


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def use_snapshot() -> Path:
    """Copy src/ aside and run every process of the script on that copy."""
    import shutil

    global SRC_DIR
    shutil.rmtree(SNAPSHOT_DIR, ignore_errors=True)
    shutil.copytree(
        ROOT / "src", SNAPSHOT_DIR, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    SRC_DIR = SNAPSHOT_DIR
    return SNAPSHOT_DIR


def django_command(*args: str) -> list[str]:
    """A management command line for env(): `python -m django` reads DJANGO_SETTINGS_MODULE
    and PYTHONPATH from it (manage.py would put the live src/ first)."""
    return [PYTHON, "-m", "django", *args]


def _places() -> dict:
    """This script's database, files and code, for bench_env; read at each call because
    use_snapshot() changes SRC_DIR."""
    return {
        "sqlite_path": SQLITE_PATH,
        "pg_database": PG_DATABASE,
        "var_dir": VAR_DIR,
        "src_dir": SRC_DIR,
    }


def env(*, postgres: bool, port: int, secret_key: str) -> dict:
    """The servers' environment: bench_env (production settings, plain HTTP on 127.0.0.1)
    pointed at this script's own database and files."""
    return bench_env(postgres=postgres, site_port=port, secret_key=secret_key, **_places())


def setup_django(*, postgres: bool, port: int, secret_key: str) -> None:
    # `timeout`/kill end the script through its `with` blocks: gunicorn is stopped too
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    common.setup_django(postgres=postgres, secret_key=secret_key, site_port=port, **_places())


def reset_database(postgres: bool) -> None:
    common.reset_database(postgres, sqlite_path=SQLITE_PATH, pg_database=PG_DATABASE)


def collectstatic(environment: dict) -> None:
    """WhiteNoise's manifest storage needs the collected files to render any page. Skipped
    when no static file changed since the last collection (it takes minutes on 2 busy
    cores: every file is hashed and compressed)."""
    manifest = Path(VAR_DIR) / "static" / "staticfiles.json"
    if manifest.exists():
        collected = manifest.stat().st_mtime
        if not any(
            path.stat().st_mtime > collected
            for path in SRC_DIR.glob("essaim/**/static/**/*")
            if path.is_file()
        ):
            return
    subprocess.run(
        django_command("collectstatic", "--noinput", "--clear", "-v0"),
        check=True,
        env=environment,
    )


# --- the seed: one open call, N applicants with a ready dossier, their sessions ------------
def seed(n: int, *, closes_in: dt.timedelta = dt.timedelta(hours=1)) -> dict:
    """A migrated database with one open call and `n` applicants, each owning a complete
    draft (every section filled, hierarchical support confirmed) and signed in: a session
    row per applicant, as after a real sign-in. Returns what the clients need."""
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connections, transaction
    from django.urls import reverse
    from django.utils import timezone

    from essaim.accounts.models import User
    from essaim.applications.enums import Maturity, SupportStatus
    from essaim.applications.models import SupportRequest
    from essaim.applications.services.drafts import application_save_fields, application_start
    from essaim.funds.enums import StageKind, SupportKind
    from essaim.funds.models import Call, CallStage, Fund, Theme

    call_command("migrate", verbosity=0, interactive=False)
    now = timezone.now()
    with transaction.atomic():
        fund = Fund.objects.create(
            slug="fonds-rush",
            name="Fonds de la dernière heure",
            operator="Opérateur public",
            reference_prefix=PREFIX,
            accent_colour="#1f4e79",
        )
        call = Call.objects.create(
            fund=fund,
            slug="2026-1",
            year=2026,
            edition=1,
            title="Appel de la dernière heure",
            summary="Trois cents dossiers déposés dans la même minute.",
            opens_at=now - dt.timedelta(days=30),
            closes_at=now + closes_in,
            support_kind=SupportKind.ACCOMPANIMENT,
            requires_hierarchical_support=True,
            is_published=True,
        )
        for position, kind in enumerate(
            [StageKind.APPLICATION, StageKind.ELIGIBILITY, StageKind.FIRST_SELECTION]
        ):
            CallStage.objects.create(call=call, kind=kind, position=position)
        theme = Theme.objects.create(call=call, title="Repenser l'accueil des usagers")

    applicants = []
    for i in range(1, n + 1):
        with transaction.atomic():
            user = User.objects.create_user(
                email=f"porteur{i:04d}@rush.essaim.localhost",
                full_name=f"Porteuse {i}",
                job_title="Chargée de mission",
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            application = application_start(call=call, user=user, title=f"Projet n° {i}")
            application_save_fields(
                application=application,
                user=user,
                data={
                    "organisation_name": f"Commune n° {i}",
                    "organisation_type": "commune",
                    "organisation_departement": "33",
                    "theme": theme,
                    "problem": "Les usagers attendent longtemps au téléphone.",
                    "users_concerned": "Les habitants qui appellent la mairie.",
                    "idea": "Un accueil téléphonique repensé avec les agents.",
                    "maturity": Maturity.IDEA,
                    "effect_on_agents": "Moins de stress pour les agents d'accueil.",
                    "effect_on_users": "Des réponses plus rapides.",
                    "collective_dimension": "Trois services travaillent ensemble.",
                    "reproducibility": "Toute commune avec un standard peut s'en inspirer.",
                },
            )
            # What the supervisor's answer through the signed link leaves behind.
            SupportRequest.objects.create(
                application=application,
                supervisor_name="Claire Martin",
                supervisor_function="Directrice générale des services",
                supervisor_email=f"dgs{i:04d}@rush.essaim.localhost",
                status=SupportStatus.CONFIRMED,
                responded_at=now,
            )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        applicants.append(
            {
                "pk": application.pk,
                "email": user.email,
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
                "csrf_cookie": settings.CSRF_COOKIE_NAME,
                "check": reverse("portal:application_check", args=[application.pk]),
                "confirmation": reverse("portal:application_confirmation", args=[application.pk]),
                "receipt": reverse("portal:application_receipt", args=[application.pk]),
            }
        )
    # Ready means ready: the check the submission service makes, on every dossier.
    from essaim.applications.models import Application
    from essaim.applications.sections import missing_items

    for application in (
        Application.objects.filter(call=call)
        .select_related("call__fund", "theme", "support_request")
        .prefetch_related("team", "budget_lines", "attachments", "call__stages")
    ):
        missing = missing_items(application)
        if missing:
            raise RuntimeError(f"seeded dossier {application.pk} is not complete: {missing}")
    connections.close_all()
    return {"call_id": call.pk, "applicants": applicants}


# --- gunicorn ---------------------------------------------------------------------------------
class Gunicorn:
    """gunicorn on 127.0.0.1:`port`, in its own process group so that only it is stopped."""

    def __init__(
        self,
        environment: dict,
        *,
        port: int,
        workers: int = 4,
        worker_class: str = "sync",
        threads: int = 1,
        timeout: int = 30,
        log_path: Path,
    ):
        self.environment, self.port, self.log_path = environment, port, log_path
        self.command = [
            str(BIN / "gunicorn"),
            "essaim.wsgi:application",
            *("--bind", f"127.0.0.1:{port}"),
            *("--workers", str(workers), "--worker-class", worker_class),
            *("--threads", str(threads), "--timeout", str(timeout)),
            *("--graceful-timeout", "10", "--log-level", "warning"),
        ]
        self.description = (
            f"gunicorn {workers} {worker_class} workers"
            + (f" × {threads} threads" if worker_class == "gthread" else "")
            + f", timeout {timeout} s"
        )
        self.process = None

    def start(self, wait: float = 60) -> "Gunicorn":
        self.log_file = open(self.log_path, "a")  # noqa: SIM115 (closed in stop())
        try:
            self.process = start_server_process(
                self.command,
                env=self.environment,
                log_file=self.log_file,
                port=self.port,
                name="gunicorn",
                wait=wait,
            )
        except BaseException:
            self.log_file.close()
            raise
        return self

    __enter__ = start

    def stop(self) -> None:
        if self.process:
            stop_process_group(self.process, grace=20)
            self.log_file.close()

    def __exit__(self, *exc):
        self.stop()

    def kill_all(self) -> None:
        """SIGKILL the arbiter and every worker at once: the machine's plug pulled."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.log_file.close()
        self.process = None

    def cpu_seconds(self) -> float:
        """CPU time used so far by the arbiter and its live workers."""
        return process_tree_cpu_seconds(self.process.pid)

    def worker_pids(self) -> list[int]:
        import psutil

        try:
            return [p.pid for p in psutil.Process(self.process.pid).children()]
        except psutil.Error:
            return []


# --- a browser-like client -----------------------------------------------------------------
@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float
    cookies: dict = field(default_factory=dict)

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


POSTING_PORTS: set[int] = set()


def request(
    port: int,
    method: str,
    path: str,
    *,
    cookie: str = "",
    body: bytes | None = None,
    headers: dict | None = None,
    timeout: float = 60,
) -> Response:
    """One request on a fresh connection (a browser under load opens many)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    local_port = None
    try:
        if method == "POST":
            # which client ports are POSTing right now: fault_kill_worker.py kills the
            # worker that serves one of them
            conn.connect()
            local_port = conn.sock.getsockname()[1]
            POSTING_PORTS.add(local_port)
        all_headers = {"Host": f"127.0.0.1:{port}", "User-Agent": "essaim-reliability/1"}
        if cookie:
            all_headers["Cookie"] = cookie
        all_headers.update(headers or {})
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        raw_headers = response.getheaders()
    finally:
        POSTING_PORTS.discard(local_port)
        conn.close()
    cookies = {}
    for name, value in raw_headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key.strip()] = rest.split(";", 1)[0]
    return Response(
        status=response.status,
        headers={k.lower(): v for k, v in raw_headers},
        body=data,
        seconds=time.perf_counter() - started,
        cookies=cookies,
    )


def warm_up(port: int, applicants: list[dict], rounds: int = 16) -> None:
    """A server at the deadline has been up for hours: every worker has imported the URLs
    and compiled the templates. Concurrent GETs of the check page get there."""
    import threading

    def visit(applicant):
        with contextlib.suppress(OSError):
            request(port, "GET", applicant["check"], cookie=applicant["cookie"], timeout=120)

    threads = [
        threading.Thread(target=visit, args=(applicants[i % len(applicants)],))
        for i in range(rounds)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class CheckPageError(RuntimeError):
    pass


def open_check_page(port: int, applicant: dict, timeout: float = 60) -> dict:
    """GET "Vérifiez votre dossier" as the browser does; returns what the POST needs."""
    page = request(port, "GET", applicant["check"], cookie=applicant["cookie"], timeout=timeout)
    if page.status != 200:
        raise CheckPageError(f"check page answered {page.status} {page.location}")
    match = CSRF_INPUT.search(page.body)
    if not match:
        raise CheckPageError("no CSRF token on the check page")
    cookie = applicant["cookie"]
    name = applicant["csrf_cookie"]  # production: "__Host-essaim-csrf"
    if name in page.cookies:
        cookie += f"; {name}={page.cookies[name]}"
    return {"token": html.unescape(match.group(1).decode()), "cookie": cookie, "get": page}


def post_submission(port: int, applicant: dict, prepared: dict, *, timeout: float = 60) -> Response:
    """The POST of the "Déposer le dossier" button: declaration ticked, CSRF token, and the
    Origin and Referer headers a browser sends."""
    from urllib.parse import urlencode

    body = urlencode({"csrfmiddlewaretoken": prepared["token"], "declaration": "on"}).encode()
    origin = f"http://127.0.0.1:{port}"
    return request(
        port,
        "POST",
        applicant["check"],
        cookie=prepared["cookie"],
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + applicant["check"],
        },
        timeout=timeout,
    )


def latency_summary(seconds: list[float]) -> dict:
    if not seconds:
        return {"count": 0}
    return {
        "count": len(seconds),
        "p50_ms": round(percentile(seconds, 0.50) * 1000, 1),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
        "p99_ms": round(percentile(seconds, 0.99) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
    }


# --- the invariants ---------------------------------------------------------------------------
def check_invariants(call_id: int) -> dict:
    """For every dossier of the call: SUBMITTED ⇔ reference ⇔ exactly one frozen version ⇔
    exactly one audit row of the submission ⇔ exactly one receipt e-mail queued (the task
    row, committed with the submission); a draft has none of them. References are unique,
    numbered 1..k without a gap, k = the call's counter.

    Returns {"submitted": [...pks], "drafts": [...], "violations": [...messages], ...}."""
    from collections import Counter

    from django.db import connections

    from essaim.applications.enums import ApplicationState
    from essaim.applications.models import Application, ApplicationVersion
    from essaim.core.models import AuditEvent
    from essaim.funds.models import Call

    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the production settings install it
        DBTaskResult = None

    call = Call.objects.select_related("fund").get(pk=call_id)
    rows = list(
        Application.objects.filter(call_id=call_id).values_list(
            "pk", "state", "reference", "submitted_at", "content_sha256"
        )
    )
    versions = Counter(
        ApplicationVersion.objects.filter(application__call_id=call_id).values_list(
            "application_id", flat=True
        )
    )
    audits = Counter(
        int(pk)
        for pk in AuditEvent.objects.filter(
            action="application.state",
            object_type="applications.application",
            to_value=ApplicationState.SUBMITTED,
        ).values_list("object_id", flat=True)
    )
    receipts: Counter = Counter()
    receipt_refs: dict[int, list[str]] = {}
    if DBTaskResult is not None:
        for args_kwargs in DBTaskResult.objects.filter(task_path=RECEIPT_TASK).values_list(
            "args_kwargs", flat=True
        ):
            kwargs = args_kwargs.get("kwargs", {})
            if kwargs.get("template") != "receipt":
                continue
            for attachment in kwargs.get("attachments", []):
                pk = attachment.get("application_id")
                receipts[pk] += 1
                receipt_refs.setdefault(pk, []).append(kwargs["context"]["reference"])
    violations = []
    submitted, drafts = [], []
    for pk, state, reference, submitted_at, sha in rows:
        if state == ApplicationState.SUBMITTED:
            submitted.append(pk)
            problems = []
            if not reference:
                problems.append("no reference")
            if submitted_at is None or not sha:
                problems.append("no submission time or fingerprint")
            if versions[pk] != 1:
                problems.append(f"{versions[pk]} frozen versions")
            if audits[pk] != 1:
                problems.append(f"{audits[pk]} audit rows")
            if receipts[pk] != 1:
                problems.append(f"{receipts[pk]} receipts queued")
            elif receipt_refs[pk] != [reference]:
                problems.append(f"receipt for {receipt_refs[pk]} not {reference}")
            if problems:
                violations.append(
                    f"dossier {pk} ({reference or 'no reference'}): submitted, "
                    + ", ".join(problems)
                )
        elif state == ApplicationState.DRAFT:
            drafts.append(pk)
            leftovers = [
                what
                for what, bad in (
                    ("a reference", bool(reference)),
                    ("a submission time", submitted_at is not None),
                    (f"{versions[pk]} versions", versions[pk]),
                    (f"{audits[pk]} audit rows", audits[pk]),
                    (f"{receipts[pk]} receipts", receipts[pk]),
                )
                if bad
            ]
            if leftovers:
                violations.append(f"dossier {pk}: draft with " + ", ".join(leftovers))
        else:
            violations.append(f"dossier {pk}: unexpected state {state}")
    references = [r for _pk, s, r, _t, _h in rows if s == ApplicationState.SUBMITTED and r]
    duplicates = [r for r, c in Counter(references).items() if c > 1]
    if duplicates:
        violations.append(f"duplicated references: {duplicates[:10]}")
    prefix = f"{call.fund.reference_prefix}-{call.year}-{call.edition:02d}-"
    numbers = sorted(int(r.removeprefix(prefix)) for r in references if r.startswith(prefix))
    if len(numbers) != len(references):
        violations.append("references not in the call's format")
    if numbers != list(range(1, len(numbers) + 1)):
        gaps = sorted(set(range(1, (numbers[-1] if numbers else 0) + 1)) - set(numbers))
        violations.append(f"references not consecutive from 1: gaps {gaps[:20]}")
    if call.reference_counter != len(numbers):
        violations.append(
            f"the call's counter is {call.reference_counter}, {len(numbers)} references given"
        )
    orphan_receipts = set(receipts) - {pk for pk, *_ in rows}
    if orphan_receipts:
        violations.append(f"receipts queued for unknown dossiers {sorted(orphan_receipts)[:10]}")
    connections.close_all()
    return {
        "dossiers": len(rows),
        "submitted": submitted,
        "drafts": drafts,
        "references": len(references),
        "receipts_queued": sum(receipts.values()),
        "violations": violations,
    }


def argument_parser(doc: str, *, port: int) -> argparse.ArgumentParser:
    """The options every reliability script takes (prepare_run reads them): the database,
    the number of applicants, gunicorn's workers and port, a frozen copy of src/."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument(
        "--snapshot", action="store_true", help="run on a copy of src/ taken at the start"
    )
    return parser


def prepare_run(args, *, name: str, **gunicorn_options) -> tuple[dict, "Gunicorn"]:
    """What every reliability script starts with, from argument_parser's options: a fresh
    database with one open call and `--n` applicants with a ready dossier, Django set up in
    this process (a new secret key), the static files collected, and the gunicorn to start
    (its log beside the results, named after the script; its `environment` is the servers').
    Returns seed()'s answer and the gunicorn."""
    if args.snapshot:
        log(f"running on a copy of src/ in {use_snapshot()}")
    postgres, n, port = args.postgres, args.n, args.port
    key = new_secret_key()
    environment = env(postgres=postgres, port=port, secret_key=key)
    log(f"fresh {database_flavour(postgres)} database, {n} applicants with a ready dossier")
    reset_database(postgres)
    setup_django(postgres=postgres, port=port, secret_key=key)
    started = time.perf_counter()
    seeded = seed(n)
    log(f"seeded in {time.perf_counter() - started:.1f} s; collectstatic")
    collectstatic(environment)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    server = Gunicorn(
        environment,
        port=port,
        workers=args.workers,
        log_path=RESULTS_DIR / f"{name}-{database_flavour(postgres)}-gunicorn.log",
        **gunicorn_options,
    )
    return seeded, server


def results_head(script: str, argv: list[str] | None, *, postgres: bool, server) -> dict:
    """What every reliability result starts with: the command, the machine, the database and
    the server (docs/reliability.md quotes them beside the figures)."""
    return {
        "command": f"bench/{script} " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": machine(),
        "database": f"PostgreSQL {postgres_version()}" if postgres else "SQLite (WAL)",
        "server": server.description,
    }


def invariant_summary(invariants: dict) -> dict:
    """check_invariants' answer as the results keep it: counts, and the first violations."""
    return {
        "submitted": len(invariants["submitted"]),
        "drafts": len(invariants["drafts"]),
        "references": invariants["references"],
        "receipts_queued": invariants["receipts_queued"],
        "violations": invariants["violations"][:30],
    }


def conclude(name: str, results: dict, *, failed: bool, problems: list[str]) -> int:
    """The verdict written into the results file `name`, the first problems logged; returns
    the script's exit status (1 when an invariant does not hold)."""
    results["verdict"] = "FAILED" if failed else "all invariants held"
    path = write_results(name, results)
    for line in problems[:30]:
        log(f"  ✗ {line}")
    log(f"{results['verdict']}; results in {path}")
    return 1 if failed else 0


def write_results(name: str, results: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    return path


def machine() -> dict:
    import platform
    import sqlite3

    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def new_secret_key() -> str:
    return secrets.token_urlsafe(64)


# --- one applicant's submission, as the fault scripts count it -------------------------------
REFERENCE_ON_PAGE = re.compile(rb'panel__reference">([A-Z0-9-]+)<')


def submit_once(port: int, applicant: dict, *, timeout: float = 60) -> dict:
    """Open the check page (retried: a GET changes nothing), POST the submission ONCE, and
    when the answer is the redirect to the confirmation, read the reference shown there.

    Returns {"pk", "outcome": "acknowledged" | "refused <status>" | "no answer" |
    "not sent", "reference", "error", "at" (perf_counter of the POST), "seconds"}."""
    result = {"pk": applicant["pk"], "outcome": "not sent", "reference": "", "error": ""}
    prepared = None
    give_up = time.perf_counter() + 60  # a server restarting takes seconds to listen again
    while prepared is None and time.perf_counter() < give_up:
        try:
            prepared = open_check_page(port, applicant, timeout=timeout)
        except (OSError, http.client.HTTPException, CheckPageError) as exc:
            result["error"] = f"GET: {exc!r}"
            result["get_failures"] = result.get("get_failures", 0) + 1
            result.setdefault("failed_at", []).append(time.perf_counter())
            time.sleep(0.5)
    if prepared is None:
        return result
    result["at"] = time.perf_counter()
    try:
        response = post_submission(port, applicant, prepared, timeout=timeout)
    except (OSError, http.client.HTTPException) as exc:
        # the connection dropped or timed out: the client cannot know what happened
        result.update(outcome="no answer", error=f"POST: {exc!r}")
        result["seconds"] = time.perf_counter() - result["at"]
        result.setdefault("failed_at", []).append(time.perf_counter())
        return result
    result["seconds"] = response.seconds
    if response.status != 302 or response.location != applicant["confirmation"]:
        result.update(
            outcome=f"refused {response.status}", error=f"{response.status} {response.location}"
        )
        result.setdefault("failed_at", []).append(time.perf_counter())
        return result
    result["outcome"] = "acknowledged"
    for _attempt in range(10):
        try:
            page = request(port, "GET", applicant["confirmation"], cookie=applicant["cookie"])
            match = REFERENCE_ON_PAGE.search(page.body) if page.status == 200 else None
            if match:
                result["reference"] = match.group(1).decode()
                break
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.5)
    return result


def submit_all(port: int, applicants: list[dict], *, concurrency: int, timeout: float = 60):
    """Every applicant submits once, `concurrency` at a time. Returns the results in order."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(lambda a: submit_once(port, a, timeout=timeout), applicants))


def acknowledged_but_missing(results: list[dict]) -> list[str]:
    """Submissions a client saw succeed that the database does not hold as it was shown."""
    from django.db import connections

    from essaim.applications.models import Application

    saved = dict(
        Application.objects.filter(pk__in=[r["pk"] for r in results]).values_list("pk", "reference")
    )
    connections.close_all()
    return [
        f"dossier {r['pk']}: acknowledged with {r['reference'] or '(reference not read)'}, "
        f"database has {saved.get(r['pk'])}"
        for r in results
        if r["outcome"] == "acknowledged"
        and (not saved.get(r["pk"]) or (r["reference"] and r["reference"] != saved[r["pk"]]))
    ]


def outcome_counts(results: list[dict]) -> dict:
    counts: dict[str, int] = {}
    for r in results:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    return counts
