"""A fund's news and testimonials: services, the fund page, the news pages and the Atom
feed."""

import datetime as dt
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essaim.catalogue.models import NewsPost
from essaim.catalogue.services import promotion
from essaim.core.models import AuditEvent

from ..factories import CallFactory, FundFactory, InnovationFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def published_fund(fund):
    fund.is_published = True
    fund.save(update_fields=["is_published"])
    return fund


def _post(fund, staff, title="Le sixième appel est ouvert", publish=True, **data):
    post = promotion.news_save(
        fund=fund,
        actor=staff,
        data={"kind": "call", "title": title, "summary": "En bref.", "body": "Texte.", **data},
    )
    if publish:
        post = promotion.news_set_published(post=post, actor=staff, published=True)
    return post


def test_news_slug_is_unique_per_fund_and_frozen_once_published(fund, staff):
    first = _post(fund, staff, publish=False)
    second = _post(fund, staff, publish=False)
    assert (first.slug, second.slug) == (
        "le-sixieme-appel-est-ouvert",
        "le-sixieme-appel-est-ouvert-2",
    )
    other_fund = FundFactory()
    assert _post(other_fund, staff, publish=False).slug == "le-sixieme-appel-est-ouvert"
    published = promotion.news_set_published(post=first, actor=staff, published=True)
    edited = promotion.news_save(
        fund=fund, actor=staff, data={"title": "Nouveau titre"}, post=published
    )
    assert edited.slug == "le-sixieme-appel-est-ouvert"


def test_news_publication_writes_audit_rows(fund, staff):
    post = _post(fund, staff)
    assert post.is_published and post.published_at
    promotion.news_set_published(post=post, actor=staff, published=False)
    actions = list(
        AuditEvent.objects.filter(object_type="catalogue.newspost", object_id=str(post.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["news.created", "news.published", "news.unpublished"]


def test_news_may_only_link_its_own_funds_call_and_sheets(fund, staff):
    other_call = CallFactory()
    other_sheet = InnovationFactory(fund=other_call.fund)
    with pytest.raises(ValidationError) as error:
        _post(fund, staff, call=other_call, innovation=other_sheet)
    assert set(error.value.message_dict) == {"call", "innovation"}


def test_testimonial_save_and_publish(fund, staff):
    sheet = InnovationFactory(fund=fund)
    testimonial = promotion.testimonial_save(
        fund=fund,
        actor=staff,
        data={
            "quote": "Le Fonds MNT nous apporte cette technicité.",
            "person_name": "Damien Guillas",
            "person_function": "Adjoint au maire",
            "organisation_label": "RENAC (35)",
            "innovation": sheet,
            "position": 1,
        },
    )
    assert not testimonial.is_published
    testimonial = promotion.testimonial_set_published(
        testimonial=testimonial, actor=staff, published=True
    )
    assert testimonial.is_published
    with pytest.raises(ValidationError):
        promotion.testimonial_save(
            fund=fund,
            actor=staff,
            data={"innovation": InnovationFactory(fund=FundFactory())},
            testimonial=testimonial,
        )


def test_fund_page_shows_latest_three_news_and_testimonials(client, published_fund, staff):
    for n in range(5):
        post = _post(published_fund, staff, title=f"Actualité {n}")
        NewsPost.objects.filter(pk=post.pk).update(
            published_at=timezone.now() - dt.timedelta(days=10 - n)
        )
    _post(published_fund, staff, title="Brouillon caché", publish=False)
    sheet = InnovationFactory(fund=published_fund, title="Un accueil qui répond")
    testimonial = promotion.testimonial_save(
        fund=published_fund,
        actor=staff,
        data={
            "quote": "Il y a deux aspects qui ont retenu notre attention.",
            "person_name": "Pierre Lormeau",
            "person_function": "Directeur des relations usagers",
            "organisation_label": "PESSAC (33)",
            "innovation": sheet,
        },
    )
    promotion.testimonial_set_published(testimonial=testimonial, actor=staff, published=True)
    html = client.get(reverse("public:fund_detail", args=[published_fund.slug])).content.decode()
    assert [f"Actualité {n}" in html for n in range(5)] == [False, False, True, True, True]
    assert "Brouillon caché" not in html
    assert "« Il y a deux aspects qui ont retenu notre attention. »" in html
    assert "<strong>Pierre Lormeau</strong>, Directeur des relations usagers, PESSAC (33)" in html
    assert reverse("public:innovation_detail", args=[sheet.slug]) in html
    feed = reverse("public:fund_news_feed", args=[published_fund.slug])
    assert '<link rel="alternate" type="application/atom+xml"' in html and feed in html


def test_news_pages(client, published_fund, staff):
    post = _post(published_fund, staff)
    draft = _post(published_fund, staff, title="Pas encore", publish=False)
    listing = client.get(reverse("public:fund_news", args=[published_fund.slug])).content.decode()
    assert post.title in listing and draft.title not in listing
    assert 'rel="alternate" type="application/atom+xml"' in listing
    detail = client.get(reverse("public:news_detail", args=[published_fund.slug, post.slug]))
    assert detail.status_code == 200
    assert (
        '<meta property="og:title" content="Le sixième appel est ouvert">'
        in detail.content.decode()
    )
    assert (
        client.get(
            reverse("public:news_detail", args=[published_fund.slug, draft.slug])
        ).status_code
        == 404
    )


def test_news_of_an_unpublished_fund_are_404(client, fund, staff):
    post = _post(fund, staff)
    fund.is_published = False
    fund.save(update_fields=["is_published"])
    for url in (
        reverse("public:fund_news", args=[fund.slug]),
        reverse("public:news_detail", args=[fund.slug, post.slug]),
        reverse("public:fund_news_feed", args=[fund.slug]),
    ):
        assert client.get(url).status_code == 404


def test_atom_feed(client, published_fund, staff, settings):
    post = _post(published_fund, staff)
    _post(published_fund, staff, title="Brouillon", publish=False)
    response = client.get(reverse("public:fund_news_feed", args=[published_fund.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [post.title]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("public:news_detail", args=[published_fund.slug, post.slug]))


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_news_list_query_count_is_pinned(client, published_fund, staff, django_assert_num_queries):
    url = reverse("public:fund_news", args=[published_fund.slug])
    _post(published_fund, staff, title="Une")
    expected = _queries(client, url)
    for n in range(2, 25):
        _post(published_fund, staff, title=f"Actualité {n}")
    with django_assert_num_queries(expected):
        client.get(url)
    # the fund, the count for the pages, the page of posts
    assert expected == 3


def test_fund_page_query_count_with_promotion(
    client, published_fund, staff, django_assert_num_queries
):
    url = reverse("public:fund_detail", args=[published_fund.slug])
    expected = _queries(client, url)
    for n in range(6):
        _post(published_fund, staff, title=f"Actualité {n}")
        sheet = InnovationFactory(fund=published_fund)
        testimonial = promotion.testimonial_save(
            fund=published_fund,
            actor=staff,
            data={
                "quote": "Q",
                "person_name": f"P{n}",
                "person_function": "F",
                "organisation_label": "O",
                "innovation": sheet,
            },
        )
        promotion.testimonial_set_published(testimonial=testimonial, actor=staff, published=True)
    with django_assert_num_queries(expected):
        client.get(url)
    # the fund, its calls, the latest news, the testimonials with their sheets
    assert expected == 4
