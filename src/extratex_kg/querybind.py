"""Binding values to a saved query's parameters, and the allowed values of its parameters.

Parameter values are never pasted into the query text: they become typed RDF terms, written in
their escaped N-Triples form into a ``VALUES`` block at the start of the top-level ``WHERE``
clause, on the line of its brace, so positions in errors still match the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from extratex_kg.config import DEFAULT_BASE
from extratex_kg.errors import BadParameter, NotFound
from extratex_kg.queries import Param, SavedQuery
from extratex_kg.queryprefixes import expand, shorten
from extratex_kg.results import XSD
from extratex_kg.sparql import NOISE

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
MAX_VALUE = 2000  # characters in one parameter value
MAX_LISTED = 30  # allowed values named in an error message
WHERE = re.compile(r"(?<![?$\w:])WHERE\s*\{", re.IGNORECASE)
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_YEAR = re.compile(r"-?[0-9]{4}")


@dataclass(frozen=True)
class Option:
    """An allowed value: the value (an IRI or a text), its label, and the shortest way to type it."""

    value: str
    label: str
    short: str


Lookup = Callable[[Param], "tuple[Option, ...] | None"]


def read_value(param: Param, raw: str, options: Sequence[Option] | None) -> ox.NamedNode | ox.Literal:
    """One value as a typed RDF term; BadParameter naming the parameter when it is not allowed."""
    if len(raw) > MAX_VALUE:
        raise BadParameter(f"parameter {param.name}: the value is longer than {MAX_VALUE} characters")
    term = _term(param, raw)
    allowed = [o.value for o in options] if options is not None else list(param.values)
    if allowed and term.value not in allowed:
        shown = sorted(o.short for o in options) if options is not None else list(param.values)
        listed = (
            ", ".join(shown) if len(shown) <= MAX_LISTED else f"{len(shown)} values, listed at /queries.json"
        )
        raise BadParameter(f"parameter {param.name}: {raw!r} is not one of the allowed values: {listed}")
    return term


def _term(param: Param, raw: str) -> ox.NamedNode | ox.Literal:
    text = raw.strip()
    if param.type == "iri":
        try:
            return ox.NamedNode(expand(text, param.prefix) or "")
        except ValueError:
            slug = f" or a slug of {param.prefix}:" if param.prefix else ""
            raise BadParameter(
                f"parameter {param.name}: {raw!r} is not an IRI, a prefixed name{slug}"
            ) from None
    if param.type == "integer":
        if not _INTEGER.fullmatch(text):
            raise BadParameter(f"parameter {param.name}: {raw!r} is not an integer")
        return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "year":
        if not _YEAR.fullmatch(text):
            raise BadParameter(f"parameter {param.name}: {raw!r} is not a year (four digits, such as 2021)")
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "gYear"))
    return ox.Literal(raw)


def resolve(saved: SavedQuery, given: Mapping[str, Sequence[str]], lookup: Lookup) -> dict[str, list[object]]:
    """The given values checked against the declared parameters, as terms to bind, by name.

    Empty values count as not given (an empty form field); a parameter not given takes its
    default, if it has one, and is otherwise left unbound (or refused when required).
    """
    unknown = sorted(set(given) - {p.name for p in saved.params})
    if unknown:
        takes = ", ".join(p.name for p in saved.params) or "no parameters"
        raise BadParameter(f"unknown parameter {unknown[0]}; {saved.name} takes: {takes}")
    bound: dict[str, list[object]] = {}
    for param in saved.params:
        raw = [value for value in given.get(param.name, ()) if value.strip()] or list(param.default)
        if not raw and param.required:
            raise BadParameter(f"missing required parameter {param.name} ({param.label})")
        if len(raw) > 1 and not param.multiple:
            raise BadParameter(f"parameter {param.name} takes one value, not {len(raw)}")
        if raw:
            options = lookup(param)
            bound[param.name] = [read_value(param, value, options) for value in dict.fromkeys(raw)]
    return bound


def bind(
    saved: SavedQuery, given: Mapping[str, Sequence[str]], lookup: Lookup, base: str = DEFAULT_BASE
) -> str:
    """The query text with the given values bound in a VALUES block, moved under ``base``.

    Saved queries and their parameters are written under the default base; the data may be
    published under another (``--base``): the finished text is moved there as the data was.
    """
    return for_base(insert_values(saved.text, resolve(saved, given, lookup)), base)


def for_base(text: str, base: str) -> str:
    """Text written with default-base IRIs, with those IRIs moved under ``base``."""
    return text if base == DEFAULT_BASE else text.replace(DEFAULT_BASE, base)


def from_base(iri: str, base: str) -> str:
    """An IRI of the data (under ``base``) as the saved queries write it (the default base)."""
    return DEFAULT_BASE + iri[len(base) :] if base != DEFAULT_BASE and iri.startswith(base) else iri


def insert_values(text: str, terms: Mapping[str, Sequence[object]]) -> str:
    """``text`` with a VALUES block for ``terms`` just inside the brace of its top-level WHERE."""
    match = WHERE.search(blank(text))
    if not terms or match is None:
        return text
    block = " ".join(f"VALUES ?{name} {{ {' '.join(map(str, values))} }}" for name, values in terms.items())
    return f"{text[: match.end()]} {block} {text[match.end() :]}"


def blank(text: str) -> str:
    """The text with strings, IRIs and comments blanked out; offsets and lines kept."""
    return NOISE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


# --- Allowed values and the catalogue ------------------------------------------------------


class Options:
    """The allowed values of parameters, looked up in a store (when there is one) once each."""

    def __init__(self, store: ox.Store | None, base: str = DEFAULT_BASE) -> None:
        self.store = store
        self.base = base
        self._cache: dict[Param, tuple[Option, ...] | None] = {}

    def __call__(self, param: Param) -> tuple[Option, ...] | None:
        if param not in self._cache:
            self._cache[param] = self._lookup(param)
        return self._cache[param]

    def _lookup(self, param: Param) -> tuple[Option, ...] | None:
        if param.type != "iri":
            return tuple(Option(v, v, v) for v in param.values) or None
        if self.store is None or not (param.values or param.class_iri):
            return tuple(Option(v, shorten(v), shorten(v, param.prefix)) for v in param.values) or None
        if param.values:
            where = f"VALUES ?v {{ {' '.join(str(ox.NamedNode(v)) for v in param.values)} }}"
        else:
            where = f"?v a/<{RDFS}subClassOf>* {ox.NamedNode(param.class_iri or '')} FILTER (isIRI(?v))"
        query = f"SELECT ?v (SAMPLE(?l) AS ?label) WHERE {{ {where} OPTIONAL {{ ?v <{RDFS}label> ?l }} }}"
        solutions = self.store.query(for_base(query, self.base) + " GROUP BY ?v")
        assert isinstance(solutions, ox.QuerySolutions)
        values = [(from_base(row["v"].value, self.base), row["label"]) for row in solutions]
        options = [
            Option(v, label.value if label else shorten(v), shorten(v, param.prefix)) for v, label in values
        ]
        return tuple(sorted(options, key=lambda o: (o.label.casefold(), o.value)))


class Catalogue:
    """The saved queries by name, with the allowed values of their parameters."""

    def __init__(
        self, queries: Sequence[SavedQuery], store: ox.Store | None, base: str = DEFAULT_BASE
    ) -> None:
        self.queries = {q.name: q for q in queries}
        self.base = base
        self.options = Options(store, base)

    def get(self, name: str) -> SavedQuery:
        if name not in self.queries:
            raise NotFound(f"no saved query named {name!r}; the saved queries are listed at /queries")
        return self.queries[name]
