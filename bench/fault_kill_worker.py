"""Workers killed with `kill -9` during submissions: every dossier ends either submitted with
its reference, frozen version, audit row and receipt — or a clean draft; never in between.

    .venv/bin/python bench/fault_kill_worker.py [--postgres] [--n 300] [--concurrency 16]
        [--kill-every 2] [--workers 4] [--snapshot]

1. A fresh database with one open call and N applicants with a ready dossier (as in
   bench/deadline_rush.py), gunicorn on 127.0.0.1 (4 sync workers), warmed up.
2. The applicants submit, `--concurrency` at a time, each POSTing once without retrying,
   while a killer SIGKILLs, every ~`--kill-every` seconds, a gunicorn worker that is
   serving a submission's POST at that instant (its connection's other end is a client
   socket that is POSTing), after a random delay of 0–150 ms; gunicorn starts a new
   worker. No hook in the application: the kill lands wherever the request is — reading
   the dossier, inside the submission's transaction, after its COMMIT, or (when the
   request was already answered) nowhere.
3. Checks every dossier: SUBMITTED ⇔ reference ⇔ one frozen version ⇔ one audit row ⇔ one
   receipt queued; a draft has none of them. Every POST the client saw succeed is in the
   database with the reference its confirmation showed. Counts the POSTs left without an
   answer and how their dossier ended (draft: killed before COMMIT; submitted: after).
4. The killer stopped, the applicants left with a draft submit again: all N submitted, the
   references numbered 1..N without a gap (the numbers of killed transactions came back).

Writes bench/results/reliability/fault-kill-worker-<sqlite|postgresql>.json; exit status 1
when an invariant does not hold.
"""

import os
import random
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reliability_common as rc
from common import database_flavour, pg_url

PORT = 8320


def workers_serving_a_post(server: rc.Gunicorn) -> list[int]:
    """The workers handling a submission right now: their connection's other end is one of
    the clients' POSTing sockets (a sync worker holds a connection only while it serves it)."""
    import psutil

    posting = set(rc.POSTING_PORTS)
    busy = []
    for pid in server.worker_pids():
        try:
            connections = psutil.Process(pid).net_connections(kind="tcp")
        except psutil.Error:
            continue
        if any(
            c.status == psutil.CONN_ESTABLISHED
            and c.laddr
            and c.laddr.port == server.port
            and c.raddr
            and c.raddr.port in posting
            for c in connections
        ):
            busy.append(pid)
    return busy


class TransactionProbe:
    """Whether a worker is inside a database transaction at the instant it is killed.

    PostgreSQL: its backend (matched by the worker's client port) has `xact_start` set in
    pg_stat_activity. SQLite (WAL): the worker holds the write lock, a POSIX lock on byte
    120 of the `-shm` file, listed in /proc/locks. Read just before the kill: a
    transaction that ends in between is counted in, so the figure is an upper bound by a
    few milliseconds."""

    def __init__(self, postgres: bool):
        self.postgres = postgres
        self.conn = None
        if postgres:
            import psycopg

            self.conn = psycopg.connect(pg_url("postgres"), autocommit=True)

    def __call__(self, pid: int) -> bool:
        if self.postgres:
            import psutil

            ports = [
                c.laddr.port
                for c in psutil.Process(pid).net_connections(kind="tcp")
                if c.raddr and c.raddr.port == 5432
            ]
            if not ports:
                return False
            row = self.conn.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE client_port = ANY(%s) AND xact_start IS NOT NULL",
                (ports,),
            ).fetchone()
            return row[0] > 0
        try:
            st = os.stat(rc.SQLITE_PATH + "-shm")
        except FileNotFoundError:
            return False
        shm = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
        for line in Path("/proc/locks").read_text().splitlines():
            parts = line.split()
            if "->" in parts or len(parts) < 8:
                continue  # a process waiting for a lock, not holding it
            if parts[1:5] == ["POSIX", "ADVISORY", "WRITE", str(pid)] and parts[5:7] == [
                shm,
                "120",
            ]:
                return True
        return False


