"""French full-text search over the innovation sheets, on SQLite and on PostgreSQL.

What is indexed: the sheet's title (weighted higher) and its `search_document` (the plain
text the sheets' services rebuild on every save). The database keeps the index in step by
itself, whoever writes the row (a service, `bulk_create`, `update()`, raw SQL):

- **PostgreSQL**: a `search_vector tsvector` column of `catalogue_innovation`, filled by a
  `BEFORE INSERT OR UPDATE` trigger with `setweight(to_tsvector('essaim_french', title), 'A')
  || setweight(to_tsvector('essaim_french', search_document), 'B')` and a GIN index.
  `essaim_french` is the `french` configuration whose words go through `unaccent` first, so
  "ecole" finds "écoles". Queries: `to_tsquery` of the words (every word required, each
  word or its other number: "usager" | "usagers"), ranked by `ts_rank`.
- **SQLite**: an FTS5 table `catalogue_innovation_fts(title, body)` (rowid = innovation id,
  `unicode61 remove_diacritics 2`) holding a *stemmed* copy of the text: FTS5 only knows an
  English stemmer, so triggers on `catalogue_innovation` call the SQL function
  `essaim_fr_stems()`, which this module registers on every SQLite connection
  (`install_sqlite_functions`, called from the app's `ready()`). Queries are stemmed the
  same way here, every word required, ranked by `bm25` (title ×5).

Both sides stem with the Snowball French algorithm after folding accents, and drop the same
stop words (PostgreSQL's `french.stop`), so the same queries find the same sheets: the
search-quality tests run on both databases.

A later migration that makes Django rebuild `catalogue_innovation` on SQLite (adding a
non-null field, for instance) drops the triggers with the old table: it must call
`install_sqlite_index(schema_editor)` again. `tests/catalogue/test_search.py` fails when the
triggers are missing.
"""

# Raw SQL here names only constants and model tables; every value is a parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# --- text → stems ----------------------------------------------------------------------------

# PostgreSQL's tsearch_data/french.stop (from Snowball), checked after accents are folded,
# as PostgreSQL's `unaccent, french_stem` mapping does.
STOP_WORDS = frozenset(
    [
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "je",
        "la",
        "le",
        "leur",
        "lui",
        "ma",
        "mais",
        "me",
        "même",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "c",
        "d",
        "j",
        "l",
        "à",
        "m",
        "n",
        "s",
        "t",
        "y",
        "été",
        "étée",
        "étées",
        "étés",
        "étant",
        "étante",
        "étants",
        "étantes",
        "suis",
        "es",
        "est",
        "sommes",
        "êtes",
        "sont",
        "serai",
        "seras",
        "sera",
        "serons",
        "serez",
        "seront",
        "serais",
        "serait",
        "serions",
        "seriez",
        "seraient",
        "étais",
        "était",
        "étions",
        "étiez",
        "étaient",
        "fus",
        "fut",
        "fûmes",
        "fûtes",
        "furent",
        "sois",
        "soit",
        "soyons",
        "soyez",
        "soient",
        "fusse",
        "fusses",
        "fût",
        "fussions",
        "fussiez",
        "fussent",
        "ayant",
        "ayante",
        "ayantes",
        "ayants",
        "eu",
        "eue",
        "eues",
        "eus",
        "ai",
        "as",
        "avons",
        "avez",
        "ont",
        "aurai",
        "auras",
        "aura",
        "aurons",
        "aurez",
        "auront",
        "aurais",
        "aurait",
        "aurions",
        "auriez",
        "auraient",
        "avais",
        "avait",
        "avions",
        "aviez",
        "avaient",
        "eut",
        "eûmes",
        "eûtes",
        "eurent",
        "aie",
        "aies",
        "ait",
        "ayons",
        "ayez",
        "aient",
        "eusse",
        "eusses",
        "eût",
        "eussions",
        "eussiez",
        "eussent",
    ]
)
_WORD = re.compile(r"[^\W_]+")
# Left out of queries (not of the index): the stop words with their accents folded, and
# frequent words PostgreSQL's list lacks. Without this, "accueillir les usagers" would
# require "les" (stemmed "le") in the sheet.
QUERY_STOP_WORDS = frozenset(
    {"".join(c for c in unicodedata.normalize("NFKD", w) if c.isascii()) for w in STOP_WORDS}
    | STOP_WORDS
    | set(
        [
            "a",
            "les",
            "ainsi",
            "alors",
            "apres",
            "aussi",
            "autre",
            "autres",
            "avant",
            "bien",
            "car",
            "cela",
            "celle",
            "celles",
            "celui",
            "ceux",
            "cet",
            "cette",
            "chaque",
            "chez",
            "comme",
            "comment",
            "dont",
            "donc",
            "elles",
            "encore",
            "entre",
            "etc",
            "ici",
            "ils",
            "leurs",
            "meme",
            "moins",
            "non",
            "nous",
            "oui",
            "plus",
            "peu",
            "quand",
            "quel",
            "quelle",
            "quelles",
            "quels",
            "sans",
            "selon",
            "sous",
            "tous",
            "tout",
            "toute",
            "toutes",
            "tres",
            "trop",
            "vers",
            "via",
            "voici",
            "voila",
        ]
    )
)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_STEMMER = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case, accents and ligatures folded ("Œuvre à l'École" → "oeuvre a l'ecole")."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    return "".join(char for char in text if not unicodedata.combining(char))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one folded word; numbers stay as they are."""
    return word if word.isdigit() else _STEMMER.stemWord(word)


