"""Creating and editing a call with its themes and stages, and extending its deadline."""

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from essaim.core.models import AuditEvent
from essaim.funds.enums import StageKind, SupportKind
from essaim.funds.models import Call

from ..factories import CallFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def text(response) -> str:
    return html.unescape(response.content.decode())


def problems(response) -> list[str]:
    """The items of the page's error summary, for readable failures."""
    page = text(response)
    summary = re.search(r'class="error-summary".*?</ul>', page, re.S)
    return re.findall(r"<li>(.*?)</li>", summary.group(0), re.S) if summary else []


def call_data(themes=(), stages=(), initial_themes=0, initial_stages=0, **overrides):
    """The POST of the call form: its fields, then themes and stages as formset rows."""
    data = {
        "title": "Appel à défis 2025",
        "slug": "2025-1",
        "year": "2025",
        "edition": "1",
        "summary": "Des défis d'innovation publique.",
        "opens_at": "2025-03-01T09:00",
        "closes_at": "2025-04-15T23:59",
        "support_kind": SupportKind.ACCOMPANIMENT,
        "requires_hierarchical_support": "on",
        "eligibility_rules": "Organisme public\n\n  Soutien de la direction  ",
        "themes-TOTAL_FORMS": str(len(themes)),
        "themes-INITIAL_FORMS": str(initial_themes),
        "stages-TOTAL_FORMS": str(len(stages)),
        "stages-INITIAL_FORMS": str(initial_stages),
    }
    for prefix, rows in (("themes", themes), ("stages", stages)):
        for n, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{n}-{key}"] = value
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


THEMES = [
    {"title": "Innovation managériale", "position": "0"},
    {"title": "Parcours usager", "position": "1"},
]
STAGES = [
    {"kind": StageKind.APPLICATION, "position": "0"},
    {
        "kind": StageKind.JURY,
        "title": "Jury national",
        "starts_on": "2025-05-01",
        "ends_on": "2025-05-15",
        "position": "1",
    },
]


def test_staff_create_a_call_with_themes_and_stages(client, staff, fund):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:call_create", args=[fund.pk]),
        call_data(
            themes=[*THEMES, {"title": "", "position": "0"}],
            stages=STAGES,
            allowed_organisation_types=["epci", "commune"],
        ),
    )
    call = Call.objects.get(fund=fund, slug="2025-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:call_detail", args=[call.pk])
    assert call.opens_at == dt.datetime(2025, 3, 1, 9, 0, tzinfo=PARIS)
    assert call.closes_at == dt.datetime(2025, 4, 15, 23, 59, tzinfo=PARIS)
    assert call.allowed_organisation_types == ["commune", "epci"]
    assert call.eligibility_rule_list() == ["Organisme public", "Soutien de la direction"]
    assert [t.title for t in call.themes.all()] == ["Innovation managériale", "Parcours usager"]
    assert [s.kind for s in call.stages.all()] == [StageKind.APPLICATION, StageKind.JURY]
    assert call.stages.get(kind=StageKind.JURY).title == "Jury national"
    event = AuditEvent.objects.for_object(call).get()
    assert (event.action, event.actor) == ("call.created", staff)


def test_closing_time_is_shown_in_paris_time_on_the_edit_form(client, staff, call):
    client.force_login(staff)
    call.is_published = False
    call.opens_at = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)
    call.closes_at = dt.datetime(2024, 6, 30, 21, 59, tzinfo=dt.UTC)
    call.save()
    page = client.get(reverse("backoffice:call_edit", args=[call.pk])).content.decode()
    assert 'type="datetime-local"' in page
    assert 'value="2024-06-30T23:59"' in page


