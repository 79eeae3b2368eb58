"""The message thread of a dossier: who may write, what is refused, who is told."""

import pytest
from django.core import mail

from essaim.applications.enums import ApplicationState as S
from essaim.applications.enums import TeamAccess
from essaim.applications.models import Message, TeamMember
from essaim.applications.services.messages import MessageError, mark_read, post_message
from essaim.core.models import AuditEvent

from ..factories import FundMembershipFactory, UserFactory, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(application, co_applicant):
    TeamMember.objects.create(
        application=application,
        user=co_applicant,
        full_name=co_applicant.full_name,
        email=co_applicant.email,
        job_title="Agent",
        access=TeamAccess.EDITOR,
    )
    return application


def test_team_question_reaches_the_fund_contact(
    team, applicant, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://essaim.example"
    fund = team.call.fund
    fund.contact_email = "contact@fonds-mnt.fr"
    fund.save(update_fields=["contact_email"])
    with django_capture_on_commit_callbacks(execute=True):
        message = post_message(
            application=team, author=applicant, body="  Faut-il un devis ?  ", from_staff=False
        )
    assert message.body == "Faut-il un devis ?"
    assert message.read_by_team_at is not None and message.read_by_staff_at is None
    [sent] = mail.outbox
    assert sent.to == ["contact@fonds-mnt.fr"]
    assert "Faut-il un devis ?" in sent.body
    assert f"https://essaim.example/gestion/dossiers/{team.pk}/messages/" in sent.body
    assert AuditEvent.objects.for_object(team).filter(action="message.posted").exists()


def test_team_question_without_fund_contact_reaches_its_staff(
    team, applicant, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_message(application=team, author=applicant, body="Question", from_staff=False)
    assert mail.outbox[0].to == [staff.email]


def test_staff_answer_reaches_owner_and_co_applicants(
    team, staff, django_capture_on_commit_callbacks
):
    TeamMember.objects.create(
        application=team, full_name="Sans compte", email="liste@pessac.fr", job_title="Agent"
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = post_message(application=team, author=staff, body="Oui.", from_staff=True)
    assert message.read_by_staff_at is not None and message.read_by_team_at is None
    [sent] = mail.outbox
    assert sent.to == ["alice@pessac.fr", "bob@pessac.fr"]
    assert f"/dossiers/{team.pk}/messages/" in sent.body


def test_without_notify_no_mail_leaves(team, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_message(application=team, author=staff, body="x", from_staff=True, notify=False)
    assert mail.outbox == []


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_empty_message_is_refused(team, applicant, body):
    with pytest.raises(MessageError):
        post_message(application=team, author=applicant, body=body, from_staff=False)
    assert not Message.objects.exists()


def test_too_long_message_is_refused(team, applicant):
    with pytest.raises(MessageError):
        post_message(application=team, author=applicant, body="x" * 3001, from_staff=False)


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.NOT_SELECTED, S.WITHDRAWN])
def test_team_may_write_in_every_state(application, applicant, state):
    if state != S.DRAFT:
        submitted(application, state=state)
    post_message(application=application, author=applicant, body="Bonjour", from_staff=False)
    assert Message.objects.filter(application=application).count() == 1


def test_outsider_may_not_write(application, outsider):
    with pytest.raises(MessageError):
        post_message(application=application, author=outsider, body="x", from_staff=False)


def test_listed_member_with_account_may_not_write(application):
    user = UserFactory()
    TeamMember.objects.create(
        application=application, user=user, full_name="L", job_title="A", access=TeamAccess.LISTED
    )
    with pytest.raises(MessageError):
        post_message(application=application, author=user, body="x", from_staff=False)


def test_other_fund_staff_may_not_write(application, other_fund_staff):
    with pytest.raises(MessageError):
        post_message(application=application, author=other_fund_staff, body="x", from_staff=True)


def test_team_member_may_not_write_as_the_fund(application, applicant):
    with pytest.raises(MessageError):
        post_message(application=application, author=applicant, body="x", from_staff=True)


def test_reviewer_of_the_fund_may_not_write_as_the_fund(application):
    reviewer = FundMembershipFactory(fund=application.call.fund, role="reviewer").user
    with pytest.raises(MessageError):
        post_message(application=application, author=reviewer, body="x", from_staff=True)


def test_mark_read_marks_only_the_other_side(application, applicant, staff):
    from_team = post_message(application=application, author=applicant, body="Q", from_staff=False)
    from_staff = post_message(application=application, author=staff, body="R", from_staff=True)
    assert mark_read(application=application, by_staff=False) == 1
    from_staff.refresh_from_db()
    assert from_staff.read_by_team_at is not None
    assert mark_read(application=application, by_staff=False) == 0
    assert mark_read(application=application, by_staff=True) == 1
    from_team.refresh_from_db()
    assert from_team.read_by_staff_at is not None
