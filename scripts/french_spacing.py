"""Put a non-breaking space where French typography wants one, in the interface's French text.

    python scripts/french_spacing.py [--check] [paths…]

Before « : ; ? ! » and inside « guillemets », a plain space lets a narrow screen start a line
with the colon or leave a guillemet alone at the end of a line. This rewrites, with U+00A0:

- the templates (`.html`, `.txt` under `templates/`), outside `<script>` and `<style>`;
- the strings given to gettext in Python (`_()`, `gettext()`, `ngettext()`, `pgettext()`…);
- the msgids of the English catalogue, so that its translations stay attached.

`--check` changes nothing in the sources and exits with 1 when something would change (a
test runs it).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "essaim"
CATALOGUE = SOURCE / "locale" / "en" / "LC_MESSAGES" / "django.po"
NBSP = "\u00a0"
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# a space (or a narrow no-break space) after a word and before high punctuation that ends
# a phrase: followed by a space, the end, a quote, a tag or a closing parenthesis
# (in Python source a line break is still its escape, a backslash and an n)
_BEFORE_PUNCTUATION = re.compile(r"(?<=[^\s(«])[ \u00a0\u202f]+([:;?!])(?=[\s\"'<){]|\\n|$)")
_AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]+")
_BEFORE_CLOSING = re.compile(r"(?<=\S)[ \u00a0\u202f]+»")
_SCRIPT_OR_STYLE = re.compile(r"(<(script|style)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)


def spaced(text: str) -> str:
    text = _BEFORE_PUNCTUATION.sub(NBSP + r"\1", text)
    text = _AFTER_OPENING.sub("«" + NBSP, text)
    return _BEFORE_CLOSING.sub(NBSP + "»", text)


def template(text: str) -> str:
    parts = _SCRIPT_OR_STYLE.split(text)
    # split keeps the whole block and its tag name: text, block, name, text, block, name…
    out = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            out.append(spaced(part))
        elif kind == 1:
            out.append(part)
    return "".join(out)


def python(text: str) -> str:
    """Only the string literals inside a gettext call's parentheses."""
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    spans = []
    depth, inside = 0, []  # depths at which a gettext call's parentheses opened
    previous_name = None
    for token in tokens:
        if token.type == tokenize.OP and token.string == "(":
            depth += 1
            if previous_name in GETTEXT:
                inside.append(depth)
        elif token.type == tokenize.OP and token.string == ")":
            if inside and inside[-1] == depth:
                inside.pop()
            depth -= 1
        elif token.type == tokenize.STRING and inside and inside[-1] == depth:
            new = spaced(token.string)
            if new != token.string:
                spans.append((token.start, token.end, new))
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            previous_name = token.string if token.type == tokenize.NAME else None
    if not spans:
        return text
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    for (start_row, start_col), (end_row, end_col), new in reversed(spans):
        start = offsets[start_row - 1] + start_col
        end = offsets[end_row - 1] + end_col
        text = text[:start] + new + text[end:]
    return text


def catalogue(text_path: Path, *, write: bool) -> bool:
    import polib

    po = polib.pofile(str(text_path), wrapwidth=0)
    changed, seen = False, set()
    for entry in list(po):
        for attribute in ("msgid", "msgid_plural"):
            value = getattr(entry, attribute)
            if value and spaced(value) != value:
                setattr(entry, attribute, spaced(value))
                changed = True
        key = (entry.msgctxt, entry.msgid)
        if key in seen:  # the same text was written both ways: one entry is enough
            po.remove(entry)
        seen.add(key)
    if changed and write:
        po.save(str(text_path))
    return changed


def files(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p).resolve() for p in paths]
    found = [
        p for p in SOURCE.rglob("*") if p.suffix in (".html", ".txt") and "templates" in p.parts
    ]
    found += [p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts]
    return sorted(found)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    needed = []
    for path in files(args.paths):
        text = path.read_text(encoding="utf-8")
        new = python(text) if path.suffix == ".py" else template(text)
        if new != text:
            needed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    # the catalogue follows the sources (tests/test_translations.py checks they agree)
    if not args.paths and not args.check and catalogue(CATALOGUE, write=True):
        needed.append(CATALOGUE)
    for path in needed:
        print(f"{'would change' if args.check else 'changed'}: {path.relative_to(ROOT)}")
    return 1 if args.check and needed else 0


if __name__ == "__main__":
    sys.exit(main())
