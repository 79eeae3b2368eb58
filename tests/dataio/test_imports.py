"""Imports: the round trip from an export, the dry run's report on a sheet full of mistakes
(writing nothing), the idempotent real run, and unreadable files."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from essaim.applications.enums import TeamAccess
from essaim.applications.models import Application, TeamMember
from essaim.core.models import AuditEvent
from essaim.dataio.datasets import DATASETS
from essaim.dataio.enums import ImportStatus
from essaim.dataio.exports import export_start
from essaim.dataio.imports import import_confirm, import_upload, template_file
from essaim.funds.models import Call, Fund, Theme
from essaim.review.models import Decision
from essaim.territory.models import Organisation

from ..factories import ApplicationFactory, CallFactory, FundFactory, OrganisationFactory, submitted
from .conftest import run_on_commit

pytestmark = pytest.mark.django_db
PARIS = timezone.get_fixed_timezone(0)  # unused placeholder for clarity
DOMAIN_MODELS = (Fund, Call, Theme, Application, TeamMember, Decision, Organisation)


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in DOMAIN_MODELS}


def upload(staff, fund, name, content):
    return import_upload(actor=staff, fund=fund, uploaded=SimpleUploadedFile(name, content))


def confirm(capture, staff, job):
    run_on_commit(capture, import_confirm, actor=staff, job=job)
    job.refresh_from_db()
    return job


def snapshot(call, *, minutes: bool) -> dict:
    """Every imported field of the call's dossiers, by reference."""
    local = timezone.get_current_timezone()
    result = {}
    for application in Application.objects.filter(call=call).select_related("theme"):
        owner = application.team.filter(access=TeamAccess.OWNER).first()
        decision = application.decisions.order_by("-decided_at", "-id").first()
        submitted_at = application.submitted_at.astimezone(local).replace(microsecond=0)
        if minutes:
            submitted_at = submitted_at.replace(second=0)
        result[application.reference] = {
            "state": application.state,
            "submitted_at": submitted_at,
            "title": application.title,
            "theme": application.theme.title if application.theme else "",
            "maturity": application.maturity,
            "amount_requested": application.amount_requested,
            "organisation_id": application.organisation_id,
            "organisation_name": application.organisation_name,
            "organisation_type": application.organisation_type,
            "organisation_departement": application.organisation_departement,
            "problem": application.problem,
            "idea": application.idea,
            "reproducibility": application.reproducibility,
            "owner": (owner.full_name, owner.email) if owner else None,
            "decision": (
                decision.outcome,
                decision.decided_at.astimezone(local).date(),
                decision.reason,
            )
            if decision
            else None,
        }
    return result


def export_all(capture, staff, call, fmt) -> bytes:
    columns = [c.key for c in DATASETS["dossiers"].columns_for(call)]
    job = run_on_commit(
        capture, export_start, actor=staff, call=call, dataset="dossiers", fmt=fmt, columns=columns
    )
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        return handle.read()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_export_then_import_reproduces_the_dossiers(
    fmt, call, staff, dossiers, django_capture_on_commit_callbacks
):
    # a title a spreadsheet would read as a formula, kept as text both ways
    Application.objects.filter(pk=dossiers[0].pk).update(title="=1+1, une idée")
    before = snapshot(call, minutes=fmt == "csv")
    content = export_all(django_capture_on_commit_callbacks, staff, call, fmt)

    Application.objects.filter(call=call).delete()
    job = upload(staff, call.fund, f"export.{fmt}", content)
    assert job.status == ImportStatus.CHECKED, job.report["problems"]
    assert job.report["to_create"] == len(dossiers)
    job = confirm(django_capture_on_commit_callbacks, staff, job)
    assert job.status == ImportStatus.DONE, job.error
    assert job.result["created"] == len(dossiers)

    after = snapshot(call, minutes=fmt == "csv")
    assert after == before
    assert after[dossiers[0].reference]["title"] == "=1+1, une idée"


