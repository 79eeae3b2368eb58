"""What the benchmark's scripts share: paths, the production-like environment, the database.

Every script of bench/ runs Django with `bench/settings.py` (production settings plus the
"hello" URL) against its own database: SQLite at ESSAIM_SQLITE_PATH (default
/tmp/bench.sqlite3) or, with --postgres, the PostgreSQL database `essaim_bench`.
"""

import os
import secrets
import sys
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


def database_url(postgres: bool) -> str:
    return f"{PG_SERVER_URL}/{PG_DATABASE}" if postgres else ""


def bench_env(*, postgres: bool, site_port: int = 8200, secret_key: str | None = None) -> dict:
    """The environment of every Django process of the benchmark (generator, servers, export
    probe): production settings, plain HTTP on 127.0.0.1, the benchmark's own database."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "settings",
            "PYTHONPATH": os.pathsep.join([str(BENCH_DIR), str(SRC_DIR)]),
            "DJANGO_SECRET_KEY": secret_key
            or os.environ.get("DJANGO_SECRET_KEY", "")
            or secrets.token_urlsafe(64),
            "ESSAIM_SITE_URL": f"http://127.0.0.1:{site_port}",
            "ESSAIM_ALLOW_HTTP": "1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "ESSAIM_VAR_DIR": VAR_DIR,
            "ESSAIM_SQLITE_PATH": SQLITE_PATH,
            "ESSAIM_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if postgres:
        env["DATABASE_URL"] = database_url(True)
    else:
        env.pop("DATABASE_URL", None)
    return env


def setup_django(*, postgres: bool, secret_key: str | None = None) -> None:
    """Configure this process like the servers, then django.setup()."""
    env = bench_env(postgres=postgres, secret_key=secret_key)
    for name in ("DATABASE_URL",):
        if name not in env:
            os.environ.pop(name, None)
    os.environ.update(env)
    for path in (str(SRC_DIR), str(BENCH_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def reset_database(postgres: bool) -> None:
    """An empty database: the SQLite file removed, or the PostgreSQL database re-created."""
    if postgres:
        import psycopg

        with psycopg.connect(f"{PG_SERVER_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(SQLITE_PATH + suffix).unlink(missing_ok=True)


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