def stems(text: str) -> list[str]:
    """The stems of the significant words of a text, in order."""
    return [stem(word) for word in _WORD.findall(fold(text or "")) if word not in STOP_WORDS]


def stemmed_text(text: str | None) -> str:
    """What the SQLite index stores for a text: its stems separated by spaces."""
    return " ".join(stems(text or ""))


def significant_terms(text: str, *, limit: int = 16) -> list[str]:
    """The stems that best say what a text is about, for "Déjà fait ailleurs": the most
    frequent ones of at least four letters (short stems are mostly grammar), then the
    longest. At most `limit`, so the query stays cheap whatever the length of a dossier."""
    counts = Counter(
        stem(word)
        for word in _WORD.findall(fold(text or ""))
        if word not in QUERY_STOP_WORDS and len(stem(word)) >= 4 and not word.isdigit()
    )
    ranked = sorted(counts.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))
    return [term for term, _count in ranked[:limit]]


# --- SQLite ----------------------------------------------------------------------------------

SQLITE_TABLE = "catalogue_innovation_fts"
SQLITE_STEM_FUNCTION = "essaim_fr_stems"


def _register(dbapi_connection) -> None:
    dbapi_connection.create_function(SQLITE_STEM_FUNCTION, 1, stemmed_text, deterministic=True)


def _on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        _register(connection.connection)


def install_sqlite_functions() -> None:
    """Register `essaim_fr_stems()` on every SQLite connection Django opens (and on those
    already open). The index's triggers call it: a connection without it cannot write a
    sheet, so this runs from the catalogue app's `ready()`."""
    from django.db import connections
    from django.db.backends.signals import connection_created

    connection_created.connect(_on_connection_created, dispatch_uid="essaim_fr_stems")
    for connection in connections.all(initialized_only=True):
        if connection.vendor == "sqlite" and connection.connection is not None:
            _register(connection.connection)


# One row whose version changes on every write to catalogue_innovation (triggers on both
# databases): the catalogue keeps its facets' bitmaps and caches its pages under it, so
# neither is ever stale. A random value rather than a counter: a rolled-back write brings back the previous
# value with the previous data, and a later write never reuses it.
STATE_TABLE = "catalogue_search_state"
_BUMP = f"UPDATE {STATE_TABLE} SET version = random() WHERE id = 1;"
_PG_BUMP = f"UPDATE {STATE_TABLE} SET version = (random() * 9.2e18)::bigint WHERE id = 1;"


