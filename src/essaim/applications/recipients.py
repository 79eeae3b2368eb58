"""Who hears from the platform about a dossier: the addresses of its team."""

from .enums import TeamAccess
from .models import TeamMember


def team_emails(application_ids: list[int]) -> dict[int, list[str]]:
    """{application id: addresses of the owner, then co-applicants, who hold an account}.

    Listed members without access are not written to: they never agreed to hear from the
    platform, and the owner forwards as they see fit. One query.
    """
    emails: dict[int, list[str]] = {pk: [] for pk in application_ids}
    rows = (
        TeamMember.objects.filter(
            application_id__in=application_ids,
            access__in=[TeamAccess.OWNER, TeamAccess.EDITOR],
            user__isnull=False,
            user__is_active=True,
        )
        .order_by("application_id", "id")
        .values_list("application_id", "access", "user__email")
    )
    for application_id, access, email in rows:
        target = emails[application_id]
        if email in target:
            continue
        if access == TeamAccess.OWNER:
            target.insert(0, email)
        else:
            target.append(email)
    return emails