def test_import_of_the_export_into_the_same_call_changes_nothing(
    call, staff, dossiers, django_capture_on_commit_callbacks
):
    content = export_all(django_capture_on_commit_callbacks, staff, call, "xlsx")
    before, rows_before = counts(), snapshot(call, minutes=False)
    job = upload(staff, call.fund, "export.xlsx", content)
    assert job.status == ImportStatus.CHECKED
    assert (job.report["to_create"], job.report["existing"]) == (0, len(dossiers))
    job = confirm(django_capture_on_commit_callbacks, staff, job)
    assert job.status == ImportStatus.DONE and job.result["created"] == 0
    assert counts() == before
    assert snapshot(call, minutes=False) == rows_before


def _past_sheet(fund) -> bytes:
    """A CSV of two past calls: the first one new, the second one too, with laureates."""
    rows = [
        [
            "Fonds",
            "Appel",
            "Titre de l'appel",
            "Année de l'appel",
            "Référence",
            "État",
            "Déposé le",
            "Titre du projet",
            "Thématique",
            "Organisme",
            "Département",
            "SIREN",
            "Porteur",
            "E-mail du porteur",
            "Décision",
            "Date de la décision",
            "Montant demandé (€)",
        ],
        [
            fund.slug,
            "2021-1",
            "Premier appel",
            "2021",
            "MNT-2021-01-0001",
            "Lauréat",
            "15/03/2021 10:30",
            "Accueil repensé",
            "Accueil",
            "Commune de Pessac",
            "33",
            "213303183",
            "Alice Martin",
            "alice@pessac.fr",
            "Lauréat",
            "20/06/2021",
            "",
        ],
        [
            fund.slug,
            "2021-1",
            "Premier appel",
            "2021",
            "MNT-2021-01-0002",
            "Non retenu",
            "16/03/2021",
            "Guichet unique",
            "Conditions de travail",
            "Mairie de Nulle-Part",
            "33",
            "",
            "Bruno Petit",
            "",
            "",
            "",
            "12 000,50",
        ],
        [
            fund.slug,
            "2022-2",
            "Deuxième appel",
            "2022",
            "MNT-2022-02-0001",
            "Accompagné",
            "2022-04-01 09:00",
            "Lieu d'accueil",
            "",
            "",
            "",
            "243300316",
            "Chloé Roux",
            "chloe@bordeaux-metropole.fr",
            "Lauréat",
            "01/07/2022",
            "",
        ],
    ]
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def test_real_run_creates_past_calls_dossiers_and_laureates_and_is_idempotent(
    fund, staff, bodies, django_capture_on_commit_callbacks
):
    content = _past_sheet(fund)
    job = upload(staff, fund, "passe.csv", content)
    assert job.status == ImportStatus.CHECKED, job.report["problems"]
    codes = {p["code"] for p in job.report["problems"]}
    assert codes == {"organisation_not_found"}  # "Mairie de Nulle-Part": a warning only
    assert [c["slug"] for c in job.report["calls_to_create"]] == ["2021-1", "2022-2"]
    job = confirm(django_capture_on_commit_callbacks, staff, job)
    assert job.status == ImportStatus.DONE, job.error

    first = Call.objects.get(fund=fund, slug="2021-1")
    assert (first.year, first.edition, first.is_published) == (2021, 1, False)
    assert list(first.themes.values_list("title", flat=True)) == [
        "Accueil",
        "Conditions de travail",
    ]
    laureate = Application.objects.get(reference="MNT-2021-01-0001")
    assert laureate.state == "laureate" and laureate.organisation == bodies[0]
    assert laureate.submitted_at == dt.datetime(2021, 3, 15, 9, 30, tzinfo=dt.UTC)
    decision = laureate.decisions.get()
    assert (decision.kind, decision.outcome) == ("jury", "laureate")
    assert timezone.localtime(decision.decided_at).date() == dt.date(2021, 6, 20)
    owner = laureate.team.get()
    assert (owner.full_name, owner.email, owner.access) == (
        "Alice Martin",
        "alice@pessac.fr",
        "owner",
    )
    other = Application.objects.get(reference="MNT-2021-01-0002")
    assert other.organisation is None and other.organisation_name == "Mairie de Nulle-Part"
    assert str(other.amount_requested) == "12000.50"
    assert other.decisions.get().outcome == "not_selected"  # implied by the state
    accompanied = Application.objects.get(reference="MNT-2022-02-0001")
    assert accompanied.organisation == bodies[1]
    assert accompanied.organisation_name == bodies[1].formal_name
    event = AuditEvent.objects.get(action="import")
    assert event.actor == staff and event.data["created"] == 3

    # the same sheet again: nothing changes
    before = counts()
    again = upload(staff, fund, "passe.csv", content)
    assert (again.report["to_create"], again.report["existing"]) == (0, 3)
    again = confirm(django_capture_on_commit_callbacks, staff, again)
    assert again.status == ImportStatus.DONE and again.result["created"] == 0
    assert again.result["calls_created"] == []
    assert counts() == before


