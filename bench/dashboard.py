"""Benchmark of the staff dashboards: a call with 10,000 dossiers, and its fund.

    python bench/dashboard.py [--n 10000] [--postgres] [--requests 20] [--seed 7]

1. Builds a fresh database — SQLite /tmp/bench-dashboard.sqlite3, or with --postgres the
   PostgreSQL database `essaim_bench_dashboard` on 127.0.0.1 (user postgres) — in bulk: a
   fund of six calls (five small past ones, 60 dossiers each, and a funding call with N
   dossiers), 600 bodies of the referential, the big call's dossiers spread over states,
   themes, types, départements and the 35 days it was open; a first selection (each
   eligible dossier given to 2 of 40 reviewers, 3 criteria, nine reviews in ten submitted),
   a jury (every shortlisted dossier, 3 of 6 jurors), laureates with an accompaniment, 6
   milestones and a signed engagement with 3 tranches, published sheets and their reuses.
2. Measures, in this process, under the production settings, through Django's test client
   (`--requests` times each after two warm-up requests): the call's dashboard and the
   fund's; p50 / p95 in ms, queries per request, response size.
3. Writes bench/results/dashboard-sqlite.json (or dashboard-postgresql.json) and a
   Markdown table beside it, and prints the table.
"""

import datetime as dt
import os
import random
import sys
from decimal import Decimal
from functools import partial
from pathlib import Path

# Before `common` reads them: this benchmark's own database and files.
os.environ.setdefault("BENCH_SQLITE_PATH", "/tmp/bench-dashboard.sqlite3")  # noqa: S108
os.environ.setdefault("BENCH_PG_DATABASE", "essaim_bench_dashboard")
os.environ.setdefault("BENCH_VAR_DIR", "/tmp/essaim-bench-dashboard-var")  # noqa: S108

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

BATCH = 2000
REVIEWERS = 40
JURORS = 6
SMALL_CALLS = 5
SMALL_CALL_DOSSIERS = 60
# (state, weight) of the big call's dossiers
STATES = [
    ("draft", 6),
    ("submitted", 14),
    ("ineligible", 10),
    ("eligible", 20),
    ("not_shortlisted", 30),
    ("shortlisted", 4),
    ("not_selected", 8),
    ("waitlisted", 2),
    ("laureate", 2),
    ("in_accompaniment", 3),
    ("withdrawn", 1),
]
REVIEWED = {
    "eligible",
    "not_shortlisted",
    "shortlisted",
    "not_selected",
    "waitlisted",
    "laureate",
    "in_accompaniment",
}
SHORTLISTED = {"shortlisted", "not_selected", "waitlisted", "laureate", "in_accompaniment"}
LAUREATES = {"laureate", "in_accompaniment"}
TYPES = ["commune", "commune", "commune", "epci", "departement", "sdis", "centre_gestion", "ccas"]


