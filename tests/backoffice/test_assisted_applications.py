"""The "dépôt accompagné": the fund's staff enter and submit a dossier received on paper.

Actors: `staff` runs the call's fund; `other_fund_staff` runs another fund; `outsider` has
no back-office role; the applicant, Denise, applied on paper and may have no account.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from essaim.applications.enums import (
    ApplicationState,
    AttachmentKind,
    InvitationStatus,
    SubmissionChannel,
    SupportStatus,
    TeamAccess,
)
from essaim.applications.errors import ApplicationError
from essaim.applications.models import Application, ApplicationVersion
from essaim.applications.services.assisted import (
    assisted_application_start,
    assisted_application_submit,
)
from essaim.applications.services.submission import application_submit
from essaim.core.models import AuditEvent

from ..factories import ApplicationFactory, CallFactory

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

ENTRY = {
    "channel": "paper",
    "applicant_name": "Denise Lambert",
    "applicant_job_title": "Agente d'accueil",
    "title": "Un guichet unique à la mairie annexe",
    "problem": "Les usagers font trois guichets pour une démarche.",
    "users_concerned": "Les habitants du quartier nord.",
    "idea": "Un guichet unique tenu par des agents polyvalents.",
    "maturity": "idea",
    "effect_on_agents": "Des agents formés à plusieurs démarches.",
    "effect_on_users": "Une seule visite au lieu de trois.",
    "collective_dimension": "L'accueil, l'état civil et le CCAS.",
    "reproducibility": "Toute mairie annexe peut le faire.",
    "supervisor_name": "Paul Girard",
    "supervisor_function": "Directeur général des services",
    "supervisor_email": "dgs@pessac.fr",
}


def url(name, call, application=None):
    args = [call.pk] if application is None else [call.pk, application.pk]
    return reverse(f"backoffice:{name}", args=args)


def _today_in_call(call):
    return timezone.localdate()


def start_data(**overrides):
    return {
        "channel": "paper",
        "received_on": timezone.localdate().isoformat(),
        "title": ENTRY["title"],
        "applicant_name": ENTRY["applicant_name"],
        "applicant_job_title": ENTRY["applicant_job_title"],
        "applicant_email": "denise.lambert@pessac.fr",
        **overrides,
    }


def entry_data(application, **overrides):
    theme = application.call.themes.first()
    return {
        **ENTRY,
        "received_on": application.received_on.isoformat(),
        "organisation_query": "Commune de Pessac",
        "theme": str(theme.pk),
        **overrides,
    }


def pdf(name="soutien-signe.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


@pytest.fixture
def started(call, staff):
    return assisted_application_start(
        call=call,
        actor=staff,
        channel=SubmissionChannel.PAPER,
        received_on=timezone.localdate(),
        title=ENTRY["title"],
        applicant_name="Denise Lambert",
        applicant_email="Denise.Lambert@pessac.fr",
        applicant_job_title="Agente d'accueil",
    )


def fill(client, call, application, **overrides):
    """Type the paper dossier, with the organisation already in free text (no referential
    needed), then attach the signed support."""
    Application.objects.filter(pk=application.pk).update(
        organisation_name="Commune de Pessac",
        organisation_type="commune",
        organisation_departement="33",
    )
    data = entry_data(application, **overrides)
    data["organisation_query"] = "Commune de Pessac"  # untouched: the free text stays
    response = client.post(url("assisted_edit", call, application), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(
        url("assisted_files", call, application), {"action": "scan", "scan-file": pdf()}
    )
    assert response.status_code == 302
    return response


# --- the whole path ---------------------------------------------------------------------------


def test_staff_submits_a_paper_dossier_end_to_end(
    client, call, staff, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    assert client.get(url("assisted_start", call)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("assisted_start", call), start_data())
    application = Application.objects.get(title=ENTRY["title"])
    assert response.url == url("assisted_edit", call, application)
    assert application.submission_channel == SubmissionChannel.PAPER
    assert application.state == ApplicationState.DRAFT
    # Denise has no account: she is the owner, invited by e-mail
    owner = application.team.get()
    assert (owner.email, owner.access, owner.user) == (
        "denise.lambert@pessac.fr",
        TeamAccess.OWNER,
        None,
    )
    assert owner.invitation_status == InvitationStatus.PENDING
    assert mailoutbox[-1].to == ["denise.lambert@pessac.fr"]
    assert "/invitations/" in mailoutbox[-1].body

    assert client.get(url("assisted_edit", call, application)).status_code == 200
    fill(client, call, application)
    application.refresh_from_db()
    scan = application.attachments.get()
    assert scan.kind == AttachmentKind.SIGNED_SUPPORT
    assert scan.file.read() == MINIMAL_PDF
    assert application.support_request.status == SupportStatus.CONFIRMED

    assert client.get(url("assisted_check", call, application)).status_code == 200
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("assisted_check", call, application), {"declaration": "on"})
    assert response.status_code == 302
    assert response.url == url("assisted_done", call, application)

    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.reference == "MNT-2024-06-0001"
    assert application.submitted_on_behalf_by == staff
    assert application.received_on == timezone.localdate()
    version = ApplicationVersion.objects.get(application=application)
    assert version.sha256 == application.content_sha256
    # the same receipt as online, to the applicant, with its PDF
    (receipt,) = mailoutbox
    assert receipt.to == ["denise.lambert@pessac.fr"]
    assert application.reference in receipt.subject
    assert receipt.attachments[0][0] == f"recepisse-{application.reference}.pdf"
    # the audit row of the state change says who submitted for whom
    event = AuditEvent.objects.get(
        object_id=str(application.pk), action="application.state", to_value="submitted"
    )
    assert event.actor == staff
    assert "pour le compte de Denise Lambert <denise.lambert@pessac.fr>" in event.reason
    assert "papier" in event.reason

    done = client.get(url("assisted_done", call, application)).content.decode()
    assert application.reference in done
    assert "denise.lambert@pessac.fr" in done
    # the dossier pages say how it was submitted
    detail = client.get(reverse("backoffice:application_detail", args=[application.pk]))
    assert "Dossier déposé par l'équipe du fonds (papier, reçu le" in detail.content.decode()


def test_applicant_with_an_account_is_linked_and_sees_the_notice(
    client, call, staff, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = assisted_application_start(
            call=call,
            actor=staff,
            channel=SubmissionChannel.PHONE,
            received_on=timezone.localdate(),
            title="Projet par téléphone",
            applicant_name=applicant.full_name,
            applicant_email=applicant.email.upper(),
            applicant_job_title="Directrice",
        )
    owner = application.team.get()
    assert owner.user == applicant and owner.invitation_status == InvitationStatus.NONE
    assert mailoutbox == []  # nothing to accept: the dossier is already in her list
    client.force_login(staff)
    fill(client, call, application, channel="phone")
    with django_capture_on_commit_callbacks(execute=True):
        assisted_application_submit(application=application, actor=staff)
    assert mailoutbox[-1].to == [applicant.email]
    client.force_login(applicant)
    page = client.get(reverse("portal:application_detail", args=[application.pk]))
    assert "Dossier déposé par l'équipe du fonds (téléphone, reçu le" in page.content.decode()


def test_online_dossier_shows_no_assisted_notice(client, make_submitted, call, staff):
    application = make_submitted(call)
    assert application.submission_channel == SubmissionChannel.ONLINE
    assert application.submitted_on_behalf_by is None
    client.force_login(staff)
    page = client.get(reverse("backoffice:application_detail", args=[application.pk]))
    assert "Dossier déposé par l'équipe du fonds" not in page.content.decode()


# --- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["assisted_edit", "assisted_files", "assisted_check"])
def test_other_fund_staff_and_outsiders_are_refused(
    client, call, started, other_fund_staff, outsider, name
):
    client.force_login(other_fund_staff)
    assert client.get(url(name, call, started)).status_code == 404
    assert client.post(url(name, call, started), {"declaration": "on"}).status_code == 404
    client.force_login(outsider)
    assert client.get(url(name, call, started)).status_code == 403
    client.logout()
    assert client.get(url(name, call, started)).status_code == 302  # to the login page
    started.refresh_from_db()
    assert started.state == ApplicationState.DRAFT


def test_start_page_refused_to_other_fund_and_outsider(client, call, other_fund_staff, outsider):
    client.force_login(other_fund_staff)
    assert client.get(url("assisted_start", call)).status_code == 404
    assert client.post(url("assisted_start", call), start_data()).status_code == 404
    client.force_login(outsider)
    assert client.post(url("assisted_start", call), start_data()).status_code == 403
    assert not Application.objects.exists()


def test_the_applicants_own_online_draft_is_not_reachable(client, call, staff, application):
    """Staff cannot type into an applicant's online draft through the assisted pages."""
    client.force_login(staff)
    assert client.get(url("assisted_edit", call, application)).status_code == 404
    assert client.get(url("assisted_check", call, application)).status_code == 404


