"""The graph holds the whole document: every sentence about the partnership is quoted."""

from __future__ import annotations

from itertools import pairwise

import pyoxigraph as ox

from extratex_kg.sources import SourceText

from .conftest import ROOT, select

EXCLUDED_LINES = {24, 25, 26, 27, 64}  # visitor expectations and the cookie notice (docs/data-model.md)


def test_every_sentence_outside_the_excluded_lines_is_quoted(store: ox.Store) -> None:
    source = SourceText.read(ROOT / "data" / "sources" / "extratex-partnership.txt")
    spans = select(
        store, "SELECT ?s ?e WHERE { ?q a ext:Quote ; oa:hasSelector ?p . ?p oa:start ?s ; oa:end ?e }"
    )
    covered = [False] * len(source.text)
    for span in spans:
        for i in range(int(span["s"]), int(span["e"])):
            covered[i] = True
    bounds = source.sentence_bounds()
    thin = []
    for start, end in pairwise(bounds):
        letters = [i for i in range(start, end) if source.text[i].isalnum()]
        line = source.text.count("\n", 0, start) + 1
        if not letters or line in EXCLUDED_LINES:
            continue
        share = sum(covered[i] for i in letters) / len(letters)
        if share < 0.5:
            thin.append(f"line {line} ({share:.0%}): {source.text[start:end].strip()[:80]}")
    assert not thin, "sentences of the document with little or no quoted claim:\n" + "\n".join(thin)


def test_excluded_lines_stay_out(store: ox.Store) -> None:
    lines = select(store, "SELECT DISTINCT ?line WHERE { ?q a ext:Quote ; ext:line ?line }")
    assert {int(r["line"]) for r in lines} & EXCLUDED_LINES == set()
