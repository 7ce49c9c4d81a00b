"""Validation entry points shared by the CLI and tests: the project, or given files."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from extratex_kg.build import check_project
from extratex_kg.claims import check_expanded_quotes
from extratex_kg.config import Settings
from extratex_kg.errors import BadQuote
from extratex_kg.locations import Locator
from extratex_kg.project import VOCABULARY_GRAPH
from extratex_kg.rdfio import read_dataset, read_graph
from extratex_kg.sources import SourceText
from extratex_kg.validate import Report, load_shapes, validate_graph


def validate_project(settings: Settings) -> Report:
    """The project's own data: bad quotes raise BadQuote, shapes give the report."""
    return check_project(settings)[1]


def validate_files(settings: Settings, paths: list[Path]) -> Report:
    """Given RDF files, with the project's ontology and vocabulary as context.

    Quotes already expanded (as in a dump) are checked against the project's source text.
    """
    data = Graph()
    locator = Locator()
    for path in paths:
        for s, p, o, _ in read_dataset(path).quads((None, None, None, None)):
            data.add((s, p, o))
        if path.suffix in (".ttl", ".trig"):
            locator.add(path)
    source = SourceText.read(settings.data_dir / "sources" / "extratex-partnership.txt")
    if problems := check_expanded_quotes(data, source):
        raise BadQuote(problems[0], detail="\n".join(problems[1:]) or None)
    ontology = read_graph(settings.ontology_dir / "extratex.ttl")
    vocabulary = read_dataset(settings.data_dir / "vocabulary.trig").graph(VOCABULARY_GRAPH)
    return validate_graph(data + vocabulary, load_shapes(settings.shapes_dir), ontology, locator)
