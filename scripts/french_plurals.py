"""Write the French catalogue of the interface's plural strings.

The interface is written in French, so French needs no catalogue, except for plurals: a
string missing from every catalogue is chosen by gettext's fallback rule, English's
(`n == 1`), which writes « 0 innovations ». French says « 0 innovation ». This catalogue
holds every plural string of the English one with the French rule, `n > 1`, and the
French words as they are. `make messages` runs it; `tests/test_translations.py` checks
that it is in step.

Usage: python scripts/french_plurals.py [--check]
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "src" / "essaim" / "locale"
ENGLISH = LOCALE / "en" / "LC_MESSAGES" / "django.po"
FRENCH = LOCALE / "fr" / "LC_MESSAGES" / "django.po"


def french_catalogue() -> polib.POFile:
    french = polib.POFile(wrapwidth=0)
    french.metadata = {
        "Project-Id-Version": "essaim",
        "PO-Revision-Date": "2026-12-06 00:00+0000",
        "Last-Translator": "scripts/french_plurals.py",
        "Language-Team": "Essaim",
        "Language": "fr",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    for entry in polib.pofile(str(ENGLISH)):
        if entry.msgid_plural and not entry.obsolete:
            french.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr_plural={0: entry.msgid, 1: entry.msgid_plural},
                    flags=[f for f in entry.flags if f.endswith("-format")],
                )
            )
    return french


def main() -> int:
    text = str(french_catalogue())
    if "--check" in sys.argv:
        current = FRENCH.read_text() if FRENCH.exists() else ""
        if current != text:
            print(f"{FRENCH} is not in step: run make messages")
            return 1
        return 0
    FRENCH.parent.mkdir(parents=True, exist_ok=True)
    FRENCH.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
