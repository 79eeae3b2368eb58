"""Starting a dossier and saving its sections."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.funds.models import Call

from ..enums import ApplicationState, TeamAccess
from ..errors import ApplicationError
from ..models import Application, TeamMember
from .organisation import prefill_organisation


def application_start(*, call: Call, user, title: str) -> Application:
    """Create a draft on an open call, with `user` as its owner."""
    now = timezone.now()
    if not call.is_published or not call.is_open_at(now):
        raise ApplicationError(_("Cet appel n'accepte pas de dossier en ce moment."))
    with transaction.atomic():
        application = Application(
            call=call,
            created_by=user,
            title=title.strip(),
            state=ApplicationState.DRAFT,
            last_saved_at=now,
        )
        prefill_organisation(application, user)
        application.full_clean(exclude=["reference"])
        application.save()
        TeamMember.objects.create(
            application=application,
            user=user,
            full_name=user.full_name,
            email=user.email,
            job_title=user.job_title,
            project_role=_("Porteur du projet"),
            access=TeamAccess.OWNER,
        )
        record(actor=user, action="application.created", obj=application)
    return application


def application_save_fields(*, application: Application, user, data: dict) -> Application:
    """Save some of the dossier's own fields. Only drafts (and dossiers in support) change."""
    if application.is_frozen:
        raise ApplicationError(_("Ce dossier a été déposé : il ne peut plus être modifié."))
    for name, value in data.items():
        setattr(application, name, value)
    application.last_saved_at = timezone.now()
    application.save(update_fields=[*data.keys(), "last_saved_at", "updated_at"])
    return application
