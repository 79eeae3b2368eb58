"""Search keys and the formal names of public bodies. Pure functions, no database.

A search key is what both the stored names and the typed queries become before they are
compared: lowercase, accents and ligatures folded, every character that is not a letter or a
digit (hyphen, apostrophe, dot) turned into one space, and "st"/"ste" spelled out as
"saint"/"sainte". So "Flassans-sur-Issole", "flassans sur issole" and "FLASSANS SUR ISSOLE"
share the key `flassans sur issole`, and "St-Denis" the key of "Saint-Denis".
"""

import re
import unicodedata

_SEPARATORS = re.compile(r"[^a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
# EPCI names of the DGCL start with their kind's initials ("CC Haute-Corrèze Communauté")
EPCI_PREFIXES = {
    "cc": "communaute de communes",
    "ca": "communaute d agglomeration",
    "cu": "communaute urbaine",
}
# Suffixes of a name are indexed from each word on (so "issole" finds Flassans-sur-Issole),
# except from these short words, which would only bloat the index.
STOP_WORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "sur", "sous"}
)
# "ville de", "commune de", "mairie d'": how people designate a commune by its town hall
_DESIGNATION = re.compile(r"^(?:commune|ville|mairie|cite)(?: (?:de|du|des|d))? (?=\w)")
INSEE_CODE = re.compile(r"^(?:[0-9]{2}|2a|2b)[0-9]{3}$")


def fold(text: str) -> str:
    """Lowercase, accents and ligatures folded, separators as single spaces."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", text).strip()


def search_key(text: str, *, partial: bool = False) -> str:
    """The normalised form of a name or a query. With `partial` (a query being typed), the
    last word is left as typed: "st" may be the start of "Strasbourg"."""
    words = fold(text).split()
    last = len(words) - 1 if partial else len(words)
    return " ".join(
        ABBREVIATIONS.get(word, word) if position < last else word
        for position, word in enumerate(words)
    )


def strip_designation(key: str) -> str:
    """`ville de la rochelle` -> `la rochelle`; other keys unchanged."""
    return _DESIGNATION.sub("", key)


def word_suffixes(key: str) -> list[str]:
    """The key from each of its words on, the first being the whole key."""
    words = key.split()
    return [
        " ".join(words[start:])
        for start in range(len(words))
        if start == 0 or words[start] not in STOP_WORDS
    ]


def expand_epci_prefix(key: str) -> str:
    """`cc haute correze communaute` -> `communaute de communes haute correze communaute`."""
    first, _, rest = key.partition(" ")
    if first in EPCI_PREFIXES and rest:
        return f"{EPCI_PREFIXES[first]} {rest}"
    return key


# Charnière of the Code officiel géographique (TNCC): how "de" joins the name.
# 0 "de X", 1 "d'X", 2 "du X" (name starts with "Le "), 3 "de la X", 4 "des X" (name starts
# with "Les "), 5 "de l'X", 6 "des X" (name starts with "Aux "), 7 "de las X", 8 "de los X".
_ARTICLE_IN_NAME = {2: "Le ", 4: "Les ", 6: "Aux "}
_JOINS = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'", 6: "des "}


def of_name(name: str, tncc: int, *, article_in_name: bool) -> str:
    """ "de la Gironde", "du Havre", "d'Aubervilliers": `name` preceded by its charnière.

    Commune names carry their article ("Le Havre", TNCC 2), département names do not
    ("Gironde", TNCC 3)."""
    if article_in_name:
        article = _ARTICLE_IN_NAME.get(tncc)
        if article and name.startswith(article):
            return _JOINS[tncc] + name[len(article) :]
        # "La Rochelle", "L'Isle-Adam", "Las Illas": the article stays, capitalised
        return ("d'" if tncc == 1 else "de ") + name
    return _JOINS.get(tncc, "de ") + name
