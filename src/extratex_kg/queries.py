"""Saved queries: ``queries/<name>.rq``, SPARQL with a ``#+`` metadata header (grlc style).

The header is a strict subset of YAML (``docs/queries.md``): ``title``, ``description``,
``tags``, ``params`` and ``chart``. Parameter values are never pasted into the query text: they
become typed RDF terms, written in their escaped N-Triples form into a ``VALUES`` block at the
start of the top-level ``WHERE`` clause, on the line of its brace, so positions in errors still
match the file. ``check_queries`` (run by the build) refuses a malformed header, an unknown
parameter type, a parameter the query does not use and a query that does not parse, each with
``file:line``.

Sections: the header reader; the model and its checks; binding values; allowed values and the
catalogue; answers as plain rows and running from the command line.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode
from urllib.request import urlopen

import pyoxigraph as ox

from extratex_kg.config import Settings
from extratex_kg.errors import BadData, BadParameter, ExtratexError, NotAcceptable, NotFound, QueryTimeout
from extratex_kg.formats import Kind
from extratex_kg.namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PARAM_TYPES = ("iri", "string", "integer", "year", "enum")
CHART_TYPES = ("bar", "grouped-bar", "timeline")
TOP_KEYS = ("title", "description", "tags", "params", "chart")
PARAM_KEYS = (
    *("name", "type", "label", "description", "class", "prefix"),
    *("values", "default", "required", "multiple"),
)
CHART_KEYS = ("type", "category", "value", "series", "label", "axis")
MAX_VALUE = 2000  # characters in one parameter value
MAX_LISTED = 30  # allowed values named in an error message
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEY = re.compile(r"([A-Za-z][\w-]*):(?: +(.*))?$")
_NOISE = re.compile(  # strings, IRIs and comments
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_WHERE = re.compile(r"(?<![?$\w:])WHERE\s*\{", re.IGNORECASE)
_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_YEAR = re.compile(r"-?[0-9]{4}")


def _fail(where: str, line: int, message: str) -> BadData:
    return BadData(message, where=f"{where}:{line}")


# --- The #+ header: a strict YAML subset, every value with its line ------------------------

Scalar = str | int | bool


@dataclass(frozen=True)
class Node:
    """A header value and the line it starts on."""

    line: int
    value: Scalar | list[Node] | dict[str, Node]


def parse_header(text: str, where: str) -> tuple[Node, int]:
    """The ``#+`` lines opening ``text`` as a mapping, and the line where the query begins."""
    lines: list[tuple[int, int, str]] = []  # (line number, indentation, text)
    body_line = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            body_line = body_line or number
            continue
        if body_line:
            raise _fail(where, number, "a #+ line after the query has begun: the header comes first")
        content = line[2:]
        if "\t" in content or (content and not content.startswith(" ")):
            raise _fail(where, number, "a #+ line is '#+', a space, then spaces to indent (no tabs)")
        if content.strip() and not content.strip().startswith("#"):
            indent = len(content) - len(content.lstrip(" ")) - 1
            lines.append((number, indent, content.strip()))
    if not lines:
        raise _fail(where, 1, "no #+ header: a saved query starts with '#+ title: …' and '#+ description: …'")
    if lines[0][1] != 0:
        raise _fail(where, lines[0][0], "unexpected indentation")
    return _Reader(where, lines).block(0), body_line or len(text.splitlines()) + 1


