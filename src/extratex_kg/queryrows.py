"""Answers of saved queries as plain rows: JSON objects with numbers, booleans and nulls."""

from __future__ import annotations

import json
import math

from extratex_kg.results import XSD

_INTEGERS = {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "long", "int", "short")}
_FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}


def plain_rows(body: bytes) -> list[dict[str, object]]:
    """SPARQL results JSON as a list of objects: numbers and booleans as JSON ones, unbound as null."""
    document = json.loads(body)
    columns = document["head"]["vars"]
    return [{c: _plain(b.get(c)) for c in columns} for b in document["results"]["bindings"]]


def _plain(term: dict[str, str] | None) -> object:
    if term is None:
        return None
    value, datatype = term["value"], term.get("datatype", "")
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS and math.isfinite(float(value)):
            return float(value)
    except ValueError:
        return value
    return value == "true" if datatype == XSD + "boolean" else value


def rows_json(body: bytes) -> bytes:
    """The plain-rows JSON of a SPARQL results JSON answer: the same bytes over HTTP and the CLI."""
    return (json.dumps(plain_rows(body), ensure_ascii=False, indent=2) + "\n").encode()
