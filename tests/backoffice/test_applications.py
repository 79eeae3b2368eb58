"""A call's dossiers for its staff: counts, filters, search, sort, pages, the query count,
one dossier in full with its audit trail, and the CSV export."""

import csv
import html
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.applications.enums import ApplicationState as S
from essaim.applications.models import Attachment
from essaim.applications.services.submission import application_withdraw
from essaim.core.models import AuditEvent

from ..factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


def list_url(call, query=""):
    return reverse("backoffice:call_applications", args=[call.pk]) + query


def export_url(call, query=""):
    return reverse("backoffice:call_applications_export", args=[call.pk]) + query


def text(response) -> str:
    return html.unescape(response.content.decode())


def listed_titles(response) -> list[str]:
    """Titles in the table, in order (each title links to the dossier's staff page)."""
    body = text(response).split("<tbody>", 1)[-1].split("</tbody>", 1)[0]
    return re.findall(r'href="/gestion/dossiers/\d+/">([^<]+)</a>', body)


@pytest.fixture
def dossiers(call, make_submitted, staff):
    """Four dossiers in different states, places and themes, and a draft."""
    second_theme = call.themes.all()[1]
    a = make_submitted(call, title="Accueil téléphonique")
    b = make_submitted(
        call,
        title="Badges agents",
        organisation_type="epci",
        organisation_departement="2A",
        organisation_name="CA du Pays Ajaccien",
    )
    b.theme = second_theme
    b.save(update_fields=["theme"])
    c = make_submitted(
        call, title="Crèche partagée", to=[S.ELIGIBLE], actor=staff, organisation_departement="75"
    )
    d = make_submitted(call, title="Démarches simplifiées", to=[S.INELIGIBLE], actor=staff)
    draft = ApplicationFactory(call=call, title="Brouillon caché")
    return {"a": a, "b": b, "c": c, "d": d, "draft": draft}


def test_counts_per_state_link_to_the_filtered_list(client, staff, call, dossiers):
    client.force_login(staff)
    page = text(client.get(list_url(call)))
    assert "<strong>4</strong> dossiers déposés" in page
    eligible = f'<a href="/gestion/appels/{call.pk}/dossiers/?etat=eligible">'
    assert f"{eligible}<strong>1</strong> Recevable" in page
    assert "<strong>1</strong> Brouillon" in page
    assert "4 dossiers" in page


def test_drafts_are_counted_but_listed_only_when_asked(client, staff, call, dossiers):
    client.force_login(staff)
    listed = listed_titles(client.get(list_url(call)))
    assert "Brouillon caché" not in listed
    assert len(listed) == 4
    assert listed_titles(client.get(list_url(call, "?etat=draft"))) == ["Brouillon caché"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?etat=eligible", ["Crèche partagée"]),
        ("?etat=ineligible", ["Démarches simplifiées"]),
        ("?type=epci", ["Badges agents"]),
        ("?departement=2A", ["Badges agents"]),
        ("?departement=75", ["Crèche partagée"]),
        ("?q=crèche", ["Crèche partagée"]),
        ("?q=accueil", ["Accueil téléphonique"]),
        ("?type=commune&departement=33&q=a", ["Démarches simplifiées", "Accueil téléphonique"]),
    ],
)
def test_filters_and_search(client, staff, call, dossiers, query, expected):
    client.force_login(staff)
    assert listed_titles(client.get(list_url(call, query))) == expected


def test_filter_by_theme_and_search_by_reference(client, staff, call, dossiers):
    client.force_login(staff)
    second_theme = call.themes.all()[1]
    assert listed_titles(client.get(list_url(call, f"?theme={second_theme.pk}"))) == [
        "Badges agents"
    ]
    reference = dossiers["c"].reference
    assert listed_titles(client.get(list_url(call, f"?q={reference.lower()}"))) == [
        "Crèche partagée"
    ]


