"""Lists the pages show: the partners, the members of a class, a label search, the source's lines.

Every query binds what varies (a class, the words searched for) as terms, never as text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID
from rdflib.term import Node

from extratex_kg.errors import BadParameter
from extratex_kg.pages import Link
from extratex_kg.site import Site

MEMBERS_LIMIT = 1000
SEARCH_LIMIT = 50
MAX_WORDS = 6
MAX_QUERY = 200

PARTNERS = """SELECT ?r ?m ?label ?place ?placeLabel WHERE {
  ?r org:hasMember ?m .
  OPTIONAL { ?m rdfs:label ?label }
  OPTIONAL { ?m ext:locatedIn ?place . ?place rdfs:label ?placeLabel }
} ORDER BY LCASE(STR(?label)) ?m ?placeLabel"""
MEMBERS = f"""SELECT DISTINCT ?class ?m ?label WHERE {{
  ?m a ?class .
  OPTIONAL {{ ?m rdfs:label ?label }}
}} ORDER BY LCASE(STR(?label)) ?m LIMIT {MEMBERS_LIMIT + 1}"""
MEMBER_COUNT = "SELECT ?class (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a ?class } GROUP BY ?class"


@dataclass(frozen=True)
class Partner:
    link: Link
    places: tuple[Link, ...]


@dataclass(frozen=True)
class SourceLine:
    """One line of the source document, cut where a highlighted span starts and ends."""

    number: int
    start: int
    parts: tuple[tuple[str, bool], ...]  # (text, highlighted)


def _select(site: Site, query: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> list[ox.QuerySolution]:
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): term for name, term in bindings.items()
    }
    result = site.store.query(query, prefixes=site.prefixes, substitutions=substitutions)
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def _value(row: ox.QuerySolution, name: str) -> str | None:
    term = row[name]
    return None if term is None else str(term.value)


def partners(site: Site) -> list[Partner]:
    """The members of the EXTRATEX partnership, with where they are based."""
    partnership = ox.NamedNode(site.base + "id/partnership/extratex")
    found: dict[str, tuple[Link, list[Link]]] = {}
    for row in _select(site, PARTNERS, {"r": partnership}):
        iri = str(row["m"].value)
        link = Link(_value(row, "label") or site.curie(iri), site.local_url(iri), iri)
        entry = found.setdefault(iri, (link, []))
        if (place := _value(row, "place")) is not None:
            entry[1].append(
                Link(_value(row, "placeLabel") or site.curie(place), site.local_url(place), place)
            )
    return [Partner(link, tuple(places)) for link, places in found.values()]


def class_members(site: Site, class_iri: str) -> tuple[list[Link], int]:
    """The instances of a class by label (at most MEMBERS_LIMIT), and how many there are."""
    cls = ox.NamedNode(class_iri)
    rows = _select(site, MEMBERS, {"class": cls})
    members: dict[str, Link] = {}
    for row in rows[:MEMBERS_LIMIT]:
        iri = str(row["m"].value)
        if iri not in members:
            members[iri] = Link(_value(row, "label") or site.curie(iri), site.local_url(iri), iri)
    total = len(members)
    if len(rows) > MEMBERS_LIMIT:
        total = int(str(_select(site, MEMBER_COUNT, {"class": cls})[0]["n"].value))
    return list(members.values()), total


def search_words(query: str) -> list[str]:
    """The words of a search, lower-cased; refused when too long."""
    if len(query) > MAX_QUERY:
        raise BadParameter(f"the q parameter must be at most {MAX_QUERY} characters, not {len(query)}")
    return query.lower().split()[:MAX_WORDS]


def search(site: Site, words: list[str]) -> list[Link]:
    """Resources whose name or other name contains every word (case-insensitive)."""
    if not words:
        return []
    names = [f"w{i}" for i in range(len(words))]
    tests = " && ".join(f"CONTAINS(LCASE(STR(?text)), ?{n})" for n in names)
    query = f"""SELECT DISTINCT {" ".join("?" + n for n in names)} ?r ?label WHERE {{
  ?r rdfs:label|skos:altLabel ?text .
  FILTER(isIRI(?r) && {tests})
  OPTIONAL {{ ?r rdfs:label ?label }}
}} ORDER BY (CONTAINS(STR(?r), "/id/claim/") || CONTAINS(STR(?r), "/id/quote/")) LCASE(STR(?label)) ?r
LIMIT {SEARCH_LIMIT * 2}"""
    rows = _select(site, query, {n: ox.Literal(w) for n, w in zip(names, words, strict=True)})
    found: dict[str, Link] = {}
    for row in rows:
        iri = str(row["r"].value)
        found.setdefault(iri, Link(_value(row, "label") or site.curie(iri), site.local_url(iri), iri))
    return list(found.values())[:SEARCH_LIMIT]


def source_lines(text: str, start: int | None = None, end: int | None = None) -> list[SourceLine]:
    """The text's lines, numbered from 1, with [start, end) marked for highlighting."""
    lines = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        lines.append(SourceLine(number, offset, _parts(line, offset, start, end)))
        offset += len(line) + 1
    return lines