def test_a_dossier_of_another_call_is_not_found(client, call, staff, started, fund):
    other_call = CallFactory(fund=fund)
    client.force_login(staff)
    assert client.get(url("assisted_edit", other_call, started)).status_code == 404


def test_platform_admin_may_enter_a_dossier(client, call, platform_admin):
    client.force_login(platform_admin)
    assert client.get(url("assisted_start", call)).status_code == 200


# --- the deadline ----------------------------------------------------------------------------


@pytest.fixture
def closed_call(fund):
    now = timezone.now()
    return CallFactory(
        fund=fund,
        opens_at=now - dt.timedelta(days=40),
        closes_at=now - dt.timedelta(days=5),
    )


def test_paper_dossier_received_before_the_deadline_is_recorded_after_it(
    client, closed_call, staff
):
    received = timezone.localdate(closed_call.closes_at)
    application = assisted_application_start(
        call=closed_call,
        actor=staff,
        channel=SubmissionChannel.PAPER,
        received_on=received,
        title="Posté le jour de la clôture",
        applicant_name="Denise Lambert",
        applicant_email="denise@pessac.fr",
        applicant_job_title="Agente",
    )
    client.force_login(staff)
    fill(client, closed_call, application)
    submitted = assisted_application_submit(application=application, actor=staff)
    assert submitted.state == ApplicationState.SUBMITTED
    assert submitted.received_on == received
    assert submitted.submitted_at > closed_call.closes_at