class _Reader:
    def __init__(self, where: str, lines: list[tuple[int, int, str]]) -> None:
        self.where, self.lines, self.pos = where, lines, 0

    def _at(self, indent: int) -> tuple[int, str] | None:
        """The next line if it is at ``indent``; None past the end or at a lower indentation."""
        if self.pos >= len(self.lines) or self.lines[self.pos][1] < indent:
            return None
        line, deeper, text = self.lines[self.pos]
        if deeper > indent:
            raise _fail(self.where, line, "unexpected indentation")
        return line, text

    def block(self, indent: int) -> Node:
        text = self.lines[self.pos][2]
        return self.sequence(indent) if text == "-" or text.startswith("- ") else self.mapping(indent)

    def mapping(self, indent: int) -> Node:
        out: dict[str, Node] = {}
        first = self.lines[self.pos][0]
        while (current := self._at(indent)) is not None:
            line, text = current
            match = _KEY.match(text)
            if match is None:
                raise _fail(self.where, line, f"expected 'key: value' in the #+ header, not {text!r}")
            if match.group(1) in out:
                raise _fail(self.where, line, f"{match.group(1)} is given twice")
            self.pos += 1
            out[match.group(1)] = self.value(line, indent, (match.group(2) or "").strip())
        return Node(first, out)

    def sequence(self, indent: int) -> Node:
        items: list[Node] = []
        first = self.lines[self.pos][0]
        while (current := self._at(indent)) is not None:
            line, text = current
            rest = text[1:].lstrip()
            if not text.startswith("-") or not rest:
                raise _fail(self.where, line, f"expected a list item '- …', not {text!r}")
            if _KEY.match(rest):  # a mapping item: its further keys line up with its first one
                self.lines[self.pos] = (line, indent + len(text) - len(rest), rest)
                items.append(self.mapping(indent + len(text) - len(rest)))
            else:
                self.pos += 1
                items.append(Node(line, self.scalar(line, rest)))
        return Node(first, items)

    def value(self, line: int, indent: int, rest: str) -> Node:
        folded = rest in (">", "|")
        following: list[str] = []
        while self.pos < len(self.lines) and self.lines[self.pos][1] > indent:
            if not folded and not (rest.startswith("[") and not rest.endswith("]")):
                break
            following.append(self.lines[self.pos][2])
            self.pos += 1
            rest = rest if folded else f"{rest} {following.pop()}"
        if folded:
            if not following:
                raise _fail(self.where, line, f"no text after {rest}")
            return Node(line, (" " if rest == ">" else "\n").join(following))
        if rest:
            return Node(line, self.scalar(line, rest))
        if self.pos < len(self.lines) and self.lines[self.pos][1] > indent:
            return Node(line, self.block(self.lines[self.pos][1]).value)
        raise _fail(self.where, line, "a key without a value")

    def scalar(self, line: int, text: str) -> Scalar | list[Node]:
        if text.startswith("[") and text.endswith("]"):
            return [
                Node(line, self.scalar(line, item.strip())) for item in text[1:-1].split(",") if item.strip()
            ]
        if text.startswith('"'):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                value = None
            if not isinstance(value, str):
                raise _fail(self.where, line, f"a quoted value is one JSON string, not {text}")
            return value
        if text[0] in "[]{}&*!|>'%@`,":
            raise _fail(self.where, line, f"put this value in double quotes: {text}")
        if text in ("true", "false"):
            return text == "true"
        return int(text) if re.fullmatch(r"-?[0-9]+", text) else text


# --- The model, read from the header and checked against the query -------------------------


@dataclass(frozen=True)
class Param:
    """A declared parameter: how to read its values and which values it allows."""

    name: str
    type: str
    label: str
    description: str = ""
    required: bool = False
    multiple: bool = False
    default: tuple[str, ...] = ()
    values: tuple[str, ...] = ()  # the allowed values (IRIs expanded); empty: any of the type
    class_iri: str | None = None  # iri: the values are the instances of this class
    prefix: str | None = None  # iri: a bare slug is a local name in this prefix's namespace
    line: int = 0


@dataclass(frozen=True)
class Chart:
    """How to draw an answer: the columns of categories, values, series and value text."""

    type: str
    category: str
    value: str
    series: str | None = None
    label: str | None = None
    axis: str | None = None
    line: int = 0


@dataclass(frozen=True)
class SavedQuery:
    """One ``queries/<name>.rq`` file, checked; ``columns`` are the variables it selects."""

    name: str
    path: Path
    title: str
    description: str
    text: str
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    chart: Chart | None = None
    columns: tuple[str, ...] = ()


