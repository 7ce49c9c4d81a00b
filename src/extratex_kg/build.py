"""The build: load and check every input, verify quotes, validate shapes, write the dumps."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph

from extratex_kg import __version__
from extratex_kg.config import DEFAULT_BASE, Settings
from extratex_kg.dumps import union_graph, write_dumps
from extratex_kg.errors import ShapesFailed
from extratex_kg.project import (
    ONTOLOGY_GRAPH,
    SOURCE_FILE,
    Project,
    claim_graphs,
    data_files,
    load_project,
    rebase,
)
from extratex_kg.queryload import check_queries
from extratex_kg.validate import Report, load_shapes, validate_graph
from extratex_kg.void import void_graph


@dataclass(frozen=True)
class BuildResult:
    """What a successful build produced."""

    out_dir: Path
    quads: int
    triples: int
    claims: int
    version: str
    checksums: dict[str, str]


def check_project(settings: Settings) -> tuple[Project, Report]:
    """Load the project and validate it against the shapes, writing nothing."""
    project = load_project(settings)
    shapes = load_shapes(settings.shapes_dir)
    ontology = Graph() + project.dataset.graph(ONTOLOGY_GRAPH)
    report = validate_graph(union_graph(project.dataset), shapes, ontology, project.locator)
    return project, report


def dataset_version(paths: list[Path], base_iri: str) -> str:
    """A short fingerprint of every input file: the same inputs give the same version."""
    digest = hashlib.sha256(base_iri.encode())
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def input_paths(settings: Settings) -> list[Path]:
    """Every file the build reads."""
    return [
        settings.ontology_dir / "extratex.ttl",
        *data_files(settings),
        *sorted(settings.shapes_dir.glob("*.ttl")),
        *sorted(settings.queries_dir.glob("*.rq")),
        settings.data_dir / "sources" / SOURCE_FILE,
    ]


def current_version(settings: Settings) -> str:
    """The version a build of the current inputs would have."""
    return dataset_version([p for p in input_paths(settings) if p.is_file()], settings.base_iri)


def build(settings: Settings, out_dir: Path | None = None) -> BuildResult:
    """Build the dumps into ``out_dir`` (default the settings' dist folder), or raise."""
    check_queries(settings)  # fast: a broken saved query fails before the slower shape checks
    project, report = check_project(settings)
    if not report.conforms:
        raise ShapesFailed(f"{len(report.violations)} shape violation(s)", detail=report.to_text())
    target = out_dir or settings.dist_dir
    version = current_version(settings)
    dataset = project.dataset
    if settings.base_iri != DEFAULT_BASE:  # validated under the default base, published under this one
        dataset = rebase(dataset, settings.base_iri)
    quads = sum(1 for _ in dataset.quads((None, None, None, None)))
    triples = len(union_graph(dataset))
    claims = len(claim_graphs(dataset))
    info: dict[str, object] = {
        "version": version,
        "generator": f"extratex-kg {__version__}",
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "baseIri": settings.base_iri,
        "quads": quads,
        "triples": triples,
        "claims": claims,
        "sourceSha256": project.source.sha256,
    }
    void = void_graph(dataset, settings, info)
    checksums = write_dumps(dataset, target, info, void)
    return BuildResult(target, quads, triples, claims, version, checksums)