def killer(
    server: rc.Gunicorn,
    every: float,
    stop: threading.Event,
    kills: list,
    seed: int,
    probe: TransactionProbe,
):
    """Every ~`every` seconds, SIGKILL a worker in the middle of a submission (a random one
    among those serving a POST; wait until there is one). `kills` gets (time, was the
    worker inside a transaction)."""
    import psutil

    rng = random.Random(seed)
    while not stop.wait(rng.uniform(0.5 * every, 1.5 * every)):
        while not stop.is_set():
            pids = workers_serving_a_post(server)
            if pids:
                break
            time.sleep(0.005)
        else:
            return
        pid = rng.choice(pids)
        # a random instant inside the request: reading, transaction, after COMMIT
        time.sleep(rng.uniform(0, 0.15))
        try:
            inside = probe(pid)
            os.kill(pid, signal.SIGKILL)
            kills.append((time.perf_counter(), inside))
        except (ProcessLookupError, psutil.Error):
            pass


def main(argv=None) -> int:
    parser = rc.argument_parser(__doc__, port=PORT)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--kill-every", type=float, default=2.0, help="mean seconds between kills")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)

    flavour = database_flavour(args.postgres)
    seeded, server = rc.prepare_run(args, name="fault-kill-worker")
    applicants = seeded["applicants"]
    kills: list[tuple[float, bool]] = []
    with server:
        rc.warm_up(args.port, applicants, rounds=4 * args.workers)
        rc.log(
            f"{server.description}; {args.n} submissions, {args.concurrency} at a time, a "
            f"worker SIGKILLed every ~{args.kill_every} s"
        )
        stop = threading.Event()
        thread = threading.Thread(
            target=killer,
            args=(server, args.kill_every, stop, kills, args.seed, TransactionProbe(args.postgres)),
            daemon=True,
        )
        started = time.perf_counter()
        thread.start()
        first = rc.submit_all(args.port, applicants, concurrency=args.concurrency)
        stop.set()
        thread.join()
        duration = time.perf_counter() - started
        rc.log(
            f"first pass in {duration:.1f} s, {len(kills)} workers killed: "
            f"{rc.outcome_counts(first)}"
        )
        after_kills = rc.check_invariants(seeded["call_id"])
        lost = rc.acknowledged_but_missing(first)
        drafts = set(after_kills["drafts"])
        unanswered = [r for r in first if r["outcome"] == "no answer"]
        refused = [r for r in first if r["outcome"].startswith("refused")]
        rc.log(
            f"after the kills: {len(after_kills['submitted'])} submitted, {len(drafts)} drafts, "
            f"{len(after_kills['violations'])} violations, {len(lost)} acknowledged but lost"
        )
        # The applicants whose submission did not go through try again, without kills.
        retry = [a for a in applicants if a["pk"] in drafts]
        second = rc.submit_all(args.port, retry, concurrency=args.concurrency)
    final = rc.check_invariants(seeded["call_id"])
    lost += rc.acknowledged_but_missing(second)

    results = {
        **rc.results_head("fault_kill_worker.py", argv, postgres=args.postgres, server=server),
        "applicants": args.n,
        "concurrency": args.concurrency,
        "workers_killed": len(kills),
        "killed_inside_a_transaction": sum(1 for _t, inside in kills if inside),
        "first_pass_seconds": round(duration, 1),
        "first_pass_outcomes": rc.outcome_counts(first),
        "unanswered_posts": len(unanswered),
        "unanswered_then_submitted": sum(1 for r in unanswered if r["pk"] not in drafts),
        "unanswered_then_draft": sum(1 for r in unanswered if r["pk"] in drafts),
        "refused_posts": [r["error"] for r in refused][:20],
        "errors_seen": sorted({r["error"] for r in first if r["error"]})[:20],
        "after_kills": {
            "submitted": len(after_kills["submitted"]),
            "drafts": len(drafts),
            "violations": after_kills["violations"][:30],
        },
        "acknowledged_but_lost": lost,
        "second_pass_outcomes": rc.outcome_counts(second),
        "final": rc.invariant_summary(final),
    }
    failed = bool(
        after_kills["violations"]
        or final["violations"]
        or lost
        or len(final["submitted"]) != args.n
    )
    rc.log(
        f"{len(kills)} kills ({results['killed_inside_a_transaction']} inside a "
        f"transaction); unanswered POSTs {len(unanswered)} (then submitted "
        f"{results['unanswered_then_submitted']}, still draft {results['unanswered_then_draft']}); "
        f"final: {len(final['submitted'])}/{args.n} submitted, references {final['references']}, "
        f"receipts {final['receipts_queued']}"
    )
    return rc.conclude(
        f"fault-kill-worker-{flavour}",
        results,
        failed=failed,
        problems=after_kills["violations"] + final["violations"] + lost,
    )


if __name__ == "__main__":
    sys.exit(main())