def test_result_count_says_how_many(client, staff, call, dossiers):
    client.force_login(staff)
    assert ">1 dossier<" in text(client.get(list_url(call, "?type=epci")))
    assert ">Aucun dossier<" in text(client.get(list_url(call, "?q=introuvable")))


def test_default_sort_is_newest_first_and_headers_say_it(client, staff, call, dossiers):
    client.force_login(staff)
    response = client.get(list_url(call))
    assert listed_titles(response) == [
        "Démarches simplifiées",
        "Crèche partagée",
        "Badges agents",
        "Accueil téléphonique",
    ]
    page = text(response)
    assert page.count("aria-sort=") == 1
    assert re.search(
        r'<th scope="col" aria-sort="descending">\s*<a class="bo-sort" '
        r'href="\?tri=depot">Déposé le',
        page,
    )
    assert "triés par date de dépôt, ordre décroissant" in page


def test_sort_by_title_ascending_then_descending(client, staff, call, dossiers):
    client.force_login(staff)
    ascending = client.get(list_url(call, "?tri=titre&etat=&q="))
    assert listed_titles(ascending) == [
        "Accueil téléphonique",
        "Badges agents",
        "Crèche partagée",
        "Démarches simplifiées",
    ]
    page = text(ascending)
    assert re.search(r'aria-sort="ascending">\s*<a class="bo-sort" href="\?tri=-titre', page)
    descending = client.get(list_url(call, "?tri=-titre"))
    assert listed_titles(descending)[0] == "Démarches simplifiées"
    assert 'aria-sort="descending"' in text(descending)


def test_sort_links_keep_the_filters(client, staff, call, dossiers):
    client.force_login(staff)
    page = text(client.get(list_url(call, "?type=commune&page=1")))
    assert 'href="?type=commune&tri=titre"' in page


def test_pages_of_25(client, staff, call, make_submitted):
    for n in range(27):
        make_submitted(call, title=f"Projet {n:02d}")
    client.force_login(staff)
    first = client.get(list_url(call))
    assert len(listed_titles(first)) == 25
    assert "Page 1 sur 2" in text(first)
    assert "27 dossiers" in text(first)
    second = client.get(list_url(call, "?page=2"))
    assert len(listed_titles(second)) == 2
    assert "Page 2 sur 2" in text(second)
    assert 'href="?page=1"' in text(second)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# session, user, staff roles, call with its fund, counts per state, count of results, the
# page's rows with their themes, the themes of the filter panel
LIST_QUERIES = 8


def test_list_runs_a_constant_number_of_queries(
    client, staff, call, make_submitted, django_assert_num_queries
):
    client.force_login(staff)
    make_submitted(call)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(list_url(call)).status_code == 200
    for n in range(29):
        make_submitted(call, organisation_departement="2A" if n % 2 else "33")
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(list_url(call, "?tri=theme"))
    assert len(listed_titles(response)) == 25


def test_staff_dossier_page_shows_every_answer_and_the_trail(client, staff, call, dossiers):
    application = dossiers["c"]
    application_withdraw(
        application=application, user=application.created_by, reason="Le projet est abandonné."
    )
    Attachment.objects.create(
        application=application,
        file=ContentFile(b"%PDF-1.4", name="note.pdf"),
        original_name="note-de-cadrage.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
    )
    client.force_login(staff)
    response = client.get(reverse("backoffice:application_detail", args=[application.pk]))
    page = text(response)
    assert response.status_code == 200
    for answer in (
        application.reference,
        application.content_sha256,
        "Les usagers attendent longtemps au téléphone.",
        "Un accueil téléphonique repensé avec les agents.",
        "Une idée à construire",
        "Toute commune avec un standard peut s'en inspirer.",
        "Directrice des relations usagers",
        "Claire Martin",
        "Soutien confirmé",
        "Le projet est abandonné.",
        "Retiré",
    ):
        assert answer in page, answer
    attachment = application.attachments.get()
    assert (
        reverse(
            "portal:attachment_download",
            kwargs={"pk": application.pk, "attachment_pk": attachment.pk},
        )
        in page
    )
    # the trail: who, from, to, why, with states in French
    trail = page.split('id="history"', 1)[1]
    assert "Changement d'état" in trail
    assert "<td>Déposé</td>" in trail and "<td>Recevable</td>" in trail
    assert "<td>Retiré</td>" in trail and "Le projet est abandonné." in trail
    assert "equipe@fonds-mnt.fr" in trail or staff.full_name in trail
    assert "submitted" not in trail and "eligible" not in trail


