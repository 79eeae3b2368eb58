"""Benchmark of the staff's portfolio of laureates and of the iCalendar feeds.

    python bench/portfolio.py [--n 500] [--postgres] [--requests 30] [--seed 11]

1. Builds a fresh database — SQLite /tmp/bench-portfolio.sqlite3, or with --postgres the
   PostgreSQL database `essaim_bench_portfolio` on 127.0.0.1 (user postgres) — with two funds
   (an accompaniment fund and a funding fund), two calls each, N laureates spread over them,
   each with a cohort, one of 20 coaches, an evaluator, 4 phases (planned and actual dates,
   statuses that follow the calendar), 8 milestones (achieved, open, late), and for the
   funding calls a signed engagement (after a superseded one for one in ten) with 3 tranches,
   some paid. One person is staff of both funds.
2. Measures, in this process, under the production settings, through Django's test client
   (`--requests` times each after two warm-up requests): the portfolio (first page, late
   only sorted by amount paid, a later page, one coach), the timeline, the staff's agenda
   page, and the iCalendar feeds of the staff (every laureate of both funds) and of one
   coach; p50 / p95 in ms, queries per request, response size.
3. Writes bench/results/portfolio-sqlite.json (or portfolio-postgresql.json) and a Markdown
   table beside it, and prints the table.
"""

import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from functools import partial
from pathlib import Path

# Before `common` reads them: this benchmark's own database and files.
os.environ.setdefault("BENCH_SQLITE_PATH", "/tmp/bench-portfolio.sqlite3")  # noqa: S108
os.environ.setdefault("BENCH_PG_DATABASE", "essaim_bench_portfolio")
os.environ.setdefault("BENCH_VAR_DIR", "/tmp/essaim-bench-portfolio-var")  # noqa: S108

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    build_database,
    create_users,
    database_flavour,
    measure_pages,
    page_table,
    results_record,
    signed_in_client,
    test_client_arguments,
    write_results,
)

COACHES = 20
PHASES = (
    "Entretiens usagers",
    "Analyse, conception et prototypage",
    "Test du prototype",
    "Consolidation",
)
MILESTONES_PER_LAUREATE = 8
BATCH = 2000


