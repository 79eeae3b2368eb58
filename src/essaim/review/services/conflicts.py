"""Conflicts of interest between a call's reviewers or jurors and its dossiers.

A conflict holds for the whole call. A reviewer declares one (confirmed at once); the
platform flags likely ones itself (suspected) and staff confirm or clear them. While a
conflict stands (suspected or confirmed) the dossier leaves the person's list and no stage
assigns it to them. Confirming removes their assignments on the dossier whose review is not
submitted; submitted reviews stay on record and the ranking leaves them out (the standing
conflict is the mark).
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application, TeamMember
from essaim.core.audit import record
from essaim.core.models import AuditEvent
from essaim.funds.models import Call, CallMembership

from ..enums import ConflictReason, ConflictSource, ConflictStatus, ReviewStatus
from ..models import Assignment, Conflict

REVIEWING_ROLES = ("reviewer", "juror")
BLOCKING_STATUSES = (ConflictStatus.SUSPECTED, ConflictStatus.CONFIRMED)

# Addresses at these domains say nothing about a person's employer.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "hotmail.fr",
        "hotmail.com",
        "outlook.fr",
        "outlook.com",
        "live.fr",
        "yahoo.fr",
        "yahoo.com",
        "wanadoo.fr",
        "sfr.fr",
        "neuf.fr",
        "bbox.fr",
        "icloud.com",
        "me.com",
        "aol.com",
        "protonmail.com",
        "proton.me",
        "gmx.fr",
    }
)

# Dossiers no longer in the running are left alone.
NOT_REVIEWED_STATES = (ApplicationState.DRAFT, ApplicationState.WITHDRAWN)


def normalise_name(name: str) -> str:
    """'Commune de Saint-Amand-en-Puisaye' and 'commune de saint amand en puisaye' match."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = re.sub(r"[\W_]+", " ", plain.casefold())
    return " ".join(words.split())


def mail_domain(email: str) -> str:
    """The domain of a work address, or "" for a public webmail."""
    domain = (email or "").rpartition("@")[2].strip().lower()
    if not domain or domain in PUBLIC_MAIL_DOMAINS:
        return ""
    return "" if domain in settings.ESSAIM_SHARED_MAIL_DOMAINS else domain


# --- a reviewer's own declaration -------------------------------------------------------


def declare_conflict(*, application: Application, person, details: str = "") -> Conflict:
    """The person declares a conflict on a dossier: it leaves their list at once.

    Idempotent; a conflict already suspected (or cleared) becomes a confirmed declaration.
    """
    with transaction.atomic():
        conflict, created = Conflict.objects.select_for_update().get_or_create(
            application=application,
            person=person,
            defaults={
                "source": ConflictSource.DECLARED,
                "reason": ConflictReason.DECLARED,
                "status": ConflictStatus.CONFIRMED,
                "details": details.strip(),
                "decided_by": person,
                "decided_at": timezone.now(),
            },
        )
        previous = "" if created else conflict.status
        if not created:
            conflict.source = ConflictSource.DECLARED
            conflict.reason = ConflictReason.DECLARED
            conflict.status = ConflictStatus.CONFIRMED
            conflict.details = details.strip() or conflict.details
            conflict.decided_by = person
            conflict.decided_at = timezone.now()
            conflict.save()
        removed = _remove_open_assignments(conflict)
        record(
            actor=person,
            action="conflict.declared",
            obj=application,
            from_value=previous,
            to_value=ConflictStatus.CONFIRMED,
            reason=conflict.details,
            data={"conflict": conflict.pk, "assignments_removed": removed},
        )
    return conflict


# --- staff decisions --------------------------------------------------------------------


def confirm_conflict(*, conflict: Conflict, actor, details: str = "") -> Conflict:
    """Staff confirm a conflict; the person's open assignments on the dossier go."""
    with transaction.atomic():
        conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
        if conflict.status == ConflictStatus.CONFIRMED:
            raise ValidationError(_("Ce conflit d'intérêts est déjà confirmé."))
        previous = conflict.status
        conflict.status = ConflictStatus.CONFIRMED
        conflict.decided_by = actor
        conflict.decided_at = timezone.now()
        if details.strip():
            conflict.details = details.strip()
        conflict.save(update_fields=["status", "decided_by", "decided_at", "details", "updated_at"])
        removed = _remove_open_assignments(conflict)
        record(
            actor=actor,
            action="conflict.confirmed",
            obj=conflict.application,
            from_value=previous,
            to_value=ConflictStatus.CONFIRMED,
            reason=details.strip(),
            data={"conflict": conflict.pk, "person": conflict.person_id, "removed": removed},
        )
    return conflict


