"""« Je veux m'en inspirer » : the declaration page (sign-in first, the body chosen in the
referential with or without JavaScript, errors beside fields, nothing typed lost, one reuse
per body) and the public panel of an innovation's reuses."""

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from essaim.catalogue.enums import ReuseStatus as S
from essaim.catalogue.models import Reuse

from ..catalogue.reuse_world import build_world
from ..factories import InnovationFactory, OrganisationFactory, ReuseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def url(innovation) -> str:
    return reverse("public:reuse_declare", args=[innovation.slug])


def test_url_name_and_shape(world):
    assert url(world.innovation) == "/innovations/accueil-telephonique-pessac/m-en-inspirer/"


def test_anonymous_is_sent_to_sign_in_then_back(client, world):
    response = client.get(url(world.innovation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/innovations/accueil-telephonique-pessac/m-en-inspirer/" in response["Location"]


def test_unpublished_sheet_is_not_found(client, world):
    hidden = InnovationFactory(is_published=False, published_at=None)
    client.force_login(world.reuser)
    assert client.get(url(hidden)).status_code == 404
    assert client.get("/innovations/nulle-part/m-en-inspirer/").status_code == 404


def test_form_offers_the_organisation_combobox(client, world):
    client.force_login(world.reuser)
    response = client.get(url(world.innovation))
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-organisation-combobox" in html
    assert reverse("portal:organisation_suggestions") in html
    assert 'name="message"' in html
    assert "camille.contact@pessac.fr" not in html and "alice@pessac.fr" not in html


def test_declare_with_the_combobox_choice(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.reuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(world.innovation),
            {
                "organisation": world.bordeaux.pk,
                "organisation_query": str(world.bordeaux),
                "message": "Nous voulons nous en inspirer.",
            },
        )
    reuse = Reuse.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:reuse_detail", args=[reuse.pk])
    assert (reuse.organisation, reuse.declared_by) == (world.bordeaux, world.reuser)
    assert len(mail.outbox) == 3
    followed = client.get(response["Location"])
    assert "Bordeaux s&#x27;inspire" in followed.content.decode() or "Bordeaux s'inspire" in (
        followed.content.decode()
    )


def test_without_javascript_typed_text_naming_one_body_is_resolved(client, world):
    client.force_login(world.reuser)
    response = client.post(
        url(world.innovation),
        {"organisation": "", "organisation_query": "Brest", "message": "Bonjour."},
    )
    assert response.status_code == 302
    assert Reuse.objects.get().organisation == world.brest


def test_without_javascript_several_bodies_come_back_to_pick_with_message_kept(client, world):
    OrganisationFactory(name="Saint-Denis", departement="93", postal_codes="93200")
    run = OrganisationFactory(name="Saint-Denis", departement="974", postal_codes="97400")
    client.force_login(world.reuser)
    response = client.post(
        url(world.innovation),
        {"organisation": "", "organisation_query": "saint denis", "message": "Texte gardé."},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Erreur :" in html
    assert "Plusieurs organismes correspondent" in html
    assert html.count('name="organisation_pick"') == 2
    assert "Texte gardé." in html
    assert not Reuse.objects.exists()

    response = client.post(
        url(world.innovation),
        {
            "organisation": "",
            "organisation_query": "saint denis",
            "organisation_pick": run.pk,
            "message": "Texte gardé.",
        },
    )
    assert response.status_code == 302
    assert Reuse.objects.get().organisation == run


@pytest.mark.parametrize(
    ("data", "field_id", "message", "kept"),
    [
        (
            {"organisation_query": "Bordeaux", "message": ""},
            "id_message",
            "Écrivez votre message.",
            "Bordeaux",
        ),
        (
            {"organisation_query": "", "message": "Mon texte"},
            "id_organisation_query",
            "Indiquez votre organisme.",
            "Mon texte",
        ),
        (
            {"organisation_query": "Zzyzx", "message": "Mon texte"},
            "id_organisation_query",
            "Aucun organisme ne correspond",
            "Mon texte",
        ),
        (
            {"organisation_query": "Pessac", "message": "Mon texte"},
            "id_organisation_query",
            "celui qui porte l",
            "Mon texte",
        ),
    ],
)
def test_errors_are_beside_their_field_and_nothing_typed_is_lost(
    client, world, data, field_id, message, kept
):
    client.force_login(world.reuser)
    response = client.post(url(world.innovation), {"organisation": "", **data})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Erreur :" in html
    assert f'href="#{field_id}"' in html  # the summary links to the field
    assert f'id="{field_id}_error"' in html or f"{field_id}-group" in html
    assert message in html.replace("&#x27;", "'").replace("’", "'")
    assert kept in html
    assert not Reuse.objects.exists()


def test_declaring_again_leads_to_the_existing_reuse(client, world):
    reuse = ReuseFactory(
        innovation=world.innovation, organisation=world.bordeaux, declared_by=world.reuser
    )
    client.force_login(world.reuser)
    response = client.post(
        url(world.innovation),
        {
            "organisation": world.bordeaux.pk,
            "organisation_query": str(world.bordeaux),
            "message": "Encore moi.",
        },
    )
    assert response["Location"] == reverse("portal:reuse_detail", args=[reuse.pk])
    assert Reuse.objects.count() == 1
    assert reuse.messages.get().body == "Encore moi."


def test_another_person_of_a_declared_body_gets_an_error_beside_the_body(client, world):
    ReuseFactory(innovation=world.innovation, organisation=world.bordeaux, declared_by=world.reuser)
    client.force_login(world.outsider)
    response = client.post(
        url(world.innovation),
        {
            "organisation": world.bordeaux.pk,
            "organisation_query": str(world.bordeaux),
            "message": "Nous aussi.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "s&#x27;inspire déjà" in html or "s'inspire déjà" in html
    assert "Nous aussi." in html
    assert "Dora" not in html


def test_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.reuser)
    response = client.post(
        url(world.innovation),
        {
            "organisation": world.bordeaux.pk,
            "organisation_query": str(world.bordeaux),
            "message": "x",
        },
    )
    assert response.status_code == 403
    assert not Reuse.objects.exists()


# --- the panel on the sheet -------------------------------------------------------------------


def test_panel_lists_bodies_deployed_first_without_people_in_one_query(
    world, rf, django_assert_num_queries
):
    ReuseFactory(innovation=world.innovation, organisation=world.bordeaux, declared_by=world.reuser)
    ReuseFactory(innovation=world.innovation, organisation=world.brest, status=S.DEPLOYED)
    # given up: not counted among the bodies that draw on it (as on the map)
    rennes = OrganisationFactory(name="Rennes", departement="35")
    ReuseFactory(innovation=world.innovation, organisation=rennes, status=S.ABANDONED)
    with django_assert_num_queries(1):
        html = render_to_string(
            "public/panels/innovation_reuses.html",
            {"innovation": world.innovation},
            request=rf.get("/"),
        )
    assert html.index("Brest") < html.index("Bordeaux")
    assert "2 organismes s’en inspirent, dans 2 départements ; 1 l’a déployée." in html
    assert "Finistère (29)" in html and "Déployé" in html and "Intéressé" in html
    assert "Dora" not in html and "bordeaux.fr" not in html
    assert reverse("public:reuse_declare", args=[world.innovation.slug]) in html


def test_panel_without_reuse_invites_to_declare(world, rf):
    html = render_to_string(
        "public/panels/innovation_reuses.html",
        {"innovation": world.innovation},
        request=rf.get("/"),
    )
    assert "Aucun organisme n’a encore déclaré s’en inspirer." in html
    assert "Je veux m’en inspirer" in html


def test_panel_in_a_preview_offers_no_declaration(world, rf):
    html = render_to_string(
        "public/panels/innovation_reuses.html",
        {"innovation": world.innovation, "is_preview": True},
        request=rf.get("/"),
    )
    assert "Je veux m’en inspirer" not in html


def test_sheet_page_shows_the_panel(client, world):
    ReuseFactory(innovation=world.innovation, organisation=world.brest, status=S.DEPLOYED)
    response = client.get(f"/innovations/{world.innovation.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ils s’en inspirent" in html and "Brest" in html
    assert reverse("public:reuse_declare", args=[world.innovation.slug]) in html