def build(n: int, seed: int) -> dict:
    """Funds, calls, cohorts, people, laureates and everything that hangs off them, in bulk."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from essaim.accompaniment.models import (
        Accompaniment,
        CalendarFeed,
        Cohort,
        Engagement,
        Milestone,
        Phase,
        Tranche,
    )
    from essaim.applications.models import Application, TeamMember
    from essaim.funds.models import Call, Fund, FundMembership

    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    password = make_password("banc-d-essai-portefeuille")

    users = partial(create_users, password=password)

    (staff,) = users([("equipe@bench.essaim.localhost", "Claire Martin")])
    coaches = users(
        [(f"coach{i}@bench.essaim.localhost", f"Accompagnant n° {i + 1}") for i in range(COACHES)]
    )
    (evaluator,) = users([("evaluation@bench.essaim.localhost", "Évaluation indépendante")])
    funds, calls = [], []
    for slug, name, kind in (("mnt", "Fonds MNT", "accompaniment"), ("ditp", "DITP", "funding")):
        fund = Fund.objects.create(
            slug=slug, name=name, operator=name, reference_prefix=slug.upper()
        )
        FundMembership.objects.create(fund=fund, user=staff, role="staff")
        funds.append(fund)
        for edition in (1, 2):
            calls.append(
                Call.objects.create(
                    fund=fund,
                    slug=f"2026-{edition}",
                    year=2026,
                    edition=edition,
                    title=f"{name} — appel n° {edition}",
                    summary="Des idées d'agents.",
                    opens_at=now - dt.timedelta(days=300),
                    closes_at=now - dt.timedelta(days=250),
                    support_kind=kind,
                    min_amount=Decimal("30000") if kind == "funding" else None,
                    max_amount=Decimal("120000") if kind == "funding" else None,
                    envelope=Decimal("3000000") if kind == "funding" else None,
                    is_published=True,
                )
            )
    cohorts = {
        call.pk: [
            Cohort.objects.create(
                call=call,
                name=f"Cohorte {k + 1}",
                starts_on=today - dt.timedelta(days=120 - 60 * k),
                ends_on=today + dt.timedelta(days=30 + 60 * k),
            )
            for k in range(3)
        ]
        for call in calls
    }
    apps = Application.objects.bulk_create(
        [
            Application(
                call=calls[i % len(calls)],
                state="in_accompaniment" if i % 10 else "laureate",
                reference=f"B-{i + 1:05d}",
                title=f"Projet lauréat n° {i + 1}",
                organisation_name=f"Commune n° {i + 1}",
                organisation_type="commune",
                organisation_departement="33",
                submitted_at=now - dt.timedelta(days=260),
            )
            for i in range(n)
        ],
        batch_size=BATCH,
    )
    assert all(a.pk for a in apps)
    owners = users([(f"porteur{a.pk}@bench.essaim.localhost", f"Porteur {a.pk}") for a in apps])
    TeamMember.objects.bulk_create(
        [
            TeamMember(
                application_id=a.pk,
                user=u,
                full_name=u.full_name,
                job_title="Agente",
                email=u.email,
                access="owner",
            )
            for a, u in zip(apps, owners, strict=True)
        ],
        batch_size=BATCH,
    )
    # one in ten laureates has no accompaniment yet (just decided)
    accompanied = [a for i, a in enumerate(apps) if i % 10]
    accompaniments = Accompaniment.objects.bulk_create(
        [
            Accompaniment(
                application_id=a.pk,
                cohort=rng.choice(cohorts[a.call_id]),
                coach=coaches[i % COACHES] if i % 17 else None,
                evaluator=evaluator,
                started_on=today - dt.timedelta(days=100),
            )
            for i, a in enumerate(accompanied)
        ],
        batch_size=BATCH,
    )
    assert all(x.pk for x in accompaniments)
    phases = []
    for x in accompaniments:
        start = today - dt.timedelta(days=rng.randint(0, 150))
        for position, name in enumerate(PHASES):
            first = start + dt.timedelta(weeks=5 * position)
            last = first + dt.timedelta(weeks=5, days=-3)
            status = "done" if last < today else "in_progress" if first <= today else "planned"
            phases.append(
                Phase(
                    accompaniment_id=x.pk,
                    position=position,
                    name=name,
                    status=status,
                    planned_start=first,
                    planned_end=last,
                    actual_start=first if status != "planned" else None,
                    actual_end=last if status == "done" else None,
                )
            )
    Phase.objects.bulk_create(phases, batch_size=BATCH)
    milestones = []
    for x in accompaniments:
        for k in range(MILESTONES_PER_LAUREATE):
            due = today + dt.timedelta(days=rng.randint(-120, 120))
            if due >= today:
                status = "upcoming"
            else:
                status = rng.choices(["achieved", "late", "abandoned"], [8, 2, 1])[0]
            milestones.append(
                Milestone(
                    accompaniment_id=x.pk,
                    title=f"Jalon {k + 1}",
                    due_on=due,
                    status=status,
                    owner=x.coach if k % 2 else None,
                    achieved_on=due if status == "achieved" else None,
                )
            )
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    funding_calls = {c.pk for c in calls if c.support_kind == "funding"}
    engagements = []
    for i, a in enumerate(accompanied):
        if a.call_id not in funding_calls:
            continue
        amount = Decimal(rng.randrange(30, 121) * 1000)
        if i % 10 == 1:
            engagements.append(
                Engagement(
                    application_id=a.pk,
                    version=1,
                    status="superseded",
                    granted_amount=amount - 5000,
                    signed_at=now,
                )
            )
            engagements.append(
                Engagement(
                    application_id=a.pk,
                    version=2,
                    status="signed",
                    granted_amount=amount,
                    signed_at=now,
                )
            )
        else:
            engagements.append(
                Engagement(
                    application_id=a.pk,
                    version=1,
                    status="signed",
                    granted_amount=amount,
                    signed_at=now,
                )
            )
    engagements = Engagement.objects.bulk_create(engagements, batch_size=BATCH)
    tranches = []
    for e in engagements:
        third = (e.granted_amount / 3).quantize(Decimal("0.01"))
        for k in range(3):
            paid = k == 0 or (k == 1 and rng.random() < 0.5)
            tranches.append(
                Tranche(
                    engagement_id=e.pk,
                    position=k,
                    planned_on=today + dt.timedelta(days=60 * (k - 1)),
                    amount=third,
                    paid_on=today - dt.timedelta(days=10) if paid else None,
                    paid_amount=third if paid else None,
                )
            )
    Tranche.objects.bulk_create(tranches, batch_size=BATCH)
    staff_feed = CalendarFeed.objects.create(user=staff)
    coach_feed = CalendarFeed.objects.create(user=coaches[1])
    return {
        "staff_id": staff.pk,
        "coach_id": coaches[1].pk,
        "staff_token": staff_feed.token,
        "coach_token": coach_feed.token,
        "call_id": calls[2].pk,
        "rows": {
            "laureates": n,
            "accompaniments": len(accompaniments),
            "phases": len(phases),
            "milestones": len(milestones),
            "engagements": len(engagements),
            "tranches": len(tranches),
        },
    }


def measure_feed_build(user_id: int) -> dict:
    """`build_calendar` itself, uncached (the view keeps a built feed a few minutes)."""
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from essaim.accompaniment.calendar import build_calendar
    from essaim.accounts.models import User

    times = []
    for _ in range(5):
        user = User.objects.get(pk=user_id)  # roles not cached on the object
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            body = build_calendar(user)
            times.append(time.perf_counter() - started)
    return {
        "median_ms": round(statistics.median(times) * 1000, 1),
        "min_ms": round(min(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        "queries": len(queries.captured_queries),
        "events": body.count(b"BEGIN:VEVENT"),
        "bytes": len(body),
    }


def table(results: dict) -> str:
    rows = results["rows"]
    return page_table(
        f"### Portfolio and calendar feeds — {results['database']}, {rows['laureates']:,} "
        f"laureates ({rows['phases']:,} phases, {rows['milestones']:,} milestones, "
        f"{rows['engagements']:,} engagements, {rows['tranches']:,} tranches)",
        results,
        rows=[
            f"| {name} (median of 5; min–max {feed['min_ms']}–{feed['max_ms']}) "
            f"| {feed['median_ms']} | | {feed['queries']} "
            f"| {feed['events']:,} events, {feed['bytes'] / 1024:,.0f} KiB |"
            for name, feed in results["feed_builds"].items()
        ],
    )


def main(argv=None) -> dict:
    args = test_client_arguments(argv, doc=__doc__, n=500, n_help="laureates", requests=30, seed=11)

    data, built = build_database(lambda: build(args.n, args.seed), postgres=args.postgres)
    from django.test import Client

    from essaim.accounts.models import User

    staff = signed_in_client(User.objects.get(pk=data["staff_id"]))
    anonymous = Client(HTTP_HOST="127.0.0.1")
    portfolio = "/gestion/portefeuille/"
    pages = {
        f"portfolio, first page (25 of {args.n})": (staff, portfolio),
        "portfolio, late only, sorted by amount paid": (staff, f"{portfolio}?retard=on&tri=-verse"),
        "portfolio, page 3, one call, sorted by next milestone": (
            staff,
            f"{portfolio}?appel={data['call_id']}&tri=jalon&page=3",
        ),
        "portfolio, one coach": (staff, f"{portfolio}?accompagnant={data['coach_id']}"),
        "timeline, first page": (staff, f"{portfolio}frise/"),
        "timeline, late only": (staff, f"{portfolio}frise/?retard=on"),
        "staff's agenda page": (staff, "/accompagnement/agenda/"),
        "iCalendar feed of the staff (cached after the first request)": (
            anonymous,
            f"/accompagnement/agenda/{data['staff_token']}.ics",
        ),
        "iCalendar feed of one coach (cached)": (
            anonymous,
            f"/accompagnement/agenda/{data['coach_token']}.ics",
        ),
    }
    results = {
        **results_record("portfolio.py", argv),
        "rows": data["rows"],
        "build_seconds": round(built, 1),
        "requests": args.requests,
        "pages": {},
        "feed_builds": {
            "`build_calendar` for the staff, uncached": measure_feed_build(data["staff_id"]),
            "`build_calendar` for one coach, uncached": measure_feed_build(data["coach_id"]),
        },
    }
    print(f"feed builds: {results['feed_builds']}", flush=True)
    results["pages"] = measure_pages(pages, args.requests)
    write_results(f"portfolio-{database_flavour(args.postgres)}", results, table(results))
    return results


if __name__ == "__main__":
    main()
