"""Reuse: a public body declares it takes up an innovation, talks with its team through the
platform and reports its progress.

Invariants:
- a reuse is public (the sheet's panel, the map, the open data) once the innovation's side
  confirmed it (`reuse_confirm`): anyone signed in may declare one for any body, and the
  team or the fund's staff, who talk with the declarer, are those who can tell it is real;
- one Reuse per (innovation, body): declaring again for the same body returns the existing
  one (the unique constraint settles a race between two requests);
- every change of status is a ReuseUpdate row and an audit row, written with the status in
  one transaction; the first answer of the innovation's side moves "intéressé" to
  "en contact" by itself;
- no e-mail address crosses sides: each side is e-mailed alone (one message per address),
  and the e-mail carries the message and a link to the thread, never the other side's
  address. E-mails leave after commit (notifications.queue_email).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.applications.recipients import team_emails
from essaim.core.audit import record
from essaim.funds.rules import is_platform_admin
from essaim.notifications.services import queue_email

from ..enums import ReuseStatus
from ..models import Innovation, InnovationContact, Reuse, ReuseMessage, ReuseUpdate
from ..rules import (
    change_reuse_status,
    is_reuse_declarer,
    is_reuse_innovation_contact,
    is_reuse_innovation_side,
)

MESSAGE_MAX = 3000
NOTE_MAX = 500


class ReuseError(Exception):
    """A reuse action the rules refuse; the text is for the person acting, `field` names
    what it is about ("organisation", "body", "status", "note"), when it is one thing."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


# who may change the status: the named permission "catalogue.change_reuse_status"
may_change_status = change_reuse_status


def writes_as_team(user, reuse: Reuse) -> bool:
    """Which side a person writes from: the declarer writes as the reusing body, anyone else
    allowed to follow the reuse (team, staff, admin) as the innovation's side."""
    if is_reuse_declarer(user, reuse):
        return False
    return bool(
        is_reuse_innovation_side(user, reuse)
        or is_reuse_innovation_contact(user, reuse)
        or is_platform_admin(user)
    )


def clean_message(body: str, *, required: bool = True) -> str:
    body = (body or "").strip()
    if required and not body:
        raise ReuseError(_("Écrivez votre message."), field="body")
    if len(body) > MESSAGE_MAX:
        raise ReuseError(
            _("Le message est trop long : %(max)s caractères au maximum.") % {"max": MESSAGE_MAX},
            field="body",
        )
    return body


@dataclass(frozen=True)
class Declared:
    reuse: Reuse
    created: bool
    message: ReuseMessage | None


def reuse_declare(*, innovation: Innovation, organisation, user, message: str) -> Declared:
    """Declare that `organisation` takes up `innovation`, with a first message to its team.

    When this person already declared it for this body, the existing reuse is returned and
    the message is added to its thread (nothing typed is lost). Another person of the same
    body is refused: the thread belongs to whoever declared it first.
    """
    if user is None or not user.has_perm("catalogue.declare_reuse", innovation):
        raise ReuseError(_("Cette innovation n'est pas publiée."))
    if innovation.organisation_id and innovation.organisation_id == organisation.pk:
        raise ReuseError(_("Cet organisme est celui qui porte l'innovation."), field="organisation")
    body = clean_message(message)
    existing = _existing(innovation, organisation)
    if existing is None:
        try:
            with transaction.atomic():
                reuse = Reuse.objects.create(
                    innovation=innovation,
                    organisation=organisation,
                    declared_by=user,
                    status=ReuseStatus.INTERESTED,
                    departement=organisation.departement or "",
                )
                ReuseUpdate.objects.create(
                    reuse=reuse, status=ReuseStatus.INTERESTED, note="", author=user
                )
                first = ReuseMessage.objects.create(
                    reuse=reuse, author=user, from_team=False, body=body
                )
                record(
                    actor=user,
                    action="reuse.declared",
                    obj=reuse,
                    to_value=ReuseStatus.INTERESTED,
                    data={"innovation": innovation.pk, "organisation": organisation.pk},
                )
                _notify(reuse, first, declared=True)
            return Declared(reuse=reuse, created=True, message=first)
        except IntegrityError:
            # another request declared the same body a moment ago: fall through to it
            existing = _existing(innovation, organisation)
            if existing is None:
                raise
    if existing.declared_by_id != user.pk:
        raise ReuseError(
            _(
                "%(body)s s'inspire déjà de cette innovation : une autre personne l'a "
                "déclaré et suit les échanges avec l'équipe. Rapprochez-vous d'elle dans "
                "votre organisme."
            )
            % {"body": organisation.name},
            field="organisation",
        )
    added = reuse_post_message(reuse=existing, author=user, body=body)
    return Declared(reuse=existing, created=False, message=added)


def _existing(innovation: Innovation, organisation) -> Reuse | None:
    return (
        Reuse.objects.select_related("innovation", "organisation")
        .filter(innovation=innovation, organisation=organisation)
        .first()
    )


