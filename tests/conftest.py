"""Shared fixtures: the project, one real build of it per test session, and a store over it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from extratex_kg.build import BuildResult, build
from extratex_kg.config import Settings
from extratex_kg.engine import load_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(project_dir=ROOT)


@pytest.fixture(scope="session")
def built(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The shipped data, built once into a temporary folder."""
    return build(settings, tmp_path_factory.mktemp("build") / "dist")


@pytest.fixture(scope="session")
def store(built: BuildResult) -> ox.Store:
    """An Oxigraph store holding the built dataset, named graphs kept."""
    return load_store(ox.Store(), built.out_dir / "extratex.nq")


def select(store: ox.Store, query: str) -> list[dict[str, str]]:
    """Run a SELECT (the default graph is the union of all graphs); rows as {variable: value}."""
    results = store.query(PREFIXES + query)
    assert isinstance(results, ox.QuerySolutions)
    names = [v.value for v in results.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in results]


def parse_rdf(data: bytes | str, syntax: str) -> Graph:
    """RDF in any syntax as one graph; the named graphs of TriG, N-Quads or JSON-LD merged."""
    if syntax in ("nquads", "trig", "json-ld"):
        dataset = Dataset()
        dataset.parse(data=data, format=syntax)
        merged = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return Graph().parse(data=data, format=syntax)


def copy_project(dest: Path) -> Path:
    """A private copy of the project's inputs, to corrupt in a test."""
    for name in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess."""
    command = [sys.executable, "-m", "extratex_kg.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=300, check=False)


PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX ext: <https://w3id.org/extratex/def/>
PREFIX organisation: <https://w3id.org/extratex/id/organisation/>
PREFIX partnership: <https://w3id.org/extratex/id/partnership/>
PREFIX country: <https://w3id.org/extratex/id/country/>
PREFIX region: <https://w3id.org/extratex/id/region/>
PREFIX project: <https://w3id.org/extratex/id/project/>
PREFIX programme: <https://w3id.org/extratex/id/programme/>
PREFIX action: <https://w3id.org/extratex/id/action/>
PREFIX label: <https://w3id.org/extratex/id/label/>
PREFIX measure: <https://w3id.org/extratex/id/measure/>
PREFIX qualifier: <https://w3id.org/extratex/id/qualifier/>
PREFIX cohesion: <https://w3id.org/extratex/id/cohesion/>
PREFIX confidence: <https://w3id.org/extratex/id/confidence/>
PREFIX standard: <https://w3id.org/extratex/id/standard/>
PREFIX source: <https://w3id.org/extratex/id/source/>
PREFIX sector: <https://w3id.org/extratex/id/sector/>
"""


class Server:
    """A real ``extratex-kg serve`` process on a free loopback port."""

    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url  # http://127.0.0.1:PORT
        self.sparql = url + "/sparql"


def start_server(built: BuildResult, *extra: str) -> Server:
    """Start the server over ``built``; wait until it announces its URL."""
    env = {**os.environ, "EXTRATEX_KG_OUT_DIR": str(built.out_dir), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "extratex_kg.cli", "serve", "--port", "0", *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)/sparql", line)
    if not match:
        process.kill()
        raise RuntimeError(f"server did not start: {line}{process.stderr.read() if process.stderr else ''}")
    return Server(process, match.group(1))


def stop_server(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def server(built: BuildResult) -> Iterator[Server]:
    """The endpoint over the shipped data plus the W3C protocol test graphs."""
    running = start_server(built, "--data", str(FIXTURES / "w3c" / "protocol-data.trig"), "--timeout", "10")
    yield running
    stop_server(running)