def test_funding_dossier_shows_budget_lines_and_total(client, staff, fund, make_submitted):
    call = CallFactory(fund=fund, funding=True)
    application = make_submitted(call)
    client.force_login(staff)
    page = text(client.get(reverse("backoffice:application_detail", args=[application.pk])))
    assert "Design de service" in page and "Prototypage" in page
    assert "50\u202f000\u00a0€" in page


# --- CSV export ------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_export_streams_excel_ready_csv(client, staff, call, dossiers):
    client.force_login(staff)
    response = client.get(export_url(call))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    assert ".csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == [
        "Référence",
        "État",
        "Déposé le (heure de Paris)",
        "Titre du projet",
        "Organisme",
        "Type d'organisme",
        "Département",
        "Thématique",
        "Maturité",
        "Montant demandé (€)",
        "Porteur",
        "E-mail du porteur",
        "Région",
        "SIREN",
        "Code INSEE",
        "Population",
        "Taille de l'organisme",
    ]
    assert len(rows) == 5  # drafts are not exported unless asked for
    by_title = {row[3]: row for row in rows[1:]}
    b = dossiers["b"]
    row = by_title["Badges agents"]
    assert row[0] == b.reference
    assert row[1] == "Déposé"
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", row[2])
    assert row[4:9] == [
        "CA du Pays Ajaccien",
        "Intercommunalité (EPCI)",
        "2A — Corse-du-Sud",
        "Faire évoluer les conditions de travail des agents",
        "Une idée à construire",
    ]
    assert row[10] == b.created_by.full_name
    assert row[11] == b.created_by.email
    # no body chosen in the referential: the région still comes from the département
    assert row[12:] == ["Corse", "", "", "", ""]
    assert by_title["Crèche partagée"][1] == "Recevable"


def test_export_respects_the_filters_and_records_the_export(client, staff, call, dossiers):
    client.force_login(staff)
    rows = read_csv(client.get(export_url(call, "?etat=eligible")))
    assert [row[3] for row in rows[1:]] == ["Crèche partagée"]
    rows = read_csv(client.get(export_url(call, "?etat=draft")))
    assert [row[3] for row in rows[1:]] == ["Brouillon caché"]
    events = AuditEvent.objects.for_object(call).filter(action="call.exported")
    assert events.count() == 2
    assert events.first().actor == staff
    assert events.first().data == {"filters": {"etat": "draft"}}


def test_export_amounts_use_a_decimal_comma_and_formulas_are_defused(
    client, staff, fund, make_submitted
):
    call = CallFactory(fund=fund, funding=True)
    make_submitted(call, title='=HYPERLINK("http://x")')
    client.force_login(staff)
    rows = read_csv(client.get(export_url(call)))
    assert rows[1][9] == "50000,00"
    assert rows[1][3].startswith("'=")


def test_export_reads_rows_in_chunks(client, staff, call, dossiers, monkeypatch):
    """The queryset is iterated with a chunk size (constant memory), never loaded whole."""
    from django.db.models.query import QuerySet

    seen = {}
    original = QuerySet.iterator

    def spy(self, chunk_size=None):
        seen["chunk_size"] = chunk_size
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    client.force_login(staff)
    assert len(read_csv(client.get(export_url(call)))) == 5
    assert seen["chunk_size"] == 1000
