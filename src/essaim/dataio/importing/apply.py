"""The real run: write what the dry run planned, in one transaction.

Imported dossiers are created as they stood in the sheet (state, reference, dates): they
record a past that happened elsewhere, so they do not replay the state machine; each one's
latest decision is written as a Decision row dated as the sheet says.
"""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from essaim.applications.enums import TeamAccess
from essaim.applications.models import Application, TeamMember
from essaim.funds.enums import SupportKind
from essaim.funds.models import Call, Fund, Theme
from essaim.review.models import Decision
from essaim.territory.names import fold

from .validation import KIND_OF_OUTCOME, CallPlan, Report
from .values import PARIS

BATCH = 500


def _new_call(fund: Fund, plan: CallPlan, used: set) -> Call:
    edition = next(iter(plan.editions)) if len(plan.editions) == 1 else None
    if edition is None or (plan.year, edition) in used:
        edition = 1 + max((e for y, e in used if y == plan.year), default=0)
    used.add((plan.year, edition))
    opens = dt.datetime(plan.year, 1, 1, tzinfo=PARIS)
    closes = dt.datetime(plan.year, 12, 31, 23, 59, tzinfo=PARIS)
    if plan.earliest and plan.earliest < opens:
        opens = plan.earliest
    if plan.latest and plan.latest > closes:
        closes = plan.latest
    return Call.objects.create(
        fund=fund,
        slug=plan.slug,
        year=plan.year,
        edition=edition,
        title=plan.title,
        summary=plan.title[:400],
        opens_at=opens,
        closes_at=closes,
        support_kind=SupportKind.FUNDING if plan.funding else SupportKind.ACCOMPANIMENT,
        requires_hierarchical_support=False,
        is_published=False,
    )


def apply_report(*, fund: Fund, report: Report) -> dict:
    """Create the planned calls, themes, dossiers, owners and decisions. A dossier or call
    that appeared since the dry run (its natural key taken) is skipped: running the same
    sheet again creates nothing."""
    now = timezone.now()
    with transaction.atomic():
        calls = {call.slug: call for call in Call.objects.filter(fund=fund)}
        used = {(call.year, call.edition) for call in calls.values()}
        calls_created = []
        for plan in report.calls:
            if plan.slug not in calls:
                call = calls[plan.slug] = _new_call(fund, plan, used)
                Theme.objects.bulk_create(
                    [
                        Theme(call=call, title=title, position=i)
                        for i, title in enumerate(plan.themes)
                    ]
                )
                calls_created.append(plan.slug)
        themes = defaultdict(dict)
        for theme in Theme.objects.filter(call__in=list(calls.values())):
            themes[theme.call_id][fold(theme.title)] = theme
        references = [plan.reference for plan in report.dossiers]
        taken = set()
        for start in range(0, len(references), BATCH):
            taken.update(
                Application.objects.filter(
                    reference__in=references[start : start + BATCH]
                ).values_list("reference", flat=True)
            )
        created = []
        for start in range(0, len(report.dossiers), BATCH):
            plans = [p for p in report.dossiers[start : start + BATCH] if p.reference not in taken]
            applications = []
            for plan in plans:
                call = calls[plan.call_slug]
                applications.append(
                    Application(
                        call=call,
                        state=plan.state,
                        reference=plan.reference,
                        title=plan.title,
                        theme=themes[call.pk].get(fold(plan.theme)) if plan.theme else None,
                        maturity=plan.maturity,
                        amount_requested=plan.amount_requested,
                        organisation_id=plan.organisation_id,
                        organisation_name=plan.organisation_name,
                        organisation_type=plan.organisation_type,
                        organisation_departement=plan.organisation_departement,
                        submitted_at=plan.submitted_at,
                        last_saved_at=plan.submitted_at,
                        **plan.texts,
                    )
                )
            Application.objects.bulk_create(applications)
            members, decisions = [], []
            for plan, application in zip(plans, applications, strict=True):
                if plan.owner_name or plan.owner_email:
                    members.append(
                        TeamMember(
                            application=application,
                            full_name=plan.owner_name or plan.owner_email,
                            email=plan.owner_email,
                            job_title=plan.owner_job_title,
                            access=TeamAccess.OWNER,
                        )
                    )
                if plan.decision:
                    decisions.append(
                        (
                            Decision(
                                application=application,
                                kind=KIND_OF_OUTCOME[plan.decision],
                                outcome=plan.decision,
                                reason=plan.decision_reason,
                            ),
                            _decided_at(plan, now),
                        )
                    )
            TeamMember.objects.bulk_create(members)
            rows = Decision.objects.bulk_create([decision for decision, _at in decisions])
            # decided_at is auto_now_add, which bulk_create fills in: set the sheet's dates
            for decision, at in zip(rows, (at for _d, at in decisions), strict=True):
                decision.decided_at = at
            Decision.objects.bulk_update(rows, ["decided_at"], batch_size=BATCH)
            created += [plan.reference for plan in plans]
    return {"created": len(created), "calls_created": calls_created, "references": created[:1000]}


def _decided_at(plan, now) -> dt.datetime:
    if plan.decision_date:
        # noon, Paris time: the day stays the same whatever the zone it is read in
        return dt.datetime.combine(plan.decision_date, dt.time(12), tzinfo=PARIS)
    return plan.submitted_at or now
