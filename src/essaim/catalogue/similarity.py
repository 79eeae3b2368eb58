"""« Déjà fait ailleurs » : the published sheets closest to a text.

The text is an applicant's problem and idea, or a sheet's own text. Its significant stems
(`search.significant_terms`: the most frequent words of four letters or more, at most 16)
are searched with the full-text index as an OR query, ranked by the database (`bm25` on
SQLite, which weighs rare words higher; `ts_rank` normalised by the document's length on
PostgreSQL). Two queries: the ranked ids, then the sheets.
"""

# Raw SQL here names only constants and model tables; every value is a parameter.
# ruff: noqa: S608

from __future__ import annotations

from django.db import connection

from . import search
from .models import Innovation

DEFAULT_LIMIT = 3


def similar_to_text(
    text: str, *, exclude_id: int | None = None, limit: int = DEFAULT_LIMIT
) -> list[Innovation]:
    terms, words = search.similar_terms(text)
    match = search.any_terms_match(terms, words, connection.vendor)
    if match is None:
        return []
    sql = (
        f"SELECT s.id FROM ({match.sql}) s JOIN {Innovation._meta.db_table} i ON i.id = s.id "
        "WHERE i.is_published = %s AND i.id <> %s "
        "ORDER BY s.score DESC, i.published_at DESC, i.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*match.params, True, exclude_id or 0, limit])
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return []
    by_id = Innovation.objects.select_related("organisation", "fund").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def innovation_text(innovation: Innovation) -> str:
    """What a sheet is about, for its neighbours: title, summary, problem and solution."""
    return "\n".join(
        part
        for part in (innovation.title, innovation.summary, innovation.problem, innovation.solution)
        if part
    )


def similar_to_innovation(innovation: Innovation, *, limit: int = DEFAULT_LIMIT):
    return similar_to_text(innovation_text(innovation), exclude_id=innovation.pk, limit=limit)


def similar_to_application(application, *, limit: int = DEFAULT_LIMIT) -> list[Innovation]:
    """For the applicant while they write: from the dossier's problem and idea."""
    text = "\n".join(
        part for part in (application.title, application.problem, application.idea) if part
    )
    return similar_to_text(text, limit=limit)
