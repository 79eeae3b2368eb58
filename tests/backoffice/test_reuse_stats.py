"""Reuse statistics in the back-office: scoped to the funds a person manages (all for an
admin), counts per innovation and status, the spread per month with bars, the CSV export,
the list of one innovation's reuses, pinned query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essaim.catalogue.enums import ReuseStatus as S
from essaim.catalogue.models import Reuse, ReuseUpdate

from ..catalogue.reuse_world import build_world
from ..factories import (
    FundFactory,
    InnovationFactory,
    OrganisationFactory,
    ReuseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STATS = "/gestion/essaimage/reutilisations/"
# session, user, fund roles, managed funds, then the three statistics queries
STATS_QUERIES = 7


@pytest.fixture
def world():
    return build_world()


def add_reuse(innovation, status=S.INTERESTED, when=None, title=None):
    reuse = ReuseFactory(innovation=innovation, organisation=OrganisationFactory(), status=status)
    when = when or timezone.now()
    Reuse.objects.filter(pk=reuse.pk).update(created_at=when)
    if status == S.DEPLOYED:
        update = ReuseUpdate.objects.create(reuse=reuse, status=S.DEPLOYED)
        ReuseUpdate.objects.filter(pk=update.pk).update(created_at=when)
    return reuse


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def test_urls(world):
    assert reverse("backoffice:reuse_stats") == STATS
    assert reverse("backoffice:reuse_stats_export") == STATS + "export.csv"


@pytest.mark.parametrize(
    ("who", "status"), [("staff", 200), ("admin", 200), ("reuser", 403), ("owner", 403)]
)
def test_who_opens_the_statistics(client, world, who, status):
    client.force_login(getattr(world, who))
    assert client.get(STATS).status_code == status
    assert client.get(STATS + "export.csv").status_code == status


def test_anonymous_is_sent_to_sign_in(client, world):
    assert "/compte/login/" in client.get(STATS)["Location"]


def test_staff_see_their_funds_only_admin_sees_all(client, world):
    paris = timezone.get_default_timezone()
    add_reuse(world.innovation, S.DEPLOYED, dt.datetime(2026, 3, 10, 12, tzinfo=paris))
    add_reuse(world.innovation, S.INTERESTED, dt.datetime(2026, 1, 10, 12, tzinfo=paris))
    foreign = InnovationFactory(title="Innovation d'un autre fonds", fund=FundFactory())
    add_reuse(foreign)

    client.force_login(world.staff)
    html = client.get(STATS).content.decode()
    assert "2 réutilisations déclarées" in html
    assert world.innovation.title in html
    assert "Innovation d&#x27;un autre fonds" not in html
    # months from the first declaration to the last, empty months included
    assert "janvier 2026" in html and "février 2026" in html and "mars 2026" in html
    assert "st-bar__fill st-w-100" in html and "st-bar__fill st-w-0" in html
    assert "<caption>" in html

    client.force_login(world.admin)
    html = client.get(STATS).content.decode()
    assert "3 réutilisations déclarées" in html
    assert "Innovation d&#x27;un autre fonds" in html


def test_other_fund_staff_see_none_of_it(client, world):
    add_reuse(world.innovation)
    client.force_login(world.other_staff)
    html = client.get(STATS).content.decode()
    assert "Aucune réutilisation déclarée" in html
    assert world.innovation.title not in html
    assert client.get(STATS + f"?fonds={world.fund.pk}").status_code == 404


def test_fund_filter(client, world):
    add_reuse(world.innovation)
    client.force_login(world.admin)
    response = client.get(STATS + f"?fonds={world.fund.pk}")
    assert response.status_code == 200
    assert "1 réutilisation déclarée" in response.content.decode()
    assert client.get(STATS + "?fonds=abc").status_code == 404


def test_csv_export(client, world):
    paris = timezone.get_default_timezone()
    world.innovation.title = '=HYPERLINK("x")'
    world.innovation.save(update_fields=["title"])
    add_reuse(world.innovation, S.DEPLOYED, dt.datetime(2026, 3, 10, 12, tzinfo=paris))
    client.force_login(world.staff)
    response = client.get(STATS + "export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="reutilisations.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Tableau;Innovation ou mois;Fonds;Déployé;En adaptation")
    assert lines[1] == 'Par innovation;"\'=HYPERLINK(""x"")";Fonds MNT;1;0;0;0;0;1;;'
    assert lines[2] == "Par mois;2026-03;;;;;;;;1;1"


def test_statistics_page_constant_queries(client, world):
    client.force_login(world.staff)
    add_reuse(world.innovation, S.DEPLOYED)
    _, one = _get(client, STATS)
    for n in range(3):
        innovation = InnovationFactory(fund=world.fund)
        add_reuse(innovation, S.DEPLOYED, timezone.now() - dt.timedelta(days=40 * n))
        add_reuse(innovation, S.ADAPTING)
    response, three = _get(client, STATS)
    assert response.status_code == 200
    assert one == three == STATS_QUERIES


def test_reuse_list_of_an_innovation(client, world):
    reuse = add_reuse(world.innovation, S.ADAPTING)
    url = reverse("backoffice:reuse_list", args=[world.innovation.pk])
    client.force_login(world.staff)
    response, one = _get(client, url)
    html = response.content.decode()
    assert reverse("portal:reuse_detail", args=[reuse.pk]) in html
    assert reuse.organisation.name in html and "En adaptation" in html
    add_reuse(world.innovation)
    add_reuse(world.innovation)
    assert _get(client, url)[1] == one
    client.force_login(world.other_staff)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