def build(n: int, seed: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from essaim.accompaniment.models import Accompaniment, Engagement, Milestone, Tranche
    from essaim.applications.models import Application
    from essaim.catalogue.models import Innovation, Reuse
    from essaim.funds.models import Call, CallStage, Fund, FundMembership, Theme
    from essaim.review.models import Assignment, Criterion, Review, ReviewStage, Score
    from essaim.territory.enums import DEPARTEMENTS, REGION_OF_DEPARTEMENT, size_band_for
    from essaim.territory.models import Organisation

    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    password = make_password("banc-d-essai-tableau-de-bord")

    users = partial(create_users, password=password)

    (staff,) = users([("equipe@bench.essaim.localhost", "Claire Martin")])
    reviewers = users(
        [(f"expert{i}@bench.essaim.localhost", f"Expert n° {i + 1}") for i in range(REVIEWERS)]
    )
    jurors = users([(f"jure{i}@bench.essaim.localhost", f"Juré n° {i + 1}") for i in range(JURORS)])
    fund = Fund.objects.create(slug="mnt", name="Fonds MNT", operator="MNT", reference_prefix="MNT")
    FundMembership.objects.create(fund=fund, user=staff, role="staff")
    codes = [code for code, _name in DEPARTEMENTS]
    organisations = []
    for i in range(600):
        departement = rng.choice(codes)
        population = int(rng.lognormvariate(8, 1.6))
        organisations.append(
            Organisation(
                kind="commune",
                name=f"Commune n° {i + 1}",
                formal_name=f"Commune n° {i + 1}",
                search_name=f"commune n {i + 1}",
                departement=departement,
                region=REGION_OF_DEPARTEMENT.get(departement, ""),
                population=population,
                size_band=size_band_for(population),
            )
        )
    organisations = Organisation.objects.bulk_create(organisations, batch_size=BATCH)

    calls = []
    for edition in range(1, SMALL_CALLS + 2):
        big = edition == SMALL_CALLS + 1
        opens = now - dt.timedelta(days=60 + 365 * (SMALL_CALLS + 1 - edition))
        call = Call.objects.create(
            fund=fund,
            slug=f"{2019 + edition}-{edition}",
            year=2019 + edition,
            edition=edition,
            title=f"Appel n° {edition}" + (" — 10 000 dossiers" if big else ""),
            summary="Des idées d'agents.",
            opens_at=opens,
            closes_at=opens + dt.timedelta(days=35),
            support_kind="funding" if big else "accompaniment",
            min_amount=Decimal("30000") if big else None,
            max_amount=Decimal("120000") if big else None,
            envelope=Decimal("30000000") if big else None,
            is_published=True,
        )
        for position, kind in enumerate(
            ["application", "eligibility", "first_selection", "jury", "results"]
        ):
            CallStage.objects.create(call=call, kind=kind, position=position)
        calls.append(call)
    big_call = calls[-1]

    applications = []
    for call in calls:
        themes = [
            Theme.objects.create(call=call, title=title, position=k)
            for k, title in enumerate(
                ["Accueil des usagers", "Conditions de travail", "Transition numérique"]
            )
        ]
        count = n if call is big_call else SMALL_CALL_DOSSIERS
        states = rng.choices([s for s, _w in STATES], [w for _s, w in STATES], k=count)
        for i, state in enumerate(states):
            organisation = rng.choice(organisations) if rng.random() < 0.7 else None
            departement = organisation.departement if organisation else rng.choice(codes)
            submitted_at = None
            if state != "draft":
                submitted_at = call.opens_at + dt.timedelta(
                    seconds=int(35 * 86400 * rng.betavariate(2, 1))
                )
            applications.append(
                Application(
                    call=call,
                    state=state,
                    reference=None if state == "draft" else f"MNT-{call.edition}-{i + 1:05d}",
                    title=f"Projet n° {i + 1}",
                    organisation=organisation,
                    organisation_name=organisation.formal_name if organisation else "Un organisme",
                    organisation_type=rng.choice(TYPES),
                    organisation_departement=departement,
                    theme=rng.choice(themes),
                    submitted_at=submitted_at,
                )
            )
    applications = Application.objects.bulk_create(applications, batch_size=BATCH)
    assert all(a.pk for a in applications)

    assignments, review_rows, scores = [], [], []
    for call in calls:
        first = ReviewStage.objects.create(call=call, kind="first_selection", position=0)
        jury = ReviewStage.objects.create(call=call, kind="jury", position=1)
        Criterion.objects.bulk_create(
            [
                Criterion(stage=first, label=label, weight=w, position=k)
                for k, (label, w) in enumerate(
                    [("Dimension collective", 2), ("Caractère inspirant", 1), ("Impact", 1)]
                )
            ]
            + [
                Criterion(stage=jury, label=label, weight=1, position=k)
                for k, label in enumerate(["Maturité", "Reproductibilité"])
            ]
        )
        for application in (a for a in applications if a.call_id == call.pk):
            if application.state in REVIEWED:
                for reviewer in rng.sample(reviewers, 2):
                    assignments.append(
                        Assignment(stage=first, application=application, reviewer=reviewer)
                    )
            if application.state in SHORTLISTED:
                for juror in rng.sample(jurors, 3):
                    assignments.append(
                        Assignment(stage=jury, application=application, reviewer=juror)
                    )
    assignments = Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    stage_criteria: dict[int, list] = {}
    for criterion in Criterion.objects.order_by("position"):
        stage_criteria.setdefault(criterion.stage_id, []).append(criterion)
    for assignment in assignments:
        if rng.random() < 0.9:
            review_rows.append(Review(assignment=assignment, status="submitted", submitted_at=now))
        elif rng.random() < 0.5:
            review_rows.append(Review(assignment=assignment, status="draft"))
    review_rows = Review.objects.bulk_create(review_rows, batch_size=BATCH)
    stage_of = {a.pk: a.stage_id for a in assignments}
    for review in review_rows:
        for criterion in stage_criteria[stage_of[review.assignment_id]]:
            scores.append(Score(review=review, criterion=criterion, value=rng.randint(0, 4)))
    Score.objects.bulk_create(scores, batch_size=BATCH)

    laureates = [a for a in applications if a.state in LAUREATES]
    accompaniments = Accompaniment.objects.bulk_create(
        [Accompaniment(application=a, started_on=today - dt.timedelta(days=90)) for a in laureates],
        batch_size=BATCH,
    )
    milestones = []
    for accompaniment in accompaniments:
        for k in range(6):
            due = today + dt.timedelta(days=rng.randint(-120, 120))
            status = (
                "upcoming"
                if due >= today
                else rng.choices(["achieved", "late", "upcoming", "abandoned"], [8, 2, 1, 1])[0]
            )
            milestones.append(
                Milestone(
                    accompaniment=accompaniment,
                    title=f"Jalon {k + 1}",
                    due_on=due,
                    status=status,
                    achieved_on=due if status == "achieved" else None,
                )
            )
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    engagements = Engagement.objects.bulk_create(
        [
            Engagement(
                application=a,
                version=1,
                status="signed",
                granted_amount=Decimal(rng.randrange(30, 121) * 1000),
                signed_at=now,
            )
            for a in laureates
            if a.call_id == big_call.pk
        ],
        batch_size=BATCH,
    )
    tranches = []
    for engagement in engagements:
        third = (engagement.granted_amount / 3).quantize(Decimal("0.01"))
        for k in range(3):
            paid = k == 0
            tranches.append(
                Tranche(
                    engagement=engagement,
                    position=k,
                    planned_on=today + dt.timedelta(days=60 * (k - 1)),
                    amount=third,
                    paid_on=today if paid else None,
                    paid_amount=third if paid else None,
                )
            )
    Tranche.objects.bulk_create(tranches, batch_size=BATCH)
    innovations = Innovation.objects.bulk_create(
        [
            Innovation(
                slug=f"innovation-{a.pk}",
                title=f"Innovation {a.pk}",
                summary="Un accueil repensé.",
                topic="reception",
                problem="…",
                solution="…",
                fund=fund,
                call_id=a.call_id,
                application=a,
                is_published=k % 3 != 0,
                published_at=now if k % 3 != 0 else None,
            )
            for k, a in enumerate(laureates)
        ],
        batch_size=BATCH,
    )
    reuses = []
    for k, innovation in enumerate(innovations):
        if innovation.is_published and k % 2:
            organisation = organisations[k % len(organisations)]
            reuses.append(
                Reuse(
                    innovation=innovation,
                    organisation=organisation,
                    departement=organisation.departement,
                    status="deployed" if k % 4 == 1 else "abandoned",
                )
            )
    Reuse.objects.bulk_create(reuses, batch_size=BATCH)
    return {
        "staff_id": staff.pk,
        "fund_id": fund.pk,
        "call_id": big_call.pk,
        "rows": {
            "dossiers": len(applications),
            "big_call_dossiers": n,
            "assignments": len(assignments),
            "reviews": len(review_rows),
            "scores": len(scores),
            "laureates": len(laureates),
            "milestones": len(milestones),
            "innovations": len(innovations),
        },
    }


def table(results: dict) -> str:
    rows = results["rows"]
    return page_table(
        f"### Dashboards — {results['database']}, a call of {rows['big_call_dossiers']:,} "
        f"dossiers in a fund of six calls ({rows['dossiers']:,} dossiers, "
        f"{rows['assignments']:,} assignments, {rows['scores']:,} scores, "
        f"{rows['laureates']:,} laureates, {rows['milestones']:,} milestones)",
        results,
        first_column="page",
    )


def main(argv=None) -> dict:
    args = test_client_arguments(
        argv, doc=__doc__, n=10_000, n_help="dossiers of the big call", requests=20, seed=7
    )

    data, built = build_database(lambda: build(args.n, args.seed), postgres=args.postgres)
    from essaim.accounts.models import User

    staff = signed_in_client(User.objects.get(pk=data["staff_id"]))
    pages = {
        f"call dashboard ({args.n:,} dossiers)": (
            staff,
            f"/gestion/appels/{data['call_id']}/tableau-de-bord/",
        ),
        "fund dashboard (six calls)": (staff, f"/gestion/fonds/{data['fund_id']}/tableau-de-bord/"),
    }
    results = {
        **results_record("dashboard.py", argv),
        "rows": data["rows"],
        "build_seconds": round(built, 1),
        "requests": args.requests,
        "pages": measure_pages(pages, args.requests),
    }
    write_results(f"dashboard-{database_flavour(args.postgres)}", results, table(results))
    return results


if __name__ == "__main__":
    main()
