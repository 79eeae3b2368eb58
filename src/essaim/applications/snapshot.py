"""The frozen content of a dossier at submission, and its SHA-256 fingerprint."""

import hashlib
import json

from .models import Application

CONTENT_FIELDS = [
    "title",
    "organisation_name",
    "organisation_type",
    "organisation_departement",
    "problem",
    "users_concerned",
    "idea",
    "maturity",
    "partners",
    "effect_on_agents",
    "effect_on_users",
    "collective_dimension",
    "reproducibility",
]


def application_content(application: Application) -> dict:
    """Everything the team wrote, in a stable shape (the receipt's fingerprint covers it)."""
    content = {name: getattr(application, name) for name in CONTENT_FIELDS}
    content["call"] = {"fund": application.call.fund.slug, "call": application.call.slug}
    content["theme"] = application.theme.title if application.theme_id else ""
    content["amount_requested"] = (
        str(application.amount_requested) if application.amount_requested is not None else None
    )
    content["budget_lines"] = [
        {"label": line.label, "amount": str(line.amount)} for line in application.budget_lines.all()
    ]
    content["team"] = [
        {
            "full_name": m.full_name,
            "job_title": m.job_title,
            "project_role": m.project_role,
            "email": m.email,
            "access": m.access,
        }
        for m in application.team.all()
    ]
    content["attachments"] = [
        {"name": a.original_name, "size": a.size, "sha256": a.sha256}
        for a in application.attachments.all()
    ]
    support = getattr(application, "support_request", None)
    content["support"] = (
        {
            "supervisor_name": support.supervisor_name,
            "supervisor_function": support.supervisor_function,
            "status": support.status,
            "responded_at": support.responded_at.isoformat() if support.responded_at else None,
        }
        if support
        else None
    )
    return content


def fingerprint(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
