"""Deadline rush: N applicants submit their dossier within the same minute, through gunicorn.

    .venv/bin/python bench/deadline_rush.py [--postgres] [--n 300] [--window 10]
        [--workers 4] [--worker-class sync|gthread] [--threads 4] [--no-deliver]

1. A fresh database (SQLite /tmp/essaim-rush.sqlite3, or PostgreSQL `essaim_rush`) with one
   open call and N applicants, each owning a complete dossier and signed in (a session row,
   as after a real sign-in) — set up through the services, not HTTP.
2. gunicorn on 127.0.0.1 with the production settings (bench/settings.py).
3. N client threads start at random instants within `--window` seconds; each opens
   "Vérifiez votre dossier" (GET: CSRF token and cookie), then POSTs the form as a browser
   does and follows the redirect to the confirmation page. On purpose, some clients
   double-click (two POSTs at once), some give up after 50 ms and submit again (a retry
   after a timeout), some submit again once done (the back button).
4. Checks, once the server is stopped: every dossier submitted exactly once — one reference,
   one frozen version, one audit row, one receipt e-mail queued — references unique and
   numbered 1..N without a gap; every client saw its confirmation with the reference the
   database holds; a sample of receipts downloaded as PDF. Then (unless --no-deliver) the
   task worker sends the queued e-mails to files and the script counts exactly one receipt
   e-mail, with its PDF attached, per dossier.
5. Prints p50/p95/p99 of the submission POST and the throughput; writes
   bench/results/reliability/deadline-rush-<sqlite|postgresql>-window-<window>s.json. Exit
   status 1 when an invariant does not hold.
"""

import email
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reliability_common as rc
from common import database_flavour, postgres_cpu_seconds

REFERENCE = re.compile(rb'panel__reference">([A-Z0-9-]+)<')

PORT = 8310


def client(port: int, applicant: dict, behaviour: str, start_at: float, out: dict) -> None:
    """One applicant's browser. Fills `out` with what it saw."""
    out.update({"pk": applicant["pk"], "behaviour": behaviour, "posts": [], "errors": []})
    time.sleep(max(0.0, start_at - time.perf_counter()))
    out["started"] = time.perf_counter()
    try:
        prepared = rc.open_check_page(port, applicant)
        out["get_seconds"] = prepared["get"].seconds
    except Exception as exc:
        out["errors"].append(f"GET check page: {exc!r}")
        return

    def post(timeout: float = 60) -> rc.Response | None:
        try:
            response = rc.post_submission(port, applicant, prepared, timeout=timeout)
        except TimeoutError:
            out["posts"].append({"status": "client timeout", "timeout": timeout})
            return None
        except Exception as exc:
            out["errors"].append(f"POST: {exc!r}")
            return None
        out["posts"].append(
            {"status": response.status, "location": response.location, "seconds": response.seconds}
        )
        return response

    posted_at = time.perf_counter()
    if behaviour == "double click":
        second = threading.Thread(target=post)
        second.start()
        first = post()
        second.join()
    elif behaviour == "retry after timeout":
        post(timeout=0.05)  # gives up; the server goes on with the request
        first = post()
    else:
        first = post()
    out["post_done"] = time.perf_counter()
    out["submit_seconds"] = out["post_done"] - posted_at
    answers = [p for p in out["posts"] if isinstance(p["status"], int)]
    if not answers or any(p["status"] != 302 for p in answers):
        out["errors"].append(f"answers {out['posts']}")
        return
    # Whichever answer the browser keeps, it lands on the confirmation or the dossier page.
    landing = (first or rc.Response(0, {}, b"", 0)).location or answers[-1]["location"]
    if landing not in (applicant["confirmation"], applicant["check"].replace("verifier/", "")):
        out["errors"].append(f"redirected to {landing}")
        return
    page = rc.request(port, "GET", applicant["confirmation"], cookie=applicant["cookie"])
    match = REFERENCE.search(page.body) if page.status == 200 else None
    if not match:
        out["errors"].append(f"confirmation page answered {page.status} without a reference")
        return
    out["reference"] = match.group(1).decode()
    if behaviour == "back button":
        again = post()
        if again is None or again.status != 302:
            out["errors"].append("the second submission did not redirect")


