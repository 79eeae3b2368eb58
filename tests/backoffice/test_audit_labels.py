"""The audit trail reads in French: every action code the code writes has a label, every
Essaim model a French name, and the codes kept as values come back as words."""

import re
from pathlib import Path

import pytest
from django.apps import apps

from essaim.backoffice.audit_labels import ACTION_LABELS, action_label, readable_value

SOURCE = Path(__file__).resolve().parents[2] / "src" / "essaim"
# action="x.y" given to record(); argparse's action="store_true" is not one
_LITERAL = re.compile(r'\baction="([a-z_]+(?:\.[a-z_]+)?)"')
_ARGPARSE = {"store_true", "store_false", "store_const", "append", "count"}


def _written_actions() -> set[str]:
    codes = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        if "record(" not in text and "action=" not in text:
            continue
        codes.update(code for code in _LITERAL.findall(text) if code not in _ARGPARSE)
    # engagement_sign writes f"engagement.signed_{side}"
    codes.update({"engagement.signed_fund", "engagement.signed_team"})
    return codes


def test_every_action_written_has_a_french_label():
    written = _written_actions()
    assert len(written) > 80  # the scan finds the code's actions
    assert sorted(written - set(ACTION_LABELS)) == []


def test_every_model_has_a_french_name():
    unnamed = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("essaim.")
        and "verbose_name" not in model._meta.original_attrs
    ]
    assert unnamed == []


@pytest.mark.parametrize(
    ("action", "value", "words"),
    [
        ("application.state", "not_shortlisted", "Non présélectionné"),
        ("reuse.status_changed", "in_contact", "En contact"),
        ("innovation.published", "unpublished", "Non publiée"),
        ("accompaniment.milestone_status", "late", "En retard"),
        ("accompaniment.phase_completed", "done", "Terminée"),
        ("engagement.in_force", "signed", "Signé"),
        ("message.posted", "team", "L'équipe du projet"),
        ("conflict.cleared", "cleared", "Écarté"),
        ("accompaniment.finished", "2026-12-01", "1er\u00a0décembre 2026"),
        ("engagement.tranche_paid", "48000.00", "48\u202f000\u00a0€"),
        (
            "call.results_published",
            "2026-12-05T10:00:00+00:00",
            "5\u00a0décembre 2026 à 11\u00a0h\u00a000",
        ),
        # what it cannot read stays as written
        ("accompaniment.finished", "pas une date", "pas une date"),
        ("organisation.added", "Mairie de Pessac", "Mairie de Pessac"),
    ],
)
def test_values_read_back_in_words(action, value, words):
    assert readable_value(action, value) == words


def test_an_unknown_action_shows_its_code():
    assert action_label("inconnu.nouveau") == "inconnu.nouveau"
    assert action_label("reuse.status_changed") == "Suivi d'une réutilisation"
