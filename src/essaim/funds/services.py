"""Writes on funds and calls. Views validate a form and call one of these; nothing else
changes a fund or a call.

Each service checks the business rules again (a form is only one way in), saves inside a
transaction and writes its audit row. Refusals are `ValidationError`s keyed by field name,
so that a view can put each message next to its field.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.core.formatting import euros
from essaim.territory.enums import OrganisationType

from .enums import StageKind, SupportKind
from .models import Call, CallStage, Fund, Theme

PARIS = ZoneInfo("Europe/Paris")

FUND_FIELDS = (
    "name",
    "operator",
    "tagline",
    "description",
    "partners",
    "website",
    "contact_email",
    "reference_prefix",
    "accent_colour",
    "retention_months",
)
FUND_CREATE_FIELDS = ("slug", *FUND_FIELDS, "is_published")

CALL_FIELDS = (
    "title",
    "slug",
    "year",
    "edition",
    "summary",
    "description",
    "audience",
    "benefits",
    "how_to_apply",
    "opens_at",
    "closes_at",
    "allowed_organisation_types",
    "requires_hierarchical_support",
    "requires_partners",
    "eligibility_rules",
    "support_kind",
    "min_amount",
    "max_amount",
    "envelope",
    "accompaniment_months",
    "max_laureates",
    "has_independent_evaluation",
    "is_published",
)
AMOUNT_FIELDS = ("min_amount", "max_amount", "envelope")
THEME_FIELDS = ("title", "description", "position")
STAGE_FIELDS = ("kind", "title", "description", "starts_on", "ends_on", "position")


# --- rules shared with the forms --------------------------------------------------------


def call_amount_errors(
    *,
    support_kind: str,
    min_amount: Decimal | None,
    max_amount: Decimal | None,
    envelope: Decimal | None,
) -> dict[str, str]:
    """A funding call needs its three amounts, with minimum ≤ maximum ≤ envelope."""
    if support_kind != SupportKind.FUNDING:
        return {}
    errors: dict[str, str] = {}
    required = {
        "min_amount": _("Indiquez le montant minimum par projet."),
        "max_amount": _("Indiquez le montant maximum par projet."),
        "envelope": _("Indiquez l'enveloppe totale de l'appel."),
    }
    values = {"min_amount": min_amount, "max_amount": max_amount, "envelope": envelope}
    for name, message in required.items():
        if values[name] is None:
            errors[name] = message
    if min_amount is not None and max_amount is not None and min_amount > max_amount:
        errors["min_amount"] = _(
            "Le montant minimum par projet ne peut pas dépasser le montant maximum."
        )
    if max_amount is not None and envelope is not None and max_amount > envelope:
        errors["max_amount"] = _(
            "Le montant maximum par projet ne peut pas dépasser l'enveloppe totale."
        )
    return errors


def call_calendar_errors(
    *, opens_at: datetime | None, closes_at: datetime | None
) -> dict[str, str]:
    if opens_at and closes_at and closes_at <= opens_at:
        return {"closes_at": _("La clôture doit être postérieure à l'ouverture.")}
    return {}


def call_identity_errors(
    *, fund: Fund, call_pk: int | None, slug: str, year: int | None, edition: int | None
) -> dict[str, str]:
    """A call's address and its edition number are unique within its fund."""
    errors: dict[str, str] = {}
    others = Call.objects.filter(fund=fund)
    if call_pk is not None:
        others = others.exclude(pk=call_pk)
    if slug and others.filter(slug=slug).exists():
        errors["slug"] = _("Ce fonds a déjà un appel avec cet identifiant.")
    if year and edition and others.filter(year=year, edition=edition).exists():
        errors["edition"] = _("Ce fonds a déjà un appel avec ce numéro d'édition cette année-là.")
    return errors


def stage_errors(stages: list[dict[str, Any]]) -> list[str]:
    messages = []
    seen: set[str] = set()
    for stage in stages:
        kind = stage.get("kind")
        if kind in seen:
            messages.append(
                _("L'étape « %(kind)s » figure deux fois.") % {"kind": StageKind(kind).label}
            )
        seen.add(kind)
        starts_on, ends_on = stage.get("starts_on"), stage.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            messages.append(
                _("L'étape « %(kind)s » finit avant de commencer.")
                % {"kind": stage.get("title") or StageKind(kind).label}
            )
    return messages


# --- funds ---------------------------------------------------------------------------------


def _clean_fund_value(name: str, value):
    if isinstance(value, str):
        value = value.strip()
        if name == "reference_prefix":
            value = value.upper()
        elif name == "accent_colour":
            value = value.lower()
    return value


