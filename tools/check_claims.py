"""Authoring aid: parse data files and check every quote against the source document.

    .venv/bin/python tools/check_claims.py data/claims/ntt.trig [...]

Prints one line per problem and exits 1 if any; the real gate is ``extratex-kg build``.
"""

import sys
from pathlib import Path

from rdflib import Dataset, Namespace, URIRef
from rdflib.namespace import RDF

from extratex_kg.sources import SourceText, mismatch

ROOT = Path(__file__).resolve().parent.parent
OA = Namespace("http://www.w3.org/ns/oa#")
EXT = Namespace("https://w3id.org/extratex/def/")


def check(path: Path, source: SourceText) -> list[str]:
    ds = Dataset()
    ds.parse(path, format="trig")
    problems = []
    graphs = {g.identifier for g in ds.graphs() if isinstance(g.identifier, URIRef)}
    for claim in ds.subjects(RDF.type, EXT.DocumentClaim):
        if claim not in graphs:
            problems.append(f"{path}: claim {claim} has no named graph")
        quotes = list(ds.objects(claim, EXT.quote))
        if not quotes:
            problems.append(f"{path}: claim {claim} has no ext:quote")
        for q in quotes:
            start, end, exact = (ds.value(q, p) for p in (OA.start, OA.end, OA.exact))
            if None in (start, end, exact):
                problems.append(f"{path}: claim {claim}: quote lacks oa:start/oa:end/oa:exact")
                continue
            why = mismatch(source, int(start), int(end), str(exact))
            if why:
                problems.append(f"{path}: claim {claim}: {why}")
    return problems


def main(argv: list[str]) -> int:
    source = SourceText.read(ROOT / "data" / "sources" / "extratex-partnership.txt")
    problems = [p for arg in argv for p in check(Path(arg), source)]
    print("\n".join(problems) or "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
