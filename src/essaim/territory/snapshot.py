"""Reading the referential snapshot shipped in territory/data/ (built by
scripts/build_territory_snapshot.py from the Etalab package, see docs/territory.md)."""

import gzip
import hashlib
import json
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "referential.json.gz"
FORMAT = 1


class SnapshotError(ValueError):
    pass


def load_snapshot(path: Path | str | None = None) -> dict:
    """The snapshot as a dict, with `sha256` (of the file) added to its `source`."""
    path = Path(path or DEFAULT_PATH)
    raw = path.read_bytes()
    try:
        snapshot = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"{path}: not a referential snapshot ({exc})") from exc
    if not isinstance(snapshot, dict) or snapshot.get("format") != FORMAT:
        raise SnapshotError(f"{path}: unknown snapshot format")
    snapshot["source"]["sha256"] = hashlib.sha256(raw).hexdigest()
    return snapshot


def subset(snapshot: dict, departements: set[str]) -> dict:
    """The part of a snapshot within some départements (and their régions): what the tests
    and a quick demo load. EPCI are kept whole when one of their members is kept."""
    communes = [c for c in snapshot["communes"] if c["dep"] in departements]
    kept = {c["code"] for c in communes}
    regions = {d["region"] for d in snapshot["departements"] if d["code"] in departements}

    def groupings(rows):
        out = []
        for row in rows:
            members = [code for code in row["members"] if code in kept]
            if members:
                out.append({**row, "members": members})
        return out

    part = {
        **snapshot,
        "regions": [r for r in snapshot["regions"] if r["code"] in regions],
        "departements": [d for d in snapshot["departements"] if d["code"] in departements],
        "communes": communes,
        "epci": groupings(snapshot["epci"]),
        "ept": groupings(snapshot.get("ept", [])),
        "aliases": [a for a in snapshot["aliases"] if a["of"] in kept],
        "source": {
            **snapshot["source"],
            "sha256": snapshot["source"].get("sha256", "") + ":" + ",".join(sorted(departements)),
        },
    }
    part["counts"] = counts(part)
    return part


def counts(snapshot: dict) -> dict[str, int]:
    """How many bodies of each kind the snapshot describes (the import creates as many)."""
    return {
        "regions": len(snapshot["regions"]),
        "departements": len(snapshot["departements"]),
        "communes": len(snapshot["communes"]),
        "epci": len(snapshot["epci"]),
        "ept": len(snapshot.get("ept", [])),
    }
