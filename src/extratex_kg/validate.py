"""SHACL validation with pyshacl, reported as plain data a person (or a program) can act on."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from extratex_kg.errors import BadData
from extratex_kg.locations import Locator
from extratex_kg.namespaces import bind_prefixes
from extratex_kg.rdfio import read_graph


@dataclass(frozen=True)
class Violation:
    """One SHACL result."""

    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str
    shape: str
    constraint: str
    where: str | None


@dataclass(frozen=True)
class Report:
    """The outcome of a validation run."""

    conforms: bool
    violations: tuple[Violation, ...]
    results: Graph

    def to_json(self) -> str:
        return json.dumps(
            {"conforms": self.conforms, "violations": [asdict(v) for v in self.violations]}, indent=2
        )

    def to_text(self) -> str:
        if not self.violations:
            return "Conforms: every shape is satisfied."
        lines = [f"{len(self.violations)} result(s):"]
        for v in self.violations:
            head = f"{v.where}: " if v.where else ""
            lines.append(f"{head}{v.severity}: {v.message}")
            lines.append(f"    focus {v.focus}" + (f", path {v.path}" if v.path else ""))
            if v.value is not None:
                lines.append(f"    value {v.value}")
            lines.append(f"    shape {v.shape} ({v.constraint})")
        return "\n".join(lines)

    def to_turtle(self) -> str:
        return self.results.serialize(format="turtle")


def load_shapes(shapes_dir: Path) -> Graph:
    shapes = Graph()
    files = sorted(shapes_dir.glob("*.ttl"))
    if not files:
        raise BadData("no shapes found", where=str(shapes_dir))
    for path in files:
        shapes += read_graph(path)
    return shapes


@contextmanager
def prepared_queries() -> Iterator[None]:
    """Parse each SHACL-SPARQL query once, not once per focus node.

    pyshacl hands rdflib the same query text for every focus node (with ``$this`` bound), and
    rdflib parses a text query anew each time (~25 ms here): hundreds of focus nodes make
    validation take tens of seconds. A prepared query evaluated with other initial bindings is
    rdflib's documented use of ``prepareQuery``; this caches them for the validation run.
    """
    original = SPARQLProcessor.query
    cache: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = {}

    def query(
        self: SPARQLProcessor,
        text: str | Query,
        initBindings: Any = None,  # noqa: N803
        initNs: Any = None,  # noqa: N803
        base: str | None = None,
        DEBUG: bool = False,  # noqa: N803
    ) -> Any:
        if isinstance(text, str):
            key = (text, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in cache:
                cache[key] = prepareQuery(text, initNs=initNs, base=base)
            text = cache[key]
        return original(self, text, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        SPARQLProcessor.query = original  # type: ignore[method-assign]


def validate_graph(data: Graph, shapes: Graph, ontology: Graph, locator: Locator | None = None) -> Report:
    """Validate ``data`` (with the ontology's class hierarchy mixed in) against ``shapes``."""
    with prepared_queries():
        conforms, results, _ = _run_pyshacl(data, shapes, ontology)
    if not isinstance(results, Graph):  # pyshacl's ValidationFailure: the shapes themselves are broken
        raise BadData(f"the shapes cannot be applied: {results}")
    bind_prefixes(results)
    violations = tuple(sorted(_violations(results, data, locator), key=_order))
    return Report(bool(conforms), violations, results)


def _run_pyshacl(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, Any, str]:
    conforms, results, text = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
        advanced=True,
    )
    return bool(conforms), results, str(text)


def _violations(results: Graph, data: Graph, locator: Locator | None) -> Iterable[Violation]:
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        severity = results.value(result, SH.resultSeverity)
        yield Violation(
            focus=_show(data, focus) or "(none)",
            path=_show(data, results.value(result, SH.resultPath)),
            value=_show(data, results.value(result, SH.value)),
            message=" ".join(str(m) for m in results.objects(result, SH.resultMessage)) or "(no message)",
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            shape=_show(data, results.value(result, SH.sourceShape)) or "(anonymous shape)",
            constraint=str(results.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
            where=locator.where(str(focus)) if locator and isinstance(focus, URIRef) else None,
        )


def _show(graph: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        return node.n3(graph.namespace_manager)
    return str(node) if not hasattr(node, "n3") else node.n3()


def _order(v: Violation) -> tuple[str, str, str]:
    return (v.where or "~", v.focus, v.message)