def test_confirming_twice_runs_once(fund, staff, bodies, django_capture_on_commit_callbacks):
    job = upload(staff, fund, "passe.csv", _past_sheet(fund))
    confirm(django_capture_on_commit_callbacks, staff, job)
    with pytest.raises(ValidationError):
        import_confirm(actor=staff, job=job)
    assert AuditEvent.objects.filter(action="import").count() == 1


# --- the dry run on a sheet full of mistakes ----------------------------------------------

HEADERS = [
    "Fonds",
    "Appel",
    "Titre de l'appel",
    "Année de l'appel",
    "Référence",
    "État",
    "Déposé le",
    "Thématique",
    "Maturité",
    "Montant demandé (€)",
    "Organisme",
    "Type d'organisme",
    "Département",
    "SIREN",
    "Code INSEE",
    "Porteur",
    "E-mail du porteur",
    "Décision",
    "Date de la décision",
    "Commentaire libre",
    "Porteur",
]  # no "Titre du projet"; an unknown column; "Porteur" twice


def _row(**values):
    base = {
        "Appel": "2024-6",
        "Référence": "",
        "État": "Déposé",
        "Déposé le": "02/05/2024 11:00",
    }
    base.update(values)
    return [base.get(header, "") for header in HEADERS]


@pytest.fixture
def messy_sheet(call, fund):
    """(CSV bytes in Windows-1252, {(row, code, column)} expected). One mistake per row."""
    other_fund = FundFactory(slug="ditp", reference_prefix="DITP")
    elsewhere = CallFactory(fund=fund, slug="2023-5", year=2023, edition=5)
    submitted(ApplicationFactory(call=elsewhere), reference="MNT-2023-05-0001")
    submitted(ApplicationFactory(call=call, title="Déjà là"), reference="MNT-2024-06-0099")
    OrganisationFactory(name="Saint-Denis", kind="commune", departement="93", insee_code="93066")
    OrganisationFactory(name="Saint-Denis", kind="ccas", departement="93")
    ref = iter(range(1, 100))

    def r(**values):
        values.setdefault("Référence", f"MNT-2024-06-{next(ref):04d}")
        return _row(**values)

    plan = [
        (r(**{"Référence": ""}), "required", "Référence"),
        (r(Appel="inconnu"), "unknown_call", "Appel"),
        (r(Fonds="fonds-inexistant"), "unknown_fund", "Fonds"),
        (r(**{"Déposé le": "32/13/2024"}), "bad_date", "Déposé le"),
        (r(**{"Déposé le": "01/01/1990"}), "date_range", "Déposé le"),
        (r(**{"Montant demandé (€)": "beaucoup"}), "bad_amount", "Montant demandé (€)"),
        (r(**{"Montant demandé (€)": "-5"}), "negative_amount", "Montant demandé (€)"),
        (r(**{"État": "Génial"}), "unknown_state", "État"),
        (
            r(**{"État": "Non retenu", "Décision": "Lauréat", "Date de la décision": "01/06/2024"}),
            "state_decision",
            "État",
        ),
        (r(SIREN="123456789"), "bad_siren", "SIREN"),
        (r(SIREN="217500016"), "unknown_organisation", "SIREN"),
        (
            r(Organisme="Saint-Denis", **{"Département": "93"}),
            "ambiguous_organisation",
            "Organisme",
        ),
        (r(**{"E-mail du porteur": "pas-une-adresse"}), "bad_email", "E-mail du porteur"),
        (r(**{"Référence": "MNT-2024-06-0050"}), None, None),
        (r(**{"Référence": "MNT-2024-06-0050"}), "duplicate_reference", "Référence"),
        (
            r(**{"Référence": "MNT-2023-05-0001", "Déposé le": "02/05/2024"}),
            "other_call_reference",
            "Référence",
        ),
        (r(Organisme="x" * 250), "too_long", "Organisme"),
        (r(**{"Thématique": "Thème inconnu"}), "unknown_theme", "Thématique"),
        (
            r(**{"État": "Lauréat", "Décision": "Lauréat"}),
            "laureate_without_date",
            "Date de la décision",
        ),
        (r(**{"Référence": "MNT-2023-06-0007"}), "year_mismatch", "Référence"),
        (r(**{"Année de l'appel": "2020"}), "year_mismatch", "Année de l'appel"),
        (r(**{"Département": "99"}), "unknown_departement", "Département"),
        (r(**{"Maturité": "Très mûr"}), "unknown_maturity", "Maturité"),
        (r(**{"Type d'organisme": "Planète"}), "unknown_organisation_type", "Type d'organisme"),
        (r(**{"Code INSEE": "ABCDE"}), "bad_insee", "Code INSEE"),
        (r(**{"Décision": "Peut-être"}), "unknown_decision", "Décision"),
        (r(**{"Année de l'appel": "deux mille"}), "bad_number", "Année de l'appel"),
        (
            r(
                **{
                    "État": "Non retenu",
                    "Déposé le": "02/05/2024",
                    "Date de la décision": "01/04/2024",
                }
            ),
            "date_range",
            "Date de la décision",
        ),
        (r(**{"Référence": "DITP-2024-06-0001"}), "other_call_reference", "Référence"),
        (r(Fonds="ditp"), "unknown_fund", "Fonds"),
        (r(**{"État": "Brouillon"}), "unknown_state", "État"),
        (
            r(
                **{
                    "Référence": "MNT-2024-06-0099",
                    "État": "Lauréat",
                    "Décision": "Lauréat",
                    "Date de la décision": "01/06/2024",
                }
            ),
            "exists_differs",
            "Référence",
        ),
        (
            r(Organisme="Commune imaginaire de Gironde", **{"Département": "33"}),
            "organisation_not_found",
            "Organisme",
        ),
        (r(**{"Code INSEE": "75999"}), "unknown_organisation", "Code INSEE"),
        (r(**{"Déposé le": ""}), "required", "Déposé le"),
    ]
    lines = [HEADERS] + [row for row, _code, _column in plan]
    lines.append([""] * len(HEADERS))  # a blank line, skipped
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(lines)
    expected = {
        (number, code, column) for number, (_row_, code, column) in enumerate(plan, start=2) if code
    }
    assert other_fund.pk
    return out.getvalue().encode("cp1252"), expected


