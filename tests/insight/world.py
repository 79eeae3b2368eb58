"""A small fund whose every dashboard figure is known by hand (see each comment).

The Fonds MNT runs two calls:

- `call`, an accompaniment call open from 1 to 10 May 2024 with a first selection, whose
  8 submitted dossiers and 2 drafts are spread over states, bodies, themes and days; three
  reviewers score some of them; two laureates, one accompanied with five milestones; two
  published innovation sheets, one of them reused;
- `funding`, a funding call (envelope 3 000 000 €) with two laureates and their engagements.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from essaim.accompaniment.models import Tranche
from essaim.applications.enums import ApplicationState as S
from essaim.catalogue.enums import ReuseStatus
from essaim.funds.enums import SupportKind
from essaim.funds.models import Call, Fund

from ..factories import (
    AccompanimentFactory,
    ApplicationFactory,
    AssignmentFactory,
    CallFactory,
    ConflictFactory,
    EngagementFactory,
    InnovationFactory,
    MilestoneFactory,
    OrganisationFactory,
    ReuseFactory,
    ReviewStageFactory,
    UserFactory,
    scored,
    submitted,
)

PARIS = ZoneInfo("Europe/Paris")


def paris(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 5, day, hour, minute, tzinfo=PARIS)


@dataclass
class World:
    fund: Fund
    call: Call
    funding: Call
    dossiers: dict
    reviewers: dict


def dossier(call, state, *, at: dt.datetime, **fields):
    application = submitted(ApplicationFactory(call=call, **fields), state=state)
    application.submitted_at = at
    application.save(update_fields=["submitted_at"])
    return application


def build_world(fund: Fund, *, today: dt.date) -> World:
    call = CallFactory(
        fund=fund,
        slug="2024-8",
        year=2024,
        edition=8,
        title="Appel 2024",
        opens_at=paris(1, 9),
        closes_at=paris(10, 12),
        themes=["Accueil des usagers", "Conditions de travail"],
    )
    reception, work = list(call.themes.order_by("position"))
    pessac = OrganisationFactory(name="Pessac", departement="33", region="75", population=66_000)
    renac = OrganisationFactory(name="Renac", departement="35", region="53", population=1_100)
    in_pessac = {
        "organisation": pessac,
        "organisation_type": "commune",
        "organisation_departement": "33",
    }
    in_renac = {
        "organisation": renac,
        "organisation_type": "commune",
        "organisation_departement": "35",
    }

    # two drafts: counted as drafts only
    ApplicationFactory(call=call, organisation_type="commune", organisation_departement="75")
    ApplicationFactory(call=call)
    d = {
        "a": dossier(call, S.SUBMITTED, at=paris(2, 10), theme=reception, **in_pessac),
        "b": dossier(
            call,
            S.INELIGIBLE,
            at=paris(2, 15),
            theme=work,
            organisation_type="epci",
            organisation_departement="35",
        ),
        # 00:30 in Paris on the 3rd is still the 2nd in UTC: counted on the 3rd
        "c": dossier(call, S.ELIGIBLE, at=paris(3, 0, 30), theme=reception, **in_pessac),
        "d": dossier(call, S.NOT_SHORTLISTED, at=paris(7, 11), theme=work, **in_renac),
        "e": dossier(call, S.SHORTLISTED, at=paris(10, 11, 59), theme=reception, **in_pessac),
        "f": dossier(call, S.LAUREATE, at=paris(10, 9), theme=reception, **in_renac),
        "g": dossier(
            call,
            S.IN_ACCOMPANIMENT,
            at=paris(10, 10),
            theme=work,
            organisation_type="sdis",
            organisation_departement="14",
        ),
        "h": dossier(call, S.WITHDRAWN, at=paris(6, 8), theme=reception, **in_pessac),
    }

    # the first selection: criteria weighted 2 and 1, marks 0–4
    stage = ReviewStageFactory(call=call, title="Première sélection 2024")
    anne = UserFactory(full_name="Anne Arnaud")
    bruno = UserFactory(full_name="Bruno Bernard")
    chloe = UserFactory(full_name="Chloé Caron")

    def review(reviewer, key, marks, *, submit=True):
        assignment = AssignmentFactory(stage=stage, application=d[key], reviewer=reviewer)
        if marks is not None:
            scored(assignment, marks, submit=submit)

    review(anne, "a", [1, 1], submit=False)  # a draft: not counted
    review(anne, "c", [4, 4])  # 20
    review(anne, "d", [2, 2])  # 10
    review(bruno, "c", [3, 0])  # (2×3 + 0) / 12 → 10
    review(bruno, "e", [0, 0])  # 0
    review(bruno, "h", [4, 4])  # withdrawn dossier: submitted, not counted
    review(chloe, "e", [4, 2])  # a confirmed conflict: submitted, not counted
    ConflictFactory(application=d["e"], person=chloe)

    # after the jury: g accompanied, signed; f's engagement in preparation
    accompaniment = AccompanimentFactory(application=d["g"])
    for status, due in (
        ("achieved", today - dt.timedelta(days=20)),
        ("upcoming", today + dt.timedelta(days=5)),  # on time
        ("upcoming", today - dt.timedelta(days=3)),  # past due: late
        ("late", today - dt.timedelta(days=9)),  # late
        ("abandoned", today - dt.timedelta(days=1)),
    ):
        MilestoneFactory(accompaniment=accompaniment, status=status, due_on=due)
    EngagementFactory(application=d["g"], status="signed")
    EngagementFactory(application=d["f"])

    # the catalogue: f's sheet published and reused; g's not published; a sheet attached
    # to the call without a dossier, published, reused only by a body that gave up
    sheet = InnovationFactory(fund=fund, call=call, application=d["f"])
    ReuseFactory(innovation=sheet)
    InnovationFactory(
        fund=fund, call=call, application=d["g"], is_published=False, published_at=None
    )
    lone = InnovationFactory(fund=fund, call=call)
    ReuseFactory(innovation=lone, status=ReuseStatus.ABANDONED)

    # the funding call: x signed 100 000 (40 000 paid of it); y amended: v1 superseded,
    # v2 signed 90 000 (30 000 paid), v3 in preparation 95 000 → 195 000 committed
    funding = CallFactory(
        fund=fund,
        slug="2024-9",
        year=2024,
        edition=9,
        title="Appel financé 2024",
        funding=True,
        support_kind=SupportKind.FUNDING,
        opens_at=paris(1, 9),
        closes_at=paris(20, 12),
    )
    x = dossier(
        funding,
        S.LAUREATE,
        at=paris(20, 10),
        organisation_type="region",
        organisation_departement="33",
    )
    y = dossier(
        funding,
        S.LAUREATE,
        at=paris(20, 11),
        organisation_type="region",
        organisation_departement="35",
    )
    signed_x = EngagementFactory(application=x, status="signed", granted_amount=Decimal("100000"))
    Tranche.objects.create(
        engagement=signed_x,
        position=0,
        planned_on=today,
        amount=Decimal("40000"),
        paid_on=today,
        paid_amount=Decimal("40000"),
    )
    Tranche.objects.create(
        engagement=signed_x, position=1, planned_on=today, amount=Decimal("60000")
    )
    EngagementFactory(
        application=y, version=1, status="superseded", granted_amount=Decimal("80000")
    )
    signed_y = EngagementFactory(
        application=y, version=2, status="signed", granted_amount=Decimal("90000")
    )
    Tranche.objects.create(
        engagement=signed_y,
        position=0,
        planned_on=today,
        amount=Decimal("30000"),
        paid_on=today,
        paid_amount=Decimal("30000"),
    )
    EngagementFactory(application=y, version=3, status="draft", granted_amount=Decimal("95000"))
    d["x"], d["y"] = x, y
    return World(
        fund=fund,
        call=call,
        funding=funding,
        dossiers=d,
        reviewers={"anne": anne, "bruno": bruno, "chloe": chloe},
    )
