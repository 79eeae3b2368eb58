"""Running a jury session: planning it, seating its members, putting dossiers before it,
attendance and abstentions, the jury's decisions, and closing the session.

Decisions go through `decisions.record_decision` only (state change, decision row and audit
in one transaction); this module adds what is particular to the jury: the dossier must be
before the session, the session must still be open, and the call's maximum of laureates
holds even when two people decide at once. A held session is final: its minutes stay true.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.core.audit import record
from essaim.funds.models import Call

from ..enums import DecisionKind, JurySessionStatus
from ..models import Decision, JuryItem, JuryMember, JurySession
from ..selectors.jury import (
    current_laureates,
    default_jury_applications,
    jury_application_choices,
    jury_candidates,
)
from .decisions import DecisionError, record_decision


class JuryError(Exception):
    """Something the jury's rules refuse; the message is for people."""


@dataclass(frozen=True)
class Seat:
    """One member as staff set them: who, in what capacity, whether they chair."""

    user_id: int
    function: str = ""
    is_chair: bool = False


def _refuse_if_held(session: JurySession) -> None:
    if session.status == JurySessionStatus.HELD:
        raise JuryError(
            _("La séance « %(title)s » est close : son procès-verbal ne peut plus changer.")
            % {"title": session.title}
        )


def _lock(session: JurySession) -> JurySession:
    """The session's row, locked for the transaction, and still open."""
    locked = JurySession.objects.select_for_update().get(pk=session.pk)
    _refuse_if_held(locked)
    return locked


def _clean_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise JuryError(_("Donnez un intitulé à la séance."))
    return title


# --- the session --------------------------------------------------------------------------


def jury_session_create(
    *,
    call: Call,
    actor,
    title: str,
    starts_at: dt.datetime,
    place: str = "",
    agenda: str = "",
) -> JurySession:
    """A planned session, with every dossier waiting for the jury already before it (staff
    change the list afterwards)."""
    with transaction.atomic():
        session = JurySession.objects.create(
            call=call,
            title=_clean_title(title),
            starts_at=starts_at,
            place=place.strip(),
            agenda=agenda.strip(),
        )
        waiting = list(default_jury_applications(call).values_list("pk", flat=True))
        JuryItem.objects.bulk_create(
            JuryItem(session=session, application_id=pk, position=position)
            for position, pk in enumerate(waiting, start=1)
        )
        record(
            actor=actor,
            action="jury.session_created",
            obj=session,
            to_value=session.title,
            data={"applications": waiting},
        )
    return session


def jury_session_update(
    *,
    session: JurySession,
    actor,
    title: str,
    starts_at: dt.datetime,
    place: str = "",
    agenda: str = "",
    minutes_notes: str = "",
) -> JurySession:
    with transaction.atomic():
        locked = _lock(session)
        locked.title = _clean_title(title)
        locked.starts_at = starts_at
        locked.place = place.strip()
        locked.agenda = agenda.strip()
        locked.minutes_notes = minutes_notes.strip()
        locked.save(
            update_fields=["title", "starts_at", "place", "agenda", "minutes_notes", "updated_at"]
        )
        record(actor=actor, action="jury.session_updated", obj=locked, to_value=locked.title)
    return locked


def jury_session_mark_held(*, session: JurySession, actor) -> JurySession:
    """Close the session. Attendance must be known for every member, and someone present."""
    with transaction.atomic():
        locked = _lock(session)
        members = list(locked.members.all())
        if not members:
            raise JuryError(_("Désignez les membres du jury avant de clore la séance."))
        if any(m.was_present is None for m in members):
            raise JuryError(
                _("Indiquez pour chaque membre s'il était présent avant de clore la séance.")
            )
        if not any(m.was_present for m in members):
            raise JuryError(_("Aucun membre n'était présent : la séance ne peut pas être close."))
        locked.status = JurySessionStatus.HELD
        locked.held_at = timezone.now()
        locked.save(update_fields=["status", "held_at", "updated_at"])
        record(
            actor=actor,
            action="jury.session_held",
            obj=locked,
            from_value=JurySessionStatus.PLANNED,
            to_value=JurySessionStatus.HELD,
        )
    return locked


