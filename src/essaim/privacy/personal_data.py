"""Everything Essaim holds about one person, as a JSON-ready dict (RGPD articles 15 and 20).

"About them" means: their account, what they wrote or declared, the dossiers whose team they
belong to (with the content they see in the portal), what others recorded about them
(invitations, conflicts of interest, support they were asked for) and the audit rows where
they act or that concern their account. It does not include what they can merely read as
staff, reviewer or coach: that is the funds' data, not theirs.

Reads only; one query per section whatever the amount of data (a test pins the count).
What the team may not know yet (an unannounced jury outcome) is left out, as in the portal.
"""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.utils import timezone

from essaim.accompaniment.models import EvaluationReport, JournalEntry, Signature
from essaim.applications import visibility
from essaim.applications.models import Application, Message, SupportRequest
from essaim.catalogue.models import InnovationContact, Reuse, ReuseMessage, ReuseUpdate
from essaim.core.audit import record
from essaim.core.models import AuditEvent
from essaim.funds.models import CallMembership, FundMembership, Invitation
from essaim.review.models import Assignment, Conflict, Decision, JuryMember

FORMAT = "essaim.personal-data/1"


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _money(value) -> str | None:
    return str(value) if value is not None else None


def _call_label(call) -> dict[str, str]:
    return {"fund": call.fund.name, "call": call.title}


def applications_of(user) -> list[Application]:
    """The dossiers `user` created or is a team member of, with what the export shows."""
    return list(
        Application.objects.filter(Q(created_by=user) | Q(team__user=user))
        .distinct()
        .select_related("call__fund", "theme", "support_request")
        .prefetch_related(
            "team",
            "budget_lines",
            "attachments",
            "versions",
            Prefetch("decisions", queryset=Decision.objects.order_by("decided_at", "id")),
        )
        .order_by("created_at", "id")
    )


def _application(application: Application, user) -> dict[str, Any]:
    state, state_label = visibility.state_for_team(application)
    support = getattr(application, "support_request", None)
    return {
        "id": application.pk,
        "reference": application.reference,
        "title": application.title,
        **_call_label(application.call),
        "state": state,
        "state_label": state_label,
        "created_by_you": application.created_by_id == user.pk,
        "created_at": _when(application.created_at),
        "submitted_at": _when(application.submitted_at),
        "organisation": {
            "name": application.organisation_name,
            "type": application.organisation_type,
            "departement": application.organisation_departement,
        },
        "theme": application.theme.title if application.theme_id else "",
        "answers": {
            "problem": application.problem,
            "users_concerned": application.users_concerned,
            "idea": application.idea,
            "maturity": application.maturity,
            "partners": application.partners,
            "effect_on_agents": application.effect_on_agents,
            "effect_on_users": application.effect_on_users,
            "collective_dimension": application.collective_dimension,
            "reproducibility": application.reproducibility,
            "amount_requested": _money(application.amount_requested),
            "withdrawal_reason": application.withdrawal_reason,
        },
        "budget_lines": [
            {"label": line.label, "amount": _money(line.amount)}
            for line in application.budget_lines.all()
        ],
        "team": [
            {
                "full_name": member.full_name,
                "email": member.email,
                "job_title": member.job_title,
                "project_role": member.project_role,
                "access": member.access,
                "is_you": member.user_id == user.pk,
            }
            for member in application.team.all()
        ],
        "hierarchical_support": (
            {
                "supervisor_name": support.supervisor_name,
                "supervisor_function": support.supervisor_function,
                "supervisor_email": support.supervisor_email,
                "status": support.status,
                "comment": support.comment,
                "sent_at": _when(support.sent_at),
                "responded_at": _when(support.responded_at),
            }
            if support
            else None
        ),
        "attachments": [
            {
                "name": attachment.original_name,
                "description": attachment.description,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
                "added_at": _when(attachment.created_at),
            }
            for attachment in application.attachments.all()
        ],
        "submitted_versions": [
            {
                "number": version.number,
                "submitted_at": _when(version.submitted_at),
                "sha256": version.sha256,
            }
            for version in application.versions.all()
        ],
        "decisions": [
            {
                "kind": decision.kind,
                "outcome": decision.outcome,
                "reason": decision.reason,
                "decided_at": _when(decision.decided_at),
            }
            for decision in application.decisions.all()
            if visibility.jury_outcome_visible(application, decision.outcome)
        ],
    }


