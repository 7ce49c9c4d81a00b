"""Query answers as HTML tables for people."""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import render_template

from extratex_kg.formats import Kind
from extratex_kg.sparql import QueryResponse

Cell = dict[str, str]


def _cell(term: dict[str, object]) -> Cell:
    kind = str(term.get("type", "literal"))
    value = str(term.get("value", ""))
    extra = str(term.get("xml:lang") or term.get("datatype") or "")
    return {"type": kind, "value": value, "extra": extra}


def _node_cell(term: object) -> Cell:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value, "extra": ""}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value, "extra": ""}
    if isinstance(term, ox.Literal):
        extra = term.language or ("" if term.datatype.value.endswith("#string") else term.datatype.value)
        return {"type": "literal", "value": term.value, "extra": extra}
    return {"type": "literal", "value": str(term), "extra": ""}


def table(response: QueryResponse) -> tuple[list[str], list[list[Cell | None]], bool | None]:
    """Column names, rows of cells, and the boolean of an ASK."""
    if response.kind is Kind.GRAPH:
        triples = ox.parse(response.body, format=ox.RdfFormat.N_TRIPLES)
        rows: list[list[Cell | None]] = [
            [_node_cell(t.subject), _node_cell(t.predicate), _node_cell(t.object)] for t in triples
        ]
        return ["subject", "predicate", "object"], rows, None
    document = json.loads(response.body)
    if response.kind is Kind.BOOLEAN:
        return [], [], bool(document["boolean"])
    variables = list(document["head"]["vars"])
    rows = [[_cell(b[v]) if v in b else None for v in variables] for b in document["results"]["bindings"]]
    return variables, rows, None


def render_results(query: str, response: QueryResponse) -> str:
    columns, rows, boolean = table(response)
    return render_template(
        "results.html",
        query=query,
        columns=columns,
        rows=rows,
        boolean=boolean,
        truncated=response.truncated,
        count=response.rows,
    )
