"""Writing a laureate's reciprocal engagement: preparing it, signing it on both sides,
recording payments, amending it.

Invariants kept here (the only writer of Engagement, Indicator, Tranche, Signature):
- an engagement is written while it is a draft; signed, it is read-only, except the
  payment of its tranches (a payment is a fact, not a term of the engagement);
- for funding calls the granted amount lies within the call's min/max per project, the
  call's envelope is never over-committed, and the tranches add up to the granted amount;
  every sum is Decimal;
- the fund signs first, then the team; when both have signed the version is in force and
  the one it amends is superseded;
- every write leaves an audit row; the team is e-mailed when its signature is awaited.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState, TeamAccess
from essaim.applications.models import Application
from essaim.applications.visibility import jury_outcome_visible
from essaim.core.audit import record
from essaim.core.formatting import euros
from essaim.funds.models import Call
from essaim.notifications.services import queue_email

from ..enums import EngagementStatus, SignatureSide
from ..models import Engagement, Indicator, Signature, Tranche
from ..selectors.engagements import committed_amount

ENGAGEMENT_FIELDS = (
    "summary",
    "fund_commitments",
    "team_commitments",
    "starts_on",
    "ends_on",
    "calendar",
    "granted_amount",
)
INDICATOR_FIELDS = ("label", "unit", "baseline", "target", "target_date")
TRANCHE_FIELDS = ("planned_on", "amount", "condition")
ZERO = Decimal("0")


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__fund")
        .get(pk=application.pk)
    )


def _lock_engagement(engagement: Engagement) -> Engagement:
    return (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("application__call__fund")
        .get(pk=engagement.pk)
    )


def check_terms(
    *,
    call: Call,
    application_id: int,
    data: dict[str, Any],
    indicators: list[dict],
    tranches: list[dict],
) -> None:
    """Raise a ValidationError naming the fields at fault (granted_amount, ends_on,
    indicators, tranches). The envelope is read here: call it with the call row locked."""
    errors: dict[str, list[str]] = {}
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors.setdefault("ends_on", []).append(
            _("La fin doit être le même jour que le début ou après.")
        )
    if not indicators:
        errors.setdefault("indicators", []).append(
            _("Indiquez au moins un résultat attendu (indicateur et cible).")
        )
    amount = data.get("granted_amount")
    if call.is_funding:
        if amount is None:
            errors.setdefault("granted_amount", []).append(
                _("Indiquez le montant accordé à ce lauréat.")
            )
        else:
            amount_errors = _amount_errors(call, application_id, amount)
            if amount_errors:
                errors.setdefault("granted_amount", []).extend(amount_errors)
            total = sum((row["amount"] for row in tranches), ZERO)
            if total != amount:
                errors.setdefault("tranches", []).append(
                    _(
                        "Les tranches font %(total)s au total ; elles doivent faire le montant "
                        "accordé, %(amount)s (écart : %(gap)s)."
                    )
                    % {
                        "total": euros(total),
                        "amount": euros(amount),
                        "gap": euros(abs(amount - total)),
                    }
                )
    else:
        if amount is not None:
            errors.setdefault("granted_amount", []).append(
                _("Cet appel n'apporte pas de financement : ne saisissez pas de montant.")
            )
        if tranches:
            errors.setdefault("tranches", []).append(
                _("Cet appel n'apporte pas de financement : il n'a pas de tranches de versement.")
            )
    if errors:
        raise ValidationError(errors)


def amount_limit_errors(call: Call, amount: Decimal) -> list[str]:
    """The call's min/max per project (what a form can check without the envelope)."""
    if amount <= 0:
        return [_("Le montant accordé doit être supérieur à zéro.")]
    errors = []
    if call.min_amount is not None and amount < call.min_amount:
        errors.append(
            _("Le montant accordé doit être d'au moins %(min)s par projet pour cet appel.")
            % {"min": euros(call.min_amount)}
        )
    if call.max_amount is not None and amount > call.max_amount:
        errors.append(
            _("Le montant accordé ne peut pas dépasser %(max)s par projet pour cet appel.")
            % {"max": euros(call.max_amount)}
        )
    return errors


