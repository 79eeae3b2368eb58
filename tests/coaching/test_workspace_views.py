"""The workspace pages do what they say: phases move, milestones change, notes, files and
links are added (files checked by content), reports are drafted and submitted."""

import datetime as dt
import html as htmllib

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essaim.accompaniment.enums import MilestoneStatus, PhaseStatus, ReportStatus
from essaim.accompaniment.models import Document, EvaluationReport, JournalEntry, Milestone
from essaim.core.models import AuditEvent

from ..factories import MilestoneFactory
from .conftest import EXE_BYTES, MINIMAL_PDF, make_accompaniment

pytestmark = pytest.mark.django_db


def _ws(accompaniment):
    return reverse("coaching:workspace", args=[accompaniment.pk])


def test_coach_starts_and_completes_a_phase(client, coach, accompaniment, phases):
    client.force_login(coach)
    today = timezone.localdate()
    response = client.post(
        reverse("coaching:phase_start", args=[accompaniment.pk, phases[0].pk]),
        {"on": today.isoformat()},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("coaching:phase_complete", args=[accompaniment.pk, phases[0].pk]),
        {"on": today.isoformat()},
        follow=True,
    )
    assert "la phase « Analyse, conception et prototypage » commence" in response.content.decode()
    phases[0].refresh_from_db()
    phases[1].refresh_from_db()
    assert phases[0].status == PhaseStatus.DONE and phases[0].actual_end == today
    assert phases[1].status == PhaseStatus.IN_PROGRESS and phases[1].actual_start == today


def test_phase_date_in_the_future_is_refused_beside_the_field(client, coach, accompaniment, phases):
    client.force_login(coach)
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("coaching:phase_start", args=[accompaniment.pk, phases[0].pk]), {"on": future}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "La date ne peut pas être dans le futur." in page
    assert f'value="{future}"' in page
    phases[0].refresh_from_db()
    assert phases[0].status == PhaseStatus.PLANNED


