"""A readable comparison of two submitted versions of a dossier, field by field.

Works on `ApplicationVersion.content` (see applications/snapshot.py). Long texts are
compared word by word; lists (team, budget lines, attachments) item by item, a changed item
word by word. Everything the team typed is escaped here: the HTML returned only ever
contains our own <ins>, <del>, <ul> and <li> tags, each insertion and deletion announced
to screen readers by a visually hidden word ("ajouté :", "supprimé :").
"""

import difflib
import json
import re
from dataclasses import dataclass, field

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from essaim.applications.enums import Maturity, SupportStatus, TeamAccess
from essaim.applications.uploads import format_size
from essaim.core.formatting import euros
from essaim.territory.enums import DEPARTEMENT_NAMES, OrganisationType

# the snapshot keys this module shows in words ("call" is the same in every version)
KNOWN_KEYS = {
    "title",
    "organisation_name",
    "organisation_type",
    "organisation_departement",
    "theme",
    "problem",
    "users_concerned",
    "idea",
    "maturity",
    "partners",
    "effect_on_agents",
    "effect_on_users",
    "collective_dimension",
    "reproducibility",
    "amount_requested",
    "budget_lines",
    "team",
    "attachments",
    "support",
    "call",
}

# words, runs of spaces (newlines included) and punctuation, so that a diff keeps the text
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class DiffRow:
    label: str
    changed: bool
    html: SafeString
    is_empty: bool = False


@dataclass
class DiffSection:
    title: str
    rows: list[DiffRow] = field(default_factory=list)

    @property
    def changed(self) -> list[DiffRow]:
        return [row for row in self.rows if row.changed]

    @property
    def unchanged(self) -> list[DiffRow]:
        return [row for row in self.rows if not row.changed]


# --- words ------------------------------------------------------------------------------


def _ins(text: str) -> SafeString:
    return format_html('<ins><span class="visually-hidden">{} </span>{}</ins>', _("ajouté :"), text)


def _del(text: str) -> SafeString:
    return format_html(
        '<del><span class="visually-hidden">{} </span>{}</del>', _("supprimé :"), text
    )