def _amount_errors(call: Call, application_id: int, amount: Decimal) -> list[str]:
    errors = amount_limit_errors(call, amount)
    if errors:
        return errors
    if call.envelope is not None:
        others = committed_amount(call, excluding_application_id=application_id)
        remaining = call.envelope - others
        if amount > remaining:
            errors.append(
                _(
                    "L'enveloppe de l'appel serait dépassée de %(over)s : il reste %(remaining)s "
                    "sur %(envelope)s (%(committed)s déjà engagés pour les autres lauréats)."
                )
                % {
                    "over": euros(amount - remaining),
                    "remaining": euros(max(remaining, ZERO)),
                    "envelope": euros(call.envelope),
                    "committed": euros(others),
                }
            )
    return errors


def _lock_call(call: Call) -> Call:
    # Serialises envelope checks: two engagements written at once cannot both take the
    # last euros (a row lock on PostgreSQL; SQLite's immediate transactions do the same).
    return Call.objects.select_for_update(of=("self",)).get(pk=call.pk)


def _write_children(engagement: Engagement, indicators: list[dict], tranches: list[dict]) -> None:
    engagement.indicators.all().delete()
    Indicator.objects.bulk_create(
        Indicator(
            engagement=engagement, position=position, **{k: row.get(k) for k in INDICATOR_FIELDS}
        )
        for position, row in enumerate(indicators)
    )
    existing = {t.pk: t for t in engagement.tranches.all()}
    below_paid = [
        _(
            "La tranche %(n)s a déjà été versée à hauteur de %(paid)s : son montant ne peut pas "
            "être inférieur."
        )
        % {"n": position + 1, "paid": euros(tranche.paid_amount)}
        for position, row in enumerate(tranches)
        if (tranche := existing.get(row.get("id"))) is not None
        and tranche.paid_amount is not None
        and row.get("amount") is not None
        and row["amount"] < tranche.paid_amount
    ]
    if below_paid:
        raise ValidationError({"tranches": below_paid})
    kept = set()
    for position, row in enumerate(tranches):
        tranche = existing.get(row.get("id")) or Tranche(engagement=engagement)
        for name in TRANCHE_FIELDS:
            setattr(tranche, name, row.get(name) if name != "condition" else row.get(name) or "")
        tranche.position = position
        tranche.save()
        kept.add(tranche.pk)
    removed = [t for pk, t in existing.items() if pk not in kept]
    if any(t.paid_on for t in removed):
        raise ValidationError(
            {"tranches": [_("Une tranche déjà versée ne peut pas être retirée de l'engagement.")]}
        )
    Tranche.objects.filter(pk__in=[t.pk for t in removed]).delete()


def _clean_data(call: Call, data: dict[str, Any]) -> dict[str, Any]:
    values = {name: data.get(name) for name in ENGAGEMENT_FIELDS}
    for name in ("summary", "fund_commitments", "team_commitments", "calendar"):
        values[name] = (values[name] or "").strip()
    return values


@transaction.atomic
def engagement_create(
    *,
    application: Application,
    actor,
    data: dict[str, Any],
    indicators: list[dict],
    tranches: list[dict],
) -> Engagement:
    """The first version of a laureate's engagement, as a draft."""
    application = _lock_application(application)
    if application.state not in ApplicationState.selected():
        raise ValidationError(_("Seul un dossier lauréat peut recevoir un engagement réciproque."))
    existing = set(
        Engagement.objects.filter(application=application).values_list("status", flat=True)
    )
    if EngagementStatus.DRAFT in existing:
        raise ValidationError(_("Un engagement est déjà en préparation pour ce dossier."))
    if EngagementStatus.SIGNED in existing:
        raise ValidationError(
            _("L'engagement de ce dossier est déjà signé : pour le changer, faites un avenant.")
        )
    call = _lock_call(application.call)
    values = _clean_data(call, data)
    check_terms(
        call=call,
        application_id=application.pk,
        data=values,
        indicators=indicators,
        tranches=tranches,
    )
    version = (
        Engagement.objects.filter(application=application).aggregate(v=Max("version"))["v"] or 0
    ) + 1
    engagement = Engagement(application=application, version=version, created_by=actor, **values)
    engagement.full_clean(exclude=["application", "created_by"], validate_constraints=False)
    engagement.save()
    _write_children(engagement, indicators, tranches)
    record(
        actor=actor,
        action="engagement.created",
        obj=engagement,
        to_value=EngagementStatus.DRAFT,
        data={"application": application.pk, "version": version, **_money_data(values)},
    )
    return engagement


