"""Publishing a call's results: the public page of its laureates, and the teams' portal
showing the jury's decisions.

Publishing is refused while the call has no laureate; both directions write an audit row on
the call.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.core.audit import record
from essaim.funds.models import Call


class ResultsError(Exception):
    """A publication the rules refuse; the message is for people."""


def _locked(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


def publish_results(*, call: Call, actor) -> Call:
    with transaction.atomic():
        locked = _locked(call)
        if locked.results_published_at is not None:
            raise ResultsError(_("Les résultats de cet appel sont déjà publiés."))
        if not Application.objects.filter(
            call=locked, state__in=ApplicationState.selected()
        ).exists():
            raise ResultsError(
                _("L'appel n'a encore aucun lauréat : il n'y a pas de résultats à publier.")
            )
        locked.results_published_at = timezone.now()
        locked.save(update_fields=["results_published_at", "updated_at"])
        record(
            actor=actor,
            action="call.results_published",
            obj=locked,
            to_value=locked.results_published_at.isoformat(),
        )
    call.results_published_at = locked.results_published_at
    return call


def unpublish_results(*, call: Call, actor) -> Call:
    with transaction.atomic():
        locked = _locked(call)
        if locked.results_published_at is None:
            raise ResultsError(_("Les résultats de cet appel ne sont pas publiés."))
        previous = locked.results_published_at
        locked.results_published_at = None
        locked.save(update_fields=["results_published_at", "updated_at"])
        record(
            actor=actor,
            action="call.results_unpublished",
            obj=locked,
            from_value=previous.isoformat(),
        )
    call.results_published_at = None
    return call
