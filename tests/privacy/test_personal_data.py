"""'Mes données': the page and the JSON download of everything held about the person."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.applications.enums import ApplicationState
from essaim.core.models import AuditEvent
from essaim.privacy.personal_data import personal_data_for

from ..factories import ApplicationFactory, decided
from .conftest import TOTP_SECRET

pytestmark = pytest.mark.django_db

HOME = reverse("portal:personal_data")
DOWNLOAD = reverse("portal:personal_data_download")


def _download(client, user) -> dict:
    client.force_login(user)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="essaim-mes-donnees-')
    assert response["X-Content-Type-Options"] == "nosniff"
    return json.loads(response.content)


@pytest.mark.parametrize("url", [HOME, DOWNLOAD, reverse("portal:account_delete")])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_page_explains_and_links_download_and_deletion(client, applicant):
    client.force_login(applicant)
    response = client.get(HOME)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert "Télécharger mes données (JSON)" in page
    assert f'href="{DOWNLOAD}"' in page
    assert f'href="{reverse("portal:account_delete")}"' in page
    assert f'href="{reverse("public:privacy")}"' in page
    # the account menu links here on every page
    assert f'<a href="{HOME}" aria-current="page">' in page
    assert "style=" not in page


def test_download_holds_everything_about_alice(client, world):
    data = _download(client, world.alice)
    assert data["format"] == "essaim.personal-data/1"
    assert data["account"]["email"] == "alice@pessac.fr"
    assert data["account"]["full_name"] == "Alice Martin"
    assert [e["email"] for e in data["email_addresses"]] == ["alice@pessac.fr"]
    assert data["external_accounts"][0]["uid"] == "sub-alice-42"
    assert data["two_factor_methods"][0]["type"] == "totp"
    assert [r["role"] for r in data["roles"]["calls"]] == ["reviewer"]
    assert data["invitations"][0]["status"] == "accepted"

    dossiers = {d["title"]: d for d in data["applications"]}
    assert set(dossiers) == {world.dossier.title, "Brouillon d'Alice"}
    submitted = dossiers[world.dossier.title]
    assert submitted["reference"] == world.dossier.reference
    assert submitted["state"] == "submitted"
    assert submitted["answers"]["idea"] == "Un accueil téléphonique repensé avec les agents."
    assert {m["full_name"] for m in submitted["team"]} == {"Alice Martin", "Bob Durand"}
    assert [m["is_you"] for m in submitted["team"]] == [True, False]
    assert submitted["attachments"][0]["name"] == "budget-alice.pdf"
    assert submitted["hierarchical_support"]["supervisor_name"] == "Claire Martin"
    assert submitted["submitted_versions"][0]["number"] == 1

    assert data["hierarchical_support_asked_of_you"][0]["comment"] == "Je soutiens ce projet."
    assert data["messages_written"][0]["body"] == "Bonjour, Alice ici."
    review = data["reviews_written"][0]
    assert review["comment_for_fund"] == "Projet solide, à suivre."
    assert [s["value"] for s in review["scores"]] == [3, 4]
    assert data["innovation_contacts"][0]["job_title"] == "DGS"
    assert data["reuses_declared"][0]["note"] == "Nous testons à Pessac."
    assert {"application.state"} <= {row["action"] for row in data["audit_events"]}


def test_download_never_holds_secrets_nor_other_peoples_dossiers(client, world):
    body = json.dumps(_download(client, world.alice))
    assert TOTP_SECRET not in body
    assert "given_name" not in body  # the provider's payload
    assert "password" not in body
    assert "Projet de Dana" in body  # only as the support asked of her…
    data = json.loads(body)
    assert "Projet de Dana" not in {d["title"] for d in data["applications"]}  # …not as hers


def test_outsider_downloads_only_their_own_data(client, world, outsider):
    data = _download(client, outsider)
    assert data["account"]["email"] == "charlie@ailleurs.fr"
    assert data["applications"] == []
    body = json.dumps(data)
    assert "alice@pessac.fr" not in body and "Alice Martin" not in body


def test_download_hides_an_unannounced_jury_outcome(client, call, applicant):
    dossier = ApplicationFactory(call=call, created_by=applicant, complete=True)
    decided(dossier, ApplicationState.NOT_SELECTED, reason="Trop tôt.")
    data = _download(client, applicant)
    (exported,) = data["applications"]
    assert exported["state"] == "jury_pending"
    assert exported["decisions"] == []
    assert "Trop tôt." not in json.dumps(data)


def test_each_download_leaves_an_audit_row(client, applicant):
    _download(client, applicant)
    event = AuditEvent.objects.get(action="personal_data.exported")
    assert event.actor == applicant
    assert event.object_id == str(applicant.pk)


def test_export_reads_in_constant_queries(call, applicant):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            personal_data_for(applicant)
        return len(captured)

    ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
    few = count()
    for _ in range(4):
        ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
    assert count() == few
    assert few <= 30