# --- members and dossiers -----------------------------------------------------------------


def jury_members_set(*, session: JurySession, actor, seats: Sequence[Seat]) -> list[JuryMember]:
    """Seat exactly `seats`: jurors of the call or staff of its fund, one chair at most.

    Members kept keep their recorded attendance; members removed lose their abstentions.
    """
    if len({seat.user_id for seat in seats}) != len(seats):
        raise JuryError(_("Une même personne ne peut siéger qu'une fois."))
    if sum(seat.is_chair for seat in seats) > 1:
        raise JuryError(_("Une seule personne peut présider la séance."))
    with transaction.atomic():
        locked = _lock(session)
        allowed = set(
            jury_candidates(session.call)
            .filter(pk__in=[s.user_id for s in seats])
            .values_list("pk", flat=True)
        )
        if any(seat.user_id not in allowed for seat in seats):
            raise JuryError(
                _(
                    "Seuls les membres du jury invités sur cet appel et l'équipe du fonds "
                    "peuvent siéger."
                )
            )
        wanted = {seat.user_id: seat for seat in seats}
        existing = {m.user_id: m for m in JuryMember.objects.filter(session=locked)}
        removed = [uid for uid in existing if uid not in wanted]
        if removed:
            JuryMember.objects.filter(session=locked, user_id__in=removed).delete()
            JuryItem.abstentions.through.objects.filter(
                juryitem__session=locked, user_id__in=removed
            ).delete()
        members = []
        for user_id, seat in wanted.items():
            member = existing.get(user_id) or JuryMember(session=locked, user_id=user_id)
            member.function = seat.function.strip()
            member.is_chair = seat.is_chair
            member.save()
            members.append(member)
        record(
            actor=actor,
            action="jury.members_set",
            obj=locked,
            data={"members": sorted(wanted), "removed": sorted(removed)},
        )
    return members


def jury_items_set(
    *, session: JurySession, actor, application_ids: Sequence[int]
) -> list[JuryItem]:
    """Put exactly these dossiers before the session, in this order of passage.

    A dossier on which the session already decided stays: its decision is in the minutes.
    """
    if len(set(application_ids)) != len(application_ids):
        raise JuryError(_("Un même dossier ne peut passer qu'une fois devant la séance."))
    with transaction.atomic():
        locked = _lock(session)
        allowed = set(
            jury_application_choices(locked)
            .filter(pk__in=application_ids)
            .values_list("pk", flat=True)
        )
        if any(pk not in allowed for pk in application_ids):
            raise JuryError(
                _("Seuls les dossiers de cet appel en attente du jury peuvent lui être présentés.")
            )
        decided = set(
            Decision.objects.filter(jury_session=locked).values_list("application_id", flat=True)
        )
        existing = {item.application_id: item for item in JuryItem.objects.filter(session=locked)}
        kept_decided = decided - set(application_ids)
        if kept_decided & set(existing):
            references = Application.objects.filter(pk__in=kept_decided).values_list(
                "reference", flat=True
            )
            raise JuryError(
                _(
                    "La séance a déjà décidé sur %(references)s : ce dossier reste à son "
                    "ordre du jour."
                )
                % {"references": ", ".join(r or "?" for r in references)}
            )
        JuryItem.objects.filter(session=locked).exclude(application_id__in=application_ids).delete()
        items = []
        for position, pk in enumerate(application_ids, start=1):
            item = existing.get(pk) or JuryItem(session=locked, application_id=pk)
            item.position = position
            item.save()
            items.append(item)
        record(
            actor=actor,
            action="jury.items_set",
            obj=locked,
            data={"applications": list(application_ids)},
        )
    return items


# --- during the session -------------------------------------------------------------------


