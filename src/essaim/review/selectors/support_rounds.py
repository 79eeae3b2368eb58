"""Reads of support rounds and of a dossier's versions.

A version's `content` (the whole frozen dossier) is only loaded by the diff; lists defer it.
Each read runs a fixed number of queries whatever the number of rows.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application, ApplicationVersion
from essaim.funds.models import Call

from ..enums import SupportRoundStatus
from ..models import SupportFeedback, SupportRound

VERSION_FIELDS = ("id", "application_id", "number", "sha256", "submitted_at", "submitted_by_id")


def version_list(application: Application) -> QuerySet[ApplicationVersion]:
    """The dossier's versions, oldest first, without their content."""
    return (
        ApplicationVersion.objects.filter(application=application)
        .only(*VERSION_FIELDS, "submitted_by__full_name", "submitted_by__email")
        .select_related("submitted_by")
        .order_by("number")
    )


def _feedbacks_with_versions() -> QuerySet[SupportFeedback]:
    return SupportFeedback.objects.select_related("base_version", "revised_version").defer(
        "base_version__content", "revised_version__content"
    )


def call_rounds(call: Call) -> QuerySet[SupportRound]:
    """The call's rounds, newest first, with how many dossiers and how many new versions."""
    return (
        SupportRound.objects.filter(call=call)
        .select_related("opened_by")
        .annotate(
            feedback_count=Count("feedbacks"),
            revised_count=Count("feedbacks", filter=Q(feedbacks__revised_version__isnull=False)),
        )
        .order_by("-created_at", "-id")
    )


def has_open_round(call: Call) -> bool:
    return SupportRound.objects.filter(call=call, status=SupportRoundStatus.OPEN).exists()


def round_feedbacks(support_round: SupportRound) -> QuerySet[SupportFeedback]:
    """The round's feedbacks with their dossier and versions, by reference."""
    return (
        _feedbacks_with_versions()
        .filter(round=support_round)
        .select_related("application")
        .defer(
            *(
                f"application__{name}"
                for name in (
                    "problem",
                    "users_concerned",
                    "idea",
                    "partners",
                    "effect_on_agents",
                    "effect_on_users",
                    "collective_dimension",
                    "reproducibility",
                    "withdrawal_reason",
                )
            )
        )
        .order_by("application__reference", "application_id")
    )


def shortlisted_applications(call: Call) -> QuerySet[Application]:
    """The call's shortlisted dossiers, the ones a round can be opened for."""
    return (
        Application.objects.filter(call=call, state=ApplicationState.SHORTLISTED)
        .only("id", "call_id", "state", "reference", "title", "organisation_name")
        .order_by("reference", "id")
    )


def application_feedbacks(application: Application) -> QuerySet[SupportFeedback]:
    """Every feedback the dossier received, newest round first, with the round."""
    return (
        _feedbacks_with_versions()
        .filter(application=application)
        .select_related("round")
        .order_by("-round__created_at", "-id")
    )


def versions_by_number(
    application: Application, numbers: list[int]
) -> dict[int, ApplicationVersion]:
    """The versions to compare, with their content."""
    return {
        version.number: version
        for version in ApplicationVersion.objects.filter(
            application=application, number__in=numbers
        ).select_related("submitted_by")
    }


def rounds_with_feedback_for(application: Application) -> QuerySet[SupportRound]:
    """The rounds the dossier took part in, each with only its own feedback prefetched."""
    return (
        SupportRound.objects.filter(feedbacks__application=application)
        .prefetch_related(
            Prefetch(
                "feedbacks",
                queryset=_feedbacks_with_versions().filter(application=application),
                to_attr="own_feedbacks",
            )
        )
        .order_by("-created_at")
    )
