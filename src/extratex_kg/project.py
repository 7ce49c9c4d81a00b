"""Load the project's inputs into one dataset: ontology, vocabulary, claims, reference, sources.

Each named graph of the result is either a system graph (the ontology, ``graph:vocabulary``,
``graph:provenance``) or a claim graph ``claim:<slug>`` described in the provenance graph.
Anything else is refused with the file that brought it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, RDF

from extratex_kg.claims import expand_quotes
from extratex_kg.config import DEFAULT_BASE, Settings
from extratex_kg.errors import BadData
from extratex_kg.locations import Locator
from extratex_kg.namespaces import ID, bind_prefixes
from extratex_kg.rdfio import read_dataset, read_graph
from extratex_kg.sources import SourceText

ONTOLOGY_GRAPH = URIRef(DEFAULT_BASE + "def/")
VOCABULARY_GRAPH = ID["graph/vocabulary"]
PROVENANCE_GRAPH = ID["graph/provenance"]
SYSTEM_GRAPHS = (ONTOLOGY_GRAPH, VOCABULARY_GRAPH, PROVENANCE_GRAPH)
SOURCE_FILE = "extratex-partnership.txt"


@dataclass
class Project:
    """The loaded inputs: the dataset, where each node was written, and the source text."""

    dataset: Dataset
    locator: Locator
    source: SourceText
    files: list[Path] = field(default_factory=list)


def data_files(settings: Settings) -> list[Path]:
    """The data files in load order: vocabulary, sources, claims, reference."""
    data = settings.data_dir
    named = [data / "vocabulary.trig", data / "sources.trig"]
    claims = sorted((data / "claims").glob("*.trig"))
    return [*named, *claims, data / "reference.trig"]


def load_project(settings: Settings) -> Project:
    """Read and check every input; raise BadData or BadQuote naming file and line."""
    source = SourceText.read(settings.data_dir / "sources" / SOURCE_FILE)
    dataset = new_dataset()
    locator = Locator()
    ontology_path = settings.ontology_dir / "extratex.ttl"
    locator.add(ontology_path)
    dataset.graph(ONTOLOGY_GRAPH).__iadd__(read_graph(ontology_path))
    paths = data_files(settings)
    for path in paths:
        _missing(path)
        merge_file(dataset, path, locator, source)
    _check_source_checksum(dataset, source)
    return Project(dataset, locator, source, [ontology_path, *paths])


def new_dataset() -> Dataset:
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    return dataset


def merge_file(dataset: Dataset, path: Path, locator: Locator, source: SourceText) -> None:
    """Add one data file: its default-graph triples are provenance, its graphs claims."""
    located = locator.add(path)
    parsed = read_dataset(path)
    provenance = Graph()
    provenance += parsed.graph(DATASET_DEFAULT_GRAPH_ID)
    expand_quotes(provenance, located, source)
    dataset.graph(PROVENANCE_GRAPH).__iadd__(provenance)
    declared = set(provenance.subjects(RDF.type, None))
    for graph in parsed.graphs():
        name = graph.identifier
        if name == DATASET_DEFAULT_GRAPH_ID or len(graph) == 0:
            continue
        if name not in SYSTEM_GRAPHS and name not in declared:
            line = located.line_of(_graph_pattern(str(name)))
            where = f"{path}:{line}" if line else str(path)
            raise BadData(f"named graph <{name}> is not declared as a claim", where=where)
        dataset.graph(name).__iadd__(graph)


def _graph_pattern(name: str) -> str:
    slug = name.rsplit("/", 1)[-1]
    return rf"(<{name}>|:{slug})\s*\{{"


def _missing(path: Path) -> None:
    if not path.is_file():
        raise BadData("data file is missing", where=str(path))


def _check_source_checksum(dataset: Dataset, source: SourceText) -> None:
    stated = {str(v) for v in dataset.objects(ID["source/extratex-partnership"], DCTERMS.identifier)}
    wanted = f"sha256:{source.sha256}"
    if stated and wanted not in stated:
        raise BadData(
            f"source document changed: its SHA-256 is {source.sha256}, data/sources.trig states "
            f"{', '.join(sorted(stated))}; the source must stay byte for byte as captured",
            where=str(source.path),
        )


def rebase(dataset: Dataset, base: str) -> Dataset:
    """The same dataset with every IRI under the default base moved under ``base``."""

    def move(node: object) -> object:
        text = str(node)
        if not text.startswith(DEFAULT_BASE):
            return node
        if isinstance(node, URIRef):
            return URIRef(base + text[len(DEFAULT_BASE) :])
        if (
            isinstance(node, Literal) and " " not in text
        ):  # an IRI written as text (vann:preferredNamespaceUri)
            return Literal(base + text[len(DEFAULT_BASE) :], datatype=node.datatype, lang=node.language)
        return node

    moved = new_dataset()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = move(g.identifier if isinstance(g, Graph) else g)
        moved.graph(name).add((move(s), move(p), move(o)))  # type: ignore[arg-type]
    return moved


def claim_graphs(dataset: Dataset) -> list[URIRef]:
    """Names of the claim graphs (under any base)."""
    return sorted(
        g.identifier
        for g in dataset.graphs()
        if isinstance(g.identifier, URIRef) and "/id/claim/" in g.identifier and len(g) > 0
    )