def test_dry_run_reports_every_kind_of_mistake_and_writes_nothing(
    call, fund, staff, messy_sheet, django_capture_on_commit_callbacks
):
    content, expected = messy_sheet
    before = counts()
    job = upload(staff, fund, "historique.csv", content)
    assert counts() == before
    assert job.status == ImportStatus.INVALID
    problems = job.report["problems"]
    found = {(p["row"], p["code"], p["column"]) for p in problems}
    missing = expected - found
    assert not missing, f"not reported: {sorted(missing)}"
    # the sheet-wide ones: encoding, missing and unknown and duplicate columns
    sheet_wide = {(p["code"], p["column"]) for p in problems if p["row"] in (None, 1)}
    assert {
        ("encoding", ""),
        ("missing_column", "Titre du projet"),
        ("unknown_column", "Commentaire libre"),
        ("duplicate_column", "Porteur"),
    } <= sheet_wide
    kinds = {p["code"] for p in problems}
    assert len(kinds) >= 25, sorted(kinds)
    # each problem in French, with the value as typed
    bad_date = next(p for p in problems if p["code"] == "bad_date")
    assert bad_date["value"] == "32/13/2024" and bad_date["message"].startswith("Date illisible")
    assert next(p for p in problems if p["code"] == "too_long")["value"].endswith("…")
    # the accents read through Windows-1252
    assert any(p["value"] == "Très mûr" for p in problems)
    # confirming is refused
    with pytest.raises(ValidationError):
        run_on_commit(django_capture_on_commit_callbacks, import_confirm, actor=staff, job=job)
    assert counts() == before