@pytest.mark.parametrize(
    ("amounts", "field", "message"),
    [
        ({}, "min_amount", "Indiquez le montant minimum par projet."),
        (
            {"min_amount": "30 000", "max_amount": "120 000"},
            "envelope",
            "Indiquez l'enveloppe totale de l'appel.",
        ),
        (
            {"min_amount": "150000", "max_amount": "120000", "envelope": "3000000"},
            "min_amount",
            "Le montant minimum par projet ne peut pas dépasser le montant maximum.",
        ),
        (
            {"min_amount": "30000", "max_amount": "4 000 000", "envelope": "3 000 000"},
            "max_amount",
            "Le montant maximum par projet ne peut pas dépasser l'enveloppe",
        ),
    ],
)
def test_funding_amounts_are_checked_and_nothing_typed_is_lost(
    client, staff, fund, amounts, field, message
):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:call_create", args=[fund.pk]),
        call_data(themes=THEMES, support_kind=SupportKind.FUNDING, **amounts),
    )
    page = text(response)
    assert response.status_code == 200
    assert not Call.objects.filter(fund=fund, slug="2025-1").exists()
    assert "<title>Erreur :" in page
    assert "Il y a un problème" in page
    assert f'href="#id_{field}"' in page
    assert message in page
    # what was typed is still there
    assert 'value="Appel à défis 2025"' in page
    assert 'value="Innovation managériale"' in page
    assert 'value="2025-04-15T23:59"' in page


def test_funding_call_with_valid_amounts_is_saved(client, staff, fund):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:call_create", args=[fund.pk]),
        call_data(
            themes=THEMES,
            support_kind=SupportKind.FUNDING,
            min_amount="30 000",
            max_amount="120 000 €",
            envelope="3 000 000,00",
        ),
    )
    assert response.status_code == 302
    call = Call.objects.get(fund=fund, slug="2025-1")
    assert (call.min_amount, call.max_amount, call.envelope) == (30000, 120000, 3000000)


def test_closing_before_opening_is_refused_in_french(client, staff, fund):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:call_create", args=[fund.pk]),
        call_data(themes=THEMES, closes_at="2025-02-01T12:00"),
    )
    assert "La clôture doit être postérieure à l&#x27;ouverture." in response.content.decode()


def test_a_stage_kind_used_twice_is_refused(client, staff, fund):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:call_create", args=[fund.pk]),
        call_data(themes=THEMES, stages=[STAGES[1], {**STAGES[1], "title": ""}]),
    )
    assert response.status_code == 200
    assert "L'étape « Jury » figure deux fois." in problems(response)


