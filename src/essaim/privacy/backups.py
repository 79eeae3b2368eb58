"""Backing up and restoring a whole instance: the database and every stored file.

One `.tar.gz` holds:

- `manifest.json`: format, date, database engine, counts;
- the database dump: `database.sqlite3` (SQLite's online backup API, the same as the
  `sqlite3` shell's `.backup`: a consistent copy while the site runs) or `database.pgdump`
  (`pg_dump --format=custom`, restored with `pg_restore`);
- `files/<storage>/<name>`: every file of every storage in `STORAGES` but the static files
  (uploads, logos, resources), read through Django's storage API, so local disk and object
  storage are handled alike.

Restoring replaces the database with the dump (PostgreSQL: `pg_restore --clean
--if-exists --single-transaction`, all or nothing) and writes the files back under their
names; files present in storage but absent from the archive are left alone. The engine of
the archive must be the one configured. See docs/backup.md for the procedure.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections
from django.utils import timezone

FORMAT = "essaim-backup/1"
SKIPPED_STORAGES = {"staticfiles"}
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """The backup or the restore cannot be done; the message says why, for operators."""


@dataclass
class Summary:
    path: Path
    engine: str
    database_bytes: int
    files: int
    file_bytes: int


def engine_of(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Unsupported database engine: {vendor}.")
    return vendor


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client tools "
            "(Debian: postgresql-client), of the server's major version or newer."
        )
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _dump_database(target: Path, using: str) -> None:
    settings_dict = connections[using].settings_dict
    if engine_of(using) == "sqlite":
        source = sqlite3.connect(settings_dict["NAME"])
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    _run(
        [
            _pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target}",
            settings_dict["NAME"],
        ],
        _pg_environment(settings_dict),
    )


def _restore_database(dump: Path, using: str) -> None:
    settings_dict = connections[using].settings_dict
    # Our own connections would hold locks (PostgreSQL) or stale pages (SQLite).
    connections.close_all()
    if engine_of(using) == "sqlite":
        source = sqlite3.connect(dump)
        target = sqlite3.connect(settings_dict["NAME"], timeout=20)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ],
        _pg_environment(settings_dict),
    )


def _storage_aliases() -> list[str]:
    return [alias for alias in settings.STORAGES if alias not in SKIPPED_STORAGES]


def _walk(storage, directory: str = ""):
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        yield from _walk(storage, f"{directory}/{name}" if directory else name)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def default_archive_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.ESSAIM_BACKUP_DIR) / f"essaim-{stamp}.tar.gz"


def backup(*, destination: Path | None = None, using: str = "default") -> Summary:
    """Write the archive (atomically: a half-written file never bears the final name)."""
    destination = Path(destination or default_archive_path())
    destination.parent.mkdir(parents=True, exist_ok=True)
    engine = engine_of(using)
    partial = destination.with_name(destination.name + ".part")
    files = file_bytes = 0
    with tempfile.TemporaryDirectory(prefix="essaim-backup-") as workdir:
        dump = Path(workdir) / DUMP_NAMES[engine]
        _dump_database(dump, using)
        database_bytes = dump.stat().st_size
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            archive.add(dump, arcname=DUMP_NAMES[engine])
            for alias in _storage_aliases():
                storage = storages[alias]
                for name in _walk(storage):
                    info = tarfile.TarInfo(f"files/{alias}/{name}")
                    info.size = storage.size(name)
                    info.mode = 0o600
                    try:
                        info.mtime = int(storage.get_modified_time(name).timestamp())
                    except NotImplementedError:
                        info.mtime = int(timezone.now().timestamp())
                    with storage.open(name, "rb") as handle:
                        archive.addfile(info, handle)
                    files += 1
                    file_bytes += info.size
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "engine": engine,
                "database": DUMP_NAMES[engine],
                "database_bytes": database_bytes,
                "files": files,
                "file_bytes": file_bytes,
                "storages": _storage_aliases(),
            }
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
    partial.replace(destination)
    return Summary(destination, engine, database_bytes, files, file_bytes)


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.getmember("manifest.json")
            manifest = json.load(archive.extractfile(member))
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive_path} is not an Essaim backup: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path}: unknown backup format {manifest.get('format')!r}.")
    return manifest


def _safe_name(member: tarfile.TarInfo) -> tuple[str, str] | None:
    """(storage alias, file name) of an archive member under files/, or None to skip it.
    Refuses names that would leave the storage (absolute, `..`) and anything not a file."""
    path = PurePosixPath(member.name)
    if len(path.parts) < 3 or path.parts[0] != "files" or not member.isfile():
        return None
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(f"Refusing a file name that leaves its storage: {member.name!r}.")
    return path.parts[1], str(PurePosixPath(*path.parts[2:]))


def restore(*, archive_path: Path, using: str = "default") -> Summary:
    """Replace the database with the archive's dump and write its files back."""
    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    engine = engine_of(using)
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; the configured one is "
            f"{engine}. Restore it into a {manifest['engine']} database."
        )
    files = file_bytes = 0
    with (
        tempfile.TemporaryDirectory(prefix="essaim-restore-") as workdir,
        tarfile.open(archive_path, "r:gz") as archive,
    ):
        # Check every name before touching anything: a bad archive changes nothing.
        for member in archive.getmembers():
            _safe_name(member)
        member = archive.getmember(manifest["database"])
        dump = Path(workdir) / DUMP_NAMES[engine]
        with archive.extractfile(member) as source, dump.open("wb") as target:
            shutil.copyfileobj(source, target)
        _restore_database(dump, using)
        database_bytes = dump.stat().st_size
        for member in archive:
            found = _safe_name(member)
            if found is None:
                continue
            alias, name = found
            if alias not in settings.STORAGES:
                raise BackupError(f"The archive has files of an unknown storage {alias!r}.")
            storage = storages[alias]
            if storage.exists(name):
                storage.delete(name)
            with archive.extractfile(member) as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}: restore stopped.")
            files += 1
            file_bytes += member.size
    if files != manifest.get("files"):
        raise BackupError(f"{files} files restored, the manifest lists {manifest.get('files')}.")
    return Summary(archive_path, engine, database_bytes, files, file_bytes)


def describe(summary: Summary) -> str:
    return (
        f"{summary.path}: {summary.engine} database ({summary.database_bytes} bytes), "
        f"{summary.files} files ({summary.file_bytes} bytes)"
    )