def load_queries(settings: Settings) -> list[SavedQuery]:
    """Every saved query of the project, checked; BadData with ``file:line`` otherwise."""
    folder = settings.queries_dir
    return [load_query(path) for path in sorted(folder.glob("*.rq"))] if folder.is_dir() else []


def check_queries(settings: Settings) -> None:
    """Raise BadData naming file and line for a malformed saved query."""
    load_queries(settings)


def load_query(path: Path) -> SavedQuery:
    where = str(path)
    if not _NAME.fullmatch(path.stem):
        raise _fail(where, 1, f"a saved query's name is lowercase letters, digits and '-', not {path.stem!r}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadData(f"cannot read the query: {exc}", where=where) from None
    header, body_line = parse_header(text, where)
    saved = _saved_query(path, text, header)
    columns = _parse_sparql(where, text, body_line)
    body = _blank(text)
    if not _WHERE.search(body):
        raise _fail(where, body_line, "a saved query needs an explicit WHERE { … } clause")
    for param in saved.params:
        if not re.search(rf"[?$]{param.name}\b", body):
            raise _fail(
                where, param.line, f"parameter {param.name} does not appear in the query as ?{param.name}"
            )
    chart = saved.chart
    for column in (chart.category, chart.value, chart.series, chart.label) if chart else ():
        if chart and column is not None and column not in columns:
            raise _fail(where, chart.line, f"the chart's column {column!r} is not selected by the query")
    bound = " with its parameters bound (is one of them the target of a BIND?)"
    _parse_sparql(where, _insert_values(text, _samples(saved)), body_line, bound)
    return replace(saved, columns=tuple(columns))


def _saved_query(path: Path, text: str, header: Node) -> SavedQuery:
    where = str(path)
    fields = _mapping(header, TOP_KEYS, "the #+ header", where)
    for key in ("title", "description"):
        if key not in fields:
            raise _fail(where, header.line, f"the #+ header has no {key}")
    params = [_param(node, where) for node in _list(fields.get("params"))]
    for param in params:
        if [p.name for p in params].count(param.name) > 1:
            raise _fail(where, param.line, f"parameter {param.name} is declared twice")
    return SavedQuery(
        name=path.stem,
        path=path,
        title=_text(fields["title"], "title", where),
        description=_text(fields["description"], "description", where),
        text=text,
        tags=tuple(_text(node, "a tag", where) for node in _list(fields.get("tags"))),
        params=tuple(params),
        chart=_chart(fields["chart"], where) if "chart" in fields else None,
    )


def _mapping(node: Node, allowed: Sequence[str], what: str, where: str) -> dict[str, Node]:
    if not isinstance(node.value, dict):
        raise _fail(where, node.line, f"{what} must be 'key: value' lines")
    for key, child in node.value.items():
        if key not in allowed:
            raise _fail(where, child.line, f"unknown key {key!r} in {what}; expected: {', '.join(allowed)}")
    return node.value


def _list(node: Node | None) -> list[Node]:
    if node is None:
        return []
    return node.value if isinstance(node.value, list) else [node]


def _text(node: Node, what: str, where: str) -> str:
    if isinstance(node.value, list | dict | bool):
        raise _fail(where, node.line, f"{what} must be a text")
    return str(node.value)


def _flag(node: Node | None, what: str, where: str) -> bool:
    if node is not None and not isinstance(node.value, bool):
        raise _fail(where, node.line, f"{what} must be true or false")
    return node is not None and node.value is True


def _param(node: Node, where: str) -> Param:
    fields = _mapping(node, PARAM_KEYS, "a parameter", where)
    name, kind = _param_name_and_type(node, fields, where)
    param = Param(
        name=name,
        type=kind,
        label=_text(fields["label"], "label", where) if "label" in fields else name,
        description=_text(fields["description"], "description", where) if "description" in fields else "",
        required=_flag(fields.get("required"), "required", where),
        multiple=_flag(fields.get("multiple"), "multiple", where),
        class_iri=_class(fields["class"], where) if "class" in fields else None,
        prefix=_prefix(fields["prefix"], where) if "prefix" in fields else None,
        line=fields["name"].line,
    )
    param = replace(param, values=_values(param, fields.get("values"), where))
    default = _values(param, fields.get("default"), where)
    if default and param.required:
        raise _fail(where, fields["default"].line, f"required parameter {name} cannot have a default")
    if len(default) > 1 and not param.multiple:
        raise _fail(where, fields["default"].line, f"parameter {name} takes one value, not {len(default)}")
    return replace(param, default=default)


def _param_name_and_type(node: Node, fields: dict[str, Node], where: str) -> tuple[str, str]:
    for key in ("name", "type"):
        if key not in fields:
            raise _fail(where, node.line, f"a parameter has no {key}")
    name, kind = _text(fields["name"], "name", where), _text(fields["type"], "type", where)
    if not _VARIABLE.fullmatch(name):
        raise _fail(where, fields["name"].line, f"parameter name {name!r} is not a SPARQL variable name")
    if kind not in PARAM_TYPES:
        expected = ", ".join(PARAM_TYPES)
        raise _fail(where, fields["type"].line, f"unknown parameter type {kind!r}; expected: {expected}")
    for key in ("class", "prefix"):
        if key in fields and kind != "iri":
            raise _fail(where, fields[key].line, f"{key} is only for iri parameters, not {kind}")
    if kind == "enum" and "values" not in fields:
        raise _fail(where, fields["type"].line, f"enum parameter {name} has no values")
    return name, kind


def _class(node: Node, where: str) -> str:
    text = _text(node, "class", where)
    if (iri := expand(text, None)) is None:
        raise _fail(where, node.line, f"class {text!r} is not a known prefixed name or an <IRI>")
    return iri


def _prefix(node: Node, where: str) -> str:
    if (prefix := _text(node, "prefix", where)) not in PREFIXES:
        raise _fail(where, node.line, f"unknown prefix {prefix!r}")
    return prefix


def _values(param: Param, node: Node | None, where: str) -> tuple[str, ...]:
    out = []
    for item in _list(node):
        try:
            out.append(read_value(param, _text(item, "a value", where), None).value)
        except BadParameter as exc:
            raise _fail(where, item.line, exc.message) from None
    return tuple(out)


def _chart(node: Node, where: str) -> Chart:
    fields = _mapping(node, CHART_KEYS, "the chart", where)
    for key in ("type", "category", "value"):
        if key not in fields:
            raise _fail(where, node.line, f"the chart has no {key}")
    texts = {key: _text(fields[key], key, where) for key in CHART_KEYS if key in fields}
    if texts["type"] not in CHART_TYPES:
        expected = ", ".join(CHART_TYPES)
        raise _fail(where, fields["type"].line, f"unknown chart type {texts['type']!r}; expected: {expected}")
    if (texts["type"] == "grouped-bar") != ("series" in texts):
        raise _fail(where, node.line, "a grouped-bar chart has a series column, and no other chart has one")
    return Chart(
        texts["type"], texts["category"], texts["value"], texts.get("series"), texts.get("label"),
        texts.get("axis"), node.line,
    )  # fmt: skip


def _blank(text: str) -> str:
    """The text with strings, IRIs and comments blanked out; offsets and lines kept."""
    return _NOISE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _parse_sparql(where: str, text: str, body_line: int, bound: str = "") -> list[str]:
    """Parse the query (running it on an empty store); the variables it selects."""
    try:
        results = ox.Store().query(text)
    except SyntaxError as exc:
        match = _POSITION.match(str(exc.msg or exc))
        line, message = (int(match.group(1)), match.group(3)) if match else (body_line, str(exc))
        line = min(line, len(text.splitlines()))  # an error at the end of the text: its last line
        raise _fail(where, line, f"the query does not parse{bound}: {message}") from None
    if not isinstance(results, ox.QuerySolutions):
        raise _fail(where, body_line, "a saved query must be a SELECT query")
    return [v.value for v in results.variables]


def _samples(saved: SavedQuery) -> dict[str, list[ox.NamedNode | ox.Literal]]:
    samples = {"iri": "urn:example:sample", "string": "sample", "integer": "1", "year": "2021", "enum": ""}
    return {p.name: [read_value(p, (p.values or (samples[p.type],))[0], None)] for p in saved.params}


# --- Binding values ------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """An allowed value: the value (an IRI or a text), its label, and the shortest way to type it."""

    value: str
    label: str
    short: str


Lookup = Callable[[Param], "tuple[Option, ...] | None"]


def expand(text: str, prefix: str | None) -> str | None:
    """An IRI from ``<…>``, an IRI with a scheme, a ``prefix:local`` name or a bare slug of ``prefix``."""
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    head, colon, local = text.partition(":")
    if colon and head in PREFIXES:
        return PREFIXES[head] + local
    if colon and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", head) and local:
        return text
    if not colon and prefix is not None and re.fullmatch(r"[\w][\w.-]*", text):
        return PREFIXES[prefix] + text
    return None


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


def bind(saved: SavedQuery, given: Mapping[str, Sequence[str]], lookup: Lookup) -> str:
    """The query text with the given values bound in a VALUES block."""
    return _insert_values(saved.text, resolve(saved, given, lookup))


def _insert_values(text: str, terms: Mapping[str, Sequence[object]]) -> str:
    match = _WHERE.search(_blank(text))
    if not terms or match is None:
        return text
    block = " ".join(f"VALUES ?{name} {{ {' '.join(map(str, values))} }}" for name, values in terms.items())
    return f"{text[: match.end()]} {block} {text[match.end() :]}"


# --- Allowed values and the catalogue ------------------------------------------------------


def shorten(iri: str, prefix: str | None = None) -> str:
    """The shortest way to type an IRI: a slug of ``prefix``, a prefixed name, or the IRI."""
    slug = iri[len(PREFIXES[prefix]) :] if prefix is not None and iri.startswith(PREFIXES[prefix]) else ""
    if re.fullmatch(r"[\w][\w.-]*", slug):
        return slug
    for name, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and re.fullmatch(r"[\w.-]+", iri[len(namespace) :]):
            return f"{name}:{iri[len(namespace) :]}"
    return iri


class Options:
    """The allowed values of parameters, looked up in a store (when there is one) once each."""

    def __init__(self, store: ox.Store | None) -> None:
        self.store = store
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
        solutions = self.store.query(query + " GROUP BY ?v")
        assert isinstance(solutions, ox.QuerySolutions)
        options = [
            Option(row["v"].value, row["label"].value if row["label"] else shorten(row["v"].value),
                   shorten(row["v"].value, param.prefix))
            for row in solutions
        ]  # fmt: skip
        return tuple(sorted(options, key=lambda o: (o.label.casefold(), o.value)))


class Catalogue:
    """The saved queries by name, with the allowed values of their parameters."""

    def __init__(self, queries: Sequence[SavedQuery], store: ox.Store | None) -> None:
        self.queries = {q.name: q for q in queries}
        self.options = Options(store)

    def get(self, name: str) -> SavedQuery:
        if name not in self.queries:
            raise NotFound(f"no saved query named {name!r}; the saved queries are listed at /queries")
        return self.queries[name]


# --- Answers as plain rows; running from the command line ----------------------------------

_INTEGERS = {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "long", "int", "short")}
_FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}
CLI_FORMATS = {"table": "json", "csv": "csv", "tsv": "tsv", "json": "json", "srj": "json", "srx": "xml"}


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


