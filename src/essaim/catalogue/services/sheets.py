"""Writing innovation sheets: create (from a laureate's dossier or from outside the fund),
edit, resources, publish and unpublish.

Every write goes through `_save_sheet`, which rebuilds `search_document` from
`search_text` (the full-text search and the similarity read that column). The slug is made
from the title and the place while the sheet has never been published, and never changes
after its first publication: a shared link keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.applications.uploads import JPEG, PNG, UploadRefused, check_upload, sanitise_name
from essaim.core.audit import record
from essaim.territory.enums import DEPARTEMENTS, REGION_NAMES, REGION_OF_DEPARTEMENT

from ..enums import ResourceKind, Topic
from ..models import Innovation, InnovationContact, InnovationResource, InnovationResult

SLUG_MAX_LENGTH = 100  # leaves room for "-12" under the field's 120
SUMMARY_MAX_LENGTH = 400
URL_MAX_LENGTH = 200
PHOTO_TYPES = (PNG, JPEG)

# What the team and staff may edit on the sheet (the service ignores anything else).
EDITABLE_FIELDS = (
    "title",
    "summary",
    "topic",
    "organisation",
    "problem",
    "solution",
    "results",
    "steps",
    "duration",
    "cost",
    "skills",
    "pitfalls",
    "licence",
    "source_url",
    "year",
)


# --- search text and slug -------------------------------------------------------------------


DEPARTEMENT_NAMES = dict(DEPARTEMENTS)


def _topic_label(topic: str) -> str:
    if topic not in Topic.values:
        return ""
    with translation.override(settings.LANGUAGE_CODE):  # the index is in French
        return str(Topic(topic).label)


def search_text(innovation: Innovation) -> str:
    """The plain text the search indexes, one block per line: title, summary, place,
    problem, solution, results, how to reproduce it (steps, duration, cost, skills,
    pitfalls), the figures (label, value, detail), and the words people search a place or
    a programme by: the body's name, the département's and the région's, the fund's, the
    theme's. A body or a fund renamed later shows at the sheet's next save."""
    departement = innovation.departement
    parts = [
        innovation.title,
        innovation.summary,
        innovation.place,
        innovation.problem,
        innovation.solution,
        innovation.results,
        innovation.steps,
        innovation.duration,
        innovation.cost,
        innovation.skills,
        innovation.pitfalls,
        innovation.organisation.name if innovation.organisation_id else "",
        DEPARTEMENT_NAMES.get(departement, ""),
        REGION_NAMES.get(REGION_OF_DEPARTEMENT.get(departement, ""), ""),
        innovation.fund.name if innovation.fund_id else "",
        _topic_label(innovation.topic),
    ]
    if innovation.pk:
        for label, value, detail in innovation.figures.values_list("label", "value", "detail"):
            parts.append(" ".join(p for p in (label, value, detail) if p))
    return "\n".join(" ".join(str(p).split()) for p in parts if p and str(p).strip())


def _slug_base(title: str, place: str) -> str:
    base = slugify(f"{title} {place}")[:SLUG_MAX_LENGTH].strip("-")
    return base or "innovation"


def unique_slug(title: str, place: str, *, exclude_pk: int | None = None) -> str:
    """`title-place`, with `-2`, `-3`… when another sheet holds it already. One query."""
    base = _slug_base(title, place)
    taken = set(
        Innovation.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def place_of(organisation) -> str:
    """ "Pessac (33)" from a body of the referential."""
    if organisation is None:
        return ""
    return (
        f"{organisation.name} ({organisation.departement})"
        if organisation.departement
        else (organisation.name)
    )


def _first_sentences(text: str, max_chars: int = SUMMARY_MAX_LENGTH) -> str:
    text = " ".join((text or "").split())
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end > max_chars // 3:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _save_sheet(innovation: Innovation, *, exclude: Iterable[str] = ()) -> Innovation:
    """Validate, keep the slug stable once published, rebuild the search text, save."""
    if innovation.organisation_id:
        innovation.place = place_of(innovation.organisation)
        innovation.departement = innovation.organisation.departement or ""
    if innovation.published_at is None or not innovation.slug:
        innovation.slug = unique_slug(innovation.title, innovation.place, exclude_pk=innovation.pk)
    innovation.search_document = search_text(innovation)
    innovation.full_clean(exclude=["created_by", *exclude])
    innovation.save()
    return innovation


def refresh_search_document(innovation: Innovation) -> None:
    """After figures change: the search text includes them."""
    innovation.search_document = search_text(innovation)
    Innovation.objects.filter(pk=innovation.pk).update(
        search_document=innovation.search_document, updated_at=timezone.now()
    )


# --- creating ---------------------------------------------------------------------------------


def sheet_create_from_application(*, application: Application, actor, topic: str) -> Innovation:
    """A draft sheet pre-filled from a laureate's dossier: title, problem, idea (as what was
    built), organisation, place, département, fund, call, year. One sheet per dossier;
    calling again returns the existing one."""
    if topic not in Topic.values:
        raise ValidationError({"topic": _("Choisissez un thème dans la liste.")})
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call__fund", "organisation")
            .get(pk=application.pk)
        )
        existing = Innovation.objects.filter(application=locked).first()
        if existing is not None:
            return existing
        if locked.state not in ApplicationState.selected():
            raise ValidationError(
                _("Seul un dossier lauréat peut avoir une fiche innovation publique.")
            )
        organisation = locked.organisation
        place = place_of(organisation)
        if not place and locked.organisation_name:
            place = locked.organisation_name + (
                f" ({locked.organisation_departement})" if locked.organisation_departement else ""
            )
        innovation = Innovation(
            title=locked.title,
            summary=_first_sentences(locked.idea or locked.problem),
            topic=topic,
            organisation=organisation,
            place=place,
            departement=(organisation.departement if organisation else "")
            or locked.organisation_departement,
            fund=locked.call.fund,
            call=locked.call,
            application=locked,
            year=locked.call.year,
            is_external=False,
            problem=locked.problem or "",
            solution=locked.idea or "",
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        # a dossier's problem and idea may still be short drafts: the team completes them
        _save_sheet(innovation, exclude=["summary", "problem", "solution"])
        _add_team_contacts(innovation, locked)
        record(
            actor=actor,
            action="innovation.created",
            obj=innovation,
            to_value=locked.reference or "",
        )
    return innovation


def _add_team_contacts(innovation: Innovation, application: Application) -> None:
    owners = application.team.filter(access__in=["owner", "editor"]).order_by("created_at", "pk")
    InnovationContact.objects.bulk_create(
        InnovationContact(
            innovation=innovation,
            position=position,
            full_name=member.full_name,
            job_title=member.job_title,
            user_id=member.user_id,
            email=member.email,
        )
        for position, member in enumerate(owners[:3])
    )


def sheet_create_external(*, actor, data: dict[str, Any]) -> Innovation:
    """A notable innovation from outside any fund, written by staff. `data` holds the
    editable fields (title, summary, topic, organisation, problem, solution…)."""
    innovation = Innovation(
        is_external=True,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(innovation, name, data[name])
    with transaction.atomic():
        _save_sheet(innovation)
        record(actor=actor, action="innovation.created", obj=innovation, to_value="external")
    return innovation


# --- editing ----------------------------------------------------------------------------------


def sheet_update(
    *,
    innovation: Innovation,
    actor,
    data: dict[str, Any],
    figures: list[dict[str, str]] | None = None,
    contacts: list[dict[str, str]] | None = None,
) -> Innovation:
    """Save the sheet's text, and replace its figures and contacts when given (in the order
    given; blank rows are skipped). Raises ValidationError naming the fields."""
    with transaction.atomic():
        locked = Innovation.objects.select_for_update(of=("self",)).get(pk=innovation.pk)
        for name in EDITABLE_FIELDS:
            if name in data:
                setattr(locked, name, data[name])
        if figures is not None:
            locked.figures.all().delete()
            InnovationResult.objects.bulk_create(
                InnovationResult(
                    innovation=locked,
                    position=position,
                    label=row["label"].strip(),
                    value=row["value"].strip(),
                    detail=(row.get("detail") or "").strip(),
                )
                for position, row in enumerate(r for r in figures if (r.get("label") or "").strip())
            )
        if contacts is not None:
            locked.contacts.all().delete()
            InnovationContact.objects.bulk_create(
                InnovationContact(
                    innovation=locked,
                    position=position,
                    full_name=row["full_name"].strip(),
                    job_title=(row.get("job_title") or "").strip(),
                    email=(row.get("email") or "").strip(),
                )
                for position, row in enumerate(
                    r for r in contacts if (r.get("full_name") or "").strip()
                )
            )
        _save_sheet(locked)
        record(actor=actor, action="innovation.updated", obj=locked)
    return locked


def _clean_link(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError(
            {"url": _("Indiquez une adresse web complète, qui commence par https:// ou http://.")}
        )
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError(
            {"url": _("L'adresse dépasse %(max)s caractères.") % {"max": URL_MAX_LENGTH}}
        )
    return url


def resource_add(
    *,
    innovation: Innovation,
    actor,
    kind: str,
    title: str = "",
    upload=None,
    url: str = "",
) -> InnovationResource:
    """A file (checked by its content and size; a photo must be PNG or JPEG) or a link.
    Raises ValidationError naming the field. The stored file goes again if saving fails."""
    if kind not in ResourceKind.values:
        raise ValidationError({"kind": _("Choisissez un type de ressource.")})
    if (upload is None) == (not (url or "").strip()):
        raise ValidationError(_("Joignez un fichier ou indiquez un lien, l'un des deux."))
    checked = None
    if upload is not None:
        try:
            checked = check_upload(upload, max_bytes=settings.ESSAIM_MAX_ATTACHMENT_BYTES)
        except UploadRefused as exc:
            raise ValidationError({"file": str(exc)}) from exc
        if kind == ResourceKind.PHOTO and checked.content_type not in PHOTO_TYPES:
            raise ValidationError(
                {
                    "file": _(
                        "« %(name)s » n'est pas une image : une photo doit être au format PNG ou JPEG."
                    )
                    % {"name": checked.name}
                }
            )
    else:
        url = _clean_link(url)
        if kind == ResourceKind.PHOTO:
            raise ValidationError(
                {"kind": _("Une photo se joint comme fichier PNG ou JPEG, pas comme un lien.")}
            )
    title = " ".join((title or "").split())[:200] or (
        checked.name if checked else sanitise_name(urlsplit(url).netloc)
    )
    resource = InnovationResource(
        innovation=innovation,
        kind=kind,
        title=title,
        url="" if checked else url,
        position=innovation.resources.count(),
    )
    try:
        with transaction.atomic():
            if checked is not None:
                resource.original_name = checked.name
                resource.content_type = checked.content_type
                resource.size = checked.size
                upload.seek(0)
                resource.file.save(checked.name, File(upload), save=False)
            resource.save()
            record(
                actor=actor,
                action="innovation.resource_added",
                obj=innovation,
                to_value=title,
                data={"resource_id": resource.pk, "content_type": resource.content_type},
            )
    except BaseException:
        if resource.file.name:
            resource.file.storage.delete(resource.file.name)
        raise
    return resource


def resource_delete(*, resource: InnovationResource, actor) -> None:
    """Remove a resource; its stored file goes once the removal is committed."""
    with transaction.atomic():
        stored, storage = resource.file.name, resource.file.storage
        record(
            actor=actor,
            action="innovation.resource_deleted",
            obj=resource.innovation,
            from_value=resource.title,
        )
        resource.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


# --- publishing -------------------------------------------------------------------------------


def _check_publishable(innovation: Innovation) -> None:
    missing = {}
    for name in ("summary", "problem", "solution"):
        if not (getattr(innovation, name) or "").strip():
            missing[name] = _("Ce champ doit être rempli avant la publication.")
    if missing:
        raise ValidationError(missing)


def sheet_publish(*, innovation: Innovation, actor) -> Innovation:
    """Make the sheet public; its address is frozen from now on. Writes an audit row.
    Publishing a published sheet changes nothing."""
    with transaction.atomic():
        locked = Innovation.objects.select_for_update(of=("self",)).get(pk=innovation.pk)
        if locked.is_published:
            return locked
        _check_publishable(locked)
        locked.is_published = True
        if locked.published_at is None:
            locked.published_at = timezone.now()
        locked.save(update_fields=["is_published", "published_at", "updated_at"])
        record(
            actor=actor,
            action="innovation.published",
            obj=locked,
            from_value="unpublished",
            to_value="published",
        )
    return locked


def sheet_unpublish(*, innovation: Innovation, actor, reason: str = "") -> Innovation:
    """Take the sheet offline (its address stays reserved for it). Writes an audit row."""
    with transaction.atomic():
        locked = Innovation.objects.select_for_update(of=("self",)).get(pk=innovation.pk)
        if not locked.is_published:
            return locked
        locked.is_published = False
        locked.save(update_fields=["is_published", "updated_at"])
        record(
            actor=actor,
            action="innovation.unpublished",
            obj=locked,
            from_value="published",
            to_value="unpublished",
            reason=reason,
        )
    return locked
