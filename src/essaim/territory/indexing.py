"""The search terms of a body (see models.SearchTerm). Pure functions: callers write rows."""

from .enums import OrganisationType
from .models import SearchTerm
from .names import expand_epci_prefix, search_key, word_suffixes


def terms_for(
    *,
    kind: str,
    name: str,
    formal_name: str = "",
    postal_codes: str = "",
    former_names: list[str] | tuple[str, ...] = (),
) -> dict[str, int]:
    """{text: weight}, each text once with its best (lowest) weight."""
    terms: dict[str, int] = {}

    def add(text: str, weight: int) -> None:
        if text and weight < terms.get(text, 99):
            terms[text] = weight

    def add_name(key: str, weight: int) -> None:
        for position, suffix in enumerate(word_suffixes(key)):
            add(suffix, weight if position == 0 else SearchTerm.WORD)

    key = search_key(name)
    add_name(key, SearchTerm.NAME)
    if kind == OrganisationType.EPCI:
        # "CC Haute-Corrèze Communauté" is also found as "communauté de communes haute…"
        add_name(expand_epci_prefix(key), SearchTerm.OTHER_NAME)
    if formal_name and kind != OrganisationType.COMMUNE:
        # "département de la gironde", "région bretagne", "ville de paris"…
        add(search_key(formal_name), SearchTerm.OTHER_NAME)
    council = {
        OrganisationType.DEPARTEMENT: ("conseil departemental", "departement"),
        OrganisationType.REGION: ("conseil regional", "region"),
    }.get(kind)
    if council:
        # "conseil départemental calvados" and "conseil départemental du calvados" (the
        # charnière taken from the formal name "Département du Calvados")
        # with every word indexed, so that "conseil régional de Bretagne" is found by
        # its words (rank 7 of the search) whatever the charnière
        add_name(f"{council[0]} {key}", SearchTerm.OTHER_NAME)
        formal_key = search_key(formal_name)
        if formal_key.startswith(council[1] + " "):
            add(council[0] + formal_key[len(council[1]) :], SearchTerm.OTHER_NAME)
    for code in postal_codes.split():
        add(code, SearchTerm.OTHER_NAME)
    for former in former_names:
        add(search_key(former), SearchTerm.FORMER_NAME)
    return terms


def term_rows(organisation, **kwargs) -> list[SearchTerm]:
    population = organisation.population or 0
    return [
        SearchTerm(organisation=organisation, text=text[:250], weight=weight, population=population)
        for text, weight in terms_for(
            kind=organisation.kind,
            name=organisation.name,
            formal_name=organisation.formal_name,
            postal_codes=organisation.postal_codes,
            **kwargs,
        ).items()
    ]
