"""The English translation covers every French string of the interface."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "essaim"
PO = SOURCE / "locale" / "en" / "LC_MESSAGES" / "django.po"


def read_po(path: Path) -> list[dict]:
    """A small .po reader: enough for entries, plurals and the fuzzy flag."""
    entries, current, key = [], None, None

    def flush():
        if current and current.get("msgid") is not None:
            entries.append(current)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            current, key = None, None
            continue
        if current is None:
            current = {"flags": "", "msgstr": {}}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt", "msgid_plural", "msgid", "msgstr")):
            head, _, rest = line.partition(" ")
            value = rest[1:-1]
            if head.startswith("msgstr"):
                key = ("msgstr", head[7:-1] if "[" in head else "0")
                current["msgstr"][key[1]] = value
            else:
                key = (head, None)
                current[head] = value
        elif line.startswith('"') and key:
            if key[0] == "msgstr":
                current["msgstr"][key[1]] += line[1:-1]
            else:
                current[key[0]] += line[1:-1]
    flush()
    return [e for e in entries if e["msgid"] != ""]


def test_every_string_is_translated_and_none_is_fuzzy():
    entries = read_po(PO)
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_is_up_to_date():
    mo = PO.with_suffix(".mo")
    assert mo.exists()
    if not shutil.which("msgfmt"):
        pytest.skip("msgfmt (gettext) not installed")
    fresh = subprocess.run(
        ["msgfmt", "--check", "-o", "-", str(PO)], capture_output=True, check=True
    ).stdout
    assert fresh == mo.read_bytes(), "run `make messages` to recompile the .mo"


def test_no_string_of_the_source_is_missing_from_the_catalogue(tmp_path):
    if not shutil.which("xgettext"):
        pytest.skip("xgettext (gettext) not installed")
    # makemessages writes next to the files it scans: scan a copy, never the real tree.
    copy = tmp_path / "essaim"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    locale = copy / "locale"
    env = {
        **os.environ,
        "ESSAIM_LOCALE_DIR": str(locale),
        "DJANGO_SETTINGS_MODULE": "essaim.settings.test",
        "PYTHONPATH": str(ROOT / "src"),
    }
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "en", "--no-location"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    committed = {e["msgid"] for e in read_po(PO)}
    extracted = read_po(locale / "en" / "LC_MESSAGES" / "django.po")
    missing = sorted(e["msgid"] for e in extracted if e["msgid"] not in committed)
    assert missing == [], f"{len(missing)} strings not in the catalogue; run `make messages`"


def test_the_french_plural_catalogue_is_in_step():
    """French says « 0 innovation »: without the French catalogue of plurals, gettext's
    fallback (English's rule) wrote « 0 innovations »."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "french_plurals.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    mo = SOURCE / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
    po = SOURCE / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime - 1


@pytest.mark.parametrize(("language", "expected"), [("fr", "0 dossier"), ("en", "0 applications")])
def test_zero_takes_the_singular_in_french(language, expected):
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override(language):
        text = ngettext("%(n)s dossier", "%(n)s dossiers", 0) % {"n": 0}
    assert text == expected
