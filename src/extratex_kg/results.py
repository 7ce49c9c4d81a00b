"""SPARQL query results written in the W3C formats: JSON, XML, CSV and TSV.

Written here, not by the engine, so the endpoint can cap rows and stream uniformly.
Terms are pyoxigraph terms; a row is a tuple aligned with the variables (None = unbound).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
Row = Sequence[object | None]


def term_json(term: object) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def solutions_json(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    bindings = [
        {var: term_json(value) for var, value in zip(variables, row, strict=True) if value is not None}
        for row in rows
    ]
    document = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def boolean_json(value: bool) -> bytes:
    return json.dumps({"head": {}, "boolean": value}).encode()


_XML_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
)


def term_xml(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD + "string":
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
        return "<triple>" + "".join(f"<{n}>{term_xml(t)}</{n}>" for n, t in parts) + "</triple>"
    raise TypeError(f"not an RDF term: {term!r}")


def solutions_xml(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    out = [_XML_HEAD, "  <head>\n"]
    out += [f"    <variable name={quoteattr(v)}/>\n" for v in variables]
    out.append("  </head>\n  <results>\n")
    for row in rows:
        out.append("    <result>\n")
        for var, value in zip(variables, row, strict=True):
            if value is not None:
                out.append(f"      <binding name={quoteattr(var)}>{term_xml(value)}</binding>\n")
        out.append("    </result>\n")
    out.append("  </results>\n</sparql>\n")
    return "".join(out).encode()


def boolean_xml(value: bool) -> bytes:
    return f"{_XML_HEAD}  <head/>\n  <boolean>{str(value).lower()}</boolean>\n</sparql>\n".encode()


def term_csv(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    if isinstance(term, ox.Triple):
        return str(term)
    raise TypeError(f"not an RDF term: {term!r}")


def solutions_csv(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow("" if value is None else term_csv(value) for value in row)
    return buffer.getvalue().encode()


def boolean_csv(value: bool) -> bytes:
    return f"_askResult\r\n{str(value).lower()}\r\n".encode()


def term_tsv(term: object) -> str:
    """A term in Turtle/N-Triples syntax, numbers and booleans abbreviated (SPARQL 1.1 TSV)."""
    if isinstance(term, ox.Literal) and not term.language:
        datatype = term.datatype.value
        if datatype in (XSD + "integer", XSD + "decimal", XSD + "double", XSD + "boolean"):
            try:
                ox.Literal(term.value, datatype=term.datatype)
                if _canonical_number(term.value, datatype):
                    return term.value
            except ValueError:
                pass
    text = str(term)
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _canonical_number(value: str, datatype: str) -> bool:
    if datatype == XSD + "boolean":
        return value in ("true", "false")
    if datatype == XSD + "integer":
        return value.lstrip("+-").isdigit()
    if datatype == XSD + "decimal":
        head, _, tail = value.lstrip("+-").partition(".")
        return head.isdigit() and tail.isdigit()
    return "e" in value.lower()


def solutions_tsv(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if value is None else term_tsv(value) for value in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def boolean_tsv(value: bool) -> bytes:
    return f"?_askResult\n{str(value).lower()}\n".encode()


SOLUTION_WRITERS = {"json": solutions_json, "xml": solutions_xml, "csv": solutions_csv, "tsv": solutions_tsv}
BOOLEAN_WRITERS = {"json": boolean_json, "xml": boolean_xml, "csv": boolean_csv, "tsv": boolean_tsv}