def _chunks(old: list[str], new: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """Opcodes of the token diff, with the spaces between two changes folded into one
    change, so that "a b" → "c d" reads as one replacement rather than two."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    chunks = [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    merged: list[tuple[str, list[str], list[str]]] = []
    index = 0
    while index < len(chunks):
        tag, a, b = chunks[index]
        blank = tag == "equal" and all(not token.strip() for token in a)
        if (
            blank
            and merged
            and merged[-1][0] != "equal"
            and index + 1 < len(chunks)
            and chunks[index + 1][0] != "equal"
        ):
            _tag, prev_a, prev_b = merged.pop()
            _next, next_a, next_b = chunks[index + 1]
            merged.append(("replace", prev_a + a + next_a, prev_b + b + next_b))
            index += 2
            continue
        if merged and tag != "equal" and merged[-1][0] != "equal":
            _tag, prev_a, prev_b = merged.pop()
            merged.append(("replace", prev_a + a, prev_b + b))
        else:
            merged.append((tag, a, b))
        index += 1
    return merged


def word_diff(old: str, new: str) -> SafeString:
    """`new` with the words taken out of `old` in <del> and the words added in <ins>."""
    pieces: list[str] = []
    for tag, a, b in _chunks(TOKEN.findall(old or ""), TOKEN.findall(new or "")):
        if tag == "equal":
            pieces.append(conditional_escape("".join(a)))
            continue
        if a:
            pieces.append(_outside_spaces("".join(a), _del))
        if b:
            pieces.append(_outside_spaces("".join(b), _ins))
    return mark_safe("".join(pieces))  # every piece is escaped above


def _outside_spaces(text: str, mark) -> SafeString:
    """Mark `text` but leave its leading and trailing spaces outside the mark, so that an
    underline or a strike never starts on a blank."""
    core = text.strip()
    if not core:
        return mark(text)
    start = text.index(core)
    lead, trail = text[:start], text[start + len(core) :]
    return format_html("{}{}{}", lead, mark(core), trail)


def list_diff(old: list[str], new: list[str]) -> SafeString:
    """A <ul> of the items of `new`, items removed from `old` in <del>, added in <ins>, and
    an item changed in place compared word by word."""
    items: list[SafeString] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            items.extend(conditional_escape(item) for item in new[j1:j2])
            continue
        removed, added = old[i1:i2], new[j1:j2]
        paired = min(len(removed), len(added)) if tag == "replace" else 0
        items.extend(word_diff(a, b) for a, b in zip(removed[:paired], added[:paired], strict=True))
        items.extend(_del(item) for item in removed[paired:])
        items.extend(_ins(item) for item in added[paired:])
    return _bullets(items)


def _bullets(items: list) -> SafeString:
    if not items:
        return mark_safe("")
    return format_html(
        '<ul class="version-diff__list">{}</ul>',
        mark_safe("".join(format_html("<li>{}</li>", item) for item in items)),
    )


# --- the dossier's content as words -----------------------------------------------------


def _label(choices, value: str) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _departement(code: str) -> str:
    return f"{code} — {DEPARTEMENT_NAMES[code]}" if code in DEPARTEMENT_NAMES else code or ""


def _amount(value) -> str:
    return euros(value) if value not in (None, "") else ""


def _team(content: dict) -> list[str]:
    return [
        " — ".join(
            part
            for part in (
                member.get("full_name", ""),
                member.get("job_title", ""),
                member.get("project_role", ""),
                _label(TeamAccess, member.get("access", "")),
                member.get("email", ""),
            )
            if part
        )
        for member in content.get("team") or []
    ]


def _budget_lines(content: dict) -> list[str]:
    return [
        f"{line.get('label', '')} : {_amount(line.get('amount'))}"
        for line in content.get("budget_lines") or []
    ]


def _attachments(content: dict) -> list[str]:
    return [
        _("%(name)s (%(size)s, empreinte %(sha)s)")
        % {
            "name": item.get("name", ""),
            "size": format_size(item.get("size") or 0),
            "sha": (item.get("sha256") or "")[:12],
        }
        for item in content.get("attachments") or []
    ]


def _support(content: dict) -> str:
    support = content.get("support")
    if not support:
        return ""
    parts = [support.get("supervisor_name", ""), support.get("supervisor_function", "")]
    text = ", ".join(part for part in parts if part)
    return f"{text} — {_label(SupportStatus, support.get('status', ''))}"


def _text_fields(content: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(label, value)]) in the order of the dossier's task list."""
    return [
        (
            _("Organisme"),
            [
                (_("Titre du projet"), content.get("title", "")),
                (_("Organisme"), content.get("organisation_name", "")),
                (
                    _("Type d'organisme"),
                    _label(OrganisationType, content.get("organisation_type", "")),
                ),
                (_("Département"), _departement(content.get("organisation_departement", ""))),
            ],
        ),
        (
            _("Le problème"),
            [
                (_("Thématique"), content.get("theme", "")),
                (_("Problème constaté"), content.get("problem", "")),
                (_("Usagers concernés"), content.get("users_concerned", "")),
            ],
        ),
        (
            _("L'idée"),
            [
                (_("L'idée"), content.get("idea", "")),
                (_("Maturité"), _label(Maturity, content.get("maturity", ""))),
                (_("Structures partenaires"), content.get("partners", "")),
            ],
        ),
        (
            _("Impact"),
            [
                (_("Effet attendu pour les agents"), content.get("effect_on_agents", "")),
                (_("Effet attendu pour les usagers"), content.get("effect_on_users", "")),
                (_("Dimension collective"), content.get("collective_dimension", "")),
                (_("Reproductibilité"), content.get("reproducibility", "")),
            ],
        ),
    ]


def _text_row(label: str, old: str, new: str) -> DiffRow:
    old, new = old or "", new or ""
    if old == new:
        return DiffRow(label, False, conditional_escape(new), is_empty=not new)
    return DiffRow(label, True, word_diff(old, new))


def _list_row(label: str, old: list[str], new: list[str]) -> DiffRow:
    if old == new:
        return DiffRow(
            label, False, _bullets([conditional_escape(i) for i in new]), is_empty=not new
        )
    return DiffRow(label, True, list_diff(old, new))


def diff_versions(old: dict, new: dict) -> list[DiffSection]:
    """Every section of the dossier, each row marked changed or not, `new` against `old`."""
    old, new = old or {}, new or {}
    sections = []
    for (title, old_rows), (_same, new_rows) in zip(
        _text_fields(old), _text_fields(new), strict=True
    ):
        section = DiffSection(title)
        for (label, before), (_label_again, after) in zip(old_rows, new_rows, strict=True):
            section.rows.append(_text_row(label, before, after))
        sections.append(section)

    has_budget = any(
        content.get("amount_requested") or content.get("budget_lines") for content in (old, new)
    )
    if has_budget:
        sections.append(
            DiffSection(
                _("Budget"),
                [
                    _text_row(
                        _("Montant demandé"),
                        _amount(old.get("amount_requested")),
                        _amount(new.get("amount_requested")),
                    ),
                    _list_row(_("Lignes de budget"), _budget_lines(old), _budget_lines(new)),
                ],
            )
        )
    sections.append(
        DiffSection(_("Équipe"), [_list_row(_("Membres de l'équipe"), _team(old), _team(new))])
    )
    sections.append(
        DiffSection(
            _("Pièces jointes"),
            [_list_row(_("Fichiers"), _attachments(old), _attachments(new))],
        )
    )
    sections.append(
        DiffSection(
            _("Soutien hiérarchique"),
            [_text_row(_("Soutien"), _support(old), _support(new))],
        )
    )
    # A key the snapshot gains later still shows, under its own name, rather than vanish.
    others = sorted((old.keys() | new.keys()) - KNOWN_KEYS)
    if others:
        sections.append(
            DiffSection(
                _("Autres informations"),
                [_text_row(key, _plain(old.get(key)), _plain(new.get(key))) for key in others],
            )
        )
    return sections


def _plain(value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)


def changed_count(sections: list[DiffSection]) -> int:
    return sum(len(section.changed) for section in sections)