def clear_conflict(*, conflict: Conflict, actor, reason: str = "") -> Conflict:
    """Staff clear a suspected conflict: the dossier can be assigned to the person again.

    A conflict the person declared themselves is theirs to keep.
    """
    with transaction.atomic():
        conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
        if conflict.source == ConflictSource.DECLARED:
            raise ValidationError(
                _(
                    "Ce conflit a été déclaré par l'évaluateur lui-même : il ne peut pas être écarté."
                )
            )
        if conflict.status == ConflictStatus.CLEARED:
            raise ValidationError(_("Ce conflit d'intérêts est déjà écarté."))
        previous = conflict.status
        conflict.status = ConflictStatus.CLEARED
        conflict.decided_by = actor
        conflict.decided_at = timezone.now()
        conflict.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        record(
            actor=actor,
            action="conflict.cleared",
            obj=conflict.application,
            from_value=previous,
            to_value=ConflictStatus.CLEARED,
            reason=reason.strip(),
            data={"conflict": conflict.pk, "person": conflict.person_id},
        )
    return conflict


def _remove_open_assignments(conflict: Conflict) -> int:
    """Delete the person's assignments on the dossier that have no submitted review."""
    open_assignments = Assignment.objects.filter(
        application_id=conflict.application_id, reviewer_id=conflict.person_id
    ).exclude(review__status=ReviewStatus.SUBMITTED)
    _total, per_model = open_assignments.delete()
    return per_model.get(Assignment._meta.label, 0)


# --- detection ----------------------------------------------------------------------------


@dataclass
class _Person:
    user_id: int
    email: str
    organisations: set[str]
    departements: set[str]


