"""The "Pièces jointes" pages: listing, adding, removing, and who may download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.applications.models import Attachment
from essaim.applications.services.attachments import attachment_add
from essaim.applications.services.submission import application_submit
from essaim.applications.services.team import team_member_add, team_member_remove
from essaim.core.models import AuditEvent

from ..applications.test_attachments import EXE_BYTES, MINIMAL_PDF
from ..factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def add_pdf(application, actor, name="note.pdf"):
    return attachment_add(
        application=application,
        actor=actor,
        upload=SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf"),
    )


def join_co_applicant(application, owner, user):
    member = team_member_add(
        application=application,
        actor=owner,
        full_name=user.full_name,
        job_title="Agent",
        email=user.email,
        invite=True,
    )
    member.user = user
    member.invitation_status = "accepted"
    member.save()
    return member


def test_page_lists_files_with_size_uploader_and_date(client, application, applicant):
    add_pdf(application, applicant, "Compte rendu.pdf")
    client.force_login(applicant)
    response = client.get(reverse("portal:attachments", args=[application.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Compte rendu.pdf" in html
    assert "193\u00a0octets" in html or "193 octets" in html
    assert "Alice Martin" in html
    assert 'enctype="multipart/form-data"' in html
    assert html.count("<h1") == 1
    assert reverse("portal:application_detail", args=[application.pk]) in html


def test_upload_adds_the_file_and_returns_to_the_list(client, application, applicant):
    client.force_login(applicant)
    url = reverse("portal:attachments", args=[application.pk])
    response = client.post(
        url,
        {"file": SimpleUploadedFile("note.pdf", MINIMAL_PDF), "description": "Note de cadrage"},
    )
    assert response.status_code == 302 and response["Location"] == url
    attachment = Attachment.objects.get(application=application)
    assert attachment.original_name == "note.pdf"
    assert attachment.description == "Note de cadrage"
    assert AuditEvent.objects.for_object(application).filter(action="attachment.added").exists()
    page = client.get(url).content.decode()
    assert "« note.pdf » est joint au dossier." in page


def test_refused_upload_is_explained_beside_the_field(client, application, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("portal:attachments", args=[application.pk]),
        {"file": SimpleUploadedFile("rapport.pdf", EXE_BYTES), "description": "Rapport"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Il y a un problème" in html
    assert "<title>Erreur :" in html
    assert 'id="id_file_error"' in html
    assert "« rapport.pdf »" in html
    assert 'value="Rapport"' in html  # what was typed stays
    assert not Attachment.objects.exists()


def test_missing_file_is_asked_for(client, application, applicant):
    client.force_login(applicant)
    response = client.post(reverse("portal:attachments", args=[application.pk]), {})
    assert response.status_code == 422
    assert "Choisissez le fichier à joindre." in response.content.decode()


def test_page_runs_a_fixed_number_of_queries(client, application, applicant):
    client.force_login(applicant)
    url = reverse("portal:attachments", args=[application.pk])
    add_pdf(application, applicant, "1.pdf")
    client.get(url)  # warm the session and the permission cache
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add_pdf(application, applicant, "2.pdf")
    add_pdf(application, applicant, "3.pdf")
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(one) == len(three)


# --- download ----------------------------------------------------------------------------


def test_download_headers(client, application, applicant):
    attachment = add_pdf(application, applicant, "Réunion d'équipe.pdf")
    client.force_login(applicant)
    response = client.get(
        reverse("portal:attachment_download", args=[application.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''R%C3%A9union%20d%27%C3%A9quipe.pdf" in disposition


@pytest.mark.parametrize("actor", ["applicant", "co_applicant", "staff"])
def test_team_and_fund_staff_can_download(client, application, applicant, actor, request):
    attachment = add_pdf(application, applicant)
    if actor == "co_applicant":
        join_co_applicant(application, applicant, request.getfixturevalue("co_applicant"))
    client.force_login(request.getfixturevalue(actor))
    url = reverse("portal:attachment_download", args=[application.pk, attachment.pk])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "actor", ["outsider", "other_applicant", "removed_co_applicant", "other_fund_staff"]
)
def test_others_get_404_on_download(client, application, applicant, co_applicant, actor, request):
    attachment = add_pdf(application, applicant)
    if actor == "other_applicant":
        user = ApplicationFactory(call=application.call).created_by
    elif actor == "removed_co_applicant":
        member = join_co_applicant(application, applicant, co_applicant)
        team_member_remove(member=member, actor=applicant)
        user = co_applicant
    else:
        user = request.getfixturevalue(actor)
    client.force_login(user)
    url = reverse("portal:attachment_download", args=[application.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, application, applicant):
    attachment = add_pdf(application, applicant)
    response = client.get(
        reverse("portal:attachment_download", args=[application.pk, attachment.pk])
    )
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_attachment_of_another_dossier_is_404(client, application, applicant):
    other = ApplicationFactory(call=application.call, created_by=applicant)
    foreign = add_pdf(other, applicant)
    client.force_login(applicant)
    # the person may see both dossiers, but the file does not belong to the one in the URL
    url = reverse("portal:attachment_download", args=[application.pk, foreign.pk])
    assert client.get(url).status_code == 404
    delete = reverse("portal:attachment_delete", args=[application.pk, foreign.pk])
    assert client.post(delete).status_code == 404
    assert Attachment.objects.filter(pk=foreign.pk).exists()


# --- delete ------------------------------------------------------------------------------


def test_delete_asks_then_removes(client, application, applicant):
    attachment = add_pdf(application, applicant)
    client.force_login(applicant)
    url = reverse("portal:attachment_delete", args=[application.pk, attachment.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Supprimer « note.pdf » ?" in confirm.content.decode()
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert AuditEvent.objects.for_object(application).filter(action="attachment.deleted").exists()


def test_outsider_cannot_see_the_delete_page(client, application, applicant, outsider):
    attachment = add_pdf(application, applicant)
    client.force_login(outsider)
    url = reverse("portal:attachment_delete", args=[application.pk, attachment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_staff_reads_but_cannot_change(client, complete_application, applicant, staff):
    attachment = add_pdf(complete_application, applicant)
    application_submit(application_id=complete_application.pk, user=applicant)
    client.force_login(staff)
    page = client.get(reverse("portal:attachments", args=[complete_application.pk]))
    assert page.status_code == 200 and 'enctype="multipart/form-data"' not in page.content.decode()
    upload = client.post(
        reverse("portal:attachments", args=[complete_application.pk]),
        {"file": SimpleUploadedFile("n.pdf", MINIMAL_PDF)},
    )
    assert upload.status_code == 403
    delete = reverse("portal:attachment_delete", args=[complete_application.pk, attachment.pk])
    assert client.post(delete).status_code == 403
    assert Attachment.objects.filter(application=complete_application).count() == 1


def test_submitted_dossier_is_read_only_for_its_team(client, complete_application, applicant):
    attachment = add_pdf(complete_application, applicant)
    application_submit(application_id=complete_application.pk, user=applicant)
    client.force_login(applicant)
    url = reverse("portal:attachments", args=[complete_application.pk])
    page = client.get(url).content.decode()
    assert "ne peuvent plus être modifiées" in page
    assert client.post(url, {"file": SimpleUploadedFile("n.pdf", MINIMAL_PDF)}).status_code == 403
    delete = reverse("portal:attachment_delete", args=[complete_application.pk, attachment.pk])
    assert client.post(delete).status_code == 403
    download = reverse("portal:attachment_download", args=[complete_application.pk, attachment.pk])
    assert client.get(download).status_code == 200


def test_post_requires_csrf(application, applicant):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    response = client.post(
        reverse("portal:attachments", args=[application.pk]),
        {"file": SimpleUploadedFile("n.pdf", MINIMAL_PDF)},
    )
    assert response.status_code == 403
    assert not Attachment.objects.exists()