def run_rush(port: int, applicants: list[dict], *, window: float, seed: int) -> list[dict]:
    rng = random.Random(seed)
    behaviours = ["plain"] * len(applicants)
    indexes = list(range(len(applicants)))
    rng.shuffle(indexes)
    tenth = max(1, len(applicants) // 10)
    for i in indexes[:tenth]:
        behaviours[i] = "double click"
    for i in indexes[tenth : tenth + tenth // 2]:
        behaviours[i] = "retry after timeout"
    for i in indexes[tenth + tenth // 2 : 2 * tenth]:
        behaviours[i] = "back button"
    origin = time.perf_counter() + 1.0
    outcomes = [{} for _ in applicants]
    threads = [
        threading.Thread(
            target=client,
            args=(port, a, behaviours[i], origin + rng.uniform(0, window), outcomes[i]),
            daemon=True,
        )
        for i, a in enumerate(applicants)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    for outcome in outcomes:
        for key in ("started", "post_done"):
            if key in outcome:
                outcome[key] -= origin
    return outcomes


def download_receipts(port: int, applicants: list[dict], count: int) -> list[str]:
    problems = []
    for applicant in applicants[:count]:
        response = rc.request(port, "GET", applicant["receipt"], cookie=applicant["cookie"])
        if response.status == 503:
            problems.append("WeasyPrint unavailable: receipts not checked")
            break
        if (
            response.status != 200
            or not response.body.startswith(b"%PDF")
            or "recepisse-RUSH-" not in response.headers.get("content-disposition", "")
        ):
            problems.append(f"receipt of {applicant['pk']}: {response.status}")
    return problems


def deliver(environment: dict, call_applicants: list[dict]) -> dict:
    """Run the task worker once over the queue, mails written to files; count receipts."""
    outbox = Path(tempfile.mkdtemp(prefix="essaim-rush-mail-"))
    started = time.perf_counter()
    done = subprocess.run(
        rc.django_command("db_worker", "--batch", "--no-startup-delay"),
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "reliability_settings",
            "RELIABILITY_MAIL_DIR": str(outbox),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        return {"error": done.stderr[-2000:]}
    by_recipient: dict[str, list[str]] = {}
    for path in outbox.iterdir():
        # the file backend appends every message of a connection, separated by a rule
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk)
            pdfs = [
                part.get_filename()
                for part in message.walk()
                if part.get_content_type() == "application/pdf"
            ]
            by_recipient.setdefault(message["To"], []).append(",".join(pdfs) or "no pdf")
    shutil.rmtree(outbox, ignore_errors=True)
    problems = [
        f"{a['email']}: {by_recipient.get(a['email'], [])}"
        for a in call_applicants
        if len(by_recipient.get(a["email"], [])) != 1
        or not by_recipient[a["email"]][0].startswith("recepisse-RUSH-")
    ]
    return {
        "seconds": round(seconds, 1),
        "messages": sum(len(v) for v in by_recipient.values()),
        "problems": problems[:20],
        "problem_count": len(problems),
    }


def main(argv=None) -> int:
    parser = rc.argument_parser(__doc__, port=PORT)
    parser.add_argument("--window", type=float, default=10, help="seconds over which clients start")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--receipts", type=int, default=10, help="receipts downloaded over HTTP")
    parser.add_argument("--no-deliver", action="store_true", help="do not run the task worker")
    args = parser.parse_args(argv)

    flavour = database_flavour(args.postgres)
    seeded, server = rc.prepare_run(
        args,
        name="deadline-rush",
        worker_class=args.worker_class,
        threads=args.threads if args.worker_class == "gthread" else 1,
    )
    with server:
        rc.warm_up(args.port, seeded["applicants"], rounds=4 * args.workers)
        rc.log(f"{server.description}; {args.n} clients within {args.window} s")
        load_before = os.getloadavg()[0]
        cpu_before = (server.cpu_seconds(), postgres_cpu_seconds())
        outcomes = run_rush(args.port, seeded["applicants"], window=args.window, seed=args.seed)
        cpu = {
            "server_cpu_ms_per_submission": round(
                (server.cpu_seconds() - cpu_before[0]) * 1000 / args.n, 1
            ),
            "postgres_cpu_ms_per_submission": round(
                (postgres_cpu_seconds() - cpu_before[1]) * 1000 / args.n, 1
            ),
            "load_average_before": round(load_before, 2),
            "load_average_after": round(os.getloadavg()[0], 2),
        }
        receipt_problems = download_receipts(args.port, seeded["applicants"], args.receipts)
    invariants = rc.check_invariants(seeded["call_id"])
    # what each client saw must be what the database says
    from essaim.applications.models import Application

    saved = dict(
        Application.objects.filter(call_id=seeded["call_id"]).values_list("pk", "reference")
    )
    client_errors = [
        f"dossier {o['pk']} ({o['behaviour']}): {'; '.join(o['errors'])}"
        for o in outcomes
        if o.get("errors")
    ]
    mismatches = [
        f"dossier {o['pk']}: saw {o['reference']}, database {saved[o['pk']]}"
        for o in outcomes
        if o.get("reference") and o["reference"] != saved[o["pk"]]
    ]
    delivery = None
    if not args.no_deliver:
        rc.log("task worker: sending the queued e-mails to files")
        delivery = deliver(server.environment, seeded["applicants"])

    posts = [o["submit_seconds"] for o in outcomes if "submit_seconds" in o]
    first_posts = [
        o["posts"][0]["seconds"]
        for o in outcomes
        if o.get("posts")
        and o["behaviour"] in ("plain", "back button")
        and isinstance(o["posts"][0]["status"], int)
    ]
    span = max(o.get("post_done", 0) for o in outcomes) - min(o.get("started", 0) for o in outcomes)
    statuses: dict[str, int] = {}
    for o in outcomes:
        for p in o.get("posts", []):
            statuses[str(p["status"])] = statuses.get(str(p["status"]), 0) + 1
    behaviours: dict[str, int] = {}
    for o in outcomes:
        behaviours[o["behaviour"]] = behaviours.get(o["behaviour"], 0) + 1
    results = {
        **rc.results_head("deadline_rush.py", argv, postgres=args.postgres, server=server),
        "applicants": args.n,
        "window_s": args.window,
        "behaviours": behaviours,
        "post_statuses": statuses,
        "submission_latency": rc.latency_summary(posts),
        "single_post_latency": rc.latency_summary(first_posts),
        "check_page_latency": rc.latency_summary(
            [o["get_seconds"] for o in outcomes if "get_seconds" in o]
        ),
        "span_s": round(span, 2),
        "cpu": cpu,
        "throughput_submissions_per_s": round(args.n / span, 1) if span else None,
        "clients_confirmed": sum(1 for o in outcomes if o.get("reference")),
        "client_errors": client_errors[:30],
        "client_error_count": len(client_errors),
        "reference_mismatches": mismatches,
        "receipt_downloads_checked": args.receipts,
        "receipt_download_problems": receipt_problems,
        "invariants": {k: v for k, v in invariants.items() if k not in ("submitted", "drafts")}
        | {"submitted": len(invariants["submitted"]), "drafts": len(invariants["drafts"])},
        "delivery": delivery,
    }
    failed = bool(
        invariants["violations"]
        or client_errors
        or mismatches
        or len(invariants["submitted"]) != args.n
        or [p for p in receipt_problems if "unavailable" not in p]
        or (delivery and (delivery.get("error") or delivery.get("problem_count")))
    )
    s, one = results["submission_latency"], results["single_post_latency"]
    rc.log(
        f"{results['clients_confirmed']}/{args.n} confirmed; submitted {len(invariants['submitted'])}, "
        f"references {invariants['references']}, receipts queued {invariants['receipts_queued']}"
    )
    rc.log(
        f"submission POST p50 {one.get('p50_ms')} ms, p95 {one.get('p95_ms')} ms, "
        f"p99 {one.get('p99_ms')} ms (all behaviours: p99 {s.get('p99_ms')} ms, max "
        f"{s.get('max_ms')} ms); {results['throughput_submissions_per_s']} submissions/s "
        f"over {results['span_s']} s; POST answers {statuses}; {cpu}"
    )
    if delivery:
        rc.log(f"delivery: {delivery}")
    window = f"{args.window:g}".replace(".", "_")
    return rc.conclude(
        f"deadline-rush-{flavour}-window-{window}s",
        results,
        failed=failed,
        problems=invariants["violations"] + client_errors + mismatches + receipt_problems,
    )


if __name__ == "__main__":
    sys.exit(main())
