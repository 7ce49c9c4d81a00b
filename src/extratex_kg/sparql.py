"""Run SPARQL queries on an Oxigraph store: inspect, refuse what is not allowed, execute.

``execute`` is a plain function over a store; ``engine.py`` runs it in worker processes so a
query can be stopped at its time limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from extratex_kg.errors import BadQuery, Forbidden
from extratex_kg.formats import OXIGRAPH_GRAPH_FORMATS, Kind
from extratex_kg.results import BOOLEAN_WRITERS, SOLUTION_WRITERS

# Strings, IRIs and comments, removed before looking for keywords.
NOISE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(?:BASE\b|PREFIX\s+(?:[A-Za-z_][\w.-]*)?:)", re.IGNORECASE)
_UPDATE = re.compile(r"\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_SERVICE = re.compile(r"(?<![?$:\w-])SERVICE(?![\w:-])", re.IGNORECASE)  # the keyword, not ?service
_SERVICE_TARGET = re.compile(r"\s*(?:SILENT\b\s*)?(?:<(\d+)>|([?$]\w+|[\w-]*:[\w.-]*))", re.IGNORECASE)
GRAPH_FORMATS = OXIGRAPH_GRAPH_FORMATS


@dataclass(frozen=True)
class QueryRequest:
    """A query with its protocol dataset, output format and limits."""

    query: str
    format: str  # json/xml/csv/tsv for tables, a key of GRAPH_FORMATS for graphs
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10_000
    timeout: float = 10.0
    base_iri: str | None = None  # the endpoint's URL: relative IRIs resolve against it


@dataclass(frozen=True)
class QueryResponse:
    """The serialised answer, ready to send."""

    kind: Kind
    format: str
    body: bytes
    rows: int
    truncated: bool = False


def query_kind(query: str) -> Kind:
    """SELECT/ASK → table kinds, CONSTRUCT/DESCRIBE → graph; updates are refused."""
    stripped = NOISE.sub(" ", query)
    if _UPDATE.match(stripped, _after_prologue(stripped)):
        raise Forbidden("SPARQL Update is not allowed on this endpoint: it is read-only")
    match = _FORM.search(stripped, _after_prologue(stripped))
    if match is None:
        raise BadQuery("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    form = match.group(1).upper()
    return {"SELECT": Kind.SOLUTIONS, "ASK": Kind.BOOLEAN}.get(form, Kind.GRAPH)


def _after_prologue(text: str) -> int:
    """Where the body of a query starts, after BASE and PREFIX declarations (IRIs already removed)."""
    at = 0
    while match := _PROLOGUE.match(text, at):
        at = match.end()
    return at


def check_services(query: str, allowed: frozenset[str]) -> None:
    """Refuse SERVICE calls to endpoints not listed in the settings (fail closed).

    Every SERVICE keyword outside strings, IRIs and comments must be followed by a listed IRI;
    anything else (a variable, a prefixed name, no target at all) is refused.
    """
    iris: list[str] = []

    def hide(match: re.Match[str]) -> str:  # IRIs become <n>, so no keyword is read inside one
        text = match.group(0)
        if not text.startswith("<"):
            return " "
        iris.append(text[1:-1])
        return f"<{len(iris) - 1}>"

    stripped = NOISE.sub(hide, query)
    for keyword in _SERVICE.finditer(stripped):
        target = _SERVICE_TARGET.match(stripped, keyword.end())
        iri = iris[int(target.group(1))] if target and target.group(1) else None
        if iri is None or iri not in allowed:
            named = target.group(2) if target and target.group(2) else "(no endpoint)"
            shown = f"<{iri}>" if iri is not None else named
            raise Forbidden(f"SERVICE {shown} is not allowed: this endpoint calls only listed endpoints")


def execute(store: ox.Store, request: QueryRequest) -> QueryResponse:
    """Run one query on ``store`` and serialise its answer."""
    try:
        results = store.query(request.query, **_dataset_arguments(request))  # type: ignore[arg-type]
        return _serialise(results, request)
    except SyntaxError as exc:
        raise BadQuery(f"syntax error: {exc.msg or exc}", detail=_position(exc)) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise BadQuery(f"query failed: {exc}") from None


def _dataset_arguments(request: QueryRequest) -> dict[str, object]:
    """The protocol dataset: it replaces the store's (an IRI that is not one is a ValueError)."""
    arguments: dict[str, object] = {"base_iri": request.base_iri}
    if request.default_graphs or request.named_graphs:
        arguments["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
        arguments["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    return arguments


def _serialise(results: object, request: QueryRequest) -> QueryResponse:
    name = request.format
    writers = BOOLEAN_WRITERS if isinstance(results, ox.QueryBoolean) else SOLUTION_WRITERS
    if isinstance(results, ox.QueryBoolean | ox.QuerySolutions) and name not in writers:
        raise BadQuery(f"the query's results cannot be written as {name}")
    if isinstance(results, ox.QueryTriples) and name not in GRAPH_FORMATS:
        raise BadQuery(f"the query's graph cannot be written as {name}")
    if isinstance(results, ox.QueryBoolean):
        return QueryResponse(Kind.BOOLEAN, name, BOOLEAN_WRITERS[name](bool(results)), 1)
    if isinstance(results, ox.QuerySolutions):
        variables = [v.value for v in results.variables]
        rows: list[tuple[object | None, ...]] = []
        for solution in results:
            if len(rows) == request.max_rows:
                return QueryResponse(
                    Kind.SOLUTIONS, name, SOLUTION_WRITERS[name](variables, rows), len(rows), True
                )
            rows.append(tuple(solution[v] for v in variables))
        return QueryResponse(Kind.SOLUTIONS, name, SOLUTION_WRITERS[name](variables, rows), len(rows))
    triples: list[ox.Triple] = []
    truncated = False
    for triple in results:  # type: ignore[attr-defined]
        if len(triples) == request.max_rows:
            truncated = True
            break
        triples.append(triple)
    body = _graph_body(triples, name)
    return QueryResponse(Kind.GRAPH, name, body, len(triples), truncated)


def _graph_body(triples: list[ox.Triple], name: str) -> bytes:
    rdf_format = GRAPH_FORMATS[name]
    if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        return ox.serialize(quads, format=rdf_format) or b""
    return ox.serialize(triples, format=rdf_format) or b""


def _position(exc: SyntaxError) -> str | None:
    if exc.lineno is None:
        return None
    return f"line {exc.lineno}, column {exc.offset or 0}"