def detect_conflicts(
    *,
    call: Call,
    people: Iterable[int] | None = None,
    applications: Iterable[int] | None = None,
) -> list[Conflict]:
    """Flag likely conflicts between the call's pool and its dossiers (status suspected).

    Rules: the person is in the dossier's team (account or address); they declared the
    dossier's organisation (names compared without case, accents or punctuation) or share
    a work e-mail domain with its team; they declared the dossier's département, when a
    stage of the call asks for it. A pair that already has a conflict, whatever its status,
    is left alone, so cleared conflicts are not raised again. `people` (user ids) and
    `applications` (ids) narrow the search. Runs in a fixed number of queries.
    """
    with transaction.atomic():
        # One detection at a time per call: two runs must not flag the same pair twice.
        Call.objects.select_for_update().filter(pk=call.pk).first()
        pool = _pool(call, people)
        if not pool:
            return []
        dossiers = Application.objects.filter(call=call).exclude(state__in=NOT_REVIEWED_STATES)
        if applications is not None:
            dossiers = dossiers.filter(pk__in=list(applications))
        dossiers = list(dossiers.values_list("pk", "organisation_name", "organisation_departement"))
        if not dossiers:
            return []
        dossier_ids = [pk for pk, _name, _dep in dossiers]
        check_departement = call.review_stages.filter(flags_same_departement=True).exists()
        existing = set(
            Conflict.objects.filter(
                application_id__in=dossier_ids, person_id__in=list(pool)
            ).values_list("application_id", "person_id")
        )

        by_member_user: dict[int, set[int]] = defaultdict(set)
        by_member_email: dict[str, set[int]] = defaultdict(set)
        by_domain: dict[str, dict[int, str]] = defaultdict(dict)
        for app_id, user_id, email, user_email in TeamMember.objects.filter(
            application_id__in=dossier_ids
        ).values_list("application_id", "user_id", "email", "user__email"):
            if user_id:
                by_member_user[user_id].add(app_id)
            for address in {(email or "").lower(), (user_email or "").lower()} - {""}:
                by_member_email[address].add(app_id)
                domain = mail_domain(address)
                if domain:
                    by_domain[domain][app_id] = address
        by_organisation: dict[str, set[int]] = defaultdict(set)
        by_departement: dict[str, set[int]] = defaultdict(set)
        names = {}
        for app_id, name, departement in dossiers:
            key = normalise_name(name)
            if key:
                by_organisation[key].add(app_id)
                names[app_id] = name
            if departement:
                by_departement[departement].add(app_id)

        found: dict[tuple[int, int], tuple[str, str]] = {}

        def flag(app_id: int, person: _Person, reason: str, details: str) -> None:
            pair = (app_id, person.user_id)
            if pair not in existing and pair not in found:
                found[pair] = (reason, details)

        # Strongest reason first: a pair keeps the first reason found.
        for person in pool.values():
            for app_id in by_member_user.get(person.user_id, ()):
                flag(app_id, person, ConflictReason.TEAM_MEMBER, _("Membre de l'équipe du projet."))
            for app_id in by_member_email.get(person.email, ()):
                flag(app_id, person, ConflictReason.TEAM_MEMBER, _("Membre de l'équipe du projet."))
        for person in pool.values():
            for organisation in person.organisations:
                for app_id in by_organisation.get(normalise_name(organisation), ()):
                    flag(
                        app_id,
                        person,
                        ConflictReason.SAME_ORGANISATION,
                        _("Organisme déclaré : « %(name)s ».") % {"name": organisation},
                    )
            domain = mail_domain(person.email)
            for app_id in by_domain.get(domain, {}) if domain else ():
                flag(
                    app_id,
                    person,
                    ConflictReason.SAME_ORGANISATION,
                    _("Même domaine d'adresse e-mail qu'un membre de l'équipe : %(domain)s.")
                    % {"domain": domain},
                )
        if check_departement:
            for person in pool.values():
                for departement in person.departements:
                    for app_id in by_departement.get(departement, ()):
                        flag(
                            app_id,
                            person,
                            ConflictReason.SAME_DEPARTEMENT,
                            _("Département déclaré : %(code)s.") % {"code": departement},
                        )

        conflicts = Conflict.objects.bulk_create(
            Conflict(
                application_id=app_id,
                person_id=user_id,
                source=ConflictSource.DETECTED,
                reason=reason,
                details=details,
                status=ConflictStatus.SUSPECTED,
            )
            for (app_id, user_id), (reason, details) in sorted(found.items())
        )
        # One audit row per flag, written in one statement (as core.audit.record would).
        AuditEvent.objects.bulk_create(
            AuditEvent(
                actor=None,
                actor_label="Essaim",
                action="conflict.detected",
                fund_id=call.fund_id,  # the journal's scope (core.audit)
                object_type=Application._meta.label_lower,
                object_id=str(conflict.application_id),
                to_value=ConflictStatus.SUSPECTED,
                reason=conflict.details,
                data={"person": conflict.person_id, "reason": conflict.reason},
            )
            for conflict in conflicts
        )
    return conflicts


def _pool(call: Call, people: Iterable[int] | None) -> dict[int, _Person]:
    memberships = CallMembership.objects.filter(call=call, role__in=REVIEWING_ROLES)
    if people is not None:
        memberships = memberships.filter(user_id__in=list(people))
    pool: dict[int, _Person] = {}
    for user_id, email, organisation, departement in memberships.values_list(
        "user_id", "user__email", "organisation_name", "organisation_departement"
    ):
        person = pool.setdefault(user_id, _Person(user_id, email.lower(), set(), set()))
        if organisation.strip():
            person.organisations.add(organisation.strip())
        if departement:
            person.departements.add(departement)
    return pool


def blocking_pairs(call: Call) -> set[tuple[int, int]]:
    """(application id, person id) of the call's standing conflicts, in one query."""
    return set(
        Conflict.objects.filter(application__call=call, status__in=BLOCKING_STATUSES).values_list(
            "application_id", "person_id"
        )
    )


def has_blocking_conflict(*, application_id: int, person_id: int) -> bool:
    return Conflict.objects.filter(
        Q(application_id=application_id, person_id=person_id), status__in=BLOCKING_STATUSES
    ).exists()
