"""Reuse services and selectors: declaring (once per body), the thread and its e-mails (no
address crosses sides), statuses with their history and audit rows, the public panel, the
statistics."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from essaim.catalogue.enums import ReuseStatus as S
from essaim.catalogue.models import Reuse, ReuseMessage, ReuseUpdate
from essaim.catalogue.selectors.reuse import (
    followed_innovations,
    innovation_reuses,
    my_reuses,
    reuse_statistics,
)
from essaim.catalogue.services.reuse import (
    ReuseError,
    may_change_status,
    reuse_change_status,
    reuse_declare,
    reuse_post_message,
    team_side_emails,
)
from essaim.core.models import AuditEvent

from ..factories import InnovationFactory, OrganisationFactory, ReuseFactory, UserFactory
from .reuse_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def declared(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = reuse_declare(
            innovation=world.innovation,
            organisation=world.bordeaux,
            user=world.reuser,
            message="Bonjour, nous voulons refaire votre standard.",
        )
    return result.reuse


def sent_to(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


# --- declaring ---------------------------------------------------------------------------


def test_declare_creates_reuse_history_message_audit_and_mails_the_team_side(
    world, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://essaim.example"
    with django_capture_on_commit_callbacks(execute=True):
        result = reuse_declare(
            innovation=world.innovation,
            organisation=world.bordeaux,
            user=world.reuser,
            message="  Bonjour, nous voulons refaire votre standard.  ",
        )
    reuse = result.reuse
    assert result.created
    assert (reuse.status, reuse.departement, reuse.declared_by) == (
        S.INTERESTED,
        "33",
        world.reuser,
    )
    assert list(reuse.updates.values_list("status", flat=True)) == [S.INTERESTED]
    first = reuse.messages.get()
    assert (first.body, first.from_team) == ("Bonjour, nous voulons refaire votre standard.", False)
    assert AuditEvent.objects.filter(action="reuse.declared", object_id=str(reuse.pk)).exists()
    # contacts and the dossier's team, each alone on their e-mail; never the reuser
    assert sent_to(mail.outbox) == ["alice@pessac.fr", "bob@pessac.fr", "camille.contact@pessac.fr"]
    assert all(len(message.to) == 1 for message in mail.outbox)
    body = mail.outbox[0].body
    assert f"https://essaim.example/reutilisations/{reuse.pk}/" in body
    assert "refaire votre standard" in body
    assert "Bordeaux" in mail.outbox[0].subject
    assert "dora@bordeaux.fr" not in body and "dora@bordeaux.fr" not in mail.outbox[0].subject


def test_declaring_again_for_the_same_body_returns_the_existing_reuse(
    world, declared, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = reuse_declare(
            innovation=world.innovation,
            organisation=world.bordeaux,
            user=world.reuser,
            message="Une précision : 40 agents.",
        )
    assert not again.created
    assert again.reuse.pk == declared.pk
    assert Reuse.objects.count() == 1
    assert (
        list(declared.messages.values_list("body", flat=True))[-1] == "Une précision : 40 agents."
    )
    assert len(mail.outbox) == 3  # the team side hears of the new message


def test_another_person_of_the_same_body_is_refused_without_seeing_the_thread(world, declared):
    with pytest.raises(ReuseError) as error:
        reuse_declare(
            innovation=world.innovation,
            organisation=world.bordeaux,
            user=world.outsider,
            message="Nous aussi !",
        )
    assert error.value.field == "organisation"
    assert "Dora" not in str(error.value)
    assert ReuseMessage.objects.count() == 1


def test_declare_refuses_unpublished_sheet_own_body_and_empty_message(world):
    with pytest.raises(ReuseError):
        reuse_declare(
            innovation=world.innovation, organisation=world.pessac, user=world.reuser, message="x"
        )
    with pytest.raises(ReuseError) as empty:
        reuse_declare(
            innovation=world.innovation, organisation=world.brest, user=world.reuser, message=" "
        )
    assert empty.value.field == "body"
    hidden = InnovationFactory(is_published=False, published_at=None)
    with pytest.raises(ReuseError):
        reuse_declare(innovation=hidden, organisation=world.brest, user=world.reuser, message="x")
    assert not Reuse.objects.exists()


def test_external_sheet_without_contact_reaches_the_staff_who_added_it(world):
    creator = UserFactory(email="ajout@fonds.fr")
    external = InnovationFactory(created_by=creator)
    assert team_side_emails(external) == ["ajout@fonds.fr"]


# --- the thread --------------------------------------------------------------------------


def test_team_answer_moves_to_in_contact_once_and_mails_only_the_reuser(
    world, declared, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = reuse_post_message(reuse=declared, author=world.co_applicant, body="Avec plaisir.")
    assert answer.from_team
    declared.refresh_from_db()
    assert declared.status == S.IN_CONTACT
    assert list(declared.updates.values_list("status", flat=True)) == [S.INTERESTED, S.IN_CONTACT]
    assert AuditEvent.objects.filter(
        action="reuse.status_changed", from_value=S.INTERESTED, to_value=S.IN_CONTACT
    ).exists()
    assert sent_to(mail.outbox) == ["dora@bordeaux.fr"]
    assert "pessac.fr" not in mail.outbox[0].body
    assert "Avec plaisir." in mail.outbox[0].body

    reuse_post_message(reuse=declared, author=world.owner, body="Autre chose.")
    assert declared.updates.count() == 2  # no second automatic change


def test_reuser_message_goes_to_the_team_side(world, declared, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = reuse_post_message(reuse=declared, author=world.reuser, body="Merci !")
    assert not message.from_team
    assert sent_to(mail.outbox) == ["alice@pessac.fr", "bob@pessac.fr", "camille.contact@pessac.fr"]


@pytest.mark.parametrize("who", ["outsider", "other_staff"])
def test_outsiders_cannot_write(world, declared, who):
    with pytest.raises(ReuseError):
        reuse_post_message(reuse=declared, author=getattr(world, who), body="Bonjour")


def test_staff_writes_as_the_innovation_side(world, declared):
    assert reuse_post_message(reuse=declared, author=world.staff, body="Le fonds ici.").from_team


# --- statuses ----------------------------------------------------------------------------


def test_status_change_writes_history_and_audit(world, declared):
    reuse_change_status(reuse=declared, status=S.DEPLOYED, note="Depuis mars.", actor=world.reuser)
    declared.refresh_from_db()
    assert (declared.status, declared.note) == (S.DEPLOYED, "Depuis mars.")
    last = declared.updates.last()
    assert (last.status, last.note, last.author) == (S.DEPLOYED, "Depuis mars.", world.reuser)
    event = AuditEvent.objects.get(action="reuse.status_changed")
    assert (event.from_value, event.to_value, event.reason) == (
        S.INTERESTED,
        S.DEPLOYED,
        "Depuis mars.",
    )


def test_same_status_needs_a_note_and_unknown_status_is_refused(world, declared):
    with pytest.raises(ReuseError) as same:
        reuse_change_status(reuse=declared, status=S.INTERESTED, note="", actor=world.reuser)
    assert same.value.field == "note"
    with pytest.raises(ReuseError):
        reuse_change_status(reuse=declared, status="fini", note="", actor=world.reuser)
    reuse_change_status(
        reuse=declared, status=S.INTERESTED, note="Budget voté.", actor=world.reuser
    )
    assert declared.updates.count() == 2


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("reuser", True),
        ("staff", True),
        ("admin", True),
        ("owner", False),
        ("co_applicant", False),
        ("other_staff", False),
        ("outsider", False),
    ],
)
def test_who_changes_the_status(world, declared, who, allowed):
    user = getattr(world, who)
    assert may_change_status.test(user, declared) is allowed
    if not allowed:
        with pytest.raises(ReuseError):
            reuse_change_status(reuse=declared, status=S.ADAPTING, note="", actor=user)
        assert ReuseUpdate.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "follows"),
    [
        ("reuser", True),
        ("owner", True),
        ("co_applicant", True),
        ("staff", True),
        ("admin", True),
        ("other_staff", False),
        ("outsider", False),
    ],
)
def test_who_follows_a_reuse(world, declared, who, follows):
    assert getattr(world, who).has_perm("catalogue.follow_reuse", declared) is follows


# --- reads -------------------------------------------------------------------------------


def test_public_panel_shows_bodies_deployed_first_without_people(world, django_assert_num_queries):
    ReuseFactory(innovation=world.innovation, organisation=world.bordeaux, status=S.INTERESTED)
    ReuseFactory(innovation=world.innovation, organisation=world.brest, status=S.DEPLOYED)
    ReuseFactory(
        innovation=world.innovation,
        organisation=OrganisationFactory(name="Arcachon"),
        status=S.ABANDONED,
    )
    with django_assert_num_queries(1):
        panel = innovation_reuses(world.innovation)
    assert [(r.organisation, r.departement, r.status) for r in panel.rows] == [
        ("Brest", "29", S.DEPLOYED),
        ("Bordeaux", "33", S.INTERESTED),
        ("Arcachon", "33", S.ABANDONED),
    ]
    # the one given up is listed, not counted (as on the map)
    assert (panel.count, panel.deployed, panel.departements) == (2, 1, 2)
    assert panel.rows[0].departement_name == "Finistère"


def test_my_reuses_lists_declared_and_those_of_my_innovations(world, declared):
    assert my_reuses(world.reuser)["declared"] == [declared]
    assert my_reuses(world.reuser)["of_my_innovations"] == []
    assert my_reuses(world.co_applicant)["of_my_innovations"] == [declared]
    assert my_reuses(world.outsider) == {"declared": [], "of_my_innovations": []}


def test_followed_innovations_per_role(world):
    external = InnovationFactory(created_by=world.staff)
    assert set(followed_innovations(world.staff)) == {world.innovation, external}
    assert set(followed_innovations(world.other_staff)) == set()
    assert set(followed_innovations(world.admin)) == {world.innovation, external}


def test_statistics_count_per_status_and_month_in_three_queries(world, django_assert_num_queries):
    def reuse_on(when, status, organisation):
        reuse = ReuseFactory(innovation=world.innovation, organisation=organisation, status=status)
        Reuse.objects.filter(pk=reuse.pk).update(created_at=when)
        ReuseUpdate.objects.create(reuse=reuse, status=S.INTERESTED)
        if status == S.DEPLOYED:
            update = ReuseUpdate.objects.create(reuse=reuse, status=S.DEPLOYED)
            ReuseUpdate.objects.filter(pk=update.pk).update(created_at=when + dt.timedelta(days=40))
        return reuse

    paris = timezone.get_default_timezone()
    # 1 February 00:30 in Paris is still 31 January in UTC: months are Paris months
    reuse_on(dt.datetime(2026, 2, 1, 0, 30, tzinfo=paris), S.DEPLOYED, world.bordeaux)
    reuse_on(dt.datetime(2026, 3, 5, 10, 0, tzinfo=paris), S.INTERESTED, world.brest)
    other = InnovationFactory()
    ReuseFactory(innovation=other, organisation=world.bordeaux)

    innovations = followed_innovations(world.staff)
    with django_assert_num_queries(3):
        stats = reuse_statistics(innovations)
    assert stats.total == 2
    assert stats.by_status[S.DEPLOYED] == 1 and stats.by_status[S.INTERESTED] == 1
    assert [(row.title, row.total) for row in stats.innovations] == [(world.innovation.title, 2)]
    assert [(m.month, m.declared, m.deployed) for m in stats.months] == [
        (dt.date(2026, 2, 1), 1, 0),
        (dt.date(2026, 3, 1), 1, 1),
    ]


def test_a_contact_with_an_account_follows_and_answers_as_the_team(world, declared):
    from essaim.catalogue.models import InnovationContact

    contact_user = UserFactory(email="contact.compte@pessac.fr")
    InnovationContact.objects.create(
        innovation=world.innovation,
        full_name="Claude Contact",
        job_title="Chargé de mission",
        user=contact_user,
    )
    assert contact_user.has_perm("catalogue.follow_reuse", declared)
    assert not contact_user.has_perm("catalogue.change_reuse_status", declared)
    answer = reuse_post_message(reuse=declared, author=contact_user, body="Bonjour !")
    assert answer.from_team


# --- confirmation: a declaration is public once the innovation's side confirms it --------


def test_a_declaration_stays_off_the_public_pages_until_the_team_confirms_it(world, declared):
    from essaim.catalogue.opendata import public_reuses
    from essaim.catalogue.selectors.catalogue import map_counts
    from essaim.catalogue.services.reuse import reuse_confirm

    def public() -> tuple:
        panel = innovation_reuses(world.innovation)
        on_map = sum(count.reuses for count in map_counts())
        return panel.count, on_map, public_reuses().filter(pk=declared.pk).exists()

    assert public() == (0, 0, False)
    with pytest.raises(ReuseError):
        reuse_confirm(reuse=declared, actor=world.reuser)  # nobody vouches for themselves
    with pytest.raises(ReuseError):
        reuse_confirm(reuse=declared, actor=world.other_staff)
    assert public() == (0, 0, False)
    reuse_confirm(reuse=declared, actor=world.owner)
    assert public() == (1, 1, True)
    event = AuditEvent.objects.for_object(declared).get(action="reuse.confirmed")
    assert event.actor == world.owner
    reuse_confirm(reuse=declared, actor=world.staff)  # twice: nothing more is written
    assert AuditEvent.objects.for_object(declared).filter(action="reuse.confirmed").count() == 1


def test_the_thread_page_offers_confirmation_to_the_team_side_only(world, declared, client):
    from django.urls import reverse

    url = reverse("portal:reuse_confirm", args=[declared.pk])
    client.force_login(world.reuser)
    page = client.get(reverse("portal:reuse_detail", args=[declared.pk])).content.decode()
    assert "une fois confirmée par l’équipe de l’innovation" in page
    assert url not in page
    assert client.post(url).status_code == 403
    client.force_login(world.owner)
    page = client.get(reverse("portal:reuse_detail", args=[declared.pk])).content.decode()
    assert url in page
    assert client.post(url).status_code == 302
    declared.refresh_from_db()
    assert declared.confirmed_at is not None and declared.confirmed_by == world.owner