def _account(user) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "is_active": user.is_active,
    }


def _sign_in(user) -> dict[str, Any]:
    return {
        "email_addresses": [
            {"email": row.email, "verified": row.verified, "primary": row.primary}
            for row in EmailAddress.objects.filter(user=user).order_by("id")
        ],
        # Only what identifies the link; tokens and provider payloads stay out.
        "external_accounts": [
            {
                "provider": row.provider,
                "uid": row.uid,
                "date_joined": _when(row.date_joined),
                "last_login": _when(row.last_login),
            }
            for row in SocialAccount.objects.filter(user=user).order_by("id")
        ],
        # Never the secrets themselves.
        "two_factor_methods": [
            {
                "type": row.type,
                "created_at": _when(row.created_at),
                "last_used_at": _when(row.last_used_at),
            }
            for row in Authenticator.objects.filter(user=user).order_by("id")
        ],
    }


def _roles(user) -> dict[str, list]:
    return {
        "funds": [
            {"fund": row.fund.name, "role": row.role, "since": _when(row.created_at)}
            for row in FundMembership.objects.filter(user=user).select_related("fund")
        ],
        "calls": [
            {
                **_call_label(row.call),
                "role": row.role,
                "declared_organisation": row.organisation_name,
                "declared_departement": row.organisation_departement,
                "since": _when(row.created_at),
            }
            for row in CallMembership.objects.filter(user=user).select_related("call__fund")
        ],
    }


def _invitations(user) -> list[dict]:
    rows = (
        Invitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user))
        .select_related("call__fund")
        .order_by("created_at", "id")
    )
    return [
        {
            **_call_label(row.call),
            "email": row.email,
            "full_name": row.full_name,
            "role": row.role,
            "status": row.status,
            "sent_at": _when(row.sent_at),
            "answered_at": _when(row.answered_at),
        }
        for row in rows
    ]


def _support_given(user) -> list[dict]:
    """Hierarchical support asked of this person by e-mail (they need no account for it)."""
    rows = (
        SupportRequest.objects.filter(supervisor_email__iexact=user.email)
        .select_related("application__call__fund")
        .order_by("created_at", "id")
    )
    return [
        {
            "application": row.application.reference or row.application.title,
            **_call_label(row.application.call),
            "supervisor_name": row.supervisor_name,
            "supervisor_function": row.supervisor_function,
            "status": row.status,
            "comment": row.comment,
            "sent_at": _when(row.sent_at),
            "responded_at": _when(row.responded_at),
        }
        for row in rows
    ]


def _messages(user) -> list[dict]:
    rows = (
        Message.objects.filter(author=user)
        .select_related("application")
        .order_by("created_at", "id")
    )
    return [
        {
            "application": row.application.reference or row.application.title,
            "from_staff": row.from_staff,
            "body": row.body,
            "sent_at": _when(row.created_at),
        }
        for row in rows
    ]


def _reviews(user) -> list[dict]:
    rows = (
        Assignment.objects.filter(reviewer=user, review__isnull=False)
        .select_related("application", "stage__call__fund", "review")
        .prefetch_related("review__scores__criterion")
        .order_by("created_at", "id")
    )
    return [
        {
            "application": row.application.reference or row.application.title,
            **_call_label(row.stage.call),
            "stage": row.stage.get_kind_display(),
            "status": row.review.status,
            "comment_for_fund": row.review.comment,
            "comment_for_team": row.review.comment_for_applicant,
            "submitted_at": _when(row.review.submitted_at),
            "scores": [
                {"criterion": score.criterion.label, "value": score.value, "comment": score.comment}
                for score in row.review.scores.all()
            ],
        }
        for row in rows
    ]


def _conflicts(user) -> list[dict]:
    rows = Conflict.objects.filter(person=user).select_related("application").order_by("id")
    return [
        {
            "application": row.application.reference or row.application.title,
            "source": row.source,
            "reason": row.reason,
            "details": row.details,
            "status": row.status,
            "declared_at": _when(row.created_at),
        }
        for row in rows
    ]


def _jury_seats(user) -> list[dict]:
    rows = JuryMember.objects.filter(user=user).select_related("session__call__fund")
    return [
        {
            **_call_label(row.session.call),
            "session": row.session.title,
            "function": row.function,
            "is_chair": row.is_chair,
            "was_present": row.was_present,
        }
        for row in rows.order_by("id")
    ]