def _state_table_sql() -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (id integer PRIMARY KEY, version bigint NOT NULL)",
        f"INSERT INTO {STATE_TABLE} (id, version) SELECT 1, 0 WHERE NOT EXISTS "
        f"(SELECT 1 FROM {STATE_TABLE} WHERE id = 1)",
    ]


def sqlite_index_sql() -> list[str]:
    """The FTS5 table and the triggers that keep it in step with `catalogue_innovation`."""
    fts, fn = SQLITE_TABLE, SQLITE_STEM_FUNCTION
    insert = (
        f"INSERT INTO {fts}(rowid, title, body) "
        f"VALUES (new.id, {fn}(new.title), {fn}(new.search_document));"
    )
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON catalogue_innovation "
        f"BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF title, search_document "
        "ON catalogue_innovation WHEN old.title IS NOT new.title "
        "OR old.search_document IS NOT new.search_document "
        f"BEGIN DELETE FROM {fts} WHERE rowid = old.id; {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON catalogue_innovation "
        f"BEGIN DELETE FROM {fts} WHERE rowid = old.id; END",
        *_state_table_sql(),
        *(
            f"CREATE TRIGGER IF NOT EXISTS {STATE_TABLE}_{event.lower()} AFTER {event} ON "
            f"catalogue_innovation BEGIN {_BUMP} END"
            for event in ("INSERT", "UPDATE", "DELETE")
        ),
    ]


def install_sqlite_index(schema_editor) -> None:
    """Create (or re-create after a table rebuild) the SQLite index and refill it."""
    _register(schema_editor.connection.connection)
    for statement in sqlite_index_sql():
        schema_editor.execute(statement)
    schema_editor.execute(f"DELETE FROM {SQLITE_TABLE}")
    schema_editor.execute(
        f"INSERT INTO {SQLITE_TABLE}(rowid, title, body) SELECT id, "
        f"{SQLITE_STEM_FUNCTION}(title), {SQLITE_STEM_FUNCTION}(search_document) "
        "FROM catalogue_innovation"
    )


def drop_sqlite_index(schema_editor) -> None:
    for name in ("insert", "update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {SQLITE_TABLE}_{name}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {STATE_TABLE}_{name}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {STATE_TABLE}")


# --- PostgreSQL ------------------------------------------------------------------------------

PG_CONFIG = "essaim_french"
# the words read as beginnings of words are already folded; stemming them again would cut
# them short ("ecole" → "ecol")
PG_PREFIX_CONFIG = "simple"
PG_VECTOR = (
    f"setweight(to_tsvector('{PG_CONFIG}', coalesce(NEW.title, '')), 'A') || "
    f"setweight(to_tsvector('{PG_CONFIG}', coalesce(NEW.search_document, '')), 'B')"
)


