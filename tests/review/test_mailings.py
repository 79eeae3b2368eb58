"""Decision messages: placeholders, templates, preparing, confirming and delivering."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from essaim.applications.enums import ApplicationState as S
from essaim.applications.enums import TeamAccess
from essaim.applications.models import Message, TeamMember
from essaim.core.models import AuditEvent
from essaim.review.default_mail_templates import DEFAULT_TEMPLATES
from essaim.review.enums import DeliveryStatus, MailingStatus
from essaim.review.mailings import (
    MAIL_OUTCOMES,
    PLACEHOLDERS,
    render,
    unknown_placeholders,
    validate_placeholders,
)
from essaim.review.models import MailingRecipient, MailTemplate
from essaim.review.selectors.mailings import template_text
from essaim.review.services.mailings import (
    MailingError,
    confirm_mailing,
    deliver_recipient,
    discard_mailing,
    prepare_mailing,
    save_mail_template,
)
from essaim.review.tasks import send_decision_message

from ..factories import ApplicationFactory, UserFactory, decided

pytestmark = pytest.mark.django_db

SUBJECT = "Décision pour {reference}"
BODY = "Bonjour {porteur},\n\n« {titre} » ({organisme}) — {appel}, {fonds}.\n\n{motif}\n\n{lien}"


@pytest.fixture
def laureates(call, applicant, co_applicant):
    first = ApplicationFactory(call=call, created_by=applicant, complete=True)
    TeamMember.objects.create(
        application=first,
        user=co_applicant,
        full_name=co_applicant.full_name,
        email=co_applicant.email,
        job_title="Agent",
        access=TeamAccess.EDITOR,
    )
    # a listed member without an account is not written to
    TeamMember.objects.create(
        application=first, full_name="Dora Liste", email="dora@pessac.fr", job_title="Agent"
    )
    decided(first, S.LAUREATE, reason="Un projet très collectif.")
    second = decided(ApplicationFactory(call=call, complete=True), S.LAUREATE)
    return [first, second]


def _prepare(call, staff, applications, outcome=S.LAUREATE, subject=SUBJECT, body=BODY):
    return prepare_mailing(
        call=call,
        outcome=outcome,
        application_ids=[a.pk for a in applications],
        subject=subject,
        body=body,
        actor=staff,
    )


# --- placeholders -------------------------------------------------------------------------


def test_render_replaces_every_placeholder():
    values = {name: f"<{name}>" for name in PLACEHOLDERS}
    text = " ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    assert render(text, values) == " ".join(f"<{name}>" for name in PLACEHOLDERS)


def test_render_never_reaches_python_attributes():
    # str.format would resolve these; the regex substitution leaves them as written
    text = "{titre.__class__} {titre[0]} {0}"
    assert render(text, {"titre": "Projet"}) == text


def test_unknown_placeholder_is_listed_once():
    assert unknown_placeholders("{nom} {titre} {nom} {titre.upper}") == ["{nom}", "{titre.upper}"]


def test_unknown_placeholder_error_lists_the_allowed_ones():
    with pytest.raises(ValidationError) as error:
        validate_placeholders("Bonjour {prenom}")
    message = error.value.messages[0]
    assert "{prenom}" in message
    assert all(f"{{{name}}}" in message for name in PLACEHOLDERS)


def test_default_templates_cover_every_outcome_and_use_known_placeholders():
    assert set(DEFAULT_TEMPLATES) == set(MAIL_OUTCOMES)
    for template in DEFAULT_TEMPLATES.values():
        validate_placeholders(str(template.subject))
        validate_placeholders(str(template.body))


# --- templates ----------------------------------------------------------------------------


def test_template_text_is_the_default_until_saved(call, staff):
    assert template_text(call, S.LAUREATE).is_default
    save_mail_template(
        call=call, outcome=S.LAUREATE, subject="Bravo {titre}", body="Lauréat.", actor=staff
    )
    text = template_text(call, S.LAUREATE)
    assert (text.subject, text.body, text.is_default) == ("Bravo {titre}", "Lauréat.", False)
    assert AuditEvent.objects.filter(action="mail_template.saved", to_value=S.LAUREATE).exists()


def test_save_template_refuses_unknown_placeholder_field_by_field(call, staff):
    with pytest.raises(ValidationError) as error:
        save_mail_template(
            call=call, outcome=S.LAUREATE, subject="{sujet}", body="{corps}", actor=staff
        )
    assert set(error.value.error_dict) == {"subject", "body"}
    assert not MailTemplate.objects.exists()


def test_save_template_edits_the_same_row(call, staff):
    for subject in ("Un", "Deux"):
        save_mail_template(call=call, outcome=S.LAUREATE, subject=subject, body="x", actor=staff)
    assert MailTemplate.objects.get(call=call, outcome=S.LAUREATE).subject == "Deux"


# --- preparing ----------------------------------------------------------------------------


def test_prepare_renders_each_recipient_with_its_own_values(call, staff, laureates, settings):
    settings.SITE_URL = "https://essaim.example"
    mailing = _prepare(call, staff, laureates)
    first = mailing.recipients.get(application=laureates[0])
    assert first.subject == f"Décision pour {laureates[0].reference}"
    assert "Bonjour Alice Martin," in first.body
    assert "Commune de Pessac" in first.body
    assert "Un projet très collectif." in first.body
    assert f"https://essaim.example/dossiers/{laureates[0].pk}/" in first.body
    assert call.title in first.body and call.fund.name in first.body
    assert first.emails == ["alice@pessac.fr", "bob@pessac.fr"]
    second = mailing.recipients.get(application=laureates[1])
    assert "\n\n\n" not in second.body  # empty {motif} leaves no hole


def test_prepare_sends_nothing_and_stays_draft(
    call, staff, laureates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mailing = _prepare(call, staff, laureates)
    assert mailing.status == MailingStatus.DRAFT
    assert mail.outbox == []
    assert set(mailing.recipients.values_list("status", flat=True)) == {DeliveryStatus.QUEUED}
    assert not Message.objects.exists()


def test_prepare_refuses_a_dossier_in_another_state(call, staff, laureates):
    other = decided(ApplicationFactory(call=call), S.NOT_SELECTED, reason="Trop tôt.")
    with pytest.raises(MailingError):
        _prepare(call, staff, [*laureates, other])


def test_prepare_refuses_another_calls_dossier(call, staff, laureates):
    elsewhere = decided(ApplicationFactory(), S.LAUREATE)
    with pytest.raises(MailingError):
        _prepare(call, staff, [elsewhere])


def test_prepare_refuses_an_empty_choice(call, staff, laureates):
    with pytest.raises(MailingError):
        _prepare(call, staff, [])


def test_prepare_refuses_unknown_placeholder(call, staff, laureates):
    with pytest.raises(ValidationError):
        _prepare(call, staff, laureates, body="Bonjour {prenom}")


def test_subject_stays_on_one_line(call, staff, laureates):
    laureates[0].title = "Titre\r\nBcc: pirate@example.com"
    laureates[0].save(update_fields=["title"])
    mailing = _prepare(call, staff, laureates[:1], subject="{titre}")
    assert mailing.recipients.get().subject == "Titre Bcc: pirate@example.com"


# --- confirming and delivering -------------------------------------------------------------


def test_nothing_is_sent_before_confirmation_even_if_the_task_runs(call, staff, laureates):
    mailing = _prepare(call, staff, laureates)
    recipient = mailing.recipients.first()
    send_decision_message.enqueue(recipient_id=recipient.pk)
    assert mail.outbox == []
    recipient.refresh_from_db()
    assert recipient.status == DeliveryStatus.QUEUED


def test_confirm_sends_one_mail_per_recipient(
    call, staff, laureates, django_capture_on_commit_callbacks
):
    mailing = _prepare(call, staff, laureates)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_mailing(mailing=mailing, actor=staff)
    assert len(mail.outbox) == 2
    by_subject = {m.subject: m for m in mail.outbox}
    sent = by_subject[f"Décision pour {laureates[0].reference}"]
    assert sent.to == ["alice@pessac.fr", "bob@pessac.fr"]
    assert "Un projet très collectif." in sent.body
    for recipient in mailing.recipients.all():
        assert recipient.status == DeliveryStatus.SENT
        assert recipient.sent_at is not None
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.CONFIRMED
    assert mailing.confirmed_by == staff and mailing.confirmed_at is not None
    assert AuditEvent.objects.filter(action="mailing.confirmed").count() == 1


def test_running_the_task_twice_sends_once(
    call, staff, laureates, django_capture_on_commit_callbacks
):
    mailing = _prepare(call, staff, laureates[:1])
    with django_capture_on_commit_callbacks(execute=True):
        confirm_mailing(mailing=mailing, actor=staff)
    recipient = mailing.recipients.get()
    send_decision_message.enqueue(recipient_id=recipient.pk)
    assert deliver_recipient(recipient_id=recipient.pk) == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_confirm_twice_is_refused(call, staff, laureates, django_capture_on_commit_callbacks):
    mailing = _prepare(call, staff, laureates)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_mailing(mailing=mailing, actor=staff)
    with pytest.raises(MailingError):
        confirm_mailing(mailing=mailing, actor=staff)
    assert len(mail.outbox) == 2


def test_confirm_refuses_when_a_dossier_changed_state(call, staff, laureates):
    mailing = _prepare(call, staff, laureates)
    laureates[1].state = S.IN_ACCOMPANIMENT
    laureates[1].save(update_fields=["state"])
    with pytest.raises(MailingError) as error:
        confirm_mailing(mailing=mailing, actor=staff)
    assert laureates[1].reference in str(error.value)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DRAFT


def test_confirm_keeps_the_message_in_each_thread_and_records_the_notice(
    call, staff, laureates, django_capture_on_commit_callbacks
):
    mailing = _prepare(call, staff, laureates)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_mailing(mailing=mailing, actor=staff)
    message = Message.objects.get(application=laureates[0])
    assert message.from_staff and message.author == staff
    assert message.body.startswith(f"Décision pour {laureates[0].reference}")
    notices = AuditEvent.objects.filter(action="application.outcome_notified")
    assert sorted(int(e.object_id) for e in notices) == sorted(a.pk for a in laureates)
    # the thread copy does not send a second, "new message" e-mail
    assert len(mail.outbox) == 2


def test_failed_delivery_is_logged_with_its_error(
    call, staff, laureates, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("serveur SMTP injoignable")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    mailing = _prepare(call, staff, laureates[:1])
    with django_capture_on_commit_callbacks(execute=True):
        confirm_mailing(mailing=mailing, actor=staff)
    recipient = mailing.recipients.get()
    assert recipient.status == DeliveryStatus.FAILED
    assert "injoignable" in recipient.error
    assert recipient.sent_at is None


def test_recipient_without_address_fails_without_sending(
    call, staff, laureates, django_capture_on_commit_callbacks
):
    owner = laureates[1].created_by
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    mailing = _prepare(call, staff, laureates[1:])
    assert mailing.recipients.get().emails == []
    with django_capture_on_commit_callbacks(execute=True):
        confirm_mailing(mailing=mailing, actor=staff)
    assert mail.outbox == []
    assert mailing.recipients.get().status == DeliveryStatus.FAILED


def test_discard_drops_a_draft_only(call, staff, laureates, django_capture_on_commit_callbacks):
    draft = _prepare(call, staff, laureates)
    discard_mailing(mailing=draft, actor=staff)
    assert not MailingRecipient.objects.filter(mailing_id=draft.pk).exists()
    sent = _prepare(call, staff, laureates)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_mailing(mailing=sent, actor=staff)
    with pytest.raises(MailingError):
        discard_mailing(mailing=sent, actor=staff)


def test_outsider_cannot_confirm(call, laureates, staff):
    mailing = _prepare(call, staff, laureates)
    with pytest.raises(MailingError):
        confirm_mailing(mailing=mailing, actor=UserFactory())
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DRAFT
