"""Retention: non-selected dossiers lose their personal data after their fund's period."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from essaim.applications.enums import ApplicationState as S
from essaim.applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    Message,
    SupportRequest,
    TeamMember,
)
from essaim.core.models import AuditEvent
from essaim.privacy.models import ApplicationAnonymisation
from essaim.privacy.retention import RETENTION_ACTOR_LABEL, anonymise_expired, months_before
from essaim.privacy.tasks import anonymise_expired as anonymise_expired_task
from essaim.review.models import Decision, Mailing, MailingRecipient

from ..factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    MessageFactory,
    decided,
    submitted,
    submitted_for_real,
)
from .conftest import attach

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
T0 = dt.datetime(2024, 6, 10, 10, 0, tzinfo=PARIS)


def at(months: int, days: int = 0) -> dt.datetime:
    """T0 plus whole months (and days)."""
    index = T0.year * 12 + T0.month - 1 + months
    return T0.replace(year=index // 12, month=index % 12 + 1) + dt.timedelta(days=days)


def run(moment: dt.datetime, **kwargs):
    with time_machine.travel(moment, tick=False):
        return anonymise_expired(**kwargs)


@pytest.fixture
def ended(call, applicant):
    """At T0, one dossier per way of ending without selection, and the other states."""
    with time_machine.travel(T0, tick=False):
        dossiers = {}
        for state in (S.INELIGIBLE, S.NOT_SHORTLISTED, S.NOT_SELECTED):
            dossiers[state] = decided(
                ApplicationFactory(call=call, created_by=applicant, complete=True), state
            )
        dossiers[S.WITHDRAWN] = submitted(
            ApplicationFactory(call=call, created_by=applicant, withdrawal_reason="Mutation."),
            state=S.WITHDRAWN,
        )
        dossiers[S.DRAFT] = ApplicationFactory(call=call, created_by=applicant)
        for state in (S.LAUREATE, S.WAITLISTED):
            dossiers[state] = decided(
                ApplicationFactory(call=call, created_by=applicant, complete=True), state
            )
        for state in (S.SUBMITTED, S.ELIGIBLE, S.SHORTLISTED, S.IN_ACCOMPANIMENT, S.ACCOMPANIED):
            dossiers[state] = submitted(
                ApplicationFactory(call=call, created_by=applicant), state=state
            )
    return dossiers


def test_months_before_counts_calendar_months_in_paris():
    assert months_before(dt.datetime(2027, 5, 31, 12, tzinfo=PARIS), 3) == dt.datetime(
        2027, 2, 28, 12, tzinfo=PARIS
    )
    assert months_before(dt.datetime(2027, 1, 15, tzinfo=PARIS), 36).date() == dt.date(2024, 1, 15)


def test_nothing_happens_before_the_period_ends(ended):
    report = run(at(36, days=-1))
    assert report.anonymised == 0
    assert not ApplicationAnonymisation.objects.exists()


def test_every_non_selected_dossier_is_anonymised_after_the_period(ended):
    report = run(at(36, days=1))
    anonymised = set(ApplicationAnonymisation.objects.values_list("application__state", flat=True))
    assert anonymised == {S.INELIGIBLE, S.NOT_SHORTLISTED, S.NOT_SELECTED, S.WITHDRAWN, S.DRAFT}
    assert report.anonymised == 5
    # laureates, waitlisted and dossiers still being examined keep everything
    for state in (S.LAUREATE, S.WAITLISTED, S.SUBMITTED, S.ELIGIBLE, S.SHORTLISTED):
        member = TeamMember.objects.get(application=ended[state])
        assert member.full_name == "Alice Martin" and member.email == "alice@pessac.fr"


def test_laureates_are_never_anonymised_whatever_the_time(ended):
    run(at(240))
    for state in S.selected():
        assert not ApplicationAnonymisation.objects.filter(application=ended[state]).exists()
        assert TeamMember.objects.get(application=ended[state]).user is not None


def test_what_goes_and_what_stays(fund, applicant, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        call = CallFactory(fund=fund)  # open at T0
        dossier = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
        attachment = attach(dossier, b"%PDF-1.4 CV", "cv-alice-martin.pdf")
        submitted_for_real(dossier, user=applicant)
        MessageFactory(application=dossier, author=applicant, body="Mon numéro : 06 12 34 56 78")
        mailing = Mailing.objects.create(call=call, outcome=S.INELIGIBLE, subject="s", body="b")
        MailingRecipient.objects.create(
            mailing=mailing,
            application=dossier,
            emails=["alice@pessac.fr"],
            subject="Votre dossier",
            body="Bonjour Alice Martin",
        )
    with time_machine.travel(at(2), tick=False):
        decided(dossier, S.INELIGIBLE, reason="Hors du champ de l'appel.")

    # counted from the decision (T0 + 2 months), not from the dossier's creation
    assert run(at(38, days=-1)).anonymised == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert run(at(38, days=1)).anonymised == 1

    dossier = Application.objects.get(pk=dossier.pk)
    member = TeamMember.objects.get(application=dossier)
    assert (member.full_name, member.email, member.job_title, member.user) == (
        "Personne anonymisée",
        "",
        "",
        None,
    )
    support = SupportRequest.objects.get(application=dossier)
    assert support.supervisor_name == "Personne anonymisée"
    assert support.supervisor_email.endswith("@anonyme.invalid")
    assert not Attachment.objects.filter(application=dossier).exists()
    assert not default_storage.exists(attachment.file.name)
    assert not Message.objects.filter(application=dossier).exists()
    recipient = MailingRecipient.objects.get(application=dossier)
    assert (recipient.emails, recipient.subject, recipient.body) == ([], "", "")
    content = str(ApplicationVersion.objects.get(application=dossier).content)
    assert "Alice" not in content and "Claire Martin" not in content
    assert "cv-alice-martin" not in content
    assert dossier.created_by is None
    # the organisation, the idea and the decision stay, for the fund's statistics
    assert dossier.organisation_name == "Commune de Pessac"
    assert dossier.idea == "Un accueil téléphonique repensé avec les agents."
    assert Decision.objects.get(application=dossier).reason == "Hors du champ de l'appel."

    marker = ApplicationAnonymisation.objects.get(application=dossier)
    assert marker.state == S.INELIGIBLE and marker.retention_months == 36
    assert marker.counts["files"] == 1
    event = AuditEvent.objects.get(action="application.anonymised")
    assert event.actor is None and event.actor_label == RETENTION_ACTOR_LABEL
    assert event.object_id == str(dossier.pk)


def test_applicant_no_longer_finds_an_anonymised_dossier(client, ended, applicant):
    run(at(37))
    client.force_login(applicant)
    page = client.get(reverse("portal:my_applications")).content.decode()
    assert escape(ended[S.LAUREATE].title) in page
    assert escape(ended[S.INELIGIBLE].title) not in page
    detail = client.get(reverse("portal:application_detail", args=[ended[S.INELIGIBLE].pk]))
    assert detail.status_code == 404


def test_each_fund_has_its_own_period(ended, applicant):
    with time_machine.travel(T0, tick=False):
        short = FundFactory(retention_months=12)
        quick = decided(
            ApplicationFactory(call=CallFactory(fund=short), created_by=applicant, complete=True),
            S.NOT_SELECTED,
        )
    report = run(at(12, days=1))
    assert report.per_fund == {short.slug: [quick.reference]}


def test_a_draft_counts_from_its_last_change(call, applicant):
    with time_machine.travel(T0, tick=False):
        draft = ApplicationFactory(call=call, created_by=applicant)
    with time_machine.travel(at(30), tick=False):
        draft.title = "Toujours en cours"
        draft.save()
    assert run(at(37)).anonymised == 0
    assert run(at(67)).anonymised == 1


def test_second_run_does_nothing_more(ended):
    first = run(at(37))
    events = AuditEvent.objects.filter(action="application.anonymised").count()
    second = run(at(38))
    assert (first.anonymised, second.anonymised) == (5, 0)
    assert AuditEvent.objects.filter(action="application.anonymised").count() == events == 5


def test_dry_run_changes_nothing(ended):
    report = run(at(37), dry_run=True)
    assert report.anonymised == 5
    assert not ApplicationAnonymisation.objects.exists()
    assert TeamMember.objects.filter(full_name="Personne anonymisée").count() == 0


def test_command_prints_counts_and_supports_dry_run(ended):
    out = io.StringIO()
    with time_machine.travel(at(37), tick=False):
        call_command("anonymise_expired", "--dry-run", stdout=out)
        assert "dry run: 5 dossiers would be anonymised" in out.getvalue()
        assert ended[S.NOT_SELECTED].reference in out.getvalue()
        out = io.StringIO()
        call_command("anonymise_expired", stdout=out)
    assert "5 dossiers anonymised, 5 team members, 0 files deleted" in out.getvalue()


def test_task_runs_the_same_pass(ended):
    with time_machine.travel(at(37), tick=False):
        result = anonymise_expired_task.enqueue()
    assert result.return_value["anonymised"] == 5


def test_staff_set_the_period_in_the_fund_form(client, staff, fund):
    client.force_login(staff)
    url = reverse("backoffice:fund_edit", args=[fund.pk])
    base = {
        "name": fund.name,
        "operator": fund.operator,
        "reference_prefix": fund.reference_prefix,
        "accent_colour": "#1f4e79",
    }
    assert 'name="retention_months" value="36"' in client.get(url).content.decode()
    response = client.post(url, {**base, "retention_months": "0"})
    assert "La durée de conservation est d&#x27;au moins 1 mois." in response.content.decode()
    response = client.post(url, {**base, "retention_months": "douze"})
    assert "Indiquez un nombre entier de mois" in response.content.decode()
    assert client.post(url, {**base, "retention_months": "24"}).status_code == 302
    fund.refresh_from_db()
    assert fund.retention_months == 24
    event = AuditEvent.objects.filter(action="fund.updated").latest("id")
    assert "retention_months" in event.data["fields"]
