"""Backup and restore: dossiers and their files survive the loss of the database and of the
media folder, on the database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL:
then through pg_dump/pg_restore, the client tools found on PATH)."""

import hashlib
import io
import json
import os
import shutil
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from PIL import Image

from essaim.applications.models import Application, Attachment, TeamMember
from essaim.catalogue.models import Innovation
from essaim.core.models import AuditEvent
from essaim.funds.models import Fund
from essaim.privacy.backups import BackupError, read_manifest, restore

from ..factories import (
    ApplicationFactory,
    CallFactory,
    FundFactory,
    InnovationFactory,
    UserFactory,
    submitted_for_real,
)

IS_POSTGRES = connection.vendor == "postgresql"


def _pg_tools_missing() -> bool:
    return IS_POSTGRES and not (shutil.which("pg_dump") and shutil.which("pg_restore"))


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        _pg_tools_missing(),
        reason="pg_dump/pg_restore not on PATH: install postgresql-client to test PG backups",
    ),
]


@pytest.fixture
def media(settings, tmp_path):
    """Every file storage of the project in this test's own folder, so wiping it is safe."""
    storages = {}
    for alias, conf in django_settings.STORAGES.items():
        if alias != "staticfiles" and conf["BACKEND"].endswith("FileSystemStorage"):
            conf = {
                **conf,
                "OPTIONS": {**conf.get("OPTIONS", {}), "location": str(tmp_path / alias)},
            }
        storages[alias] = conf
    settings.STORAGES = storages
    return tmp_path


def _png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "#a1325b").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


def _build_world() -> dict:
    fund = FundFactory(slug="mnt", name="Fonds MNT", reference_prefix="MNT")
    fund.logo.save("logo.png", _png())
    call = CallFactory(fund=fund)
    applicant = UserFactory(email="alice@pessac.fr", full_name="Alice Martin")
    expected = {}
    for n in range(3):
        dossier = ApplicationFactory(call=call, created_by=applicant, complete=True, ready=True)
        for k in range(2):
            content = os.urandom(2048 + n * 100 + k)  # every byte value, no text assumption
            Attachment.objects.create(
                application=dossier,
                file=ContentFile(content, name=f"piece-{k}.pdf"),
                original_name=f"Pièce {k} du dossier {n}.pdf",
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
        if n:
            dossier = submitted_for_real(dossier, user=applicant)
        expected[dossier.pk] = dossier.reference
    InnovationFactory(title="Un accueil téléphonique repensé", fund=fund)
    return {"fund": fund, "expected": expected}


def _snapshot() -> dict:
    """What must come back: rows and every stored file's bytes."""
    files = {}
    for attachment in Attachment.objects.order_by("pk"):
        with default_storage.open(attachment.file.name, "rb") as handle:
            files[attachment.file.name] = handle.read()
    logo = Fund.objects.get(slug="mnt").logo
    with logo.open("rb") as handle:
        files[logo.name] = handle.read()
    return {
        "applications": list(
            Application.objects.order_by("pk").values_list("pk", "reference", "title", "state")
        ),
        "team": list(TeamMember.objects.order_by("pk").values_list("pk", "full_name", "email")),
        "attachments": list(
            Attachment.objects.order_by("pk").values_list("pk", "file", "original_name", "sha256")
        ),
        "audit": AuditEvent.objects.count(),
        "files": files,
    }


def _wipe_database() -> None:
    """A new, empty database under the same name: as after losing the server."""
    settings_dict = connection.settings_dict
    connections.close_all()
    if IS_POSTGRES:
        with psycopg.connect(
            dbname="postgres",
            user=settings_dict["USER"] or None,
            password=settings_dict["PASSWORD"] or None,
            host=settings_dict["HOST"] or None,
            port=settings_dict["PORT"] or None,
            autocommit=True,
        ) as admin:
            name = settings_dict["NAME"]
            # FORCE: other threads (a live server) may still hold a connection
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(settings_dict["NAME"] + suffix).unlink(missing_ok=True)


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


def test_backup_wipe_restore_finds_every_dossier_and_file(media, tmp_path, client):
    world = _build_world()
    before = _snapshot()
    assert len(before["applications"]) == 3 and len(before["files"]) == 7

    archive = tmp_path / "sauvegarde.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "7 files" in out.getvalue()
    manifest = read_manifest(archive)
    assert manifest["engine"] == connection.vendor and manifest["files"] == 7

    _wipe_database()
    for alias in django_settings.STORAGES:
        shutil.rmtree(media / alias, ignore_errors=True)
    assert "applications_application" not in _tables()
    assert not default_storage.exists(before["attachments"][0][1])

    try:
        out = io.StringIO()
        call_command("restore", str(archive), "--no-input", stdout=out)
        assert "restored:" in out.getvalue()
        after = _snapshot()
    finally:
        if "applications_application" not in _tables():  # leave a usable database behind
            call_command("migrate", verbosity=0)

    assert after["applications"] == before["applications"]
    assert {pk: ref for pk, ref, *_ in after["applications"]} == world["expected"]
    assert after["team"] == before["team"]
    assert after["attachments"] == before["attachments"]
    assert after["audit"] == before["audit"]
    assert after["files"].keys() == before["files"].keys()
    for name, content in before["files"].items():
        assert after["files"][name] == content, name
    for _, _, _, digest in after["attachments"]:
        assert digest in {hashlib.sha256(c).hexdigest() for c in after["files"].values()}

    # the restored database works: search index, sequences, sign-in
    page = client.get(reverse("public:catalogue"), {"q": "telephonique"}).content.decode()
    assert "Un accueil téléphonique repensé" in page
    new = ApplicationFactory(call=world["fund"].calls.get())
    assert new.pk > max(before_pk for before_pk, *_ in before["applications"])
    assert client.login(email="alice@pessac.fr", password="motdepasse-solide-42")
    assert Innovation.objects.count() == 1


def test_restore_refuses_what_is_not_an_essaim_backup(tmp_path):
    bogus = tmp_path / "autre.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        data = json.dumps({"format": "autre"}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="unknown backup format"):
        restore(archive_path=bogus)
    (tmp_path / "texte.tar.gz").write_text("pas une archive")
    with pytest.raises(BackupError, match="is not an Essaim backup"):
        restore(archive_path=tmp_path / "texte.tar.gz")


def test_restore_refuses_another_engine_and_names_leaving_the_storage(media, tmp_path):
    archive = tmp_path / "ok.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def rewrite(target: Path, manifest_changes: dict, extra: tuple[str, bytes] | None = None):
        with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
            for member in source:
                data = source.extractfile(member).read()
                if member.name == "manifest.json":
                    data = json.dumps({**json.loads(data), **manifest_changes}).encode()
                    member.size = len(data)
                copy.addfile(member, io.BytesIO(data))
            if extra:
                info = tarfile.TarInfo(extra[0])
                info.size = len(extra[1])
                copy.addfile(info, io.BytesIO(extra[1]))

    foreign = tmp_path / "foreign.tar.gz"
    rewrite(foreign, {"engine": other})
    with pytest.raises(BackupError, match=f"This backup is of a {other} database"):
        restore(archive_path=foreign)

    evil = tmp_path / "evil.tar.gz"
    rewrite(evil, {"files": 1}, ("files/default/../../evil.txt", b"x"))
    with pytest.raises(BackupError, match="leaves its storage"):
        restore(archive_path=evil)
    assert not (media.parent / "evil.txt").exists()
