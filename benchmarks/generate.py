"""A synthetic graph shaped like the EXTRATEX data, for benchmarks: deterministic and seeded.

Writes N-Quads: organisations (clusters, companies, associations …) with an ``rdfs:label``,
``ext:locatedIn`` a region, one or two ``ext:sector`` (the project's real sector concepts) and
one or two ``ext:hasFigure`` figures with a ``schema:value``. As in the real data, each fact
is stated in its own named graph (a claim) and every claim is described in the default graph.
Stops at exactly ``--triples`` triples (the last organisation may be cut short).

    python generate.py --triples 100000 --seed 42 --out synthetic.nq
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ID = "https://w3id.org/extratex/id/"
EXT = "https://w3id.org/extratex/def/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA_VALUE = "https://schema.org/value"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
SOURCE = ID + "source/synthetic-benchmark"

KINDS = ("Cluster", "Company", "Association", "University", "PublicBody")
KIND_WEIGHTS = (2, 10, 3, 1, 1)
# The project's sector concepts, textile first and most common (as in the real data).
SECTORS = (
    "textile",
    "technical-textiles",
    "clothing",
    "fashion",
    "leather",
    "tanning",
    "footwear",
    "jewellery",
    "textile-machinery",
    "plastics",
    "automotive",
    "metal",
    "testing",
    "chemistry",
    "engineering",
    "industrial-software",
    "research",
    "risk-and-resilience-management",
    "safety-and-security",
)
SECTOR_WEIGHTS = (8, 4, 3, 3, 2, 2, 2, 1, 2, 3, 4, 2, 1, 1, 2, 1, 1, 1, 1)
REAL_REGIONS = (
    "prato",
    "tuscany",
    "valencian-community",
    "community-of-madrid",
    "liberec-region",
    "nitra-region",
    "stuttgart",
)
MEASURES = ("members", "member-companies", "employees", "staff", "projects", "client-companies")
SYNTHETIC_REGIONS = 300


def iri(value: str) -> str:
    return f"<{value}>"


def text(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@en'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


Quad = tuple[str, str, str, str | None]


def claim(name: str, triples: list[tuple[str, str, str]], rdf_class: str) -> Iterator[Quad]:
    """The triples in a named graph ``claim:NAME``, and the claim described in the default graph."""
    graph = iri(ID + "claim/" + name)
    for s, p, o in triples:
        yield s, p, o, graph
    yield graph, iri(RDF_TYPE), iri(EXT + rdf_class), None
    yield graph, iri(DERIVED), iri(SOURCE), None


def regions() -> Iterator[Quad]:
    for n in range(1, SYNTHETIC_REGIONS + 1):
        region = iri(f"{ID}region/synthetic-{n:03d}")
        yield from claim(
            f"synthetic-region-{n:03d}",
            [
                (region, iri(RDF_TYPE), iri(EXT + "Region")),
                (region, iri(LABEL), text(f"Synthetic region {n:03d}")),
                (region, iri(EXT + "nutsLevel"), typed(2, "integer")),
            ],
            "ReferenceClaim",
        )


def organisation(n: int, rng: random.Random) -> Iterator[Quad]:
    name = f"synthetic-{n:06d}"
    org = iri(f"{ID}organisation/{name}")
    kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
    yield from claim(
        f"{name}-identity",
        [(org, iri(RDF_TYPE), iri(EXT + kind)), (org, iri(LABEL), text(f"Synthetic {kind} {n:06d}"))],
        "DocumentClaim",
    )
    if rng.random() < 0.1:
        region = f"{ID}region/{rng.choice(REAL_REGIONS)}"
    else:
        region = f"{ID}region/synthetic-{rng.randint(1, SYNTHETIC_REGIONS):03d}"
    yield from claim(f"{name}-location", [(org, iri(EXT + "locatedIn"), iri(region))], "ReferenceClaim")
    sectors = set(rng.choices(SECTORS, SECTOR_WEIGHTS, k=1 + (rng.random() < 0.2)))
    yield from claim(
        f"{name}-sector",
        [(org, iri(EXT + "sector"), iri(f"{ID}sector/{s}")) for s in sorted(sectors)],
        "DocumentClaim",
    )
    for k in range(1 + (rng.random() < 0.5)):
        measure = rng.choice(MEASURES)
        figure = iri(f"{ID}figure/{name}-{measure}-{k}")
        value = math.floor(rng.lognormvariate(3.0, 1.5))
        yield from claim(
            f"{name}-{measure}-{k}",
            [
                (org, iri(EXT + "hasFigure"), figure),
                (figure, iri(RDF_TYPE), iri(EXT + "Figure")),
                (figure, iri(EXT + "measure"), iri(f"{ID}measure/{measure}")),
                (figure, iri(SCHEMA_VALUE), typed(value, "nonNegativeInteger")),
                (figure, iri(LABEL), text(f"{value} {measure.replace('-', ' ')}")),
            ],
            "DocumentClaim",
        )


def quads(seed: int) -> Iterator[Quad]:
    rng = random.Random(seed)
    yield iri(SOURCE), iri(RDF_TYPE), iri(EXT + "ReferenceSource"), None
    yield iri(SOURCE), iri(LABEL), text("Synthetic data for benchmarks (not facts)"), None
    yield from regions()
    n = 0
    while True:
        n += 1
        yield from organisation(n, rng)


def generate(triples: int, seed: int) -> Iterator[str]:
    """Exactly ``triples`` N-Quads lines (all distinct)."""
    for count, (s, p, o, g) in enumerate(quads(seed)):
        if count == triples:
            return
        yield f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True, help="N-Quads file to write")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.writelines(generate(args.triples, args.seed))
    tmp.replace(args.out)
    print(f"wrote {args.out}: {args.triples} triples (seed {args.seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
