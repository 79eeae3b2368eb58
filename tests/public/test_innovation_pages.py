"""The public sheet page: structure, Open Graph, preview for its editors only, 404 for
everyone else, resources served safely, a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.catalogue import (
    models as catalogue_models,  # a bare "Testimonial" would be collected by pytest
)
from essaim.catalogue.models import NewsPost
from essaim.catalogue.services import sheets

from ..catalogue.sheet_world import *  # noqa: F403 (fixtures)
from ..catalogue.sheet_world import PDF_BYTES, PNG_BYTES, upload

pytestmark = pytest.mark.django_db

# what the panels of the other areas read: "similar innovations" and "reused elsewhere"
EXTRA_PANEL_QUERIES = 2


def _url(innovation):
    return reverse("public:innovation_detail", args=[innovation.slug])


@pytest.fixture
def full_sheet(sheet, staff):
    sheets.sheet_update(
        innovation=sheet,
        actor=staff,
        data={
            "results": "Moins d'appels perdus.",
            "steps": "1. Écouter les agents d'accueil\n- Observer les appels\nÉcrire le script",
            "duration": "4 mois",
            "cost": "15 000 €",
            "pitfalls": "Oublier les agents du soir",
        },
        figures=[{"label": "Délai moyen de réponse", "value": "2 jours", "detail": "au lieu de 9"}],
        contacts=[
            {"full_name": "Pierre Lormeau", "job_title": "Directeur", "email": "secret@pessac.fr"}
        ],
    )
    sheets.resource_add(
        innovation=sheet,
        actor=staff,
        kind="guide",
        title="Le guide",
        upload=upload("g.pdf", PDF_BYTES),
    )
    sheets.resource_add(
        innovation=sheet, actor=staff, kind="photo", upload=upload("accueil.png", PNG_BYTES)
    )
    return sheets.sheet_publish(innovation=sheet, actor=staff)


def test_published_sheet_is_structured(client, full_sheet):
    response = client.get(_url(full_sheet))
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Le problème",
        "Ce qui a été construit",
        "Les résultats",
        "Comment le reproduire",
        "Ressources",
        "Contacts",
    ):
        assert f">{heading}</h2>" in html
    # steps as a clean ordered list, list marks typed by hand removed
    assert (
        '<ol class="steps"><li>Écouter les agents d&#x27;accueil</li><li>Observer les appels</li>'
        in html
    )
    assert "<strong>2 jours</strong> Délai moyen de réponse" in html
    assert "PDF, 47" in html or "PDF, " in html  # type and size of the file
    assert "Pierre Lormeau" in html and "secret@pessac.fr" not in html
    assert "Licence Ouverte 2.0" in html
    # the fund's colours
    assert reverse("public:fund_theme", args=[full_sheet.fund.slug]) in html
    # empty slots filled by the search and reuse areas
    assert "Aperçu" not in html


def test_open_graph_and_canonical(client, full_sheet, settings):
    html = client.get(_url(full_sheet)).content.decode()
    canonical = f"{settings.SITE_URL}{_url(full_sheet)}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert f'<meta property="og:title" content="{full_sheet.title}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:description"' in html
    photo = full_sheet.resources.get(kind="photo")
    image = settings.SITE_URL + reverse(
        "public:innovation_resource", args=[full_sheet.slug, photo.pk]
    )
    assert f'<meta property="og:image" content="{image}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'name="robots"' not in html


def test_contact_link_only_when_the_reuse_page_exists(client, full_sheet):
    from django.urls import NoReverseMatch

    html = client.get(_url(full_sheet)).content.decode()
    try:
        url = reverse("public:reuse_declare", args=[full_sheet.slug])
    except NoReverseMatch:
        assert "Contacter l&#x27;équipe" not in html
    else:
        assert url in html


def test_unpublished_sheet_is_404_for_anonymous(client, sheet):
    assert client.get(_url(sheet)).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "call_reviewer", "other_team_member", "other_staff"])
def test_unpublished_sheet_is_404_for_people_who_do_not_write_it(client, sheet, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(sheet)).status_code == 404


@pytest.mark.parametrize("who", ["applicant", "staff"])
def test_editors_preview_the_unpublished_sheet(client, sheet, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_url(sheet))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aperçu : cette fiche n'est pas publiée." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    edit = (
        reverse("backoffice:innovation_edit", args=[sheet.pk])
        if who == "staff"
        else reverse("portal:innovation_sheet", args=[sheet.application_id])
    )
    assert edit in html


def test_resource_download_is_safe(client, full_sheet):
    guide = full_sheet.resources.get(kind="guide")
    response = client.get(reverse("public:innovation_resource", args=[full_sheet.slug, guide.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_resource_of_an_unpublished_sheet_is_404(client, sheet, staff):
    guide = sheets.resource_add(
        innovation=sheet, actor=staff, kind="guide", upload=upload("g.pdf", PDF_BYTES)
    )
    url = reverse("public:innovation_resource", args=[sheet.slug, guide.pk])
    assert client.get(url).status_code == 404
    # and a resource asked through another sheet's address
    other = sheets.sheet_publish(
        innovation=sheets.sheet_create_external(
            actor=staff,
            data={
                "title": "Autre",
                "summary": "S",
                "topic": "work",
                "problem": "P",
                "solution": "S",
            },
        ),
        actor=staff,
    )
    assert (
        client.get(reverse("public:innovation_resource", args=[other.slug, guide.pk])).status_code
        == 404
    )


def test_testimonials_and_news_show_on_the_sheet(client, full_sheet, fund):
    catalogue_models.Testimonial.objects.create(
        fund=fund,
        innovation=full_sheet,
        quote="Les agents ont repris la main.",
        person_name="Pierre Lormeau",
        person_function="Directeur des relations usagers",
        organisation_label="PESSAC (33)",
        is_published=True,
    )
    catalogue_models.Testimonial.objects.create(
        fund=fund,
        innovation=full_sheet,
        quote="Brouillon",
        person_name="X",
        person_function="Y",
        organisation_label="Z",
    )
    from django.utils import timezone

    NewsPost.objects.create(
        fund=fund,
        slug="pessac",
        kind="story",
        title="Pessac répond",
        summary="S",
        body="B",
        innovation=full_sheet,
        is_published=True,
        published_at=timezone.now(),
    )
    html = client.get(_url(full_sheet)).content.decode()
    assert "« Les agents ont repris la main. »" in html
    assert "Brouillon" not in html
    assert reverse("public:news_detail", args=[fund.slug, "pessac"]) in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_sheet_page_query_count_is_constant(client, full_sheet, staff, django_assert_num_queries):
    url = _url(full_sheet)
    expected = _queries(client, url)
    sheets.sheet_update(
        innovation=full_sheet,
        actor=staff,
        data={},
        figures=[{"label": f"Indicateur {n}", "value": str(n)} for n in range(8)],
        contacts=[{"full_name": f"Personne {n}", "job_title": "Agent"} for n in range(4)],
    )
    for n in range(5):
        sheets.resource_add(
            innovation=full_sheet, actor=staff, kind="template", url=f"https://example.org/{n}"
        )
    with django_assert_num_queries(expected):
        client.get(url)
    # the sheet with fund, call and body; figures, resources, contacts, testimonials, news
    # (six), then what the panels of the other areas read (reuses, similar sheets)
    assert expected == 6 + EXTRA_PANEL_QUERIES
