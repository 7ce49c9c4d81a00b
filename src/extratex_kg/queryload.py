"""Reading the saved queries from ``queries/*.rq``, each checked against its own query.

``check_queries`` (run by the build) refuses a malformed header, an unknown parameter type, a
parameter the query does not use and a query that does not parse, each with ``file:line``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from extratex_kg.config import Settings
from extratex_kg.errors import BadData, BadParameter, NotFound
from extratex_kg.namespaces import PREFIXES
from extratex_kg.queries import (
    CHART_KEYS,
    CHART_TYPES,
    PARAM_KEYS,
    PARAM_TYPES,
    TOP_KEYS,
    Chart,
    Param,
    SavedQuery,
)
from extratex_kg.querybind import WHERE, blank, insert_values, read_value
from extratex_kg.queryheader import Node, fail, parse_header
from extratex_kg.queryprefixes import expand

_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


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
        raise fail(where, 1, f"a saved query's name is lowercase letters, digits and '-', not {path.stem!r}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadData(f"cannot read the query: {exc}", where=where) from None
    header, body_line = parse_header(text, where)
    saved = _saved_query(path, text, header)
    columns = _parse_sparql(where, text, body_line)
    body = blank(text)
    if not WHERE.search(body):
        raise fail(where, body_line, "a saved query needs an explicit WHERE { … } clause")
    for param in saved.params:
        if not re.search(rf"[?$]{param.name}\b", body):
            raise fail(
                where, param.line, f"parameter {param.name} does not appear in the query as ?{param.name}"
            )
    chart = saved.chart
    for column in (chart.category, chart.value, chart.series, chart.label) if chart else ():
        if chart and column is not None and column not in columns:
            raise fail(where, chart.line, f"the chart's column {column!r} is not selected by the query")
    bound = " with its parameters bound (is one of them the target of a BIND?)"
    _parse_sparql(where, insert_values(text, _samples(saved)), body_line, bound)
    return replace(saved, columns=tuple(columns))


def _saved_query(path: Path, text: str, header: Node) -> SavedQuery:
    where = str(path)
    fields = _mapping(header, TOP_KEYS, "the #+ header", where)
    for key in ("title", "description"):
        if key not in fields:
            raise fail(where, header.line, f"the #+ header has no {key}")
    params = [_param(node, where) for node in _list(fields.get("params"))]
    for param in params:
        if [p.name for p in params].count(param.name) > 1:
            raise fail(where, param.line, f"parameter {param.name} is declared twice")
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
        raise fail(where, node.line, f"{what} must be 'key: value' lines")
    for key, child in node.value.items():
        if key not in allowed:
            raise fail(where, child.line, f"unknown key {key!r} in {what}; expected: {', '.join(allowed)}")
    return node.value


def _list(node: Node | None) -> list[Node]:
    if node is None:
        return []
    return node.value if isinstance(node.value, list) else [node]


def _text(node: Node, what: str, where: str) -> str:
    if isinstance(node.value, list | dict | bool):
        raise fail(where, node.line, f"{what} must be a text")
    return str(node.value)


def _flag(node: Node | None, what: str, where: str) -> bool:
    if node is not None and not isinstance(node.value, bool):
        raise fail(where, node.line, f"{what} must be true or false")
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
        raise fail(where, fields["default"].line, f"required parameter {name} cannot have a default")
    if len(default) > 1 and not param.multiple:
        raise fail(where, fields["default"].line, f"parameter {name} takes one value, not {len(default)}")
    return replace(param, default=default)


def _param_name_and_type(node: Node, fields: dict[str, Node], where: str) -> tuple[str, str]:
    for key in ("name", "type"):
        if key not in fields:
            raise fail(where, node.line, f"a parameter has no {key}")
    name, kind = _text(fields["name"], "name", where), _text(fields["type"], "type", where)
    if not _VARIABLE.fullmatch(name):
        raise fail(where, fields["name"].line, f"parameter name {name!r} is not a SPARQL variable name")
    if kind not in PARAM_TYPES:
        expected = ", ".join(PARAM_TYPES)
        raise fail(where, fields["type"].line, f"unknown parameter type {kind!r}; expected: {expected}")
    for key in ("class", "prefix"):
        if key in fields and kind != "iri":
            raise fail(where, fields[key].line, f"{key} is only for iri parameters, not {kind}")
    if kind == "enum" and "values" not in fields:
        raise fail(where, fields["type"].line, f"enum parameter {name} has no values")
    return name, kind


def _class(node: Node, where: str) -> str:
    text = _text(node, "class", where)
    if (iri := expand(text, None)) is None:
        raise fail(where, node.line, f"class {text!r} is not a known prefixed name or an <IRI>")
    return iri


def _prefix(node: Node, where: str) -> str:
    if (prefix := _text(node, "prefix", where)) not in PREFIXES:
        raise fail(where, node.line, f"unknown prefix {prefix!r}")
    return prefix


def _values(param: Param, node: Node | None, where: str) -> tuple[str, ...]:
    out = []
    for item in _list(node):
        try:
            out.append(read_value(param, _text(item, "a value", where), None).value)
        except BadParameter as exc:
            raise fail(where, item.line, exc.message) from None
    return tuple(out)


def _chart(node: Node, where: str) -> Chart:
    fields = _mapping(node, CHART_KEYS, "the chart", where)
    for key in ("type", "category", "value"):
        if key not in fields:
            raise fail(where, node.line, f"the chart has no {key}")
    texts = {key: _text(fields[key], key, where) for key in CHART_KEYS if key in fields}
    if texts["type"] not in CHART_TYPES:
        expected = ", ".join(CHART_TYPES)
        raise fail(where, fields["type"].line, f"unknown chart type {texts['type']!r}; expected: {expected}")
    if (texts["type"] == "grouped-bar") != ("series" in texts):
        raise fail(where, node.line, "a grouped-bar chart has a series column, and no other chart has one")
    return Chart(
        texts["type"], texts["category"], texts["value"], texts.get("series"), texts.get("label"),
        texts.get("axis"), node.line,
    )  # fmt: skip


def _parse_sparql(where: str, text: str, body_line: int, bound: str = "") -> list[str]:
    """Parse the query (running it on an empty store); the variables it selects."""
    try:
        results = ox.Store().query(text)
    except SyntaxError as exc:
        match = _POSITION.match(str(exc.msg or exc))
        line, message = (int(match.group(1)), match.group(3)) if match else (body_line, str(exc))
        line = min(line, len(text.splitlines()))  # an error at the end of the text: its last line
        raise fail(where, line, f"the query does not parse{bound}: {message}") from None
    if not isinstance(results, ox.QuerySolutions):
        raise fail(where, body_line, "a saved query must be a SELECT query")
    return [v.value for v in results.variables]


def _samples(saved: SavedQuery) -> dict[str, list[ox.NamedNode | ox.Literal]]:
    samples = {"iri": "urn:example:sample", "string": "sample", "integer": "1", "year": "2021", "enum": ""}
    return {p.name: [read_value(p, (p.values or (samples[p.type],))[0], None)] for p in saved.params}


def find_query(settings: Settings, name: str) -> SavedQuery:
    """The saved query named ``name``, checked; NotFound when there is none."""
    path = settings.queries_dir / f"{name}.rq"
    if not _NAME.fullmatch(name) or not path.is_file():
        raise NotFound(f"no saved query named {name!r}; `extratex-kg queries` lists them")
    return load_query(path)
