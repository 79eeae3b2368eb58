"""The retention period of non-selected dossiers, and the pass that anonymises them.

A dossier that ended without being selected — not eligible, not shortlisted, not selected
by the jury, withdrawn, or a draft never submitted — keeps its personal data for its fund's
`retention_months`, counted from the decision that put it in that state (for a withdrawal
or a draft: its last change). Then the pass removes:

- every person of its team (name, e-mail, function, role in the project, account link),
- the supervisor asked for hierarchical support (name, function, e-mail, comment),
- its attachments (rows, and files from storage once the transaction commits),
- its message thread with the fund, the addresses and texts of decision mails sent to it,
- the people and file names in the frozen copies of its submitted versions,
- the withdrawal reason and the link to whoever created it.

What stays, for the fund's statistics and history: the organisation (a public body, not a
person), the call, theme, the answers about the problem and the idea, budget figures, the
decisions with their reasons, reviews and scores. Those answers are about a project, not
about people; a team that wrote a name in them can ask the fund to remove it. The audit
trail is immutable and keeps its rows (see docs/security.md ("Personal data")).

Laureates (and dossiers still being examined, or waitlisted: they may still be selected)
are never touched. Each dossier is anonymised in its own transaction and marked with an
`ApplicationAnonymisation` row, so the pass is idempotent and can run on several machines.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from essaim.applications.enums import ApplicationState as S
from essaim.applications.enums import InvitationStatus
from essaim.applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    Message,
    SupportRequest,
    TeamMember,
)
from essaim.core.audit import record
from essaim.funds.models import Fund
from essaim.review.models import Decision, MailingRecipient

from .anonymise import (
    ANONYMOUS_MEMBER_NAME,
    personal_text_fields,
    placeholder_email,
    scrub_version_content,
)
from .models import ApplicationAnonymisation

# States a dossier ends in without being selected.
DECIDED_STATES = (S.INELIGIBLE, S.NOT_SHORTLISTED, S.NOT_SELECTED)
# States whose clock starts at the dossier's last change (no Decision row puts them there).
LAST_CHANGE_STATES = (S.WITHDRAWN, S.DRAFT)
RETAINED_STATES = DECIDED_STATES + LAST_CHANGE_STATES

RETENTION_ACTOR_LABEL = "Durée de conservation (tâche automatique)"


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """`moment` minus whole calendar months, in Paris time (31 May − 3 months = 28/29 Feb)."""
    local = timezone.localtime(moment)
    index = local.year * 12 + (local.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def with_counted_from(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate `counted_from`: the date of the decision that gave the dossier its current
    state, or its last change for a withdrawal or a draft (or if no decision row exists)."""
    decision = Decision.objects.filter(
        application=OuterRef("pk"), outcome=OuterRef("state")
    ).order_by("-decided_at", "-id")
    return queryset.annotate(
        counted_from=Coalesce(
            Subquery(decision.values("decided_at")[:1]),
            "updated_at",
            output_field=DateTimeField(),
        )
    )


def expired_applications(fund: Fund, *, now: dt.datetime) -> QuerySet[Application]:
    """The fund's dossiers whose retention period is over and that still hold personal data."""
    cutoff = months_before(now, fund.retention_months)
    return (
        with_counted_from(
            Application.objects.filter(
                call__fund=fund, state__in=RETAINED_STATES, anonymisation__isnull=True
            )
        )
        .filter(counted_from__lt=cutoff)
        .order_by("counted_from", "id")
    )


@dataclass
class RetentionReport:
    dry_run: bool
    anonymised: int = 0
    team_members: int = 0
    files: int = 0
    per_fund: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "anonymised": self.anonymised,
            "team_members": self.team_members,
            "files": self.files,
            "per_fund": self.per_fund,
        }


def _anonymise_content(application: Application) -> dict[str, int]:
    counts: dict[str, int] = {}
    team = TeamMember.objects.filter(application=application)
    counts["team_members"] = team.update(
        user=None,
        full_name=ANONYMOUS_MEMBER_NAME,
        invitation_status=InvitationStatus.NONE,
        **{name: "" for name in personal_text_fields(TeamMember, keep={"full_name"})},
    )
    counts["support_requests"] = SupportRequest.objects.filter(application=application).update(
        supervisor_name=ANONYMOUS_MEMBER_NAME,
        supervisor_function="",
        supervisor_email=placeholder_email("soutien", application.pk),
        comment="",
    )
    attachments = Attachment.objects.filter(application=application)
    files = [name for name in attachments.values_list("file", flat=True) if name]
    counts["files"] = len(files)
    attachments.delete()
    storage = Attachment._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    counts["messages"] = Message.objects.filter(application=application).delete()[0]
    counts["mails"] = MailingRecipient.objects.filter(application=application).update(
        emails=[], subject="", body=""
    )
    versions = 0
    for version in ApplicationVersion.objects.filter(application=application):
        version.content = scrub_version_content(version.content)
        version.save(update_fields=["content"])
        versions += 1
    counts["versions"] = versions
    application.withdrawal_reason = ""
    application.created_by = None
    # `updated_at` is left as it was: the dossier's answers did not change.
    Application.objects.filter(pk=application.pk).update(withdrawal_reason="", created_by=None)
    return counts


def application_anonymise(*, application_id: int, now: dt.datetime) -> dict[str, int] | None:
    """Anonymise one expired dossier (see module docstring). Returns the counts, or None when
    there was nothing to do: already anonymised, or no longer expired when locked (a draft
    changed meanwhile), or another run got there first."""
    try:
        with transaction.atomic():
            application = (
                with_counted_from(Application.objects.select_for_update(of=("self",)))
                .select_related("call__fund")
                .get(pk=application_id)
            )
            fund = application.call.fund
            if (
                application.state not in RETAINED_STATES
                or ApplicationAnonymisation.objects.filter(application=application).exists()
                or application.counted_from >= months_before(now, fund.retention_months)
            ):
                return None
            counts = _anonymise_content(application)
            ApplicationAnonymisation.objects.create(
                application=application,
                state=application.state,
                counted_from=application.counted_from,
                retention_months=fund.retention_months,
                counts=counts,
            )
            record(
                actor=None,
                actor_label=RETENTION_ACTOR_LABEL,
                action="application.anonymised",
                obj=application,
                to_value=application.state,
                data={"retention_months": fund.retention_months, **counts},
            )
            return counts
    except IntegrityError:
        # a concurrent run created the marker first: it did the work
        return None


def anonymise_expired(*, now: dt.datetime | None = None, dry_run: bool = False) -> RetentionReport:
    """The daily pass over every fund. With `dry_run`, only lists what would be anonymised."""
    now = now or timezone.now()
    report = RetentionReport(dry_run=dry_run)
    for fund in Fund.objects.order_by("slug"):
        expired = list(expired_applications(fund, now=now).only("id", "reference", "title"))
        done = []
        for application in expired:
            label = application.reference or f"#{application.pk}"
            if dry_run:
                done.append(label)
                continue
            counts = application_anonymise(application_id=application.pk, now=now)
            if counts is not None:
                done.append(label)
                report.team_members += counts["team_members"]
                report.files += counts["files"]
        if done:
            report.per_fund[fund.slug] = done
            report.anonymised += len(done)
    return report
