"""Decision messages in the back-office: templates with preview, preparing, confirming, the
log — and who may reach each page."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.applications.enums import ApplicationState as S
from essaim.review.enums import DeliveryStatus, MailingStatus
from essaim.review.models import Mailing, MailTemplate
from essaim.review.services.mailings import confirm_mailing, prepare_mailing

from ..factories import ApplicationFactory, UserFactory, decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def laureates(call, applicant):
    first = decided(
        ApplicationFactory(call=call, created_by=applicant, complete=True),
        S.LAUREATE,
        reason="Un projet très collectif.",
    )
    second = decided(ApplicationFactory(call=call, complete=True), S.LAUREATE)
    return [first, second]


@pytest.fixture
def draft(call, staff, laureates):
    return prepare_mailing(
        call=call,
        outcome=S.LAUREATE,
        application_ids=[a.pk for a in laureates],
        subject="Décision {reference}",
        body="Bonjour {porteur}, {motif}",
        actor=staff,
    )


@pytest.fixture
def sent(draft, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        confirm_mailing(mailing=draft, actor=staff)
    mail.outbox.clear()
    return draft


# --- permissions --------------------------------------------------------------------------


def _urls(call, mailing):
    recipient = mailing.recipients.first()
    return [
        ("get", reverse("backoffice:mailings", args=[call.pk])),
        ("get", reverse("backoffice:mail_template_edit", args=[call.pk, S.LAUREATE])),
        ("post", reverse("backoffice:mail_template_edit", args=[call.pk, S.LAUREATE])),
        ("get", reverse("backoffice:mailing_create", args=[call.pk, S.LAUREATE])),
        ("post", reverse("backoffice:mailing_create", args=[call.pk, S.LAUREATE])),
        ("get", reverse("backoffice:mailing_detail", args=[mailing.pk])),
        ("post", reverse("backoffice:mailing_confirm", args=[mailing.pk])),
        ("post", reverse("backoffice:mailing_discard", args=[mailing.pk])),
        ("get", reverse("backoffice:mailing_recipient", args=[mailing.pk, recipient.pk])),
    ]


@pytest.mark.parametrize("actor", ["outsider", "applicant"])
def test_people_without_backoffice_access_get_403(client, call, draft, actor, request):
    client.force_login(request.getfixturevalue(actor))
    for method, url in _urls(call, draft):
        assert getattr(client, method)(url).status_code == 403, url
    draft.refresh_from_db()
    assert draft.status == MailingStatus.DRAFT and mail.outbox == []


def test_staff_of_another_fund_get_404(client, call, draft, other_fund_staff):
    client.force_login(other_fund_staff)
    for method, url in _urls(call, draft):
        assert getattr(client, method)(url).status_code == 404, url
    draft.refresh_from_db()
    assert draft.status == MailingStatus.DRAFT and mail.outbox == []


def test_anonymous_is_sent_to_login(client, call, draft):
    for method, url in _urls(call, draft):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_staff_reach_every_page(client, call, draft, staff):
    client.force_login(staff)
    for method, url in _urls(call, draft):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_unknown_outcome_is_404(client, call, staff):
    client.force_login(staff)
    url = reverse("backoffice:mail_template_edit", args=[call.pk, "draft"])
    assert client.get(url).status_code == 404


def test_confirm_and_discard_need_post(client, draft, staff):
    client.force_login(staff)
    assert client.get(reverse("backoffice:mailing_confirm", args=[draft.pk])).status_code == 405
    assert client.get(reverse("backoffice:mailing_discard", args=[draft.pk])).status_code == 405


# --- templates ----------------------------------------------------------------------------


def test_template_page_starts_from_the_default(client, call, staff):
    client.force_login(staff)
    response = client.get(reverse("backoffice:mail_template_edit", args=[call.pk, S.LAUREATE]))
    html = response.content.decode()
    assert response.context["form"]["subject"].value() == "Votre projet {reference} est lauréat"
    assert "{motif}" in html and "le motif de la décision" in html  # the placeholders help


def test_template_save_creates_the_row(client, call, staff):
    client.force_login(staff)
    url = reverse("backoffice:mail_template_edit", args=[call.pk, S.LAUREATE])
    response = client.post(url, {"subject": "Bravo {titre}", "body": "Lauréat : {reference}"})
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:mailings", args=[call.pk])
    template = MailTemplate.objects.get(call=call, outcome=S.LAUREATE)
    assert (template.subject, template.body) == ("Bravo {titre}", "Lauréat : {reference}")
    assert "Personnalisé" in client.get(response["Location"]).content.decode()


def test_template_unknown_placeholder_is_shown_beside_the_field(client, call, staff):
    client.force_login(staff)
    url = reverse("backoffice:mail_template_edit", args=[call.pk, S.LAUREATE])
    response = client.post(url, {"subject": "Bravo", "body": "Bonjour {prenom}"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Il y a un problème" in html
    assert "Remplacement inconnu : {prenom}" in html
    assert "{reference}, {titre}" in html  # the allowed ones, listed
    assert "Bonjour {prenom}" in html  # nothing typed is lost
    assert not MailTemplate.objects.exists()


def test_template_preview_renders_a_real_dossier_without_saving(client, call, staff, laureates):
    client.force_login(staff)
    url = reverse("backoffice:mail_template_edit", args=[call.pk, S.LAUREATE])
    response = client.post(
        url, {"subject": "Bravo {reference}", "body": "Motif : {motif}", "preview": "1"}
    )
    html = response.content.decode()
    preview = response.context["preview"]
    sample = preview["sample"]
    assert preview["subject"] == f"Bravo {sample.reference}"
    assert f"Bravo {sample.reference}" in html
    assert not MailTemplate.objects.exists()


def test_preview_escapes_html_from_dossiers_and_templates(client, call, staff, laureates):
    laureates[0].title = "<script>alert('titre')</script>"
    laureates[0].save(update_fields=["title"])
    client.force_login(staff)
    mailing = prepare_mailing(
        call=call,
        outcome=S.LAUREATE,
        application_ids=[laureates[0].pk],
        subject="{titre}",
        body="<b>gras</b> {titre}",
        actor=staff,
    )
    html = client.get(reverse("backoffice:mailing_detail", args=[mailing.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;titre&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;gras&lt;/b&gt;" in html


# --- a new mailing ------------------------------------------------------------------------


def test_new_mailing_preselects_every_dossier_in_that_state(client, call, staff, laureates):
    decided(ApplicationFactory(call=call), S.NOT_SELECTED, reason="x")
    client.force_login(staff)
    response = client.get(reverse("backoffice:mailing_create", args=[call.pk, S.LAUREATE]))
    field = response.context["form"]["applications"]
    assert sorted(field.value()) == sorted(a.pk for a in laureates)
    assert response.content.decode().count('name="applications"') == 2


def test_new_mailing_goes_to_the_preview_and_sends_nothing(client, call, staff, laureates):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:mailing_create", args=[call.pk, S.LAUREATE]),
        {
            "applications": [laureates[0].pk],
            "subject": "Décision {reference}",
            "body": "Bonjour {porteur}",
        },
    )
    mailing = Mailing.objects.get()
    assert response["Location"] == reverse("backoffice:mailing_detail", args=[mailing.pk])
    assert mailing.status == MailingStatus.DRAFT
    assert [r.application_id for r in mailing.recipients.all()] == [laureates[0].pk]
    assert mail.outbox == []


def test_new_mailing_without_dossier_shows_the_error(client, call, staff, laureates):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:mailing_create", args=[call.pk, S.LAUREATE]),
        {"subject": "Décision", "body": "Bonjour {nom}"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choisissez au moins un dossier." in html
    assert "Remplacement inconnu : {nom}" in html
    assert not Mailing.objects.exists()


def test_preview_page_states_the_count_and_the_messages(client, draft, staff, laureates):
    client.force_login(staff)
    html = client.get(reverse("backoffice:mailing_detail", args=[draft.pk])).content.decode()
    assert "Vous allez envoyer 2 messages « Lauréat »." in html
    assert "Bonjour Alice Martin, Un projet très collectif." in html
    assert "alice@pessac.fr" in html
    assert mail.outbox == []


def test_confirm_sends_and_shows_the_log(
    client, draft, staff, laureates, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:mailing_confirm", args=[draft.pk]))
    assert response["Location"] == reverse("backoffice:mailing_detail", args=[draft.pk])
    assert len(mail.outbox) == 2
    html = client.get(response["Location"]).content.decode()
    assert "Journal de l" in html
    assert html.count("Envoyé</strong>") == 2
    assert "2 au total : 2 envoyés, 0 en échec, 0 en file d'attente." in html


def test_confirming_twice_sends_once(
    client, draft, staff, laureates, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("backoffice:mailing_confirm", args=[draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        response = client.post(url, follow=True)
    assert len(mail.outbox) == 2
    assert "déjà confirmé" in response.content.decode()


def test_discard_returns_to_the_form(client, draft, staff):
    client.force_login(staff)
    response = client.post(reverse("backoffice:mailing_discard", args=[draft.pk]))
    assert response["Location"] == reverse(
        "backoffice:mailing_create", args=[draft.call_id, S.LAUREATE]
    )
    assert not Mailing.objects.exists()


def test_recipient_page_shows_the_exact_message(client, sent, staff, laureates):
    recipient = sent.recipients.get(application=laureates[0])
    client.force_login(staff)
    html = client.get(
        reverse("backoffice:mailing_recipient", args=[sent.pk, recipient.pk])
    ).content.decode()
    assert recipient.subject in html
    assert "Bonjour Alice Martin, Un projet très collectif." in html
    assert recipient.status == DeliveryStatus.SENT


def test_recipient_of_another_mailing_is_404(client, sent, draft, staff, call, laureates):
    other = prepare_mailing(
        call=call,
        outcome=S.LAUREATE,
        application_ids=[laureates[0].pk],
        subject="x",
        body="y",
        actor=staff,
    )
    client.force_login(staff)
    url = reverse("backoffice:mailing_recipient", args=[sent.pk, other.recipients.get().pk])
    assert client.get(url).status_code == 404


def test_call_page_links_to_mailings_and_results(client, call, staff):
    client.force_login(staff)
    html = client.get(reverse("backoffice:call_detail", args=[call.pk])).content.decode()
    assert reverse("backoffice:mailings", args=[call.pk]) in html
    assert reverse("backoffice:call_results", args=[call.pk]) in html


# --- query counts -------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _mailing(call, staff, applications):
    return prepare_mailing(
        call=call,
        outcome=S.LAUREATE,
        application_ids=[a.pk for a in applications],
        subject="Décision {reference}",
        body="{motif}",
        actor=staff,
    )


def test_overview_constant_queries(client, call, staff, laureates):
    client.force_login(staff)
    _mailing(call, staff, laureates)
    url = reverse("backoffice:mailings", args=[call.pk])
    one = _count(client, url)
    for _ in range(2):
        _mailing(call, staff, laureates)
    assert _count(client, url) == one


@pytest.mark.parametrize("confirmed", [False, True])
def test_mailing_page_constant_queries(
    client, call, staff, confirmed, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    def page_queries(count):
        applications = [
            decided(ApplicationFactory(call=call, complete=True), S.LAUREATE, reason="r")
            for _ in range(count)
        ]
        mailing = _mailing(call, staff, applications)
        if confirmed:
            with django_capture_on_commit_callbacks(execute=True):
                confirm_mailing(mailing=mailing, actor=staff)
        return _count(client, reverse("backoffice:mailing_detail", args=[mailing.pk]))

    assert page_queries(1) == page_queries(3)


def test_mailing_create_constant_queries(client, call, staff):
    client.force_login(staff)
    url = reverse("backoffice:mailing_create", args=[call.pk, S.LAUREATE])
    decided(ApplicationFactory(call=call), S.LAUREATE)
    one = _count(client, url)
    for _ in range(2):
        decided(ApplicationFactory(call=call), S.LAUREATE)
    assert _count(client, url) == one


def test_platform_admin_reaches_the_pages(client, call, draft, platform_admin):
    client.force_login(platform_admin)
    assert client.get(reverse("backoffice:mailing_detail", args=[draft.pk])).status_code == 200


def test_fund_reviewer_without_staff_role_gets_403(client, call, draft):
    from ..factories import FundMembershipFactory

    reviewer = FundMembershipFactory(fund=call.fund, user=UserFactory(), role="reviewer").user
    client.force_login(reviewer)
    assert client.get(reverse("backoffice:mailings", args=[call.pk])).status_code == 403