def postgresql_index_sql() -> list[str]:
    """unaccent (needs a superuser the first time: see docs/deployment.md), the
    `essaim_french` configuration, the column, its trigger and its GIN index."""
    return [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{PG_CONFIG}') THEN
                CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = french);
                ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG}
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
            END IF;
        END $$""",
        "ALTER TABLE catalogue_innovation ADD COLUMN IF NOT EXISTS search_vector tsvector",
        f"""CREATE OR REPLACE FUNCTION catalogue_innovation_search_vector() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_vector := {PG_VECTOR};
            RETURN NEW;
        END $$""",
        "DROP TRIGGER IF EXISTS catalogue_innovation_search_vector ON catalogue_innovation",
        "CREATE TRIGGER catalogue_innovation_search_vector BEFORE INSERT OR UPDATE OF title, "
        "search_document ON catalogue_innovation FOR EACH ROW "
        "EXECUTE FUNCTION catalogue_innovation_search_vector()",
        "UPDATE catalogue_innovation SET search_vector = " + PG_VECTOR.replace("NEW.", ""),
        "CREATE INDEX IF NOT EXISTS catalogue_innovation_search_gin ON catalogue_innovation "
        "USING gin (search_vector)",
        *_state_table_sql(),
        f"""CREATE OR REPLACE FUNCTION {STATE_TABLE}_bump() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN {_PG_BUMP} RETURN NULL; END $$""",
        f"DROP TRIGGER IF EXISTS {STATE_TABLE}_bump ON catalogue_innovation",
        f"CREATE TRIGGER {STATE_TABLE}_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
        f"catalogue_innovation FOR EACH STATEMENT EXECUTE FUNCTION {STATE_TABLE}_bump()",
    ]


def drop_postgresql_index(schema_editor) -> None:
    for statement in (
        "DROP TRIGGER IF EXISTS catalogue_innovation_search_vector ON catalogue_innovation",
        "DROP FUNCTION IF EXISTS catalogue_innovation_search_vector()",
        "ALTER TABLE catalogue_innovation DROP COLUMN IF EXISTS search_vector",
        f"DROP TRIGGER IF EXISTS {STATE_TABLE}_bump ON catalogue_innovation",
        f"DROP FUNCTION IF EXISTS {STATE_TABLE}_bump()",
        f"DROP TABLE IF EXISTS {STATE_TABLE}",
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}",
    ):
        schema_editor.execute(statement)


# --- queries ---------------------------------------------------------------------------------


def index_version(cursor) -> int:
    """The version of catalogue_innovation's content (one cheap query)."""
    cursor.execute(f"SELECT version FROM {STATE_TABLE} WHERE id = 1")
    row = cursor.fetchone()
    return row[0] if row else 0


@dataclass(frozen=True)
class TextMatch:
    """A text condition as SQL: `sql` selects `(id, score)` rows, higher score better."""

    sql: str
    params: list


def _variants(word: str) -> tuple[str, ...]:
    """A query word and its other number ("usager" ↔ "usagers"): the Snowball stemmer does
    not always give both the same stem ("usag", "usager"), so the query asks for either."""
    if word.isdigit() or len(word) < 3:
        return (word,)
    other = word[:-1] if word[-1] in "sx" else word + "s"
    # the same stem twice would make PostgreSQL's planner expect twice the matches, and
    # read the whole table instead of the index
    return (word,) if stem(other) == stem(word) else (word, other)


def query_words(query: str) -> list[tuple[str, ...]]:
    """The significant words of a query (folded), each with its variants, duplicates out."""
    groups, seen = [], set()
    for word in _WORD.findall(fold(query or "")):
        if word in QUERY_STOP_WORDS or stem(word) in seen:
            continue
        seen.add(stem(word))
        groups.append(_variants(word))
    return groups


PREFIX_MIN_LENGTH = 3  # shorter beginnings would match half the vocabulary


def _query_text(
    groups: list[tuple[str, ...]], vendor: str, any_word: bool, prefix: bool = False
) -> str:
    """The words as PostgreSQL's `to_tsquery` or SQLite's FTS5 `MATCH` read them. With
    `prefix`, each word as typed (folded, not stemmed) matches the indexed stems it begins:
    "accuei" finds "accueil", while "école" does not become "écol", which would find
    "écologique". PostgreSQL then reads the words with the `simple` configuration
    (`PG_PREFIX_CONFIG`), which leaves them as they are."""
    if prefix:
        words = [group[0] for group in groups]
        if vendor == "postgresql":
            return " & ".join(
                f"'{word}':*" if len(word) >= PREFIX_MIN_LENGTH else f"'{word}'" for word in words
            )
        return " AND ".join(
            f"{_quote(word)}*" if len(word) >= PREFIX_MIN_LENGTH else _quote(stem(word))
            for word in words
        )
    if vendor == "postgresql":
        joiner = " | " if any_word else " & "
        return joiner.join(
            "(" + " | ".join(f"'{word}'" for word in group) + ")" for group in groups
        )
    joiner = " OR " if any_word else " AND "
    return joiner.join(
        "(" + " OR ".join(sorted({_quote(stem(word)) for word in group})) + ")" for group in groups
    )


