"""Media types per result kind, and content negotiation over them.

One table, shared by the web layer (``Accept`` / ``?format=``) and the CLI (``--format``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

import pyoxigraph as ox

from extratex_kg.errors import NotAcceptable

T = TypeVar("T")


class Kind(Enum):
    """What a query returns."""

    SOLUTIONS = "solutions"  # SELECT
    BOOLEAN = "boolean"  # ASK
    GRAPH = "graph"  # CONSTRUCT, DESCRIBE


@dataclass(frozen=True)
class Format:
    """A representation: its short name, media type, file extension and result kinds."""

    name: str
    media_type: str
    extension: str
    kinds: frozenset[Kind]
    aliases: tuple[str, ...] = ()
    oxigraph: ox.RdfFormat | None = None  # how Oxigraph writes a graph in it
    rdflib: str | None = None  # how rdflib writes one graph in it (no named graphs)

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml", "/json"))
        textual = textual or self.media_type in (
            "application/n-triples",
            "application/n-quads",
            "application/trig",
        )
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


_TABLE = frozenset({Kind.SOLUTIONS, Kind.BOOLEAN})
_GRAPH = frozenset({Kind.GRAPH})
_ALL = frozenset(Kind)

# In order of preference: the first format of a kind is its default.
FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "srj", _TABLE, ("application/json",)),
    Format("xml", "application/sparql-results+xml", "srx", _TABLE, ("application/xml", "text/xml")),
    Format("csv", "text/csv", "csv", _TABLE),
    Format("tsv", "text/tab-separated-values", "tsv", _TABLE),
    Format("turtle", "text/turtle", "ttl", _GRAPH, ("application/x-turtle",), ox.RdfFormat.TURTLE, "turtle"),
    Format("ntriples", "application/n-triples", "nt", _GRAPH, ("text/plain",), ox.RdfFormat.N_TRIPLES, "nt"),
    Format("nquads", "application/n-quads", "nq", _GRAPH, (), ox.RdfFormat.N_QUADS, "nt"),
    Format("trig", "application/trig", "trig", _GRAPH, (), ox.RdfFormat.TRIG, "turtle"),
    Format("jsonld", "application/ld+json", "jsonld", _GRAPH, (), ox.RdfFormat.JSON_LD, "json-ld"),
    Format("rdfxml", "application/rdf+xml", "rdf", _GRAPH, (), ox.RdfFormat.RDF_XML, "xml"),
    Format("html", "text/html", "html", _ALL, ("application/xhtml+xml",)),
)
BY_NAME = {f.name: f for f in FORMATS}
# One graph in each graph format (a graph in N-Quads or TriG is written in its default graph).
OXIGRAPH_GRAPH_FORMATS = {f.name: f.oxigraph for f in FORMATS if f.oxigraph is not None}
RDFLIB_GRAPH_FORMATS = {f.name: f.rdflib for f in FORMATS if f.rdflib is not None}


def formats_for(kind: Kind) -> list[Format]:
    return [f for f in FORMATS if kind in f.kinds]


def by_name(name: str, kind: Kind) -> Format:
    """The format called ``name`` (or with that extension or media type) for ``kind``."""
    wanted = name.strip().lower()
    for fmt in formats_for(kind):
        if wanted in (fmt.name, fmt.extension, fmt.media_type, *fmt.aliases):
            return fmt
    offered = ", ".join(f.name for f in formats_for(kind))
    raise NotAcceptable(f"format {name!r} is not offered for {kind.value} results; offered: {offered}")


@dataclass(frozen=True)
class _Range:
    main: str
    sub: str
    q: float
    order: int

    def matches(self, media_type: str) -> int:
        """Specificity of the match (2 exact, 1 type/*, 0 */*), or -1 when it does not match."""
        main, _, sub = media_type.partition("/")
        if self.main == "*" and self.sub == "*":
            return 0
        if self.main == main and self.sub == "*":
            return 1
        return 2 if (self.main, self.sub) == (main, sub) else -1


def parse_accept(header: str) -> list[_Range]:
    ranges = []
    for order, part in enumerate(p for p in header.split(",") if p.strip()):
        media, *params = (x.strip() for x in part.split(";"))
        main, _, sub = media.lower().partition("/")
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(_Range(main or "*", sub or "*", q, order))
    return ranges


def negotiate(accept: str | None, kind: Kind) -> tuple[Format, str]:
    """The best format for ``kind`` under an Accept header, and the media type to answer with."""
    return choose(accept, [(f, (f.media_type, *f.aliases)) for f in formats_for(kind)])


def choose(accept: str | None, offers: Sequence[tuple[T, tuple[str, ...]]]) -> tuple[T, str]:
    """The offer an Accept header prefers, and the media type to answer with.

    Each offer has media types, its main one first. The answer's media type is always one the
    client accepts (q > 0). Ties go to the more specific range, then to an offer's main media
    type over its aliases, then to the client's order, then to the offers' order (so no
    Accept, or ``*/*``, gives the first offer).
    """
    if not accept or not accept.strip():
        return offers[0][0], offers[0][1][0]
    ranges = parse_accept(accept)
    best: tuple[float, int, int, int, int] | None = None
    chosen: tuple[T, str] | None = None
    for rank, (offer, media_types) in enumerate(offers):
        for alias_rank, media_type in enumerate(media_types):
            q, specificity, order = _quality(ranges, media_type)
            if q <= 0:
                continue
            key = (q, specificity, -min(alias_rank, 1), -order, -rank)
            if best is None or key > best:
                best, chosen = key, (offer, media_type)
    if chosen is None:
        offered = ", ".join(m for _, types in offers for m in types[:1])
        raise NotAcceptable(f"none of the accepted types ({accept}) is offered; offered: {offered}")
    return chosen


def _quality(ranges: list[_Range], media_type: str) -> tuple[float, int, int]:
    """The q of the most specific range matching ``media_type`` (0 when none matches)."""
    best = (-1, 0.0, 0)
    for r in ranges:
        specificity = r.matches(media_type)
        if specificity > best[0]:
            best = (specificity, r.q, r.order)
    specificity, q, order = best
    return (q if specificity >= 0 else 0.0), specificity, order


def from_hints(values: tuple[str, ...], kind: Kind) -> Format | None:
    """The first of several ``format`` hints (names, extensions, media types) offered for ``kind``."""
    for value in values:
        wanted = HINT_ALIASES.get(value.strip().lower(), value)
        try:
            return by_name(wanted, kind)
        except NotAcceptable:
            continue
    return None


# Names other clients send as format hints (SPARQLWrapper: format=rdf+xml, json-ld, n3 …).
HINT_ALIASES = {"rdf+xml": "rdfxml", "rdf": "rdfxml", "json-ld": "jsonld", "n3": "turtle", "nt": "ntriples"}