def fund_create(*, actor, data: dict[str, Any]) -> Fund:
    """Create a fund (platform admins only: the view checks `funds.create_fund`)."""
    fund = Fund(
        **{name: _clean_fund_value(name, data[name]) for name in FUND_CREATE_FIELDS if name in data}
    )
    if data.get("logo"):
        fund.logo = data["logo"]
    fund.full_clean()
    with transaction.atomic():
        fund.save()
        record(actor=actor, action="fund.created", obj=fund, to_value=fund.name)
    return fund


def fund_update(*, fund: Fund, actor, data: dict[str, Any]) -> Fund:
    """Change a fund's description. `data["logo"]`: a file replaces the logo, False removes
    it, None or absent keeps it. The replaced file is deleted once the change is committed."""
    changed = []
    for name in FUND_FIELDS:
        if name in data:
            value = _clean_fund_value(name, data[name])
            if getattr(fund, name) != value:
                setattr(fund, name, value)
                changed.append(name)
    old_logo_name = fund.logo.name if fund.logo else ""
    logo = data.get("logo")
    if logo is False and old_logo_name:
        fund.logo = ""
        changed.append("logo")
    elif logo:
        fund.logo = logo
        changed.append("logo")
    fund.full_clean()
    if not changed:
        return fund
    with transaction.atomic():
        fund.save()
        record(actor=actor, action="fund.updated", obj=fund, data={"fields": changed})
        if "logo" in changed and old_logo_name:
            storage = fund.logo.storage
            transaction.on_commit(lambda: storage.delete(old_logo_name))
    return fund


# --- calls ---------------------------------------------------------------------------------


def _as_paris(value: datetime | None) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, PARIS)
    return value


def _normalised_call_data(data: dict[str, Any]) -> dict[str, Any]:
    values = {name: data[name] for name in CALL_FIELDS if name in data}
    for name in ("opens_at", "closes_at"):
        if name in values:
            values[name] = _as_paris(values[name])
    if "allowed_organisation_types" in values:
        known = set(OrganisationType.values)
        values["allowed_organisation_types"] = [
            value
            for value in OrganisationType.values
            if value in set(values["allowed_organisation_types"] or []) & known
        ]
    if "eligibility_rules" in values:
        lines = (values["eligibility_rules"] or "").splitlines()
        values["eligibility_rules"] = "\n".join(line.strip() for line in lines if line.strip())
    if values.get("support_kind") and values["support_kind"] != SupportKind.FUNDING:
        # amounts only mean something for a funding call; forget those typed before a change
        for name in AMOUNT_FIELDS:
            values[name] = None
    return values