def parse_assignments(items: Sequence[str]) -> dict[str, list[str]]:
    """``NAME=VALUE`` command-line parameters; several values of a name kept in order."""
    out: dict[str, list[str]] = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise BadParameter(f"a parameter is given as NAME=VALUE, not {item!r}")
        out.setdefault(name.strip(), []).append(value)
    return out


def find_query(settings: Settings, name: str) -> SavedQuery:
    path = settings.queries_dir / f"{name}.rq"
    if not _NAME.fullmatch(name) or not path.is_file():
        raise NotFound(f"no saved query named {name!r}; `extratex-kg queries` lists them")
    return load_query(path)


def run_saved(
    settings: Settings, name: str, given: Mapping[str, Sequence[str]], endpoint: str | None, fmt: str
) -> str:
    """Run a saved query on the local build, a SPARQL endpoint (URL ending in /sparql) or a server."""
    from extratex_kg.client import format_table

    wanted = fmt.lower()
    if wanted not in CLI_FORMATS:
        raise BadParameter(
            f"format {fmt!r} is not offered for saved queries; offered: {', '.join(CLI_FORMATS)}"
        )
    if endpoint and not endpoint.rstrip("/").endswith("/sparql"):
        body = fetch(endpoint, name, given, "srj" if wanted == "table" else wanted, settings.timeout)
    else:
        body = _run_bound(settings, find_query(settings, name), given, endpoint, CLI_FORMATS[wanted])
        body = rows_json(body) if wanted == "json" else body
    return format_table(body, Kind.SOLUTIONS) if wanted == "table" else body.decode("utf-8")