def _parts(line: str, offset: int, start: int | None, end: int | None) -> tuple[tuple[str, bool], ...]:
    if start is None or end is None or end <= offset or start >= offset + len(line):
        return ((line, False),)
    cut_from, cut_to = max(start - offset, 0), min(end - offset, len(line))
    parts = ((line[:cut_from], False), (line[cut_from:cut_to], True), (line[cut_to:], False))
    return tuple(p for p in parts if p[0])


def check_span(text: str, start: str | None, end: str | None) -> tuple[int, int] | None:
    """The highlighted span asked for by ``?start=&end=``, checked against the text."""
    if start is None and end is None:
        return None
    if start is None or end is None:
        raise BadParameter("give both start and end (character offsets) to highlight a span")
    try:
        first, last = int(start), int(end)
    except ValueError:
        raise BadParameter(f"start and end must be whole numbers, not {start!r} and {end!r}") from None
    if not 0 <= first < last <= len(text):
        raise BadParameter(
            f"start and end must satisfy 0 <= start < end <= {len(text)}, not {first} and {last}"
        )
    return first, last


@dataclass(frozen=True)
class VoidSummary:
    """The figures of the VoID description, for the home page."""

    title: str
    description: str
    triples: int
    entities: int
    modified: str
    classes: tuple[tuple[Link, int], ...]
    properties: tuple[tuple[Link, int], ...]
    linksets: tuple[tuple[str, Link, int], ...]


def void_summary(site: Site, void: Graph) -> VoidSummary:
    ds = URIRef(site.base)

    def number(node: Node) -> int:
        return int(str(void.value(node, VOID.triples) or void.value(node, VOID.entities) or 0))

    def link(iri: Node | None) -> Link:
        curie = site.curie(str(iri))
        return Link(site.term_labels.get(str(iri), curie), f"/class/{curie}", str(iri))

    classes = sorted(
        ((link(void.value(p, VOID["class"])), number(p)) for p in void.objects(ds, VOID.classPartition)),
        key=lambda pair: pair[0].label.lower(),
    )
    properties = sorted(
        (
            (_term_link(site, void.value(p, VOID.property)), number(p))
            for p in void.objects(ds, VOID.propertyPartition)
        ),
        key=lambda pair: pair[0].label.lower(),
    )
    linksets = sorted(
        (
            str(void.value(void.value(ls, VOID.objectsTarget), DCTERMS.title) or ""),
            _term_link(site, void.value(ls, VOID.linkPredicate)),
            number(ls),
        )
        for ls in void.subjects(RDF.type, VOID.Linkset)
    )
    return VoidSummary(
        title=str(void.value(ds, DCTERMS.title) or ""),
        description=str(void.value(ds, DCTERMS.description) or ""),
        triples=int(str(void.value(ds, VOID.triples) or 0)),
        entities=int(str(void.value(ds, VOID.entities) or 0)),
        modified=str(void.value(ds, DCTERMS.modified) or ""),
        classes=tuple(classes),
        properties=tuple(properties),
        linksets=tuple(linksets),
    )


def _term_link(site: Site, node: Node | None) -> Link:
    iri = str(node)
    return Link(site.term_labels.get(iri, site.curie(iri)), site.local_url(iri), iri)