def _money_data(values: dict) -> dict:
    amount = values.get("granted_amount")
    return {"granted_amount": str(amount)} if amount is not None else {}


@transaction.atomic
def engagement_update(
    *,
    engagement: Engagement,
    actor,
    data: dict[str, Any],
    indicators: list[dict],
    tranches: list[dict],
) -> Engagement:
    """Change a draft. A signature already given is withdrawn: it was given to other terms."""
    engagement = _lock_engagement(engagement)
    if engagement.status != EngagementStatus.DRAFT:
        raise ValidationError(
            _("Cet engagement est signé : il ne peut plus être modifié. Faites un avenant.")
        )
    call = _lock_call(engagement.application.call)
    values = _clean_data(call, data)
    check_terms(
        call=call,
        application_id=engagement.application_id,
        data=values,
        indicators=indicators,
        tranches=tranches,
    )
    for name, value in values.items():
        setattr(engagement, name, value)
    engagement.save(update_fields=[*ENGAGEMENT_FIELDS, "updated_at"])
    _write_children(engagement, indicators, tranches)
    cleared = list(engagement.signatures.values_list("side", flat=True))
    engagement.signatures.all().delete()
    record(
        actor=actor,
        action="engagement.updated",
        obj=engagement,
        data={"signatures_withdrawn": cleared, **_money_data(values)},
    )
    return engagement


@transaction.atomic
def engagement_sign(
    *, engagement: Engagement, actor, side: str, signer_name: str, signer_function: str
) -> Engagement:
    """One side signs. The fund signs first; the team's signature puts the version in force
    and supersedes the version it amends."""
    engagement = _lock_engagement(engagement)
    if engagement.status != EngagementStatus.DRAFT:
        raise ValidationError(_("Cet engagement n'attend plus de signature."))
    sides = set(engagement.signatures.values_list("side", flat=True))
    if side in sides:
        raise ValidationError(_("Cette partie a déjà signé l'engagement."))
    if side == SignatureSide.TEAM and SignatureSide.FUND not in sides:
        raise ValidationError(
            _("L'équipe du fonds n'a pas encore signé : l'équipe lauréate signe après elle.")
        )
    signer_name, signer_function = signer_name.strip(), signer_function.strip()
    errors = {}
    if not signer_name:
        errors["signer_name"] = _("Indiquez le nom du signataire.")
    if not signer_function:
        errors["signer_function"] = _("Indiquez la fonction du signataire.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    signature = Signature.objects.create(
        engagement=engagement,
        side=side,
        signed_by=actor,
        signer_name=signer_name,
        signer_function=signer_function,
        signed_at=now,
    )
    record(
        actor=actor,
        action=f"engagement.signed_{side}",
        obj=engagement,
        data={"signer_name": signer_name, "signer_function": signer_function},
    )
    if sides | {side} >= {SignatureSide.FUND, SignatureSide.TEAM}:
        _put_in_force(engagement, actor=actor, now=now)
    elif side == SignatureSide.FUND:
        _queue_team_signature_awaited(engagement, signature)
    return engagement


def _put_in_force(engagement: Engagement, *, actor, now: dt.datetime) -> None:
    previous = list(
        Engagement.objects.select_for_update(of=("self",)).filter(
            application_id=engagement.application_id, status=EngagementStatus.SIGNED
        )
    )
    for old in previous:  # superseded first: one signed version per dossier
        old.status = EngagementStatus.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        record(
            actor=actor,
            action="engagement.superseded",
            obj=old,
            from_value=EngagementStatus.SIGNED,
            to_value=EngagementStatus.SUPERSEDED,
            data={"by_version": engagement.version},
        )
    engagement.status = EngagementStatus.SIGNED
    engagement.signed_at = now
    engagement.save(update_fields=["status", "signed_at", "updated_at"])
    record(
        actor=actor,
        action="engagement.in_force",
        obj=engagement,
        from_value=EngagementStatus.DRAFT,
        to_value=EngagementStatus.SIGNED,
        reason=engagement.amendment_reason,
    )


