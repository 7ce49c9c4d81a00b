"""Running a query from the command line: on the local build, or on a remote endpoint.

Remote queries go through SPARQLWrapper. ``table`` prints aligned columns with IRIs
shortened by the project's prefixes; any other format prints the answer as served.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.error import HTTPError

import pyoxigraph as ox

from extratex_kg.config import Settings
from extratex_kg.engine import load_store
from extratex_kg.errors import BadQuery, ExtratexError
from extratex_kg.formats import OXIGRAPH_GRAPH_FORMATS, Kind, by_name
from extratex_kg.queryprefixes import prefixed
from extratex_kg.sparql import QueryRequest, execute, query_kind

TABLE = "table"


def run_query(settings: Settings, query: str, endpoint: str | None, fmt: str) -> str:
    kind = query_kind(query)
    wanted = fmt.lower()
    if wanted == TABLE:
        name = "ntriples" if kind is Kind.GRAPH else "json"
    else:
        name = by_name(wanted, kind).name
        if name == "html":
            raise BadQuery("html is a format for browsers; use table, csv, json … on the command line")
    body = _remote(endpoint, query, name) if endpoint else _local(settings, query, name)
    if wanted != TABLE:
        return body.decode("utf-8")
    return format_table(body, kind)


def _local(settings: Settings, query: str, name: str) -> bytes:
    from extratex_kg.runtime import DUMP, ensure_built

    store = load_store(ox.Store(), Path(ensure_built(settings)) / DUMP)
    request = QueryRequest(query=query, format=name, max_rows=settings.max_rows, timeout=settings.timeout)
    return execute(store, request).body


def _remote(endpoint: str, query: str, name: str) -> bytes:
    from SPARQLWrapper import SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setMethod("POST")
    client.setOnlyConneg(True)  # no format=… parameters: the Accept header alone decides
    client.addCustomHttpHeader("Accept", by_name(name, _any_kind(name)).media_type)
    try:
        return bytes(client.query().response.read())
    except SPARQLWrapperException as exc:
        raise BadQuery(f"the endpoint refused the query: {exc}") from None
    except HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:500]
        raise BadQuery(f"the endpoint answered {exc.code} {exc.reason}: {detail}") from None
    except OSError as exc:
        raise ExtratexError(f"cannot reach {endpoint}: {exc}") from None


def _any_kind(name: str) -> Kind:
    return Kind.GRAPH if name in OXIGRAPH_GRAPH_FORMATS else Kind.SOLUTIONS


def shorten(iri: str) -> str:
    found = prefixed(iri)
    return f"{found[0]}:{found[1]}" if found else f"<{iri}>"


def _cell(term: dict[str, str]) -> str:
    if term["type"] == "uri":
        return shorten(term["value"])
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    return term["value"]


def format_table(body: bytes, kind: Kind) -> str:
    if kind is Kind.GRAPH:
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        header = ["subject", "predicate", "object"]
        rows = [[_term(t.subject), _term(t.predicate), _term(t.object)] for t in triples]
    else:
        document = json.loads(body)
        if "boolean" in document:
            return ("true" if document["boolean"] else "false") + "\n"
        header = list(document["head"]["vars"])
        rows = [[_cell(b[v]) if v in b else "" for v in header] for b in document["results"]["bindings"]]
    return align(header, rows)


def _term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def align(header: list[str], rows: list[list[str]]) -> str:
    cells = [[c.replace("\n", " ") for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"
