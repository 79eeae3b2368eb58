"""Benchmark of the ranking: a call of 2,000 dossiers × 3 reviews × 6 criteria.

    python bench/ranking.py [--n 2000] [--postgres] [--requests 30] [--seed 7]

1. Builds a fresh database — SQLite /tmp/bench-ranking.sqlite3, or with --postgres the
   PostgreSQL database `essaim_bench_ranking` on 127.0.0.1 (user postgres) — with one MNT
   call of N eligible dossiers, a first-selection stage of 6 criteria (mixed weights and
   scales), 60 reviewers each with a bias of their own, 3 submitted reviews per dossier
   (the measured reviewer keeps 10 drafts), 20 suspected conflicts, and the fund's staff.
2. Measures, in this process, under the production settings:
   - `rank_stage(stage)`: median of 5 runs, and its number of queries;
   - pages answered through Django's test client (`--requests` times each after two warm-up
     requests): the staff ranking page (default, then sorted and filtered), the CSV export
     of the whole ranking, the first-selection page, the staff dossier page (with its
     reviews' panel, which ranks the stage), the reviewer's list of 100 dossiers and one
     dossier's scoring page; p50 / p95 in ms, and the number of queries per request.
   No HTTP server is involved: the figures are Django's own time (routing, middleware,
   view, queries, template), the part this code controls.
3. Writes bench/results/ranking-sqlite.json (or ranking-postgresql.json) and a Markdown
   table beside it, and prints the table.
"""

import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from functools import partial
from pathlib import Path

# Before `common` reads them: this benchmark's own database and files.
os.environ.setdefault("BENCH_SQLITE_PATH", "/tmp/bench-ranking.sqlite3")  # noqa: S108
os.environ.setdefault("BENCH_PG_DATABASE", "essaim_bench_ranking")
os.environ.setdefault("BENCH_VAR_DIR", "/tmp/essaim-bench-ranking-var")  # noqa: S108

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

REVIEWERS = 60
REVIEWS_PER_DOSSIER = 3
DRAFTS_OF_MEASURED_REVIEWER = 10
CONFLICTS = 20
# (label, weight, scale_min, scale_max)
CRITERIA = [
    ("Dimension collective", "2", 0, 4),
    ("Caractère inspirant", "1.5", 0, 4),
    ("Effet pour les agents", "1", 0, 4),
    ("Effet pour les usagers", "1", 0, 4),
    ("Reproductibilité", "1.5", 1, 5),
    ("Maturité du projet", "0.5", 0, 10),
]
BATCH = 2000