def jury_attendance_record(*, session: JurySession, actor, present: dict[int, bool]) -> None:
    """`present`: {user_id: True if present, False if absent}, for members of the session."""
    with transaction.atomic():
        locked = _lock(session)
        members = {m.user_id: m for m in JuryMember.objects.filter(session=locked)}
        if any(user_id not in members for user_id in present):
            raise JuryError(_("Seuls les membres de la séance ont une présence à noter."))
        for user_id, was_present in present.items():
            member = members[user_id]
            if member.was_present != was_present:
                member.was_present = was_present
                member.save(update_fields=["was_present"])
        record(
            actor=actor,
            action="jury.attendance",
            obj=locked,
            data={"present": sorted(u for u, p in present.items() if p)},
        )


def jury_abstentions_set(
    *, session: JurySession, application: Application, actor, user_ids: set[int]
) -> JuryItem:
    """The members who abstain on one dossier (a conflict of interest, most often)."""
    with transaction.atomic():
        locked = _lock(session)
        item = _item(locked, application)
        members = set(JuryMember.objects.filter(session=locked).values_list("user_id", flat=True))
        if not set(user_ids) <= members:
            raise JuryError(_("Seuls les membres de la séance peuvent s'abstenir."))
        item.abstentions.set(sorted(user_ids))
        record(
            actor=actor,
            action="jury.abstentions",
            obj=locked,
            data={"application": application.pk, "abstentions": sorted(user_ids)},
        )
    return item


def _item(session: JurySession, application: Application) -> JuryItem:
    item = JuryItem.objects.filter(session=session, application_id=application.pk).first()
    if item is None:
        raise JuryError(
            _("Le dossier %(reference)s n'est pas à l'ordre du jour de cette séance.")
            % {"reference": application.reference or application.title}
        )
    return item


def laureate_cap_message(call: Call, laureates: Sequence[Application]) -> str:
    """'Cet appel prévoit au plus 4 lauréats ; 4 sont déjà désignés : …'"""
    maximum = call.max_laureates
    named = ", ".join(f"{a.reference} « {a.title} »" for a in laureates)
    first = ngettext(
        "Cet appel prévoit au plus %(max)d lauréat",
        "Cet appel prévoit au plus %(max)d lauréats",
        maximum,
    ) % {"max": maximum}
    second = ngettext(
        "%(count)d est déjà désigné : %(names)s.",
        "%(count)d sont déjà désignés : %(names)s.",
        len(laureates),
    ) % {"count": len(laureates), "names": named}
    return f"{first} ; {second}"


def _check_laureate_place(call: Call, application: Application) -> None:
    if not call.max_laureates:
        return
    laureates = list(current_laureates(call).exclude(pk=application.pk))
    if len(laureates) >= call.max_laureates:
        raise JuryError(laureate_cap_message(call, laureates))


def check_jury_decision(*, session: JurySession, application: Application, outcome: str) -> None:
    """Raise JuryError if `record_jury_decision` would refuse this outcome now (for the
    confirmation page; the recording checks again under lock)."""
    _refuse_if_held(session)
    _item(session, application)
    if outcome == ApplicationState.LAUREATE:
        _check_laureate_place(session.call, application)


def record_jury_decision(
    *,
    session: JurySession,
    application: Application,
    outcome: str,
    reason: str = "",
    internal_note: str = "",
    actor,
) -> Decision:
    """The jury's decision on one dossier before `session`: laureate, waitlisted or not
    selected (with the reason the team will read).

    Refused when the session is closed, the dossier is not before it, or naming one more
    laureate would exceed the call's maximum.
    """
    with transaction.atomic():
        # The call's row is locked first, so that two people naming the last laureate at
        # the same moment are counted one after the other.
        call = Call.objects.select_for_update().get(pk=session.call_id)
        locked = _lock(session)
        _item(locked, application)
        if outcome == ApplicationState.LAUREATE:
            _check_laureate_place(call, application)
        try:
            return record_decision(
                application=application,
                kind=DecisionKind.JURY,
                outcome=outcome,
                actor=actor,
                reason=reason,
                internal_note=internal_note,
                jury_session=locked,
            )
        except DecisionError as error:
            raise JuryError(str(error)) from error
