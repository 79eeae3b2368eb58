"""The fund staff's pages of the essaimage: sheets, publication, news, testimonials."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.catalogue import (
    models as catalogue_models,  # a bare "Testimonial" would be collected by pytest
)
from essaim.catalogue.models import Innovation, NewsPost
from essaim.catalogue.services import promotion, sheets
from essaim.core.models import AuditEvent

from ..catalogue.sheet_world import *  # noqa: F403 (fixtures)
from ..factories import ApplicationFactory, InnovationFactory, laureate

pytestmark = pytest.mark.django_db


def test_home_links_to_the_funds_catalogue(client, staff, fund):
    client.force_login(staff)
    html = client.get(reverse("backoffice:home")).content.decode()
    assert reverse("backoffice:catalogue_fund", args=[fund.pk]) in html


def test_fund_catalogue_lists_sheets_and_laureates_without_one(client, staff, fund, sheet, call):
    other = laureate(ApplicationFactory(call=call, complete=True, title="Le guichet partagé"))
    client.force_login(staff)
    html = client.get(reverse("backoffice:catalogue_fund", args=[fund.pk])).content.decode()
    assert sheet.title in html and "Brouillon" in html
    assert reverse("backoffice:innovation_create", args=[other.pk]) in html


def test_staff_create_a_sheet_from_a_laureate(client, staff, laureate_dossier):
    client.force_login(staff)
    url = reverse("backoffice:innovation_create", args=[laureate_dossier.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"topic": "work"})
    innovation = Innovation.objects.get(application=laureate_dossier)
    assert response.url == reverse("backoffice:innovation_edit", args=[innovation.pk])
    assert innovation.topic == "work"
    # a second visit goes to the existing sheet
    assert client.get(url).url == response.url


def test_staff_add_an_external_innovation(client, staff, pessac):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:innovation_create_external"),
        {
            "title": "Le guichet unique",
            "summary": "Un seul guichet.",
            "topic": "reception",
            "organisation": pessac.pk,
            "organisation_query": str(pessac),
            "year": "2023",
            "source_url": "www.example.org/guichet",
            "problem": "Trop de guichets.",
            "solution": "Un seul.",
            "licence": "lo-2.0",
        },
    )
    innovation = Innovation.objects.get(title="Le guichet unique")
    assert response.url == reverse("backoffice:innovation_edit", args=[innovation.pk])
    assert innovation.is_external and innovation.created_by == staff
    assert innovation.place == "Pessac (33)"
    # an address typed without its scheme is read as https
    assert innovation.source_url == "https://www.example.org/guichet"
    assert client.get(response.url).status_code == 200


def test_publish_asks_for_confirmation_then_writes_an_audit_row(client, staff, sheet):
    client.force_login(staff)
    url = reverse("backoffice:innovation_publish", args=[sheet.pk])
    html = client.get(url).content.decode()
    assert "ne changera plus" in html and sheet.slug in html
    sheet.refresh_from_db()
    assert not sheet.is_published
    assert client.post(url).status_code == 302
    sheet.refresh_from_db()
    assert sheet.is_published
    event = AuditEvent.objects.get(action="innovation.published", object_id=str(sheet.pk))
    assert event.actor == staff
    client.post(reverse("backoffice:innovation_unpublish", args=[sheet.pk]), {"reason": "Erreur"})
    sheet.refresh_from_db()
    assert not sheet.is_published
    assert AuditEvent.objects.get(action="innovation.unpublished").reason == "Erreur"


def test_publishing_an_incomplete_sheet_says_what_is_missing(client, staff, sheet):
    Innovation.objects.filter(pk=sheet.pk).update(summary="")
    client.force_login(staff)
    response = client.post(reverse("backoffice:innovation_publish", args=[sheet.pk]))
    assert response.status_code == 200
    assert "Il y a un problème" in response.content.decode()
    sheet.refresh_from_db()
    assert not sheet.is_published


def test_the_team_cannot_publish(client, applicant, sheet):
    client.force_login(applicant)
    # the team has no back-office access at all
    assert client.post(reverse("backoffice:innovation_publish", args=[sheet.pk])).status_code == 403


def test_staff_of_another_fund_get_404(client, other_staff, sheet, fund, staff):
    post = promotion.news_save(
        fund=fund, actor=staff, data={"kind": "call", "title": "T", "summary": "S", "body": "B"}
    )
    testimonial = promotion.testimonial_save(
        fund=fund,
        actor=staff,
        data={"quote": "Q", "person_name": "N", "person_function": "F", "organisation_label": "O"},
    )
    client.force_login(other_staff)
    for url in (
        reverse("backoffice:catalogue_fund", args=[fund.pk]),
        reverse("backoffice:innovation_create", args=[sheet.application_id]),
        reverse("backoffice:innovation_edit", args=[sheet.pk]),
        reverse("backoffice:innovation_resources", args=[sheet.pk]),
        reverse("backoffice:innovation_publish", args=[sheet.pk]),
        reverse("backoffice:news_list", args=[fund.pk]),
        reverse("backoffice:news_create", args=[fund.pk]),
        reverse("backoffice:news_edit", args=[post.pk]),
        reverse("backoffice:news_publish", args=[post.pk]),
        reverse("backoffice:testimonial_list", args=[fund.pk]),
        reverse("backoffice:testimonial_edit", args=[testimonial.pk]),
        reverse("backoffice:testimonial_publish", args=[testimonial.pk]),
    ):
        assert client.get(url).status_code == 404, url
        # list pages only answer GET
        assert client.post(url, {}).status_code in (404, 405), url
    sheet.refresh_from_db()
    post.refresh_from_db()
    assert not sheet.is_published and not post.is_published


def test_external_sheets_belong_to_their_author(client, staff, other_staff):
    external = sheets.sheet_create_external(
        actor=staff,
        data={"title": "Dehors", "summary": "S", "topic": "work", "problem": "P", "solution": "S"},
    )
    client.force_login(other_staff)
    assert client.get(reverse("backoffice:innovation_edit", args=[external.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("backoffice:innovation_edit", args=[external.pk])).status_code == 200


def test_news_crud_and_publication(client, staff, fund, sheet):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:news_create", args=[fund.pk]),
        {
            "kind": "story",
            "title": "Pessac répond au téléphone",
            "summary": "Une histoire de lauréat.",
            "body": "Le texte.",
            "call": "",
            "innovation": sheet.pk,
        },
    )
    assert response.status_code == 302
    post = NewsPost.objects.get()
    assert (post.slug, post.innovation, post.is_published) == (
        "pessac-repond-au-telephone",
        sheet,
        False,
    )
    client.post(reverse("backoffice:news_publish", args=[post.pk]))
    post.refresh_from_db()
    assert post.is_published
    html = client.get(reverse("backoffice:news_list", args=[fund.pk])).content.decode()
    assert "Publiée" in html


def test_news_form_refuses_another_funds_innovation(client, staff, fund):
    foreign = InnovationFactory(fund=ApplicationFactory().call.fund)
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:news_create", args=[fund.pk]),
        {"kind": "story", "title": "T", "summary": "S", "body": "B", "innovation": foreign.pk},
    )
    assert response.status_code == 200
    assert not NewsPost.objects.exists()


def test_testimonial_crud_and_publication(client, staff, fund):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:testimonial_create", args=[fund.pk]),
        {
            "quote": "Ce type d'expérimentation permet la transformation des pratiques.",
            "person_name": "Carole Dolignon",
            "person_function": "Directrice générale des services",
            "organisation_label": "FLASSANS-SUR-ISSOLE (83)",
            "innovation": "",
            "position": "0",
        },
    )
    assert response.status_code == 302
    testimonial = catalogue_models.Testimonial.objects.get()
    client.post(reverse("backoffice:testimonial_publish", args=[testimonial.pk]))
    testimonial.refresh_from_db()
    assert testimonial.is_published


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_fund_catalogue_query_count(client, staff, fund, call, django_assert_num_queries):
    url = reverse("backoffice:catalogue_fund", args=[fund.pk])
    client.force_login(staff)

    def add(n):
        for i in range(n):
            dossier = laureate(ApplicationFactory(call=call, complete=True))
            sheets.sheet_create_from_application(application=dossier, actor=staff, topic="work")
            laureate(ApplicationFactory(call=call, complete=True))
            sheets.sheet_create_external(
                actor=staff,
                data={
                    "title": f"Dehors {n}{i}",
                    "summary": "S",
                    "topic": "work",
                    "problem": "P",
                    "solution": "S",
                },
            )

    add(1)
    expected = _queries(client, url)
    add(3)
    with django_assert_num_queries(expected):
        client.get(url)


@pytest.mark.parametrize("name", ["news_list", "testimonial_list"])
def test_promotion_lists_query_count(client, staff, fund, name, django_assert_num_queries):
    url = reverse(f"backoffice:{name}", args=[fund.pk])
    client.force_login(staff)

    def add(n):
        for i in range(n):
            sheet = InnovationFactory(fund=fund)
            promotion.news_save(
                fund=fund,
                actor=staff,
                data={
                    "kind": "story",
                    "title": f"T{n}{i}",
                    "summary": "S",
                    "body": "B",
                    "innovation": sheet,
                },
            )
            promotion.testimonial_save(
                fund=fund,
                actor=staff,
                data={
                    "quote": "Q",
                    "person_name": "N",
                    "person_function": "F",
                    "organisation_label": "O",
                    "innovation": sheet,
                },
            )

    add(1)
    expected = _queries(client, url)
    add(3)
    with django_assert_num_queries(expected):
        client.get(url)


def test_a_sheet_text_too_long_is_refused_and_kept(client, staff, pessac):
    client.force_login(staff)
    too_long = "Une phrase du problème. " * 300  # 7,200 characters
    response = client.post(
        reverse("backoffice:innovation_create_external"),
        {
            "title": "Le guichet unique",
            "summary": "Un seul guichet.",
            "topic": "reception",
            "organisation": pessac.pk,
            "organisation_query": str(pessac),
            "year": "2023",
            "problem": too_long,
            "solution": "Un seul.",
            "licence": "lo-2.0",
        },
    )
    page = response.content.decode()
    assert 'id="id_problem_error"' in page and "retirez-en" in page
    assert too_long.strip() in page.replace("&#x27;", "'")
    assert not Innovation.objects.filter(title="Le guichet unique").exists()