def test_date_after_the_deadline_is_refused_with_a_clear_message(client, closed_call, staff):
    client.force_login(staff)
    late = timezone.localdate(closed_call.closes_at) + dt.timedelta(days=1)
    response = client.post(
        url("assisted_start", closed_call), start_data(received_on=late.isoformat())
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "après la clôture de l&#x27;appel" in page
    assert "ne peut pas être enregistré" in page
    # nothing typed is lost
    assert 'value="denise.lambert@pessac.fr"' in page
    assert 'value="Denise Lambert"' in page
    assert not Application.objects.exists()


def test_date_in_the_future_or_before_opening_is_refused(client, call, staff):
    client.force_login(staff)
    future = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(url("assisted_start", call), start_data(received_on=future.isoformat()))
    assert "ne peut pas être dans le futur" in response.content.decode()
    before = timezone.localdate(call.opens_at) - dt.timedelta(days=1)
    response = client.post(url("assisted_start", call), start_data(received_on=before.isoformat()))
    assert "avant l&#x27;ouverture de l&#x27;appel" in response.content.decode()
    assert not Application.objects.exists()


def test_submission_service_refuses_a_late_received_date(closed_call, staff):
    """Even if the date were changed behind the forms, the submission service judges it."""
    application = ApplicationFactory(
        call=closed_call,
        created_by=staff,
        complete=True,
        ready=True,
        submission_channel=SubmissionChannel.PAPER,
    )
    late = timezone.localdate(closed_call.closes_at) + dt.timedelta(days=2)
    with pytest.raises(ApplicationError, match="après la clôture"):
        application_submit(
            application_id=application.pk, user=staff, channel="paper", received_on=late
        )
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT and application.reference is None


def test_online_submission_after_the_deadline_stays_refused(closed_call, applicant):
    application = ApplicationFactory(
        call=closed_call, created_by=applicant, complete=True, ready=True
    )
    with pytest.raises(ApplicationError, match="clos"):
        application_submit(application_id=application.pk, user=applicant)


# --- bad input ---------------------------------------------------------------------------------


def test_start_form_errors_are_french_and_keep_what_was_typed(client, call, staff):
    client.force_login(staff)
    response = client.post(
        url("assisted_start", call),
        start_data(channel="", applicant_email="pas-une-adresse", received_on="32/13/2024"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Erreur :" in page
    assert "Choisissez comment le dossier est parvenu au fonds." in page
    assert "Saisissez une adresse e-mail valide" in page
    assert "Saisissez une date, par exemple" in page
    assert 'value="pas-une-adresse"' in page
    assert ENTRY["title"] in page


def test_entry_errors_keep_every_answer(client, call, staff, started):
    client.force_login(staff)
    data = entry_data(started, supervisor_email="", effect_on_users="x" * 3001)
    response = client.post(url("assisted_edit", call, started), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Indiquez l&#x27;adresse e-mail de la personne qui a signé le soutien." in page
    assert "3000" in page  # the limit of a long answer, said beside the field
    assert ENTRY["problem"].replace("'", "&#x27;") in page
    assert "Paul Girard" in page
    started.refresh_from_db()
    assert started.problem == ""  # nothing half-saved


def test_a_file_that_is_not_a_document_is_refused_in_french(client, call, staff, started):
    client.force_login(staff)
    fake = SimpleUploadedFile(
        "soutien.pdf", b"MZ\x90\x00 un programme", content_type="application/pdf"
    )
    response = client.post(
        url("assisted_files", call, started), {"action": "scan", "scan-file": fake}
    )
    assert response.status_code == 422
    assert "type accepté" in response.content.decode()
    assert not started.attachments.exists()


def test_submitting_without_the_signed_scan_says_what_is_missing(client, call, staff, started):
    client.force_login(staff)
    Application.objects.filter(pk=started.pk).update(
        organisation_name="Commune de Pessac",
        organisation_type="commune",
        organisation_departement="33",
    )
    client.post(url("assisted_edit", call, started), entry_data(started))
    response = client.post(url("assisted_check", call, started), {"declaration": "on"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Joignez le scan du soutien hiérarchique signé." in page
    started.refresh_from_db()
    assert started.state == ApplicationState.DRAFT


def test_removing_the_scan_puts_the_support_back_to_pending(client, call, staff, started):
    client.force_login(staff)
    fill(client, call, started)
    scan = started.attachments.get()
    client.post(url("assisted_files", call, started), {"action": "delete", "attachment": scan.pk})
    started.refresh_from_db()
    assert not started.attachments.exists()
    assert started.support_request.status == SupportStatus.PENDING


def test_double_submission_gives_one_reference(client, call, staff, started):
    client.force_login(staff)
    fill(client, call, started)
    client.post(url("assisted_check", call, started), {"declaration": "on"})
    started.refresh_from_db()
    reference = started.reference
    # the draft is gone from the assisted pages; the call's counter did not move
    assert (
        client.post(url("assisted_check", call, started), {"declaration": "on"}).status_code == 404
    )
    started.call.refresh_from_db()
    assert started.call.reference_counter == 1 and reference.endswith("0001")


def test_funding_call_takes_amount_and_budget_lines(client, fund, staff):
    call = CallFactory(fund=fund, funding=True)
    application = assisted_application_start(
        call=call,
        actor=staff,
        channel=SubmissionChannel.EMAIL,
        received_on=timezone.localdate(),
        title="Projet de l'État",
        applicant_name="Inès Morel",
        applicant_email="ines.morel@prefecture.gouv.fr",
        applicant_job_title="Cheffe de projet",
    )
    Application.objects.filter(pk=application.pk).update(
        organisation_name="Préfecture de la Gironde",
        organisation_type="etat_deconcentre",
        organisation_departement="33",
    )
    client.force_login(staff)
    data = {
        **entry_data(
            application,
            channel="email",
            partners="La DDFiP.",
            organisation_query="Préfecture de la Gironde",
        ),
        "amount_requested": "50000",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-label": "Design de service",
        "lines-0-amount": "30000",
        "lines-1-label": "Prototype",
        "lines-1-amount": "20000",
    }
    for name in ("supervisor_name", "supervisor_function", "supervisor_email"):
        data.pop(name)
    response = client.post(url("assisted_edit", call, application), data)
    assert response.status_code == 302
    submitted = assisted_application_submit(application=application, actor=staff)
    assert submitted.state == ApplicationState.SUBMITTED
    assert submitted.budget_total() == 50000


# --- query count of the list of drafts in progress -----------------------------------------


def _queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_start_page_queries_do_not_grow_with_the_drafts(client, fund, staff):
    counts = []
    for rows in (3, 20):
        call = CallFactory(fund=fund)
        for n in range(rows):
            assisted_application_start(
                call=call,
                actor=staff,
                channel=SubmissionChannel.PAPER,
                received_on=timezone.localdate(),
                title=f"Dossier papier {n}",
                applicant_name=f"Porteur {n}",
                applicant_email=f"porteur{n}.{call.pk}@mairie.fr",
                applicant_job_title="Agent",
            )
        client.force_login(staff)
        counts.append(_queries(client, url("assisted_start", call)))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 12, counts


def test_a_draft_started_by_staff_but_submitted_online_by_its_applicant_is_online(
    client, call, staff, applicant
):
    application = assisted_application_start(
        call=call,
        actor=staff,
        channel=SubmissionChannel.PHONE,
        received_on=timezone.localdate(),
        title="Commencé au téléphone",
        applicant_name=applicant.full_name,
        applicant_email=applicant.email,
        applicant_job_title="Directrice",
    )
    client.force_login(staff)
    fill(client, call, application, channel="phone")
    submitted = application_submit(application_id=application.pk, user=applicant)
    assert submitted.submission_channel == SubmissionChannel.ONLINE
    assert submitted.submitted_on_behalf_by is None
    client.force_login(applicant)
    page = client.get(reverse("portal:application_detail", args=[application.pk]))
    assert "Dossier déposé par l'équipe du fonds" not in page.content.decode()