def _check_call(call: Call, themes: list[dict], stages: list[dict]) -> None:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name, message in call_amount_errors(
        support_kind=call.support_kind,
        min_amount=call.min_amount,
        max_amount=call.max_amount,
        envelope=call.envelope,
    ).items():
        add(name, message)
    for name, message in call_calendar_errors(
        opens_at=call.opens_at, closes_at=call.closes_at
    ).items():
        add(name, message)
    for name, message in call_identity_errors(
        fund=call.fund, call_pk=call.pk, slug=call.slug, year=call.year, edition=call.edition
    ).items():
        add(name, message)
    for message in stage_errors(stages):
        add("stages", message)
    if call.is_published and not [t for t in themes if (t.get("title") or "").strip()]:
        # the dossier's "problem" section asks for a theme: without one nobody could submit
        add("themes", _("Un appel publié doit proposer au moins une thématique."))
    if errors:
        raise ValidationError(errors)
    try:
        call.full_clean(exclude=["fund"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


def _save_children(call: Call, themes: list[dict], stages: list[dict]) -> set[str]:
    """Make the call's themes and stages exactly the given rows. Rows with an `id` update
    that row; others are created; rows of the call not given are deleted. Returns which of
    "themes" and "stages" changed."""
    changed: set[str] = set()
    for key, model, fields, items in (
        ("themes", Theme, THEME_FIELDS, themes),
        ("stages", CallStage, STAGE_FIELDS, stages),
    ):
        existing = {row.pk: row for row in model.objects.filter(call=call)}
        keep = {item["id"] for item in items if item.get("id") in existing}
        removed = [row for pk, row in existing.items() if pk not in keep]
        if removed:
            if model is Theme:
                used = [t.title for t in removed if t.application_set.exists()]
                if used:
                    raise ValidationError(
                        {
                            "themes": _(
                                "La thématique « %(title)s » est choisie par des dossiers : "
                                "elle ne peut pas être supprimée."
                            )
                            % {"title": used[0]}
                        }
                    )
            model.objects.filter(pk__in=[row.pk for row in removed]).delete()
            changed.add(key)
        if model is CallStage:
            # Two stages may swap kinds; park the changing ones on a placeholder first so
            # that the (call, kind) uniqueness holds after every single UPDATE.
            for item in items:
                row = existing.get(item.get("id"))
                if row is not None and "kind" in item and item["kind"] != row.kind:
                    CallStage.objects.filter(pk=row.pk).update(kind=f"~{row.pk}")
        for position, item in enumerate(items):
            values = {name: item.get(name) for name in fields if name in item}
            for name in ("title", "description"):
                values[name] = (values.get(name) or "").strip()
            if values.get("position") is None:
                values["position"] = position
            row = existing.get(item.get("id")) if item.get("id") in keep else None
            if row is None:
                row = model(call=call, **values)
            elif all(getattr(row, name) == value for name, value in values.items()):
                continue
            else:
                for name, value in values.items():
                    setattr(row, name, value)
            row.full_clean(exclude=["call"], validate_unique=False)
            row.save()
            changed.add(key)
    return changed


def call_create(
    *, fund: Fund, actor, data: dict[str, Any], themes: list[dict], stages: list[dict]
) -> Call:
    """Create a call of `fund` with its themes and stages (lists of dicts of their fields)."""
    call = Call(fund=fund, **_normalised_call_data(data))
    _check_call(call, themes, stages)
    with transaction.atomic():
        call.save()
        _save_children(call, themes, stages)
        record(actor=actor, action="call.created", obj=call, to_value=call.title)
    return call


def call_is_under_way(call: Call, now: datetime | None = None) -> bool:
    """A published call that has opened: its calendar only changes through an extension."""
    return call.is_published and call.opens_at <= (now or timezone.now())


def _check_envelope_covers_engagements(call: Call) -> None:
    """The envelope cannot go below what the laureates' engagements already commit. The
    call's row is locked, as the engagement services lock it before they check the envelope."""
    from essaim.accompaniment.selectors.engagements import committed_amount

    Call.objects.select_for_update(of=("self",)).filter(pk=call.pk).first()
    if call.envelope is None:
        return
    committed = committed_amount(call)
    if call.envelope < committed:
        raise ValidationError(
            {
                "envelope": _(
                    "Les engagements des lauréats engagent déjà %(committed)s : l'enveloppe ne "
                    "peut pas être inférieure."
                )
                % {"committed": euros(committed)}
            }
        )


def call_update(
    *, call: Call, actor, data: dict[str, Any], themes: list[dict], stages: list[dict]
) -> Call:
    """Change a call, its themes and stages. Once a published call has opened, its opening
    and closing times are fixed: the closing time moves only by `call_extend_deadline`, which
    keeps the trace of why."""
    values = _normalised_call_data(data)
    if call_is_under_way(call):
        for name in ("opens_at", "closes_at"):
            if name in values and values[name] != getattr(call, name):
                raise ValidationError(
                    {
                        name: _(
                            "L'appel est ouvert : son calendrier ne se modifie plus ici. "
                            "Pour repousser la clôture, utilisez « Prolonger la clôture »."
                        )
                    }
                )
    changed = [name for name, value in values.items() if getattr(call, name) != value]
    # the calendar's before and after, for the audit journal
    dates = {
        name: [str(getattr(call, name) or ""), str(values[name] or "")]
        for name in changed
        if name in ("opens_at", "closes_at")
    }
    for name in changed:
        setattr(call, name, values[name])
    _check_call(call, themes, stages)
    with transaction.atomic():
        if "envelope" in changed:
            _check_envelope_covers_engagements(call)
        if changed:
            call.save()
        children = _save_children(call, themes, stages)
        if changed or children:
            record(
                actor=actor,
                action="call.updated",
                obj=call,
                data={
                    "fields": [*changed, *sorted(children)],
                    **({"dates": dates} if dates else {}),
                },
            )
    return call


def call_extend_deadline(*, call: Call, actor, new_closes_at: datetime, reason: str) -> Call:
    """Move a call's closing time later, for everyone, and keep the old and new times and
    the reason in the audit trail (action `call.deadline_extended`). An earlier or equal
    time is refused: shortening a call would take time away from teams still writing."""
    reason = (reason or "").strip()
    new_closes_at = _as_paris(new_closes_at)
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de la prolongation.")})
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        old_closes_at = locked.closes_at
        if new_closes_at <= old_closes_at:
            raise ValidationError(
                {
                    "new_closes_at": _(
                        "La nouvelle clôture doit être postérieure à la clôture actuelle "
                        "(%(current)s)."
                    )
                    % {"current": _format_paris(old_closes_at)}
                }
            )
        locked.closes_at = new_closes_at
        locked.save(update_fields=["closes_at", "updated_at"])
        record(
            actor=actor,
            action="call.deadline_extended",
            obj=locked,
            from_value=old_closes_at.isoformat(),
            to_value=new_closes_at.isoformat(),
            reason=reason,
        )
    call.closes_at = locked.closes_at
    call.updated_at = locked.updated_at
    return call


def _format_paris(value: datetime) -> str:
    from essaim.core.formatting import when

    return when(value)


def non_field(message: str) -> ValidationError:
    return ValidationError({NON_FIELD_ERRORS: [message]})