def _accompaniment(user) -> dict[str, list]:
    journal = JournalEntry.objects.filter(author=user).select_related("accompaniment__application")
    reports = EvaluationReport.objects.filter(evaluator=user).select_related(
        "accompaniment__application"
    )
    signatures = Signature.objects.filter(signed_by=user).select_related("engagement__application")
    return {
        "journal_notes": [
            {
                "application": row.accompaniment.application.reference,
                "body": row.body,
                "written_at": _when(row.created_at),
            }
            for row in journal.order_by("created_at", "id")
        ],
        "evaluation_reports": [
            {
                "application": row.accompaniment.application.reference,
                "moment": row.moment,
                "questions": row.questions,
                "findings": row.findings,
                "recommendations": row.recommendations,
                "status": row.status,
                "submitted_at": _when(row.submitted_at),
            }
            for row in reports.order_by("id")
        ],
        "signatures": [
            {
                "application": row.engagement.application.reference,
                "side": row.side,
                "signer_name": row.signer_name,
                "signer_function": row.signer_function,
                "signed_at": _when(row.signed_at),
            }
            for row in signatures.order_by("signed_at", "id")
        ],
    }


def _catalogue(user) -> dict[str, list]:
    contacts = InnovationContact.objects.filter(
        Q(user=user) | Q(email__iexact=user.email)
    ).select_related("innovation")
    reuses = Reuse.objects.filter(declared_by=user).select_related("innovation", "organisation")
    updates = ReuseUpdate.objects.filter(author=user).select_related("reuse__innovation")
    messages = ReuseMessage.objects.filter(author=user).select_related("reuse__innovation")
    return {
        "innovation_contacts": [
            {
                "innovation": row.innovation.title,
                "full_name": row.full_name,
                "job_title": row.job_title,
                "email": row.email,
            }
            for row in contacts.order_by("id")
        ],
        "reuses_declared": [
            {
                "innovation": row.innovation.title,
                "organisation": row.organisation.name,
                "status": row.status,
                "note": row.note,
                "declared_at": _when(row.created_at),
            }
            for row in reuses.order_by("created_at", "id")
        ],
        "reuse_updates": [
            {
                "innovation": row.reuse.innovation.title,
                "status": row.status,
                "note": row.note,
                "at": _when(row.created_at),
            }
            for row in updates.order_by("created_at", "id")
        ],
        "reuse_messages": [
            {
                "innovation": row.reuse.innovation.title,
                "body": row.body,
                "sent_at": _when(row.created_at),
            }
            for row in messages.order_by("created_at", "id")
        ],
    }


def _audit(user) -> list[dict]:
    """Rows where the person acts, or about their account. Rows about a dossier written by
    others are the fund's record (the dossier's history is in `applications`)."""
    rows = AuditEvent.objects.filter(
        Q(actor=user) | Q(object_type=user._meta.label_lower, object_id=str(user.pk))
    ).order_by("created_at", "id")
    return [
        {
            "at": _when(row.created_at),
            "action": row.action,
            "object": f"{row.object_type}#{row.object_id}",
            "from": row.from_value,
            "to": row.to_value,
            "reason": row.reason,
            "by_you": row.actor_id == user.pk,
        }
        for row in rows
    ]


def personal_data_for(user) -> dict[str, Any]:
    applications = applications_of(user)
    visibility.prime(applications)
    return {
        "format": FORMAT,
        "generated_at": timezone.now().isoformat(),
        "account": _account(user),
        **_sign_in(user),
        "roles": _roles(user),
        "invitations": _invitations(user),
        "applications": [_application(application, user) for application in applications],
        "hierarchical_support_asked_of_you": _support_given(user),
        "messages_written": _messages(user),
        "reviews_written": _reviews(user),
        "conflicts_of_interest": _conflicts(user),
        "jury_seats": _jury_seats(user),
        "accompaniment": _accompaniment(user),
        **_catalogue(user),
        "audit_events": _audit(user),
    }


def personal_data_export(*, user) -> dict[str, Any]:
    """The person's data, with the audit row every export leaves (who, when; not what)."""
    # the row itself, not request.user's lazy wrapper (the audit reads the model's type)
    user = get_user_model().objects.get(pk=user.pk)
    data = personal_data_for(user)
    record(actor=user, action="personal_data.exported", obj=user)
    return data
