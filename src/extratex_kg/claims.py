"""Claims: one named graph per claim, their quotes checked and expanded into Web Annotation.

In the data files a document claim carries a compact quote,
``ext:quote [ oa:start 352 ; oa:end 371 ; oa:exact "established in 1972" ]``. Here each is
verified against the source text at its offsets and becomes ``quote:<claim-slug>`` with a
TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (start, end), plus the
enclosing sentence and line.
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from extratex_kg.errors import BadQuote
from extratex_kg.locations import SourceFile
from extratex_kg.namespaces import EXT, ID, OA, PROV
from extratex_kg.sources import SourceText, mismatch

SOURCE_DOCUMENT = ID["source/extratex-partnership"]


def expand_quotes(provenance: Graph, located: SourceFile, source: SourceText) -> None:
    """Verify and expand every compact quote of the document claims written in one file."""
    for claim in sorted(set(provenance.subjects(RDF.type, EXT.DocumentClaim)), key=str):
        quotes = sorted(
            (q for q in provenance.objects(claim, EXT.quote) if isinstance(q, BNode)),
            key=lambda q: _int(_value(provenance, q, OA.start, claim, located)),
        )
        for number, blank in enumerate(quotes, start=1):
            _expand_one(provenance, claim, blank, number, located, source)
        provenance.add((claim, PROV.wasDerivedFrom, SOURCE_DOCUMENT))


def _expand_one(
    graph: Graph, claim: Node, blank: BNode, number: int, located: SourceFile, source: SourceText
) -> None:
    start = _int(_value(graph, blank, OA.start, claim, located))
    end = _int(_value(graph, blank, OA.end, claim, located))
    exact = str(_value(graph, blank, OA.exact, claim, located))
    if why := mismatch(source, start, end, exact):
        raise BadQuote(
            f"claim {_curie(claim)}: {why}", where=_where(located, claim, rf"oa:start\s+{start}\b")
        )
    span = source.span(start, end)
    quote = URIRef(str(claim).replace("/id/claim/", "/id/quote/") + ("" if number == 1 else f"-{number}"))
    text_selector, position_selector = URIRef(f"{quote}#text"), URIRef(f"{quote}#position")
    graph.remove((claim, EXT.quote, blank))
    graph.remove((blank, None, None))
    for triple in (
        (claim, EXT.quote, quote),
        (quote, RDF.type, EXT.Quote),
        (quote, RDF.type, OA.SpecificResource),
        (quote, RDFS.label, Literal(f"“{_shorten(exact)}” (line {span.line})", lang="en")),
        (quote, OA.hasSource, SOURCE_DOCUMENT),
        (quote, OA.hasSelector, text_selector),
        (quote, OA.hasSelector, position_selector),
        (quote, EXT.sentence, Literal(span.sentence, lang="en")),
        (quote, EXT.line, Literal(span.line, datatype=XSD.positiveInteger)),
        (text_selector, RDF.type, OA.TextQuoteSelector),
        (text_selector, OA.exact, Literal(exact)),
        (text_selector, OA.prefix, Literal(span.prefix)),
        (text_selector, OA.suffix, Literal(span.suffix)),
        (position_selector, RDF.type, OA.TextPositionSelector),
        (position_selector, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)),
        (position_selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)),
    ):
        graph.add(triple)


def check_expanded_quotes(graph: Graph, source: SourceText) -> list[str]:
    """Problems with quotes already in expanded form (a built dump read back)."""
    problems = []
    for quote in set(graph.subjects(RDF.type, EXT.Quote)):
        found: dict[URIRef, Node] = {}
        for selector in graph.objects(quote, OA.hasSelector):
            for predicate in (OA.exact, OA.start, OA.end):
                if (value := graph.value(selector, predicate)) is not None:
                    found[predicate] = value
        exact, start, end = (found.get(p) for p in (OA.exact, OA.start, OA.end))
        if exact is None or start is None or end is None:
            problems.append(f"quote {_curie(quote)} lacks an exact text or offsets")
        elif why := mismatch(source, _int(start), _int(end), str(exact)):
            problems.append(f"quote {_curie(quote)}: {why}")
    return sorted(problems)


def _int(node: Node) -> int:
    return int(node) if isinstance(node, Literal) and isinstance(node.toPython(), int) else int(str(node))


def _value(graph: Graph, node: Node, predicate: URIRef, claim: Node, located: SourceFile) -> Node:
    value = graph.value(node, predicate)
    if value is None:
        name = predicate.split("#")[-1]
        raise BadQuote(
            f"claim {_curie(claim)}: a quote lacks oa:{name}", where=_where(located, claim, r"ext:quote")
        )
    return value


def _where(located: SourceFile, claim: Node, then: str) -> str:
    slug = re.escape(str(claim).rsplit("/", 1)[-1])
    line = located.line_of(rf"^\s*claim:{slug}\s+(a|rdf:type)\b", then) or located.line_of(rf"claim:{slug}\b")
    return f"{located.path}:{line}" if line else str(located.path)


def _curie(node: Node) -> str:
    text = str(node)
    return "claim:" + text.rsplit("/id/claim/", 1)[1] if "/id/claim/" in text else f"<{text}>"


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