def _run_bound(
    settings: Settings, saved: SavedQuery, given: Mapping[str, Sequence[str]], endpoint: str | None, fmt: str
) -> bytes:
    from extratex_kg.client import run_query
    from extratex_kg.engine import load_store
    from extratex_kg.server import DUMP, ensure_built
    from extratex_kg.sparql import QueryRequest, execute

    if endpoint:  # a plain SPARQL endpoint: values are checked for their form, not against its data
        return run_query(settings, bind(saved, given, Options(None)), endpoint, fmt).encode("utf-8")
    store = load_store(ox.Store(), ensure_built(settings) / DUMP)
    request = QueryRequest(bind(saved, given, Options(store)), fmt, max_rows=settings.max_rows)
    return bytes(execute(store, request).body)


def fetch(
    endpoint: str, name: str, given: Mapping[str, Sequence[str]], extension: str, timeout: float
) -> bytes:
    """``GET <endpoint>/queries/<name>.<extension>?<parameters>`` from an extratex-kg server."""
    if not endpoint.startswith(("http://", "https://")):
        raise BadParameter(f"the endpoint must be an http(s) URL, not {endpoint!r}")
    pairs = urlencode([(key, value) for key, values in given.items() for value in values])
    url = f"{endpoint.rstrip('/')}/queries/{quote(name)}.{extension}" + (f"?{pairs}" if pairs else "")
    try:
        with urlopen(url, timeout=timeout + 5) as response:
            return bytes(response.read())
    except HTTPError as exc:
        raise _remote_error(exc) from None
    except URLError as exc:
        raise ExtratexError(f"cannot reach {endpoint}: {exc.reason}") from None