def _queue_team_signature_awaited(engagement: Engagement, signature: Signature) -> None:
    application = engagement.application
    if not jury_outcome_visible(application):
        # the team learns it is laureate when the results are announced, not from this mail;
        # its dossier page shows the engagement to sign from then on
        return
    recipients = [
        member.email
        for member in application.team.all()
        if member.user_id
        and member.email
        and member.access in (TeamAccess.OWNER, TeamAccess.EDITOR)
    ]
    if not recipients:
        return
    call = application.call
    queue_email(
        to=recipients,
        template="engagement_fund_signed",
        context={
            "reference": application.reference,
            "title": application.title,
            "call_title": call.title,
            "fund_name": call.fund.name,
            "version": engagement.version - 1,  # the amendment's number
            "is_amendment": engagement.version > 1,
            "signer_name": signature.signer_name,
            "signer_function": signature.signer_function,
            "path": reverse(
                "portal:engagement_detail",
                kwargs={"pk": application.pk, "engagement_pk": engagement.pk},
            ),
        },
    )


@transaction.atomic
def tranche_record_payment(
    *, tranche: Tranche, actor, paid_on: dt.date, paid_amount: Decimal
) -> Tranche:
    """Record (or correct) the payment of a tranche of the engagement in force."""
    tranche = (
        Tranche.objects.select_for_update(of=("self",))
        .select_related("engagement")
        .get(pk=tranche.pk)
    )
    engagement = tranche.engagement
    if engagement.status != EngagementStatus.SIGNED:
        raise ValidationError(
            _("Un versement s'enregistre sur l'engagement en vigueur, une fois signé.")
        )
    if Engagement.objects.filter(
        application_id=engagement.application_id, status=EngagementStatus.DRAFT
    ).exists():
        raise ValidationError(
            _(
                "Un avenant est en préparation pour ce dossier : enregistrez le versement une "
                "fois l'avenant signé, il reprend les tranches."
            )
        )
    errors = {}
    if paid_on > timezone.localdate():
        errors["paid_on"] = _("Un versement ne peut pas être daté d'un jour à venir.")
    if paid_amount is None or paid_amount <= 0:
        errors["paid_amount"] = _("Le montant versé doit être supérieur à zéro.")
    elif paid_amount > tranche.amount:
        errors["paid_amount"] = _(
            "Le montant versé ne peut pas dépasser celui de la tranche, %(amount)s."
        ) % {"amount": euros(tranche.amount)}
    if errors:
        raise ValidationError(errors)
    before = str(tranche.paid_amount) if tranche.paid_amount is not None else ""
    tranche.paid_on, tranche.paid_amount = paid_on, paid_amount
    tranche.save(update_fields=["paid_on", "paid_amount"])
    record(
        actor=actor,
        action="engagement.tranche_paid",
        obj=engagement,
        from_value=before,
        to_value=str(paid_amount),
        data={"tranche": tranche.pk, "paid_on": paid_on.isoformat()},
    )
    return tranche


@transaction.atomic
def engagement_amend(*, engagement: Engagement, actor, reason: str) -> Engagement:
    """A new draft version copied from the signed one. The signed one stays in force until
    the amendment is signed by both sides."""
    engagement = _lock_engagement(engagement)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de l'avenant.")})
    if engagement.status != EngagementStatus.SIGNED:
        raise ValidationError(
            _("Seul l'engagement en vigueur, signé, peut faire l'objet d'un avenant.")
        )
    if Engagement.objects.filter(
        application_id=engagement.application_id, status=EngagementStatus.DRAFT
    ).exists():
        raise ValidationError(_("Un avenant est déjà en préparation pour ce dossier."))
    version = (
        Engagement.objects.filter(application_id=engagement.application_id).aggregate(
            v=Max("version")
        )["v"]
        + 1
    )
    amendment = Engagement.objects.create(
        application_id=engagement.application_id,
        version=version,
        created_by=actor,
        amendment_reason=reason,
        **{name: getattr(engagement, name) for name in ENGAGEMENT_FIELDS},
    )
    Indicator.objects.bulk_create(
        Indicator(
            engagement=amendment,
            position=i.position,
            **{k: getattr(i, k) for k in INDICATOR_FIELDS},
        )
        for i in engagement.indicators.all()
    )
    Tranche.objects.bulk_create(
        Tranche(
            engagement=amendment,
            position=t.position,
            paid_on=t.paid_on,
            paid_amount=t.paid_amount,
            **{k: getattr(t, k) for k in TRANCHE_FIELDS},
        )
        for t in engagement.tranches.all()
    )
    record(
        actor=actor,
        action="engagement.amendment_created",
        obj=amendment,
        to_value=EngagementStatus.DRAFT,
        reason=reason,
        data={"amends_version": engagement.version},
    )
    return amendment
