"""French typography: a non-breaking space before « : ; ? ! » and inside « guillemets » in
every string of the interface, so that no line of a narrow screen starts with a colon."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "french_spacing.py"


@pytest.fixture(scope="module")
def spacing():
    spec = importlib.util.spec_from_file_location("french_spacing", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Clôture : 12 mai", "Clôture\u00a0: 12 mai"),
        ("Un problème ?", "Un problème\u00a0?"),
        ("Attention !</p>", "Attention\u00a0!</p>"),
        ("« Pessac »", "«\u00a0Pessac\u00a0»"),
        (
            "par exemple « {{ x }} » ?{% endblocktranslate %}",
            "par exemple «\u00a0{{ x }}\u00a0»\u00a0?{% endblocktranslate %}",
        ),
        ("Oublié\u00a0 ?", "Oublié\u00a0?"),
        # left alone: no space before, code and addresses
        ("https://example.org/?q=1", "https://example.org/?q=1"),
        ("a != b", "a != b"),
        ("{% if a %}:{% endif %}", "{% if a %}:{% endif %}"),
    ],
)
def test_spaced(spacing, text, expected):
    assert spacing.spaced(text) == expected


def test_only_gettext_strings_of_python_change(spacing):
    source = 'SQL = "SELECT 1 WHERE a = ? ;"\nlabel = _("Note : %(n)s") + gettext_lazy("ok ?")\n'
    assert spacing.python(source) == (
        'SQL = "SELECT 1 WHERE a = ? ;"\n'
        'label = _("Note\u00a0: %(n)s") + gettext_lazy("ok\u00a0?")\n'
    )


def test_a_line_break_escaped_in_python_counts_as_a_space(spacing):
    # the catalogue reads "adresse :" + a line break: the source must give the same msgid
    source = '_("Votre dossier à cette adresse :\\n{lien}")\n'
    assert spacing.python(source) == '_("Votre dossier à cette adresse\u00a0:\\n{lien}")\n'


def test_scripts_and_styles_of_templates_are_left_alone(spacing):
    html = "<p>Date : {{ d }}</p><script>a ? b : c;</script><style>a :hover {}</style>"
    assert spacing.template(html) == (
        "<p>Date\u00a0: {{ d }}</p><script>a ? b : c;</script><style>a :hover {}</style>"
    )


def test_every_interface_string_is_spaced(spacing, capsys):
    assert spacing.main(["--check"]) == 0, capsys.readouterr().out
