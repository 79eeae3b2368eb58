"""The database restarted under load loses nothing committed; the application recovers.

    .venv/bin/python bench/fault_db_restart.py --postgres [--n 300] [--concurrency 8]
        [--restart-after 6] [--snapshot]
    .venv/bin/python bench/fault_db_restart.py [--n 300] ...     # SQLite: the plug pulled

PostgreSQL: while the applicants submit through gunicorn, the PostgreSQL server is restarted
(`pg_ctlcluster <version> main restart`, run as root; it cuts every connection). SQLite has
no server: the database is a file inside the application's processes, so the equivalent is
every gunicorn process SIGKILLed at once, then gunicorn started again.

Each applicant POSTs once; what each client saw is recorded (time, answer). Then:
- every submission a client saw acknowledged (302 to its confirmation) is in the database
  with the reference its confirmation page showed;
- every dossier is either submitted with all its parts or a clean draft (the invariant of
  bench/fault_kill_worker.py);
- the applicants whose submission failed submit again: all succeed, with no new error —
  the application recovered by itself (CONN_HEALTH_CHECKS reconnects), references 1..N
  without a gap.
Reports the errors clients saw during the restart: how many, what, over how long.

Writes bench/results/reliability/fault-db-restart-<sqlite|postgresql>.json; exit status 1
when an invariant does not hold. Restarting PostgreSQL briefly breaks every other user of
the server: run it on a machine of your own.
"""

import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reliability_common as rc
from common import database_flavour, pg_url

PORT = 8330


def restart_postgres() -> dict:
    import psycopg

    with psycopg.connect(pg_url("postgres")) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()[0]
    major = str(int(version) // 10000)
    command = ["pg_ctlcluster", major, "main", "restart"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    ended = time.perf_counter()
    return {
        "command": " ".join(command),
        "returncode": done.returncode,
        "output": (done.stdout + done.stderr).strip()[-500:],
        "started": started,
        "ended": ended,
    }


def restart_server(server: rc.Gunicorn) -> dict:
    started = time.perf_counter()
    server.kill_all()
    killed = time.perf_counter()
    server.start()
    return {
        "command": "kill -9 every gunicorn process, start gunicorn again",
        "returncode": 0,
        "started": started,
        "killed": killed,
        "ended": time.perf_counter(),
    }


def main(argv=None) -> int:
    parser = rc.argument_parser(__doc__, port=PORT)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--restart-after", type=float, default=6, help="seconds into the load before restarting"
    )
    args = parser.parse_args(argv)

    flavour = database_flavour(args.postgres)
    seeded, server = rc.prepare_run(args, name="fault-db-restart")
    applicants = seeded["applicants"]
    restart: dict = {}
    with server:
        rc.warm_up(args.port, applicants, rounds=4 * args.workers)
        rc.log(
            f"{server.description}; {args.n} submissions, {args.concurrency} at a time; "
            f"{'PostgreSQL restarted' if args.postgres else 'every process killed'} after "
            f"{args.restart_after} s"
        )
        origin = time.perf_counter()

        def fault():
            time.sleep(args.restart_after)
            restart.update(restart_postgres() if args.postgres else restart_server(server))

        thread = threading.Thread(target=fault, daemon=True)
        thread.start()
        first = rc.submit_all(args.port, applicants, concurrency=args.concurrency)
        thread.join()
        duration = time.perf_counter() - origin
        if restart.get("returncode"):
            rc.log(f"the restart failed: {restart}")
            return 1
        after = rc.check_invariants(seeded["call_id"])
        lost = rc.acknowledged_but_missing(first)
        drafts = set(after["drafts"])
        rc.log(
            f"load done in {duration:.1f} s: {rc.outcome_counts(first)}; restart took "
            f"{restart['ended'] - restart['started']:.1f} s"
        )
        retry = [a for a in applicants if a["pk"] in drafts]
        second = rc.submit_all(args.port, retry, concurrency=args.concurrency)
    final = rc.check_invariants(seeded["call_id"])
    lost += rc.acknowledged_but_missing(second)

    failures = [r for r in first if r["outcome"] != "acknowledged"]
    get_failures = sum(r.get("get_failures", 0) for r in first)
    # every error a client saw (page loads and submissions), in seconds since the start
    failure_times = sorted(t - origin for r in first for t in r.get("failed_at", []))
    last_failure = origin + failure_times[-1] if failure_times else restart["started"]
    acknowledged_after = sorted(
        r["at"] + r["seconds"]
        for r in first
        if r["outcome"] == "acknowledged" and r["at"] + r["seconds"] > last_failure
    )
    kinds: dict[str, int] = {}
    for r in failures:
        kind = r["outcome"] + (
            ": " + r["error"].split("(")[0] if r["outcome"] != "acknowledged" else ""
        )
        kinds[kind] = kinds.get(kind, 0) + 1
    results = {
        **rc.results_head("fault_db_restart.py", argv, postgres=args.postgres, server=server),
        "applicants": args.n,
        "concurrency": args.concurrency,
        "fault": restart.get("command"),
        "fault_at_s": round(restart["started"] - origin, 2),
        "fault_duration_s": round(restart["ended"] - restart["started"], 2),
        "load_seconds": round(duration, 1),
        "first_pass_outcomes": rc.outcome_counts(first),
        "failed_posts_by_kind": kinds,
        "failed_check_page_gets": get_failures,
        "errors_seen": sorted({r["error"] for r in first if r["error"]})[:20],
        "client_errors": len(failure_times),
        "client_errors_window_s": [round(failure_times[0], 2), round(failure_times[-1], 2)]
        if failure_times
        else None,
        "first_success_after_last_error_s": round(acknowledged_after[0] - last_failure, 2)
        if acknowledged_after
        else None,
        "failed_then_submitted": sum(1 for r in failures if r["pk"] not in drafts),
        "failed_then_draft": sum(1 for r in failures if r["pk"] in drafts),
        "acknowledged_but_lost": lost,
        "after_fault_violations": after["violations"][:30],
        "second_pass_outcomes": rc.outcome_counts(second),
        "final": rc.invariant_summary(final),
    }
    failed = bool(
        lost
        or after["violations"]
        or final["violations"]
        or len(final["submitted"]) != args.n
        or any(r["outcome"] != "acknowledged" for r in second)
    )
    rc.log(
        f"clients saw {len(failures)} failed submissions ({kinds}) and {get_failures} "
        f"failed page loads, between {results['client_errors_window_s']} s (fault at "
        f"{results['fault_at_s']} s, {results['fault_duration_s']} s long); a submission "
        f"succeeded {results['first_success_after_last_error_s']} s after the last error; "
        f"retry: {rc.outcome_counts(second)}; final {len(final['submitted'])}/{args.n} "
        f"submitted, {final['references']} references"
    )
    return rc.conclude(
        f"fault-db-restart-{flavour}",
        results,
        failed=failed,
        problems=after["violations"] + final["violations"] + lost,
    )


if __name__ == "__main__":
    sys.exit(main())