def _pg_config(prefix: bool) -> str:
    return PG_PREFIX_CONFIG if prefix else PG_CONFIG


def text_match(
    query: str, vendor: str, *, any_word: bool = False, prefix: bool = False, scored: bool = True
) -> TextMatch | None:
    """Every significant word of `query` required (or, with `any_word`, at least one),
    stemmed, accents folded, whole (or, with `prefix`, as the beginning of a word); None
    when the query has no significant word (then nothing is filtered on the text). Without
    `scored` the score is 0: counting the matches does not need the ranking function, which
    reads every match's text (a third of a count's time)."""
    groups = query_words(query)
    if not groups:
        return None
    text = _query_text(groups, vendor, any_word, prefix)
    if vendor == "postgresql":
        score = "ts_rank(search_vector, q)" if scored else "0"
        return TextMatch(
            f"SELECT id, {score} AS score FROM catalogue_innovation, "
            f"to_tsquery('{_pg_config(prefix)}', %s) AS q WHERE search_vector @@ q",
            [text],
        )
    return TextMatch(_sqlite_match_sql(scored=scored), [text])


def scores(
    cursor, query: str, ids: list[int], *, any_word: bool = False, prefix: bool = False
) -> dict[int, float]:
    """The text score of each of these sheets (all having the text), as `text_match` ranks
    them: for a search narrowed by facets, scoring the few sheets left is much cheaper than
    scoring every sheet having the words and joining them to the facets' columns."""
    groups = query_words(query)
    if not groups or not ids:
        return {}
    vendor = cursor.db.vendor
    text = _query_text(groups, vendor, any_word, prefix)
    if vendor == "postgresql":
        cursor.execute(
            "SELECT id, ts_rank(search_vector, q) FROM catalogue_innovation, "
            f"to_tsquery('{_pg_config(prefix)}', %s) AS q WHERE id = ANY(%s)",
            [text, list(ids)],
        )
    else:
        # the unary + keeps SQLite from handing the ids to FTS5, which would run the whole
        # text query once per id; here it is run once and the ids filter its rows
        cursor.execute(
            f"SELECT rowid, -bm25({SQLITE_TABLE}, 5.0, 1.0) FROM {SQLITE_TABLE} "
            f"WHERE {SQLITE_TABLE} MATCH %s AND +rowid IN (SELECT value FROM json_each(%s))",
            [text, json.dumps(list(ids))],
        )
    return dict(cursor.fetchall())


def any_terms_match(terms: list[str], words: list[str], vendor: str) -> TextMatch | None:
    """At least one of the terms, ranked by how many and how rare (similarity). `words` are
    the words behind the stems, which PostgreSQL stems itself."""
    if not terms:
        return None
    if vendor == "postgresql":
        return TextMatch(
            "SELECT id, ts_rank(search_vector, q, 1) AS score FROM catalogue_innovation, "
            f"to_tsquery('{PG_CONFIG}', %s) AS q WHERE search_vector @@ q",
            [" | ".join(f"'{word}'" for word in words)],
        )
    return TextMatch(_sqlite_match_sql(), [" OR ".join(_quote(term) for term in terms)])


def _sqlite_match_sql(*, scored: bool = True) -> str:
    # bm25 is lower for a better match; the title counts five times the body
    score = f"-bm25({SQLITE_TABLE}, 5.0, 1.0)" if scored else "0"
    return f"SELECT rowid AS id, {score} AS score FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s"


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def similar_terms(text: str, *, limit: int = 16) -> tuple[list[str], list[str]]:
    """The significant stems of a text and, for each, one of its words as written."""
    terms = significant_terms(text, limit=limit)
    wanted, words = set(terms), {}
    for word in _WORD.findall(fold(text or "")):
        if word not in QUERY_STOP_WORDS:
            term = stem(word)
            if term in wanted and term not in words:
                words[term] = word
    return terms, [words[term] for term in terms]