def test_add_a_row_keeps_what_was_typed_and_saves_nothing(client, staff, fund):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:call_create", args=[fund.pk]),
        call_data(themes=THEMES[:1], title="Mon appel", add="themes"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not Call.objects.filter(fund=fund).exists()
    assert 'name="themes-TOTAL_FORMS" value="2"' in page
    assert 'value="Mon appel"' in page
    assert 'value="Innovation managériale"' in page
    assert "Il y a un problème" not in page


def test_edit_a_call_updates_deletes_and_adds_themes(client, staff, call):
    client.force_login(staff)
    call.is_published = False
    call.save()
    first, second = call.themes.all()
    data = call_data(
        themes=[
            {"id": str(first.pk), "title": "Accueil repensé", "position": "0"},
            {"id": str(second.pk), "title": second.title, "position": "1", "DELETE": "on"},
            {"title": "Numérique sobre", "position": "2"},
        ],
        initial_themes=2,
        slug=call.slug,
        year=str(call.year),
        edition=str(call.edition),
    )
    response = client.post(reverse("backoffice:call_edit", args=[call.pk]), data)
    assert response.status_code == 302
    assert [t.title for t in call.themes.all()] == ["Accueil repensé", "Numérique sobre"]
    assert call.stages.count() == 0  # none posted: the call keeps exactly the rows sent
    event = AuditEvent.objects.for_object(call).get(action="call.updated")
    assert "themes" in event.data["fields"] and "title" in event.data["fields"]


def test_a_theme_chosen_by_dossiers_cannot_be_deleted(client, staff, call, make_submitted):
    make_submitted(call)  # takes the first theme
    first, second = call.themes.all()
    client.force_login(staff)
    data = call_data(
        themes=[
            {"id": str(first.pk), "title": first.title, "position": "0", "DELETE": "on"},
            {"id": str(second.pk), "title": second.title, "position": "1"},
        ],
        initial_themes=2,
        slug=call.slug,
        year=str(call.year),
        edition=str(call.edition),
        opens_at=timezone.localtime(call.opens_at).strftime("%Y-%m-%dT%H:%M"),
        closes_at=timezone.localtime(call.closes_at).strftime("%Y-%m-%dT%H:%M"),
        is_published="on",
    )
    response = client.post(reverse("backoffice:call_edit", args=[call.pk]), data)
    assert response.status_code == 200, problems(response)
    assert "est choisie par des dossiers" in text(response), problems(response)
    assert call.themes.count() == 2


def test_open_call_calendar_is_locked_on_the_edit_form(client, staff, call):
    """An open call's closing time moves only through the audited extension."""
    client.force_login(staff)
    closes_at = call.closes_at
    data = call_data(
        themes=[
            {"id": str(t.pk), "title": t.title, "position": str(t.position)}
            for t in call.themes.all()
        ],
        initial_themes=2,
        slug=call.slug,
        year=str(call.year),
        edition=str(call.edition),
        closes_at="2099-01-01T00:00",
        is_published="on",
    )
    page = client.get(reverse("backoffice:call_edit", args=[call.pk])).content.decode()
    assert "Prolonger la clôture" in page
    response = client.post(reverse("backoffice:call_edit", args=[call.pk]), data)
    assert response.status_code == 302, problems(response)
    call.refresh_from_db()
    assert call.closes_at == closes_at


def test_slug_already_used_in_the_fund_is_refused(client, staff, call):
    client.force_login(staff)
    response = client.post(
        reverse("backoffice:call_create", args=[call.fund.pk]),
        call_data(themes=THEMES, slug=call.slug),
    )
    assert "Ce fonds a déjà un appel avec cet identifiant." in response.content.decode()


# --- deadline extension -------------------------------------------------------------------


def extension_url(call):
    return reverse("backoffice:call_extend_deadline", args=[call.pk])


def test_extension_asks_for_confirmation_then_extends_and_audits(client, staff, call):
    client.force_login(staff)
    old = call.closes_at
    new_local = timezone.localtime(old + dt.timedelta(days=7)).replace(second=0, microsecond=0)
    data = {"new_closes_at": new_local.strftime("%Y-%m-%dT%H:%M"), "reason": "Panne du site."}

    confirm = client.post(extension_url(call), data)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Confirmer la prolongation" in page
    assert "Tous les candidats pourront déposer leur dossier jusqu" in page
    call.refresh_from_db()
    assert call.closes_at == old  # nothing done before the confirmation

    response = client.post(extension_url(call), {**data, "confirm": "1"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.closes_at == new_local
    event = AuditEvent.objects.for_object(call).get(action="call.deadline_extended")
    assert event.actor == staff
    assert event.reason == "Panne du site."
    assert dt.datetime.fromisoformat(event.from_value) == old
    assert dt.datetime.fromisoformat(event.to_value) == new_local

    detail = client.get(reverse("backoffice:call_detail", args=[call.pk])).content.decode()
    assert "Panne du site." in detail
    assert "Prolongations de la clôture" in detail


def test_edit_from_the_confirmation_keeps_the_values(client, staff, call):
    client.force_login(staff)
    response = client.post(
        extension_url(call),
        {"new_closes_at": "2099-01-02T10:30", "reason": "Grève", "edit": "1"},
    )
    page = response.content.decode()
    assert 'value="2099-01-02T10:30"' in page
    assert "Grève" in page
    assert "Il y a un problème" not in page


@pytest.mark.parametrize("days", [-1, 0])
def test_an_earlier_or_same_time_is_refused_in_french(client, staff, call, days):
    client.force_login(staff)
    old = call.closes_at
    target = timezone.localtime(old + dt.timedelta(days=days))
    response = client.post(
        extension_url(call),
        {"new_closes_at": target.strftime("%Y-%m-%dT%H:%M"), "reason": "Oups", "confirm": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "La nouvelle clôture doit être postérieure à la clôture actuelle" in page
    call.refresh_from_db()
    assert call.closes_at == old
    assert not AuditEvent.objects.filter(action="call.deadline_extended").exists()


def test_a_reason_is_required(client, staff, call):
    client.force_login(staff)
    response = client.post(
        extension_url(call), {"new_closes_at": "2099-01-01T10:00", "reason": "  "}
    )
    assert "Indiquez le motif de la prolongation." in response.content.decode()


def test_a_closed_call_can_be_reopened_by_an_extension(client, staff, fund):
    closed = CallFactory(
        fund=fund,
        opens_at=timezone.now() - dt.timedelta(days=40),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    client.force_login(staff)
    new = timezone.localtime(timezone.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        extension_url(closed), {"new_closes_at": new, "reason": "Incident", "confirm": "1"}
    )
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.is_open_at(timezone.now())