def _remote_error(exc: HTTPError) -> ExtratexError:
    try:
        detail = str(json.loads(exc.read()).get("detail", exc.reason))
    except (ValueError, AttributeError):
        detail = str(exc.reason)
    kinds: dict[int, type[ExtratexError]] = {400: BadParameter, 404: NotFound, 406: NotAcceptable}
    return kinds.get(exc.code, QueryTimeout if exc.code == 503 else ExtratexError)(detail)


def describe_params(saved: SavedQuery) -> str:
    """The parameters in one line: ``country (iri ext:Country, several); basis (document|legal)``."""
    parts = []
    for p in saved.params:
        kind = "|".join(p.values) if p.type == "enum" else p.type
        notes = [kind + (f" {shorten(p.class_iri)}" if p.class_iri else "")]
        notes += ["required"] * p.required + ["several"] * p.multiple
        notes += [f"default {', '.join(p.default)}"] if p.default else []
        parts.append(f"{p.name} ({', '.join(notes)})")
    return "; ".join(parts) or "-"


def list_text(queries: Sequence[SavedQuery]) -> str:
    """The catalogue as aligned columns: name, title and parameters."""
    from extratex_kg.client import align

    return align(["name", "title", "parameters"], [[q.name, q.title, describe_params(q)] for q in queries])