def build(n: int, seed: int) -> dict:
    """The call, its stage, dossiers, reviewers, reviews and scores, in bulk."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from essaim.applications.models import Application, TeamMember
    from essaim.funds.models import Call, CallMembership, CallStage, Fund, FundMembership, Theme
    from essaim.review.models import Assignment, Conflict, Criterion, Review, ReviewStage, Score

    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    password = make_password("banc-d-essai-classement")
    fund = Fund.objects.create(
        slug="mnt", name="Fonds MNT", operator="Fonds de dotation MNT", reference_prefix="MNT"
    )
    call = Call.objects.create(
        fund=fund,
        slug="2025-7",
        year=2025,
        edition=7,
        title="Appel à projets 2025",
        summary="Des idées d'agents.",
        opens_at=now - dt.timedelta(days=90),
        closes_at=now - dt.timedelta(days=40),
        support_kind="accompaniment",
        is_published=True,
    )
    for position, kind in enumerate(
        ["application", "eligibility", "first_selection", "support", "jury", "results"]
    ):
        CallStage.objects.create(call=call, kind=kind, position=position)
    themes = [
        Theme.objects.create(call=call, title="Repenser l'accueil des usagers", position=0),
        Theme.objects.create(call=call, title="Les conditions de travail des agents", position=1),
    ]
    stage = ReviewStage.objects.create(
        call=call,
        kind="first_selection",
        reviews_per_application=REVIEWS_PER_DOSSIER,
        shows_applicant_names=False,
        other_reviews_visibility="after_own",
    )
    criteria = [
        Criterion.objects.create(
            stage=stage,
            label=label,
            weight=Decimal(weight),
            scale_min=low,
            scale_max=high,
            position=position,
            help_text="Ce que le fonds attend sur ce critère.",
        )
        for position, (label, weight, low, high) in enumerate(CRITERIA)
    ]

    users = partial(create_users, password=password)

    (staff,) = users([("equipe@bench.essaim.localhost", "Claire Martin")])
    FundMembership.objects.create(fund=fund, user=staff, role="staff")
    reviewers = users(
        [(f"expert{i}@bench.essaim.localhost", f"Expert n° {i + 1}") for i in range(REVIEWERS)]
    )
    CallMembership.objects.bulk_create(
        [CallMembership(call=call, user=u, role="reviewer") for u in reviewers]
    )

    apps = Application.objects.bulk_create(
        [
            Application(
                call=call,
                state="eligible",
                reference=f"MNT-2025-07-{i + 1:04d}",
                title=f"Projet d'accueil n° {i + 1}",
                organisation_name=f"Commune n° {i + 1}",
                organisation_type="commune",
                organisation_departement="33",
                theme=themes[i % 2],
                problem="Les usagers attendent.",
                idea="Un accueil repensé.",
                effect_on_agents="Moins de stress.",
                effect_on_users="Des réponses rapides.",
                collective_dimension="Trois services.",
                reproducibility="Toute commune.",
                maturity="idea",
                submitted_at=now - dt.timedelta(days=45),
            )
            for i in range(n)
        ],
        batch_size=BATCH,
    )
    if any(a.pk is None for a in apps):
        by_reference = dict(Application.objects.filter(call=call).values_list("reference", "pk"))
        for a in apps:
            a.pk = by_reference[a.reference]
    TeamMember.objects.bulk_create(
        [
            TeamMember(
                application_id=a.pk,
                full_name="Camille Durand",
                job_title="Agente",
                email=f"porteur{a.pk}@bench.essaim.localhost",
                access="owner",
            )
            for a in apps
        ],
        batch_size=BATCH,
    )

    # each dossier to 3 distinct reviewers, round-robin: every reviewer gets N × 3 / 60
    step = REVIEWERS // REVIEWS_PER_DOSSIER
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                stage=stage,
                application_id=a.pk,
                reviewer_id=reviewers[(i + k * step) % REVIEWERS].pk,
            )
            for i, a in enumerate(apps)
            for k in range(REVIEWS_PER_DOSSIER)
        ],
        batch_size=BATCH,
    )
    if any(a.pk is None for a in assignments):
        by_pair = {
            (app_id, reviewer_id): pk
            for pk, app_id, reviewer_id in Assignment.objects.filter(stage=stage).values_list(
                "pk", "application_id", "reviewer_id"
            )
        }
        for a in assignments:
            a.pk = by_pair[(a.application_id, a.reviewer_id)]

    measured = reviewers[0]
    quality = {a.pk: rng.random() for a in apps}  # the dossier's "true" quality, 0–1
    bias = {u.pk: (rng.uniform(-0.3, 0.3), rng.uniform(0.5, 1.5)) for u in reviewers}
    drafts = {a.pk for a in assignments if a.reviewer_id == measured.pk}
    drafts = set(sorted(drafts)[-DRAFTS_OF_MEASURED_REVIEWER:])
    reviews = Review.objects.bulk_create(
        [
            Review(
                assignment_id=a.pk,
                status="draft" if a.pk in drafts else "submitted",
                submitted_at=None if a.pk in drafts else now - dt.timedelta(days=5),
                comment="Un projet solide, à préciser sur le calendrier.",
            )
            for a in assignments
        ],
        batch_size=BATCH,
    )
    if any(r.pk is None for r in reviews):
        by_assignment = dict(
            Review.objects.filter(assignment__stage=stage).values_list("assignment_id", "pk")
        )
        for r in reviews:
            r.pk = by_assignment[r.assignment_id]
    by_assignment = {a.pk: a for a in assignments}
    scores = []
    for review in reviews:
        assignment = by_assignment[review.assignment_id]
        offset, scale = bias[assignment.reviewer_id]
        for criterion in criteria:
            level = min(
                1, max(0, offset + scale * quality[assignment.application_id] + rng.gauss(0, 0.1))
            )
            value = criterion.scale_min + round(level * (criterion.scale_max - criterion.scale_min))
            scores.append(
                Score(
                    review_id=review.pk,
                    criterion=criterion,
                    value=value,
                    comment="Argumenté." if criterion.position == 0 else "",
                )
            )
    Score.objects.bulk_create(scores, batch_size=BATCH)
    conflicted = rng.sample(assignments, CONFLICTS)
    Conflict.objects.bulk_create(
        [
            Conflict(
                application_id=a.application_id,
                person_id=a.reviewer_id,
                source="detected",
                reason="same_departement",
                status="suspected",
            )
            for a in conflicted
        ]
    )
    measured_assignment = next(
        a
        for a in assignments
        if a.reviewer_id == measured.pk
        and a.pk in drafts
        and a.pk not in {c.pk for c in conflicted}
    )
    return {
        "call_id": call.pk,
        "stage_id": stage.pk,
        "staff_id": staff.pk,
        "reviewer_id": measured.pk,
        "reviewer_assignments": sum(1 for a in assignments if a.reviewer_id == measured.pk),
        "assignment_id": measured_assignment.pk,
        "application_id": apps[n // 2].pk,
        "rows": {
            "applications": n,
            "assignments": len(assignments),
            "reviews": len(reviews),
            "scores": len(scores),
            "conflicts": CONFLICTS,
        },
        "theme_id": themes[1].pk,
    }


def measure_rank_stage(stage_id: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from essaim.review.models import ReviewStage
    from essaim.review.ranking import rank_stage

    stage = ReviewStage.objects.get(pk=stage_id)
    rank_stage(stage)  # warm-up
    times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            ranking = rank_stage(stage)
            times.append(time.perf_counter() - started)
    return {
        "median_ms": round(statistics.median(times) * 1000, 1),
        "min_ms": round(min(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        "queries": len(queries.captured_queries),
        "ranked": sum(1 for line in ranking if line.rank is not None),
        "lines": len(ranking),
    }


def table(results: dict) -> str:
    rank = results["rank_stage"]
    rows = results["rows"]
    return page_table(
        f"### Ranking — {results['database']}, {rows['applications']:,} dossiers × "
        f"{REVIEWS_PER_DOSSIER} reviews × {len(CRITERIA)} criteria "
        f"({rows['scores']:,} scores)",
        results,
        rows=[
            f"| `rank_stage` (median of 5; min–max {rank['min_ms']}–{rank['max_ms']}) "
            f"| {rank['median_ms']} | | {rank['queries']} | {rank['lines']:,} lines |"
        ],
    )


def main(argv=None) -> dict:
    args = test_client_arguments(
        argv, doc=__doc__, n=2000, n_help="dossiers in the call", requests=30, seed=7
    )

    data, built = build_database(lambda: build(args.n, args.seed), postgres=args.postgres)
    from essaim.accounts.models import User

    staff = signed_in_client(User.objects.get(pk=data["staff_id"]))
    reviewer = signed_in_client(User.objects.get(pk=data["reviewer_id"]))
    stage, call = data["stage_id"], data["call_id"]
    ranking = f"/gestion/evaluation/etapes/{stage}/classement/"
    pages = {
        "staff ranking page (100 rows of 2,000)": (staff, ranking),
        "staff ranking, sorted by mean, one theme": (
            staff,
            f"{ranking}?tri=-moyenne&theme={data['theme_id']}&min_avis=3",
        ),
        "ranking CSV export (every row)": (staff, f"{ranking}export.csv"),
        "first-selection page": (staff, f"/gestion/appels/{call}/premiere-selection/"),
        "staff dossier page with reviews panel": (
            staff,
            f"/gestion/dossiers/{data['application_id']}/",
        ),
        f"reviewer's list ({data['reviewer_assignments']} dossiers)": (reviewer, "/expertise/"),
        "reviewer's dossier and scoring form": (
            reviewer,
            f"/expertise/evaluations/{data['assignment_id']}/",
        ),
    }
    results = {
        **results_record("ranking.py", argv),
        "rows": data["rows"],
        "build_seconds": round(built, 1),
        "requests": args.requests,
        "rank_stage": measure_rank_stage(stage),
        "pages": {},
    }
    print(f"rank_stage: {results['rank_stage']}", flush=True)
    results["pages"] = measure_pages(pages, args.requests)

    write_results(f"ranking-{database_flavour(args.postgres)}", results, table(results))
    return results


if __name__ == "__main__":
    main()