def reuse_post_message(*, reuse: Reuse, author, body: str) -> ReuseMessage:
    """Add a message to the thread from the author's side and e-mail the other side.

    The first message of the innovation's side moves an "intéressé" reuse to "en contact".
    """
    if author is None or not author.has_perm("catalogue.follow_reuse", reuse):
        raise ReuseError(_("Vous ne pouvez pas écrire dans cette conversation."))
    body = clean_message(body)
    from_team = writes_as_team(author, reuse)
    with transaction.atomic():
        message = ReuseMessage.objects.create(
            reuse=reuse, author=author, from_team=from_team, body=body
        )
        record(
            actor=author,
            action="reuse.message_posted",
            obj=reuse,
            to_value="team" if from_team else "reuser",
            data={"message": message.pk},
        )
        if from_team:
            locked = Reuse.objects.select_for_update(of=("self",)).get(pk=reuse.pk)
            if locked.status == ReuseStatus.INTERESTED:
                _change_status(
                    reuse,
                    status=ReuseStatus.IN_CONTACT,
                    note=_("L'équipe de l'innovation a répondu."),
                    actor=author,
                    previous=locked.status,
                )
        _notify(reuse, message, declared=False)
    return message


def reuse_change_status(*, reuse: Reuse, status: str, note: str, actor) -> ReuseUpdate:
    """Record the reuse's progress: the new status (or the same one with a new note)."""
    if actor is None or not may_change_status.test(actor, reuse):
        raise ReuseError(_("Vous ne pouvez pas changer l'avancement de cette réutilisation."))
    if status not in ReuseStatus.values:
        raise ReuseError(_("Choisissez un avancement dans la liste."), field="status")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ReuseError(
            _("La note est trop longue : %(max)s caractères au maximum.") % {"max": NOTE_MAX},
            field="note",
        )
    with transaction.atomic():
        locked = Reuse.objects.select_for_update(of=("self",)).get(pk=reuse.pk)
        if locked.status == status and not note:
            raise ReuseError(
                _("L'avancement est déjà « %(status)s ». Ajoutez une note pour le préciser.")
                % {"status": ReuseStatus(status).label},
                field="note",
            )
        return _change_status(reuse, status=status, note=note, actor=actor, previous=locked.status)


def _change_status(reuse: Reuse, *, status: str, note: str, actor, previous: str) -> ReuseUpdate:
    """The one writer of Reuse.status; callers hold the row lock."""
    reuse.status = status
    reuse.note = note
    reuse.save(update_fields=["status", "note", "updated_at"])
    update = ReuseUpdate.objects.create(reuse=reuse, status=status, note=note, author=actor)
    record(
        actor=actor,
        action="reuse.status_changed",
        obj=reuse,
        from_value=previous,
        to_value=status,
        reason=note,
    )
    return update


def reuse_confirm(*, reuse: Reuse, actor) -> Reuse:
    """The innovation's side (its team, the fund's staff) confirms the reuse is real: from
    now on the sheet, the map and the open data show it."""
    if actor is None or not actor.has_perm("catalogue.confirm_reuse", reuse):
        raise ReuseError(
            _("Seule l'équipe de l'innovation ou le fonds confirme une réutilisation.")
        )
    with transaction.atomic():
        locked = Reuse.objects.select_for_update(of=("self",)).get(pk=reuse.pk)
        if locked.confirmed_at is not None:
            return locked
        locked.confirmed_at, locked.confirmed_by = timezone.now(), actor
        locked.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
        record(actor=actor, action="reuse.confirmed", obj=locked)
    reuse.confirmed_at, reuse.confirmed_by = locked.confirmed_at, locked.confirmed_by
    return reuse


# --- e-mails ------------------------------------------------------------------------------


def team_side_emails(innovation: Innovation) -> list[str]:
    """Who hears of a reuse on the innovation's side: its contacts (their own address or
    their account's), the dossier's team with an account, and, for a sheet from outside any
    fund without such people, the staff member who added it. Never shown to anyone."""
    found: list[str] = []
    contacts = InnovationContact.objects.filter(innovation=innovation).values_list(
        "email", "user__email", "user__is_active"
    )
    for email, user_email, user_active in contacts:
        found.append(email or (user_email if user_active else ""))
    if innovation.application_id:
        found += team_emails([innovation.application_id])[innovation.application_id]
    if not any(found) and innovation.created_by_id:
        creator = innovation.created_by
        if creator.is_active:
            found.append(creator.email)
    return _unique(found)


def _unique(addresses: list[str]) -> list[str]:
    seen, result = set(), []
    for address in addresses:
        key = (address or "").strip().lower()
        if key and key not in seen:
            seen.add(key)
            result.append(address.strip())
    return result


def _notify(reuse: Reuse, message: ReuseMessage, *, declared: bool) -> None:
    innovation = reuse.innovation
    if message.from_team:
        declarer = reuse.declared_by
        to = [declarer.email] if declarer and declarer.is_active else []
    else:
        to = team_side_emails(innovation)
    author_email = (message.author.email if message.author else "").lower()
    to = [address for address in to if address.lower() != author_email]
    context = {
        "innovation_title": innovation.title,
        "organisation_name": reuse.organisation.name,
        "from_team": message.from_team,
        "body": message.body,
        "url": settings.SITE_URL + reverse("portal:reuse_detail", args=[reuse.pk]),
    }
    template = "reuse_declared" if declared else "reuse_message"
    # one e-mail per address: people on one side never see each other's addresses either
    for address in to:
        queue_email(to=[address], template=template, context=context)
