"""The applicant's path through the portal, with the test client (the browser test drives
the same path in Chromium)."""

import html as htmllib

import pytest
from django.urls import reverse

from essaim.applications.enums import ApplicationState, SupportStatus, TeamAccess
from essaim.applications.models import Application, SupportRequest
from essaim.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_start_requires_login(client, call):
    url = reverse("portal:application_start", args=[call.fund.slug, call.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_start_creates_a_draft_owned_by_the_user(client, call, applicant):
    client.force_login(applicant)
    url = reverse("portal:application_start", args=[call.fund.slug, call.slug])
    response = client.post(url, {"title": "Accueil téléphonique"})
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:application_detail", args=[application.pk])
    assert application.state == ApplicationState.DRAFT
    assert application.team.get().user == applicant
    assert application.team.get().access == TeamAccess.OWNER


def test_start_refused_on_closed_call(client, applicant):
    import datetime as dt

    from django.utils import timezone

    from ..factories import CallFactory

    call = CallFactory(
        opens_at=timezone.now() - dt.timedelta(days=30),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    client.force_login(applicant)
    url = reverse("portal:application_start", args=[call.fund.slug, call.slug])
    response = client.post(url, {"title": "Trop tard"})
    assert response.status_code == 200
    assert not Application.objects.exists()
    assert "n'accepte pas de dossier" in htmllib.unescape(response.content.decode())


def test_task_list_shows_sections_and_progress(client, application, applicant):
    client.force_login(applicant)
    response = client.get(reverse("portal:application_detail", args=[application.pk]))
    html = htmllib.unescape(response.content.decode())
    assert response.status_code == 200
    for title in [
        "Organisme",
        "Équipe",
        "Le problème",
        "L'idée",
        "Impact",
        "Pièces jointes",
        "Soutien hiérarchique",
    ]:
        assert title in html
    assert "Budget" not in html  # an accompaniment call asks for no money
    # attachments are optional: without a file they say so and are not counted as left to do
    assert "sections sur 6 terminées" in html
    assert 'id="status-attachments">Facultative</strong>' in html


def test_section_save_without_javascript(client, application, applicant):
    client.force_login(applicant)
    url = reverse("portal:section_edit", args=[application.pk, "problem"])
    theme = application.call.themes.first()
    response = client.post(
        url, {"theme": theme.pk, "problem": "Longue attente", "users_concerned": ""}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.problem == "Longue attente"
    assert application.theme == theme


def test_a_too_long_answer_says_how_many_characters_to_remove_and_keeps_it(
    client, application, applicant
):
    client.force_login(applicant)
    url = reverse("portal:section_edit", args=[application.pk, "problem"])
    theme = application.call.themes.first()
    typed = "é" * 3299
    response = client.post(url, {"theme": theme.pk, "problem": typed, "users_concerned": ""})
    assert response.status_code == 200
    page = htmllib.unescape(response.content.decode())
    # the same words as the counter under the field ("… caractères de trop"), with the number
    # numbers grouped with a narrow or a plain no-break space, whichever the locale gives
    assert "Ce texte fait 3\u202f299 caractères pour 3\u202f000 au plus\u202f: retirez-en 299." in (
        page.replace("\xa0", "\u202f")
    )
    assert "Assurez-vous" not in page
    assert typed in page  # nothing typed is lost
    application.refresh_from_db()
    assert application.problem == ""


def test_section_autosave_with_htmx_answers_a_status(client, application, applicant):
    client.force_login(applicant)
    url = reverse("portal:section_edit", args=[application.pk, "impact"])
    response = client.post(url, {"effect_on_agents": "Moins de stress"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Enregistré à" in htmllib.unescape(response.content.decode())
    application.refresh_from_db()
    assert application.effect_on_agents == "Moins de stress"


def test_a_too_long_title_says_how_many_characters_to_remove(client, application, applicant):
    client.force_login(applicant)
    url = reverse("portal:section_edit", args=[application.pk, "organisation"])
    typed = "Un accueil repensé " * 11 + "avec les agents"  # 224 characters
    response = client.post(url, {"title": typed, "organisation_query": ""})
    assert response.status_code == 200
    page = htmllib.unescape(response.content.decode())
    assert "Ce texte fait 224 caractères pour 200 au plus\xa0: retirez-en 24." in page
    assert "Assurez-vous" not in page
    assert f'value="{typed}"' in page  # nothing typed is lost


def test_validation_error_keeps_what_was_typed(client, applicant):
    from ..factories import ApplicationFactory, CallFactory, OrganisationFactory

    call = CallFactory(allowed_organisation_types=["commune"])
    application = ApplicationFactory(call=call, created_by=applicant)
    sdis = OrganisationFactory(
        kind="sdis", name="SDIS du Calvados", departement="14", source="applicant"
    )
    client.force_login(applicant)
    url = reverse("portal:section_edit", args=[application.pk, "organisation"])
    response = client.post(
        url,
        {"title": "Mon projet", "organisation": sdis.pk, "organisation_query": str(sdis)},
    )
    html = htmllib.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Il y a un problème" in html
    assert "Cet appel est ouvert aux organismes suivants" in html
    assert 'value="SDIS du Calvados (14)"' in html
    assert 'value="Mon projet"' in html
    assert "<title>Erreur :" in html
    application.refresh_from_db()
    assert application.organisation is None


def test_budget_section_for_funding_call(client, applicant):
    from ..factories import ApplicationFactory, CallFactory

    call = CallFactory(funding=True)
    application = ApplicationFactory(call=call, created_by=applicant)
    client.force_login(applicant)
    url = reverse("portal:section_edit", args=[application.pk, "budget"])
    data = {
        "amount_requested": "50000",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "30",
        "lines-0-label": "Designers",
        "lines-0-amount": "30000",
        "lines-1-label": "Prototype",
        "lines-1-amount": "20000",
    }
    assert client.post(url, data).status_code == 302
    assert application.budget_lines.count() == 2
    data["amount_requested"] = "200000"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ne peut pas dépasser" in htmllib.unescape(response.content.decode())


def test_check_page_lists_missing_items(client, application, applicant):
    client.force_login(applicant)
    response = client.get(reverse("portal:application_check", args=[application.pk]))
    html = htmllib.unescape(response.content.decode())
    assert "avant de pouvoir déposer" in html
    assert "Renseignez le problème constaté." in html


def test_submit_through_the_check_page(
    client, complete_application, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    url = reverse("portal:application_check", args=[complete_application.pk])
    response = client.post(url, {})
    assert response.status_code == 422
    assert "Cochez la déclaration" in htmllib.unescape(response.content.decode())
    response = client.post(url, {"declaration": "on"})
    assert response.status_code == 302
    confirmation = client.get(response["Location"])
    assert "MNT-2024-06-0001" in htmllib.unescape(confirmation.content.decode())
    complete_application.refresh_from_db()
    assert complete_application.state == ApplicationState.SUBMITTED
    # A frozen dossier refuses edits.
    edit = client.post(
        reverse("portal:section_edit", args=[complete_application.pk, "idea"]), {"idea": "x"}
    )
    assert edit.status_code == 403


def test_withdraw_with_reason(client, complete_application, applicant):
    from essaim.applications.services.submission import application_submit

    application_submit(application_id=complete_application.pk, user=applicant)
    client.force_login(applicant)
    url = reverse("portal:application_withdraw", args=[complete_application.pk])
    assert "Indiquez le motif" in htmllib.unescape(
        client.post(url, {"reason": ""}).content.decode()
    )
    assert client.post(url, {"reason": "Le projet est reporté."}).status_code == 302
    complete_application.refresh_from_db()
    assert complete_application.state == ApplicationState.WITHDRAWN
    event = AuditEvent.objects.for_object(complete_application).filter(to_value="withdrawn").get()
    assert event.reason == "Le projet est reporté."


def test_team_invitation_and_acceptance(
    client, application, applicant, co_applicant, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:team", args=[application.pk]),
            {
                "full_name": "Bob Durand",
                "job_title": "Agent d'accueil",
                "project_role": "Référent usagers",
                "email": co_applicant.email,
                "invite": "on",
            },
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    member = application.team.get(email=co_applicant.email)
    link = reverse("portal:accept_invitation", args=[member.invitation_token])
    assert link in mailoutbox[0].body

    client.force_login(co_applicant)
    assert (
        client.get(reverse("portal:application_detail", args=[application.pk])).status_code == 404
    )
    assert client.post(link).status_code == 302
    assert (
        client.get(reverse("portal:application_detail", args=[application.pk])).status_code == 200
    )
    # The link works once.
    assert client.post(link).status_code == 410


def test_support_section_reflects_confirmation(application):
    from essaim.applications.sections import section_states

    SupportRequest.objects.create(
        application=application,
        supervisor_name="Claire Martin",
        supervisor_function="DGS",
        supervisor_email="dgs@pessac.fr",
        status=SupportStatus.CONFIRMED,
    )
    application = Application.objects.get(pk=application.pk)
    support = next(s for s in section_states(application) if s.section.slug == "support")
    assert support.status == "done"


def test_invitation_link_refused_to_another_account(client, application, applicant, outsider):
    from essaim.applications.services.team import team_member_add

    member = team_member_add(
        application=application,
        actor=applicant,
        full_name="Bob Durand",
        job_title="Agent d'accueil",
        email="bob@pessac.fr",
        invite=True,
    )
    client.force_login(outsider)
    link = reverse("portal:accept_invitation", args=[member.invitation_token])
    response = client.post(link, follow=True)
    assert "Cette invitation a été envoyée à bob@pessac.fr" in htmllib.unescape(
        response.content.decode()
    )
    member.refresh_from_db()
    assert member.user is None
    assert (
        client.get(reverse("portal:application_detail", args=[application.pk])).status_code == 404
    )


def test_a_missing_declaration_is_listed_with_the_missing_items(client, application, applicant):
    client.force_login(applicant)
    url = reverse("portal:application_check", args=[application.pk])
    html = htmllib.unescape(client.post(url, {}).content.decode())
    summary = html[
        html.index('class="error-summary"') : html.index(
            "</ul>", html.index('class="error-summary"')
        )
    ]
    assert "Renseignez le problème constaté." in summary
    assert "Cochez la déclaration" in summary
