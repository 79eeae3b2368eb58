"""Who reaches which page of a workspace: 404 for anyone outside it (its existence is not
revealed), 403 for a person of the workspace asking for an action that is not theirs,
the login page for anonymous visitors."""

import pytest
from django.urls import reverse

from essaim.accompaniment.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(accompaniment, phases, coach):
    from django.core.files.base import ContentFile

    from .conftest import MINIMAL_PDF

    document = Document(
        accompaniment=accompaniment,
        phase=phases[0],
        title="Guide d'entretien",
        original_name="guide.pdf",
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
        added_by=coach,
    )
    document.file.save("guide.pdf", ContentFile(MINIMAL_PDF), save=False)
    document.save()
    return document


def _urls(accompaniment, phases, milestone, document):
    pk = accompaniment.pk
    return {
        "workspace": reverse("coaching:workspace", args=[pk]),
        "phase_start": reverse("coaching:phase_start", args=[pk, phases[0].pk]),
        "phase_complete": reverse("coaching:phase_complete", args=[pk, phases[0].pk]),
        "milestone_add": reverse("coaching:milestone_add", args=[pk]),
        "milestone_edit": reverse("coaching:milestone_edit", args=[pk, milestone.pk]),
        "milestone_status": reverse("coaching:milestone_status", args=[pk, milestone.pk]),
        "milestone_evidence": reverse("coaching:milestone_evidence", args=[pk, milestone.pk]),
        "journal_add": reverse("coaching:journal_add", args=[pk]),
        "document_add": reverse("coaching:document_add", args=[pk]),
        "document_download": reverse("coaching:document_download", args=[pk, document.pk]),
        "document_remove": reverse("coaching:document_remove", args=[pk, document.pk]),
        "report_edit": reverse("coaching:report_edit", args=[pk, "mid_course"]),
        "report_submit": reverse("coaching:report_submit", args=[pk, "final"]),
    }


ALL_VIEWS = [
    "workspace",
    "phase_start",
    "phase_complete",
    "milestone_add",
    "milestone_edit",
    "milestone_status",
    "milestone_evidence",
    "journal_add",
    "document_add",
    "document_download",
    "document_remove",
    "report_edit",
    "report_submit",
]

OUTSIDERS = [
    "other_team",
    "other_coach",
    "other_evaluator",
    "call_reviewer",
    "outsider",
    "other_fund_staff",
]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("view", ALL_VIEWS)
def test_outsiders_get_404(client, request, who, view, accompaniment, phases, milestone, document):
    request.getfixturevalue("other_accompaniment")
    client.force_login(request.getfixturevalue(who))
    url = _urls(accompaniment, phases, milestone, document)[view]
    assert client.get(url).status_code == 404
    if view not in ("workspace", "document_download"):  # GET-only pages answer 405 to POST
        assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("view", ALL_VIEWS)
def test_anonymous_goes_to_login(client, view, accompaniment, phases, milestone, document):
    url = _urls(accompaniment, phases, milestone, document)[view]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# view -> who may open it (200 on GET; 403 for the other people of the workspace)
ALLOWED = {
    "workspace": {"applicant", "coach", "evaluator", "staff"},
    "phase_start": {"coach", "staff"},
    "phase_complete": {"coach", "staff"},
    "milestone_add": {"coach", "staff"},
    "milestone_edit": {"coach", "staff"},
    "milestone_status": {"applicant", "coach", "staff"},
    "milestone_evidence": {"applicant", "coach", "staff"},
    "journal_add": {"applicant", "coach", "staff"},
    "document_add": {"applicant", "coach", "staff"},
    "document_download": {"applicant", "coach", "evaluator", "staff"},
    "document_remove": {"coach"},  # the person who added it
    "report_edit": {"evaluator"},
}


@pytest.mark.parametrize("who", ["applicant", "coach", "evaluator", "staff"])
@pytest.mark.parametrize("view", sorted(ALLOWED))
def test_people_of_the_workspace(
    client, request, who, view, accompaniment, phases, milestone, document
):
    client.force_login(request.getfixturevalue(who))
    url = _urls(accompaniment, phases, milestone, document)[view]
    expected = 200 if who in ALLOWED[view] else 403
    assert client.get(url).status_code == expected


def test_team_before_the_results_are_announced_gets_404(client, applicant, accompaniment, coach):
    call = accompaniment.application.call
    call.results_published_at = None
    call.save(update_fields=["results_published_at"])
    client.force_login(applicant)
    url = reverse("coaching:workspace", args=[accompaniment.pk])
    assert client.get(url).status_code == 404
    assert b"Un accueil qui r" not in client.get(reverse("coaching:home")).content
    # the coach works with it already
    client.force_login(coach)
    assert client.get(url).status_code == 200


def test_a_co_applicant_with_access_sees_the_workspace(client, co_applicant, accompaniment):
    from essaim.applications.enums import TeamAccess
    from essaim.applications.models import TeamMember

    TeamMember.objects.create(
        application=accompaniment.application,
        user=co_applicant,
        full_name=co_applicant.full_name,
        job_title="Agent d'accueil",
        access=TeamAccess.EDITOR,
    )
    client.force_login(co_applicant)
    assert client.get(reverse("coaching:workspace", args=[accompaniment.pk])).status_code == 200


def test_someone_else_cannot_remove_a_document(client, staff, applicant, accompaniment, document):
    url = reverse("coaching:document_remove", args=[accompaniment.pk, document.pk])
    for person in (staff, applicant):
        client.force_login(person)
        assert client.post(url).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_download_is_served_by_the_view_only(client, applicant, accompaniment, document):
    client.force_login(applicant)
    response = client.get(
        reverse("coaching:document_download", args=[accompaniment.pk, document.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    # the workspace never links to the storage
    page = client.get(reverse("coaching:workspace", args=[accompaniment.pk])).content.decode()
    assert document.file.name not in page
    assert "/media/" not in page
