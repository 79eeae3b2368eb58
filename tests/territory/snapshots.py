"""Small synthetic snapshots (the shipped format, see territory.snapshot) for the import
tests: a few real Gironde bodies, then the changes a newer release brings."""

import copy

from stdnum import luhn


def siren_for(prefix: str) -> str:
    """A SIREN with a valid Luhn key made from 8 digits."""
    return prefix + luhn.calc_check_digit(prefix)


def base_snapshot() -> dict:
    snapshot = {
        "format": 1,
        "source": {
            "package": "@etalab/decoupage-administratif",
            "version": "0.0.1-test",
            "vintage": 2025,
            "sha256": "release-1",
        },
        "regions": [
            {
                "code": "75",
                "name": "Nouvelle-Aquitaine",
                "tncc": 0,
                "seat": "33063",
                "dep": "33",
                "pop": 200_000,
            }
        ],
        "departements": [
            {
                "code": "33",
                "name": "Gironde",
                "tncc": 3,
                "region": "75",
                "seat": "33063",
                "pop": 200_000,
            }
        ],
        "communes": [
            {
                "code": "33318",
                "name": "Pessac",
                "tncc": 0,
                "dep": "33",
                "reg": "75",
                "pop": 66_760,
                "siren": "213303183",
                "postcodes": ["33600"],
                "former": [],
            },
            {
                "code": "33522",
                "name": "Talence",
                "tncc": 0,
                "dep": "33",
                "reg": "75",
                "pop": 43_000,
                "siren": siren_for("21330522"),
                "postcodes": ["33400"],
                "former": [],
            },
            {
                "code": "33901",
                "name": "Bourg-Ancien",
                "tncc": 0,
                "dep": "33",
                "reg": "75",
                "pop": 800,
                "siren": siren_for("21330901"),
                "postcodes": ["33910"],
                "former": [],
            },
            {
                "code": "33902",
                "name": "Saint-Ours-le-Petit",
                "tncc": 0,
                "dep": "33",
                "reg": "75",
                "pop": 1_200,
                "siren": siren_for("21330902"),
                "postcodes": ["33910"],
                "former": [],
            },
        ],
        "epci": [
            {
                "siren": "243300316",
                "name": "Bordeaux Métropole",
                "kind": "METRO",
                "dep": "33",
                "pop": 110_000,
                "members": ["33318", "33522"],
            },
            {
                "siren": siren_for("20000990"),
                "name": "CC des Deux Bourgs",
                "kind": "CC",
                "dep": "33",
                "pop": 2_000,
                "members": ["33901", "33902"],
            },
        ],
        "ept": [],
        "aliases": [],
    }
    return with_counts(snapshot)


def with_counts(snapshot: dict) -> dict:
    from essaim.territory.snapshot import counts

    snapshot["counts"] = counts(snapshot)
    return snapshot


def newer(snapshot: dict, release: str = "release-2") -> dict:
    """A copy to edit as the next release."""
    copy_ = copy.deepcopy(snapshot)
    copy_["source"]["sha256"] = release
    return copy_


def commune(snapshot: dict, code: str) -> dict:
    return next(c for c in snapshot["communes"] if c["code"] == code)