def test_starting_a_later_phase_first_is_refused(client, coach, accompaniment, phases):
    client.force_login(coach)
    response = client.post(
        reverse("coaching:phase_start", args=[accompaniment.pk, phases[2].pk]),
        {"on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 422
    assert "Terminez d&#x27;abord la phase « Entretiens usagers »." in response.content.decode()


def test_coach_adds_and_edits_a_milestone(client, coach, applicant, accompaniment, phases):
    client.force_login(coach)
    due = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        reverse("coaching:milestone_add", args=[accompaniment.pk]),
        {
            "title": "Prototype testé avec 20 usagers",
            "due_on": due.isoformat(),
            "owner": applicant.pk,
            "phase": phases[2].pk,
            "description": "",
        },
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(title="Prototype testé avec 20 usagers")
    assert (milestone.owner, milestone.phase, milestone.status) == (
        applicant,
        phases[2],
        MilestoneStatus.UPCOMING,
    )
    response = client.post(
        reverse("coaching:milestone_edit", args=[accompaniment.pk, milestone.pk]),
        {"title": "Prototype testé", "due_on": due.isoformat(), "owner": coach.pk, "phase": ""},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.title == "Prototype testé" and milestone.owner == coach
    assert milestone.phase is None
    assert AuditEvent.objects.filter(action="accompaniment.milestone_edited").exists()


def test_milestone_owner_outside_the_workspace_is_refused(client, coach, outsider, accompaniment):
    client.force_login(coach)
    response = client.post(
        reverse("coaching:milestone_add", args=[accompaniment.pk]),
        {"title": "Jalon", "due_on": "2026-06-01", "owner": outsider.pk},
    )
    assert response.status_code == 422
    assert "Choisissez une valeur dans la liste." in response.content.decode()
    assert not Milestone.objects.filter(title="Jalon").exists()


def test_team_marks_a_milestone_achieved_then_it_shows(client, applicant, accompaniment, milestone):
    client.force_login(applicant)
    today = timezone.localdate()
    response = client.post(
        reverse("coaching:milestone_status", args=[accompaniment.pk, milestone.pk]),
        {"status": "achieved", "achieved_on": today.isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.ACHIEVED and milestone.achieved_on == today
    assert "Atteint" in response.content.decode()


def test_abandoning_without_reason_keeps_what_was_typed(client, coach, accompaniment, milestone):
    client.force_login(coach)
    response = client.post(
        reverse("coaching:milestone_status", args=[accompaniment.pk, milestone.pk]),
        {"status": "abandoned", "reason": "  "},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Indiquez pourquoi le jalon est abandonné." in page
    assert 'value="abandoned" id="id_status_2" checked' in page or "checked" in page
    response = client.post(
        reverse("coaching:milestone_status", args=[accompaniment.pk, milestone.pk]),
        {"status": "abandoned", "reason": "Remplacé par une enquête en ligne."},
        follow=True,
    )
    assert "Remplacé par une enquête en ligne." in response.content.decode()


def test_journal_note_in_a_phase(client, coach, accompaniment, phases):
    client.force_login(coach)
    response = client.post(
        reverse("coaching:journal_add", args=[accompaniment.pk]),
        {"phase": phases[1].pk, "body": "Atelier de conception avec six agents."},
        follow=True,
    )
    entry = JournalEntry.objects.get()
    assert (entry.phase, entry.author) == (phases[1], coach)
    assert "Atelier de conception avec six agents." in response.content.decode()


def test_empty_journal_note_refused(client, applicant, accompaniment, phases):
    client.force_login(applicant)
    response = client.post(
        reverse("coaching:journal_add", args=[accompaniment.pk]),
        {"phase": phases[1].pk, "body": ""},
    )
    assert response.status_code == 422
    assert "Écrivez la note avant de l&#x27;enregistrer." in response.content.decode()
    assert f'<option value="{phases[1].pk}" selected' in response.content.decode()


def test_team_adds_a_pdf_deliverable(client, applicant, accompaniment, phases):
    client.force_login(applicant)
    upload = SimpleUploadedFile("synthese.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(
        reverse("coaching:document_add", args=[accompaniment.pk]),
        {"title": "Synthèse des entretiens", "phase": phases[0].pk, "file": upload, "url": ""},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "application/pdf" and document.phase == phases[0]
    assert document.original_name == "synthese.pdf"
    download = client.get(
        reverse("coaching:document_download", args=[accompaniment.pk, document.pk])
    )
    assert b"".join(download.streaming_content) == MINIMAL_PDF


def test_renamed_exe_is_refused_in_french_beside_the_field(client, coach, accompaniment, phases):
    client.force_login(coach)
    upload = SimpleUploadedFile("synthese.pdf", EXE_BYTES, content_type="application/pdf")
    response = client.post(
        reverse("coaching:document_add", args=[accompaniment.pk]),
        {"title": "Synthèse des entretiens", "phase": phases[0].pk, "file": upload, "url": ""},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "« synthese.pdf » est un programme" in page
    assert 'id="id_file_error"' in page  # beside the field
    assert 'value="Synthèse des entretiens"' in page  # nothing typed lost
    assert f'<option value="{phases[0].pk}" selected' in page
    assert "<title>Erreur :" in page
    assert not Document.objects.exists()


def test_too_big_file_is_refused(client, coach, accompaniment, settings):
    settings.ESSAIM_MAX_ATTACHMENT_BYTES = 100
    client.force_login(coach)
    upload = SimpleUploadedFile("gros.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(
        reverse("coaching:document_add", args=[accompaniment.pk]),
        {"title": "Gros", "file": upload},
    )
    assert response.status_code == 422
    assert "un fichier ne peut pas dépasser 100" in response.content.decode()


def test_link_document_and_bad_link(client, coach, accompaniment, phases):
    client.force_login(coach)
    url = reverse("coaching:document_add", args=[accompaniment.pk])
    response = client.post(url, {"title": "Vidéo", "url": "javascript:alert(1)"})
    assert response.status_code == 422
    assert "https://" in response.content.decode()
    response = client.post(url, {"title": "Vidéo", "url": "https://video.example.fr/atelier"})
    assert response.status_code == 302
    assert Document.objects.get().url == "https://video.example.fr/atelier"


def test_file_and_link_together_refused(client, coach, accompaniment):
    client.force_login(coach)
    upload = SimpleUploadedFile("a.pdf", MINIMAL_PDF)
    response = client.post(
        reverse("coaching:document_add", args=[accompaniment.pk]),
        {"title": "Deux", "file": upload, "url": "https://exemple.fr"},
    )
    assert response.status_code == 422
    assert "pas les deux" in response.content.decode()


def test_evidence_on_a_milestone(client, applicant, accompaniment, milestone):
    client.force_login(applicant)
    response = client.post(
        reverse("coaching:milestone_evidence", args=[accompaniment.pk, milestone.pk]),
        {"title": "Comptes rendus", "url": "https://partage.example.fr/cr"},
        follow=True,
    )
    document = Document.objects.get()
    assert document.milestone == milestone and document.phase == milestone.phase
    assert "Comptes rendus" in response.content.decode()


def test_owner_removes_their_document(client, coach, accompaniment):
    document = Document.objects.create(
        accompaniment=accompaniment, title="Lien", url="https://exemple.fr", added_by=coach
    )
    client.force_login(coach)
    url = reverse("coaching:document_remove", args=[accompaniment.pk, document.pk])
    assert "définitive" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Document.objects.exists()
    assert AuditEvent.objects.filter(action="workspace.document_removed").exists()


def test_evaluator_drafts_then_submits_a_report(
    client, evaluator, staff, applicant, accompaniment, django_capture_on_commit_callbacks
):
    client.force_login(evaluator)
    edit = reverse("coaching:report_edit", args=[accompaniment.pk, "mid_course"])
    response = client.post(
        edit, {"questions": "Les usagers attendent-ils moins ?", "action": "save"}
    )
    assert response.status_code == 302
    # Submitting a half-written report: each missing part is named beside its field.
    response = client.post(
        edit, {"questions": "Les usagers attendent-ils moins ?", "action": "submit"}
    )
    assert response.status_code == 422
    assert "Complétez cette partie avant de remettre le rapport." in response.content.decode()
    data = {
        "questions": "Les usagers attendent-ils moins ?",
        "findings": "Le temps d'attente a baissé de moitié.",
        "recommendations": "Former les agents des autres sites.",
        "action": "submit",
    }
    response = client.post(edit, data)
    assert response["Location"] == reverse(
        "coaching:report_submit", args=[accompaniment.pk, "mid_course"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response["Location"])
    report = EvaluationReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "Rapport d'évaluation remis" in mail.outbox[0].subject
    # read-only now: the edit page sends back to the workspace
    assert client.get(edit).status_code == 302
    assert client.post(edit, {**data, "findings": "Autre"}).status_code == 302
    report.refresh_from_db()
    assert report.findings == "Le temps d'attente a baissé de moitié."
    # the team reads it; the coach does not see reports
    client.force_login(applicant)
    assert (
        "Le temps d&#x27;attente a baissé de moitié."
        in client.get(_ws(accompaniment)).content.decode()
    )


def test_team_does_not_see_a_draft_report(client, evaluator, applicant, accompaniment):
    EvaluationReport.objects.create(
        accompaniment=accompaniment,
        moment="final",
        evaluator=evaluator,
        findings="Secret brouillon",
    )
    client.force_login(applicant)
    assert "Secret brouillon" not in client.get(_ws(accompaniment)).content.decode()


def test_home_lists_what_each_person_follows(
    client, coach, evaluator, staff, applicant, accompaniment, other_accompaniment, outsider
):
    for person in (coach, evaluator, staff, applicant):
        client.force_login(person)
        page = client.get(reverse("coaching:home")).content.decode()
        assert "Un accueil qui répond" in page
        assert "Un guichet itinérant" not in page
    client.force_login(outsider)
    response = client.get(reverse("coaching:home"))
    assert response.status_code == 200
    assert "Vous ne suivez aucun lauréat" in response.content.decode()


def test_portal_dossier_page_links_to_the_workspace(client, applicant, accompaniment):
    client.force_login(applicant)
    page = client.get(
        reverse("portal:application_detail", args=[accompaniment.application.pk])
    ).content.decode()
    assert reverse("coaching:workspace", args=[accompaniment.pk]) in page


# --- query counts ---------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_home_constant_queries(client, coach, published_call, django_user_model):
    from ..factories import UserFactory

    client.force_login(coach)
    make_accompaniment(call=published_call, team_owner=UserFactory(), coach=coach, title="A")
    one = _count(client, reverse("coaching:home"))
    for n in range(4):
        accompaniment = make_accompaniment(
            call=published_call, team_owner=UserFactory(), coach=coach, title=f"B{n}"
        )
        MilestoneFactory(accompaniment=accompaniment)
    assert _count(client, reverse("coaching:home")) == one
    assert one <= 8


def _fill(accompaniment, phases, coach, applicant):
    for phase in phases:
        milestone = MilestoneFactory(accompaniment=accompaniment, phase=phase, owner=applicant)
        Document.objects.create(
            accompaniment=accompaniment, phase=phase, title="L", url="https://a.fr", added_by=coach
        )
        Document.objects.create(
            accompaniment=accompaniment,
            milestone=milestone,
            title="P",
            url="https://b.fr",
            added_by=applicant,
        )
        JournalEntry.objects.create(
            accompaniment=accompaniment, phase=phase, author=coach, body="n"
        )
    Milestone.objects.filter(pk=milestone.pk).update(status=MilestoneStatus.ABANDONED)


def test_workspace_constant_queries(client, staff, coach, applicant, accompaniment, phases):
    client.force_login(staff)
    url = _ws(accompaniment)
    _fill(accompaniment, phases, coach, applicant)
    EvaluationReport.objects.create(
        accompaniment=accompaniment, moment="final", status=ReportStatus.SUBMITTED
    )
    one = _count(client, url)
    for _ in range(3):
        _fill(accompaniment, phases, coach, applicant)
    assert _count(client, url) == one
    assert one <= 12


def test_menu_links_coaches_to_the_accompaniment_space(client, db):
    from essaim.funds.enums import FundRole

    from ..factories import CallMembershipFactory

    membership = CallMembershipFactory(role=FundRole.COACH)
    client.force_login(membership.user)
    page = client.get(reverse("public:home")).content.decode()
    assert f'href="{reverse("coaching:home")}"' in page
    assert f'href="{reverse("reviewers:home")}"' not in page


def test_home_lists_what_needs_attention_first(client, coach, published_call):
    from essaim.accompaniment.models import Phase

    from ..factories import UserFactory

    def follow(title, *, due_in=None, finished=False):
        accompaniment = make_accompaniment(
            call=published_call, team_owner=UserFactory(), coach=coach, title=title
        )
        if due_in is not None:
            MilestoneFactory(
                accompaniment=accompaniment,
                due_on=timezone.localdate() + dt.timedelta(days=due_in),
            )
        if finished:
            Phase.objects.filter(accompaniment=accompaniment).update(status=PhaseStatus.DONE)
        return title

    done = follow("A — fini", finished=True)
    quiet = follow("B — sans jalon")
    soon = follow("C — jalon dans un mois", due_in=30)
    late = follow("D — jalon en retard", due_in=-5)
    client.force_login(coach)
    page = client.get(reverse("coaching:home")).content.decode()
    positions = [page.index(title) for title in (late, soon, quiet, done)]
    assert positions == sorted(positions)


def test_an_engagement_running_past_the_plan_asks_to_re_plan(
    client, coach, applicant, accompaniment
):
    from essaim.accompaniment.enums import EngagementStatus
    from essaim.accompaniment.models import Engagement

    url = reverse("coaching:workspace", args=[accompaniment.pk])
    engagement = Engagement.objects.create(
        application=accompaniment.application,
        version=2,
        status=EngagementStatus.SIGNED,
        ends_on=dt.date(2026, 6, 30),  # within the plan (phases end on 20 July 2026)
    )
    client.force_login(coach)
    assert "replanifiez les phases" not in client.get(url).content.decode()
    Engagement.objects.filter(pk=engagement.pk).update(ends_on=dt.date(2026, 12, 31))
    page = htmllib.unescape(client.get(url).content.decode())
    assert "L'engagement en vigueur (version 2) court jusqu'au 31 décembre 2026" in page.replace(
        "\u00a0", " "
    )
    client.force_login(applicant)  # the team does not re-plan: no banner for it
    assert "replanifiez les phases" not in client.get(url).content.decode()


def test_everyone_in_the_workspace_sees_the_expected_results(
    client, coach, evaluator, applicant, accompaniment
):
    from decimal import Decimal

    from essaim.accompaniment.enums import EngagementStatus
    from essaim.accompaniment.models import Engagement, Indicator

    url = reverse("coaching:workspace", args=[accompaniment.pk])
    client.force_login(evaluator)
    assert "Résultats attendus" not in client.get(url).content.decode()  # no engagement yet
    engagement = Engagement.objects.create(
        application=accompaniment.application,
        version=1,
        status=EngagementStatus.SIGNED,
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 7, 1),
        granted_amount=Decimal("60000"),
    )
    Indicator.objects.create(
        engagement=engagement, label="Appels décrochés", unit="%", baseline=60, target=95
    )
    for person in (evaluator, coach, applicant):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert "Appels décrochés" in page and "95 %" in page, person
        assert "60\u202f000" not in page  # the amount stays between the fund and the team
