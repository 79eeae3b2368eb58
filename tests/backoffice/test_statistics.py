"""A call's statistics page and its CSV: who may read them, what they show, where each count
leads, and a number of queries that does not grow with the dossiers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.applications.enums import ApplicationState as S

from ..factories import ApplicationFactory, OrganisationFactory, submitted

pytestmark = pytest.mark.django_db

# session, user, roles, call; then the four aggregates (state, type, size band, département)
PAGE_QUERIES = 8


def _page(call) -> str:
    return reverse("backoffice:call_statistics", args=[call.pk])


def _csv(call) -> str:
    return reverse("backoffice:call_statistics_export", args=[call.pk])


def _dossier(call, state=S.SUBMITTED, **fields):
    application = ApplicationFactory(call=call, **fields)
    if state != S.DRAFT:
        submitted(application, state=state)
    return application


@pytest.fixture
def dossiers(call):
    pessac = OrganisationFactory(name="Pessac", departement="33", region="75", population=66000)
    _dossier(call, organisation=pessac, organisation_type="commune", organisation_departement="33")
    _dossier(
        call,
        S.LAUREATE,
        organisation=pessac,
        organisation_type="commune",
        organisation_departement="33",
    )
    # no referential body: counted as "non renseigné" for its size
    _dossier(call, organisation_type="epci", organisation_departement="35")
    _dossier(call, S.DRAFT, organisation_type="sdis", organisation_departement="14")


# --- permissions -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [_page, _csv])
def test_anonymous_is_sent_to_login(client, call, url):
    response = client.get(url(call))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url", [_page, _csv])
@pytest.mark.parametrize("actor", ["outsider", "applicant", "reviewer", "juror"])
def test_people_without_backoffice_access_are_refused(client, call, dossiers, url, actor, request):
    # as every back-office page (backoffice/access.py): no back-office role at all → 403
    client.force_login(request.getfixturevalue(actor))
    response = client.get(url(call))
    assert response.status_code == 403
    assert b"Pessac" not in response.content


@pytest.mark.parametrize("url", [_page, _csv])
def test_staff_of_another_fund_get_404(client, call, dossiers, other_fund_staff, url):
    client.force_login(other_fund_staff)
    assert client.get(url(call)).status_code == 404


@pytest.mark.parametrize("actor", ["staff", "platform_admin"])
def test_staff_and_platform_admins_read_the_statistics(client, call, dossiers, actor, request):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(_page(call))
    assert response.status_code == 200
    assert response.context["statistics"].total == 3


def test_the_page_only_answers_reading(client, call, staff):
    client.force_login(staff)
    assert client.post(_page(call)).status_code == 405


# --- content -----------------------------------------------------------------------------


def _rows(response, name) -> dict[str, tuple[int, str]]:
    """{key: (count, link)} of one breakdown table."""
    table = next(t for t in response.context["tables"] if t["breakdown"].name == name)
    return {item["row"].key: (item["row"].count, item["url"]) for item in table["rows"]}


def test_each_count_links_to_the_list_filtered_on_it(client, call, dossiers, staff):
    client.force_login(staff)
    response = client.get(_page(call))
    list_url = reverse("backoffice:call_applications", args=[call.pk])

    assert _rows(response, "type") == {
        "commune": (2, f"{list_url}?type=commune"),
        "epci": (1, f"{list_url}?type=epci"),
    }
    assert _rows(response, "taille") == {
        "50000_plus": (2, f"{list_url}?taille=50000_plus"),
        "": (1, ""),  # no filter selects the missing ones: no link
    }
    assert _rows(response, "region") == {
        "75": (2, f"{list_url}?region=75"),
        "53": (1, f"{list_url}?region=53"),
    }
    assert _rows(response, "departement") == {
        "33": (2, f"{list_url}?departement=33"),
        "35": (1, f"{list_url}?departement=35"),
    }
    assert _rows(response, "etat") == {
        "submitted": (2, f"{list_url}?etat=submitted"),
        "laureate": (1, f"{list_url}?etat=laureate"),
    }
    html = response.content.decode()
    assert f'href="{list_url}?taille=50000_plus"' in html
    assert "Non renseigné" in html
    assert "66,7&nbsp;%" in html  # shares written the French way
    assert 'class="st-bar__fill st-w-66"' in html


def test_the_links_filter_the_list_the_same_way(client, call, dossiers, staff):
    """What a count says is what the list it links to shows (default scope)."""
    client.force_login(staff)
    response = client.get(_page(call))
    for name in ("type", "taille", "region", "departement", "etat"):
        for count, url in _rows(response, name).values():
            if url:
                listed = client.get(url).context["paginator"].count
                assert listed == count, url


def test_tables_are_accessible(client, call, dossiers, staff):
    client.force_login(staff)
    html = client.get(_page(call)).content.decode()
    assert html.count("<caption>") == 5
    assert 'scope="col"' in html
    assert '<th scope="row">Commune</th>' in html
    assert 'aria-hidden="true"' in html  # the bar repeats the share: hidden from readers


@pytest.mark.parametrize(
    ("perimetre", "total", "states"),
    [
        ("", 3, {"submitted", "laureate"}),
        ("tous", 4, {"draft", "submitted", "laureate"}),
        ("laureats", 1, {"laureate"}),
        ("n-importe-quoi", 3, {"submitted", "laureate"}),
    ],
)
def test_the_scope_is_chosen_in_the_address(
    client, call, dossiers, staff, perimetre, total, states
):
    client.force_login(staff)
    response = client.get(_page(call), {"perimetre": perimetre} if perimetre else {})
    assert response.context["statistics"].total == total
    assert set(_rows(response, "etat")) == states


def test_a_call_without_dossiers_says_so(client, call, staff):
    client.force_login(staff)
    html = client.get(_page(call)).content.decode()
    assert "Aucun dossier à compter" in html
    assert "<table" not in html


def test_the_call_page_links_to_the_statistics(client, call, staff):
    client.force_login(staff)
    html = client.get(reverse("backoffice:call_detail", args=[call.pk])).content.decode()
    assert f'href="{_page(call)}"' in html


def test_csv_has_the_breakdowns_of_the_chosen_scope(client, call, dossiers, staff):
    client.force_login(staff)
    response = client.get(_csv(call), {"perimetre": "tous"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="statistiques-MNT-2024-06-tous.csv"'
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffRépartition;Code;Libellé;Dossiers;Part (%)\r\n")
    assert "Type d'organisme;sdis;Service départemental d'incendie et de secours;1;25,0" in text
    assert "Taille de l'organisme;;Non renseigné;2;50,0" in text
    assert "État du dossier;draft;Brouillon;1;25,0" in text


def test_the_page_links_to_the_csv_of_its_scope(client, call, dossiers, staff):
    client.force_login(staff)
    html = client.get(_page(call), {"perimetre": "laureats"}).content.decode()
    assert f'href="{_csv(call)}?perimetre=laureats"' in html


# --- queries -----------------------------------------------------------------------------


def _count_queries(client, call) -> int:
    client.get(_page(call))  # warm-up (session, caches)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(_page(call))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_dossiers(client, call, staff):
    client.force_login(staff)
    organisations = [
        OrganisationFactory(departement=dep, region=reg, population=pop)
        for dep, reg, pop in (("33", "75", 800), ("35", "53", 4000), ("69", "84", 120000))
    ]
    for i in range(3):
        _dossier(
            call,
            organisation=organisations[i],
            organisation_type="commune",
            organisation_departement=organisations[i].departement,
        )
    few = _count_queries(client, call)

    types = ["commune", "epci", "sdis", "ccas", ""]
    departements = ["33", "35", "69", "14", "2A", "974", ""]
    for i in range(27):
        _dossier(
            call,
            [S.SUBMITTED, S.ELIGIBLE, S.LAUREATE][i % 3],
            organisation=organisations[i % 3] if i % 4 else None,
            organisation_type=types[i % len(types)],
            organisation_departement=departements[i % len(departements)],
        )
    many = _count_queries(client, call)

    assert few == many == PAGE_QUERIES