def test_empty_sheet_is_reported(fund, staff):
    job = upload(
        staff, fund, "vide.csv", "Référence;Appel;État;Déposé le;Titre du projet\n".encode()
    )
    assert [p["code"] for p in job.report["problems"]] == ["empty_sheet"]
    job = upload(staff, fund, "vide.csv", b"\n\n")
    assert [p["code"] for p in job.report["problems"]] == ["empty_sheet"]
    with pytest.raises(ValidationError):
        upload(staff, fund, "rien.csv", b"")


def test_files_that_are_not_sheets_are_refused(fund, staff):
    with pytest.raises(ValidationError, match="vrai classeur"):
        upload(staff, fund, "faux.xlsx", b"Reference;Appel\n")
    with pytest.raises(ValidationError, match=r"\.csv ou \.xlsx"):
        upload(staff, fund, "image.png", b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ValidationError, match="archive"):
        upload(staff, fund, "archive.csv", b"PK\x03\x04rest")
    zip_buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(zip_buffer, "w") as archive:
        archive.writestr("hello.txt", "bonjour")
    job = upload(staff, fund, "zip.xlsx", zip_buffer.getvalue())
    assert [p["code"] for p in job.report["problems"]] == ["unreadable"]


def test_import_file_size_is_limited(fund, staff, settings):
    settings.ESSAIM_IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="dépasse"):
        upload(staff, fund, "gros.csv", b"a;b\n" * 50)


def test_xlsx_with_typed_cells_is_read(fund, call, staff, bodies):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Appel",
            "Référence",
            "État",
            "Déposé le",
            "Titre du projet",
            "Code INSEE",
            "Montant demandé (€)",
            "SIREN",
        ]
    )
    sheet.append(
        [
            "2024-6",
            "MNT-2024-06-0001",
            "Déposé",
            dt.datetime(2024, 5, 2, 11, 0),
            "Projet",
            33318,
            1500.5,
            None,
        ]
    )
    sheet.append(
        [
            "2024-6",
            "MNT-2024-06-0002",
            "submitted",
            dt.date(2024, 5, 3),
            "Projet 2",
            None,
            2000,
            243300316,
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    job = upload(staff, fund, "typed.xlsx", buffer.getvalue())
    assert job.status == ImportStatus.CHECKED, job.report["problems"]
    assert job.report["to_create"] == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_sheet_passes_the_dry_run(fmt, fund, staff, bodies):
    job = upload(staff, fund, f"modele.{fmt}", template_file(fund, fmt))
    assert job.status == ImportStatus.CHECKED, job.report["problems"]
    assert job.report["to_create"] == 1
