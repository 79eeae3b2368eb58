#!/usr/bin/env python3
"""Build the referential snapshot shipped in src/essaim/territory/data/ from a release of the
Etalab npm package `@etalab/decoupage-administratif` (COG of INSEE, EPCI of the DGCL, legal
populations, La Poste postal codes; data under the Licence Ouverte).

    python scripts/build_territory_snapshot.py                   # the version pinned below
    python scripts/build_territory_snapshot.py --version 6.1.0   # a newer release
    python scripts/build_territory_snapshot.py --tarball /tmp/etalab-decoupage-administratif-6.0.0.tgz

It runs `npm pack` (the npm registry only, no node at run time of the site), keeps what the
referential needs and writes a compact, deterministic gzipped JSON (the same release always
gives the same bytes). Then load it with `manage.py import_territory`. Standard library only.

Kept: the current communes and the 101 départements and 18 régions (the collectivités
d'outre-mer — 975, 977, 978, 984, 986–989 — are left out: they are not départements and the
package gives their communes no SIREN); the EPCI à fiscalité propre with their member
communes; the établissements publics territoriaux of the Grand Paris; and, as aliases of a
current commune, the former codes of merged communes (`anciensCodes`), the communes
déléguées and associées and the municipal arrondissements of Paris, Lyon and Marseille.
"""

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
DEFAULT_VERSION = "6.0.0"
# the year of the COG each release carries (the package's README, "Millésimes")
VINTAGES = {"6.0.0": 2026, "5.3.0": 2025, "5.2.0": 2025, "4.1.0": 2024, "3.1.1": 2023}
OUTPUT = Path(__file__).resolve().parent.parent / "src/essaim/territory/data/referential.json.gz"
FORMAT = 1
KEPT_ZONES = {"metro", "drom"}


def npm_pack(version: str, workdir: Path) -> Path:
    subprocess.run(  # noqa: S603
        ["npm", "pack", f"{PACKAGE}@{version}", "--silent"],  # noqa: S607
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    (tarball,) = workdir.glob("*.tgz")
    return tarball


def read_tarball(tarball: Path) -> tuple[dict, dict[str, list]]:
    data = {}
    with tarfile.open(tarball) as archive:
        package = json.load(archive.extractfile("package/package.json"))
        for name in ("communes", "departements", "regions", "epci", "ept"):
            data[name] = json.load(archive.extractfile(f"package/data/{name}.json"))
    return package, data


def build(package: dict, data: dict[str, list], tarball_sha256: str) -> dict:
    regions = [
        {"code": r["code"], "name": r["nom"], "tncc": r["typeLiaison"], "seat": r["chefLieu"]}
        for r in data["regions"]
        if r["zone"] in KEPT_ZONES
    ]
    departements = [
        {
            "code": d["code"],
            "name": d["nom"],
            "tncc": d["typeLiaison"],
            "region": d["region"],
            "seat": d["chefLieu"],
        }
        for d in data["departements"]
        if d["zone"] in KEPT_ZONES
    ]
    kept_departements = {d["code"] for d in departements}

    communes, aliases = [], []
    for c in data["communes"]:
        if c["departement"] not in kept_departements:
            continue
        if c["type"] == "commune-actuelle":
            communes.append(
                {
                    "code": c["code"],
                    "name": c["nom"],
                    "tncc": c.get("typeLiaison", 0),
                    "dep": c["departement"],
                    "reg": c["region"],
                    "pop": c.get("population"),
                    "siren": c.get("siren"),
                    "postcodes": sorted(set(c.get("codesPostaux", []))),
                    "former": sorted(c.get("anciensCodes", [])),
                }
            )
        elif c["type"] in ("commune-deleguee", "commune-associee"):
            aliases.append({"code": c["code"], "name": c["nom"], "of": c["chefLieu"]})
        elif c["type"] == "arrondissement-municipal":
            aliases.append({"code": c["code"], "name": c["nom"], "of": c["commune"]})
    current = {c["code"] for c in communes}
    unknown = [a for a in aliases if a["of"] not in current]
    if unknown:
        raise SystemExit(f"aliases pointing at no current commune: {unknown[:5]}")

    commune_dep = {c["code"]: c["dep"] for c in communes}
    commune_pop = {c["code"]: c["pop"] or 0 for c in communes}

    def groupings(rows: list[dict]) -> list[dict]:
        out = []
        for e in rows:
            members = sorted(m["code"] for m in e["membres"] if m["code"] in current)
            if not members:
                continue
            # the département of an intercommunality: where most of its people live
            weight: Counter = Counter()
            for code in members:
                weight[commune_dep[code]] += commune_pop[code]
            out.append(
                {
                    "siren": e["code"],
                    "name": e["nom"],
                    "kind": e["type"],
                    "dep": weight.most_common(1)[0][0],
                    "pop": e.get("populationMunicipale"),
                    "members": members,
                }
            )
        return out

    epci = groupings(data["epci"])
    ept = groupings(data["ept"])

    population_of_dep: Counter = Counter()
    for c in communes:
        population_of_dep[c["dep"]] += c["pop"] or 0
    population_of_reg: defaultdict = defaultdict(int)
    for d in departements:
        d["pop"] = population_of_dep[d["code"]]
        population_of_reg[d["region"]] += d["pop"]
    for r in regions:
        r["pop"] = population_of_reg[r["code"]]
        r["dep"] = commune_dep[r["seat"]]

    version = package["version"]
    return {
        "format": FORMAT,
        "source": {
            "package": PACKAGE,
            "version": version,
            "vintage": VINTAGES.get(version),
            "licence": "Licence Ouverte / Open Licence (Etalab)",
            "tarball_sha256": tarball_sha256,
        },
        "counts": {
            "regions": len(regions),
            "departements": len(departements),
            "communes": len(communes),
            "epci": len(epci),
            "ept": len(ept),
            "aliases": len(aliases) + sum(len(c["former"]) for c in communes),
        },
        "regions": regions,
        "departements": departements,
        "communes": communes,
        "epci": epci,
        "ept": ept,
        "aliases": sorted(aliases, key=lambda a: a["code"]),
    }


def write(snapshot: dict, output: Path) -> None:
    text = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 and no file name in the header: the same release gives the same bytes
    with (
        output.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as out,
    ):
        out.write(text.encode())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default=DEFAULT_VERSION, help="release of the npm package")
    parser.add_argument("--tarball", type=Path, help="a tarball already fetched with npm pack")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or npm_pack(args.version, Path(tmp))
        digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
        package, data = read_tarball(tarball)
    snapshot = build(package, data, digest)
    write(snapshot, args.output)
    counts = ", ".join(f"{n} {name}" for name, n in snapshot["counts"].items())
    print(
        f"{args.output}: {PACKAGE} {snapshot['source']['version']} "
        f"(COG {snapshot['source']['vintage']}), {counts}, "
        f"{args.output.stat().st_size / 1e6:.2f} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
